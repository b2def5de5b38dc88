"""Junk in, a medoffice error out: never a bare TypeError or AttributeError."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta

import pytest

from medoffice.kernel import DateRange, MedofficeError, TimeRange
from medoffice.scheduling._appointments import Appointment, StatusChange
from medoffice.scheduling._booking import BookingPolicy, BookingRequest, decide_booking
from medoffice.scheduling._conflicts import Candidate
from medoffice.scheduling._slots import open_slots
from medoffice.scheduling._snapshot import PracticeSetup, ScheduleSnapshot
from medoffice.scheduling._templates import Schedule
from medoffice.scheduling._types import AppointmentType, Patient
from medoffice.testing._scheduling_strategies import weekday_setup

JUNK: tuple[object, ...] = (None, "", "€", object(), 3.5, datetime(2026, 3, 2, 9))  # noqa: DTZ001
NOW = datetime(2026, 3, 1, tzinfo=UTC)
NINE = datetime(2026, 3, 2, 14, tzinfo=UTC)


def good_request(**change: object) -> BookingRequest:
    fields: dict[str, object] = {
        "appointment_id": "a-1",
        "type_code": "FU",
        "provider": "dr-0",
        "start": NINE,
        "patient": Patient(ref="p-1"),
    }
    fields.update(change)
    return BookingRequest(**fields)  # type: ignore[arg-type]


BUILDERS: dict[str, Callable[[object], object]] = {
    "request.appointment_id": lambda v: good_request(appointment_id=v),
    "request.type_code": lambda v: good_request(type_code=v),
    "request.provider": lambda v: good_request(provider=v),
    "request.start": lambda v: good_request(start=v),
    "request.patient": lambda v: good_request(patient=v),
    "patient.ref": lambda v: Patient(ref=v),  # type: ignore[arg-type]
    "candidate.start": lambda v: Candidate(type_code="FU", provider="dr-0", start=v),  # type: ignore[arg-type]
    "type.code": lambda v: AppointmentType(code=v, duration_minutes=30),  # type: ignore[arg-type]
    "type.duration": lambda v: AppointmentType(code="FU", duration_minutes=v),  # type: ignore[arg-type]
    "schedule.zone": lambda v: Schedule(resource="dr", zone=v, templates=[]),  # type: ignore[arg-type]
    "setup.zone": lambda v: PracticeSetup(schedules=[], appointment_types=[], practice_zone=v),  # type: ignore[arg-type]
    "change.at": lambda v: StatusChange(status="booked", at=v),  # type: ignore[arg-type]
    "appointment.provider": lambda v: Appointment(
        id="a",
        type_code="FU",
        provider=v,  # type: ignore[arg-type]
        patient="p",
        span=TimeRange(NINE, NINE + timedelta(minutes=30)),
        status="booked",
    ),
}


class TestJunkIsRefusedClearly:
    @pytest.mark.parametrize("field", sorted(BUILDERS))
    @pytest.mark.parametrize("junk", JUNK, ids=lambda v: type(v).__name__ + repr(v)[:6])
    def test_every_field_refuses_junk_with_a_medoffice_error(
        self, field: str, junk: object
    ) -> None:
        """Each junk value raises a MedofficeError (or is a valid value and builds)."""
        try:
            BUILDERS[field](junk)
        except MedofficeError:
            return
        # Only a few junk values are valid for some fields (a plain str id such as "€").
        assert isinstance(junk, str)
        assert junk.strip()

    def test_naive_now_is_refused(self) -> None:
        """A naive now would silently mean local time: refused."""
        snapshot = ScheduleSnapshot(setup=weekday_setup())
        with pytest.raises(MedofficeError):
            decide_booking(snapshot, good_request(), BookingPolicy(), datetime(2026, 3, 1))  # noqa: DTZ001
        with pytest.raises(MedofficeError):
            open_slots(
                snapshot,
                type_code="FU",
                provider="dr-0",
                days=DateRange.single(date(2026, 3, 2)),
                now=datetime.combine(date(2026, 3, 1), time(0)),
            )

    def test_unknown_type_is_an_argument_error(self) -> None:
        """Booking an undefined type is refused clearly."""
        snapshot = ScheduleSnapshot(setup=weekday_setup())
        with pytest.raises(MedofficeError):
            decide_booking(snapshot, good_request(type_code="ZZ"), BookingPolicy(), NOW)
