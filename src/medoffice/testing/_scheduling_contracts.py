"""The contract suite of :class:`~medoffice.scheduling.ports.AppointmentRepository`.

Subclass :class:`AppointmentRepositoryContract` and supply ``make_repository``; the suite checks
loading, compare-and-set saving, that a stale save stores nothing, and that many threads
booking the same slots (load, :func:`~medoffice.scheduling.decide_booking`, save, retried by
:func:`~medoffice.kernel.retry_on_conflict`) end with exactly one appointment per slot and none
lost::

    class TestMyRepository(AppointmentRepositoryContract):
        def make_repository(self) -> AppointmentRepository:
            return MyRepository(...)
"""

from __future__ import annotations

import functools
import threading
from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from medoffice.kernel import ConcurrencyConflict, TimeRange, retry_on_conflict
from medoffice.scheduling._appointments import Appointment, AppointmentStatus
from medoffice.scheduling._booking import (
    Booked,
    BookingPolicy,
    BookingRequest,
    Rejected,
    decide_booking,
)
from medoffice.scheduling._snapshot import PracticeSetup, ScheduleSnapshot
from medoffice.scheduling._types import Patient
from medoffice.scheduling.ports import AppointmentRepository, StoredAppointments
from medoffice.testing._scheduling_strategies import weekday_setup

__all__ = ["AppointmentRepositoryContract", "race_for_slots"]

_START = datetime(2026, 3, 2, 14, tzinfo=UTC)


def _visit(ident: str, minutes: int = 0) -> Appointment:
    start = _START + timedelta(minutes=minutes)
    return Appointment(
        id=ident,
        type_code="FU",
        provider="dr-0",
        patient=f"p-{ident}",
        span=TimeRange(start, start + timedelta(minutes=30)),
        status=AppointmentStatus.BOOKED,
    )


class AppointmentRepositoryContract:
    """What every appointment repository must do."""

    threads: int = 16
    slots: int = 4

    def make_repository(self) -> AppointmentRepository:
        """Build an empty repository under test."""
        raise NotImplementedError

    def test_satisfies_the_protocol(self) -> None:
        """The repository is recognised as an ``AppointmentRepository``."""
        assert isinstance(self.make_repository(), AppointmentRepository)

    def test_starts_empty(self) -> None:
        """A new repository holds nothing."""
        stored = self.make_repository().load()
        assert isinstance(stored, StoredAppointments)
        assert stored.appointments == ()

    def test_save_with_the_version_read_stores_and_moves_the_version(self) -> None:
        """A save based on the current version stores every appointment and bumps the version."""
        repository = self.make_repository()
        before = repository.load().version
        after = repository.save([_visit("a"), _visit("b", 30)], expected_version=before)
        stored = repository.load()
        assert after == stored.version
        assert after != before
        assert sorted(a.id for a in stored.appointments) == ["a", "b"]

    def test_save_replaces_by_id(self) -> None:
        """Saving an appointment with a known id replaces it."""
        repository = self.make_repository()
        version = repository.save([_visit("a")], expected_version=repository.load().version)
        moved = _visit("a", 60)
        repository.save([moved], expected_version=version)
        assert repository.load().appointments == (moved,)

    def test_stale_save_is_a_conflict_and_stores_nothing(self) -> None:
        """A save based on an old version raises ConcurrencyConflict and changes nothing."""
        repository = self.make_repository()
        old = repository.load().version
        repository.save([_visit("a")], expected_version=old)
        snapshot = repository.load()
        with pytest.raises(ConcurrencyConflict):
            repository.save([_visit("b", 30), _visit("c", 60)], expected_version=old)
        assert repository.load() == snapshot

    def test_behaves_like_a_dict_with_a_version(self) -> None:
        """Random saves, fresh or stale, leave the repository equal to a dict model."""
        make = self.make_repository

        class Model(RuleBasedStateMachine):
            def __init__(self) -> None:
                super().__init__()
                self.repository = make()
                self.model: dict[str, Appointment] = {}
                self.versions = [self.repository.load().version]

            @rule(
                ids=st.lists(st.sampled_from("abcdef"), min_size=1, max_size=3),
                shift=st.integers(0, 20),
            )
            def save_fresh(self, ids: list[str], shift: int) -> None:
                batch = [_visit(i, 30 * shift) for i in ids]
                version = self.repository.save(batch, expected_version=self.versions[-1])
                assert version not in self.versions
                self.versions.append(version)
                self.model.update((a.id, a) for a in batch)

            @precondition(lambda self: len(self.versions) > 1)
            @rule(ids=st.lists(st.sampled_from("abcdef"), min_size=1, max_size=3), data=st.data())
            def save_stale(self, ids: list[str], data: st.DataObject) -> None:
                old = data.draw(st.sampled_from(self.versions[:-1]))
                with pytest.raises(ConcurrencyConflict):
                    self.repository.save([_visit(i, 600) for i in ids], expected_version=old)

            @invariant()
            def same_as_the_model(self) -> None:
                stored = self.repository.load()
                assert stored.version == self.versions[-1]
                assert {a.id: a for a in stored.appointments} == self.model

        run_state_machine_as_test(
            Model, settings=settings(max_examples=25, stateful_step_count=15, deadline=None)
        )

    def test_many_threads_booking_the_same_slots_one_wins_each(self) -> None:
        """Threads racing for the same slots: exactly one booking per slot, none lost."""
        repository = self.make_repository()
        setup = weekday_setup(providers=1, zone="America/New_York")
        now = datetime(2026, 3, 1, tzinfo=UTC)
        attempts = self.threads * self.slots + 5

        def book(request: BookingRequest) -> Booked | Rejected:
            return retry_on_conflict(
                functools.partial(_book, repository, setup, request, now), attempts=attempts
            )

        starts, counts = race_for_slots(book, threads=self.threads, slots=self.slots)
        stored = repository.load().appointments
        per_slot = Counter(a.span.start for a in stored if a.holds_time)
        assert per_slot == Counter(dict.fromkeys(starts, 1))
        assert counts["booked"] == self.slots
        assert (
            counts["booked"] + counts["rejected"] + counts["conflict"] == self.threads * self.slots
        )
        assert len(stored) == self.slots


