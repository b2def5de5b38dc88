"""Open-slot queries: one provider, any of a pool, all-of resources, next available, ranking."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from medoffice.kernel import DateRange, InvalidArgument
from medoffice.scheduling import (
    AppointmentType,
    Booked,
    BookingPolicy,
    BookingRequest,
    Candidate,
    DstPolicy,
    Limit,
    LimitPeriod,
    OverlapPolicy,
    Patient,
    PatientRule,
    PracticeSetup,
    Ranking,
    ResourceKind,
    ResourceRequirement,
    Schedule,
    ScheduleSnapshot,
    WeeklyTemplate,
    Window,
    decide_booking,
    explain,
    first_per_day,
    next_available,
    open_slots,
    open_slots_any,
    rank,
    resolve,
)
from medoffice.scheduling._time import RepeatedLabels
from medoffice.testing._scheduling_strategies import weekday_setup

ZONE = "America/New_York"
TZ = ZoneInfo(ZONE)
NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)
MONDAY = date(2026, 3, 2)


def at(hour: int, minute: int = 0, day: date = MONDAY) -> datetime:
    return datetime.combine(day, time(hour, minute), TZ).astimezone(UTC)


def book(
    snapshot: ScheduleSnapshot, ident: str, start: datetime, **extra: object
) -> ScheduleSnapshot:
    fields: dict[str, object] = {
        "type_code": "FU",
        "provider": "dr-0",
        "patient": Patient(ref=ident),
    }
    fields.update(extra)
    decision = decide_booking(
        snapshot,
        BookingRequest(appointment_id=ident, start=start, **fields),  # type: ignore[arg-type]
        BookingPolicy(),
        NOW,
    )
    assert isinstance(decision, Booked), decision
    return snapshot.with_appointments([decision.appointment])


def wall(slots: tuple[object, ...]) -> list[str]:
    return [s.start.astimezone(TZ).strftime("%H:%M") for s in slots]  # type: ignore[attr-defined]


ONE_DAY = DateRange.single(MONDAY)
SNAP = ScheduleSnapshot(
    setup=weekday_setup(
        providers=3,
        rooms=1,
        zone=ZONE,
        hours=((time(9), time(11)),),
        types=[
            AppointmentType(code="FU", duration_minutes=30, grid_minutes=30),
            AppointmentType(
                code="NEW",
                duration_minutes=60,
                grid_minutes=30,
                resources=[ResourceRequirement(category="exam-room")],
            ),
            AppointmentType(code="GRP", duration_minutes=60, grid_minutes=60, seats=2),
            AppointmentType(
                code="CAP",
                duration_minutes=30,
                grid_minutes=30,
                limits=[Limit(period=LimitPeriod.DAY, max_count=1)],
            ),
            AppointmentType(
                code="ONE",
                duration_minutes=30,
                grid_minutes=30,
                patients=PatientRule(one_open=True),
            ),
        ],
    )
)


class TestOneProvider:
    def test_lists_grid_starts_inside_the_template(self) -> None:
        """A 09:00-11:00 window offers 09:00, 09:30, 10:00 and 10:30 for a 30-minute visit."""
        slots = open_slots(SNAP, type_code="FU", provider="dr-0", days=ONE_DAY, now=NOW)
        assert wall(slots) == ["09:00", "09:30", "10:00", "10:30"]
        assert {s.provider for s in slots} == {"dr-0"}

    def test_booked_times_are_left_out(self) -> None:
        """A visit at 09:30 removes that start only."""
        snap = book(SNAP, "a-1", at(9, 30))
        assert wall(open_slots(snap, type_code="FU", provider="dr-0", days=ONE_DAY, now=NOW)) == [
            "09:00",
            "10:00",
            "10:30",
        ]

    def test_now_and_notice_cut_the_past(self) -> None:
        """Starts before now are not offered."""
        slots = open_slots(SNAP, type_code="FU", provider="dr-0", days=ONE_DAY, now=at(9, 45))
        assert wall(slots) == ["10:00", "10:30"]

    def test_patient_busy_elsewhere_is_left_out(self) -> None:
        """A patient with dr-1 at 10:00 is not offered 10:00 with dr-0."""
        snap = book(SNAP, "a-1", at(10), provider="dr-1", patient=Patient(ref="p-7"))
        slots = open_slots(
            snap, type_code="FU", provider="dr-0", days=ONE_DAY, now=NOW, patient=Patient(ref="p-7")
        )
        assert wall(slots) == ["09:00", "09:30", "10:30"]

    def test_limits_and_one_open_empty_the_day(self) -> None:
        """After one CAP visit the day is full; a patient with an open ONE visit gets none."""
        snap = book(SNAP, "a-1", at(9), type_code="CAP")
        assert open_slots(snap, type_code="CAP", provider="dr-0", days=ONE_DAY, now=NOW) == ()
        snap = book(SNAP, "a-2", at(9), type_code="ONE", patient=Patient(ref="p-1"))
        tuesday = DateRange.single(MONDAY + timedelta(days=1))
        mine = open_slots(
            snap,
            type_code="ONE",
            provider="dr-1",
            days=tuesday,
            now=NOW,
            patient=Patient(ref="p-1"),
        )
        assert mine == ()

    def test_group_session_with_a_seat_left_is_offered(self) -> None:
        """A two-seat session at 09:00 with one patient is still offered at 09:00."""
        snap = book(SNAP, "g-1", at(9), type_code="GRP")
        assert wall(open_slots(snap, type_code="GRP", provider="dr-0", days=ONE_DAY, now=NOW)) == [
            "09:00",
            "10:00",
        ]
        snap = book(snap, "g-2", at(9), type_code="GRP")
        assert wall(open_slots(snap, type_code="GRP", provider="dr-0", days=ONE_DAY, now=NOW)) == [
            "10:00"
        ]

    def test_open_ended_range_is_an_argument_error(self) -> None:
        """A search needs a last day."""
        with pytest.raises(InvalidArgument):
            open_slots(
                SNAP, type_code="FU", provider="dr-0", days=DateRange.starting(MONDAY), now=NOW
            )


class TestAllOfResources:
    def test_room_is_chosen_and_must_be_free(self) -> None:
        """NEW needs the exam room; while room-0 is used at 09:00 nobody else gets 09:00."""
        first = open_slots(SNAP, type_code="NEW", provider="dr-0", days=ONE_DAY, now=NOW)
        assert {s.resources for s in first} == {frozenset({"room-0"})}
        snap = book(SNAP, "a-1", at(9), type_code="NEW")
        other = open_slots(snap, type_code="NEW", provider="dr-1", days=ONE_DAY, now=NOW)
        assert wall(other) == ["10:00"]

    def test_pinned_resources_are_all_required(self) -> None:
        """Pinning room-0 leaves only the times the room is free as well."""
        snap = book(SNAP, "a-1", at(9), type_code="NEW", provider="dr-1")
        slots = open_slots(
            snap, type_code="FU", provider="dr-0", days=ONE_DAY, now=NOW, resources={"room-0"}
        )
        assert wall(slots) == ["10:00", "10:30"]


class TestSeveralRequirements:
    def setup_with_staff(self) -> ScheduleSnapshot:
        base = weekday_setup(providers=1, rooms=1, zone=ZONE, hours=((time(9), time(11)),))
        nurse_week = WeeklyTemplate(
            effective=DateRange.starting(date(2026, 1, 5)),
            windows=[Window(weekday=d, start=time(9), end=time(10)) for d in range(5)],
        )
        extra = [
            Schedule(
                resource="rn-1",
                zone=ZONE,
                templates=[nurse_week],
                kind=ResourceKind.STAFF,
                category="nurse",
            ),
            Schedule(
                resource="echo-1",
                zone=ZONE,
                templates=base.schedules[-1].templates,
                kind=ResourceKind.DEVICE,
                category="echo",
            ),
            Schedule(
                resource="echo-2",
                zone=ZONE,
                templates=base.schedules[-1].templates,
                kind=ResourceKind.DEVICE,
                category="echo",
            ),
        ]
        procedure = AppointmentType(
            code="PROC",
            duration_minutes=30,
            grid_minutes=30,
            resources=[
                ResourceRequirement(category="exam-room"),
                ResourceRequirement(category="nurse"),
                ResourceRequirement(category="echo", among={"echo-2"}),
            ],
        )
        setup = attrs.evolve(
            base, schedules=(*base.schedules, *extra), appointment_types=[procedure]
        )
        return ScheduleSnapshot(setup=setup)

    def test_room_nurse_and_a_specific_device_together(self) -> None:
        """A procedure needs a room, the nurse (09:00-10:00 only) and echo-2 specifically."""
        slots = open_slots(
            self.setup_with_staff(), type_code="PROC", provider="dr-0", days=ONE_DAY, now=NOW
        )
        assert wall(slots) == ["09:00", "09:30"]
        assert {s.resources for s in slots} == {frozenset({"room-0", "rn-1", "echo-2"})}


class TestPools:
    def test_any_of_offers_each_start_once(self) -> None:
        """With dr-0 booked at 09:00, 09:00 goes to dr-1, the next in the pool."""
        snap = book(SNAP, "a-1", at(9))
        slots = open_slots_any(
            snap, type_code="FU", providers=["dr-0", "dr-1"], days=ONE_DAY, now=NOW
        )
        assert wall(slots) == ["09:00", "09:30", "10:00", "10:30"]
        assert slots[0].provider == "dr-1"
        assert slots[1].provider == "dr-0"

    def test_continuity_and_balance_choose_the_provider(self) -> None:
        """Continuity prefers the patient's provider; balance the least booked one."""
        snap = book(SNAP, "a-1", at(10))
        pool = ["dr-0", "dr-1"]
        same = open_slots_any(
            snap,
            type_code="FU",
            providers=pool,
            days=ONE_DAY,
            now=NOW,
            prefer=Ranking.CONTINUITY,
            preferred_provider="dr-1",
        )
        assert {s.provider for s in same} == {"dr-1"}
        balanced = open_slots_any(
            snap, type_code="FU", providers=pool, days=ONE_DAY, now=NOW, prefer=Ranking.BALANCED
        )
        assert {s.provider for s in balanced} == {"dr-1"}

    def test_next_available_across_providers(self) -> None:
        """With Monday full for dr-0, its next openings are on Tuesday."""
        snap = SNAP
        for n, minute in enumerate((0, 30, 60, 90)):
            snap = book(snap, f"a-{n}", at(9) + timedelta(minutes=minute))
        found = next_available(snap, type_code="FU", providers=["dr-0"], now=NOW, count=3)
        assert [s.start.astimezone(TZ).date() for s in found] == [MONDAY + timedelta(days=1)] * 3
        both = next_available(snap, type_code="FU", providers=["dr-0", "dr-1"], now=NOW, count=2)
        assert [s.provider for s in both] == ["dr-1", "dr-1"]

    def test_next_available_finds_nothing_beyond_the_horizon(self) -> None:
        """A provider with no schedule has no next slot."""
        assert (
            next_available(SNAP, type_code="FU", providers=["nobody"], now=NOW, within_days=3) == ()
        )

    def test_first_per_day_and_ranking(self) -> None:
        """First-per-day keeps one slot a day; best fit prefers slots that leave no fragment."""
        days = DateRange(MONDAY, MONDAY + timedelta(days=1))
        snap = book(SNAP, "a-1", at(9, 30))
        slots = open_slots(snap, type_code="FU", provider="dr-0", days=days, now=NOW)
        firsts = first_per_day(slots, zone_name=ZONE)
        assert len(firsts) == 2
        best = rank(slots, by=Ranking.BEST_FIT)
        assert best[0].fragments == 0
        assert rank(slots, by=Ranking.EARLIEST)[0].start == at(9)
        with pytest.raises(InvalidArgument):
            rank(slots, by=Ranking.BALANCED)
        continuity = rank(slots, by=Ranking.CONTINUITY, preferred_provider="dr-0")
        assert continuity[0].provider == "dr-0"


