"""Many processes and threads against one PostgreSQL practice: one booking per slot, and a writer
killed (SIGKILL) mid-transaction leaves nothing half-written.

The clerks' work is the SQLite tests' own (``tests/adapters/sqlite/stress_workers.py``), pointed at
a PostgreSQL URL. The booking run lasts ``MEDOFFICE_STRESS_SECONDS`` seconds (5 by default).
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from tests.adapters._killing import kill_mid_write

from medoffice.adapters.postgres import open_database
from medoffice.kernel import DateRange
from medoffice.scheduling._slices import SliceQuery
from medoffice.testing._scheduling_contracts import stored_appointments, whole_lane

PROCESSES = 8
THREADS = 16


def _workers(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    # Spawned children import the worker module by name, from the path list they inherit.
    monkeypatch.syspath_prepend(str(Path(__file__).parent.parent / "sqlite"))
    return importlib.import_module("stress_workers")


def _seconds() -> float:
    return float(os.environ.get("MEDOFFICE_STRESS_SECONDS", "5"))


class TestProcessesAndThreadsBookingTheSameSlots:
    """8 processes x 16 threads racing for 50 slots end with exactly one booking per slot."""

    def test_one_appointment_per_slot_and_none_lost(
        self, postgres_url: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Every slot is booked once, every reported booking is stored, every row reads back."""
        workers = _workers(monkeypatch)
        open_database(postgres_url, practice="race").close()
        target = f"{postgres_url}?practice=race"
        context = multiprocessing.get_context("spawn")
        results = context.Queue()
        ready = context.Barrier(PROCESSES)
        processes = [
            context.Process(
                target=workers.book_slots,
                args=(target, n, THREADS, _seconds(), ready, results),
            )
            for n in range(PROCESSES)
        ]
        for process in processes:
            process.start()
        counts: Counter[str] = Counter()
        for _ in processes:
            counts.update(results.get(timeout=_seconds() + 180))
        for process in processes:
            process.join(timeout=30)
            assert process.exitcode == 0
        with open_database(postgres_url, practice="race") as database:
            stored = stored_appointments(database.appointments, "dr-0")
        per_slot = Counter(a.span.start for a in stored if a.holds_time)
        assert per_slot == Counter(dict.fromkeys(workers.slot_starts(), 1))
        assert counts["booked"] == len(stored) == workers.SLOTS
        assert counts["rejected"] > 0


def _kill_mid_write(target: str, work: Any) -> None:
    """Start ``work`` writing to ``target`` in a spawned process and SIGKILL it mid-way."""
    kill_mid_write(target, work, settle=0.5)


class TestAKilledWriterLeavesTheDatabaseConsistent:
    """A process killed (SIGKILL) in the middle of writing leaves no partial transaction."""

    def test_every_stored_transaction_is_whole(
        self, postgres_url: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """After the kill each stored ledger transaction has all its legs and balances."""
        workers = _workers(monkeypatch)
        open_database(postgres_url, practice="killed_ledger").close()
        _kill_mid_write(f"{postgres_url}?practice=killed_ledger", workers.write_postings_forever)
        with open_database(postgres_url, practice="killed_ledger") as database:
            postings = list(database.postings.postings(DateRange.single(workers.date(2026, 3, 1))))
        by_transaction: dict[str, list[int]] = {}
        for posting in postings:
            by_transaction.setdefault(posting.transaction, []).append(posting.minor_units)
        assert by_transaction
        assert {len(units) for units in by_transaction.values()} == {workers.LEGS}
        assert {sum(units) for units in by_transaction.values()} == {0}

    def test_a_killed_booking_clerk_leaves_every_save_whole(
        self, postgres_url: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """After the kill each stored save has its appointment and its version step, no more."""
        workers = _workers(monkeypatch)
        open_database(postgres_url, practice="killed_clerk").close()
        _kill_mid_write(f"{postgres_url}?practice=killed_clerk", workers.book_forever)
        with open_database(postgres_url, practice="killed_clerk") as database:
            stored = stored_appointments(database.appointments, "dr-0")
            key = whole_lane("dr-0")
            version = database.appointments.load(SliceQuery(keys=[key])).version(key)
        assert stored
        assert version == len(stored)
        assert [a.id for a in stored] == [f"k-{n}" for n in range(len(stored))]

    def test_a_killed_acceptance_leaves_neither_or_both(
        self, postgres_url: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Accepting offer after offer until killed: every booking has its booked entry and
        accepted offer, and every booked entry its appointment (one unit of work each)."""
        workers = _workers(monkeypatch)
        open_database(postgres_url, practice="killed_offers").close()
        _kill_mid_write(f"{postgres_url}?practice=killed_offers", workers.accept_offers_forever)
        with open_database(postgres_url, practice="killed_offers") as database:
            appointments = {a.id for a in stored_appointments(database.appointments, "dr-0")}
            waitlist = database.waitlist.load()
        booked = {e.appointment_id or "" for e in waitlist.entries if e.status == "booked"}
        accepted = {
            "a-" + o.entry_id.removeprefix("w-") for o in waitlist.offers if o.status == "accepted"
        }
        assert appointments
        assert appointments == booked == accepted
