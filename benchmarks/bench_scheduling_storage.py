"""Scheduling at practice scale: years of history in SQLite, day-sized reads, parallel clerks.

A multi-year practice (40 providers in New York, weekdays 08:00-18:00 in half hours, three
slots in four booked, 60,000 patients) is generated once per size (1k, 100k and 1M
appointments) by bulk inserts into a cache folder (``MEDOFFICE_BENCH_CACHE``, else the system
temp folder) and copied for each run, since the runs book into it. Its history ends on
30 April 2026; the clock reads 1 March 2026, so the last two months are bookable, three slots
in four taken.

- ``test_booking_decisions_by_history_size``: rounds of bookings of free half hours through
  ``Scheduling.book``, interleaved over the three sizes in the same run; ``extra_info`` holds the
  median bookings per second per size and the 1M / 1k ratio of the median times;
- ``test_open_slots_one_provider_31_days_with_1m_stored``: ``Scheduling.open_slots`` for one
  provider over a booked month, through the 1M database;
- ``test_four_processes_booking_different_providers``: four processes each booking the free
  slots of their own ten providers, against one process booking as many alone (same run);
  ``extra_info`` holds both rates, their ratio, the share of saves retried, and the load
  average. A same-slot race of the four processes must still end one booking per slot.

Figures: ``make bench`` (``extra_info`` holds the rates); docs/scheduling.md reports them.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import sqlite3
import statistics
import tempfile
import time as clock
from collections.abc import Collection, Iterator, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Final
from zoneinfo import ZoneInfo

from medoffice.adapters.sqlite import SCHEMA_VERSION, SqliteDatabase, open_database
from medoffice.adapters.sqlite._codec import Codec, instant_to_text
from medoffice.kernel import ConcurrencyConflict, DateRange, TimeRange
from medoffice.scheduling._appointments import Appointment, AppointmentStatus
from medoffice.scheduling._booking import Booked, BookingRequest
from medoffice.scheduling._slices import (
    SliceKey,
    SliceQuery,
    StoredSlice,
    appointment_lanes,
    index_days,
)
from medoffice.scheduling._snapshot import PracticeSetup
from medoffice.scheduling._templates import Schedule, WeeklyTemplate, Window
from medoffice.scheduling._types import AppointmentType, Patient
from medoffice.scheduling.services import Scheduling
from medoffice.testing._stores import SwappedStore

ZONE: Final = "America/New_York"
TZ: Final = ZoneInfo(ZONE)
PROVIDERS: Final = 40
SLOTS: Final = 20  # half hours from 08:00 to 18:00
PATIENTS: Final = 60_000
LAST_DAY: Final = date(2026, 4, 30)
NOW: Final = datetime(2026, 3, 1, 12, tzinfo=UTC)
SIZES: Final = {"1k": 1_000, "100k": 100_000, "1M": 1_000_000}
GENERATOR: Final = 1  # bump when the generated practice changes
_CODEC: Final = Codec()


class _Clock:
    def now(self) -> datetime:
        return NOW


def practice_setup() -> PracticeSetup:
    """Forty providers working weekdays from 08:00 to 18:00 New York time."""
    week = WeeklyTemplate(
        effective=DateRange.starting(date(2015, 1, 5)),
        windows=[Window(weekday=d, start=time(8), end=time(18)) for d in range(5)],
    )
    return PracticeSetup(
        schedules=[
            Schedule(resource=f"dr-{n:02d}", zone=ZONE, templates=[week]) for n in range(PROVIDERS)
        ],
        appointment_types=[AppointmentType(code="FU", duration_minutes=30, grid_minutes=30)],
        practice_zone=ZONE,
    )


def _weekdays_back(last: date) -> Iterator[date]:
    day = last
    while True:
        if day.weekday() < 5:
            yield day
        day -= timedelta(days=1)


def _start(day: date, slot: int) -> datetime:
    return datetime.combine(day, time(8), TZ).astimezone(UTC) + timedelta(minutes=30 * slot)


def _is_free(slot: int) -> bool:
    return slot % 4 == 3


def history(count: int) -> Iterator[Appointment]:
    """``count`` visits, three slots in four of every provider's day, back from LAST_DAY."""
    made = 0
    for day in _weekdays_back(LAST_DAY):
        for provider in range(PROVIDERS):
            for slot in range(SLOTS):
                if _is_free(slot):
                    continue
                start = _start(day, slot)
                yield Appointment(
                    id=f"h-{made}",
                    type_code="FU",
                    provider=f"dr-{provider:02d}",
                    patient=f"p-{made * 7919 % PATIENTS}",
                    span=TimeRange(start, start + timedelta(minutes=30)),
                    status=AppointmentStatus.BOOKED
                    if start >= NOW
                    else AppointmentStatus.FULFILLED,
                )
                made += 1
                if made == count:
                    return


