"""Scheduling use cases record one audit event per call, with the outcome and no PHI."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medoffice.adapters.memory import InMemoryAuditLog, InMemoryStore
from medoffice.kernel import (
    AuditEvent,
    AuditOutcome,
    ConcurrencyConflict,
    InvalidArgument,
    TimeRange,
)
from medoffice.scheduling import (
    Appointment,
    AppointmentStatus,
    Booked,
    BookingRequest,
    CancelReason,
    Frequency,
    Offer,
    Patient,
    Recurrence,
    Rejected,
    Rescheduled,
    Scheduling,
    SeriesRequest,
)
from medoffice.scheduling._slices import SliceKey, SliceQuery, StoredSlice
from medoffice.scheduling.ports import SchedulingStore
from medoffice.testing import PlainStore
from medoffice.testing._clock import FrozenClock
from medoffice.testing._scheduling_contracts import stored_appointments
from medoffice.testing._scheduling_strategies import weekday_setup
from medoffice.testing._waitlist_contracts import sample_entry

SETUP = weekday_setup(providers=1, zone="America/New_York")
CLOCK = FrozenClock(datetime(2026, 3, 1, tzinfo=UTC))
NINE = datetime.combine(date(2026, 3, 2), time(9), ZoneInfo("America/New_York"))


def _request(ident: str, minutes: int = 0, birth: date | None = None) -> BookingRequest:
    return BookingRequest(
        appointment_id=ident,
        type_code="FU",
        provider="dr-0",
        start=NINE + timedelta(minutes=minutes),
        patient=Patient(ref=f"p-{ident}", birth_date=birth),
    )


def _service(store: SchedulingStore, log: InMemoryAuditLog | None) -> Scheduling:
    return Scheduling(store, setup=SETUP, clock=CLOCK, audit=log)


def _book(
    store: SchedulingStore, log: InMemoryAuditLog, ident: str, minutes: int = 0
) -> Booked | Rejected:
    return _service(store, log).book(_request(ident, minutes), actor="user:desk-1")


class _AlwaysStale:
    """A repository whose every save loses the race."""

    def load(self, query: SliceQuery) -> StoredSlice:
        return StoredSlice(versions=dict.fromkeys(query.keys, 0))

    def find(self, ids: Collection[str]) -> tuple[Appointment, ...]:
        return ()

    def save(
        self, changed: Sequence[Appointment], *, expected: Mapping[SliceKey, int]
    ) -> Mapping[SliceKey, int]:
        raise ConcurrencyConflict("someone else saved first")


class TestBookRecordsOneEvent:
    """Booking appends exactly one ``appointment.book`` event with its outcome."""

    def test_a_booking_records_success_with_the_appointment_id(self) -> None:
        """A booking that succeeds records success, the actor, the id and the clock's instant."""
        log = InMemoryAuditLog()
        assert isinstance(_book(InMemoryStore(), log, "a-1"), Booked)
        (event,) = log.events()
        assert (event.action, event.record_id, event.outcome) == (
            "appointment.book",
            "a-1",
            AuditOutcome.SUCCESS,
        )
        assert event.actor == "user:desk-1"
        assert event.at == CLOCK.now()

    def test_a_refused_booking_records_rejected(self) -> None:
        """A second booking of the same slot is refused and recorded as rejected."""
        store, log = InMemoryStore(), InMemoryAuditLog()
        _book(store, log, "a-1")
        assert isinstance(_book(store, log, "a-2"), Rejected)
        assert [e.outcome for e in log.events()] == [AuditOutcome.SUCCESS, AuditOutcome.REJECTED]

    def test_a_lost_race_records_conflict_and_raises(self) -> None:
        """When every save loses the race the call raises and the event says conflict."""
        log = InMemoryAuditLog()
        with pytest.raises(ConcurrencyConflict):
            _book(PlainStore(appointments=_AlwaysStale()), log, "a-1")
        assert [e.outcome for e in log.events()] == [AuditOutcome.CONFLICT]

    def test_without_an_audit_log_nothing_is_recorded_and_booking_works(self) -> None:
        """The audit log is optional: booking without one still books."""
        store = InMemoryStore()
        decision = _service(store, None).book(_request("a-1"))
        assert isinstance(decision, Booked)
        assert stored_appointments(store.appointments, "dr-0") == (decision.appointment,)


