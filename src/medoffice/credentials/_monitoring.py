"""The monitoring ledger: proof that everyone was screened in every calendar month.

Exclusion and sanction lists (HHS-OIG LEIE, GSA SAM, state Medicaid lists, licence look-ups)
are checked once per calendar month: a screening on Sept 1 and the next on Oct 15 cover both
months, while Aug 31 then Oct 1 leave September uncovered. From the logged screenings the
ledger proves coverage per person and per source, and lists the gaps and the matches that need
review. The order the screenings were logged in does not matter.

The sources are data (:data:`MONITORING_SOURCES`: each with its cadence and citation), and
the ledger screens against all of them unless told otherwise. NCQA accepts an alternative to
the monthly review for a source the office subscribes to a monitoring service for: each alert
reviewed within 30 calendar days of receipt (``subscribed=`` and ``alerts=``); an alert not
reviewed in time is a late review.

>>> from datetime import date
>>> log = [
...     Screening(person_id="S-1", source="LEIE", on=date(2025, 9, 1), result="clear"),
...     Screening(person_id="S-1", source="LEIE", on=date(2025, 10, 15), result="clear"),
...     Screening(person_id="S-2", source="LEIE", on=date(2025, 10, 2), result="clear"),
... ]
>>> ledger = monitoring_ledger(
...     log, ["S-1", "S-2"], date(2025, 9, 1), date(2025, 10, 31), sources=["LEIE"]
... )
>>> [(p.person_id, p.compliant, [str(g) for g in p.gaps]) for p in ledger.people]
[('S-1', True, []), ('S-2', False, ['LEIE 2025-09'])]

More information: 42 CFR 455.436; HHS-OIG LEIE (https://oig.hhs.gov/exclusions/); NCQA CR 5
and NCQA FAQ "Ongoing Monitoring - at least monthly" (2025-09-15).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Final, final

import attrs

from medoffice.credentials._citation import Citation
from medoffice.credentials._primitives import calendar_month_gaps
from medoffice.kernel import InvalidArgument, InvalidValue
from medoffice.kernel._validators import member_of

__all__ = [
    "MONITORING_SOURCES",
    "MonitoringAlert",
    "MonitoringLedger",
    "MonitoringSource",
    "PersonCoverage",
    "Screening",
    "ScreeningResult",
    "ScreeningSource",
    "SourceGap",
    "monitoring_ledger",
]


_SOURCE_CODE: Final = re.compile(r"[A-Z][A-Z0-9_]{1,31}")


@final
class ScreeningSource(enum.StrEnum):
    """The lists a person is screened against: the shipped ones, or any code an office adds
    (upper-case letters, digits and ``_``, such as ``NPDB_CQ``)."""

    LEIE = "LEIE"
    SAM = "SAM"
    STATE_MEDICAID = "STATE_MEDICAID"
    LICENSE_LOOKUP = "LICENSE_LOOKUP"

    @classmethod
    def _missing_(cls, value: object) -> ScreeningSource | None:
        if not isinstance(value, str) or not _SOURCE_CODE.fullmatch(value):
            return None
        member = str.__new__(cls, value)
        member._value_ = value
        member._name_ = value
        return cls._value2member_map_.setdefault(value, member)  # type: ignore[return-value]


def _source(value: ScreeningSource | str) -> ScreeningSource:
    return member_of(ScreeningSource, value)


#: NCQA's alternative to the monthly review: each alert reviewed within this many days.
ALERT_REVIEW_DAYS: Final = 30


@final
@attrs.frozen(kw_only=True)
class MonitoringSource:
    """A list screened in ongoing monitoring, with its cadence and citation.

    ``monthly`` sources are reviewed once per calendar month; a source the office subscribes to
    an alerting service for may instead be reviewed within ``alert_days`` of each alert.
    """

    source: ScreeningSource = attrs.field(converter=_source)
    title: str
    monthly: bool = True
    alert_days: int = ALERT_REVIEW_DAYS
    citation: Citation


_NCQA_FAQ = Citation(
    source='NCQA FAQ, Ongoing Monitoring - "At least monthly" Policy Update Retraction',
    section="review sanctions, exclusions, limitations and expiration information at least "
    "monthly, or within 30 calendar days of a new alert if subscribed to a monitoring service",
    url="https://www.ncqa.org/faqs/",
    retrieved_on=date(2026, 12, 5),
    note="applies to HPA CR 5 Element A and CRPN for the 2025 and 2026 standards years",
)
_455 = Citation(
    source="42 CFR 455.436",
    section="check the LEIE and the EPLS (now SAM) no less frequently than monthly",
    url="https://www.ecfr.gov/current/title-42/chapter-IV/subchapter-C/part-455/subpart-E/section-455.436",
    note="written for State Medicaid agencies; offices follow it as the common practice",
)

#: The shipped monitoring sources (NCQA CR 5; 42 CFR 455.436).
MONITORING_SOURCES: Final[tuple[MonitoringSource, ...]] = (
    MonitoringSource(source=ScreeningSource.LEIE, title="HHS-OIG LEIE", citation=_455),
    MonitoringSource(source=ScreeningSource.SAM, title="GSA SAM exclusions", citation=_455),
    MonitoringSource(
        source=ScreeningSource.STATE_MEDICAID,
        title="State Medicaid exclusion and sanction lists",
        citation=_NCQA_FAQ,
    ),
    MonitoringSource(
        source=ScreeningSource.LICENSE_LOOKUP,
        title="Licensing board actions (sanctions, limitations, expirations)",
        citation=_NCQA_FAQ,
    ),
)


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
@attrs.frozen(kw_only=True, order=True)
class MonitoringAlert:
    """An alert a monitoring service sent about a person on a source, on ``received_on``."""

    person_id: str = attrs.field(converter=_person)
    source: ScreeningSource = attrs.field(converter=_source)
    received_on: date = attrs.field(converter=_day)

    def review_by(self, days: int = ALERT_REVIEW_DAYS) -> date:
        """The last day the alert may be reviewed."""
        return self.received_on + timedelta(days=days)


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
    late_reviews: tuple[MonitoringAlert, ...] = ()

    @property
    def compliant(self) -> bool:
        """Screened against every source in every month (or every alert reviewed in time),
        with no unresolved hit."""
        return not self.gaps and not self.hits and not self.late_reviews


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


def _source_codes(
    values: Iterable[MonitoringSource | ScreeningSource | str],
) -> set[ScreeningSource]:
    return {v.source if isinstance(v, MonitoringSource) else _source(v) for v in values}


def _late(alert: MonitoringAlert, screenings: list[Screening], days: int, last: date) -> bool:
    """Whether ``alert``'s review window closed by ``last`` without a screening in it."""
    review_by = alert.review_by(days)
    return review_by <= last and not any(
        s.source is alert.source and alert.received_on <= s.on <= review_by for s in screenings
    )


