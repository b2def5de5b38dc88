"""Appointments and their FHIR R4 statuses.

An :class:`Appointment` records who sees whom, when (a half-open
:class:`~medoffice.kernel.TimeRange` of instants), with which resources, and its
:class:`AppointmentStatus`. Statuses and the moves between them follow HL7 FHIR R4
``AppointmentStatus``: ``proposed``, ``pending``, ``booked``, ``arrived``, ``fulfilled``,
``cancelled``, ``noshow``, ``entered-in-error``, ``checked-in`` and ``waitlist``. Only pending,
booked, checked-in, arrived and fulfilled appointments hold time on a calendar.

Cancelling needs a :class:`CancelReason`; a cancellation closer to the start than the policy's
window is flagged ``late_cancellation``. Every change is kept in ``history``.

More information: HL7 FHIR R4 Appointment status
(https://hl7.org/fhir/R4/valueset-appointmentstatus.html).

>>> from datetime import UTC, datetime
>>> nine = datetime(2026, 3, 2, 14, tzinfo=UTC)
>>> visit = Appointment(
...     id="a-1",
...     type_code="FU",
...     provider="dr-a",
...     patient="p-1",
...     span=TimeRange(nine, nine + timedelta(minutes=20)),
...     status=AppointmentStatus.BOOKED,
... )
>>> gone = cancel(
...     visit, at=nine - timedelta(hours=3), reason=CancelReason.PATIENT, late_window_hours=24
... )
>>> gone.status, gone.late_cancellation
(<AppointmentStatus.CANCELLED: 'cancelled'>, True)
>>> can_transition(gone.status, AppointmentStatus.BOOKED)
False
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Final, final

import attrs

from medoffice.kernel import InvalidArgument, InvalidValue, TimeRange
from medoffice.scheduling._convert import aware, instance_of, text, to_frozenset, to_tuple

__all__ = [
    "BLOCKING",
    "Appointment",
    "AppointmentStatus",
    "CancelReason",
    "StatusChange",
    "TransitionNotAllowed",
    "can_transition",
    "cancel",
    "transition",
]


@final
class AppointmentStatus(enum.StrEnum):
    """HL7 FHIR R4 appointment status codes."""

    PROPOSED = "proposed"
    PENDING = "pending"
    BOOKED = "booked"
    ARRIVED = "arrived"
    FULFILLED = "fulfilled"
    CANCELLED = "cancelled"
    NOSHOW = "noshow"
    ENTERED_IN_ERROR = "entered-in-error"
    CHECKED_IN = "checked-in"
    WAITLIST = "waitlist"

    @property
    def holds_time(self) -> bool:
        """Whether an appointment in this status occupies its provider and resources."""
        return self in BLOCKING


S = AppointmentStatus
BLOCKING: Final = frozenset({S.PENDING, S.BOOKED, S.CHECKED_IN, S.ARRIVED, S.FULFILLED})

_ALLOWED: Final[dict[AppointmentStatus, frozenset[AppointmentStatus]]] = {
    S.PROPOSED: frozenset({S.PENDING, S.BOOKED, S.WAITLIST, S.CANCELLED}),
    S.WAITLIST: frozenset({S.PROPOSED, S.PENDING, S.BOOKED, S.CANCELLED}),
    S.PENDING: frozenset({S.BOOKED, S.CANCELLED}),
    S.BOOKED: frozenset({S.CHECKED_IN, S.ARRIVED, S.CANCELLED, S.NOSHOW}),
    S.CHECKED_IN: frozenset({S.ARRIVED, S.FULFILLED, S.CANCELLED}),
    S.ARRIVED: frozenset({S.FULFILLED}),
    S.FULFILLED: frozenset(),
    S.CANCELLED: frozenset(),
    S.NOSHOW: frozenset(),
    S.ENTERED_IN_ERROR: frozenset(),
}


@final
class CancelReason(enum.StrEnum):
    """Why an appointment was cancelled (after FHIR's appointment-cancellation-reason groups)."""

    PATIENT = "patient"
    PROVIDER = "provider"
    PRACTICE = "practice"
    RESCHEDULED = "rescheduled"
    WEATHER = "weather"
    OTHER = "other"


class TransitionNotAllowed(InvalidArgument):
    """The status change is not one FHIR R4 allows (booked to proposed, fulfilled to booked)."""


def can_transition(current: AppointmentStatus, target: AppointmentStatus) -> bool:
    """Whether FHIR R4 allows ``current`` to become ``target``.

    Any status but ``entered-in-error`` itself may be marked ``entered-in-error``.
    """
    if target is S.ENTERED_IN_ERROR:
        return current is not S.ENTERED_IN_ERROR
    return target in _ALLOWED[current]


@final
@attrs.frozen(kw_only=True)
class StatusChange:
    """One move in an appointment's history."""

    status: AppointmentStatus = attrs.field(converter=AppointmentStatus)
    at: datetime = attrs.field(validator=aware)
    reason: str | None = None


@final
@attrs.frozen(kw_only=True)
class Appointment:
    """A visit on the calendar.

    ``buffer_before_minutes`` and ``buffer_after_minutes`` are copied from the type when booked
    so that the calendar alone says how much time the visit holds; ``reasons`` records why a
    conflict allowed by policy was accepted.
    """

    id: str = attrs.field()
    type_code: str = attrs.field(validator=text)
    provider: str = attrs.field(validator=text)
    patient: str = attrs.field(validator=text)
    span: TimeRange = attrs.field(validator=instance_of(TimeRange))
    status: AppointmentStatus = attrs.field(converter=AppointmentStatus)
    resources: frozenset[str] = attrs.field(default=frozenset(), converter=to_frozenset)
    buffer_before_minutes: int = 0
    buffer_after_minutes: int = 0
    series_id: str | None = None
    overbooked: bool = False
    late_cancellation: bool = False
    cancel_reason: CancelReason | None = None
    reasons: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    history: tuple[StatusChange, ...] = attrs.field(default=(), converter=to_tuple)

    @id.validator  # noqa: A003  (FHIR calls it id)
    def _named(self, _: attrs.Attribute[str], value: object) -> None:
        if not isinstance(value, str) or not value:
            raise InvalidValue("an appointment has a non-empty id")

    @property
    def holds_time(self) -> bool:
        """Whether the appointment occupies its provider and resources."""
        return self.status in BLOCKING

    @property
    def held(self) -> TimeRange:
        """The span with its buffers: the time nobody else may use."""
        return TimeRange(
            self.span.start - timedelta(minutes=self.buffer_before_minutes),
            self.span.end + timedelta(minutes=self.buffer_after_minutes),
        )

    @property
    def occupies(self) -> frozenset[str]:
        """The provider and every resource the appointment uses."""
        return self.resources | {self.provider}


def transition(
    appointment: Appointment, target: AppointmentStatus, *, at: datetime, reason: str | None = None
) -> Appointment:
    """The appointment moved to ``target``; a move FHIR does not allow is refused."""
    try:
        target = AppointmentStatus(target)
    except ValueError:
        raise InvalidArgument("that is not a FHIR R4 appointment status") from None
    if not can_transition(appointment.status, target):
        raise TransitionNotAllowed(
            f"an appointment cannot go from {appointment.status} to {target}"
        )
    change = StatusChange(status=target, at=at, reason=reason)
    return attrs.evolve(appointment, status=target, history=(*appointment.history, change))


def cancel(
    appointment: Appointment,
    *,
    at: datetime,
    reason: CancelReason,
    late_window_hours: int = 24,
) -> Appointment:
    """Cancel; flagged late when ``at`` is within ``late_window_hours`` of the start."""
    try:
        reason = CancelReason(reason)
    except ValueError:
        raise InvalidArgument("a cancellation needs one of the CancelReason values") from None
    moved = transition(appointment, S.CANCELLED, at=at, reason=reason.value)
    late = appointment.span.start - at < timedelta(hours=late_window_hours)
    return attrs.evolve(moved, cancel_reason=reason, late_cancellation=late)


def unique_ids(appointments: Iterable[Appointment]) -> tuple[Appointment, ...]:
    """The appointments, refusing two with one id (a calendar holds each visit once)."""
    seen: set[str] = set()
    items = tuple(appointments)
    for item in items:
        if not isinstance(item, Appointment):
            raise InvalidValue(f"a calendar holds appointments, not {type(item).__name__}")
        if item.id in seen:
            raise InvalidValue("two appointments share one id")
        seen.add(item.id)
    return items
