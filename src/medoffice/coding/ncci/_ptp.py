"""NCCI procedure-to-procedure (PTP) edits as a compact index answering by date of service.

A PTP edit pairs a column 1 code with a column 2 code that should not be billed with it for the
same patient, provider and date of service. Each row has an effective date, an inclusive deletion
date (CMS writes ``*`` for none) and a modifier indicator: ``0`` no modifier bypasses the edit,
``1`` an NCCI-associated modifier may, ``9`` the edit does not apply (deleted on the day it took
effect). A quarterly practitioner table holds about 1.7 million rows, so the index interns codes
to small integers and keeps its columns in :mod:`array` arrays: about 16 bytes a row. Several
quarters sit side by side; every question names the date of service.

More information: CMS, "Medicare NCCI Procedure to Procedure (PTP) Edits"
(https://www.cms.gov/medicare/coding-billing/national-correct-coding-initiative-ncci-edits/medicare-ncci-procedure-procedure-ptp-edits)

>>> from datetime import date
>>> builder = PtpTableBuilder(version="NCCI-2026Q3", quarter=Quarter(2026, 3))
>>> builder.add(
...     "10060", "99211", effective=date(2013, 7, 1), deleted=date(2019, 12, 31), indicator=1
... )
>>> builder.add("10060", "99211", effective=date(2020, 10, 1), deleted=None, indicator=1)
>>> builder.add("10060", "92012", effective=date(2013, 7, 1), deleted=date(2013, 7, 1), indicator=9)
>>> table = PtpTable.of(builder.build())
>>> table.modifier_indicator("10060", "99211", on=date(2026, 8, 3))
1
>>> table.edit("10060", "99211", on=date(2020, 3, 1)) is None
True
>>> table.edit("10060", "92012", on=date(2013, 7, 1)) is None
True
"""

from __future__ import annotations

import enum
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Collection, Iterable, Iterator
from collections.abc import Set as AbstractSet
from datetime import date
from typing import Final, final

import attrs

from medoffice.coding._problems import LoadProblem
from medoffice.coding.ncci._quarter import Quarter
from medoffice.kernel import InvalidArgument, InvalidValue

__all__ = ["ModifierIndicator", "PtpColumns", "PtpEdit", "PtpTable", "PtpTableBuilder"]

OPEN_ENDED: Final = date.max.toordinal()


@final
class ModifierIndicator(enum.IntEnum):
    """Whether an NCCI-associated modifier may bypass a PTP edit."""

    NOT_ALLOWED = 0
    ALLOWED = 1
    NOT_APPLICABLE = 9


@final
@attrs.frozen(kw_only=True)
class PtpEdit:
    """One PTP row: ``column2`` is not paid with ``column1`` unless the indicator allows."""

    column1: str
    column2: str
    effective: date
    deleted: date | None
    indicator: ModifierIndicator = attrs.field(converter=ModifierIndicator)
    rationale: str = ""
    prior_1996: bool = False
    version: str = ""

    def in_force_on(self, on: date) -> bool:
        """Whether the edit applies on ``on`` (deletion inclusive; indicator 9 never applies)."""
        if self.indicator is ModifierIndicator.NOT_APPLICABLE:
            return False
        return self.effective <= on and (self.deleted is None or on <= self.deleted)

    @property
    def modifier_allowed(self) -> bool:
        """Whether an NCCI-associated modifier may bypass this edit."""
        return self.indicator is ModifierIndicator.ALLOWED


@final
@attrs.frozen(kw_only=True, eq=False)
class PtpColumns:
    """The compiled form of one table version: sorted codes and one array per column.

    Rows are sorted by column 1, column 2 and effective date. ``col1_ids`` lists each column 1
    code once, with its rows ``col1_starts[i]`` to ``col1_ends[i]`` (exclusive); codes are
    indexes into ``codes``; dates are proleptic ordinals; rationales index ``rationales``.
    """

    version: str
    quarter: Quarter | None
    codes: tuple[str, ...]
    col1_ids: array[int]
    col1_starts: array[int]
    col1_ends: array[int]
    col2: array[int]
    effective: array[int]
    deleted: array[int]
    indicator: array[int]
    prior_1996: array[int]
    rationale: array[int]
    rationales: tuple[str, ...]
    problems: tuple[LoadProblem, ...] = ()

    def __len__(self) -> int:
        return len(self.col2)


