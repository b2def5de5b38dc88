"""Work run in child processes (``spawn``) by the concurrency tests: booking and writing.

``target`` is a SQLite file's path or a PostgreSQL URL (with ``?practice=``), so the SQLite and
the PostgreSQL tests race and kill the very same work.
"""

from __future__ import annotations

import random
import threading
import time as clock_time
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from medoffice.adapters.databases import is_postgres_url, split_practice
from medoffice.adapters.postgres import PostgresDatabase
from medoffice.adapters.postgres import open_database as open_postgres
from medoffice.adapters.sqlite import (
    SqliteDatabase,
    open_database,
)
from medoffice.budget._ledger import Leg, Transaction
from medoffice.kernel import ConcurrencyConflict, DateRange, Money, TimeRange
from medoffice.scheduling import (
    Appointment,
    AppointmentStatus,
    AppointmentType,
    Booked,
    BookingRequest,
    Patient,
    PracticeSetup,
    Schedule,
    Scheduling,
    WeeklyTemplate,
    Window,
)
from medoffice.scheduling._slices import SliceKey, SliceQuery
from medoffice.scheduling._waitlist import WaitlistEntry
from medoffice.scheduling.ports import AppointmentRepository, SchedulingStore
from medoffice.testing._scheduling_contracts import whole_lane
from medoffice.testing._stores import SwappedStore

# Nothing from medoffice.testing here: it pulls in pytest and Hypothesis, seconds of start-up
# for each of the eight spawned children.

SLOTS = 50
LEGS = 200
POOL_SIZE = 6  # per process: 8 processes stay well under the server's 100 connections


def _open(target: str) -> SqliteDatabase | PostgresDatabase:
    if is_postgres_url(target):
        url, practice = split_practice(target)
        return open_postgres(url, practice=practice, pool_size=POOL_SIZE)
    return open_database(target)


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

    def now(self) -> datetime:
        return datetime(2026, 3, 1, tzinfo=UTC)


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
    database = _open(path)
    scheduling = Scheduling(database, setup=_setup(), clock=_Clock(), attempts=1000)
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
                decision = scheduling.book(request)
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
    database = _open(path)
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

    Each save stores one new appointment and moves the version of the whole lane of ``dr-0``
    on by one, in one transaction.
    """
    database = _open(path)
    repository = database.appointments
    first = datetime(2026, 3, 2, 8, tzinfo=UTC)
    number = 0
    key = whole_lane("dr-0")
    while True:
        stored = repository.load(SliceQuery(keys=[key]))
        start = first + timedelta(minutes=10 * number)
        visit = Appointment(
            id=f"k-{number}",
            type_code="FU",
            provider="dr-0",
            patient=f"p-{number}",
            span=TimeRange(start, start + timedelta(minutes=10)),
            status=AppointmentStatus.BOOKED,
        )
        repository.save([visit], expected={key: stored.version(key)})
        number += 1
        started.set()


# -- accepting waitlist offers: the appointment and the waitlist in one unit of work -------------


def opening(number: int) -> TimeRange:
    """The ``number``-th free half hour of the calendar (08:00-20:00 UTC, from 2 March 2026)."""
    start = slot_starts()[0] + timedelta(days=number // 24, minutes=30 * (number % 24))
    return TimeRange(start, start + timedelta(minutes=30))


def _long_setup() -> PracticeSetup:
    week = WeeklyTemplate(
        effective=DateRange.starting(date(2026, 3, 2)),
        windows=[Window(weekday=d, start=time(8), end=time(20)) for d in range(7)],
    )
    return PracticeSetup(
        schedules=[Schedule(resource="dr-0", zone="UTC", templates=[week])],
        appointment_types=[AppointmentType(code="FU", duration_minutes=30)],
        practice_zone="UTC",
    )


def _offer_one(
    scheduling: Scheduling, database: SqliteDatabase | PostgresDatabase, number: int
) -> str:
    """Put entry ``w-<number>`` on the waitlist for its own half hour and offer it; the offer id."""
    entry = WaitlistEntry(
        id=f"w-{number}",
        patient=Patient(ref=f"p-{number}"),
        type_code="FU",
        requested_periods=[opening(number)],
        created=_Clock().now(),
    )
    with database.unit_of_work() as uow:
        uow.waitlist.save(entries=[entry], expected_version=uow.waitlist.load().version)
    (offer,) = scheduling.offer_from_waitlist(opening(number), ["dr-0"])
    return offer.id


def accept_offers_forever(path: str, started: Any) -> None:
    """Offer and accept one waitlist entry after another until killed.

    Each acceptance saves the appointment ``a-<n>`` and then the waitlist (entry ``w-<n>`` booked,
    its offer accepted) in one unit of work. ``started`` is set after the first.
    """
    database = _open(path)
    scheduling = Scheduling(database, setup=_long_setup(), clock=_Clock())
    number = 0
    while True:
        offer_id = _offer_one(scheduling, database, number)
        decision = scheduling.accept_offer(offer_id, appointment_id=f"a-{number}")
        assert isinstance(decision, Booked)
        number += 1
        started.set()


class _PausingAppointments:
    """The unit's appointments: after the save, say so and wait (to be killed there)."""

    def __init__(self, inner: AppointmentRepository, paused: Any) -> None:
        self._inner = inner
        self._paused = paused

    def load(self, query: SliceQuery) -> Any:
        return self._inner.load(query)

    def find(self, ids: Collection[str]) -> Any:
        return self._inner.find(ids)

    def save(self, changed: Sequence[Appointment], *, expected: Mapping[SliceKey, int]) -> Any:
        version = self._inner.save(changed, expected=expected)
        self._paused.set()
        clock_time.sleep(3600)
        return version  # pragma: no cover - killed while sleeping


def accept_and_stop_between_the_writes(path: str, paused: Any) -> None:
    """Offer entry ``w-0``, then accept it and stop for good between the unit's two writes.

    The appointment ``a-0`` is saved inside the unit of work, ``paused`` is set, and the process
    sleeps until it is killed, before the waitlist is saved and the unit committed.
    """
    database = open_database(path)
    offer_id = _offer_one(Scheduling(database, setup=_long_setup(), clock=_Clock()), database, 0)
    store: SchedulingStore = SwappedStore(
        database, appointments=lambda inner: _PausingAppointments(inner, paused)
    )
    Scheduling(store, setup=_long_setup(), clock=_Clock()).accept_offer(
        offer_id, appointment_id="a-0"
    )
