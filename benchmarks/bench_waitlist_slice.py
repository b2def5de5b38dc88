"""Waitlist operations on five years of history: the open slice against the whole load.

A practice adding about 50 entries a week holds some 13,000 closed entries after five years
(booked with an accepted offer, some declined first; withdrawn; expired), and 50 open ones. One
*offer round* is ``Scheduling.offer_from_waitlist`` on a freed hour and ``accept_offer`` of the
offer made, each through the store's units of work.

- ``sliced``: the services as they are (``load_open``: the open entries, their offers and the
  live offers, by index);
- ``whole``: the same services over a store whose ``load_open`` loads every entry and offer
  (``load()``) and filters them in Python, which is what every operation cost before the slice.

Both run on two copies of one database, rounds alternated in the same run (the same rounds, so
both waitlists change alike). ``extra_info`` holds the CPU and wall medians per round and their
whole / sliced ratios, and the load average. SQLite always; PostgreSQL when
``MEDOFFICE_POSTGRES_URL`` is set (there the server's own CPU is not in the process's CPU time,
so the wall ratio matters too).

Figures: ``make bench``; docs/scheduling.md reports them.
"""

from __future__ import annotations

import os
import statistics
import time as clock
from collections.abc import Collection, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Final

import attrs
import pytest

from medoffice.adapters.databases import open_database
from medoffice.kernel import TimeRange
from medoffice.scheduling._booking import Booked
from medoffice.scheduling._slots import Slot
from medoffice.scheduling._types import Patient
from medoffice.scheduling._waitlist import (
    Offer,
    OfferStatus,
    WaitlistEntry,
    WaitlistStatus,
)
from medoffice.scheduling._waitlist_slice import open_slice
from medoffice.scheduling.ports import StoredWaitlist
from medoffice.scheduling.services import Scheduling
from medoffice.testing._scheduling_strategies import weekday_setup
from medoffice.testing._stores import SwappedStore

SETUP: Final = weekday_setup(providers=4, zone="UTC")
NOW: Final = datetime(2026, 3, 1, 12, tzinfo=UTC)  # a Sunday; the book opens on Monday
MONTH: Final = TimeRange(NOW, NOW + timedelta(days=30))
CLOSED: Final = 13_000
OPEN: Final = 50
_SAVE_CHUNK: Final = 1_000


class _Clock:
    def now(self) -> datetime:
        return NOW


def _closed_history(count: int) -> tuple[list[WaitlistEntry], list[Offer]]:
    """``count`` closed entries over five years: half booked (an accepted offer, every fourth
    after a declined one), a quarter withdrawn, a quarter expired while waiting."""
    entries, offers = [], []
    for n in range(count):
        created = NOW - timedelta(days=5 * 365) + timedelta(hours=3 * n)
        period = TimeRange(created + timedelta(days=1), created + timedelta(days=30))
        entry = WaitlistEntry(
            id=f"w-old-{n}",
            patient=Patient(ref=f"p-old-{n}"),
            type_code="FU",
            requested_periods=[period],
            created=created,
        )
        if n % 4 in (0, 1):
            entry = attrs.evolve(entry, status=WaitlistStatus.BOOKED, appointment_id=f"a-old-{n}")
            start = period.start + timedelta(hours=9)
            slot = Slot(
                start=start, end=start + timedelta(minutes=30), provider="dr-0", type_code="FU"
            )
            offer = Offer(
                id=f"o-old-{n}",
                entry_id=entry.id,
                slot=slot,
                made=created,
                hold_until=created + timedelta(hours=1),
                status=OfferStatus.ACCEPTED,
            )
            offers.append(offer)
            if n % 4 == 0:
                offers.append(attrs.evolve(offer, id=f"o-old-{n}-d", status=OfferStatus.DECLINED))
        elif n % 4 == 2:
            entry = attrs.evolve(entry, status=WaitlistStatus.WITHDRAWN)
        else:
            entry = attrs.evolve(entry, expires=created + timedelta(days=30))
        entries.append(entry)
    return entries, offers


def _open_entries(count: int) -> list[WaitlistEntry]:
    return [
        WaitlistEntry(
            id=f"w-open-{n}",
            patient=Patient(ref=f"p-open-{n}"),
            type_code="FU",
            requested_periods=[MONTH],
            created=NOW - timedelta(days=n % 20),
            priority=n % 3,
        )
        for n in range(count)
    ]


def _seed(database: Any, closed: int, open_: int) -> None:
    entries, offers = _closed_history(closed)
    entries += _open_entries(open_)
    version = database.waitlist.load_open(NOW).version
    for at in range(0, max(len(entries), len(offers)), _SAVE_CHUNK):
        version = database.waitlist.save(
            entries=entries[at : at + _SAVE_CHUNK],
            offers=offers[at : at + _SAVE_CHUNK],
            expected_version=version,
        )


