"""In-memory fakes of the NCCI edit tables for tests: answers held in dictionaries.

:class:`InMemoryEditTables` answers :class:`medoffice.claims.ports.EditTables` from plain
dictionaries, in force over one range of days (``valid``); places of service come from the
bundled CMS list. :meth:`InMemoryEditTables.sample` holds a few pairs and limits modelled on
the CMS 2026 files (synthetic; no CMS row is copied).

>>> from datetime import date
>>> tables = InMemoryEditTables.sample()
>>> tables.ptp_indicator("99214", "36415", date(2026, 3, 2))
0
>>> tables.mue("76140", date(2026, 3, 2))
UnitLimit(max_units=0, mai=2)
>>> sorted(tables.add_on("99292", date(2026, 3, 2)).primaries)
['99291']
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from datetime import date
from typing import Final, final

from medoffice.claims.ports import AddOnRule, UnitLimit
from medoffice.coding.modifiers import is_standard_modifier
from medoffice.coding.pos import is_valid_place_of_service
from medoffice.kernel import DateRange

__all__ = ["InMemoryEditTables"]

_ALWAYS: Final = DateRange.starting(date(1996, 1, 1))


@final
class InMemoryEditTables:
    """PTP indicators by ordered pair, MUEs and add-on edits by code, HCPCS modifiers by code."""

    __slots__ = ("_add_ons", "_modifiers", "_mue", "_ptp", "_valid")

    def __init__(
        self,
        *,
        ptp: Mapping[tuple[str, str], int] | None = None,
        mue: Mapping[str, UnitLimit] | None = None,
        add_ons: Mapping[str, AddOnRule] | None = None,
        hcpcs_modifiers: Iterable[str] | None = None,
        valid: DateRange = _ALWAYS,
    ) -> None:
        self._ptp = dict(ptp or {})
        self._mue = dict(mue or {})
        self._add_ons = dict(add_ons or {})
        self._modifiers = None if hcpcs_modifiers is None else frozenset(hcpcs_modifiers)
        self._valid = valid

    @classmethod
    def sample(cls) -> InMemoryEditTables:
        """A few synthetic edits in force from 1996 on."""
        return cls(
            ptp={
                ("99214", "36415"): 0,
                ("29881", "29877"): 1,
                ("93000", "93005"): 0,
                ("20610", "20604"): 9,
            },
            mue={
                "76140": UnitLimit(max_units=0, mai=2),
                "99214": UnitLimit(max_units=1, mai=2),
                "J1100": UnitLimit(max_units=10, mai=1),
                "96372": UnitLimit(max_units=4, mai=3),
                "83036": UnitLimit(max_units=2, mai=1),
            },
            add_ons={
                "99292": AddOnRule(type=1, primaries={"99291"}),
                "G2211": AddOnRule(type=3, primaries={"99213", "99214", "99215"}),
                "99359": AddOnRule(type=2),
            },
            hcpcs_modifiers=("GT", "GA", "XE", "XS", "XP", "XU", "LT", "RT", "TC", "RC"),
        )

    def ptp_indicator(self, column1: str, column2: str, on: date) -> int | None:
        indicator = self._ptp.get((column1, column2))
        if indicator is None or indicator == 9 or not self._valid.contains(on):
            return None
        return indicator

    def ptp_pairs(
        self, codes: Collection[str], on: date, *, touching: Collection[str] | None = None
    ) -> Mapping[tuple[str, str], int]:
        if not self._valid.contains(on):
            return {}
        present = set(codes)
        near = present if touching is None else set(touching)
        return {
            pair: indicator
            for pair, indicator in self._ptp.items()
            if indicator != 9
            and pair[0] != pair[1]
            and pair[0] in present
            and pair[1] in present
            and (pair[0] in near or pair[1] in near)
        }

    def mue(self, code: str, on: date) -> UnitLimit | None:
        return self._mue.get(code) if self._valid.contains(on) else None

    def add_on(self, code: str, on: date) -> AddOnRule | None:
        return self._add_ons.get(code) if self._valid.contains(on) else None

    def code_edits(
        self, codes: Iterable[str], on: date
    ) -> list[tuple[UnitLimit | None, AddOnRule | None]]:
        return [(self.mue(code, on), self.add_on(code, on)) for code in codes]

    def modifier_known(self, modifier: str, on: date) -> bool | None:
        if is_standard_modifier(modifier, on=on):
            return True
        if self._modifiers is None:
            return None
        return modifier in self._modifiers and self._valid.contains(on)

    def place_of_service_valid(self, code: str, on: date) -> bool:
        return is_valid_place_of_service(code, on=on)

    def __repr__(self) -> str:
        return f"InMemoryEditTables(pairs={len(self._ptp)}, limits={len(self._mue)})"
