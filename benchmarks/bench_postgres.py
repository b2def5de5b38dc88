"""PostgreSQL against SQLite, measured in the same run: concurrent booking decisions on a large
stored calendar, and postings.

Both databases first store ``STORED`` appointments (100,000 at full size) of 200 other
providers. Then 1, 4 and 8 clients (threads, each with a provider of its own) book half-hour
visits through ``Scheduling.book``, each a unit of work that loads, decides and saves with its
compare-and-set on the slices (lane and day) it touches; ``extra_info`` holds the decisions per
second (all clients together) and the median and 99th-percentile latency of one decision.
Postings are
balanced two-leg transactions appended one at a time. Figures: ``make bench`` (the PostgreSQL
cases need ``MEDOFFICE_POSTGRES_URL``; ``MEDOFFICE_BENCH_STORED`` sets another number of stored
appointments); the deployment guide quotes them.
"""

from __future__ import annotations

import itertools
import os
import statistics
import threading
import time as clock
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TypeVar

import pytest
from pytest_benchmark.fixture import BenchmarkFixture

from medoffice.adapters.postgres import open_database as open_postgres
from medoffice.adapters.sqlite import open_database as open_sqlite
from medoffice.budget import Leg, Transaction
from medoffice.kernel import DateRange, Money, TimeRange
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

if TYPE_CHECKING:
    from medoffice.adapters.databases import Database

T = TypeVar("T")
STORED: Final = 100_000
STORED_PROVIDERS: Final = 200
BOOKINGS_PER_CLIENT: Final = 50
TRANSACTIONS: Final = 1_000
CLIENTS: Final = (1, 4, 8)
MONDAY: Final = date(2026, 3, 2)
_RUNS = itertools.count()


class _Clock:
    def now(self) -> datetime:
        return datetime(2026, 3, 1, tzinfo=UTC)


def _stored(count: int) -> Iterator[Appointment]:
    """``count`` booked visits of providers ``dr-s<n>``, 20 a day each, from January 2025."""
    first = datetime(2025, 1, 6, 8, tzinfo=UTC)
    for k in range(count):
        slot = k // STORED_PROVIDERS
        start = first + timedelta(days=slot // 20, minutes=30 * (slot % 20))
        yield Appointment(
            id=f"s-{k}",
            type_code="FU",
            provider=f"dr-s{k % STORED_PROVIDERS}",
            patient=f"p-s{k}",
            span=TimeRange(start, start + timedelta(minutes=30)),
            status=AppointmentStatus.BOOKED,
        )


def _seed(database: Database, count: int) -> Database:
    """Store the history in batches; nobody else writes yet, so no version is expected."""
    batch: list[Appointment] = []
    for appointment in _stored(count):
        batch.append(appointment)
        if len(batch) == 10_000:
            database.appointments.save(batch, expected={})
            batch = []
    database.appointments.save(batch, expected={})
    return database


def _setup(providers: list[str]) -> PracticeSetup:
    week = WeeklyTemplate(
        effective=DateRange.starting(MONDAY),
        windows=[Window(weekday=d, start=time(8), end=time(18)) for d in range(5)],
    )
    return PracticeSetup(
        schedules=[Schedule(resource=p, zone="UTC", templates=[week]) for p in providers],
        appointment_types=[AppointmentType(code="FU", duration_minutes=30)],
        practice_zone="UTC",
    )


def _requests(provider: str, count: int) -> list[BookingRequest]:
    starts = [
        datetime.combine(MONDAY + timedelta(days=n // 20), time(8), UTC)
        + timedelta(minutes=30 * (n % 20))
        for n in range(count)
    ]
    return [
        BookingRequest(
            appointment_id=f"{provider}-{n}",
            type_code="FU",
            provider=provider,
            start=start,
            patient=Patient(ref=f"p-{provider}-{n}"),
        )
        for n, start in enumerate(starts)
    ]


def _book_concurrently(database: Database, clients: int, per_client: int) -> dict[str, float]:
    """``clients`` threads, each booking ``per_client`` visits of its own new provider."""
    run = next(_RUNS)
    providers = [f"dr-r{run}c{n}" for n in range(clients)]
    scheduling = Scheduling(
        database, setup=_setup(providers), clock=_Clock(), attempts=clients * per_client + 10
    )
    latencies: list[float] = []
    lock = threading.Lock()
    barrier = threading.Barrier(clients)
    booked = [0]

    def client(provider: str) -> None:
        requests = _requests(provider, per_client)
        barrier.wait()
        for request in requests:
            began = clock.perf_counter()
            decision = scheduling.book(request)
            took = clock.perf_counter() - began
            with lock:
                latencies.append(took)
                booked[0] += isinstance(decision, Booked)

    threads = [threading.Thread(target=client, args=(p,)) for p in providers]
    began = clock.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = clock.perf_counter() - began
    assert booked[0] == clients * per_client
    ordered = sorted(latencies)
    return {
        "decisions_per_second": round(len(ordered) / wall, 1),
        "p50_ms": round(1000 * statistics.median(ordered), 1),
        "p99_ms": round(1000 * ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))], 1),
    }


