"""The booking decision and explain: every conflict kind, and the policy's three answers."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from medoffice.kernel import InvalidArgument, Severity
from medoffice.scheduling import (
    AppointmentType,
    Booked,
    BookingPolicy,
    BookingRequest,
    Candidate,
    ConflictAction,
    ConflictKind,
    Limit,
    LimitPeriod,
    Patient,
    PatientRule,
    PracticeSetup,
    Rejected,
    ReplaceDay,
    Rescheduled,
    ResourceKind,
    ResourceRequirement,
    ScheduleSnapshot,
    WallWindow,
    decide_booking,
    decide_reschedule,
    explain,
)
from medoffice.testing._scheduling_strategies import weekday_setup

K = ConflictKind
ZONE = "America/New_York"
NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)
MONDAY = date(2026, 3, 2)
TYPES = (
    AppointmentType(code="FU", duration_minutes=30, alternative_minutes=(15,), grid_minutes=15),
    AppointmentType(
        code="NEW",
        duration_minutes=60,
        buffer_after_minutes=10,
        min_notice_minutes=120,
        horizon_days=30,
        resources=[ResourceRequirement(category="exam-room")],
        patients=PatientRule(established=False),
        limits=[Limit(period=LimitPeriod.DAY, max_count=2)],
    ),
    AppointmentType(code="GROUP", duration_minutes=60, grid_minutes=60, seats=2, overbook_seats=1),
    AppointmentType(code="KID", duration_minutes=30, patients=PatientRule(min_age=0, max_age=17)),
    AppointmentType(code="INJ", duration_minutes=15, patients=PatientRule(one_open=True)),
    AppointmentType(
        code="ECHO", duration_minutes=30, resources=[ResourceRequirement(category="echo")]
    ),
    AppointmentType(code="ONLY-B", duration_minutes=30, eligible_providers={"dr-1"}),
)


def setup() -> PracticeSetup:
    base = weekday_setup(providers=2, rooms=1, zone=ZONE, types=TYPES)
    echo = attrs.evolve(
        base.schedules[-1], resource="echo-1", kind=ResourceKind.DEVICE, category="echo"
    )
    return attrs.evolve(base, schedules=(*base.schedules, echo))


SETUP = setup()


def at(hour: int, minute: int = 0, day: date = MONDAY) -> datetime:
    """Wall-clock time in New York, as a UTC instant."""
    return datetime.combine(day, time(hour, minute), ZoneInfo(ZONE)).astimezone(UTC)


def request(
    ident: str = "a-1",
    *,
    kind: str = "FU",
    provider: str = "dr-0",
    start: datetime | None = None,
    patient: Patient | None = None,
    **extra: object,
) -> BookingRequest:
    return BookingRequest(
        appointment_id=ident,
        type_code=kind,
        provider=provider,
        start=start or at(9),
        patient=patient or Patient(ref="p-1"),
        **extra,  # type: ignore[arg-type]
    )


def book_all(
    *requests: BookingRequest, snapshot: ScheduleSnapshot | None = None
) -> ScheduleSnapshot:
    snap = snapshot or ScheduleSnapshot(setup=SETUP)
    for item in requests:
        decision = decide_booking(snap, item, BookingPolicy(), NOW)
        assert isinstance(decision, Booked), decision
        snap = snap.with_appointments([decision.appointment])
    return snap


def kinds(snapshot: ScheduleSnapshot, item: BookingRequest) -> set[ConflictKind]:
    decision = decide_booking(snapshot, item, BookingPolicy(), NOW)
    return set(decision.kinds) if isinstance(decision, Rejected) else set()


EMPTY = ScheduleSnapshot(setup=SETUP)


class TestBookingAccepted:
    def test_books_a_free_time(self) -> None:
        """A free, on-grid time inside the template is booked with its buffers copied."""
        decision = decide_booking(
            EMPTY,
            request(kind="NEW", patient=Patient(ref="p-9", established=False)),
            BookingPolicy(),
            NOW,
        )
        assert isinstance(decision, Booked)
        assert decision.appointment.resources == frozenset({"room-0"})
        assert decision.appointment.buffer_after_minutes == 10
        assert decision.appointment.span.duration == timedelta(minutes=60)

    def test_back_to_back_visits_do_not_overlap(self) -> None:
        """09:00-09:30 and 09:30-10:00 are both bookable."""
        snap = book_all(request("a-1"), request("a-2", start=at(9, 30), patient=Patient(ref="p-2")))
        assert len(snap.appointments) == 2

    def test_alternative_duration(self) -> None:
        """A type's alternative duration may be chosen; any other is an argument error."""
        decision = decide_booking(EMPTY, request(duration_minutes=15), BookingPolicy(), NOW)
        assert isinstance(decision, Booked)
        with pytest.raises(InvalidArgument):
            decide_booking(EMPTY, request(duration_minutes=20), BookingPolicy(), NOW)