def _cache_folder() -> Path:
    folder = Path(os.environ.get("MEDOFFICE_BENCH_CACHE") or tempfile.gettempdir())
    path = folder / "medoffice-bench"
    path.mkdir(parents=True, exist_ok=True)
    return path


def generated_practice(count: int) -> Path:
    """The cached database of a practice with ``count`` appointments (generated once)."""
    path = _cache_folder() / f"practice-{count}-s{SCHEMA_VERSION}-g{GENERATOR}.db"
    if path.exists():
        return path
    # A name of this process's own: two runs on one machine may build the same file at once,
    # and each then moves a whole database into place (the same rows: the later one wins).
    building = path.with_suffix(f".building-{os.getpid()}")
    for stale in (building, Path(f"{building}-wal"), Path(f"{building}-shm")):
        stale.unlink(missing_ok=True)
    open_database(building).close()
    connection = sqlite3.connect(building, isolation_level=None)
    connection.execute("PRAGMA synchronous = OFF")
    connection.execute("BEGIN")
    batch: list[Appointment] = []
    for item in history(count):
        batch.append(item)
        if len(batch) == 20_000:
            _insert(connection, batch)
            batch = []
    _insert(connection, batch)
    connection.execute("COMMIT")
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    building.replace(path)
    return path


def _insert(connection: sqlite3.Connection, items: Sequence[Appointment]) -> None:
    # The same rows the repository writes (the benchmark checks a generated row reads back).
    connection.executemany(
        "INSERT INTO appointment (id, provider, start_utc, end_utc, status, body)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [
            (
                a.id,
                a.provider,
                instant_to_text(a.span.start),
                instant_to_text(a.span.end),
                a.status.value,
                _CODEC.dumps(a),
            )
            for a in items
        ],
    )
    connection.executemany(
        "INSERT INTO appointment_lane (lane, utc_day, appointment_id) VALUES (?, ?, ?)",
        [
            (lane, day.isoformat(), a.id)
            for a in items
            for lane in appointment_lanes(a)
            for day in index_days(a)
        ],
    )


def _copy(count: int, folder: Path) -> Path:
    target = folder / f"practice-{count}.db"
    shutil.copyfile(generated_practice(count), target)
    target.chmod(0o600)
    return target


def free_requests(
    prefix: str, providers: Sequence[int], days: Sequence[date]
) -> list[BookingRequest]:
    """A booking of every free half hour of ``providers`` on ``days``, each a new patient."""
    return [
        BookingRequest(
            appointment_id=f"{prefix}-{n}",
            type_code="FU",
            provider=f"dr-{provider:02d}",
            start=_start(day, slot),
            patient=Patient(ref=f"{prefix}-p{n}"),
        )
        for n, (day, provider, slot) in enumerate(
            (d, p, s) for d in days for p in providers for s in range(SLOTS) if _is_free(s)
        )
    ]


def bookable_days() -> list[date]:
    """The weekdays after the clock and before the end of the history."""
    days = []
    day = NOW.date() + timedelta(days=1)
    while day <= LAST_DAY:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def _sizes(scale: float) -> dict[str, int]:
    if scale >= 1:
        return dict(SIZES)
    return {"1k": 1_000, "10k": 10_000}  # the smoke run stays small


def _book_all(database: SqliteDatabase, requests: Sequence[BookingRequest]) -> tuple[float, float]:
    """Book every request; the wall-clock and the CPU seconds it took (on a shared machine the
    CPU time says what the code costs, the wall time what the clerk waited)."""
    scheduling = Scheduling(database, setup=practice_setup(), clock=_Clock())
    began, cpu = clock.perf_counter(), clock.process_time()
    for request in requests:
        decision = scheduling.book(request)
        assert isinstance(decision, Booked), decision
    return clock.perf_counter() - began, clock.process_time() - cpu


