"""The contract suite of :class:`~medoffice.scheduling.ports.AppointmentRepository`.

Subclass :class:`AppointmentRepositoryContract` and supply ``make_repository``; the suite checks
slices (only the lanes and windows asked for, a visit across midnight found from both days),
compare-and-set saving per lane-day, that a stale save stores nothing, that saves on other keys
never conflict, and that many threads
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

import attrs
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

from medoffice.kernel import (
    ConcurrencyConflict,
    InvalidArgument,
    InvalidValue,
    TimeRange,
    retry_on_conflict,
)
from medoffice.scheduling._appointments import Appointment, AppointmentStatus
from medoffice.scheduling._booking import (
    Booked,
    BookingPolicy,
    BookingRequest,
    Rejected,
    decide_booking,
)
from medoffice.scheduling._planning import booking_query, save_keys
from medoffice.scheduling._slices import (
    LaneWindow,
    SliceKey,
    SliceQuery,
    StoredSlice,
    resource_lane,
)
from medoffice.scheduling._snapshot import PracticeSetup, ScheduleSnapshot
from medoffice.scheduling._types import Patient
from medoffice.scheduling.ports import AppointmentRepository
from medoffice.testing._scheduling_strategies import weekday_setup

__all__ = ["AppointmentRepositoryContract", "race_for_slots", "stored_appointments", "whole_lane"]

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


_KEY = SliceKey(lane="resource:dr-0", day=date(2026, 3, 2))
_OTHER_KEY = SliceKey(lane="resource:dr-1", day=date(2026, 3, 2))
_ALL_OF_DR0 = SliceQuery(
    reads=[
        LaneWindow(
            lane="resource:dr-0",
            window=TimeRange(datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 3, 5, tzinfo=UTC)),
        )
    ],
    keys=[_KEY],
)


_ALL_TIME = TimeRange(datetime(2000, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC))


def stored_appointments(
    repository: AppointmentRepository, *resources: str
) -> tuple[Appointment, ...]:
    """Every appointment of ``resources`` (providers, rooms) from 2000 to 2100, by start
    and id: a test's view of what a repository holds."""
    query = SliceQuery(
        reads=[LaneWindow(lane=resource_lane(r), window=_ALL_TIME) for r in resources]
    )
    found = repository.load(query).appointments
    return tuple(sorted(found, key=lambda a: (a.span.start, a.id)))


def whole_lane(resource: str) -> SliceKey:
    """The key of a resource's whole lane (a test's one version for a resource)."""
    return SliceKey(lane=resource_lane(resource), day=None)