class TestEveryConflictKind:
    def test_outside_template(self) -> None:
        """Evening and weekend times are outside the template."""
        assert K.OUTSIDE_TEMPLATE in kinds(EMPTY, request(start=at(18)))
        assert K.OUTSIDE_TEMPLATE in kinds(EMPTY, request(start=at(11, 45)))
        assert K.OUTSIDE_TEMPLATE in kinds(EMPTY, request(start=at(10, day=date(2026, 3, 7))))

    def test_closed(self) -> None:
        """A closure day refuses bookings."""
        closed = attrs.evolve(EMPTY, closures=frozenset({MONDAY}))
        assert K.CLOSED in kinds(closed, request())

    def test_off_grid(self) -> None:
        """09:05 is not on the 15-minute grid."""
        assert kinds(EMPTY, request(start=at(9, 5))) == {K.OFF_GRID}

    def test_notice_and_horizon(self) -> None:
        """Too soon and too far ahead are refused for a type with notice and horizon."""
        new = Patient(ref="p-9", established=False)
        soon = request(kind="NEW", start=at(9), patient=new)
        assert K.NOTICE in {c.kind for c in explain(EMPTY, _candidate(soon), now=at(8))}
        far = request(kind="NEW", start=at(9, day=date(2026, 4, 6)), patient=new)
        assert K.HORIZON in kinds(EMPTY, far)
        assert K.NOTICE in kinds(EMPTY, request(start=NOW - timedelta(days=1)))

    def test_provider_overlap_and_buffer(self) -> None:
        """A booked time overlaps; the ten minutes after a NEW visit are its buffer."""
        new = Patient(ref="p-9", established=False)
        snap = book_all(request("a-1", kind="NEW", patient=new))
        assert K.PROVIDER_OVERLAP in kinds(
            snap, request("a-2", start=at(9, 30), patient=Patient(ref="p-2"))
        )
        buffer = kinds(snap, request("a-2", start=at(10), patient=Patient(ref="p-2")))
        assert buffer == {K.BUFFER}
        assert kinds(snap, request("a-2", start=at(10, 15), patient=Patient(ref="p-2"))) == set()

    def test_patient_double_booking_across_providers(self) -> None:
        """The same patient cannot be with two providers at once."""
        snap = book_all(request("a-1"))
        conflicts = decide_booking(snap, request("a-2", provider="dr-1"), BookingPolicy(), NOW)
        assert isinstance(conflicts, Rejected)
        assert {c.kind for c in conflicts.conflicts} == {K.PATIENT_OVERLAP}
        assert conflicts.conflicts[0].with_appointment == "a-1"

    def test_resource_missing_and_overlap(self) -> None:
        """The only exam room is taken by one NEW visit; a second NEW at once has no room."""
        one, two = Patient(ref="p-8", established=False), Patient(ref="p-9", established=False)
        snap = book_all(request("a-1", kind="NEW", patient=one))
        second = request("a-2", kind="NEW", provider="dr-1", patient=two)
        assert kinds(snap, second) == {K.RESOURCE_MISSING}
        pinned = request("a-3", provider="dr-1", patient=two, resources={"room-0"})
        assert K.RESOURCE_OVERLAP in kinds(snap, pinned)

    def test_device_outside_its_schedule_is_missing(self) -> None:
        """A device with no open window at that time is missing."""
        assert kinds(EMPTY, request(kind="ECHO", start=at(12, 30))) >= {K.RESOURCE_MISSING}

    def test_patient_rules(self) -> None:
        """NEW is for new patients; KID has an age range; unknown age fails the range."""
        assert kinds(EMPTY, request(kind="NEW")) == {K.PATIENT_RULE}
        adult = Patient(ref="p-1", birth_date=date(1980, 1, 1))
        child = Patient(ref="p-2", birth_date=date(2015, 1, 1))
        assert kinds(EMPTY, request(kind="KID", patient=adult)) == {K.PATIENT_RULE}
        assert kinds(EMPTY, request(kind="KID", patient=child)) == set()
        assert kinds(EMPTY, request(kind="KID")) == {K.PATIENT_RULE}

    def test_one_open_appointment_of_a_type(self) -> None:
        """A patient with an open injection visit cannot book another."""
        snap = book_all(request("a-1", kind="INJ"))
        later = request("a-2", kind="INJ", start=at(10, day=date(2026, 3, 3)))
        assert kinds(snap, later) == {K.ONE_OPEN}

    def test_limit_per_provider_per_day(self) -> None:
        """Two NEW visits a day per provider; the third is refused, the next day is fine."""
        snap = EMPTY
        for n, hour in enumerate((9, 11)):
            patient = Patient(ref=f"p-{n}", established=False)
            snap = book_all(
                request(f"a-{n}", kind="NEW", start=at(hour), patient=patient), snapshot=snap
            )
        third = request(
            "a-9", kind="NEW", start=at(14), patient=Patient(ref="p-9", established=False)
        )
        assert kinds(snap, third) == {K.LIMIT_REACHED}
        tomorrow = attrs.evolve(third, start=at(14, day=date(2026, 3, 3)))
        assert kinds(snap, tomorrow) == set()

    def test_weekly_minutes_limit_counts_monday_to_sunday(self) -> None:
        """At most 60 minutes of WEEKLY a week: Monday 30 + Tuesday 30, Wednesday refused,
        next Monday fine again."""
        weekly = AppointmentType(
            code="WEEKLY",
            duration_minutes=30,
            limits=[Limit(period=LimitPeriod.WEEK, max_minutes=60)],
        )
        snap = ScheduleSnapshot(setup=attrs.evolve(SETUP, appointment_types=(*TYPES, weekly)))
        for n, day in enumerate((MONDAY, MONDAY + timedelta(days=1))):
            snap = book_all(
                request(
                    f"w-{n}", kind="WEEKLY", start=at(9, day=day), patient=Patient(ref=f"p-{n}")
                ),
                snapshot=snap,
            )
        wednesday = request("w-9", kind="WEEKLY", start=at(9, day=MONDAY + timedelta(days=2)))
        assert kinds(snap, wednesday) == {K.LIMIT_REACHED}
        next_monday = attrs.evolve(wednesday, start=at(9, day=MONDAY + timedelta(days=7)))
        assert kinds(snap, next_monday) == set()

    def test_group_capacity_and_explicit_overbooking(self) -> None:
        """A two-seat group takes two patients; a third only with overbook; a fourth never."""
        group = [request(f"g-{n}", kind="GROUP", patient=Patient(ref=f"p-{n}")) for n in range(2)]
        snap = book_all(*group)
        third = request("g-3", kind="GROUP", patient=Patient(ref="p-3"))
        assert kinds(snap, third) == {K.CAPACITY_FULL}
        over = decide_booking(snap, attrs.evolve(third, overbook=True), BookingPolicy(), NOW)
        assert isinstance(over, Booked)
        assert over.appointment.overbooked
        snap = snap.with_appointments([over.appointment])
        fourth = request("g-4", kind="GROUP", patient=Patient(ref="p-4"), overbook=True)
        assert kinds(snap, fourth) == {K.CAPACITY_FULL}

    def test_provider_not_eligible(self) -> None:
        """ONLY-B is seen by dr-1 only; an eligibility port can refuse too."""
        assert kinds(EMPTY, request(kind="ONLY-B")) == {K.PROVIDER_NOT_ELIGIBLE}

        class NoOne:
            def is_eligible(self, provider: str, type_code: str, on: date) -> bool:
                return False

        decision = decide_booking(EMPTY, request(), BookingPolicy(), NOW, eligibility=NoOne())
        assert isinstance(decision, Rejected)
        assert decision.kinds == {K.PROVIDER_NOT_ELIGIBLE}

    def test_type_not_allowed_in_reserved_window(self) -> None:
        """A window reserved for NEW refuses FU."""
        schedule = setup().schedule("dr-0")
        assert schedule is not None
        reserved = attrs.evolve(
            schedule,
            overrides=[
                ReplaceDay(
                    day=MONDAY,
                    windows=[WallWindow(start=time(9), end=time(12), appointment_types={"NEW"})],
                )
            ],
        )
        others = [s for s in SETUP.schedules if s.resource != "dr-0"]
        snap = ScheduleSnapshot(setup=attrs.evolve(SETUP, schedules=[reserved, *others]))
        assert kinds(snap, request()) == {K.TYPE_NOT_ALLOWED}

    def test_explain_lists_every_reason_at_once(self) -> None:
        """An off-grid, past, overlapping time gets all three reasons."""
        snap = book_all(request("a-1"))
        candidate = Candidate(
            type_code="FU", provider="dr-0", start=at(9, 5), patient=Patient(ref="p-2")
        )
        found = {c.kind for c in explain(snap, candidate, now=at(10))}
        assert found == {K.OFF_GRID, K.NOTICE, K.PROVIDER_OVERLAP}

    def test_conflicts_become_findings_with_stable_rule_ids(self) -> None:
        """Each conflict maps to a finding whose rule id is SCH- plus its kind."""
        snap = book_all(request("a-1"))
        decision = decide_booking(
            snap, request("a-2", patient=Patient(ref="p-2")), BookingPolicy(), NOW
        )
        assert isinstance(decision, Rejected)
        finding = decision.conflicts[0].to_finding()
        assert str(finding.rule) == "SCH-PROVIDER-OVERLAP"
        assert finding.severity is Severity.ERROR
        assert finding.path == "dr-0"