class _WholeWaitlist:
    """The waitlist as operations read it before the slice: every row, filtered in Python."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def load(self) -> StoredWaitlist:
        stored: StoredWaitlist = self._inner.load()
        return stored

    def load_open(self, now: datetime) -> StoredWaitlist:
        whole = self.load()
        entries, offers = open_slice(whole.entries, whole.offers, now)
        return StoredWaitlist(entries=entries, offers=offers, version=whole.version)

    def find(
        self, *, entry_ids: Collection[str] = (), offer_ids: Collection[str] = ()
    ) -> StoredWaitlist:
        whole = self.load()
        return StoredWaitlist(
            entries=[e for e in whole.entries if e.id in entry_ids],
            offers=[o for o in whole.offers if o.id in offer_ids],
            version=whole.version,
        )

    def history(self, start: datetime, end: datetime) -> StoredWaitlist:
        stored: StoredWaitlist = self._inner.history(start, end)
        return stored

    def save(
        self,
        *,
        entries: Sequence[WaitlistEntry] = (),
        offers: Sequence[Offer] = (),
        expected_version: int,
    ) -> int:
        saved: int = self._inner.save(
            entries=entries, offers=offers, expected_version=expected_version
        )
        return saved


def _whole(database: Any) -> SwappedStore:
    """``database`` with its waitlist read whole, as before the slice."""
    return SwappedStore(database, waitlist=_WholeWaitlist)


def _opening(number: int) -> tuple[TimeRange, list[str]]:
    """Round ``number``'s freed hour: 09:00 on a weekday of March, with one of the providers."""
    day = NOW.date() + timedelta(days=1 + 7 * (number // 5 % 4) + number % 5)
    start = datetime(day.year, day.month, day.day, 9, tzinfo=UTC)
    return TimeRange(start, start + timedelta(hours=1)), [f"dr-{number // 20 % 4}"]


def _round(scheduling: Scheduling, number: int) -> tuple[float, float]:
    """One offer round; its wall and CPU seconds."""
    opening, providers = _opening(number)
    began, cpu = clock.perf_counter(), clock.process_time()
    (offer,) = scheduling.offer_from_waitlist(opening, providers)
    decision = scheduling.accept_offer(offer.id, appointment_id=f"a-round-{number}")
    used = clock.process_time() - cpu, clock.perf_counter() - began
    assert isinstance(decision, Booked), decision
    return used[1], used[0]


def _compare(benchmark: Any, urls: dict[str, str], scale: float) -> None:
    closed = int(CLOSED * scale) if scale < 1 else CLOSED
    rounds = 15 if scale >= 1 else 2
    databases = {name: open_database(url) for name, url in urls.items()}
    try:
        for database in databases.values():
            _seed(database, closed, OPEN)
        services = {
            "sliced": Scheduling(databases["sliced"], setup=SETUP, clock=_Clock()),
            "whole": Scheduling(
                SwappedStore(databases["whole"], waitlist=_WholeWaitlist),
                setup=SETUP,
                clock=_Clock(),
            ),
        }
        wall: dict[str, list[float]] = {name: [] for name in services}
        cpu: dict[str, list[float]] = {name: [] for name in services}

        def run() -> None:
            for number in range(rounds):
                order = ("sliced", "whole") if number % 2 == 0 else ("whole", "sliced")
                for name in order:
                    spent_wall, spent_cpu = _round(services[name], number)
                    wall[name].append(spent_wall)
                    cpu[name].append(spent_cpu)

        benchmark.pedantic(run, rounds=1, iterations=1)
        for name in ("sliced", "whole"):
            open_now = databases[name].waitlist.load_open(NOW)
            assert len(open_now.entries) == OPEN - rounds
    finally:
        for database in databases.values():
            database.close()
    medians = {
        kind: {name: statistics.median(values) for name, values in table.items()}
        for kind, table in (("cpu", cpu), ("wall", wall))
    }
    benchmark.extra_info["closed_entries"] = closed
    benchmark.extra_info["open_entries"] = OPEN
    benchmark.extra_info["rounds"] = rounds
    for kind, values in medians.items():
        benchmark.extra_info[f"{kind}_ms_per_round"] = {
            name: round(value * 1000, 2) for name, value in values.items()
        }
        benchmark.extra_info[f"{kind}_ratio_whole_to_sliced"] = round(
            values["whole"] / values["sliced"], 2
        )
    benchmark.extra_info["load_average"] = os.getloadavg()


def test_offer_round_on_five_years_sqlite(benchmark: Any, scale: float, tmp_path: Path) -> None:
    """An offer round with 13,000 closed entries and 50 open, SQLite: sliced against whole."""
    urls = {name: str(tmp_path / f"{name}.db") for name in ("sliced", "whole")}
    _compare(benchmark, urls, scale)


def test_offer_round_on_five_years_postgres(
    benchmark: Any, scale: float, postgres_url: str
) -> None:
    """The same on PostgreSQL: two practices of one scratch database."""
    separator = "&" if "?" in postgres_url else "?"
    urls = {name: f"{postgres_url}{separator}practice=wl_{name}" for name in ("sliced", "whole")}
    _compare(benchmark, urls, scale)


@pytest.mark.parametrize("closed", [0, 40])
def test_both_stores_answer_alike(tmp_path: Path, closed: int) -> None:
    """The whole-load store is a faithful baseline: the same rounds give the same offers."""
    made: dict[str, list[Offer]] = {}
    for name in ("sliced", "whole"):
        database = open_database(str(tmp_path / f"{name}-{closed}.db"))
        try:
            _seed(database, closed, OPEN)
            store = (
                database if name == "sliced" else SwappedStore(database, waitlist=_WholeWaitlist)
            )
            scheduling = Scheduling(store, setup=SETUP, clock=_Clock())
            made[name] = [
                scheduling.offer_from_waitlist(*_opening(number))[0] for number in range(3)
            ]
        finally:
            database.close()
    assert made["sliced"] == made["whole"]
