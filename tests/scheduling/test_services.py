"""The scheduling service: one clock read, load, decide, save with the version read, retry."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import attrs
import pytest

from medoffice.adapters.calendars import FixedHolidayCalendar
from medoffice.adapters.memory import InMemoryAppointmentRepository, InMemoryStore
from medoffice.adapters.sqlite import SqliteDatabase, open_database
from medoffice.kernel import Clock, ConcurrencyConflict, InvalidArgument, TimeRange
from medoffice.scheduling import (
    Appointment,
    AppointmentStatus,
    Booked,
    BookingRequest,
    CancelReason,
    ConflictKind,
    Frequency,
    Patient,
    Recurrence,
    Rejected,
    Rescheduled,
    Scheduling,
    SeriesRequest,
)
from medoffice.scheduling._slices import SliceKey, SliceQuery, StoredSlice
from medoffice.scheduling.ports import AppointmentRepository, SchedulingStore
from medoffice.testing import FrozenClock, PlainStore
from medoffice.testing._scheduling_contracts import stored_appointments
from medoffice.testing._scheduling_strategies import weekday_setup
from medoffice.testing._waitlist_contracts import sample_entry

TZ = ZoneInfo("America/New_York")
SETUP = weekday_setup(providers=2, zone="America/New_York")
MONDAY = date(2026, 3, 2)


def at(hour: int, minute: int = 0, day: date = MONDAY) -> datetime:
    return datetime.combine(day, time(hour, minute), TZ).astimezone(UTC)


def request(
    ident: str, start: datetime, provider: str = "dr-0", patient: str = "p-1"
) -> BookingRequest:
    return BookingRequest(
        appointment_id=ident,
        type_code="FU",
        provider=provider,
        start=start,
        patient=Patient(ref=patient),
    )


class CountingClock:
    """A frozen clock that counts how often it is read."""

    def __init__(self, now: datetime) -> None:
        self.inner = FrozenClock(now)
        self.reads = 0

    def now(self) -> datetime:
        self.reads += 1
        return self.inner.now()


class RacingRepository:
    """A repository where someone else books dr-0 at 09:00 just before our first save."""

    def __init__(self) -> None:
        self.inner = InMemoryAppointmentRepository()
        self.raced = False
        self.saves = 0

    def load(self, query: SliceQuery) -> StoredSlice:
        return self.inner.load(query)

    def find(self, ids: Collection[str]) -> tuple[Appointment, ...]:
        return self.inner.find(ids)

    def save(
        self, changed: Sequence[Appointment], *, expected: Mapping[SliceKey, int]
    ) -> Mapping[SliceKey, int]:
        self.saves += 1
        if not self.raced:
            self.raced = True
            rival = scheduling(PlainStore(appointments=self.inner), FrozenClock(at(6))).book(
                request("rival", at(9), patient="p-9")
            )
            assert isinstance(rival, Booked)
        return self.inner.save(changed, expected=expected)


def stored(repository: AppointmentRepository) -> tuple[Appointment, ...]:
    """Everything the two providers have on the calendar."""
    return stored_appointments(repository, "dr-0", "dr-1")


def clock() -> FrozenClock:
    return FrozenClock(datetime(2026, 3, 1, tzinfo=UTC))


def scheduling(store: SchedulingStore, now: Clock | None = None) -> Scheduling:
    """The service over ``store`` with the two-provider setup."""
    return Scheduling(store, setup=SETUP, clock=now or clock())


def over(repository: AppointmentRepository, now: Clock | None = None) -> Scheduling:
    """The service over one appointment repository (each save standing alone)."""
    return scheduling(PlainStore(appointments=repository), now)


class TestBook:
    def test_books_and_saves(self) -> None:
        """A free slot is booked and stored with a new version."""
        store = InMemoryStore()
        decision = scheduling(store).book(request("a-1", at(9)))
        assert isinstance(decision, Booked)
        assert stored(store.appointments) == (decision.appointment,)

    def test_reads_the_clock_once(self) -> None:
        """The use case reads the clock exactly once."""
        counting = CountingClock(at(6))
        scheduling(InMemoryStore(), counting).book(request("a-1", at(9)))
        assert counting.reads == 1

    def test_retries_after_a_concurrent_save_and_sees_the_rival(self) -> None:
        """A stale save is retried on fresh data, where the slot is now taken."""
        repo = RacingRepository()
        decision = over(repo).book(request("a-1", at(9)))
        assert isinstance(decision, Rejected)
        assert decision.kinds == {ConflictKind.PROVIDER_OVERLAP}
        assert [a.id for a in stored(repo)] == ["rival"]

    def test_retry_that_still_fits_books(self) -> None:
        """When the rival took another time, the retry books."""
        repo = RacingRepository()
        decision = over(repo).book(request("a-1", at(10)))
        assert isinstance(decision, Booked)
        assert repo.saves == 2
        assert sorted(a.id for a in stored(repo)) == ["a-1", "rival"]

    def test_gives_up_after_the_attempts(self) -> None:
        """With one attempt, a conflict is raised to the caller; zero attempts is an error."""
        store = PlainStore(appointments=RacingRepository())
        with pytest.raises(ConcurrencyConflict):
            Scheduling(store, setup=SETUP, clock=clock(), attempts=1).book(request("a-1", at(10)))
        with pytest.raises(InvalidArgument):
            Scheduling(store, setup=SETUP, clock=clock(), attempts=0)

    def test_closures_come_from_the_port(self) -> None:
        """A closure day from the calendar port refuses the booking."""
        service = Scheduling(
            InMemoryStore(),
            setup=SETUP,
            clock=clock(),
            closures=FixedHolidayCalendar([MONDAY]),
        )
        decision = service.book(request("a-1", at(9)))
        assert isinstance(decision, Rejected)
        assert decision.kinds == {ConflictKind.CLOSED}

    def test_the_setup_must_be_a_practice_setup(self) -> None:
        """A service without a practice's setup is a programmer mistake."""
        with pytest.raises(InvalidArgument):
            Scheduling(InMemoryStore(), setup="setup", clock=clock())  # type: ignore[arg-type]
        assert "attempts=5" in repr(scheduling(InMemoryStore()))