class PtpTableBuilder:
    """Collects PTP rows (in any order) and compiles them into :class:`PtpColumns`."""

    def __init__(self, *, version: str, quarter: Quarter | None) -> None:
        self.version = version
        self.quarter = quarter
        self._ids: dict[str, int] = {}
        self._rationale_ids: dict[str, int] = {}
        self._col1 = array("i")
        self._col2 = array("i")
        self._effective = array("i")
        self._deleted = array("i")
        self._indicator = array("b")
        self._prior = array("b")
        self._rationale = array("h")
        self._problems: list[LoadProblem] = []

    def __len__(self) -> int:
        return len(self._col2)

    def _intern(self, code: str) -> int:
        found = self._ids.get(code)
        if found is None:
            found = self._ids[code] = len(self._ids)
        return found

    def add(
        self,
        column1: str,
        column2: str,
        *,
        effective: date,
        deleted: date | None,
        indicator: int,
        rationale: str = "",
        prior_1996: bool = False,
    ) -> None:
        """Add one row; ``deleted`` is the last day in force, ``None`` for none."""
        if indicator not in (0, 1, 9):
            raise InvalidValue("a PTP modifier indicator is 0, 1 or 9")
        rationale_id = self._rationale_ids.get(rationale)
        if rationale_id is None:
            rationale_id = self._rationale_ids[rationale] = len(self._rationale_ids)
        self._col1.append(self._intern(column1))
        self._col2.append(self._intern(column2))
        self._effective.append(effective.toordinal())
        self._deleted.append(OPEN_ENDED if deleted is None else deleted.toordinal())
        self._indicator.append(indicator)
        self._prior.append(1 if prior_1996 else 0)
        self._rationale.append(rationale_id)

    def note(self, problem: LoadProblem) -> None:
        """Record a problem met while reading the rows."""
        self._problems.append(problem)

    def build(self) -> PtpColumns:
        """Sort the rows by code pair and effective date and compile the columns."""
        codes = tuple(sorted(self._ids))
        rank = array("i", bytes(4 * len(codes)))
        for new, code in enumerate(codes):
            rank[self._ids[code]] = new
        col1 = array("i", (rank[i] for i in self._col1))
        col2 = array("i", (rank[i] for i in self._col2))
        columns = [col2, self._effective, self._deleted, self._indicator, self._prior]
        columns.append(self._rationale)
        if not _is_sorted(col1, col2, self._effective):
            order = sorted(range(len(col1)), key=lambda i: (col1[i], col2[i], self._effective[i]))
            col1 = array("i", (col1[i] for i in order))
            columns = [array(c.typecode, (c[i] for i in order)) for c in columns]
        ids, starts, ends = array("i"), array("i"), array("i")
        for row, first in enumerate(col1):
            if not ids or ids[-1] != first:
                if ids:
                    ends.append(row)
                ids.append(first)
                starts.append(row)
        if ids:
            ends.append(len(col1))
        return PtpColumns(
            version=self.version,
            quarter=self.quarter,
            codes=codes,
            col1_ids=ids,
            col1_starts=starts,
            col1_ends=ends,
            col2=columns[0],
            effective=columns[1],
            deleted=columns[2],
            indicator=columns[3],
            prior_1996=columns[4],
            rationale=columns[5],
            rationales=tuple(self._rationale_ids),
            problems=tuple(self._problems),
        )


# Column-1 codes whose column-2 sets are remembered before the memo starts afresh: the codes a
# practice bills (a few thousand), at about 4 KB each.
_PARTNER_SETS: Final = 8192


def _is_sorted(col1: array[int], col2: array[int], effective: array[int]) -> bool:
    keys = zip(col1, col2, effective, strict=True)
    previous = next(keys, None)
    for key in keys:
        if key < previous:  # type: ignore[operator]
            return False
        previous = key
    return True


