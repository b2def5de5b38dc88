"""Appointments as an RFC 5545 calendar through the icalendar package, with VTIMEZONE."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from medoffice.adapters.formats.icalendar import (
    appointments_from_icalendar,
    appointments_to_icalendar,
)
from medoffice.kernel import InvalidArgument, InvalidValue, TimeRange
from medoffice.scheduling._appointments import Appointment, AppointmentStatus
from medoffice.testing._scheduling_strategies import weekday_setup

pytest.importorskip("icalendar", reason="the icalendar extra is not installed")

SETUP = weekday_setup(providers=1, zone="America/New_York")
STAMP = datetime(2026, 3, 1, tzinfo=UTC)


def _visit(
    ident: str,
    start: datetime,
    *,
    resources: frozenset[str] = frozenset(),
    status: AppointmentStatus = AppointmentStatus.BOOKED,
) -> Appointment:
    return Appointment(
        id=ident,
        type_code="FU",
        provider="dr-0",
        patient="p-17",
        span=TimeRange(start, start + timedelta(minutes=30)),
        status=status,
        resources=resources,
    )


# Friday before and Monday after the spring change: 09:00 EST, then 09:00 EDT.
VISITS = [
    _visit("a-1", datetime(2026, 3, 6, 14, tzinfo=UTC)),
    _visit("a-2", datetime(2026, 3, 9, 13, tzinfo=UTC), resources=frozenset({"room-1"})),
    _visit("a-3", datetime(2026, 3, 10, 13, tzinfo=UTC), status=AppointmentStatus.CANCELLED),
]


class TestAppointmentCalendars:
    def test_round_trip_keeps_every_instant_across_the_change(self) -> None:
        """Written and read back, each visit has its id, instants, status and room."""
        text = appointments_to_icalendar(VISITS, SETUP, stamp=STAMP)
        back = appointments_from_icalendar(text)
        assert [(v.appointment_id, v.start, v.end, v.status, v.resources) for v in back] == [
            (a.id, a.span.start, a.span.end, a.status, a.resources) for a in VISITS
        ]

    def test_events_are_in_the_providers_zone_with_its_vtimezone(self) -> None:
        """Both 09:00 wall times are written against a VTIMEZONE with EST and EDT."""
        text = appointments_to_icalendar(VISITS, SETUP, stamp=STAMP)
        assert "BEGIN:VTIMEZONE\r\nTZID:America/New_York" in text
        assert "TZNAME:EDT" in text
        assert "TZNAME:EST" in text
        assert text.count("DTSTART;TZID=America/New_York:") == 3
        assert "DTSTART;TZID=America/New_York:20260309T090000" in text
        assert "STATUS:CANCELLED" in text

    def test_the_patient_is_written_only_on_request(self) -> None:
        """No patient reference by default; with include_patient it is there and read back."""
        assert "p-17" not in appointments_to_icalendar(VISITS, SETUP, stamp=STAMP)
        text = appointments_to_icalendar(VISITS, SETUP, stamp=STAMP, include_patient=True)
        assert {v.patient for v in appointments_from_icalendar(text)} == {"p-17"}

    def test_one_input_and_one_stamp_give_one_output(self) -> None:
        """The order of the input does not matter."""
        assert appointments_to_icalendar(VISITS, SETUP, stamp=STAMP) == appointments_to_icalendar(
            reversed(VISITS), SETUP, stamp=STAMP
        )

    def test_bad_input_is_a_clear_error(self) -> None:
        """A naive stamp and text that is not a calendar are refused."""
        with pytest.raises(InvalidArgument):
            appointments_to_icalendar(VISITS, SETUP, stamp=datetime(2026, 3, 1))  # noqa: DTZ001 - naive on purpose
        with pytest.raises(InvalidValue):
            appointments_from_icalendar("not a calendar")