def test_generated_rows_read_back_as_the_repository_writes_them(tmp_path: Path) -> None:
    """A generated appointment loads through the repository as the value it was built from."""
    path = _copy(1_000, tmp_path)
    first = next(history(1))
    with open_database(path) as database:
        assert database.appointments.find([first.id]) == (first,)
        day = first.span.start.astimezone(TZ).date()
        found = Scheduling(database, setup=practice_setup(), clock=_Clock()).calendar(
            ["dr-00"], first.span
        )
        assert first in found.appointments
        assert day == LAST_DAY


def test_booking_decisions_by_history_size(benchmark: Any, scale: float, tmp_path: Path) -> None:
    """Rounds of 100 bookings through SQLite at each size, interleaved in one run."""
    sizes = _sizes(scale)
    per_round = max(5, int(100 * scale))
    rounds = 5 if scale >= 1 else 1
    databases = {name: open_database(_copy(count, tmp_path)) for name, count in sizes.items()}
    days = bookable_days()
    times: dict[str, list[float]] = {name: [] for name in sizes}
    cpu: dict[str, list[float]] = {name: [] for name in sizes}

    def run() -> None:
        for number in range(rounds):
            # Each round books different providers' free slots on its own day.
            for name, database in databases.items():
                requests = free_requests(
                    f"b{number}", range(number % 4, PROVIDERS, 4), [days[number]]
                )[:per_round]
                wall, used = _book_all(database, requests)
                times[name].append(wall)
                cpu[name].append(used)

    benchmark.pedantic(run, rounds=1, iterations=1)
    for database in databases.values():
        database.close()
    medians = {name: statistics.median(values) for name, values in times.items()}
    benchmark.extra_info["bookings_per_second"] = {
        name: round(per_round / value) for name, value in medians.items()
    }
    benchmark.extra_info["cpu_bookings_per_second"] = {
        name: round(per_round / statistics.median(values)) for name, values in cpu.items()
    }
    largest, smallest = list(sizes)[-1], next(iter(sizes))
    benchmark.extra_info[f"time_ratio_{largest}_to_{smallest}"] = round(
        medians[largest] / medians[smallest], 3
    )
    benchmark.extra_info["load_average"] = os.getloadavg()


def test_open_slots_one_provider_31_days_with_1m_stored(
    benchmark: Any, scale: float, tmp_path: Path
) -> None:
    """Open slots of one provider over 31 booked days, through the largest database."""
    count = max(_sizes(scale).values())
    database = open_database(_copy(count, tmp_path))
    scheduling = Scheduling(database, setup=practice_setup(), clock=_Clock())
    days = DateRange(date(2026, 3, 16), date(2026, 4, 15))

    def search() -> int:
        return len(scheduling.open_slots(type_code="FU", provider="dr-07", days=days))

    found = benchmark(search)
    began = clock.process_time()
    for _ in range(20):
        search()
    benchmark.extra_info["cpu_ms_per_search"] = round((clock.process_time() - began) / 20 * 1000, 3)
    database.close()
    if count >= 100_000:  # the month is wholly inside the generated history
        assert found == 5 * 23  # five free half hours on each of the 23 weekdays
    benchmark.extra_info["stored"] = count
    benchmark.extra_info["load_average"] = os.getloadavg()


# -- four clerks, four processes ------------------------------------------------------------


class _CountingAppointments:
    """The unit's appointment repository, counting the saves that lost a race."""

    def __init__(self, inner: Any, counts: dict[str, int]) -> None:
        self._inner = inner
        self._counts = counts

    def load(self, query: SliceQuery) -> StoredSlice:
        result: StoredSlice = self._inner.load(query)
        return result

    def find(self, ids: Collection[str]) -> tuple[Appointment, ...]:
        found: tuple[Appointment, ...] = self._inner.find(ids)
        return found

    def save(
        self, changed: Sequence[Appointment], *, expected: Mapping[SliceKey, int]
    ) -> Mapping[SliceKey, int]:
        self._counts["saves"] += 1
        try:
            saved: Mapping[SliceKey, int] = self._inner.save(changed, expected=expected)
        except ConcurrencyConflict:
            self._counts["conflicts"] += 1
            raise
        return saved


