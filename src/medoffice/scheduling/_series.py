"""Recurring series: weekly physiotherapy, monthly injections, every occurrence checked.

A :class:`Recurrence` is the subset of RFC 5545 RRULE a practice uses: daily, weekly or monthly,
an interval, weekdays, a count or an end date, and exception dates. Occurrences are generated
in **wall-clock time** of the provider's zone with python-dateutil (the 09:00 visit stays at
09:00 across a daylight-saving change) and each is turned into an instant by the
:class:`~medoffice.scheduling.DstPolicy`. A monthly rule on the 31st skips months without one,
as RFC 5545 says.

:func:`decide_series` checks every occurrence (not just the first two) against the calendar and
against the occurrences already accepted. ``SeriesMode.ALL_OR_NOTHING`` books all or none;
``SeriesMode.FEASIBLE`` books what fits. Each refused occurrence comes with bookable
alternatives: the same weekday of the following weeks, then the neighbouring days, then other
providers the type names as eligible.
:func:`select_occurrences` picks the appointments an edit touches: this one, this and the
following ones, or all of the series; :func:`cancel_series` and :func:`move_series` apply it.

More information: RFC 5545 section 3.3.10, Recurrence Rule
(https://www.rfc-editor.org/rfc/rfc5545#section-3.3.10).

>>> from datetime import date, datetime
>>> weekly = Recurrence(frequency=Frequency.WEEKLY, count=3)
>>> [d.isoformat() for d in occurrences(weekly, datetime(2026, 2, 26, 9), "America/New_York")]
['2026-02-26T14:00:00+00:00', '2026-03-05T14:00:00+00:00', '2026-03-12T13:00:00+00:00']
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Final, Literal, final

import attrs
from dateutil import rrule

from medoffice.kernel import DateRange, InvalidArgument, InvalidValue, TimeRange
from medoffice.scheduling._appointments import Appointment, CancelReason, cancel
from medoffice.scheduling._booking import (
    Booked,
    BookingPolicy,
    BookingRequest,
    Rejected,
    decide_booking,
)
from medoffice.scheduling._conflicts import Conflict
from medoffice.scheduling._convert import to_frozenset
from medoffice.scheduling._planning import booking_query, calendar_query
from medoffice.scheduling._slices import SliceQuery
from medoffice.scheduling._slots import Slot, open_slots
from medoffice.scheduling._snapshot import PracticeSetup, ScheduleSnapshot
from medoffice.scheduling._time import DstPolicy, resolve, zone
from medoffice.scheduling._types import Patient
from medoffice.scheduling.ports import ProviderEligibility

__all__ = [
    "EditScope",
    "Frequency",
    "OccurrenceRejected",
    "Recurrence",
    "SeriesDecision",
    "SeriesMode",
    "SeriesRequest",
    "alternative_days",
    "alternative_providers",
    "cancel_series",
    "decide_series",
    "move_series",
    "occurrences",
    "select_occurrences",
    "series_query",
]

_MAX_OCCURRENCES = 520
_WEEKS_AHEAD: Final = 3
_DAYS_AROUND: Final = 3


@final
class Frequency(enum.StrEnum):
    """How often the series repeats."""

    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"


_RRULE_DAYS = (rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA, rrule.SU)
_RRULE_FREQ: Final[dict[Frequency, Literal[1, 2, 3]]] = {
    Frequency.DAILY: rrule.DAILY,
    Frequency.WEEKLY: rrule.WEEKLY,
    Frequency.MONTHLY: rrule.MONTHLY,
}


def _weekdays(value: Iterable[int]) -> frozenset[int]:
    days: frozenset[object] = frozenset(value)
    checked = {d for d in days if isinstance(d, int) and not isinstance(d, bool) and 0 <= d <= 6}
    if len(checked) != len(days):
        raise InvalidValue("weekdays are 0 (Monday) to 6 (Sunday)")
    return frozenset(checked)


@final
@attrs.frozen(kw_only=True)
class Recurrence:
    """An RRULE subset; exactly one of ``count`` and ``until`` (an inclusive last day) is given."""

    frequency: Frequency = attrs.field(converter=Frequency)
    interval: int = 1
    weekdays: frozenset[int] = attrs.field(default=frozenset(), converter=_weekdays)
    count: int | None = None
    until: date | None = None
    exceptions: frozenset[date] = attrs.field(default=frozenset(), converter=to_frozenset)

    def __attrs_post_init__(self) -> None:
        interval: object = self.interval
        if isinstance(interval, bool) or not isinstance(interval, int) or interval < 1:
            raise InvalidValue("the interval is a whole number of at least 1")
        if (self.count is None) == (self.until is None):
            raise InvalidValue("a series ends after a count or on a day: give exactly one")
        if self.count is not None and not 1 <= self.count <= _MAX_OCCURRENCES:
            raise InvalidValue(f"a series has 1 to {_MAX_OCCURRENCES} occurrences")


def wall_occurrences(rule: Recurrence, first: datetime) -> tuple[datetime, ...]:
    """The naive wall-clock starts of the series beginning at the naive ``first``."""
    if first.tzinfo is not None:
        raise InvalidArgument("a series starts at a wall-clock time: pass a naive datetime")
    until = datetime.combine(rule.until, time.max) if rule.until is not None else None
    generated = rrule.rrule(
        _RRULE_FREQ[rule.frequency],
        dtstart=first,
        interval=rule.interval,
        byweekday=[_RRULE_DAYS[d] for d in sorted(rule.weekdays)] or None,
        count=rule.count,
        until=until,
        cache=False,
    )
    result: list[datetime] = []
    for start in generated:
        if len(result) >= _MAX_OCCURRENCES:
            break
        if start.date() not in rule.exceptions:
            result.append(start)
    return tuple(result)


def occurrences(
    rule: Recurrence, first: datetime, zone_name: str, dst: DstPolicy | None = None
) -> tuple[datetime, ...]:
    """The UTC instants of the series (an occurrence dropped by the DST policy is left out)."""
    tz = zone(zone_name)
    policy = dst or DstPolicy()
    found = (resolve(w.date(), w.time(), tz, policy) for w in wall_occurrences(rule, first))
    return tuple(i for i in found if i is not None)


@final
class SeriesMode(enum.StrEnum):
    """Book every occurrence or none, or book those that fit."""

    ALL_OR_NOTHING = "all-or-nothing"
    FEASIBLE = "feasible"


@final
@attrs.frozen(kw_only=True)
class SeriesRequest:
    """A series for one patient with one provider, from the naive wall-clock ``first``."""

    series_id: str
    type_code: str
    provider: str
    patient: Patient
    first: datetime
    recurrence: Recurrence
    duration_minutes: int | None = None
    resources: frozenset[str] = attrs.field(default=frozenset(), converter=to_frozenset)


@final
@attrs.frozen(kw_only=True)
class OccurrenceRejected:
    """An occurrence that cannot be booked, why, and bookable alternatives."""

    start: datetime
    conflicts: tuple[Conflict, ...]
    alternatives: tuple[Slot, ...] = ()


@final
@attrs.frozen(kw_only=True)
class SeriesDecision:
    """The appointments to save and the occurrences refused."""

    booked: tuple[Appointment, ...]
    rejected: tuple[OccurrenceRejected, ...]

    @property
    def complete(self) -> bool:
        """Whether every occurrence was booked."""
        return not self.rejected


def decide_series(
    snapshot: ScheduleSnapshot,
    request: SeriesRequest,
    policy: BookingPolicy,
    now: datetime,
    *,
    mode: SeriesMode = SeriesMode.ALL_OR_NOTHING,
    alternatives: int = 3,
    eligibility: ProviderEligibility | None = None,
) -> SeriesDecision:
    """Check every occurrence; book as ``mode`` says; suggest ``alternatives`` for refusals.

    Alternatives are sought once every occurrence is decided, so none of them collides with
    the series itself: the same provider on the same weekday of the following weeks, then on
    the neighbouring days, then (when the type names its eligible providers) another of them
    on the same days. On each day the start nearest the occurrence's wall-clock time is taken;
    each alternative is a slot the booking decision accepts on the calendar as read.
    """
    zone_name = _zone_name(snapshot, request.provider)
    starts = occurrences(request.recurrence, request.first, zone_name, snapshot.setup.dst)
    booked: list[Appointment] = []
    refused: list[tuple[datetime, tuple[Conflict, ...]]] = []
    working = snapshot
    for number, start in enumerate(starts, 1):
        decision = decide_booking(
            working,
            BookingRequest(
                appointment_id=f"{request.series_id}-{number}",
                type_code=request.type_code,
                provider=request.provider,
                start=start,
                patient=request.patient,
                duration_minutes=request.duration_minutes,
                resources=request.resources,
                series_id=request.series_id,
            ),
            policy,
            now,
            eligibility=eligibility,
        )
        if isinstance(decision, Booked):
            booked.append(decision.appointment)
            working = working.with_appointments([decision.appointment])
        else:
            refused.append((start, decision.conflicts))
    rejected = tuple(
        OccurrenceRejected(
            start=start,
            conflicts=conflicts,
            alternatives=_alternatives(
                working, request, start, now=now, wanted=alternatives, eligibility=eligibility
            ),
        )
        for start, conflicts in refused
    )
    if rejected and mode is SeriesMode.ALL_OR_NOTHING:
        return SeriesDecision(booked=(), rejected=rejected)
    return SeriesDecision(booked=tuple(booked), rejected=rejected)


def _zone_name(snapshot: ScheduleSnapshot, provider: str) -> str:
    schedule = snapshot.setup.schedule(provider)
    return schedule.zone if schedule is not None else snapshot.setup.practice_zone


def alternative_days(day: date) -> tuple[date, ...]:
    """Where a refused occurrence's alternatives are sought, in order: the same weekday of
    the following weeks, then the neighbouring days, nearest first."""
    weeks = tuple(day + timedelta(weeks=n) for n in range(1, _WEEKS_AHEAD + 1))
    near = tuple(
        day + timedelta(days=sign * n) for n in range(1, _DAYS_AROUND + 1) for sign in (-1, 1)
    )
    return weeks + near


def alternative_providers(setup: PracticeSetup, type_code: str, provider: str) -> tuple[str, ...]:
    """The provider asked for, then the others the type names as eligible (none when the
    type names nobody: a visit open to anyone does not hand a patient over by itself)."""
    kind = setup.appointment_type(type_code)
    others = sorted(p for p in kind.eligible_providers if p != provider and setup.schedule(p))
    return (provider, *others)


def _alternatives(
    snapshot: ScheduleSnapshot,
    request: SeriesRequest,
    start: datetime,
    *,
    now: datetime,
    wanted: int,
    eligibility: ProviderEligibility | None,
) -> tuple[Slot, ...]:
    found: list[Slot] = []
    if wanted < 1:
        return ()
    for provider in alternative_providers(snapshot.setup, request.type_code, request.provider):
        tz = zone(_zone_name(snapshot, provider))
        local = start.astimezone(tz)
        days = (local.date(), *alternative_days(local.date()))
        if provider == request.provider:
            days = days[1:]
        for day in days:
            slots = open_slots(
                snapshot,
                type_code=request.type_code,
                provider=provider,
                days=DateRange.single(day),
                now=now,
                patient=request.patient,
                duration_minutes=request.duration_minutes,
                resources=request.resources,
                eligibility=eligibility,
            )
            if slots:
                target = datetime.combine(day, local.time(), tz)
                found.append(min(slots, key=lambda s: (abs(s.start - target), s.start)))
            if len(found) == wanted:
                return tuple(found)
    return tuple(found)


def series_query(setup: PracticeSetup, request: SeriesRequest, now: datetime) -> SliceQuery:
    """The slice a series decision reads: each occurrence as a booking, and the days and
    providers its alternatives may come from."""
    schedule = setup.schedule(request.provider)
    zone_name = schedule.zone if schedule is not None else setup.practice_zone
    starts = occurrences(request.recurrence, request.first, zone_name, setup.dst)
    query = SliceQuery()
    for start in starts:
        query = query | booking_query(
            setup,
            type_code=request.type_code,
            provider=request.provider,
            start=start,
            now=now,
            patient=request.patient.ref,
            duration_minutes=request.duration_minutes,
            resources=request.resources,
        )
    if not starts:
        return query
    reach = TimeRange(
        starts[0] - timedelta(days=_DAYS_AROUND + 1),
        starts[-1] + timedelta(weeks=_WEEKS_AHEAD, days=_DAYS_AROUND + 1),
    )
    kind = setup.appointment_type(request.type_code)
    pool = [r for q in kind.resources for r in setup.in_category(q.category)]
    return query | calendar_query(
        setup,
        resources=[
            *alternative_providers(setup, request.type_code, request.provider),
            *request.resources,
            *pool,
        ],
        window=reach,
        patients=[request.patient.ref],
        now=now,
    )


@final
class EditScope(enum.StrEnum):
    """Which occurrences an edit of one occurrence touches."""

    THIS = "this"
    THIS_AND_FOLLOWING = "this-and-following"
    ALL = "all"


def select_occurrences(
    appointments: Iterable[Appointment], *, pivot: Appointment, scope: EditScope
) -> tuple[Appointment, ...]:
    """The holding appointments of ``pivot``'s series that an edit with ``scope`` touches."""
    if scope is EditScope.THIS or pivot.series_id is None:
        return (pivot,)
    same = sorted(
        (a for a in appointments if a.series_id == pivot.series_id and a.holds_time),
        key=lambda a: a.span.start,
    )
    if scope is EditScope.ALL:
        return tuple(same)
    return tuple(a for a in same if a.span.start >= pivot.span.start)


