"""Scheduling: availability, appointment types, open slots, booking, recurring series.

The pure core of the appointment book. Templates in wall-clock time are expanded per day under
an explicit daylight-saving policy; open slots are searched on integer seconds and always pass
the same check as the booking decision; :func:`decide_booking` returns ``Booked`` or
``Rejected`` with every conflict; statuses follow FHIR R4; series are RRULEs in wall-clock
time with every occurrence checked. The use cases that read a clock and talk to a store are
the methods of :class:`Scheduling` (:mod:`medoffice.scheduling.services`); the ports are in
:mod:`medoffice.scheduling.ports`.

The package exports what booking needs; the rest is grouped in public submodules:
:mod:`~medoffice.scheduling.availability` (date overrides, resource kinds, the daylight-saving
policy), :mod:`~medoffice.scheduling.appointment_types` (resource, patient and limit rules),
:mod:`~medoffice.scheduling.queries` (ranking and explanations),
:mod:`~medoffice.scheduling.statuses` (the FHIR lifecycle), :mod:`~medoffice.scheduling.series`,
:mod:`~medoffice.scheduling.waitlist`, :mod:`~medoffice.scheduling.allocation`,
:mod:`~medoffice.scheduling.overbooking`, :mod:`~medoffice.scheduling.simulation` and
:mod:`~medoffice.scheduling.metrics`.

More information: HL7 FHIR R4 Appointment, Schedule and Slot (https://hl7.org/fhir/R4/),
RFC 5545 recurrence rules (https://www.rfc-editor.org/rfc/rfc5545).

>>> from datetime import UTC, date, datetime, time
>>> import attrs
>>> from medoffice.kernel import DateRange
>>> week = WeeklyTemplate(
...     effective=DateRange.starting(date(2026, 1, 5)),
...     windows=[Window(weekday=0, start=time(9), end=time(10))],
... )
>>> setup = PracticeSetup(
...     schedules=[Schedule(resource="dr-a", zone="UTC", templates=[week])],
...     appointment_types=[AppointmentType(code="FU", duration_minutes=30, grid_minutes=30)],
...     practice_zone="UTC",
... )
>>> snapshot = ScheduleSnapshot(setup=setup)
>>> now = datetime(2026, 3, 1, tzinfo=UTC)
>>> request = BookingRequest(
...     appointment_id="a-1",
...     type_code="FU",
...     provider="dr-a",
...     start=datetime(2026, 3, 2, 9, tzinfo=UTC),
...     patient=Patient(ref="p-1"),
... )
>>> booked = decide_booking(snapshot, request, BookingPolicy(), now)
>>> after = snapshot.with_appointments([booked.appointment])
>>> again = decide_booking(after, attrs.evolve(request, appointment_id="a-2"), BookingPolicy(), now)
>>> sorted(c.kind.value for c in again.conflicts)
['patient-overlap', 'provider-overlap']
>>> [
...     s.start.time().isoformat()
...     for s in open_slots(
...         after, type_code="FU", provider="dr-a", days=DateRange.single(date(2026, 3, 2)), now=now
...     )
... ]
['09:30:00']
"""

from medoffice.scheduling._appointments import (
    Appointment,
    AppointmentStatus,
    CancelReason,
    cancel,
)
from medoffice.scheduling._booking import (
    Booked,
    BookingPolicy,
    BookingRequest,
    ConflictAction,
    Rejected,
    Rescheduled,
    decide_booking,
    decide_reschedule,
)
from medoffice.scheduling._conflicts import (
    Conflict,
    ConflictKind,
)
from medoffice.scheduling._slots import (
    Slot,
    next_available,
    open_slots,
    open_slots_any,
)
from medoffice.scheduling._snapshot import (
    PracticeSetup,
    ScheduleSnapshot,
)
from medoffice.scheduling._templates import (
    Break,
    Schedule,
    WeeklyTemplate,
    Window,
)
from medoffice.scheduling._types import (
    AppointmentType,
    Patient,
)
from medoffice.scheduling.services import (
    Scheduling,
)

__all__ = [
    "Appointment",
    "AppointmentStatus",
    "AppointmentType",
    "Booked",
    "BookingPolicy",
    "BookingRequest",
    "Break",
    "CancelReason",
    "Conflict",
    "ConflictAction",
    "ConflictKind",
    "Patient",
    "PracticeSetup",
    "Rejected",
    "Rescheduled",
    "Schedule",
    "ScheduleSnapshot",
    "Scheduling",
    "Slot",
    "WeeklyTemplate",
    "Window",
    "cancel",
    "decide_booking",
    "decide_reschedule",
    "next_available",
    "open_slots",
    "open_slots_any",
]
