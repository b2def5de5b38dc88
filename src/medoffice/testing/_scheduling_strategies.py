"""Builders and Hypothesis strategies for scheduling tests.

:func:`weekday_setup` builds a small practice (providers working weekdays, exam rooms, a
follow-up type) that tests and examples share; the strategies draw wall-clock windows, zones
that change their offset, and booking requests on a setup's grid.

>>> setup = weekday_setup(providers=2, rooms=1)
>>> [s.resource for s in setup.schedules]
['dr-0', 'dr-1', 'room-0']
"""

from __future__ import annotations

import functools
import zoneinfo
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Final

from hypothesis import strategies as st

from medoffice.kernel import DateRange
from medoffice.scheduling._booking import BookingRequest
from medoffice.scheduling._snapshot import PracticeSetup
from medoffice.scheduling._templates import (
    ResourceKind,
    Schedule,
    WallWindow,
    WeeklyTemplate,
    Window,
)
from medoffice.scheduling._types import AppointmentType, Patient

__all__ = [
    "booking_requests",
    "transition_days",
    "wall_windows",
    "weekday_setup",
    "zones_with_transitions",
]

MONDAY: Final = date(2026, 1, 5)


def weekday_setup(
    *,
    providers: int = 1,
    rooms: int = 0,
    zone: str = "America/New_York",
    types: Sequence[AppointmentType] = (),
    hours: tuple[tuple[time, time], ...] = ((time(9), time(12)), (time(13), time(17))),
) -> PracticeSetup:
    """Providers ``dr-0``.. and rooms ``room-0``.. (category ``exam-room``) open weekdays."""
    week = WeeklyTemplate(
        effective=DateRange.starting(MONDAY),
        windows=[Window(weekday=d, start=s, end=e) for d in range(5) for s, e in hours],
    )
    schedules = [
        Schedule(resource=f"dr-{n}", zone=zone, templates=[week]) for n in range(providers)
    ]
    schedules += [
        Schedule(
            resource=f"room-{n}",
            zone=zone,
            templates=[week],
            kind=ResourceKind.ROOM,
            category="exam-room",
        )
        for n in range(rooms)
    ]
    return PracticeSetup(
        schedules=schedules,
        appointment_types=types or [AppointmentType(code="FU", duration_minutes=30)],
        practice_zone=zone,
    )


@st.composite
def wall_windows(draw: st.DrawFn, *, grid: int = 15) -> WallWindow:
    """Wall-clock windows on a ``grid``-minute raster, at least one step long."""
    steps = 24 * 60 // grid
    first = draw(st.integers(0, steps - 2))
    last = draw(st.integers(first + 1, steps - 1))
    start, end = first * grid, last * grid
    return WallWindow(start=time(start // 60, start % 60), end=time(end // 60, end % 60))


@functools.cache
def transition_days(first: date, last: date) -> tuple[tuple[str, date], ...]:
    """(zone, local day) of every UTC-offset change between ``first`` and ``last``, all zones.

    Found by stepping each zone day by day at 12:00 UTC and bisecting to the hour; fast enough
    to run once per test session.
    """
    found: list[tuple[str, date]] = []
    start = datetime.combine(first, time(12), UTC)
    days = (last - first).days
    for name in sorted(zoneinfo.available_timezones()):
        try:
            tz = zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):  # pragma: no cover
            continue
        previous = start.astimezone(tz).utcoffset()
        for step in range(1, days + 1):
            moment = start + timedelta(days=step)
            offset = moment.astimezone(tz).utcoffset()
            if offset != previous:
                low, high = moment - timedelta(days=1), moment
                while high - low > timedelta(hours=1):
                    middle = low + (high - low) / 2
                    if middle.astimezone(tz).utcoffset() == previous:
                        low = middle
                    else:
                        high = middle
                found.append((name, high.astimezone(tz).date()))
                previous = offset
    return tuple(found)


def zones_with_transitions(first: date, last: date) -> st.SearchStrategy[tuple[str, date]]:
    """A (zone, transition day) pair from :func:`transition_days`."""
    return st.sampled_from(transition_days(first, last))


@st.composite
def booking_requests(
    draw: st.DrawFn,
    setup: PracticeSetup,
    *,
    first: date,
    days: int = 5,
    patients: int = 4,
    ids: st.SearchStrategy[str] | None = None,
) -> BookingRequest:
    """Requests on the setup's providers at 15-minute wall-clock starts from 08:00 to 17:45."""
    providers = setup.providers
    schedule = setup.schedule(providers[0])
    assert schedule is not None
    tz = zoneinfo.ZoneInfo(schedule.zone)
    day = first + timedelta(days=draw(st.integers(0, days - 1)))
    minute = draw(st.integers(8 * 4, 17 * 4 + 3)) * 15
    start = datetime.combine(day, time(minute // 60, minute % 60), tz).astimezone(UTC)
    kind = draw(st.sampled_from(setup.appointment_types))
    return BookingRequest(
        appointment_id=draw(ids) if ids is not None else draw(st.uuids()).hex,
        type_code=kind.code,
        provider=draw(st.sampled_from(providers)),
        start=start,
        patient=Patient(ref=f"p-{draw(st.integers(0, patients - 1))}"),
        duration_minutes=draw(st.sampled_from(kind.durations)),
    )