def _pedantic(benchmark: Any, target: Callable[..., T], **options: Any) -> T:
    """``benchmark.pedantic`` (untyped in pytest-benchmark) with the target's result type."""
    result: T = benchmark.pedantic(target, **options)
    return result


@pytest.fixture(scope="module")
def databases(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, scale: float
) -> Iterator[dict[str, Database]]:
    """The SQLite file and, when a server is named, the PostgreSQL practice, both seeded."""
    stored = int(os.environ.get("MEDOFFICE_BENCH_STORED", "0")) or max(100, int(STORED * scale))
    opened: dict[str, Database] = {
        "sqlite": _seed(open_sqlite(tmp_path_factory.mktemp("bench") / "office.db"), stored)
    }
    try:
        url: str = request.getfixturevalue("postgres_url")
    except pytest.skip.Exception:
        pass
    else:
        opened["postgresql"] = _seed(open_postgres(url, practice="bench", pool_size=10), stored)
    yield opened
    for database in opened.values():
        database.close()


def _database(databases: dict[str, Database], kind: str) -> Database:
    if kind not in databases:
        pytest.skip("MEDOFFICE_POSTGRES_URL is not set: no PostgreSQL server to measure")
    return databases[kind]


@pytest.mark.parametrize("clients", CLIENTS)
@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_concurrent_booking_decisions(
    benchmark: BenchmarkFixture,
    databases: dict[str, Database],
    scale: float,
    kind: str,
    clients: int,
) -> None:
    """``clients`` clients book ``BOOKINGS_PER_CLIENT`` visits each on the stored calendar."""
    database = _database(databases, kind)
    per_client = BOOKINGS_PER_CLIENT if scale >= 1 else 2
    figures = _pedantic(
        benchmark,
        _book_concurrently,
        args=(database, clients, per_client),
        rounds=1,
        iterations=1,
    )
    benchmark.extra_info.update(figures)


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_postings_appended(
    benchmark: BenchmarkFixture,
    databases: dict[str, Database],
    scale: float,
    tmp_path: Path,
    kind: str,
) -> None:
    """max(10, 1,000 x scale) balanced two-leg transactions appended one at a time."""
    database = _database(databases, kind)
    count = max(10, int(TRANSACTIONS * scale))
    amount = Money.of("12.34", "USD")
    run = next(_RUNS)
    transactions = [
        Transaction(
            id=f"T{run}-{n}",
            on=date(2026, 3, 1) + timedelta(days=n % 28),
            legs=(Leg(account="6100", amount=amount), Leg(account="2000", amount=-amount)),
        )
        for n in range(count)
    ]

    def append() -> float:
        began = clock.perf_counter()
        for transaction in transactions:
            database.postings.append(transaction)
        return clock.perf_counter() - began

    took = _pedantic(benchmark, append, rounds=1, iterations=1)
    benchmark.extra_info["postings_per_second"] = round(2 * count / took)