def _candidate(item: BookingRequest) -> Candidate:
    return Candidate(
        type_code=item.type_code, provider=item.provider, start=item.start, patient=item.patient
    )


class TestConflictPolicy:
    def test_warn_books_with_a_warning(self) -> None:
        """A patient double booking set to warn books and reports the warning."""
        snap = book_all(request("a-1"))
        policy = BookingPolicy(actions={K.PATIENT_OVERLAP: ConflictAction.WARN})
        decision = decide_booking(snap, request("a-2", provider="dr-1"), policy, NOW)
        assert isinstance(decision, Booked)
        assert [c.kind for c in decision.warnings] == [K.PATIENT_OVERLAP]

    def test_allow_with_reason_needs_the_reason(self) -> None:
        """Outside-template bookings allowed with a reason are refused without one."""
        policy = BookingPolicy(actions={K.OUTSIDE_TEMPLATE: ConflictAction.ALLOW_WITH_REASON})
        without = decide_booking(EMPTY, request(start=at(18)), policy, NOW)
        assert isinstance(without, Rejected)
        granted = decide_booking(EMPTY, request(start=at(18), reason="urgent add-on"), policy, NOW)
        assert isinstance(granted, Booked)
        assert granted.appointment.reasons == ("urgent add-on",)
        assert [c.kind for c in granted.allowed] == [K.OUTSIDE_TEMPLATE]

    def test_duplicate_id_is_an_argument_error(self) -> None:
        """Booking an id that exists is a programmer error."""
        snap = book_all(request("a-1"))
        with pytest.raises(InvalidArgument):
            decide_booking(snap, request("a-1", start=at(14)), BookingPolicy(), NOW)