def cancel_series(
    snapshot: ScheduleSnapshot,
    *,
    pivot_id: str,
    scope: EditScope,
    at: datetime,
    reason: CancelReason,
    policy: BookingPolicy,
) -> tuple[Appointment, ...]:
    """The selected occurrences, cancelled."""
    pivot = snapshot.get(pivot_id)
    if pivot is None:
        raise InvalidArgument("no appointment has that id")
    return tuple(
        cancel(a, at=at, reason=reason, late_window_hours=policy.late_cancel_hours)
        for a in select_occurrences(snapshot.appointments, pivot=pivot, scope=scope)
    )


def move_series(
    snapshot: ScheduleSnapshot,
    *,
    pivot_id: str,
    scope: EditScope,
    shift: timedelta,
    policy: BookingPolicy,
    now: datetime,
    patient: Patient,
) -> tuple[tuple[Appointment, ...], SeriesDecision]:
    """Move the selected occurrences by ``shift`` of wall-clock time, all or none.

    Returns the cancelled originals and the decision for their replacements (ids get ``~``
    and the new wall-clock start appended); when any replacement is refused nothing is booked.
    """
    pivot = snapshot.get(pivot_id)
    if pivot is None:
        raise InvalidArgument("no appointment has that id")
    chosen = select_occurrences(snapshot.appointments, pivot=pivot, scope=scope)
    ignore = frozenset(a.id for a in chosen)
    schedule = snapshot.setup.schedule(pivot.provider)
    tz = zone(schedule.zone if schedule is not None else snapshot.setup.practice_zone)
    working = snapshot
    booked: list[Appointment] = []
    rejected: list[OccurrenceRejected] = []
    for item in chosen:
        wall = item.span.start.astimezone(tz).replace(tzinfo=None) + shift
        start = resolve(wall.date(), wall.time(), tz, snapshot.setup.dst)
        if start is None:
            raise InvalidArgument("the moved time falls in a daylight-saving gap the policy drops")
        decision: Booked | Rejected = decide_booking(
            working,
            BookingRequest(
                appointment_id=f"{item.id}~{wall:%Y%m%dT%H%M}",
                type_code=item.type_code,
                provider=item.provider,
                start=start,
                patient=patient,
                duration_minutes=int(item.span.duration.total_seconds()) // 60,
                resources=item.resources,
                series_id=item.series_id,
            ),
            policy,
            now,
            ignore=ignore,
        )
        if isinstance(decision, Booked):
            booked.append(decision.appointment)
            working = working.with_appointments([decision.appointment])
        else:
            rejected.append(OccurrenceRejected(start=start, conflicts=decision.conflicts))
    cancelled = tuple(
        cancel(
            a, at=now, reason=CancelReason.RESCHEDULED, late_window_hours=policy.late_cancel_hours
        )
        for a in chosen
    )
    if rejected:
        return (), SeriesDecision(booked=(), rejected=tuple(rejected))
    return cancelled, SeriesDecision(booked=tuple(booked), rejected=())
