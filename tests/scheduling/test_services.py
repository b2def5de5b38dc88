"""Use cases: one clock read, load, decide, save with the version read, retry on conflict."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import attrs
import pendulum
import pytest

from medoffice.adapters.calendars import FixedHolidayCalendar
from medoffice.adapters.memory import InMemoryAppointmentRepository
from medoffice.kernel import ConcurrencyConflict, InvalidArgument
from medoffice.scheduling import (
    Appointment,
    AppointmentStatus,
    Booked,
    BookingPolicy,
    BookingRequest,
    CancelReason,
    ConflictKind,
    Frequency,
    Patient,
    Recurrence,
    Rejected,
    Rescheduled,
    SeriesRequest,
)
from medoffice.scheduling.ports import StoredAppointments
from medoffice.scheduling.services import book, book_series, cancel, mark, reschedule
from medoffice.testing import FrozenClock
from medoffice.testing._scheduling_strategies import weekday_setup

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

    def now(self) -> pendulum.DateTime:
        self.reads += 1
        return self.inner.now()


class RacingRepository:
    """A repository where someone else books dr-0 at 09:00 just before our first save."""

    def __init__(self) -> None:
        self.inner = InMemoryAppointmentRepository()
        self.raced = False
        self.saves = 0

    def load(self) -> StoredAppointments:
        return self.inner.load()

    def save(self, changed: Sequence[Appointment], *, expected_version: int) -> int:
        self.saves += 1
        if not self.raced:
            self.raced = True
            rival = book(
                request("rival", at(9), patient="p-9"),
                setup=SETUP,
                repository=self.inner,
                clock=FrozenClock(at(6)),
                policy=BookingPolicy(),
            )
            assert isinstance(rival, Booked)
        return self.inner.save(changed, expected_version=expected_version)


def clock() -> FrozenClock:
    return FrozenClock(datetime(2026, 3, 1, tzinfo=UTC))


class TestBook:
    def test_books_and_saves(self) -> None:
        """A free slot is booked and stored with a new version."""
        repo = InMemoryAppointmentRepository()
        decision = book(
            request("a-1", at(9)),
            setup=SETUP,
            repository=repo,
            clock=clock(),
            policy=BookingPolicy(),
        )
        assert isinstance(decision, Booked)
        assert repo.load().appointments == (decision.appointment,)
        assert repo.load().version == 1

    def test_reads_the_clock_once(self) -> None:
        """The use case reads the clock exactly once."""
        counting = CountingClock(at(6))
        book(
            request("a-1", at(9)),
            setup=SETUP,
            repository=InMemoryAppointmentRepository(),
            clock=counting,
            policy=BookingPolicy(),
        )
        assert counting.reads == 1

    def test_retries_after_a_concurrent_save_and_sees_the_rival(self) -> None:
        """A stale save is retried on fresh data, where the slot is now taken."""
        repo = RacingRepository()
        decision = book(
            request("a-1", at(9)),
            setup=SETUP,
            repository=repo,
            clock=clock(),
            policy=BookingPolicy(),
        )
        assert isinstance(decision, Rejected)
        assert decision.kinds == {ConflictKind.PROVIDER_OVERLAP}
        assert [a.id for a in repo.load().appointments] == ["rival"]

    def test_retry_that_still_fits_books(self) -> None:
        """When the rival took another time, the retry books."""
        repo = RacingRepository()
        decision = book(
            request("a-1", at(10)),
            setup=SETUP,
            repository=repo,
            clock=clock(),
            policy=BookingPolicy(),
        )
        assert isinstance(decision, Booked)
        assert repo.saves == 2
        assert sorted(a.id for a in repo.load().appointments) == ["a-1", "rival"]

    def test_gives_up_after_the_attempts(self) -> None:
        """With one attempt, a conflict is raised to the caller."""
        with pytest.raises(ConcurrencyConflict):
            book(
                request("a-1", at(10)),
                setup=SETUP,
                repository=RacingRepository(),
                clock=clock(),
                policy=BookingPolicy(),
                attempts=1,
            )
        with pytest.raises(InvalidArgument):
            book(
                request("a-1", at(10)),
                setup=SETUP,
                repository=RacingRepository(),
                clock=clock(),
                policy=BookingPolicy(),
                attempts=0,
            )

    def test_closures_come_from_the_port(self) -> None:
        """A closure day from the calendar port refuses the booking."""
        decision = book(
            request("a-1", at(9)),
            setup=SETUP,
            repository=InMemoryAppointmentRepository(),
            clock=clock(),
            policy=BookingPolicy(),
            closures=FixedHolidayCalendar([MONDAY]),
        )
        assert isinstance(decision, Rejected)
        assert decision.kinds == {ConflictKind.CLOSED}


class TestCancelRescheduleMark:
    def booked(self) -> InMemoryAppointmentRepository:
        repo = InMemoryAppointmentRepository()
        book(
            request("a-1", at(9)),
            setup=SETUP,
            repository=repo,
            clock=clock(),
            policy=BookingPolicy(),
        )
        return repo

    def test_cancel_is_saved_and_flags_late(self) -> None:
        """Cancelling two hours before is late under the 24-hour default."""
        repo = self.booked()
        done = cancel(
            "a-1",
            reason=CancelReason.PATIENT,
            repository=repo,
            clock=FrozenClock(at(7)),
            policy=BookingPolicy(),
        )
        assert done.late_cancellation
        assert repo.load().appointments[0].status is AppointmentStatus.CANCELLED

    def test_reschedule_saves_both_in_one_version(self) -> None:
        """The cancellation and the new booking land together."""
        repo = self.booked()
        moved = reschedule(
            "a-1",
            request("a-2", at(14)),
            setup=SETUP,
            repository=repo,
            clock=clock(),
            policy=BookingPolicy(),
        )
        assert isinstance(moved, Rescheduled)
        stored = repo.load()
        assert stored.version == 2
        assert {a.id: a.status for a in stored.appointments} == {
            "a-1": AppointmentStatus.CANCELLED,
            "a-2": AppointmentStatus.BOOKED,
        }

    def test_refused_reschedule_changes_nothing(self) -> None:
        """A move onto a taken time leaves the calendar as it was."""
        repo = self.booked()
        book(
            request("b-1", at(14), patient="p-2"),
            setup=SETUP,
            repository=repo,
            clock=clock(),
            policy=BookingPolicy(),
        )
        before = repo.load()
        moved = reschedule(
            "a-1",
            request("a-2", at(14)),
            setup=SETUP,
            repository=repo,
            clock=clock(),
            policy=BookingPolicy(),
        )
        assert isinstance(moved, Rejected)
        assert repo.load() == before

    def test_mark_noshow_and_unknown_id(self) -> None:
        """A no-show is recorded; an unknown id is an argument error."""
        repo = self.booked()
        done = mark("a-1", AppointmentStatus.NOSHOW, repository=repo, clock=FrozenClock(at(10)))
        assert done.status is AppointmentStatus.NOSHOW
        with pytest.raises(InvalidArgument):
            mark("zz", AppointmentStatus.NOSHOW, repository=repo, clock=FrozenClock(at(10)))

    def test_cancelled_time_is_free_again(self) -> None:
        """After a cancellation the slot can be booked by someone else."""
        repo = self.booked()
        cancel(
            "a-1",
            reason=CancelReason.PATIENT,
            repository=repo,
            clock=clock(),
            policy=BookingPolicy(),
        )
        again = book(
            request("a-3", at(9), patient="p-3"),
            setup=SETUP,
            repository=repo,
            clock=clock(),
            policy=BookingPolicy(),
        )
        assert isinstance(again, Booked)
        assert at(9) - timedelta(0) == again.appointment.span.start


class TestBookSeries:
    def test_series_is_saved_in_one_version(self) -> None:
        """Four weekly occurrences are stored together; a clash makes nothing stored."""
        repo = InMemoryAppointmentRepository()
        series = SeriesRequest(
            series_id="s-1",
            type_code="FU",
            provider="dr-0",
            patient=Patient(ref="p-1"),
            first=datetime.combine(MONDAY, time(9)),
            recurrence=Recurrence(frequency=Frequency.WEEKLY, count=4),
        )
        decision = book_series(
            series, setup=SETUP, repository=repo, clock=clock(), policy=BookingPolicy()
        )
        assert decision.complete
        assert repo.load().version == 1
        assert len(repo.load().appointments) == 4
        again = attrs.evolve(series, series_id="s-2", patient=Patient(ref="p-2"))
        refused = book_series(
            again, setup=SETUP, repository=repo, clock=clock(), policy=BookingPolicy()
        )
        assert len(refused.rejected) == 4
        assert repo.load().version == 1