class TestCancelAndRescheduleRecordOneEvent:
    """Cancel and reschedule each append exactly one event with their outcome."""

    def test_cancel_records_success(self) -> None:
        """Cancelling a booked visit records one successful ``appointment.cancel``."""
        store, log = InMemoryStore(), InMemoryAuditLog()
        _book(store, log, "a-1")
        _service(store, log).cancel("a-1", reason=CancelReason.PATIENT)
        event = list(log.events())[-1]
        assert (event.action, event.record_id, event.outcome, event.actor) == (
            "appointment.cancel",
            "a-1",
            AuditOutcome.SUCCESS,
            "system",
        )

    def test_cancelling_an_unknown_id_records_error_and_raises(self) -> None:
        """An unknown appointment id raises and is recorded as an error."""
        log = InMemoryAuditLog()
        with pytest.raises(InvalidArgument):
            _service(InMemoryStore(), log).cancel("nope", reason=CancelReason.PATIENT)
        assert [(e.record_id, e.outcome) for e in log.events()] == [("nope", AuditOutcome.ERROR)]

    def test_reschedule_records_one_event_about_the_old_appointment(self) -> None:
        """Rescheduling records one ``appointment.reschedule`` naming both ids."""
        store, log = InMemoryStore(), InMemoryAuditLog()
        _book(store, log, "a-1")
        decision = _service(store, log).reschedule("a-1", _request("a-2", 60))
        assert isinstance(decision, Rescheduled)
        event = list(log.events())[-1]
        assert (event.action, event.record_id, event.outcome) == (
            "appointment.reschedule",
            "a-1",
            AuditOutcome.SUCCESS,
        )
        assert ("new_id", "a-2") in event.details
        assert len(list(log.events())) == 2


def _text(event: AuditEvent) -> str:
    return f"{event!r} {event.actor} {event.record_id} {event.details}"


class TestNoPhiInEvents:
    """Audit events carry record ids, never a patient's reference or date of birth."""

    @settings(max_examples=30, deadline=None)
    @given(birth=st.dates(date(1900, 1, 1), date(2025, 12, 31)), slot=st.integers(0, 5))
    def test_no_event_holds_the_patient_or_birth_date(self, birth: date, slot: int) -> None:
        """Whatever the patient, the recorded events never mention them."""
        log = InMemoryAuditLog()
        service = _service(InMemoryStore(), log)
        request = _request("a-1", 30 * slot, birth)
        service.book(request)
        service.cancel("a-1", reason=CancelReason.PATIENT)
        events = list(log.events())
        assert len(events) == 2
        for event in events:
            text = _text(event)
            assert request.patient.ref not in text
            assert birth.isoformat() not in text


class TestSeriesAndMarkRecordOneEvent:
    """Booking a series and marking a status each append exactly one event."""

    def test_a_series_records_success_about_the_series(self) -> None:
        """A weekly series of three records one ``appointment.book_series`` success."""
        log = InMemoryAuditLog()
        decision = _service(InMemoryStore(), log).book_series(
            SeriesRequest(
                series_id="s-1",
                type_code="FU",
                provider="dr-0",
                patient=Patient(ref="p-1"),
                first=NINE.replace(tzinfo=None),
                recurrence=Recurrence(frequency=Frequency.WEEKLY, count=3),
            ),
        )
        assert len(decision.booked) == 3
        assert [(e.action, e.record_type, e.record_id, e.outcome) for e in log.events()] == [
            ("appointment.book_series", "series", "s-1", AuditOutcome.SUCCESS)
        ]

    def test_marking_arrived_records_success_and_a_forbidden_move_records_error(self) -> None:
        """Booked to arrived succeeds; arrived back to booked is refused and recorded as error."""
        store, log = InMemoryStore(), InMemoryAuditLog()
        _book(store, log, "a-1")
        service = _service(store, log)
        service.mark("a-1", AppointmentStatus.ARRIVED)
        with pytest.raises(InvalidArgument):
            service.mark("a-1", AppointmentStatus.BOOKED)
        assert [(e.action, e.outcome) for e in log.events()][1:] == [
            ("appointment.mark", AuditOutcome.SUCCESS),
            ("appointment.mark", AuditOutcome.ERROR),
        ]


class TestWaitlistServicesRecordOneEvent:
    """Offering from the waitlist and accepting an offer each append exactly one event."""

    def test_offer_then_accept(self) -> None:
        """An offer is recorded as a success, its acceptance too; no match is rejected."""
        setup = weekday_setup(providers=1, zone="UTC")
        monday = datetime(2026, 3, 2, tzinfo=UTC)
        clock = FrozenClock(monday - timedelta(days=1))
        opening = TimeRange(monday + timedelta(hours=9), monday + timedelta(hours=10))
        store, log = InMemoryStore(), InMemoryAuditLog()
        service = Scheduling(store, setup=setup, clock=clock, audit=log)

        def offer() -> tuple[Offer, ...]:
            return service.offer_from_waitlist(opening, ["dr-0"])

        assert offer() == ()
        store.waitlist.save(entries=[sample_entry("w-1")], expected_version=0)
        offers = offer()
        decision = service.accept_offer(offers[0].id, appointment_id="a-9")
        assert isinstance(decision, Booked)
        assert [(e.action, e.outcome) for e in log.events()] == [
            ("waitlist.offer", AuditOutcome.REJECTED),
            ("waitlist.offer", AuditOutcome.SUCCESS),
            ("waitlist.accept", AuditOutcome.SUCCESS),
        ]
        assert list(log.events())[-1].record_id == offers[0].id
