"""A Hypothesis state machine: random book, cancel, reschedule, no-show, arrive sequences.

Invariants: no provider or resource ever holds overlapping visits beyond capacity (only a group
session's own seats may share a time), every holding visit lies inside its provider's and its
resources' availability, and no appointment is ever lost.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import attrs
from hypothesis import event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from medoffice.kernel import TimeRange
from medoffice.scheduling._appointments import (
    Appointment,
    AppointmentStatus,
    CancelReason,
    can_transition,
    cancel,
    transition,
)
from medoffice.scheduling._booking import (
    Booked,
    BookingPolicy,
    BookingRequest,
    Rescheduled,
    decide_booking,
    decide_reschedule,
)
from medoffice.scheduling._snapshot import ScheduleSnapshot
from medoffice.scheduling._templates import open_windows
from medoffice.scheduling._types import AppointmentType, ResourceRequirement
from medoffice.testing._scheduling_strategies import booking_requests, weekday_setup

FIRST = date(2026, 3, 2)
NOW = datetime(2026, 3, 1, tzinfo=UTC)
SETUP = weekday_setup(
    providers=2,
    rooms=1,
    zone="America/New_York",
    types=[
        AppointmentType(code="FU", duration_minutes=30, alternative_minutes=(15,)),
        AppointmentType(
            code="NEW",
            duration_minutes=45,
            buffer_after_minutes=10,
            resources=[ResourceRequirement(category="exam-room")],
        ),
        AppointmentType(
            code="GRP", duration_minutes=60, grid_minutes=60, seats=2, overbook_seats=1
        ),
    ],
    hours=((time(9), time(12)), (time(13), time(15))),
)
REQUESTS = booking_requests(SETUP, first=FIRST, days=2, patients=6)


class Calendar(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.snapshot = ScheduleSnapshot(setup=SETUP)
        self.ids: set[str] = set()

    def _store(self, *changed: Appointment) -> None:
        self.snapshot = self.snapshot.with_appointments(changed)
        self.ids |= {a.id for a in changed}

    @rule(request=REQUESTS, overbook=st.booleans())
    def book(self, request: BookingRequest, overbook: bool) -> None:
        wanted = attrs.evolve(request, overbook=overbook)
        decision = decide_booking(self.snapshot, wanted, BookingPolicy(), NOW)
        if isinstance(decision, Booked):
            self._store(decision.appointment)
            event("booked")

    def _holding(self) -> list[Appointment]:
        return sorted((a for a in self.snapshot.appointments if a.holds_time), key=lambda a: a.id)

    @precondition(lambda self: any(a.holds_time for a in self.snapshot.appointments))
    @rule(data=st.data())
    def cancel(self, data: st.DataObject) -> None:
        target = data.draw(st.sampled_from(self._holding()))
        if can_transition(target.status, AppointmentStatus.CANCELLED):
            self._store(cancel(target, at=NOW, reason=CancelReason.PATIENT))

    @precondition(lambda self: any(a.holds_time for a in self.snapshot.appointments))
    @rule(
        data=st.data(),
        status=st.sampled_from(
            [AppointmentStatus.NOSHOW, AppointmentStatus.ARRIVED, AppointmentStatus.FULFILLED]
        ),
    )
    def move_status(self, data: st.DataObject, status: AppointmentStatus) -> None:
        target = data.draw(st.sampled_from(self._holding()))
        if can_transition(target.status, status):
            self._store(transition(target, status, at=NOW))

    @precondition(
        lambda self: any(a.status is AppointmentStatus.BOOKED for a in self.snapshot.appointments)
    )
    @rule(data=st.data(), request=REQUESTS)
    def reschedule(self, data: st.DataObject, request: BookingRequest) -> None:
        booked = [a for a in self._holding() if a.status is AppointmentStatus.BOOKED]
        target = data.draw(st.sampled_from(booked))
        moved = attrs.evolve(request, type_code=target.type_code, duration_minutes=None)
        decision = decide_reschedule(self.snapshot, target.id, moved, BookingPolicy(), NOW)
        if isinstance(decision, Rescheduled):
            self._store(decision.cancelled, decision.booked.appointment)

    @invariant()
    def nothing_is_lost(self) -> None:
        assert {a.id for a in self.snapshot.appointments} == self.ids

    @invariant()
    def no_resource_is_double_booked(self) -> None:
        per_resource: dict[str, list[Appointment]] = defaultdict(list)
        for item in self._holding():
            for resource in item.occupies:
                per_resource[resource].append(item)
        for items in per_resource.values():
            for n, one in enumerate(items):
                for two in items[n + 1 :]:
                    if not one.held.overlaps(two.span) and not two.held.overlaps(one.span):
                        continue
                    assert one.type_code == two.type_code == "GRP", (one, two)
                    assert one.span == two.span
            sessions: dict[TimeRange, int] = defaultdict(int)
            for item in items:
                if item.type_code == "GRP":
                    sessions[item.span] += 1
            # Two seats and one explicitly overbooked seat.
            assert all(count <= 3 for count in sessions.values())

    @invariant()
    def every_visit_is_inside_availability(self) -> None:
        for item in self._holding():
            for resource in item.occupies:
                schedule = SETUP.schedule(resource)
                assert schedule is not None
                day = item.span.start.astimezone(ZoneInfo(schedule.zone)).date()
                assert any(w.span.contains(item.span) for w in open_windows(schedule, day))


TestCalendar = Calendar.TestCase
TestCalendar.settings = settings(max_examples=60, stateful_step_count=30, deadline=None)
