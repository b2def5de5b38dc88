"""Which slice of the calendar a decision reads, and which keys its save is checked against.

Pure functions of the :class:`~medoffice.scheduling.PracticeSetup`: the service asks them for a
:class:`~medoffice.scheduling._slices.SliceQuery` before it loads, builds a
:class:`~medoffice.scheduling.ScheduleSnapshot` from the answer, lets the core decide, and
saves with the versions of :func:`save_keys` of what changed.

- :func:`booking_query`: one visit: its provider's, resources' and patient's local days (and
  every resource of the categories the type asks for, since the decision picks one of them),
  the period of a daily or weekly limit, and a patient's whole future for a one-open rule;
- :func:`calendar_query`: resources (and optionally patients) over a run of instants, for
  searches, waitlist offers and batches;
- :func:`save_keys`: the keys a save of changed appointments is checked against.

>>> from datetime import UTC, date, datetime, time
>>> from medoffice.kernel import DateRange
>>> from medoffice.scheduling._snapshot import PracticeSetup
>>> from medoffice.scheduling._templates import Schedule, WeeklyTemplate, Window
>>> from medoffice.scheduling._types import AppointmentType
>>> week = WeeklyTemplate(
...     effective=DateRange.starting(date(2026, 1, 5)),
...     windows=[Window(weekday=0, start=time(9), end=time(17))],
... )
>>> setup = PracticeSetup(
...     schedules=[Schedule(resource="dr-a", zone="America/New_York", templates=[week])],
...     appointment_types=[AppointmentType(code="FU", duration_minutes=30)],
...     practice_zone="America/New_York",
... )
>>> query = booking_query(
...     setup,
...     type_code="FU",
...     provider="dr-a",
...     start=datetime(2026, 3, 2, 14, tzinfo=UTC),
...     patient="p-1",
...     now=datetime(2026, 3, 1, tzinfo=UTC),
... )
>>> sorted((k.lane, str(k.day)) for k in query.keys)
[('patient:p-1', '2026-03-02'), ('resource:dr-a', '2026-03-02')]
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from medoffice.kernel import TimeRange
from medoffice.scheduling._appointments import Appointment
from medoffice.scheduling._slices import (
    FOREVER,
    PATIENT,
    LaneWindow,
    SliceKey,
    SliceQuery,
    appointment_lanes,
    day_window,
    local_days,
    patient_lane,
    resource_lane,
)
from medoffice.scheduling._snapshot import PracticeSetup
from medoffice.scheduling._time import zone
from medoffice.scheduling._types import AppointmentType, LimitPeriod

__all__ = [
    "appointment_query",
    "booking_query",
    "calendar_query",
    "key_query",
    "lane_zone",
    "save_keys",
]


def lane_zone(setup: PracticeSetup, lane: str) -> ZoneInfo:
    """The zone whose days version ``lane``: the resource's own, else the practice's."""
    if not lane.startswith(PATIENT):
        schedule = setup.schedule(lane.split(":", 1)[1])
        if schedule is not None:
            return zone(schedule.zone)
    return zone(setup.practice_zone)


def _days_of(
    setup: PracticeSetup, lane: str, window: TimeRange
) -> tuple[LaneWindow, set[SliceKey]]:
    """The whole local days of ``lane`` that ``window`` touches, and their keys."""
    tz = lane_zone(setup, lane)
    days = local_days(window, tz)
    return (
        LaneWindow(lane=lane, window=day_window(days[0], days[-1], tz)),
        {SliceKey(lane=lane, day=d) for d in days},
    )


def _pool(setup: PracticeSetup, kind: AppointmentType) -> set[str]:
    found: set[str] = set()
    for requirement in kind.resources:
        found.update(
            r
            for r in setup.in_category(requirement.category)
            if not requirement.among or r in requirement.among
        )
    return found


def _period(setup: PracticeSetup, period: LimitPeriod, start: datetime) -> TimeRange:
    tz = zone(setup.practice_zone)
    day = start.astimezone(tz).date()
    if period is LimitPeriod.DAY:
        return day_window(day, day, tz)
    monday = day - timedelta(days=day.weekday())
    return day_window(monday, monday + timedelta(days=6), tz)


def rule_query(
    setup: PracticeSetup,
    kind: AppointmentType,
    *,
    provider: str,
    patient: str | None,
    start: datetime,
    now: datetime,
) -> SliceQuery:
    """What the type's rules read beyond the visit's own days: limit periods, open visits."""
    reads: list[LaneWindow] = []
    keys: set[SliceKey] = set()
    for period in sorted({limit.period for limit in kind.limits}):
        window, found = _days_of(setup, resource_lane(provider), _period(setup, period, start))
        reads.append(window)
        keys |= found
    if patient is not None and kind.patients.one_open:
        lane = patient_lane(patient)
        reads.append(LaneWindow(lane=lane, window=TimeRange(min(now, start), FOREVER)))
        keys.add(SliceKey(lane=lane, day=None))
    return SliceQuery(reads=reads, keys=keys)


def booking_query(
    setup: PracticeSetup,
    *,
    type_code: str,
    provider: str,
    start: datetime,
    now: datetime,
    patient: str | None = None,
    duration_minutes: int | None = None,
    resources: Iterable[str] = (),
) -> SliceQuery:
    """The slice one booking of ``type_code`` with ``provider`` at ``start`` reads."""
    kind = setup.appointment_type(type_code)
    minutes = duration_minutes or kind.duration_minutes
    held = TimeRange(
        start - timedelta(minutes=kind.buffer_before_minutes),
        start + timedelta(minutes=minutes + kind.buffer_after_minutes),
    )
    lanes = {resource_lane(r) for r in {provider, *resources, *_pool(setup, kind)}}
    if patient is not None:
        lanes.add(patient_lane(patient))
    reads: list[LaneWindow] = []
    keys: set[SliceKey] = set()
    for lane in sorted(lanes):
        window, found = _days_of(setup, lane, held)
        reads.append(window)
        keys |= found
    own = SliceQuery(reads=reads, keys=keys)
    return own | rule_query(setup, kind, provider=provider, patient=patient, start=start, now=now)


def calendar_query(
    setup: PracticeSetup,
    *,
    resources: Iterable[str],
    window: TimeRange,
    patients: Iterable[str] = (),
    now: datetime | None = None,
) -> SliceQuery:
    """Read-only: ``resources`` over the local days ``window`` touches; ``patients`` from the
    same start (or ``now``, if earlier) on, so their open visits are known."""
    reads = [_days_of(setup, resource_lane(r), window)[0] for r in sorted(set(resources))]
    if patients:
        begin = window.start if now is None else min(now, window.start)
        reads.extend(
            LaneWindow(lane=patient_lane(p), window=TimeRange(begin, FOREVER))
            for p in sorted(set(patients))
        )
    return SliceQuery(reads=reads)


def appointment_keys(setup: PracticeSetup, appointment: Appointment) -> set[SliceKey]:
    """The keys of every lane of ``appointment`` on the local days its held time touches."""
    keys: set[SliceKey] = set()
    for lane in appointment_lanes(appointment):
        tz = lane_zone(setup, lane)
        keys.update(SliceKey(lane=lane, day=d) for d in local_days(appointment.held, tz))
    return keys


def appointment_query(setup: PracticeSetup, appointment: Appointment) -> SliceQuery:
    """The days of every lane of a stored appointment (to cancel, mark or move it)."""
    reads: list[LaneWindow] = []
    keys: set[SliceKey] = set()
    for lane in sorted(appointment_lanes(appointment)):
        window, found = _days_of(setup, lane, appointment.held)
        reads.append(window)
        keys |= found
    return SliceQuery(reads=reads, keys=keys)


def save_keys(
    setup: PracticeSetup,
    changed: Iterable[Appointment],
    *,
    before: Iterable[Appointment] = (),
    now: datetime,
) -> frozenset[SliceKey]:
    """The keys a save of ``changed`` (replacing ``before``) is checked against and bumps.

    The days of every lane of every new and replaced appointment, and for a new visit that
    holds time, the keys its type's rules read (limit periods, the patient's whole lane).
    """
    keys: set[SliceKey] = set()
    for item in before:
        keys |= appointment_keys(setup, item)
    for item in changed:
        keys |= appointment_keys(setup, item)
        if item.holds_time:
            kind = setup.appointment_type(item.type_code)
            keys |= rule_query(
                setup,
                kind,
                provider=item.provider,
                patient=item.patient,
                start=item.span.start,
                now=now,
            ).keys
    return frozenset(keys)


def key_query(setup: PracticeSetup, keys: Iterable[SliceKey], now: datetime) -> SliceQuery:
    """Read ``keys``: their versions, and their lane-days (a whole lane from ``now`` on)."""
    reads = []
    for key in keys:
        if key.day is None:
            reads.append(LaneWindow(lane=key.lane, window=TimeRange(now, FOREVER)))
        else:
            tz = lane_zone(setup, key.lane)
            reads.append(LaneWindow(lane=key.lane, window=day_window(key.day, key.day, tz)))
    return SliceQuery(reads=reads, keys=keys)