class TestCancelRescheduleMark:
    def booked(self) -> InMemoryStore:
        store = InMemoryStore()
        scheduling(store).book(request("a-1", at(9)))
        return store

    def test_cancel_is_saved_and_flags_late(self) -> None:
        """Cancelling two hours before is late under the 24-hour default."""
        store = self.booked()
        done = scheduling(store, FrozenClock(at(7))).cancel("a-1", reason=CancelReason.PATIENT)
        assert done.late_cancellation
        assert stored(store.appointments)[0].status is AppointmentStatus.CANCELLED

    def test_reschedule_saves_both_in_one_version(self) -> None:
        """The cancellation and the new booking land together."""
        store = self.booked()
        moved = scheduling(store).reschedule("a-1", request("a-2", at(14)))
        assert isinstance(moved, Rescheduled)
        assert {a.id: a.status for a in stored(store.appointments)} == {
            "a-1": AppointmentStatus.CANCELLED,
            "a-2": AppointmentStatus.BOOKED,
        }

    def test_refused_reschedule_changes_nothing(self) -> None:
        """A move onto a taken time leaves the calendar as it was."""
        store = self.booked()
        service = scheduling(store)
        service.book(request("b-1", at(14), patient="p-2"))
        before = stored(store.appointments)
        moved = service.reschedule("a-1", request("a-2", at(14)))
        assert isinstance(moved, Rejected)
        assert stored(store.appointments) == before

    def test_mark_noshow_and_unknown_id(self) -> None:
        """A no-show is recorded; an unknown id is an argument error."""
        service = scheduling(self.booked(), FrozenClock(at(10)))
        done = service.mark("a-1", AppointmentStatus.NOSHOW)
        assert done.status is AppointmentStatus.NOSHOW
        with pytest.raises(InvalidArgument):
            service.mark("zz", AppointmentStatus.NOSHOW)

    def test_cancelled_time_is_free_again(self) -> None:
        """After a cancellation the slot can be booked by someone else."""
        service = scheduling(self.booked())
        service.cancel("a-1", reason=CancelReason.PATIENT)
        again = service.book(request("a-3", at(9), patient="p-3"))
        assert isinstance(again, Booked)
        assert at(9) - timedelta(0) == again.appointment.span.start


class TestBookSeries:
    def test_series_is_saved_in_one_version(self) -> None:
        """Four weekly occurrences are stored together; a clash makes nothing stored."""
        store = InMemoryStore()
        series = SeriesRequest(
            series_id="s-1",
            type_code="FU",
            provider="dr-0",
            patient=Patient(ref="p-1"),
            first=datetime.combine(MONDAY, time(9)),
            recurrence=Recurrence(frequency=Frequency.WEEKLY, count=4),
        )
        service = scheduling(store)
        decision = service.book_series(series)
        assert decision.complete
        assert len(stored(store.appointments)) == 4
        again = attrs.evolve(series, series_id="s-2", patient=Patient(ref="p-2"))
        refused = service.book_series(again)
        assert len(refused.rejected) == 4
        assert len(stored(store.appointments)) == 4


class _WaitlistRacingEligibility:
    """Eligible always; once armed, every check first saves the waitlist behind the use case's
    back, so the acceptance's waitlist save, after its appointment save, is stale."""

    def __init__(self, store: InMemoryStore | SqliteDatabase) -> None:
        self.store = store
        self.armed = False

    def is_eligible(self, provider: str, type_code: str, on: date) -> bool:
        if self.armed:
            waitlist = self.store.waitlist
            waitlist.save(expected_version=waitlist.load().version)
        return True


class TestAcceptOfferIsOneUnitOfWork:
    """The appointment and the waitlist of an acceptance are stored together or not at all."""

    @pytest.fixture(params=["memory", "sqlite"])
    def store(self, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[object]:
        if request.param == "memory":
            yield InMemoryStore()
            return
        with open_database(tmp_path / "office.db") as database:
            yield database

    def test_a_stale_waitlist_save_takes_the_booking_back(self, store: object) -> None:
        """The waitlist save conflicts after the booking was saved: neither is kept."""
        assert isinstance(store, InMemoryStore | SqliteDatabase)
        store.waitlist.save(entries=[sample_entry("w-1")], expected_version=0)
        eligibility = _WaitlistRacingEligibility(store)
        service = Scheduling(
            store,
            setup=weekday_setup(providers=1, zone="UTC"),
            clock=FrozenClock(datetime(2026, 3, 1, tzinfo=UTC)),
            eligibility=eligibility,
            attempts=2,
        )
        monday = datetime(2026, 3, 2, tzinfo=UTC)
        opening = TimeRange(monday + timedelta(hours=9), monday + timedelta(hours=10))
        (offer,) = service.offer_from_waitlist(opening, ["dr-0"])
        before = store.waitlist.load()
        eligibility.armed = True
        with pytest.raises(ConcurrencyConflict):
            service.accept_offer(offer.id, appointment_id="a-1")
        assert stored(store.appointments) == ()
        assert store.waitlist.load() == before
        eligibility.armed = False
        assert isinstance(service.accept_offer(offer.id, appointment_id="a-1"), Booked)
        assert [a.id for a in stored(store.appointments)] == ["a-1"]
