"""HCPCS Level II codes from the CMS quarterly alpha-numeric file, valid by date of service.

CMS publishes the HCPCS Level II code set every quarter. Each procedure or supply record carries
the code, its descriptions (public domain, unlike CPT's), pricing indicators, the Medicare
coverage code and three dates: added, action effective, and termination. Terminated codes stay in
the file (A4397 was terminated on 2021-12-31 and is still listed), so "is this code valid on the
date of service" must compare those dates, never rely on the code being present.

More information: CMS, "Quarterly HCPCS update"
(https://www.cms.gov/medicare/coding-billing/healthcare-common-procedure-system/quarterly-update)

>>> from datetime import date
>>> sleeve = HcpcsCode(code="A4397", added=date(1990, 1, 1), terminated=date(2021, 12, 31))
>>> codes = HcpcsCodeSet.of(release="2025-OCT", codes=[sleeve])
>>> codes.is_valid("A4397", on=date(2021, 12, 31)), codes.is_valid("A4397", on=date(2022, 1, 1))
(True, False)
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date
from types import MappingProxyType
from typing import Any, final

import attrs

from medoffice.coding._problems import LoadProblem
from medoffice.coding.modifiers import HcpcsModifier, ModifierSet
from medoffice.kernel import InvalidArgument

__all__ = ["Coverage", "HcpcsCode", "HcpcsCodeSet", "LazyRecords"]


@final
class Coverage(enum.StrEnum):
    """The Medicare coverage code of the HCPCS file (column ``COV``)."""

    CARRIER_JUDGMENT = "C"
    SPECIAL_INSTRUCTIONS = "D"
    NOT_PAYABLE = "I"
    NON_COVERED = "M"
    NON_COVERED_BY_STATUTE = "S"


def _coverage(value: str | None) -> Coverage | None:
    if value is None or value == "":
        return None
    return Coverage(value)


@final
@attrs.frozen(kw_only=True)
class HcpcsCode:
    """One HCPCS Level II code; ``terminated`` is the last day it may be reported."""

    code: str
    short_description: str = ""
    long_description: str = ""
    coverage: Coverage | None = attrs.field(default=None, converter=_coverage)
    pricing: tuple[str, ...] = attrs.field(default=(), converter=tuple)
    added: date | None = None
    action_effective: date | None = None
    terminated: date | None = None
    action: str = ""

    def valid_on(self, on: date) -> bool:
        """Whether the code may be reported for a service on ``on``."""
        return (self.added is None or self.added <= on) and (
            self.terminated is None or on <= self.terminated
        )

    @property
    def covered_by_medicare(self) -> bool:
        """False for the coverage codes that mean Medicare does not pay (I, M, S)."""
        return self.coverage not in (
            Coverage.NOT_PAYABLE,
            Coverage.NON_COVERED,
            Coverage.NON_COVERED_BY_STATUTE,
        )


@final
class LazyRecords(Mapping[str, HcpcsCode]):
    """A read-only mapping of codes whose records are made from plain rows on first access.

    A release read back from a cache holds 8,000 rows; making every :class:`HcpcsCode` was most
    of the load, and a claim check asks for a few dozen. ``index`` maps each code to its row,
    ``make`` turns a row into the record (once; the record is then remembered).
    """

    __slots__ = ("_built", "_index", "_make", "_rows")

    def __init__(
        self, index: Mapping[str, int], rows: Sequence[Any], make: Callable[[Any], HcpcsCode]
    ) -> None:
        self._index = index
        self._rows = rows
        self._make = make
        self._built: dict[str, HcpcsCode] = {}

    def __getitem__(self, code: str) -> HcpcsCode:
        built = self._built.get(code)
        if built is None:
            built = self._built[code] = self._make(self._rows[self._index[code]])
        return built

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)

    def __contains__(self, code: object) -> bool:
        return code in self._index


def _codes(value: Mapping[str, HcpcsCode]) -> Mapping[str, HcpcsCode]:
    if isinstance(value, LazyRecords):
        return value  # read-only already, and copying it would make every record
    return MappingProxyType(dict(value))


def _modifiers(value: Mapping[str, HcpcsModifier]) -> Mapping[str, HcpcsModifier]:
    return MappingProxyType(dict(value))


def _problems(value: Iterable[LoadProblem]) -> tuple[LoadProblem, ...]:
    return tuple(value)


@final
@attrs.frozen(kw_only=True)
class HcpcsCodeSet:
    """One HCPCS release: its codes and its modifiers, by code."""

    release: str
    effective: date | None = None
    codes: Mapping[str, HcpcsCode] = attrs.field(factory=dict, converter=_codes)
    modifiers: Mapping[str, HcpcsModifier] = attrs.field(factory=dict, converter=_modifiers)
    problems: tuple[LoadProblem, ...] = attrs.field(default=(), converter=_problems)

    @classmethod
    def of(
        cls,
        *,
        release: str,
        codes: Iterable[HcpcsCode],
        modifiers: Iterable[HcpcsModifier] = (),
        effective: date | None = None,
        problems: Iterable[LoadProblem] = (),
    ) -> HcpcsCodeSet:
        """A release from its records; a code listed twice is a mistake in the caller's data."""
        by_code: dict[str, HcpcsCode] = {}
        for code in codes:
            if code.code in by_code:
                raise InvalidArgument(f"HCPCS code {code.code} is listed twice")
            by_code[code.code] = code
        return cls(
            release=release,
            effective=effective,
            codes=by_code,
            modifiers={m.code: m for m in modifiers},
            problems=tuple(problems),
        )

    def __len__(self) -> int:
        return len(self.codes) + len(self.modifiers)

    def get(self, code: str) -> HcpcsCode | None:
        """The record of ``code`` (terminated or not), or ``None``."""
        return self.codes.get(code.strip().upper())

    def is_valid(self, code: str, *, on: date) -> bool:
        """Whether ``code`` is in the release and valid on the date of service."""
        found = self.get(code)
        return found is not None and found.valid_on(on)

    def modifier_set(self) -> ModifierSet:
        """The release's modifiers together with the CPT modifiers."""
        return ModifierSet.of(self.modifiers.values())

    def __repr__(self) -> str:
        return (
            f"HcpcsCodeSet(release={self.release!r}, codes={len(self.codes)}, "
            f"modifiers={len(self.modifiers)})"
        )
