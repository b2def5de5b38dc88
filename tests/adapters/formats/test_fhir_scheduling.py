"""FHIR R4 Schedule, Slot and Appointment: export, validation by the R4 models, import."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import attrs
import pytest

from medoffice.adapters.formats.fhir import (
    appointment_from_fhir,
    fhir_appointment_data,
    fhir_busy_slot_data,
    fhir_r4,
    fhir_schedule_data,
    fhir_slot_data,
    schedule_from_fhir,
    slot_from_fhir,
)
from medoffice.kernel import DateRange, InvalidArgument, InvalidValue, TimeRange
from medoffice.scheduling._appointments import Appointment, AppointmentStatus, CancelReason
from medoffice.scheduling._slots import open_slots
from medoffice.scheduling._snapshot import ScheduleSnapshot
from medoffice.scheduling._types import AppointmentType, ResourceRequirement
from medoffice.testing._scheduling_strategies import weekday_setup

pytest.importorskip("fhir.resources", reason="the fhir extra is not installed")

NINE = datetime(2026, 3, 2, 14, tzinfo=UTC)
PROC = AppointmentType(
    code="PROC", duration_minutes=30, resources=[ResourceRequirement(category="exam-room")]
)
SETUP = weekday_setup(providers=1, rooms=1, types=[PROC])
VISIT = Appointment(
    id="a-1",
    type_code="PROC",
    provider="dr-0",
    patient="p-17",
    span=TimeRange(NINE, NINE + timedelta(minutes=30)),
    status=AppointmentStatus.BOOKED,
    resources={"room-0"},
)


class TestAppointments:
    def test_an_appointment_validates_and_comes_back_equal(self) -> None:
        """Exported with its patient, validated by the R4 model, read back: the same visit."""
        model = fhir_r4(fhir_appointment_data(VISIT, SETUP, include_patient=True))
        assert type(model).__module__ == "fhir.resources.R4B.appointment"
        assert appointment_from_fhir(model) == VISIT
        assert appointment_from_fhir(fhir_appointment_data(VISIT, SETUP, include_patient=True)) == (
            VISIT
        )

    def test_rooms_are_locations_and_the_provider_a_practitioner(self) -> None:
        """The provider is a Practitioner, the room a Location."""
        data = fhir_appointment_data(VISIT, SETUP)
        assert [p["actor"]["reference"] for p in data["participant"]] == [
            "Practitioner/dr-0",
            "Location/room-0",
        ]

    def test_no_patient_leaves_unless_asked(self) -> None:
        """By default the patient reference is nowhere in the resource."""
        text = json.dumps(fhir_appointment_data(VISIT, SETUP))
        assert "p-17" not in text
        assert "Patient/" not in text
        with pytest.raises(InvalidValue, match="Patient"):
            appointment_from_fhir(fhir_appointment_data(VISIT, SETUP))

    def test_a_cancellation_keeps_its_reason(self) -> None:
        """The status and the cancellation reason travel."""
        cancelled = attrs.evolve(
            VISIT, status=AppointmentStatus.CANCELLED, cancel_reason=CancelReason.PATIENT
        )
        data = fhir_appointment_data(cancelled, SETUP, include_patient=True)
        assert appointment_from_fhir(fhir_r4(data)) == cancelled

    def test_invalid_resources_are_refused_naming_fields(self) -> None:
        """A resource the R4 model refuses is an InvalidValue naming fields, not values."""
        broken = fhir_appointment_data(VISIT, SETUP, include_patient=True)
        broken["participant"] = []
        broken["minutesDuration"] = "p-17"
        with pytest.raises(InvalidValue) as caught:
            fhir_r4(broken)
        assert "p-17" not in str(caught.value)
        with pytest.raises(InvalidValue):
            fhir_r4({"resourceType": "Patient"})
        with pytest.raises(InvalidValue):
            appointment_from_fhir(["not", "a", "resource"])


class TestSchedulesAndSlots:
    def test_a_schedule_with_its_horizon_round_trips(self) -> None:
        """A provider's Schedule validates and gives back its resource and horizon."""
        horizon = DateRange(date(2026, 3, 1), date(2026, 5, 31))
        data = fhir_schedule_data(SETUP, "dr-0", horizon=horizon)
        fhir_r4(data)
        assert schedule_from_fhir(data) == ("dr-0", horizon)
        assert fhir_schedule_data(SETUP, "room-0")["actor"] == [{"reference": "Location/room-0"}]
        with pytest.raises(InvalidArgument):
            fhir_schedule_data(SETUP, "dr-9")

    def test_free_and_busy_slots_round_trip(self) -> None:
        """Open slots export as free Slots, a booked visit as a busy one without its patient."""
        snapshot = ScheduleSnapshot(setup=SETUP, appointments=[VISIT])
        free = open_slots(
            snapshot,
            type_code="PROC",
            provider="dr-0",
            days=DateRange.single(date(2026, 3, 2)),
            now=NINE - timedelta(days=1),
        )
        assert free
        for slot in free:
            back = slot_from_fhir(fhir_r4(fhir_slot_data(slot)))
            assert (back.resource, back.span.start, back.status, back.type_code) == (
                "dr-0",
                slot.start,
                "free",
                "PROC",
            )
        busy = fhir_busy_slot_data(VISIT)
        assert "p-17" not in json.dumps(busy)
        back = slot_from_fhir(busy)
        assert (back.status, back.span) == ("busy", VISIT.span)