def _clerk(path: str, requests: list[BookingRequest], ready: Any, results: Any) -> None:
    """One process: book ``requests`` once everyone is ready; report time and counts."""
    database = open_database(path)
    counts = {"saves": 0, "conflicts": 0}
    store = SwappedStore(database, appointments=lambda inner: _CountingAppointments(inner, counts))
    scheduling = Scheduling(store, setup=practice_setup(), clock=_Clock(), attempts=20)
    ready.wait()
    began = clock.perf_counter()
    outcome = {"booked": 0, "rejected": 0, "conflict": 0}
    for request in requests:
        try:
            decision = scheduling.book(request)
        except ConcurrencyConflict:
            outcome["conflict"] += 1
            continue
        outcome["booked" if isinstance(decision, Booked) else "rejected"] += 1
    elapsed = clock.perf_counter() - began
    database.close()
    results.put(json.dumps({"elapsed": elapsed, **outcome, **counts}))


def _run_clerks(path: Path, work: list[list[BookingRequest]]) -> tuple[float, list[dict[str, Any]]]:
    context = multiprocessing.get_context("fork")
    ready = context.Barrier(len(work) + 1)
    results = context.Queue()
    processes = [
        context.Process(target=_clerk, args=(str(path), requests, ready, results))
        for requests in work
    ]
    for process in processes:
        process.start()
    ready.wait()
    began = clock.perf_counter()
    reports = [json.loads(results.get(timeout=600)) for _ in processes]
    wall = clock.perf_counter() - began
    for process in processes:
        process.join(timeout=60)
        assert process.exitcode == 0
    return wall, reports


def test_four_processes_booking_different_providers(
    benchmark: Any, scale: float, tmp_path: Path
) -> None:
    """Four processes on disjoint providers against one process alone, then a same-slot race."""
    count = 100_000 if scale >= 1 else 1_000
    per_clerk = max(10, int(250 * scale))
    path = _copy(count, tmp_path)
    days = bookable_days()
    results: dict[str, Any] = {}

    def run() -> None:
        alone = free_requests("solo", range(0, PROVIDERS, 4), days[:6])[:per_clerk]
        wall_one, (solo,) = _run_clerks(path, [alone])
        work = [
            free_requests(f"c{n}", range(n * 10, n * 10 + 10), days[6:12])[:per_clerk]
            for n in range(4)
        ]
        wall_four, reports = _run_clerks(path, work)
        saves = sum(r["saves"] for r in reports)
        results.update(
            one_writer_per_second=round(solo["booked"] / wall_one, 1),
            four_writers_per_second=round(sum(r["booked"] for r in reports) / wall_four, 1),
            retried_share=round(sum(r["conflicts"] for r in reports) / max(1, saves), 4),
            booked=sum(r["booked"] for r in reports),
        )

    benchmark.pedantic(run, rounds=1, iterations=1)
    assert results["booked"] == 4 * per_clerk
    # The same free slots, raced by four processes: one booking each, the rest refused.
    race = free_requests("race", [39], days[-1:])
    _, reports = _run_clerks(
        path,
        [
            [
                BookingRequest(
                    appointment_id=f"{r.appointment_id}-{n}",
                    type_code=r.type_code,
                    provider=r.provider,
                    start=r.start,
                    patient=Patient(ref=f"{r.patient.ref}-{n}"),
                )
                for r in race
            ]
            for n in range(4)
        ],
    )
    assert sum(r["booked"] for r in reports) == len(race)
    with open_database(path) as database:
        held = Scheduling(database, setup=practice_setup(), clock=_Clock()).calendar(
            ["dr-39"], TimeRange(_start(days[-1], 0), _start(days[-1], SLOTS))
        )
        starts = [a.span.start for a in held.appointments if a.holds_time]
        assert len(starts) == len(set(starts))
    results["ratio_four_to_one"] = round(
        results["four_writers_per_second"] / results["one_writer_per_second"], 3
    )
    results["load_average"] = os.getloadavg()
    benchmark.extra_info.update(results)
