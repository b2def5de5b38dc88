"""The booking decision: book or refuse, with every conflict spelled out.

:func:`decide_booking` is pure: from a :class:`~medoffice.scheduling.ScheduleSnapshot`, a
:class:`BookingRequest`, a :class:`BookingPolicy` and ``now`` it returns :class:`Booked` (the new
appointment and any warnings) or :class:`Rejected` (the conflicts that block). The policy says,
for each :class:`~medoffice.scheduling.ConflictKind`, whether it blocks (the default), only
warns, or is allowed when the request gives a reason (the reason is kept on the appointment).
With an ``authorizations`` port, a visit the payer only pays with a prior authorization or a
referral the patient lacks gets an ``auth-*`` or ``ref-*`` conflict, under the same policy.
:func:`decide_reschedule` cancels the old visit and books the new one as one decision, so the
service saves both or neither.

More information: HL7 FHIR R4 Appointment (https://hl7.org/fhir/R4/appointment.html).

>>> policy = BookingPolicy(actions={ConflictKind.PATIENT_OVERLAP: ConflictAction.WARN})
>>> policy.action(ConflictKind.PATIENT_OVERLAP), policy.action(ConflictKind.PROVIDER_OVERLAP)
(<ConflictAction.WARN: 'warn'>, <ConflictAction.BLOCK: 'block'>)
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import final

import attrs

from medoffice.kernel import InvalidArgument, TimeRange
from medoffice.kernel._validators import member_of
from medoffice.scheduling._appointments import (
    Appointment,
    AppointmentStatus,
    CancelReason,
    StatusChange,
    cancel,
)
from medoffice.scheduling._conflicts import Candidate, Conflict, ConflictKind, check
from medoffice.scheduling._convert import aware, instance_of, text, to_frozenset
from medoffice.scheduling._snapshot import ScheduleSnapshot
from medoffice.scheduling._time import zone
from medoffice.scheduling._types import Patient
from medoffice.scheduling.ports import (
    ProviderEligibility,
    Visit,
    VisitAuthorizations,
    new_visit,
)

__all__ = [
    "Booked",
    "BookingPolicy",
    "BookingRequest",
    "ConflictAction",
    "Rejected",
    "Rescheduled",
    "decide_booking",
    "decide_reschedule",
    "visit_of",
]


def _appointment_status(value: object) -> AppointmentStatus:
    return member_of(AppointmentStatus, value)


@final
class ConflictAction(enum.StrEnum):
    """What a kind of conflict does to a booking."""

    BLOCK = "block"
    WARN = "warn"
    ALLOW_WITH_REASON = "allow-with-reason"


def _actions(
    value: Mapping[ConflictKind | str, ConflictAction | str],
) -> tuple[tuple[ConflictKind, ConflictAction], ...]:
    return tuple(sorted((ConflictKind(k), ConflictAction(v)) for k, v in dict(value).items()))


@final
@attrs.frozen(kw_only=True)
class BookingPolicy:
    """Per conflict kind: block (default), warn, or allow with a reason; the late-cancel window."""

    actions: tuple[tuple[ConflictKind, ConflictAction], ...] = attrs.field(
        factory=tuple, converter=_actions
    )
    late_cancel_hours: int = 24

    def action(self, kind: ConflictKind) -> ConflictAction:
        """What ``kind`` does under this policy."""
        return dict(self.actions).get(kind, ConflictAction.BLOCK)


@final
@attrs.frozen(kw_only=True)
class BookingRequest:
    """A request to book ``type_code`` with ``provider`` at ``start`` for ``patient``.

    ``appointment_id`` is chosen by the caller (retries of one request stay idempotent);
    ``resources`` pins resources, otherwise free ones are chosen; ``reason`` justifies conflicts
    the policy allows with a reason; ``overbook`` asks for one of the type's overbooked seats.
    """

    appointment_id: str = attrs.field(validator=text)
    type_code: str = attrs.field(validator=text)
    provider: str = attrs.field(validator=text)
    start: datetime = attrs.field(validator=aware)
    patient: Patient = attrs.field(validator=instance_of(Patient))
    duration_minutes: int | None = None
    resources: frozenset[str] = attrs.field(default=frozenset(), converter=to_frozenset)
    overbook: bool = False
    reason: str | None = None
    series_id: str | None = None
    status: AppointmentStatus = attrs.field(
        default=AppointmentStatus.BOOKED, converter=_appointment_status
    )

    @status.validator
    def _holding(self, _: attrs.Attribute[AppointmentStatus], value: AppointmentStatus) -> None:
        if value not in (AppointmentStatus.BOOKED, AppointmentStatus.PENDING):
            raise InvalidArgument("a booking creates a booked or pending appointment")


@final
@attrs.frozen(kw_only=True)
class Booked:
    """The booking is accepted: the new appointment, warnings, and conflicts allowed by reason."""

    appointment: Appointment
    warnings: tuple[Conflict, ...] = ()
    allowed: tuple[Conflict, ...] = ()


@final
@attrs.frozen(kw_only=True)
class Rejected:
    """The booking is refused: the conflicts that block it, and those that would only warn."""

    conflicts: tuple[Conflict, ...]
    warnings: tuple[Conflict, ...] = ()

    @property
    def kinds(self) -> frozenset[ConflictKind]:
        """The kinds of the blocking conflicts."""
        return frozenset(c.kind for c in self.conflicts)


@final
@attrs.frozen(kw_only=True)
class Rescheduled:
    """The old visit cancelled and the new one booked: save both together or neither."""

    cancelled: Appointment
    booked: Booked


def decide_booking(
    snapshot: ScheduleSnapshot,
    request: BookingRequest,
    policy: BookingPolicy,
    now: datetime,
    *,
    eligibility: ProviderEligibility | None = None,
    ignore: frozenset[str] = frozenset(),
    authorizations: VisitAuthorizations | None = None,
) -> Booked | Rejected:
    """Book ``request`` on ``snapshot`` as ``policy`` says, or say exactly why not."""
    if snapshot.get(request.appointment_id) is not None and request.appointment_id not in ignore:
        raise InvalidArgument("an appointment with that id already exists")
    kind = snapshot.appointment_type(request.type_code)
    candidate = Candidate(
        type_code=request.type_code,
        provider=request.provider,
        start=request.start,
        duration_minutes=request.duration_minutes,
        patient=request.patient,
        resources=request.resources,
        overbook=request.overbook,
        ignore=ignore,
    )
    found = check(snapshot, candidate, now=now, eligibility=eligibility)
    conflicts = found.conflicts
    if authorizations is not None:
        conflicts += authorizations.check_request(request, snapshot.setup.practice_zone)
    blocking, warnings, allowed = [], [], []
    for conflict in conflicts:
        action = policy.action(conflict.kind)
        if action is ConflictAction.WARN:
            warnings.append(conflict)
        elif action is ConflictAction.ALLOW_WITH_REASON and request.reason:
            allowed.append(conflict)
        else:
            blocking.append(conflict)
    if blocking:
        return Rejected(conflicts=tuple(blocking), warnings=tuple(warnings))
    minutes = request.duration_minutes or kind.duration_minutes
    appointment = Appointment(
        id=request.appointment_id,
        type_code=kind.code,
        provider=request.provider,
        patient=request.patient.ref,
        span=TimeRange.of_length(request.start, timedelta(minutes=minutes)),
        status=request.status,
        resources=found.resources,
        buffer_before_minutes=kind.buffer_before_minutes,
        buffer_after_minutes=kind.buffer_after_minutes,
        series_id=request.series_id,
        overbooked=found.overbooked,
        reasons=(request.reason,) if allowed and request.reason else (),
        history=(StatusChange(status=request.status, at=now),),
    )
    return Booked(appointment=appointment, warnings=tuple(warnings), allowed=tuple(allowed))


def visit_of(request: BookingRequest, practice_zone: str) -> Visit:
    """The visit ``request`` books, with its day in the practice's zone."""
    return new_visit(
        request.appointment_id,
        request.patient.ref,
        request.type_code,
        request.provider,
        request.start.astimezone(zone(practice_zone)).date(),
    )


def decide_reschedule(
    snapshot: ScheduleSnapshot,
    appointment_id: str,
    request: BookingRequest,
    policy: BookingPolicy,
    now: datetime,
    *,
    eligibility: ProviderEligibility | None = None,
    authorizations: VisitAuthorizations | None = None,
) -> Rescheduled | Rejected:
    """Move an appointment: cancel it (reason ``rescheduled``) and book ``request`` in one step.

    The old visit does not stand in the new one's way, so moving by ten minutes works.
    """
    old = snapshot.get(appointment_id)
    if request.appointment_id == appointment_id:
        raise InvalidArgument("the new appointment needs an id of its own")
    if old is None:
        raise InvalidArgument("no appointment has that id")
    cancelled = cancel(
        old, at=now, reason=CancelReason.RESCHEDULED, late_window_hours=policy.late_cancel_hours
    )
    decision = decide_booking(
        snapshot,
        request,
        policy,
        now,
        eligibility=eligibility,
        ignore=frozenset({appointment_id}),
        authorizations=authorizations,
    )
    if isinstance(decision, Rejected):
        return decision
    return Rescheduled(cancelled=cancelled, booked=decision)