# -- the property: the fast search and the booking check agree, DST nights included -----------


def nights(zone: str) -> PracticeSetup:
    """A provider working 01:00-04:00 (across DST changes) and 09:00-12:00 every day."""
    every_day = DateRange.starting(date(2026, 1, 5))
    return PracticeSetup(
        schedules=[
            Schedule(
                resource="dr-0",
                zone=zone,
                templates=[
                    WeeklyTemplate(
                        effective=every_day,
                        windows=[
                            Window(weekday=d, start=s, end=e)
                            for d in range(7)
                            for s, e in ((time(1), time(4)), (time(9), time(12)))
                        ],
                    )
                ],
            ),
            Schedule(
                resource="room-0",
                zone=zone,
                kind=ResourceKind.ROOM,
                category="exam-room",
                templates=[
                    WeeklyTemplate(
                        effective=every_day,
                        windows=[Window(weekday=d, start=time(0), end=time(23)) for d in range(7)],
                    )
                ],
            ),
        ],
        appointment_types=[
            AppointmentType(
                code="FU", duration_minutes=30, alternative_minutes=(45,), grid_minutes=15
            ),
            AppointmentType(
                code="BUF",
                duration_minutes=20,
                grid_minutes=10,
                buffer_before_minutes=5,
                buffer_after_minutes=10,
            ),
            AppointmentType(
                code="ROOM",
                duration_minutes=40,
                grid_minutes=20,
                resources=[ResourceRequirement(category="exam-room")],
            ),
        ],
        practice_zone=zone,
        # Both passes of the fall-back hour are offered, so the search can be compared with
        # every bookable grid point (the default offers each wall-clock label once).
        dst=DstPolicy(repeated=RepeatedLabels.BOTH),
    )


