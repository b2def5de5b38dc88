"""Scheduling: availability, appointment types, open slots, booking, recurring series.

The pure core of the appointment book. Templates in wall-clock time are expanded per day under
an explicit daylight-saving policy; open slots are searched on integer seconds and always pass
the same check as the booking decision; :func:`decide_booking` returns ``Booked`` or
``Rejected`` with every conflict; statuses follow FHIR R4; series are RRULEs in wall-clock
time with every occurrence checked. The use cases that read a clock and talk to a store are
the methods of :class:`Scheduling` (:mod:`medoffice.scheduling.services`); the ports are in
:mod:`medoffice.scheduling.ports`.

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

from __future__ import annotations

from medoffice.scheduling._alloc_exact import allocate_exact, candidate_model, day_groups
from medoffice.scheduling._alloc_greedy import allocate, book_allocation
from medoffice.scheduling._alloc_model import (
    Allocation,
    AllocationCandidate,
    AllocationRequest,
    CandidateModel,
    Placement,
    Solution,
    Unplaced,
    UnplacedReason,
)
from medoffice.scheduling._appointments import (
    Appointment,
    AppointmentStatus,
    CancelReason,
    StatusChange,
    TransitionNotAllowed,
    can_transition,
    cancel,
    transition,
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
from medoffice.scheduling._conflicts import Candidate, Conflict, ConflictKind, explain
from medoffice.scheduling._metrics import (
    ScheduleMetrics,
    schedule_metrics,
    third_next_available,
    waitlist_conversion,
)
from medoffice.scheduling._overbooking import (
    NoShowFeatures,
    OverbookPlan,
    bailey_welch,
    expected_attendance,
    plan_overbooking,
)
from medoffice.scheduling._series import (
    EditScope,
    Frequency,
    OccurrenceRejected,
    Recurrence,
    SeriesDecision,
    SeriesMode,
    SeriesRequest,
    cancel_series,
    decide_series,
    move_series,
    occurrences,
    select_occurrences,
)
from medoffice.scheduling._simulation import (
    SimulationResult,
    compare_templates,
    simulate,
    standard_templates,
)
from medoffice.scheduling._slots import (
    Ranking,
    Slot,
    first_per_day,
    next_available,
    open_slots,
    open_slots_any,
    rank,
)
from medoffice.scheduling._snapshot import PracticeSetup, ScheduleSnapshot
from medoffice.scheduling._templates import (
    AddWindow,
    Break,
    DateOverride,
    DayOff,
    OpenWindow,
    RemoveWindow,
    ReplaceDay,
    ResourceKind,
    Schedule,
    WallWindow,
    WeeklyTemplate,
    Window,
    open_windows,
)
from medoffice.scheduling._time import DstPolicy, GapPolicy, OverlapPolicy, resolve
from medoffice.scheduling._types import (
    AppointmentType,
    Limit,
    LimitPeriod,
    Patient,
    PatientRule,
    ResourceRequirement,
)
from medoffice.scheduling._waitlist import (
    Offer,
    OfferMode,
    OfferNotLive,
    OfferPolicy,
    OfferStatus,
    WaitlistEntry,
    WaitlistMatch,
    WaitlistStatus,
    decide_acceptance,
    make_offers,
    offered_entries,
    overlapping_offers,
    settle_acceptance,
    waitlist_matches,
)
from medoffice.scheduling.services import Scheduling

__all__ = [
    "AddWindow",
    "Allocation",
    "AllocationCandidate",
    "AllocationRequest",
    "Appointment",
    "AppointmentStatus",
    "AppointmentType",
    "Booked",
    "BookingPolicy",
    "BookingRequest",
    "Break",
    "CancelReason",
    "Candidate",
    "CandidateModel",
    "Conflict",
    "ConflictAction",
    "ConflictKind",
    "DateOverride",
    "DayOff",
    "DstPolicy",
    "EditScope",
    "Frequency",
    "GapPolicy",
    "Limit",
    "LimitPeriod",
    "NoShowFeatures",
    "OccurrenceRejected",
    "Offer",
    "OfferMode",
    "OfferNotLive",
    "OfferPolicy",
    "OfferStatus",
    "OpenWindow",
    "OverbookPlan",
    "OverlapPolicy",
    "Patient",
    "PatientRule",
    "Placement",
    "PracticeSetup",
    "Ranking",
    "Recurrence",
    "Rejected",
    "RemoveWindow",
    "ReplaceDay",
    "Rescheduled",
    "ResourceKind",
    "ResourceRequirement",
    "Schedule",
    "ScheduleMetrics",
    "ScheduleSnapshot",
    "Scheduling",
    "SeriesDecision",
    "SeriesMode",
    "SeriesRequest",
    "SimulationResult",
    "Slot",
    "Solution",
    "StatusChange",
    "TransitionNotAllowed",
    "Unplaced",
    "UnplacedReason",
    "WaitlistEntry",
    "WaitlistMatch",
    "WaitlistStatus",
    "WallWindow",
    "WeeklyTemplate",
    "Window",
    "allocate",
    "allocate_exact",
    "bailey_welch",
    "book_allocation",
    "can_transition",
    "cancel",
    "cancel_series",
    "candidate_model",
    "compare_templates",
    "day_groups",
    "decide_acceptance",
    "decide_booking",
    "decide_reschedule",
    "decide_series",
    "expected_attendance",
    "explain",
    "first_per_day",
    "make_offers",
    "move_series",
    "next_available",
    "occurrences",
    "offered_entries",
    "open_slots",
    "open_slots_any",
    "open_windows",
    "overlapping_offers",
    "plan_overbooking",
    "rank",
    "resolve",
    "schedule_metrics",
    "select_occurrences",
    "settle_acceptance",
    "simulate",
    "standard_templates",
    "third_next_available",
    "transition",
    "waitlist_conversion",
    "waitlist_matches",
]
