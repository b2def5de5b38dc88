"""The modifiers valid on a date of service: CPT values plus the HCPCS file's modifiers."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from types import MappingProxyType
from typing import final

import attrs

from medoffice.coding.modifiers._ambulance import is_ambulance_modifier
from medoffice.coding.modifiers._hcpcs import HcpcsModifier
from medoffice.coding.modifiers._kinds import (
    CPT_MODIFIERS,
    ModifierKind,
    is_standard_modifier,
    modifier_kinds,
)

__all__ = ["ModifierSet"]


def _frozen(modifiers: Mapping[str, HcpcsModifier]) -> Mapping[str, HcpcsModifier]:
    return MappingProxyType(dict(modifiers))


@final
@attrs.frozen(kw_only=True)
class ModifierSet:
    """CPT modifiers (always valid) and HCPCS Level II modifiers with their dates.

    >>> from datetime import date
    >>> gt = HcpcsModifier(code="GT", added=date(1999, 1, 1))
    >>> modifiers = ModifierSet.of([gt])
    >>> modifiers.is_valid("GT", on=date(2026, 1, 5)), modifiers.is_valid("59", on=date(2026, 1, 5))
    (True, True)
    >>> modifiers.is_valid("ZZ", on=date(2026, 1, 5))
    False
    """

    hcpcs: Mapping[str, HcpcsModifier] = attrs.field(factory=dict, converter=_frozen)

    @classmethod
    def of(cls, modifiers: Iterable[HcpcsModifier]) -> ModifierSet:
        """A set holding the CPT modifiers and ``modifiers``."""
        return cls(hcpcs={m.code: m for m in modifiers})

    def is_known(self, code: str) -> bool:
        """Whether the code is a CPT modifier, an ambulance pair or in the HCPCS file (any date)."""
        return code in CPT_MODIFIERS or is_ambulance_modifier(code) or code in self.hcpcs

    def is_valid(self, code: str, *, on: date) -> bool:
        """Whether the modifier may be reported on ``on``."""
        if is_standard_modifier(code, on=on):
            return True
        found = self.hcpcs.get(code)
        return found is not None and found.valid_on(on)

    def kinds(self, code: str) -> frozenset[ModifierKind]:
        """The groups a known modifier belongs to (empty for an unknown one)."""
        return modifier_kinds(code) if self.is_known(code) else frozenset()