class TestReschedule:
    def test_moves_in_one_decision(self) -> None:
        """Rescheduling cancels the old visit and books the new one, even overlapping itself."""
        snap = book_all(request("a-1"))
        moved = decide_reschedule(
            snap, "a-1", request("a-2", start=at(9, 15)), BookingPolicy(), NOW
        )
        assert isinstance(moved, Rescheduled)
        assert moved.cancelled.status.value == "cancelled"
        assert moved.booked.appointment.span.start == at(9, 15)

    def test_moving_within_a_full_day_does_not_count_itself(self) -> None:
        """With the daily NEW limit reached, moving one of them later that day is allowed."""
        snap = EMPTY
        for n, hour in enumerate((9, 11)):
            patient = Patient(ref=f"p-{n}", established=False)
            snap = book_all(
                request(f"a-{n}", kind="NEW", start=at(hour), patient=patient), snapshot=snap
            )
        move = request(
            "a-5", kind="NEW", start=at(14), patient=Patient(ref="p-0", established=False)
        )
        assert isinstance(decide_reschedule(snap, "a-0", move, BookingPolicy(), NOW), Rescheduled)

    def test_refused_move_leaves_nothing_changed(self) -> None:
        """A move onto another visit is refused and returns the conflicts."""
        snap = book_all(request("a-1"), request("b-1", start=at(10), patient=Patient(ref="p-2")))
        moved = decide_reschedule(snap, "a-1", request("a-2", start=at(10)), BookingPolicy(), NOW)
        assert isinstance(moved, Rejected)
        assert moved.kinds == {K.PROVIDER_OVERLAP}

    def test_needs_a_new_id_and_an_existing_visit(self) -> None:
        """Reusing the id or moving an unknown visit are argument errors."""
        snap = book_all(request("a-1"))
        with pytest.raises(InvalidArgument):
            decide_reschedule(snap, "a-1", request("a-1", start=at(10)), BookingPolicy(), NOW)
        with pytest.raises(InvalidArgument):
            decide_reschedule(snap, "zz", request("a-2", start=at(10)), BookingPolicy(), NOW)


class TestBookingProperties:
    @given(st.integers(0, 4 * 10), st.integers(0, 4 * 10))
    def test_two_bookings_overlap_exactly_when_their_spans_do(
        self, first: int, second: int
    ) -> None:
        """The second 30-minute FU is refused for the provider exactly when the spans overlap."""
        one = at(8) + timedelta(minutes=15 * first)
        two = at(8) + timedelta(minutes=15 * second)
        base = decide_booking(EMPTY, request("a-1", start=one), BookingPolicy(), NOW)
        if not isinstance(base, Booked):
            return
        snap = EMPTY.with_appointments([base.appointment])
        found = kinds(snap, request("a-2", start=two, patient=Patient(ref="p-2")))
        overlapping = abs((one - two).total_seconds()) < 30 * 60
        assert (K.PROVIDER_OVERLAP in found) == overlapping
