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
from collections.abc import Iterable
from datetime import date
from typing import Final, final

import attrs

from medoffice.coding._problems import LoadProblem
from medoffice.coding.ncci._quarter import Quarter
from medoffice.coding.ncci._versions import VersionChooser

__all__ = ["CONTRACTOR_DEFINED", "AocEdit", "AocTable", "AocType", "AocVersion"]

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


def _edits(edits: Iterable[AocEdit]) -> tuple[AocEdit, ...]:
    return tuple(edits)


def _problems(problems: Iterable[LoadProblem]) -> tuple[LoadProblem, ...]:
    return tuple(problems)


@final
@attrs.frozen(kw_only=True)
class AocVersion:
    """One quarter's add-on code edits."""

    version: str
    quarter: Quarter | None
    edits: tuple[AocEdit, ...] = attrs.field(converter=_edits)
    problems: tuple[LoadProblem, ...] = attrs.field(default=(), converter=_problems)

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
        tagged = tuple(attrs.evolve(e, version=version) for e in edits)
        return cls(version=version, quarter=quarter, edits=tagged, problems=tuple(problems))

    def __len__(self) -> int:
        return len(self.edits)


def _span(edit: AocEdit) -> tuple[int, int]:
    return edit.effective.toordinal(), _OPEN if edit.deleted is None else edit.deleted.toordinal()


@final
class _AocIndex:
    __slots__ = ("by_add_on", "by_pair", "spans", "version")

    def __init__(self, version: AocVersion) -> None:
        self.version = version
        by_add_on: dict[str, list[AocEdit]] = {}
        by_pair: dict[tuple[str, str], list[tuple[int, int]]] = {}
        for edit in version.edits:
            by_add_on.setdefault(edit.add_on, []).append(edit)
            by_pair.setdefault((edit.add_on, edit.primary), []).append(_span(edit))
        self.by_add_on = {k: tuple(v) for k, v in by_add_on.items()}
        self.by_pair = {k: tuple(v) for k, v in by_pair.items()}
        self.spans = {k: tuple(sorted({_span(e) for e in v})) for k, v in by_add_on.items()}


def _within(spans: tuple[tuple[int, int], ...], day: int) -> bool:
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
        spans = self._chooser.choose(day).spans.get(code)
        return spans is not None and _within(spans, day)

    def supports(self, add_on: str, primary: str, *, on: date) -> bool:
        """Whether ``primary`` is listed as a primary of ``add_on`` on ``on``."""
        day = on.toordinal()
        spans = self._chooser.choose(day).by_pair.get((add_on, primary))
        return spans is not None and _within(spans, day)

    def primaries(self, add_on: str, *, on: date) -> tuple[AocEdit, ...]:
        """The add-on code's edits in force on ``on`` (empty when it is no add-on then)."""
        edits = self._chooser.choose(on.toordinal()).by_add_on.get(add_on, ())
        return tuple(e for e in edits if e.in_force_on(on))

    def __repr__(self) -> str:
        return f"AocTable(versions={[v.version for v in self.versions]!r}, rows={len(self)})"
