"""Work run in child processes (``spawn``) by the concurrency tests: booking and writing."""

from __future__ import annotations

import random
import threading
import time as clock_time
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pendulum

from medoffice.adapters.sqlite import open_database
from medoffice.budget import Leg, Transaction
from medoffice.kernel import ConcurrencyConflict, DateRange, Money, TimeRange
from medoffice.scheduling import (
    Appointment,
    AppointmentStatus,
    AppointmentType,
    Booked,
    BookingPolicy,
    BookingRequest,
    Patient,
    PracticeSetup,
    Schedule,
    WeeklyTemplate,
    Window,
)
from medoffice.scheduling.services import book

# Nothing from medoffice.testing here: it pulls in pytest and Hypothesis, seconds of start-up
# for each of the eight spawned children.

SLOTS = 50
LEGS = 200


def slot_starts() -> list[datetime]:
    """The 50 half-hour slots every clerk races for (08:00-20:00 UTC, Monday 2 March 2026 on)."""
    starts: list[datetime] = []
    day = date(2026, 3, 2)
    while len(starts) < SLOTS:
        first = datetime.combine(day, time(8), UTC)
        starts += [first + timedelta(minutes=30 * n) for n in range(24)]
        day += timedelta(days=1)
    return starts[:SLOTS]


class _Clock:
    """A clock stopped on Sunday 1 March 2026."""

    def now(self) -> pendulum.DateTime:
        return pendulum.datetime(2026, 3, 1, tz="UTC")


def _setup() -> PracticeSetup:
    week = WeeklyTemplate(
        effective=DateRange.starting(date(2026, 3, 2)),
        windows=[Window(weekday=d, start=time(8), end=time(20)) for d in range(5)],
    )
    return PracticeSetup(
        schedules=[Schedule(resource="dr-0", zone="UTC", templates=[week])],
        appointment_types=[AppointmentType(code="FU", duration_minutes=30)],
        practice_zone="UTC",
    )


def book_slots(
    path: str, process: int, threads: int, seconds: float, ready: Any, results: Any
) -> None:
    """Once every process is ready, run ``threads`` clerks for ``seconds``, each booking random
    slots; put the counts of outcomes on ``results``."""
    database = open_database(path)
    setup = _setup()
    clock = _Clock()
    starts = slot_starts()
    counts: Counter[str] = Counter()
    lock = threading.Lock()
    ready.wait()
    deadline = clock_time.monotonic() + seconds

    def clerk(number: int) -> None:
        chooser = random.Random(process * 1000 + number)
        attempt = 0
        while clock_time.monotonic() < deadline:
            attempt += 1
            request = BookingRequest(
                appointment_id=f"p{process}-t{number}-{attempt}",
                type_code="FU",
                provider="dr-0",
                start=chooser.choice(starts),
                patient=Patient(ref=f"p-{process}-{number}-{attempt}"),
            )
            try:
                decision = book(
                    request,
                    setup=setup,
                    repository=database.appointments,
                    clock=clock,
                    policy=BookingPolicy(),
                    attempts=1000,
                )
            except ConcurrencyConflict:
                outcome = "conflict"
            else:
                outcome = "booked" if isinstance(decision, Booked) else "rejected"
            with lock:
                counts[outcome] += 1

    workers = [threading.Thread(target=clerk, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    database.close()
    results.put(dict(counts))


def write_postings_forever(path: str, started: Any) -> None:
    """Append large balanced transactions until killed; ``started`` is set after the first."""
    database = open_database(path)
    store = database.postings
    number = 0
    while True:
        number += 1
        amount = Money.of(f"{number % 997 + 1}.25", "USD")
        legs = [Leg(account=f"6{n:03d}", amount=amount) for n in range(LEGS // 2)]
        legs += [Leg(account="2000", amount=-amount) for _ in range(LEGS // 2)]
        store.append(Transaction(id=f"T{number}", on=date(2026, 3, 1), legs=legs))
        started.set()


def book_forever(path: str, started: Any) -> None:
    """Book consecutive 10-minute visits until killed; ``started`` is set after the first.

    Each save stores one new appointment and moves the version on by one, in one transaction.
    """
    database = open_database(path)
    repository = database.appointments
    first = datetime(2026, 3, 2, 8, tzinfo=UTC)
    number = 0
    while True:
        stored = repository.load()
        start = first + timedelta(minutes=10 * number)
        visit = Appointment(
            id=f"k-{number}",
            type_code="FU",
            provider="dr-0",
            patient=f"p-{number}",
            span=TimeRange(start, start + timedelta(minutes=10)),
            status=AppointmentStatus.BOOKED,
        )
        repository.save([visit], expected_version=stored.version)
        number += 1
        started.set()