def monitoring_ledger(
    screenings: Iterable[Screening],
    people: Iterable[str],
    first: date,
    last: date,
    *,
    sources: Iterable[MonitoringSource | ScreeningSource | str] = MONITORING_SOURCES,
    subscribed: Iterable[ScreeningSource | str] = (),
    alerts: Iterable[MonitoringAlert] = (),
) -> MonitoringLedger:
    """Prove monitoring of ``people`` between ``first`` and ``last`` against ``sources``.

    A source in ``subscribed`` (or a :class:`MonitoringSource` that is not ``monthly``) is
    proved by its ``alerts`` instead of by calendar months: each alert received in the period
    must be followed, within the source's ``alert_days`` (30 by default), by a screening of that
    person against that source (an alert whose window runs past ``last`` is not yet late).
    """
    if last < first:
        raise InvalidArgument("the period must not end before it starts")
    given = tuple(sources)
    wanted = tuple(sorted(_source_codes(given)))
    if not wanted:
        raise InvalidArgument("name at least one screening source")
    specs = {s.source: s for s in given if isinstance(s, MonitoringSource)}
    by_alert = _source_codes(subscribed) | {c for c, s in specs.items() if not s.monthly}
    days = {c: s.alert_days for c, s in specs.items()}
    by_person: dict[str, list[Screening]] = {}
    for item in screenings:
        if first <= item.on <= last:
            by_person.setdefault(item.person_id, []).append(item)
    alerts_of: dict[str, list[MonitoringAlert]] = {}
    for alert in alerts:
        if first <= alert.received_on <= last and alert.source in by_alert:
            alerts_of.setdefault(alert.person_id, []).append(alert)
    coverage = []
    for person in sorted({_person(p) for p in people}):
        mine = sorted(by_person.get(person, ()))
        gaps = tuple(
            SourceGap(source, month)
            for source in wanted
            if source not in by_alert
            for month in calendar_month_gaps(
                (s.on for s in mine if s.source is source), first, last
            )
        )
        late = tuple(
            alert
            for alert in sorted(alerts_of.get(person, ()))
            if _late(alert, mine, days.get(alert.source, ALERT_REVIEW_DAYS), last)
        )
        hits = tuple(s for s in mine if s.result is not ScreeningResult.CLEAR)
        coverage.append(
            PersonCoverage(
                person_id=person, screenings=len(mine), gaps=gaps, hits=hits, late_reviews=late
            )
        )
    return MonitoringLedger(first=first, last=last, sources=wanted, people=tuple(coverage))
