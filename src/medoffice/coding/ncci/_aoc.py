"""NCCI add-on code (AOC) edits: which primary codes an add-on code needs.

An add-on code is never billed alone; it describes extra work on top of a primary procedure.
CMS lists each add-on code with its primaries and an edit type: 1 only the listed primaries
support it; 2 CPT and CMS name no primaries and each contractor defines them (the primary column
reads ``CCCCC``); 3 some primaries are listed and a contractor may allow others. Every pair has
an effective date and an inclusive deletion date; the file writes them as Julian ``YYYYDDD``.

More information: CMS, "Medicare NCCI Add-on Code Edits"
(https://www.cms.gov/medicare/coding-billing/national-correct-coding-initiative-ncci-edits/medicare-ncci-add-code-edits)

>>> from datetime import date
>>> version = AocVersion.of(
...     version="AOC-2026Q2",
...     quarter=Quarter(2026, 2),
...     edits=[AocEdit(add_on="99292", primary="99291", type=1, effective=date(2013, 4, 1))],
... )
>>> table = AocTable.of(version)
>>> table.is_add_on("99292", on=date(2026, 5, 4))
True
>>> table.supports("99292", "99291", on=date(2026, 5, 4))
True
>>> [e.primary for e in table.primaries("99292", on=date(2026, 5, 4))]
['99291']
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Iterable
from datetime import date
from typing import Final, final

import attrs

from medoffice.coding._problems import LoadProblem
from medoffice.coding.ncci._quarter import Quarter
from medoffice.coding.ncci._versions import VersionChooser

__all__ = [
    "CONTRACTOR_DEFINED",
    "AocEdit",
    "AocRow",
    "AocSpan",
    "AocTable",
    "AocType",
    "AocVersion",
    "group_spans",
]

CONTRACTOR_DEFINED: Final = "CCCCC"
_OPEN: Final = date.max.toordinal()


@final
class AocType(enum.IntEnum):
    """How far the listed primary codes are the whole story."""

    LISTED_ONLY = 1
    CONTRACTOR_DEFINED = 2
    LISTED_AND_CONTRACTOR = 3


@final
@attrs.frozen(kw_only=True)
class AocEdit:
    """One add-on / primary pair; ``deleted`` is the last day in force."""

    add_on: str
    primary: str
    type: AocType = attrs.field(converter=AocType)
    effective: date
    deleted: date | None = None
    add_on_deleted: date | None = None
    primary_deleted: date | None = None
    note: str = ""
    version: str = ""

    def in_force_on(self, on: date) -> bool:
        """Whether the pair applies on ``on``."""
        return self.effective <= on and (self.deleted is None or on <= self.deleted)

    @property
    def contractor_defined(self) -> bool:
        """Whether the primary is the ``CCCCC`` placeholder (the contractor names primaries)."""
        return self.primary == CONTRACTOR_DEFINED


# One add-on/primary pair as plain values: add-on, primary, type, then the effective day, the
# deletion day, the add-on's and the primary's deletion days (proleptic ordinals, ``None`` for
# none), then the note. A table keeps its rows so; the edit objects are made when asked for.
AocRow = tuple[str, str, int, int, int | None, int | None, int | None, str]
# What a claim check asks of an add-on code: per row, its first and last day in force
# (ordinals, inclusive; open-ended rows end on ``date.max``), type and primary, in file order.
AocSpan = tuple[int, int, int, str]


def _row(edit: AocEdit) -> AocRow:
    def day(value: date | None) -> int | None:
        return None if value is None else value.toordinal()

    return (
        edit.add_on,
        edit.primary,
        int(edit.type),
        edit.effective.toordinal(),
        day(edit.deleted),
        day(edit.add_on_deleted),
        day(edit.primary_deleted),
        edit.note,
    )


def group_spans(rows: Iterable[AocRow]) -> dict[str, tuple[AocSpan, ...]]:
    """Each add-on code's rows as :data:`AocSpan`, in row order."""
    grouped: dict[str, list[AocSpan]] = {}
    for add_on, primary, edit_type, effective, deleted, *_ in rows:
        last = _OPEN if deleted is None else deleted
        grouped.setdefault(add_on, []).append((effective, last, edit_type, primary))
    return {code: tuple(found) for code, found in grouped.items()}


def _problems(problems: Iterable[LoadProblem]) -> tuple[LoadProblem, ...]:
    return tuple(problems)


def _rows(rows: Iterable[AocRow]) -> tuple[AocRow, ...]:
    return rows if isinstance(rows, tuple) else tuple(rows)


