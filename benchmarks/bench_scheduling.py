"""Benchmarks of the scheduling core: the four figures the appointment book is held to.

- open slots for one provider over 31 days with 500 bookings: p50 <= 1 ms;
- open slots with any of 20 providers over 92 days: <= 20 ms;
- one booking decision: <= 1 ms;
- the next available slots across 50 providers over 180 days: <= 100 ms.

Workloads are generated (seeded) and sized by the ``scale`` fixture, so ``make test`` runs them
once at a hundredth of the size.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from medoffice.kernel import DateRange, TimeRange
from medoffice.scheduling._appointments import Appointment, AppointmentStatus
from medoffice.scheduling._booking import Booked, BookingPolicy, BookingRequest, decide_booking
from medoffice.scheduling._slots import next_available, open_slots, open_slots_any
from medoffice.scheduling._snapshot import PracticeSetup, ScheduleSnapshot
from medoffice.scheduling._templates import Schedule, WeeklyTemplate, Window
from medoffice.scheduling._types import AppointmentType, Patient

ZONE = "America/New_York"
FIRST_DAY = date(2027, 1, 4)  # a Monday
NOW = datetime(2027, 1, 2, 12, tzinfo=UTC)
GRID = 15
WEEK = WeeklyTemplate(
    effective=DateRange.starting(date(2026, 1, 5)),
    windows=[
        Window(weekday=d, start=start, end=end)
        for d in range(5)
        for start, end in ((time(8), time(12)), (time(13), time(17)))
    ],
)
FOLLOW_UP = AppointmentType(code="FU", duration_minutes=15, grid_minutes=GRID)


def _setup(providers: int) -> PracticeSetup:
    return PracticeSetup(
        schedules=[
            Schedule(resource=f"dr-{n:02d}", zone=ZONE, templates=[WEEK]) for n in range(providers)
        ],
        appointment_types=[FOLLOW_UP],
        practice_zone=ZONE,
    )


def _grid_starts(days: int) -> list[datetime]:
    """Every 15-minute start inside the template over ``days`` days from ``FIRST_DAY``."""
    tz = _zone()
    starts = []
    for offset in range(days):
        day = FIRST_DAY + timedelta(days=offset)
        if day.weekday() >= 5:
            continue
        for hour in (8, 9, 10, 11, 13, 14, 15, 16):
            for minute in range(0, 60, GRID):
                starts.append(datetime.combine(day, time(hour, minute), tz).astimezone(UTC))
    return starts


def _zone() -> Any:
    from zoneinfo import ZoneInfo  # noqa: PLC0415

    return ZoneInfo(ZONE)


def _book(provider: str, starts: list[datetime], prefix: str) -> list[Appointment]:
    return [
        Appointment(
            id=f"{prefix}-{n}",
            type_code="FU",
            provider=provider,
            patient=f"p-{prefix}-{n}",
            span=TimeRange(start, start + timedelta(minutes=15)),
            status=AppointmentStatus.BOOKED,
        )
        for n, start in enumerate(starts)
    ]


def _snapshot(providers: int, days: int, fill: float, rng: random.Random) -> ScheduleSnapshot:
    starts = _grid_starts(days)
    appointments: list[Appointment] = []
    for n in range(providers):
        taken = rng.sample(starts, int(len(starts) * fill))
        appointments += _book(f"dr-{n:02d}", taken, f"b{n}")
    snapshot = ScheduleSnapshot(setup=_setup(providers), appointments=appointments)
    snapshot.busy("dr-00", 0, 1)  # build the index once, as a long-lived snapshot would
    return snapshot


def _run(benchmark: Any, action: Callable[[], Any]) -> Any:
    return benchmark.pedantic(action, rounds=50, iterations=1, warmup_rounds=2)


def test_open_slots_one_provider_31_days_500_bookings(benchmark: Any, scale: float) -> None:
    """Open slots for one provider over 31 days with 500 bookings (target p50 <= 1 ms)."""
    rng = random.Random(7)
    starts = _grid_starts(31)
    taken = rng.sample(starts, max(1, int(500 * scale)))
    snapshot = ScheduleSnapshot(setup=_setup(1), appointments=_book("dr-00", taken, "b"))
    days = DateRange(FIRST_DAY, FIRST_DAY + timedelta(days=30))

    def search() -> Any:
        return open_slots(snapshot, type_code="FU", provider="dr-00", days=days, now=NOW)

    slots = _run(benchmark, search)
    assert len(slots) == len(starts) - len(taken)


def test_open_slots_any_of_20_providers_92_days(benchmark: Any, scale: float) -> None:
    """Open slots with any of 20 providers over 92 days, half booked (target <= 20 ms)."""
    providers = max(1, int(20 * scale))
    snapshot = _snapshot(providers, 92, 0.5, random.Random(11))
    pool = [f"dr-{n:02d}" for n in range(providers)]
    days = DateRange(FIRST_DAY, FIRST_DAY + timedelta(days=91))

    def search() -> Any:
        return open_slots_any(snapshot, type_code="FU", providers=pool, days=days, now=NOW)

    assert _run(benchmark, search)


def test_one_booking_decision(benchmark: Any, scale: float) -> None:
    """One booking decision on a calendar of 500 bookings (target <= 1 ms)."""
    rng = random.Random(3)
    starts = _grid_starts(31)
    taken = rng.sample(starts, max(1, int(500 * scale)))
    snapshot = ScheduleSnapshot(setup=_setup(1), appointments=_book("dr-00", taken, "b"))
    free = sorted(set(starts) - set(taken))[len(starts) // 4 % max(1, len(starts) - len(taken))]
    request = BookingRequest(
        appointment_id="new",
        type_code="FU",
        provider="dr-00",
        start=free,
        patient=Patient(ref="p-new"),
    )
    policy = BookingPolicy()

    def decide() -> Any:
        return decide_booking(snapshot, request, policy, NOW)

    assert isinstance(_run(benchmark, decide), Booked)


def test_next_available_50_providers_180_days(benchmark: Any, scale: float) -> None:
    """The next 10 open starts across 50 providers booked solid for five months (<= 100 ms)."""
    providers = max(1, int(50 * scale))
    days = 180
    snapshot = _snapshot(providers, 150, 1.0, random.Random(5))
    pool = [f"dr-{n:02d}" for n in range(providers)]

    def search() -> Any:
        return next_available(
            snapshot, type_code="FU", providers=pool, now=NOW, count=10, within_days=days
        )

    slots = _run(benchmark, search)
    assert len(slots) == 10
    assert slots[0].start.date() >= FIRST_DAY + timedelta(days=150)