NIGHTS = nights(ZONE)
# The day before each zone's spring and autumn changes in 2026, and a plain summer day.
FIRST_DAYS = {
    ZONE: (date(2026, 3, 7), date(2026, 10, 31), date(2026, 6, 1)),
    "Australia/Lord_Howe": (date(2026, 4, 4), date(2026, 10, 3), date(2026, 6, 1)),
}
SETUPS = {zone: nights(zone) for zone in FIRST_DAYS}


def brute_force(
    snapshot: ScheduleSnapshot, kind: AppointmentType, days: list[date], patient: Patient | None
) -> list[datetime]:
    """Every wall-clock grid point of the days that explain() finds nothing against."""
    tz = ZoneInfo(snapshot.setup.practice_zone)
    starts = set()
    for day in days:
        for minute in range(kind.grid_offset_minutes, 24 * 60, kind.grid):
            # A repeated wall time (the fall-back hour) is two real instants: try both.
            for overlap in OverlapPolicy:
                policy = DstPolicy(overlap=overlap)
                instant = resolve(day, time(minute // 60, minute % 60), tz, policy)
                if instant is None:
                    continue
                candidate = Candidate(
                    type_code=kind.code, provider="dr-0", start=instant, patient=patient
                )
                if not explain(snapshot, candidate, now=NOW):
                    starts.add(instant)
    return sorted(starts)


@st.composite
def calendars(draw: st.DrawFn) -> tuple[ScheduleSnapshot, date]:
    zone = draw(st.sampled_from(sorted(FIRST_DAYS)))
    tz = ZoneInfo(zone)
    first = draw(st.sampled_from(FIRST_DAYS[zone]))
    snapshot = ScheduleSnapshot(setup=SETUPS[zone])
    for n in range(draw(st.integers(0, 12))):
        kind = draw(st.sampled_from(snapshot.setup.appointment_types))
        day = first + timedelta(days=draw(st.integers(0, 2)))
        minute = draw(st.integers(0, 24 * 6 - 1)) * 10
        start = resolve(day, time(minute // 60, minute % 60), tz, DstPolicy())
        if start is None:
            continue
        decision = decide_booking(
            snapshot,
            BookingRequest(
                appointment_id=f"x-{n}",
                type_code=kind.code,
                provider="dr-0",
                start=start,
                patient=Patient(ref=f"p-{draw(st.integers(0, 3))}"),
                duration_minutes=draw(st.sampled_from(kind.durations)),
            ),
            BookingPolicy(),
            NOW,
        )
        if isinstance(decision, Booked):
            snapshot = snapshot.with_appointments([decision.appointment])
    return snapshot, first


class TestSearchAgreesWithTheCheck:
    @settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
    @given(
        calendar=calendars(),
        code=st.sampled_from(["FU", "BUF", "ROOM"]),
        patient=st.none() | st.builds(Patient, ref=st.sampled_from(["p-0", "p-1"])),
    )
    def test_open_slots_are_exactly_the_bookable_grid_points(
        self, calendar: tuple[ScheduleSnapshot, date], code: str, patient: Patient | None
    ) -> None:
        """Every slot offered passes the booking check, and every bookable start is offered.

        New York shifts by an hour and Lord Howe by half an hour, so 20-minute grids cross a
        change off the real-time raster: the grid must stay on the wall clock.
        """
        snapshot, first = calendar
        kind = snapshot.appointment_type(code)
        days = [first + timedelta(days=n) for n in range(3)]
        slots = open_slots(
            snapshot,
            type_code=code,
            provider="dr-0",
            days=DateRange(days[0], days[-1]),
            now=NOW,
            patient=patient,
        )
        assert [s.start for s in slots] == brute_force(snapshot, kind, days, patient)
        for slot in slots:
            assert slot.end - slot.start == timedelta(minutes=kind.duration_minutes)

    @settings(max_examples=20)
    @given(calendar=calendars())
    def test_booking_any_offered_slot_succeeds(
        self, calendar: tuple[ScheduleSnapshot, date]
    ) -> None:
        """Each slot offered can really be booked."""
        snapshot, first = calendar
        slots = open_slots(
            snapshot, type_code="ROOM", provider="dr-0", days=DateRange.single(first), now=NOW
        )
        for n, slot in enumerate(slots[:5]):
            request = BookingRequest(
                appointment_id=f"new-{n}",
                type_code="ROOM",
                provider="dr-0",
                start=slot.start,
                patient=Patient(ref="p-new"),
            )
            decision = decide_booking(snapshot, request, BookingPolicy(), NOW)
            assert isinstance(decision, Booked)
            assert decision.appointment.resources == slot.resources

    def test_lord_howe_grid_stays_on_the_wall_clock_across_the_change(self) -> None:
        """On 2026-10-04 (02:00 becomes 02:30) 40-minute starts skip 02:00 and 02:20 only."""
        lord_howe = ZoneInfo("Australia/Lord_Howe")
        slots = open_slots(
            ScheduleSnapshot(setup=SETUPS["Australia/Lord_Howe"]),
            type_code="ROOM",
            provider="dr-0",
            days=DateRange.single(date(2026, 10, 4)),
            now=NOW,
        )
        night = [s.start.astimezone(lord_howe).strftime("%H:%M") for s in slots]
        assert night[:6] == ["01:00", "01:20", "01:40", "02:40", "03:00", "03:20"]

    def test_spring_night_window_offers_real_time_only(self) -> None:
        """01:00-04:00 on 2026-03-08 is two real hours: 01:00-01:30 EST then 03:00-03:30 EDT."""
        slots = open_slots(
            ScheduleSnapshot(setup=NIGHTS),
            type_code="FU",
            provider="dr-0",
            days=DateRange.single(date(2026, 3, 8)),
            now=NOW,
        )
        night = [s for s in slots if s.start.astimezone(TZ).hour < 5]
        assert len(night) == 7  # 01:00 to 03:30 by 15 minutes, skipping the missing hour
        assert attrs.evolve(night[-1]).start.astimezone(TZ).strftime("%H:%M") == "03:30"


@st.composite
def pool_calendars(draw: st.DrawFn) -> ScheduleSnapshot:
    snapshot = SNAP
    for n in range(draw(st.integers(0, 15))):
        provider = draw(st.sampled_from(["dr-0", "dr-1", "dr-2"]))
        day = MONDAY + timedelta(days=draw(st.integers(0, 4)))
        start = at(9, day=day) + timedelta(minutes=30 * draw(st.integers(0, 3)))
        decision = decide_booking(
            snapshot,
            BookingRequest(
                appointment_id=f"x-{n}",
                type_code="FU",
                provider=provider,
                start=start,
                patient=Patient(ref=f"p-{n}"),
            ),
            BookingPolicy(),
            NOW,
        )
        if isinstance(decision, Booked):
            snapshot = snapshot.with_appointments([decision.appointment])
    return snapshot


class TestPoolQueriesAgreeWithSingleProviderSearch:
    WEEK = DateRange(MONDAY, MONDAY + timedelta(days=6))
    POOL = ("dr-0", "dr-1", "dr-2")

    def per_provider(self, snapshot: ScheduleSnapshot) -> dict[datetime, set[str]]:
        offered: dict[datetime, set[str]] = {}
        for provider in self.POOL:
            for slot in open_slots(
                snapshot, type_code="FU", provider=provider, days=self.WEEK, now=NOW
            ):
                offered.setdefault(slot.start, set()).add(slot.provider)
        return offered

    @settings(max_examples=30)
    @given(snapshot=pool_calendars(), prefer=st.sampled_from(list(Ranking)))
    def test_any_of_offers_each_start_some_provider_has(
        self, snapshot: ScheduleSnapshot, prefer: Ranking
    ) -> None:
        """Any-of offers exactly the starts some provider has, with a provider that has it."""
        offered = self.per_provider(snapshot)
        slots = open_slots_any(
            snapshot,
            type_code="FU",
            providers=self.POOL,
            days=self.WEEK,
            now=NOW,
            prefer=prefer,
            preferred_provider="dr-2",
        )
        assert [s.start for s in slots] == sorted(offered)
        for slot in slots:
            assert slot.provider in offered[slot.start]
            if prefer is Ranking.EARLIEST:
                assert slot.provider == min(offered[slot.start])

    @settings(max_examples=30)
    @given(snapshot=pool_calendars(), count=st.integers(1, 40))
    def test_next_available_is_the_earliest_of_all(
        self, snapshot: ScheduleSnapshot, count: int
    ) -> None:
        """The next N starts are the N earliest of every provider's open starts."""
        every = sorted(
            (slot.start, self.POOL.index(slot.provider), slot.provider)
            for provider in self.POOL
            for slot in open_slots(
                snapshot,
                type_code="FU",
                provider=provider,
                days=DateRange(MONDAY - timedelta(days=1), MONDAY + timedelta(days=30)),
                now=NOW,
            )
        )
        found = next_available(snapshot, type_code="FU", providers=self.POOL, now=NOW, count=count)
        assert [(s.start, s.provider) for s in found] == [(t, p) for t, _, p in every[:count]]