@final
class _PtpIndex:
    """One version's columns plus the dictionaries that make a lookup a few steps."""

    __slots__ = ("column2_sets", "columns", "ids", "ranges")

    def __init__(self, columns: PtpColumns) -> None:
        self.columns = columns
        # Column-2 code ids by column-1 code, made as codes are met (see partners()).
        self.column2_sets: dict[str, frozenset[int]] = {}
        self.ids = {code: i for i, code in enumerate(columns.codes)}
        codes = columns.codes
        self.ranges = {
            codes[c]: (lo, hi)
            for c, lo, hi in zip(
                columns.col1_ids, columns.col1_starts, columns.col1_ends, strict=True
            )
        }

    def find(self, column1: str, column2: str, day: int) -> int:
        span = self.ranges.get(column1)
        second = self.ids.get(column2)
        if span is None or second is None:
            return -1
        cols = self.columns
        col2 = cols.col2
        lo, hi = span
        row = bisect_left(col2, second, lo, hi)
        while row < hi and col2[row] == second:
            if cols.effective[row] <= day <= cols.deleted[row] and cols.indicator[row] != 9:
                return row
            row += 1
        return -1

    def partners(self, column1: str) -> frozenset[int]:
        """The ids of every column-2 code of ``column1`` (any date), remembered (bounded)."""
        found = self.column2_sets.get(column1)
        if found is None:
            span = self.ranges.get(column1)
            found = frozenset() if span is None else frozenset(self.columns.col2[span[0] : span[1]])
            if len(self.column2_sets) >= _PARTNER_SETS:
                self.column2_sets.clear()
            self.column2_sets[column1] = found
        return found

    def pairs_among(
        self, codes: Collection[str], day: int, touching: Collection[str] | None = None
    ) -> dict[tuple[str, str], int]:
        """The ordered pairs of ``codes`` with a row in force on ``day``, with indicators.

        With ``touching``, only the pairs with at least one code in it. Each column-1 code
        costs one set intersection (in C) of its column-2 codes with the codes it may pair
        with, then a look-up per code found, so the work grows linearly with the codes however
        many there are.
        """
        indicator, ids = self.columns.indicator, self.ids
        present = {i: code for code in codes if (i := ids.get(code)) is not None}
        wanted = present.keys()
        near = wanted
        if touching is not None:
            near = {i: c for c in touching if (i := ids.get(c, -1)) in present}.keys()
        found: dict[tuple[str, str], int] = {}
        for first in codes:
            partners = self.partners(first)
            if not partners:
                continue
            pool = wanted if touching is None or first in touching else near
            for second_id in pool & partners:
                second = present[second_id]
                if second != first and (row := self.find(first, second, day)) >= 0:
                    found[first, second] = indicator[row]
        return found

    def rows_of(self, column1: str, column2: str) -> range:
        span = self.ranges.get(column1)
        second = self.ids.get(column2)
        if span is None or second is None:
            return range(0)
        col2 = self.columns.col2
        return range(bisect_left(col2, second, *span), bisect_right(col2, second, *span))

    def edit(self, row: int, column1: str) -> PtpEdit:
        cols = self.columns
        deleted = cols.deleted[row]
        return PtpEdit(
            column1=column1,
            column2=cols.codes[cols.col2[row]],
            effective=date.fromordinal(cols.effective[row]),
            deleted=None if deleted == OPEN_ENDED else date.fromordinal(deleted),
            indicator=cols.indicator[row],
            rationale=cols.rationales[cols.rationale[row]],
            prior_1996=bool(cols.prior_1996[row]),
            version=cols.version,
        )


def _start(columns: PtpColumns) -> int:
    return 0 if columns.quarter is None else columns.quarter.first_day.toordinal()


