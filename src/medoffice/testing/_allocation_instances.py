"""A frozen, seeded suite of batch-allocation instances shared by tests and benchmarks.

Every instance is generated from a seed with :class:`random.Random`, so the same name always
gives the same calendar and requests. Providers work 08:00-12:00 and 13:00-17:00 on weekdays
(UTC); four appointment types last 15, 30, 45 and 60 minutes on a 15-minute grid; about a quarter
of the open time is pre-booked; each request may use two to four providers and asks for a
morning, an afternoon or a whole day. Demand is close to the free capacity, so placing well
matters. ``best_known`` is the best objective found for the instance (the exact optimum where the
MILP proved it), recorded when the suite was frozen (November 2026).

>>> small = generated(requests=20, providers=2, days=2, seed=1)
>>> len(small.requests), len(small.snapshot.setup.providers)
(20, 2)
>>> generated(requests=20, providers=2, days=2, seed=1) == small
True
>>> sorted(SUITE)
['a150', 'a2000', 'a400', 'a900']
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from typing import Final, final

import attrs

from medoffice.kernel import DateRange, TimeRange
from medoffice.scheduling._alloc_model import AllocationRequest
from medoffice.scheduling._appointments import Appointment, AppointmentStatus
from medoffice.scheduling._snapshot import PracticeSetup, ScheduleSnapshot
from medoffice.scheduling._templates import Schedule, WeeklyTemplate, Window
from medoffice.scheduling._types import AppointmentType, Patient

__all__ = ["SUITE", "AllocationInstance", "generated", "suite_instance"]

FIRST_DAY: Final = date(2026, 3, 2)  # a Monday
NOW: Final = datetime(2026, 2, 27, 12, tzinfo=UTC)
_DURATIONS: Final = (15, 30, 45, 60)
_SESSIONS: Final = ((8, 12), (13, 17))


@final
@attrs.frozen(kw_only=True)
class AllocationInstance:
    """A calendar before the batch, the batch, ``now`` and the best objective known."""

    name: str
    snapshot: ScheduleSnapshot
    requests: tuple[AllocationRequest, ...]
    now: datetime
    best_known: int | None = None


#: name: (requests, providers, working days, seed, best known objective)
SUITE: Final[dict[str, tuple[int, int, int, int, int | None]]] = {
    "a150": (150, 5, 3, 150, 144),  # the MILP optimum
    "a400": (400, 8, 5, 400, 399),  # the MILP optimum
    "a900": (900, 12, 7, 900, 891),  # greedy + repair; the MILP stops far short in 200 s
    "a2000": (2000, 20, 10, 2000, 1997),  # greedy + repair with restarts; the bound is 2,000
}


def _working_days(count: int) -> list[date]:
    days: list[date] = []
    day = FIRST_DAY
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=UTC)


def _setup(providers: int) -> PracticeSetup:
    week = WeeklyTemplate(
        effective=DateRange.starting(date(2026, 1, 5)),
        windows=[
            Window(weekday=d, start=time(a), end=time(b)) for d in range(5) for a, b in _SESSIONS
        ],
    )
    return PracticeSetup(
        schedules=[
            Schedule(resource=f"dr-{n:02d}", zone="UTC", templates=[week]) for n in range(providers)
        ],
        appointment_types=[
            AppointmentType(code=f"V{m}", duration_minutes=m, grid_minutes=15) for m in _DURATIONS
        ],
        practice_zone="UTC",
    )


def _prebooked(rng: random.Random, providers: int, days: list[date]) -> list[Appointment]:
    booked: list[Appointment] = []
    for n in range(providers):
        for day in days:
            for a, b in _SESSIONS:
                t = _at(day, a)
                end = _at(day, b)
                while t < end:
                    minutes = rng.choice(_DURATIONS)
                    if rng.random() < 0.25 / 1.6 and t + timedelta(minutes=minutes) <= end:
                        booked.append(
                            Appointment(
                                id=f"pre-{len(booked)}",
                                type_code=f"V{minutes}",
                                provider=f"dr-{n:02d}",
                                patient=f"pre-p-{len(booked)}",
                                span=TimeRange.of_length(t, timedelta(minutes=minutes)),
                                status=AppointmentStatus.BOOKED,
                            )
                        )
                        t += timedelta(minutes=minutes)
                    else:
                        t += timedelta(minutes=15)
    return booked


def _windows(rng: random.Random, days: list[date]) -> list[TimeRange]:
    day = rng.choice(days)
    shape = rng.random()
    if shape < 0.4:
        return [TimeRange(_at(day, 8), _at(day, 12))]
    if shape < 0.8:
        return [TimeRange(_at(day, 13), _at(day, 17))]
    other = rng.choice(days)
    found = [TimeRange(_at(day, 8), _at(day, 17))]
    if other != day:
        found.append(TimeRange(_at(other, 8), _at(other, 12)))
    return found


def generated(
    *, requests: int, providers: int, days: int, seed: int, name: str = "generated"
) -> AllocationInstance:
    """A seeded instance with ``requests`` over ``providers`` and ``days`` working days."""
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not secrets
    run = _working_days(days)
    setup = _setup(providers)
    snapshot = ScheduleSnapshot(setup=setup, appointments=_prebooked(rng, providers, run))
    names = setup.providers
    batch = []
    for n in range(requests):
        minutes = rng.choices(_DURATIONS, weights=(3, 4, 2, 1))[0]
        allowed = rng.sample(names, min(len(names), rng.randint(2, 4)))
        batch.append(
            AllocationRequest(
                id=f"r-{n}",
                type_code=f"V{minutes}",
                patient=Patient(ref=f"p-{n}"),
                windows=_windows(rng, run),
                providers=allowed,
                preferred=allowed[:1] if rng.random() < 0.5 else (),
                priority=rng.choices((0, 1, 2), weights=(6, 3, 1))[0],
            )
        )
    return AllocationInstance(name=name, snapshot=snapshot, requests=tuple(batch), now=NOW)


def suite_instance(name: str, *, scale: float = 1.0) -> AllocationInstance:
    """The frozen instance ``name`` of :data:`SUITE`; ``scale`` < 1 shrinks it (smoke runs)."""
    requests, providers, days, seed, best = SUITE[name]
    if scale >= 1.0:
        found = generated(requests=requests, providers=providers, days=days, seed=seed, name=name)
        return attrs.evolve(found, best_known=best)
    return generated(
        requests=max(1, int(requests * scale)),
        providers=max(2, int(providers * scale)),
        days=max(1, int(days * scale)),
        seed=seed,
        name=name,
    )