def _ids(stored: StoredSlice) -> list[str]:
    return sorted(a.id for a in stored.appointments)


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
        """A new repository holds nothing, and every key is at version 0."""
        stored = self.make_repository().load(_ALL_OF_DR0)
        assert isinstance(stored, StoredSlice)
        assert stored.appointments == ()
        assert stored.versions == ((_KEY, 0),)

    def test_save_with_the_versions_read_stores_and_moves_them(self) -> None:
        """A save based on the current versions stores every appointment and bumps each key."""
        repository = self.make_repository()
        before = repository.load(_ALL_OF_DR0).version(_KEY)
        after = repository.save([_visit("a"), _visit("b", 30)], expected={_KEY: before})
        stored = repository.load(_ALL_OF_DR0)
        assert dict(after) == {_KEY: stored.version(_KEY)}
        assert stored.version(_KEY) > before
        assert _ids(stored) == ["a", "b"]
        assert [a.id for a in repository.find(["b", "zz", "a"])] == ["a", "b"]

    def test_save_replaces_by_id_and_refiles(self) -> None:
        """Saving an appointment with a known id replaces it, under its new lanes and days."""
        repository = self.make_repository()
        repository.save([_visit("a")], expected={_KEY: 0})
        moved = attrs.evolve(_visit("a", 60 * 24 * 7), provider="dr-1")
        repository.save([moved], expected={_KEY: 1})
        assert repository.load(_ALL_OF_DR0).appointments == ()
        query = SliceQuery(
            reads=[LaneWindow(lane="resource:dr-1", window=moved.span)],
            keys=[],
        )
        assert repository.load(query).appointments == (moved,)

    def test_a_slice_holds_only_its_lanes_and_windows(self) -> None:
        """Only appointments of the lanes read whose held time meets the window come back."""
        repository = self.make_repository()
        buffered = attrs.evolve(_visit("late", 60), buffer_after_minutes=30)
        others = attrs.evolve(_visit("other"), provider="dr-1", resources={"room-1"})
        repository.save([_visit("a"), buffered, others], expected={})
        after_late = TimeRange(buffered.span.end, buffered.span.end + timedelta(minutes=10))
        query = SliceQuery(reads=[LaneWindow(lane="resource:dr-0", window=after_late)])
        assert _ids(repository.load(query)) == ["late"]
        by_room = SliceQuery(reads=[LaneWindow(lane="resource:room-1", window=others.span)])
        assert _ids(repository.load(by_room)) == ["other"]
        by_patient = SliceQuery(reads=[LaneWindow(lane="patient:p-a", window=others.span)])
        assert _ids(repository.load(by_patient)) == ["a"]
        both = SliceQuery(
            reads=[
                LaneWindow(lane="resource:dr-0", window=others.span),
                LaneWindow(lane="patient:p-a", window=others.span),
            ]
        )
        assert _ids(repository.load(both)) == ["a"]

    def test_an_appointment_across_midnight_is_found_from_either_day(self) -> None:
        """A visit held across UTC midnight is in the slices of both days."""
        repository = self.make_repository()
        start = datetime(2026, 3, 2, 23, 45, tzinfo=UTC)
        night = attrs.evolve(_visit("night"), span=TimeRange(start, start + timedelta(minutes=30)))
        repository.save([night], expected={})
        for day in (2, 3):
            window = TimeRange(
                datetime(2026, 3, day, tzinfo=UTC) + timedelta(hours=23 if day == 2 else 0),
                datetime(2026, 3, day, tzinfo=UTC) + timedelta(hours=24 if day == 2 else 1),
            )
            query = SliceQuery(reads=[LaneWindow(lane="resource:dr-0", window=window)])
            assert _ids(repository.load(query)) == ["night"]

    def test_stale_save_is_a_conflict_and_stores_nothing(self) -> None:
        """A save based on an old version raises ConcurrencyConflict and changes nothing."""
        repository = self.make_repository()
        repository.save([_visit("a")], expected={_KEY: 0})
        snapshot = repository.load(_ALL_OF_DR0)
        with pytest.raises(ConcurrencyConflict):
            repository.save([_visit("b", 30), _visit("c", 60)], expected={_KEY: 0})
        assert repository.load(_ALL_OF_DR0) == snapshot

    def test_saves_on_other_keys_do_not_conflict(self) -> None:
        """A save on another lane-day leaves this key's version alone."""
        repository = self.make_repository()
        repository.save([attrs.evolve(_visit("b"), provider="dr-1")], expected={_OTHER_KEY: 0})
        repository.save([_visit("a")], expected={_KEY: 0})
        versions = repository.load(SliceQuery(keys=[_KEY, _OTHER_KEY])).versions
        assert dict(versions) == {_KEY: 1, _OTHER_KEY: 1}

    def test_refuses_what_is_not_an_appointment_or_a_version_map(self) -> None:
        """Junk in a save is a programmer's mistake, refused before anything is stored."""
        repository = self.make_repository()
        with pytest.raises(InvalidValue):
            repository.save(["not an appointment"], expected={})  # type: ignore[list-item]
        with pytest.raises(InvalidArgument):
            repository.save([_visit("a")], expected={_KEY: "1"})  # type: ignore[dict-item]
        with pytest.raises(InvalidArgument):
            repository.load("everything")  # type: ignore[arg-type]
        assert repository.load(_ALL_OF_DR0).appointments == ()

    def test_behaves_like_a_dict_with_versions(self) -> None:
        """Random saves, fresh or stale, leave the repository equal to a dict model."""
        make = self.make_repository

        class Model(RuleBasedStateMachine):
            def __init__(self) -> None:
                super().__init__()
                self.repository = make()
                self.model: dict[str, Appointment] = {}
                self.versions = [0]

            @rule(
                ids=st.lists(st.sampled_from("abcdef"), min_size=1, max_size=3),
                shift=st.integers(0, 20),
            )
            def save_fresh(self, ids: list[str], shift: int) -> None:
                batch = [_visit(i, 30 * shift) for i in ids]
                saved = self.repository.save(batch, expected={_KEY: self.versions[-1]})
                assert saved[_KEY] not in self.versions
                self.versions.append(saved[_KEY])
                self.model.update((a.id, a) for a in batch)

            @precondition(lambda self: len(self.versions) > 1)
            @rule(ids=st.lists(st.sampled_from("abcdef"), min_size=1, max_size=3), data=st.data())
            def save_stale(self, ids: list[str], data: st.DataObject) -> None:
                old = data.draw(st.sampled_from(self.versions[:-1]))
                with pytest.raises(ConcurrencyConflict):
                    self.repository.save([_visit(i, 600) for i in ids], expected={_KEY: old})

            @invariant()
            def same_as_the_model(self) -> None:
                stored = self.repository.load(_ALL_OF_DR0)
                assert stored.version(_KEY) == self.versions[-1]
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
        stored = repository.load(_ALL_OF_DR0).appointments
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
    """Load the booking's slice, decide and save once (a conflict goes to the caller's retry)."""
    query = booking_query(
        setup,
        type_code=request.type_code,
        provider=request.provider,
        start=request.start,
        now=now,
        patient=request.patient.ref,
    )
    stored = repository.load(query)
    snapshot = ScheduleSnapshot(setup=setup, appointments=stored.appointments)
    decision = decide_booking(snapshot, request, BookingPolicy(), now)
    if isinstance(decision, Booked):
        keys = save_keys(setup, [decision.appointment], now=now)
        repository.save([decision.appointment], expected={k: stored.version(k) for k in keys})
    return decision
