"""The NCCI tables, modifiers and places of service as the claim checker's ``EditTables`` port.

:class:`NcciEditTables` answers :class:`medoffice.claims.ports.EditTables` from the coding
layer: :class:`~medoffice.coding.ncci.NcciEdits` (PTP, MUE and add-on tables, each answering by
date of service), the :class:`~medoffice.coding.modifiers.ModifierSet` of a HCPCS release (CPT
modifiers are always known; without a HCPCS file a HCPCS modifier cannot be judged) and the
bundled CMS place-of-service list, optionally narrowed to the codes of a POS list file
(:func:`medoffice.adapters.reference.load_edit_tables` finds these files in a folder).

More information: CMS NCCI edits,
https://www.cms.gov/medicare/coding-billing/national-correct-coding-initiative-ncci-edits ;
CMS HCPCS quarterly update; CMS Place of Service code set.

>>> from datetime import date
>>> from medoffice.coding.ncci import NcciEdits, PtpTable, PtpTableBuilder, Quarter
>>> builder = PtpTableBuilder(version="NCCI-2026Q3", quarter=Quarter(2026, 3))
>>> builder.add("29881", "29877", effective=date(2010, 1, 1), deleted=None, indicator=1)
>>> tables = NcciEditTables(NcciEdits(ptp=PtpTable.of(builder.build())))
>>> tables.ptp_indicator("29881", "29877", date(2026, 8, 3))
1
>>> tables.modifier_known("25", date(2026, 8, 3)), tables.modifier_known("GT", date(2026, 8, 3))
(True, None)
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from datetime import date
from typing import Final, final

from medoffice.claims.ports import AddOnRule, UnitLimit
from medoffice.coding.modifiers import ModifierSet, is_standard_modifier
from medoffice.coding.ncci import NcciEdits
from medoffice.coding.pos import is_valid_place_of_service

__all__ = ["NcciEditTables"]

_MEMO_LIMIT: Final = 65536


@final
class NcciEditTables:
    """The ``EditTables`` port over the coding layer's NCCI, modifier and POS data."""

    __slots__ = ("_add_ons", "_limits", "modifiers", "ncci", "places")

    def __init__(
        self,
        ncci: NcciEdits,
        *,
        modifiers: ModifierSet | None = None,
        places: Iterable[str] | None = None,
    ) -> None:
        self.ncci = ncci
        self.modifiers = modifiers
        self.places = None if places is None else frozenset(places)
        self._limits: dict[tuple[str, date], UnitLimit | None] = {}
        self._add_ons: dict[tuple[str, date], AddOnRule | None] = {}

    def ptp_indicator(self, column1: str, column2: str, on: date) -> int | None:
        ptp = self.ncci.ptp
        return None if ptp is None else ptp.modifier_indicator(column1, column2, on=on)

    def ptp_pairs(
        self, codes: Collection[str], on: date, *, touching: Collection[str] | None = None
    ) -> Mapping[tuple[str, str], int]:
        ptp = self.ncci.ptp
        return {} if ptp is None else ptp.indicators_among(codes, on=on, touching=touching)

    def mue(self, code: str, on: date) -> UnitLimit | None:
        key = (code, on)
        try:
            return self._limits[key]
        except KeyError:
            pass
        found = self.ncci.mue_limit(code, on=on)
        limit = None if found is None else UnitLimit(max_units=found.max_units, mai=int(found.mai))
        if len(self._limits) >= _MEMO_LIMIT:
            self._limits.clear()
        self._limits[key] = limit
        return limit

    def add_on(self, code: str, on: date) -> AddOnRule | None:
        key = (code, on)
        try:
            return self._add_ons[key]
        except KeyError:
            pass
        aoc = self.ncci.aoc
        edits = () if aoc is None else aoc.primaries(code, on=on)
        rule = None
        if edits:
            rule = AddOnRule(
                type=min(int(e.type) for e in edits),
                primaries=frozenset(e.primary for e in edits if not e.contractor_defined),
            )
        if len(self._add_ons) >= _MEMO_LIMIT:
            self._add_ons.clear()
        self._add_ons[key] = rule
        return rule

    def modifier_known(self, modifier: str, on: date) -> bool | None:
        if is_standard_modifier(modifier, on=on):
            return True
        if self.modifiers is None:
            return None
        return self.modifiers.is_valid(modifier, on=on)

    def place_of_service_valid(self, code: str, on: date) -> bool:
        if not is_valid_place_of_service(code, on=on):
            return False
        return self.places is None or code in self.places

    def __repr__(self) -> str:
        return f"NcciEditTables({self.ncci!r}, hcpcs_modifiers={self.modifiers is not None})"