@final
class PtpTable:
    """PTP edits of one or more versions (quarters), answering by date of service.

    For a date of service the table uses the latest version whose quarter starts on or before
    it (the earliest version for a date before them all; a version of unknown quarter counts as
    the earliest). Each version carries its full history, so past dates resolve correctly.
    """

    __slots__ = ("_indexes", "_only", "_starts")

    def __init__(self, parts: Iterable[PtpColumns]) -> None:
        ordered = sorted(parts, key=_start)
        if not ordered:
            raise InvalidArgument("a PTP table needs at least one version")
        self._indexes = tuple(_PtpIndex(p) for p in ordered)
        self._starts = [_start(p) for p in ordered]
        self._only = self._indexes[0] if len(ordered) == 1 else None

    @classmethod
    def of(cls, *parts: PtpColumns) -> PtpTable:
        """A table of the given compiled versions."""
        return cls(parts)

    def merge(self, *others: PtpTable) -> PtpTable:
        """One table holding this table's versions and those of ``others``."""
        return PtpTable(p for t in (self, *others) for p in t.parts)

    @property
    def parts(self) -> tuple[PtpColumns, ...]:
        """The compiled versions, oldest quarter first."""
        return tuple(i.columns for i in self._indexes)

    @property
    def versions(self) -> tuple[str, ...]:
        """The version labels, oldest quarter first."""
        return tuple(i.columns.version for i in self._indexes)

    @property
    def quarters(self) -> tuple[Quarter | None, ...]:
        """The quarter of each version (``None`` where the file did not say)."""
        return tuple(i.columns.quarter for i in self._indexes)

    @property
    def problems(self) -> tuple[LoadProblem, ...]:
        """What the loaders could not read as it stood."""
        return tuple(p for i in self._indexes for p in i.columns.problems)

    def __len__(self) -> int:
        return sum(len(i.columns) for i in self._indexes)

    def _index(self, day: int) -> _PtpIndex:
        if self._only is not None:
            return self._only
        return self._indexes[max(0, bisect_right(self._starts, day) - 1)]

    def version_on(self, on: date) -> str:
        """The version used for a date of service."""
        return self._index(on.toordinal()).columns.version

    def modifier_indicator(self, column1: str, column2: str, *, on: date) -> int | None:
        """0 or 1 when an edit is in force for the pair on ``on``, else ``None`` (fast path)."""
        day = on.toordinal()
        index = self._index(day)
        row = index.find(column1, column2, day)
        return None if row < 0 else index.columns.indicator[row]

    def edit(self, column1: str, column2: str, *, on: date) -> PtpEdit | None:
        """The edit in force for the ordered pair on ``on``, or ``None``."""
        day = on.toordinal()
        index = self._index(day)
        row = index.find(column1, column2, day)
        return None if row < 0 else index.edit(row, column1)

    def history(self, column1: str, column2: str, *, on: date) -> tuple[PtpEdit, ...]:
        """Every row for the pair in the version used on ``on``, indicator 9 included."""
        index = self._index(on.toordinal())
        return tuple(index.edit(r, column1) for r in index.rows_of(column1, column2))

    def indicators_among(
        self, codes: Iterable[str], *, on: date, touching: Collection[str] | None = None
    ) -> dict[tuple[str, str], int]:
        """The ordered pairs of ``codes`` with an edit in force on ``on``: their indicators.

        With ``touching`` (some of ``codes``), only the pairs with at least one of those: the
        pairs among the other codes are not looked at. Linear in the number of codes (each
        costs at most its own number of rows).
        """
        day = on.toordinal()
        if touching is not None and not isinstance(touching, AbstractSet):
            touching = frozenset(touching)
        return self._index(day).pairs_among(list(dict.fromkeys(codes)), day, touching)

    def edits_among(self, codes: Iterable[str], *, on: date) -> tuple[PtpEdit, ...]:
        """The edits in force on ``on`` between any two of ``codes``, in either order."""
        pairs = self.indicators_among(codes, on=on)
        found = (self.edit(first, second, on=on) for first, second in pairs)
        return tuple(edit for edit in found if edit is not None)

    def rows(self) -> Iterator[PtpEdit]:
        """Every row of every version, in index order (for exports and checks)."""
        for index in self._indexes:
            cols = index.columns
            for c, lo, hi in zip(cols.col1_ids, cols.col1_starts, cols.col1_ends, strict=True):
                for row in range(lo, hi):
                    yield index.edit(row, cols.codes[c])

    def __repr__(self) -> str:
        return f"PtpTable(versions={list(self.versions)!r}, rows={len(self)})"
