"""Several ICD-10-CM releases side by side, answering which one applies on a date of service.

Each release covers its own days (see :class:`~medoffice.coding.icd10cm.IcdRelease`); where two
loaded releases cover the same day, the one that starts later wins, so an April update takes
over from its October release on 1 April. A day no loaded release covers raises
:class:`~medoffice.coding.icd10cm.CodeSetUnavailable`, naming the fiscal year to load.

>>> from datetime import date
>>> from medoffice.coding.icd10cm._compile import SourceNode, compile_tables
>>> from medoffice.coding.icd10cm._model import ItemKind
>>> from medoffice.coding.icd10cm._index import IcdCodeSet
>>> nodes = [SourceNode(kind=ItemKind.CHAPTER, name="1", description="Infections", parent=-1)]
>>> def code_set(release: IcdRelease) -> IcdCodeSet:
...     return IcdCodeSet(compile_tables(nodes, code_list=(), release=release))
>>> october = code_set(IcdRelease(fiscal_year=2026))
>>> april = code_set(IcdRelease(fiscal_year=2026, update=ReleaseUpdate.APRIL))
>>> versions = IcdVersions.of(october, april)
>>> versions.on(date(2026, 3, 31)).release.label, versions.on(date(2026, 4, 1)).release.label
('FY2026 October release', 'FY2026 April update')
>>> versions.effective(october)
(DateRange('2025-10-01', '2026-03-31'),)
>>> versions.on(date(2026, 10, 1))
Traceback (most recent call last):
...
medoffice.coding.icd10cm._versions.CodeSetUnavailable: ... load the FY2027 files ...
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import final

from medoffice.coding.icd10cm._index import IcdCodeSet
from medoffice.coding.icd10cm._versions import (
    FIRST_APRIL_UPDATE,
    CodeSetUnavailable,
    IcdRelease,
    ReleaseUpdate,
    fiscal_year_of,
)
from medoffice.kernel._errors import InvalidArgument
from medoffice.kernel._ranges import DateRange

__all__ = ["IcdVersions"]


def _start(release: IcdRelease) -> date:
    return release.effective.first


@final
class IcdVersions:
    """Loaded ICD-10-CM releases, each answering for its effective days."""

    __slots__ = ("_code_sets",)

    def __init__(self, code_sets: Iterable[IcdCodeSet]) -> None:
        ordered = sorted(
            code_sets,
            key=lambda c: (_start(c.release), c.release.update is ReleaseUpdate.APRIL),
        )
        seen: set[tuple[int, ReleaseUpdate]] = set()
        for code_set in ordered:
            release = code_set.release
            if (release.fiscal_year, release.update) in seen:
                raise InvalidArgument(f"{release.label} is loaded twice")
            seen.add((release.fiscal_year, release.update))
        self._code_sets: tuple[IcdCodeSet, ...] = tuple(ordered)

    @classmethod
    def of(cls, *code_sets: IcdCodeSet) -> IcdVersions:
        """The versions made of these code sets."""
        return cls(code_sets)

    def __repr__(self) -> str:
        return f"IcdVersions({', '.join(c.release.label for c in self._code_sets)})"

    def __iter__(self) -> Iterator[IcdCodeSet]:
        return iter(self._code_sets)

    def __len__(self) -> int:
        return len(self._code_sets)

    def with_code_set(self, code_set: IcdCodeSet) -> IcdVersions:
        """These versions plus one more release."""
        return IcdVersions((*self._code_sets, code_set))

    def effective(self, code_set: IcdCodeSet) -> tuple[DateRange, ...]:
        """The days on which ``code_set`` answers, once later releases have taken over."""
        remaining: tuple[DateRange, ...] = (code_set.release.effective,)
        mine = _start(code_set.release)
        for other in self._code_sets:
            if other is code_set or _start(other.release) <= mine:
                continue
            remaining = tuple(
                piece for part in remaining for piece in part.subtract(other.release.effective)
            )
        return remaining

    def on(self, day: date) -> IcdCodeSet:
        """The code set for a date of service; :class:`CodeSetUnavailable` when none covers it."""
        for code_set in reversed(self._code_sets):
            if code_set.release.effective.contains(day):
                return code_set
        fiscal_year = fiscal_year_of(day)
        which = f"October release effective {fiscal_year - 1}-10-01"
        if 4 <= day.month <= 9 and fiscal_year >= FIRST_APRIL_UPDATE:
            which = f"April update effective {fiscal_year}-04-01"
        raise CodeSetUnavailable(
            f"no ICD-10-CM release covers {day.isoformat()}: load the FY{fiscal_year} files "
            f"({which})"
        )