def race_for_slots(
    book: Callable[[BookingRequest], Booked | Rejected], *, threads: int, slots: int
) -> tuple[list[datetime], Counter[str]]:
    """``threads`` clerks, released together, each book ``slots`` half hours of ``dr-0`` from
    09:00 New York time on Monday 2 March 2026 through ``book``; the starts, and how many
    bookings were ``booked``, ``rejected`` or ended in a ``conflict``."""
    tz = ZoneInfo("America/New_York")
    nine = datetime.combine(date(2026, 3, 2), time(9), tz).astimezone(UTC)
    starts = [nine + timedelta(minutes=30 * n) for n in range(slots)]
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()
    barrier = threading.Barrier(threads)

    def clerk(number: int) -> None:
        barrier.wait()
        for slot, start in enumerate(starts):
            request = BookingRequest(
                appointment_id=f"t{number}-s{slot}",
                type_code="FU",
                provider="dr-0",
                start=start,
                patient=Patient(ref=f"p-{number}-{slot}"),
            )
            try:
                decision = book(request)
            except ConcurrencyConflict:
                result = "conflict"
            else:
                assert isinstance(decision, Booked | Rejected)
                result = "booked" if isinstance(decision, Booked) else "rejected"
            with lock:
                outcomes[result] += 1

    workers = [threading.Thread(target=clerk, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return starts, outcomes


def _book(
    repository: AppointmentRepository,
    setup: PracticeSetup,
    request: BookingRequest,
    now: datetime,
) -> Booked | Rejected:
    """Load, decide and save once (a conflict on the save goes to the caller's retry)."""
    stored = repository.load()
    snapshot = ScheduleSnapshot(
        setup=setup, appointments=stored.appointments, version=stored.version
    )
    decision = decide_booking(snapshot, request, BookingPolicy(), now)
    if isinstance(decision, Booked):
        repository.save([decision.appointment], expected_version=stored.version)
    return decision
