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

from bisect import bisect_left
from collections.abc import Collection, Iterable, Mapping
from datetime import date
from types import MappingProxyType
from typing import Final, TypeVar, final

from medoffice.claims._diagnoses import CACHE_LIMIT
from medoffice.claims.ports import AddOnRule, UnitLimit
from medoffice.coding.modifiers import ModifierSet, is_standard_modifier
from medoffice.coding.ncci import AocTable, MueTable, MueVersion, NcciEdits, PtpTable, Quarter
from medoffice.coding.ncci._aoc import CONTRACTOR_DEFINED, AocSpan, AocVersion
from medoffice.coding.ncci._ptp import PtpColumns
from medoffice.coding.ncci._versions import VersionChooser
from medoffice.coding.pos import is_valid_place_of_service

__all__ = ["NcciEditTables"]

_FEW: Final = 8  # up to this many codes, walking them beats making a set of them
_NO_PAIRS: Final[Mapping[tuple[str, str], int]] = MappingProxyType({})


K = TypeVar("K")
V = TypeVar("V")


def _remember(memo: dict[K, V], key: K, value: V) -> None:
    """Every memo here is bounded: past CACHE_LIMIT entries it starts afresh."""
    if len(memo) >= CACHE_LIMIT:
        memo.clear()
    memo[key] = value


@final
class _PtpVersion:
    """One PTP version as the checker asks it: the partners of a code, a pair's indicator.

    ``partners`` remembers, per column-1 code met, the set of its column-2 codes (any date):
    deciding that a day's codes hold no pair is one set operation in C per code.
    """

    __slots__ = ("columns", "ids", "partners", "quarter", "ranges")

    def __init__(self, columns: PtpColumns) -> None:
        self.columns = columns
        self.quarter = columns.quarter
        codes = columns.codes
        self.ids = {code: i for i, code in enumerate(codes)}
        self.ranges = {
            codes[c]: (lo, hi)
            for c, lo, hi in zip(
                columns.col1_ids, columns.col1_starts, columns.col1_ends, strict=True
            )
        }
        self.partners: dict[str, frozenset[str]] = {}

    def partners_of(self, code: str) -> frozenset[str]:
        span = self.ranges.get(code)
        if span is None:
            found: frozenset[str] = frozenset()
        else:
            found = frozenset(map(self.columns.codes.__getitem__, self.columns.col2[slice(*span)]))
        _remember(self.partners, code, found)
        return found

    def indicator(self, column1: str, column2: str, day: int) -> int | None:
        """The indicator of the first row of the pair in force on ``day`` (9 never is)."""
        lo, hi = self.ranges[column1]
        second = self.ids[column2]
        cols = self.columns
        col2, effective, deleted = cols.col2, cols.effective, cols.deleted
        indicator = cols.indicator
        row = bisect_left(col2, second, lo, hi)
        while row < hi and col2[row] == second:
            if effective[row] <= day <= deleted[row] and indicator[row] != 9:
                return indicator[row]
            row += 1
        return None

    def pairs(
        self, codes: Collection[str], day: int, near: frozenset[str] | None
    ) -> Mapping[tuple[str, str], int]:
        """The ordered pairs of ``codes`` in force on ``day`` (with ``near``, touching it).

        Each code costs one look-up of its partners and one set test in C against the codes
        it may pair with, walking the smaller side when ``codes`` is a set (many codes).
        """
        found: dict[tuple[str, str], int] | None = None
        known = self.partners
        for first in codes:
            partners = known.get(first)
            if partners is None:
                partners = self.partners_of(first)
            others = codes if near is None or first in near else near
            if not partners or partners.isdisjoint(others):
                continue
            for second in partners.intersection(others):
                if second != first:
                    indicator = self.indicator(first, second, day)
                    if indicator is not None:
                        if found is None:
                            found = {}
                        found[first, second] = indicator
        return _NO_PAIRS if found is None else found


@final
class _MueVersion:
    """One MUE version: each code's limit in the port's terms, made once per code met."""

    __slots__ = ("limits", "quarter", "version")

    def __init__(self, version: MueVersion) -> None:
        self.version = version
        self.quarter = version.quarter
        self.limits: dict[str, UnitLimit | None] = {}

    def limit(self, code: str) -> UnitLimit | None:
        found = self.version.limits.get(code)
        limit = None if found is None else UnitLimit(max_units=found.max_units, mai=int(found.mai))
        _remember(self.limits, code, limit)
        return limit


@final
class _AocVersion:
    """One add-on version: each add-on code's spans (the version's own, first and last day as
    ordinals, type, primary) and the rules by code and day."""

    __slots__ = ("quarter", "rows", "rules")

    def __init__(self, version: AocVersion) -> None:
        self.quarter = version.quarter
        self.rows: Mapping[str, tuple[AocSpan, ...]] = version.spans
        self.rules: dict[tuple[str, int], AddOnRule | None] = {}

    def rule(self, code: str, day: int) -> AddOnRule | None:
        in_force = [row for row in self.rows[code] if row[0] <= day <= row[1]]
        rule = None
        if in_force:
            rule = AddOnRule(
                type=min(row[2] for row in in_force),
                primaries=frozenset(row[3] for row in in_force if row[3] != CONTRACTOR_DEFINED),
            )
        _remember(self.rules, (code, day), rule)
        return rule