@final
@attrs.frozen(kw_only=True)
class AocVersion:
    """One quarter's add-on code edits.

    The rows are kept as plain values (:data:`AocRow`) and each add-on code's spans
    (:data:`AocSpan`) next to them: a quarter has thousands of pairs, and a claim check asks
    only the spans of the add-on codes it meets; :attr:`edits` makes the objects on first use.
    """

    version: str
    quarter: Quarter | None
    rows: tuple[AocRow, ...] = attrs.field(converter=_rows, repr=False)
    problems: tuple[LoadProblem, ...] = attrs.field(default=(), converter=_problems)
    spans: dict[str, tuple[AocSpan, ...]] = attrs.field(factory=dict, eq=False, repr=False)
    """Each add-on code's :data:`AocSpan` rows, in row order (given, as a cache holds them, or
    made from the rows)."""

    def __attrs_post_init__(self) -> None:
        if self.rows and not self.spans:
            object.__setattr__(self, "spans", group_spans(self.rows))  # frozen: set once, here

    @classmethod
    def of(
        cls,
        *,
        version: str,
        quarter: Quarter | None,
        edits: Iterable[AocEdit],
        problems: Iterable[LoadProblem] = (),
    ) -> AocVersion:
        """A version from its rows (each row is tagged with ``version``)."""
        return cls(
            version=version,
            quarter=quarter,
            rows=tuple(_row(e) for e in edits),
            problems=tuple(problems),
        )

    @functools.cached_property
    def edits(self) -> tuple[AocEdit, ...]:
        """The rows as edits, tagged with the version (made on first use)."""
        days: dict[int | None, date | None] = {None: None}

        def day(ordinal: int | None) -> date | None:
            found = days.get(ordinal)
            if found is None and ordinal is not None:
                found = days[ordinal] = date.fromordinal(ordinal)
            return found

        label = self.version
        return tuple(
            AocEdit(
                add_on=add_on,
                primary=primary,
                type=edit_type,
                effective=date.fromordinal(effective),
                deleted=day(deleted),
                add_on_deleted=day(add_on_deleted),
                primary_deleted=day(primary_deleted),
                note=note,
                version=label,
            )
            for (
                add_on,
                primary,
                edit_type,
                effective,
                deleted,
                add_on_deleted,
                primary_deleted,
                note,
            ) in self.rows
        )

    def __len__(self) -> int:
        return len(self.rows)


_Spans = tuple[tuple[int, int], ...]


# An add-on code's days in force (sorted, distinct) and, per primary, the days of its pairs.
_Days = tuple[_Spans, dict[str, _Spans]]


@final
class _AocIndex:
    """One version's look-ups, each add-on code's made when it is first asked for (a claim
    check asks the version's spans through its own view, and never needs them)."""

    __slots__ = ("_by_add_on", "days", "version")

    def __init__(self, version: AocVersion) -> None:
        self.version = version
        self.days: dict[str, _Days] = {}  # add-on codes only: bounded by the version
        self._by_add_on: dict[str, tuple[AocEdit, ...]] | None = None

    def made(self, code: str) -> _Days | None:
        """The days of ``code``, remembered; ``None`` when it is no add-on code here."""
        rows = self.version.spans.get(code)
        if rows is None:
            return None
        pairs: dict[str, list[tuple[int, int]]] = {}
        for first, last, _, primary in rows:
            pairs.setdefault(primary, []).append((first, last))
        found = self.days[code] = (
            tuple(sorted({(first, last) for first, last, _, _ in rows})),
            {primary: tuple(spans) for primary, spans in pairs.items()},
        )
        return found

    def edits(self, code: str) -> tuple[AocEdit, ...]:
        by_add_on = self._by_add_on
        if by_add_on is None:
            grouped: dict[str, list[AocEdit]] = {}
            for edit in self.version.edits:
                grouped.setdefault(edit.add_on, []).append(edit)
            by_add_on = self._by_add_on = {k: tuple(v) for k, v in grouped.items()}
        return by_add_on.get(code, ())


def _within(spans: _Spans, day: int) -> bool:
    return any(first <= day <= last for first, last in spans)


@final
class AocTable:
    """Add-on code edits of one or more quarters, answering by date of service."""

    __slots__ = ("_chooser",)

    def __init__(self, versions: Iterable[AocVersion]) -> None:
        self._chooser = VersionChooser(
            [_AocIndex(v) for v in versions], lambda i: i.version.quarter
        )

    @classmethod
    def of(cls, *versions: AocVersion) -> AocTable:
        """A table of the given versions."""
        return cls(versions)

    def merge(self, *others: AocTable) -> AocTable:
        """One table holding this table's versions and those of ``others``."""
        return AocTable(v for t in (self, *others) for v in t.versions)

    @property
    def versions(self) -> tuple[AocVersion, ...]:
        """The versions, oldest quarter first."""
        return tuple(i.version for i in self._chooser.items)

    @property
    def problems(self) -> tuple[LoadProblem, ...]:
        """What the loaders could not read as it stood."""
        return tuple(p for v in self.versions for p in v.problems)

    def __len__(self) -> int:
        return sum(len(v) for v in self.versions)

    def version_on(self, on: date) -> str:
        """The version used for a date of service."""
        return self._chooser.choose(on.toordinal()).version.version

    def is_add_on(self, code: str, *, on: date) -> bool:
        """Whether ``code`` is an add-on code with an edit in force on ``on``."""
        day = on.toordinal()
        index = self._chooser.choose(day)
        days = index.days.get(code) or index.made(code)
        return days is not None and _within(days[0], day)

    def supports(self, add_on: str, primary: str, *, on: date) -> bool:
        """Whether ``primary`` is listed as a primary of ``add_on`` on ``on``."""
        day = on.toordinal()
        index = self._chooser.choose(day)
        days = index.days.get(add_on) or index.made(add_on)
        spans = None if days is None else days[1].get(primary)
        return spans is not None and _within(spans, day)

    def primaries(self, add_on: str, *, on: date) -> tuple[AocEdit, ...]:
        """The add-on code's edits in force on ``on`` (empty when it is no add-on then)."""
        edits = self._chooser.choose(on.toordinal()).edits(add_on)
        return tuple(e for e in edits if e.in_force_on(on))

    def __repr__(self) -> str:
        return f"AocTable(versions={[v.version for v in self.versions]!r}, rows={len(self)})"
