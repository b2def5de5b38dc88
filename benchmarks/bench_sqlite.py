"""SQLite adapter benchmarks: booking decisions and posting inserts through a database file.

Each booking goes through ``Scheduling.book`` with the database as its store: a unit of work
loads the calendar through :class:`SqliteAppointmentRepository`, decides, and saves the new
appointment with its compare-and-set inside ``BEGIN IMMEDIATE`` (one committed WAL transaction
per booking). Postings are appended one balanced two-leg transaction at a time.
Figures: ``make bench`` (``extra_info`` holds the rates).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any, TypeVar

from pytest_benchmark.fixture import BenchmarkFixture

from medoffice.adapters.sqlite import SqliteDatabase, open_database
from medoffice.budget._ledger import Leg, Transaction
from medoffice.kernel import DateRange, Money
from medoffice.scheduling._booking import Booked, BookingRequest
from medoffice.scheduling._snapshot import PracticeSetup
from medoffice.scheduling._templates import Schedule, WeeklyTemplate, Window
from medoffice.scheduling._types import AppointmentType, Patient
from medoffice.scheduling.services import Scheduling

T = TypeVar("T")
BOOKINGS = 400
TRANSACTIONS = 2_000
MONDAY = date(2026, 3, 2)


class _Clock:
    def now(self) -> datetime:
        return datetime(2026, 3, 1, tzinfo=UTC)


def _setup(providers: int) -> PracticeSetup:
    week = WeeklyTemplate(
        effective=DateRange.starting(MONDAY),
        windows=[Window(weekday=d, start=time(8), end=time(18)) for d in range(5)],
    )
    return PracticeSetup(
        schedules=[
            Schedule(resource=f"dr-{n}", zone="UTC", templates=[week]) for n in range(providers)
        ],
        appointment_types=[AppointmentType(code="FU", duration_minutes=30)],
        practice_zone="UTC",
    )


def _requests(count: int, providers: int) -> list[BookingRequest]:
    starts = [
        datetime.combine(MONDAY + timedelta(days=day), time(8), UTC) + timedelta(minutes=30 * n)
        for day in range(5)
        for n in range(20)
    ]
    pairs = itertools.islice(itertools.product(starts, range(providers)), count)
    return [
        BookingRequest(
            appointment_id=f"a-{k}",
            type_code="FU",
            provider=f"dr-{provider}",
            start=start,
            patient=Patient(ref=f"p-{k}"),
        )
        for k, (start, provider) in enumerate(pairs)
    ]


def _pedantic(benchmark: Any, target: Callable[..., T], **options: Any) -> T:
    """``benchmark.pedantic`` (untyped in pytest-benchmark) with the target's result type."""
    result: T = benchmark.pedantic(target, **options)
    return result


def _fresh(folder: Path) -> Callable[[], tuple[tuple[SqliteDatabase], dict[str, object]]]:
    counter = itertools.count()

    def make() -> tuple[tuple[SqliteDatabase], dict[str, object]]:
        return (open_database(folder / f"bench-{next(counter)}.db"),), {}

    return make


def test_booking_decisions_through_sqlite(
    benchmark: BenchmarkFixture, scale: float, tmp_path: Path
) -> None:
    """max(1, 400 x scale) bookings, each a load, a decision and a compare-and-set save."""
    count = max(1, int(BOOKINGS * scale))
    setup = _setup(providers=4)
    requests = _requests(count, providers=4)
    clock = _Clock()

    def run(database: SqliteDatabase) -> int:
        booked = 0
        scheduling = Scheduling(database, setup=setup, clock=clock)
        for request in requests:
            decision = scheduling.book(request)
            booked += isinstance(decision, Booked)
        database.close()
        return booked

    booked = _pedantic(benchmark, run, setup=_fresh(tmp_path), rounds=3, iterations=1)
    assert booked == count
    if benchmark.stats is not None:
        benchmark.extra_info["bookings_per_second"] = round(count / benchmark.stats.stats.mean)


def test_postings_inserted_into_sqlite(
    benchmark: BenchmarkFixture, scale: float, tmp_path: Path
) -> None:
    """max(1, 2,000 x scale) balanced two-leg transactions appended one at a time."""
    count = max(1, int(TRANSACTIONS * scale))
    amount = Money.of("12.34", "USD")
    transactions = [
        Transaction(
            id=f"T{n}",
            on=date(2026, 3, 1) + timedelta(days=n % 28),
            legs=(Leg(account="6100", amount=amount), Leg(account="2000", amount=-amount)),
        )
        for n in range(count)
    ]

    def run(database: SqliteDatabase) -> int:
        store = database.postings
        for transaction in transactions:
            store.append(transaction)
        stored = len(list(store.postings(DateRange(date(2026, 3, 1), date(2026, 3, 31)))))
        database.close()
        return stored

    stored = _pedantic(benchmark, run, setup=_fresh(tmp_path), rounds=3, iterations=1)
    assert stored == 2 * count
    if benchmark.stats is not None:
        benchmark.extra_info["postings_per_second"] = round(2 * count / benchmark.stats.stats.mean)
