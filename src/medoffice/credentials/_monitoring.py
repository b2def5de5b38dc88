"""The monitoring ledger: proof that everyone was screened in every calendar month.

Exclusion and sanction lists (HHS-OIG LEIE, GSA SAM, state Medicaid lists, licence look-ups)
are checked once per calendar month: a screening on Sept 1 and the next on Oct 15 cover both
months, while Aug 31 then Oct 1 leave September uncovered. From the logged screenings the
ledger proves coverage per person and per source, and lists the gaps and the matches that need
review. The order the screenings were logged in does not matter.

>>> from datetime import date
>>> log = [
...     Screening(person_id="S-1", source="LEIE", on=date(2025, 9, 1), result="clear"),
...     Screening(person_id="S-1", source="LEIE", on=date(2025, 10, 15), result="clear"),
...     Screening(person_id="S-2", source="LEIE", on=date(2025, 10, 2), result="clear"),
... ]
>>> ledger = monitoring_ledger(log, ["S-1", "S-2"], date(2025, 9, 1), date(2025, 10, 31))
>>> [(p.person_id, p.compliant, [str(g) for g in p.gaps]) for p in ledger.people]
[('S-1', True, []), ('S-2', False, ['LEIE 2025-09'])]

More information: 42 CFR 455.436; HHS-OIG LEIE (https://oig.hhs.gov/exclusions/); NCQA CR 5.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date, datetime
from typing import final

import attrs

from medoffice.credentials._model import member_of
from medoffice.credentials._primitives import calendar_month_gaps
from medoffice.kernel import InvalidArgument, InvalidValue

__all__ = [
    "MonitoringLedger",
    "PersonCoverage",
    "Screening",
    "ScreeningResult",
    "ScreeningSource",
    "SourceGap",
    "monitoring_ledger",
]


@final
class ScreeningSource(enum.StrEnum):
    """The lists a person is screened against."""

    LEIE = "LEIE"
    SAM = "SAM"
    STATE_MEDICAID = "STATE_MEDICAID"
    LICENSE_LOOKUP = "LICENSE_LOOKUP"


@final
class ScreeningResult(enum.StrEnum):
    """What a screening found."""

    CLEAR = "clear"
    POSSIBLE_MATCH = "possible_match"
    MATCH = "match"


def _day(given: date) -> date:
    value: object = given  # checked at run time: not every caller is type-checked
    if isinstance(value, datetime) or not isinstance(value, date):
        raise InvalidValue(f"a screening day is a date, not {type(value).__name__}")
    return value


def _source(value: ScreeningSource | str) -> ScreeningSource:
    return member_of(ScreeningSource, value)


def _result(value: ScreeningResult | str) -> ScreeningResult:
    return member_of(ScreeningResult, value)


def _person(given: str) -> str:
    value: object = given  # checked at run time: not every caller is type-checked
    if not isinstance(value, str) or not value.strip():
        raise InvalidValue("a person id is a non-empty string")
    return value.strip()


@final
@attrs.frozen(kw_only=True, order=True)
class Screening:
    """One logged look-up of one person in one list."""

    person_id: str = attrs.field(converter=_person)
    source: ScreeningSource = attrs.field(converter=_source)
    on: date = attrs.field(converter=_day)
    result: ScreeningResult = attrs.field(converter=_result)


@final
@attrs.frozen
class SourceGap:
    """A calendar month in which a person was not screened against a source."""

    source: ScreeningSource
    month: date

    def __str__(self) -> str:
        return f"{self.source.value} {self.month:%Y-%m}"


@final
@attrs.frozen(kw_only=True)
class PersonCoverage:
    """One person's coverage: months covered per source, gaps, and hits to review."""

    person_id: str
    screenings: int
    gaps: tuple[SourceGap, ...]
    hits: tuple[Screening, ...]

    @property
    def compliant(self) -> bool:
        """Screened against every source in every month, with no unresolved hit."""
        return not self.gaps and not self.hits


@final
@attrs.frozen(kw_only=True)
class MonitoringLedger:
    """Coverage for everyone over ``first``..``last`` against ``sources``."""

    first: date
    last: date
    sources: tuple[ScreeningSource, ...]
    people: tuple[PersonCoverage, ...]

    @property
    def compliant(self) -> bool:
        """Whether every person is compliant."""
        return all(p.compliant for p in self.people)

    @property
    def gaps(self) -> tuple[tuple[str, SourceGap], ...]:
        """Every gap, with the person it belongs to."""
        return tuple((p.person_id, g) for p in self.people for g in p.gaps)


def monitoring_ledger(
    screenings: Iterable[Screening],
    people: Iterable[str],
    first: date,
    last: date,
    *,
    sources: Iterable[ScreeningSource | str] = (ScreeningSource.LEIE,),
) -> MonitoringLedger:
    """Prove calendar-month coverage of ``people`` between ``first`` and ``last``."""
    if last < first:
        raise InvalidArgument("the period must not end before it starts")
    wanted = tuple(sorted({ScreeningSource(s) for s in sources}))
    if not wanted:
        raise InvalidArgument("name at least one screening source")
    by_person: dict[str, list[Screening]] = {}
    for item in screenings:
        if first <= item.on <= last:
            by_person.setdefault(item.person_id, []).append(item)
    coverage = []
    for person in sorted({_person(p) for p in people}):
        mine = sorted(by_person.get(person, ()))
        gaps = tuple(
            SourceGap(source, month)
            for source in wanted
            for month in calendar_month_gaps(
                (s.on for s in mine if s.source is source), first, last
            )
        )
        hits = tuple(s for s in mine if s.result is not ScreeningResult.CLEAR)
        coverage.append(
            PersonCoverage(person_id=person, screenings=len(mine), gaps=gaps, hits=hits)
        )
    return MonitoringLedger(first=first, last=last, sources=wanted, people=tuple(coverage))