@final
class _Day:
    """The table versions used on one date of service, resolved once per date."""

    __slots__ = ("aoc", "day", "edits", "mue", "ptp")

    def __init__(
        self,
        day: int,
        ptp: _PtpVersion | None,
        mue: _MueVersion | None,
        aoc: _AocVersion | None,
        edits: dict[str, tuple[UnitLimit | None, None]],
    ) -> None:
        self.day = day
        self.ptp = ptp
        self.mue = mue
        self.aoc = aoc
        # What ``code_edits`` answers for codes that are no add-on codes: shared by the days
        # with the same MUE and add-on versions.
        self.edits: dict[str, tuple[UnitLimit | None, None]] = edits


def _quarter(version: _PtpVersion | _MueVersion | _AocVersion) -> Quarter | None:
    return version.quarter


@final
class NcciEditTables:
    """The ``EditTables`` port over the coding layer's NCCI, modifier and POS data.

    The tables are read through views made on first use: each date of service resolves its
    PTP, MUE and add-on versions once (the tables' own rule: the latest quarter starting on or
    before it), each code met is compiled once per version into what the port answers (its
    PTP partners, its ``UnitLimit``, its add-on rows as ordinals). Every memo is bounded.
    """

    __slots__ = ("_days", "_edits", "_versions", "modifiers", "ncci", "places")

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
        self._days: dict[date, _Day] = {}
        self._edits: dict[
            tuple[_MueVersion | None, _AocVersion | None], dict[str, tuple[UnitLimit | None, None]]
        ] = {}
        self._versions: (
            tuple[
                VersionChooser[_PtpVersion] | None,
                VersionChooser[_MueVersion] | None,
                VersionChooser[_AocVersion] | None,
            ]
            | None
        ) = None

    def _day(self, on: date) -> _Day:
        versions = self._versions
        if versions is None:
            versions = self._versions = _choosers(self.ncci.ptp, self.ncci.mue, self.ncci.aoc)
        ptp, mue, aoc = versions
        day = on.toordinal()
        codes = None if mue is None else mue.choose(day)
        add_ons = None if aoc is None else aoc.choose(day)
        edits = self._edits.get((codes, add_ons))
        if edits is None:
            edits = {}
            _remember(self._edits, (codes, add_ons), edits)
        found = _Day(day, None if ptp is None else ptp.choose(day), codes, add_ons, edits)
        _remember(self._days, on, found)
        return found

    def ptp_indicator(self, column1: str, column2: str, on: date) -> int | None:
        ptp = self.ncci.ptp
        return None if ptp is None else ptp.modifier_indicator(column1, column2, on=on)

    def ptp_pairs(
        self, codes: Collection[str], on: date, *, touching: Collection[str] | None = None
    ) -> Mapping[tuple[str, str], int]:
        day = self._days.get(on)
        if day is None:
            day = self._day(on)
        ptp = day.ptp
        if ptp is None:
            return _NO_PAIRS
        pool = codes
        if len(codes) > _FEW and type(codes) is not frozenset and type(codes) is not set:
            pool = frozenset(codes)  # many codes: set operations walk the smaller side
        near = None
        if touching is not None:
            near = frozenset(touching)
            if len(near) > len(pool) or not near.issubset(pool):
                near = near.intersection(pool)
        return ptp.pairs(pool, day.day, near)

    def mue(self, code: str, on: date) -> UnitLimit | None:
        day = self._days.get(on)
        if day is None:
            day = self._day(on)
        mue = day.mue
        if mue is None:
            return None
        try:
            return mue.limits[code]
        except KeyError:
            return mue.limit(code)

    def add_on(self, code: str, on: date) -> AddOnRule | None:
        day = self._days.get(on)
        if day is None:
            day = self._day(on)
        aoc = day.aoc
        if aoc is None or code not in aoc.rows:
            return None
        try:
            return aoc.rules[code, day.day]
        except KeyError:
            return aoc.rule(code, day.day)

    def code_edits(
        self, codes: Iterable[str], on: date
    ) -> list[tuple[UnitLimit | None, AddOnRule | None]]:
        """Each code's :meth:`mue` and :meth:`add_on` on ``on``.

        What a code that is no add-on code answers is the same on every date with the same
        MUE and add-on versions: it is remembered once for them all (an add-on code's rule,
        which depends on the date, is remembered by its version).
        """
        day = self._days.get(on)
        if day is None:
            day = self._day(on)
        known = day.edits
        found = []  # a loop: a claim's few codes cost less than a comprehension's call
        for code in codes:
            found.append(known.get(code) or self._edits_of(day, code))
        return found

    def _edits_of(self, day: _Day, code: str) -> tuple[UnitLimit | None, AddOnRule | None]:
        mue = day.mue
        limit = None
        if mue is not None:
            limit = mue.limits[code] if code in mue.limits else mue.limit(code)
        aoc = day.aoc
        if aoc is not None and code in aoc.rows:
            key = (code, day.day)
            return limit, aoc.rules[key] if key in aoc.rules else aoc.rule(code, day.day)
        found = (limit, None)
        _remember(day.edits, code, found)
        return found

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


def _choosers(
    ptp: PtpTable | None, mue: MueTable | None, aoc: AocTable | None
) -> tuple[
    VersionChooser[_PtpVersion] | None,
    VersionChooser[_MueVersion] | None,
    VersionChooser[_AocVersion] | None,
]:
    """Each table's versions behind the tables' own chooser (same order, same rule)."""
    return (
        None if ptp is None else VersionChooser([_PtpVersion(p) for p in ptp.parts], _quarter),
        None if mue is None else VersionChooser([_MueVersion(v) for v in mue.versions], _quarter),
        None if aoc is None else VersionChooser([_AocVersion(v) for v in aoc.versions], _quarter),
    )
