"""The appointment status lifecycle of HL7 FHIR R4, as allowed transitions.

:func:`transition` moves an appointment to a new status and records the
:class:`StatusChange`; a move the lifecycle does not allow raises :class:`TransitionNotAllowed`
(a programmer mistake: :func:`can_transition` asks first). Cancelling, which needs a reason, is
:func:`~medoffice.scheduling.cancel`.

>>> from medoffice.scheduling import AppointmentStatus as S
>>> can_transition(S.BOOKED, S.ARRIVED), can_transition(S.FULFILLED, S.BOOKED)
(True, False)

More information: HL7 FHIR R4 AppointmentStatus (https://hl7.org/fhir/R4/valueset-appointmentstatus.html).
"""

from medoffice.scheduling._appointments import (
    StatusChange,
    TransitionNotAllowed,
    can_transition,
    transition,
)

__all__ = [
    "StatusChange",
    "TransitionNotAllowed",
    "can_transition",
    "transition",
]
