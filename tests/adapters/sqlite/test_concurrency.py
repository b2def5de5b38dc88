"""Many processes and threads against one SQLite file: one booking per slot, nothing half-written.

The booking run lasts ``MEDOFFICE_STRESS_SECONDS`` seconds (5 by default; the full minute the
design asks for is ``MEDOFFICE_STRESS_SECONDS=60``).
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from tests.adapters._killing import kill_mid_write

from medoffice.adapters.sqlite import open_database
from medoffice.kernel import DateRange
from medoffice.scheduling._slices import SliceQuery
from medoffice.testing._scheduling_contracts import stored_appointments, whole_lane

PROCESSES = 8
THREADS = 16


def _workers(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    # Spawned children import the worker module by name, from the path list they inherit.
    monkeypatch.syspath_prepend(str(Path(__file__).parent))
    return importlib.import_module("stress_workers")


def _seconds() -> float:
    return float(os.environ.get("MEDOFFICE_STRESS_SECONDS", "5"))


class TestProcessesAndThreadsBookingTheSameSlots:
    """8 processes x 16 threads racing for 50 slots end with exactly one booking per slot."""

    def test_one_appointment_per_slot_and_none_lost(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Every slot is booked once, every reported booking is stored, every row reads back."""
        workers = _workers(monkeypatch)
        path = tmp_path / "office.db"
        open_database(path).close()
        context = multiprocessing.get_context("spawn")
        results = context.Queue()
        ready = context.Barrier(PROCESSES)
        processes = [
            context.Process(
                target=workers.book_slots,
                args=(str(path), n, THREADS, _seconds(), ready, results),
            )
            for n in range(PROCESSES)
        ]
        for process in processes:
            process.start()
        counts: Counter[str] = Counter()
        for _ in processes:
            counts.update(results.get(timeout=_seconds() + 120))
        for process in processes:
            process.join(timeout=30)
            assert process.exitcode == 0
        with open_database(path) as database:
            assert database.integrity_check() == "ok"
            stored = stored_appointments(database.appointments, "dr-0")
        per_slot = Counter(a.span.start for a in stored if a.holds_time)
        assert per_slot == Counter(dict.fromkeys(workers.slot_starts(), 1))
        assert counts["booked"] == len(stored) == workers.SLOTS
        assert counts["rejected"] > 0


def _kill_mid_write(path: Path, target: Callable[[str, Any], None]) -> None:
    """Create the database, start ``target`` writing to it in a spawned process, SIGKILL it."""
    open_database(path).close()
    kill_mid_write(str(path), target, settle=0.3)


class TestAKilledWriterLeavesTheDatabaseConsistent:
    """A process killed (SIGKILL) in the middle of writing leaves no partial transaction."""

    def test_integrity_holds_and_every_transaction_is_whole(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """After the kill the file checks ok and each stored transaction has all its legs."""
        workers = _workers(monkeypatch)
        path = tmp_path / "office.db"
        _kill_mid_write(path, workers.write_postings_forever)
        with open_database(path) as database:
            assert database.integrity_check() == "ok"
            postings = list(database.postings.postings(DateRange.single(workers.date(2026, 3, 1))))
        by_transaction: dict[str, list[int]] = {}
        for posting in postings:
            by_transaction.setdefault(posting.transaction, []).append(posting.minor_units)
        assert by_transaction
        assert {len(units) for units in by_transaction.values()} == {workers.LEGS}
        assert {sum(units) for units in by_transaction.values()} == {0}

    def test_a_killed_booking_clerk_leaves_every_save_whole(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """After the kill each stored save has its appointment and its version step, no more."""
        workers = _workers(monkeypatch)
        path = tmp_path / "office.db"
        _kill_mid_write(path, workers.book_forever)
        with open_database(path) as database:
            assert database.integrity_check() == "ok"
            stored = stored_appointments(database.appointments, "dr-0")
            key = whole_lane("dr-0")
            version = database.appointments.load(SliceQuery(keys=[key])).version(key)
        assert stored
        assert version == len(stored)
        assert [a.id for a in stored] == [f"k-{n}" for n in range(len(stored))]


def _accepted(path: Path) -> tuple[set[str], set[str], set[str]]:
    """After a kill: the booked appointment ids, the booked entries' appointment ids, and the
    entries whose offers are accepted (as appointment ids ``a-<n>`` for entry ``w-<n>``)."""
    with open_database(path) as database:
        assert database.integrity_check() == "ok"
        appointments = {a.id for a in stored_appointments(database.appointments, "dr-0")}
        waitlist = database.waitlist.load()
    booked = {e.appointment_id or "" for e in waitlist.entries if e.status == "booked"}
    accepted = {
        "a-" + o.entry_id.removeprefix("w-") for o in waitlist.offers if o.status == "accepted"
    }
    return appointments, booked, accepted


class TestAKilledAcceptanceLeavesNeitherOrBoth:
    """Accepting an offer saves the appointment and the waitlist in one unit of work: a process
    killed (SIGKILL) between the two writes leaves neither, and at any moment never one."""

    def test_killed_between_the_two_writes_neither_is_stored(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Killed after the appointment's save inside the unit: no appointment, entry unbooked."""
        workers = _workers(monkeypatch)
        path = tmp_path / "office.db"
        _kill_mid_write(path, workers.accept_and_stop_between_the_writes)
        appointments, booked, accepted = _accepted(path)
        assert (appointments, booked, accepted) == (set(), set(), set())
        with open_database(path) as database:
            waitlist = database.waitlist.load()
        assert [(e.id, e.status) for e in waitlist.entries] == [("w-0", "offered")]
        assert [o.status for o in waitlist.offers] == ["open"]

    def test_killed_at_any_moment_each_acceptance_is_whole(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Killed while accepting offer after offer: every booking has its booked entry and
        accepted offer, and every booked entry its appointment."""
        workers = _workers(monkeypatch)
        path = tmp_path / "office.db"
        _kill_mid_write(path, workers.accept_offers_forever)
        appointments, booked, accepted = _accepted(path)
        assert appointments
        assert appointments == booked == accepted
