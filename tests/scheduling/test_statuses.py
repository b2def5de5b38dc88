"""FHIR R4 appointment statuses, their transitions, and cancellation."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medoffice.kernel import InvalidArgument, TimeRange
from medoffice.scheduling._appointments import (
    Appointment,
    AppointmentStatus,
    CancelReason,
    TransitionNotAllowed,
    can_transition,
    cancel,
    transition,
)
from medoffice.scheduling._types import Patient

S = AppointmentStatus
START = datetime(2026, 3, 2, 14, tzinfo=UTC)


def visit(status: AppointmentStatus = S.BOOKED) -> Appointment:
    return Appointment(
        id="a-1",
        type_code="FU",
        provider="dr-a",
        patient="p-1",
        span=TimeRange(START, START + timedelta(minutes=30)),
        status=status,
    )


class TestTransitions:
    @pytest.mark.parametrize(
        ("current", "target"),
        [
            (S.PROPOSED, S.BOOKED),
            (S.PENDING, S.BOOKED),
            (S.WAITLIST, S.BOOKED),
            (S.BOOKED, S.ARRIVED),
            (S.BOOKED, S.CHECKED_IN),
            (S.BOOKED, S.NOSHOW),
            (S.BOOKED, S.CANCELLED),
            (S.ARRIVED, S.FULFILLED),
            (S.FULFILLED, S.ENTERED_IN_ERROR),
        ],
    )
    def test_allowed_moves(self, current: AppointmentStatus, target: AppointmentStatus) -> None:
        """The FHIR workflow moves are allowed and recorded in the history."""
        moved = transition(visit(current), target, at=START)
        assert moved.status is target
        assert moved.history[-1].status is target

    @pytest.mark.parametrize(
        ("current", "target"),
        [
            (S.BOOKED, S.PROPOSED),
            (S.FULFILLED, S.BOOKED),
            (S.CANCELLED, S.BOOKED),
            (S.NOSHOW, S.ARRIVED),
            (S.ENTERED_IN_ERROR, S.ENTERED_IN_ERROR),
            (S.ARRIVED, S.NOSHOW),
        ],
    )
    def test_forbidden_moves(self, current: AppointmentStatus, target: AppointmentStatus) -> None:
        """Moves FHIR does not allow raise TransitionNotAllowed."""
        with pytest.raises(TransitionNotAllowed):
            transition(visit(current), target, at=START)

    @given(st.sampled_from(list(S)), st.sampled_from(list(S)))
    def test_terminal_statuses_only_go_to_entered_in_error(
        self, current: AppointmentStatus, target: AppointmentStatus
    ) -> None:
        """Fulfilled, cancelled and no-show appointments can only be marked entered-in-error."""
        if current in (S.FULFILLED, S.CANCELLED, S.NOSHOW) and can_transition(current, target):
            assert target is S.ENTERED_IN_ERROR

    def test_only_holding_statuses_hold_time(self) -> None:
        """Pending, booked, checked-in, arrived and fulfilled occupy the calendar."""
        assert {s for s in S if s.holds_time} == {
            S.PENDING,
            S.BOOKED,
            S.CHECKED_IN,
            S.ARRIVED,
            S.FULFILLED,
        }


class TestCancellation:
    def test_late_cancellation_is_flagged_inside_the_window(self) -> None:
        """Cancelling 3 hours before with a 24-hour window is late; 2 days before is not."""
        late = cancel(visit(), at=START - timedelta(hours=3), reason=CancelReason.PATIENT)
        early = cancel(visit(), at=START - timedelta(days=2), reason=CancelReason.PATIENT)
        assert late.late_cancellation
        assert not early.late_cancellation
        assert late.cancel_reason is CancelReason.PATIENT
        assert not late.holds_time

    def test_cancelling_needs_a_known_reason(self) -> None:
        """An unknown reason is refused."""
        with pytest.raises(InvalidArgument):
            cancel(visit(), at=START, reason="bored")  # type: ignore[arg-type]

    def test_cancelled_cannot_be_cancelled_again(self) -> None:
        """Cancelling twice is an invalid transition."""
        gone = cancel(visit(), at=START, reason=CancelReason.PROVIDER)
        with pytest.raises(InvalidArgument):
            cancel(gone, at=START, reason=CancelReason.PROVIDER)

    def test_repr_holds_no_patient_details(self) -> None:
        """Appointment reprs carry the opaque patient ref only; Patient hides the birth date."""
        patient = Patient(ref="p-1", established=False, birth_date=date(1990, 5, 1))
        assert "1990" not in repr(patient)
