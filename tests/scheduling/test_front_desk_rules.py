"""The front desk's rules: repeated-hour labels, series alternatives, why a provider is away,
the default grid, one eligibility day for search and booking, and ports of the wrong shape."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medoffice.adapters.bridges import CredentialEligibility
from medoffice.adapters.memory import InMemoryCredentialRepository, InMemoryStore
from medoffice.kernel import DateRange, InvalidArgument, TimeRange
from medoffice.scheduling._appointments import Appointment, AppointmentStatus
from medoffice.scheduling._booking import (
    Booked,
    BookingPolicy,
    BookingRequest,
    Rejected,
    decide_booking,
)
from medoffice.scheduling._conflicts import Candidate, ConflictKind, explain
from medoffice.scheduling._series import (
    Frequency,
    Recurrence,
    SeriesMode,
    SeriesRequest,
    decide_series,
)
from medoffice.scheduling._slots import open_slots
from medoffice.scheduling._snapshot import PracticeSetup, ScheduleSnapshot
from medoffice.scheduling._templates import DayOff, Leave, Schedule, WeeklyTemplate, Window
from medoffice.scheduling._time import DstPolicy, RepeatedLabels
from medoffice.scheduling._types import AppointmentType, Patient
from medoffice.scheduling.services import Scheduling
from medoffice.testing import FrozenClock
from medoffice.testing._scheduling_strategies import weekday_setup

NEW_YORK = ZoneInfo("America/New_York")
MONDAY = date(2026, 3, 2)
NOW = datetime(2026, 3, 1, tzinfo=UTC)
POLICY = BookingPolicy()


def _ny(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), NEW_YORK).astimezone(UTC)


def _bookable(
    snapshot: ScheduleSnapshot, slot_start: datetime, provider: str, **kw: object
) -> bool:
    """Whether ``decide_booking`` accepts a new patient's FU visit at ``slot_start``."""
    request = BookingRequest(
        appointment_id="probe",
        type_code="FU",
        provider=provider,
        start=slot_start,
        patient=Patient(ref="p-probe"),
    )
    eligibility = kw.get("eligibility")
    assert eligibility is None or isinstance(eligibility, _LicenceUntil)
    decision = decide_booking(snapshot, request, POLICY, NOW, eligibility=eligibility)
    return isinstance(decision, Booked)


class TestRepeatedHourLabels:
    """The fall-back hour shows each label once by default, both (with offsets) on request."""

    FALL_BACK = date(2026, 11, 1)  # a Sunday in New York

    def setup_for(self, repeated: RepeatedLabels) -> PracticeSetup:
        week = WeeklyTemplate(
            effective=DateRange.starting(date(2026, 10, 1)),
            windows=[Window(weekday=6, start=time(0), end=time(4))],
        )
        return PracticeSetup(
            schedules=[Schedule(resource="dr-0", zone="America/New_York", templates=[week])],
            appointment_types=[AppointmentType(code="FU", duration_minutes=30)],
            practice_zone="America/New_York",
            dst=DstPolicy(repeated=repeated),
        )

    def slots(self, repeated: RepeatedLabels) -> tuple[ScheduleSnapshot, list[str]]:
        snapshot = ScheduleSnapshot(setup=self.setup_for(repeated))
        found = open_slots(
            snapshot,
            type_code="FU",
            provider="dr-0",
            days=DateRange.single(self.FALL_BACK),
            now=NOW,
        )
        assert all(_bookable(snapshot, s.start, "dr-0") for s in found)
        return snapshot, [s.label for s in found]

    def test_each_label_is_offered_once_at_its_first_occurrence(self) -> None:
        """Five real hours, eight labels: the second 01:00 and 01:30 are not offered again."""
        _, labels = self.slots(RepeatedLabels.FIRST)
        assert len(labels) == len(set(labels)) == 8
        assert labels[2:4] == ["01:00 UTC-04:00", "01:30 UTC-04:00"]

    def test_both_occurrences_on_request_each_with_its_offset(self) -> None:
        """Asked for both, the repeated hour is offered twice, the offset telling them apart."""
        _, labels = self.slots(RepeatedLabels.BOTH)
        assert len(labels) == len(set(labels)) == 10
        assert labels[2:6] == [
            "01:00 UTC-04:00",
            "01:30 UTC-04:00",
            "01:00 UTC-05:00",
            "01:30 UTC-05:00",
        ]


class TestUnavailabilityReasons:
    """Leave, a day off, a practice closure and hours outside the template are told apart."""

    def snapshot(self) -> ScheduleSnapshot:
        setup = weekday_setup(providers=1)
        (schedule,) = setup.schedules
        away = attrs.evolve(
            schedule,
            overrides=[
                DayOff(day=MONDAY),
                Leave(days=DateRange(MONDAY + timedelta(days=1), MONDAY + timedelta(days=2))),
            ],
        )
        return ScheduleSnapshot(
            setup=attrs.evolve(setup, schedules=[away]), closures={MONDAY + timedelta(days=3)}
        )

    @pytest.mark.parametrize(
        ("start", "kind"),
        [
            (_ny(MONDAY, 9), ConflictKind.DAY_OFF),
            (_ny(MONDAY + timedelta(days=1), 9), ConflictKind.LEAVE),
            (_ny(MONDAY + timedelta(days=2), 9), ConflictKind.LEAVE),
            (_ny(MONDAY + timedelta(days=3), 9), ConflictKind.CLOSED),
            (_ny(MONDAY + timedelta(days=4), 19), ConflictKind.OUTSIDE_TEMPLATE),
            (_ny(MONDAY + timedelta(days=5), 9), ConflictKind.OUTSIDE_TEMPLATE),
        ],
    )
    def test_each_reason_has_its_own_rule(self, start: datetime, kind: ConflictKind) -> None:
        """Each unavailable time is explained by exactly its own conflict kind."""
        found = explain(
            self.snapshot(), Candidate(type_code="FU", provider="dr-0", start=start), now=NOW
        )
        assert [c.kind for c in found] == [kind]
        assert found[0].rule.value == "SCH-" + kind.value.upper()

    def test_a_leave_must_be_a_closed_range(self) -> None:
        """Open-ended leave is refused: leave ends."""
        with pytest.raises(ValueError, match="closed range"):
            Leave(days=DateRange.starting(MONDAY))


class TestDefaultGrid:
    """Starts fall on a grid as long as the visit unless the type sets one."""

    def starts(self, kind: AppointmentType) -> list[str]:
        setup = weekday_setup(providers=1, types=[kind], hours=((time(9), time(10)),))
        found = open_slots(
            ScheduleSnapshot(setup=setup),
            type_code=kind.code,
            provider="dr-0",
            days=DateRange.single(MONDAY),
            now=NOW,
        )
        return [s.label for s in found]

    def test_a_20_minute_visit_is_offered_every_20_minutes(self) -> None:
        """No grid set: 09:00, 09:20, 09:40."""
        assert self.starts(AppointmentType(code="FU", duration_minutes=20)) == [
            "09:00",
            "09:20",
            "09:40",
        ]

    def test_a_grid_set_on_the_type_wins(self) -> None:
        """A 10-minute grid offers every ten minutes the visit still fits."""
        kind = AppointmentType(code="FU", duration_minutes=20, grid_minutes=10)
        assert self.starts(kind) == ["09:00", "09:10", "09:20", "09:30", "09:40"]

    def test_a_start_off_the_default_grid_is_refused(self) -> None:
        """09:10 is off the 20-minute grid."""
        setup = weekday_setup(types=[AppointmentType(code="FU", duration_minutes=20)])
        found = explain(
            ScheduleSnapshot(setup=setup),
            Candidate(type_code="FU", provider="dr-0", start=_ny(MONDAY, 9, 10)),
            now=NOW,
        )
        assert [c.kind for c in found] == [ConflictKind.OFF_GRID]


class _LicenceUntil:
    """Eligible up to and including ``last`` (a licence ending that day)."""

    def __init__(self, last: date) -> None:
        self.last = last
        self.asked: list[date] = []

    def is_eligible(self, provider: str, type_code: str, on: date) -> bool:
        self.asked.append(on)
        return on <= self.last


def _remote_setup(provider_zone: str, practice_zone: str, hours: tuple[int, int]) -> PracticeSetup:
    week = WeeklyTemplate(
        effective=DateRange.starting(date(2026, 1, 5)),
        windows=[Window(weekday=d, start=time(hours[0]), end=time(hours[1])) for d in range(7)],
    )
    return PracticeSetup(
        schedules=[Schedule(resource="dr-0", zone=provider_zone, templates=[week])],
        appointment_types=[AppointmentType(code="FU", duration_minutes=30)],
        practice_zone=practice_zone,
    )


class TestOneEligibilityDay:
    """Eligibility is judged on the practice's day of the visit, in search and booking alike."""

    def test_a_honolulu_provider_is_not_offered_after_new_york_midnight(self) -> None:
        """Licence ends 2 March: Honolulu evening starts that fall on 3 March in New York are
        neither offered nor booked; the earlier ones are both."""
        setup = _remote_setup("Pacific/Honolulu", "America/New_York", (14, 22))
        snapshot = ScheduleSnapshot(setup=setup)
        licence = _LicenceUntil(MONDAY)
        found = open_slots(
            snapshot,
            type_code="FU",
            provider="dr-0",
            days=DateRange.single(MONDAY),
            now=NOW,
            eligibility=licence,
        )
        new_york_days = {s.start.astimezone(NEW_YORK).date() for s in found}
        assert new_york_days == {MONDAY}
        assert found[-1].start.astimezone(NEW_YORK).time() == time(23, 30)
        assert all(_bookable(snapshot, s.start, "dr-0", eligibility=licence) for s in found)
        midnight = datetime.combine(MONDAY + timedelta(days=1), time(0), NEW_YORK)
        refused = decide_booking(
            snapshot,
            BookingRequest(
                appointment_id="late",
                type_code="FU",
                provider="dr-0",
                start=midnight,
                patient=Patient(ref="p-1"),
            ),
            POLICY,
            NOW,
            eligibility=licence,
        )
        assert isinstance(refused, Rejected)
        assert refused.kinds == {ConflictKind.PROVIDER_NOT_ELIGIBLE}

    @settings(max_examples=40, deadline=None)
    @given(
        provider_zone=st.sampled_from(
            ["Pacific/Honolulu", "America/New_York", "Europe/London", "Asia/Tokyo", "UTC"]
        ),
        practice_zone=st.sampled_from(["America/New_York", "America/Los_Angeles", "UTC"]),
        first_hour=st.integers(0, 20),
        length=st.integers(1, 4),
        last_day=st.integers(0, 4),
        booked=st.lists(st.integers(0, 5 * 48 - 1), max_size=12, unique=True),
    )
    def test_every_offered_slot_is_accepted_by_the_booking_decision(
        self,
        provider_zone: str,
        practice_zone: str,
        first_hour: int,
        length: int,
        last_day: int,
        booked: list[int],
    ) -> None:
        """Any zones, hours, licence end and calendar: whatever is offered can be booked."""
        setup = _remote_setup(
            provider_zone, practice_zone, (first_hour, min(23, first_hour + length))
        )
        start0 = datetime.combine(MONDAY, time(0), ZoneInfo(provider_zone)).astimezone(UTC)
        calendar = [
            Appointment(
                id=f"b-{n}",
                type_code="FU",
                provider="dr-0",
                patient=f"p-{n}",
                span=TimeRange.of_length(start0 + timedelta(minutes=30 * n), timedelta(minutes=30)),
                status=AppointmentStatus.BOOKED,
            )
            for n in booked
        ]
        snapshot = ScheduleSnapshot(setup=setup, appointments=calendar)
        licence = _LicenceUntil(MONDAY + timedelta(days=last_day))
        found = open_slots(
            snapshot,
            type_code="FU",
            provider="dr-0",
            days=DateRange(MONDAY, MONDAY + timedelta(days=4)),
            now=NOW,
            eligibility=licence,
        )
        for slot in found:
            assert _bookable(snapshot, slot.start, "dr-0", eligibility=licence), slot


class TestSeriesAlternatives:
    """A refused occurrence gets bookable alternatives on nearby days and with colleagues."""

    def series(self, provider: str = "dr-0", count: int = 3) -> SeriesRequest:
        return SeriesRequest(
            series_id="s",
            type_code="FU",
            provider=provider,
            patient=Patient(ref="p-1"),
            first=datetime.combine(MONDAY, time(9)),
            recurrence=Recurrence(frequency=Frequency.WEEKLY, count=count),
        )

    def test_a_day_off_gets_the_same_weekday_later_then_neighbouring_days(self) -> None:
        """The provider is off on the second Monday: alternatives come from the Mondays after
        it (not clashing with the series itself), then from the days around it."""
        setup = weekday_setup(providers=1)
        (schedule,) = setup.schedules
        off = MONDAY + timedelta(days=7)
        setup = attrs.evolve(setup, schedules=[attrs.evolve(schedule, overrides=[DayOff(day=off)])])
        snapshot = ScheduleSnapshot(setup=setup)
        decision = decide_series(
            snapshot, self.series(), POLICY, NOW, alternatives=5, mode=SeriesMode.FEASIBLE
        )
        (refused,) = decision.rejected
        assert {c.kind for c in refused.conflicts} == {ConflictKind.DAY_OFF}
        days = [a.start.astimezone(NEW_YORK).date() for a in refused.alternatives]
        assert days == [
            off + timedelta(weeks=1),
            off + timedelta(weeks=2),
            off + timedelta(weeks=3),
            off + timedelta(days=1),  # the Sunday before has no hours
            off + timedelta(days=2),
        ]
        working = snapshot.with_appointments(decision.booked)
        for alternative in refused.alternatives:
            assert _bookable(working, alternative.start, alternative.provider)
        # Next week's alternative is not the series' own 09:00 (the patient is busy then).
        assert refused.alternatives[0].start != _ny(off + timedelta(weeks=1), 9)

    def test_colleagues_the_type_names_are_offered_when_the_provider_is_away(self) -> None:
        """On leave for two months, the provider has no alternative; a colleague the type
        names as eligible does, on the occurrence's own day first."""
        kind = AppointmentType(
            code="FU", duration_minutes=30, eligible_providers=frozenset({"dr-0", "dr-1"})
        )
        setup = weekday_setup(providers=2, types=[kind])
        dr0, dr1 = setup.schedules
        away = attrs.evolve(
            dr0, overrides=[Leave(days=DateRange(MONDAY, MONDAY + timedelta(days=60)))]
        )
        snapshot = ScheduleSnapshot(setup=attrs.evolve(setup, schedules=[away, dr1]))
        decision = decide_series(snapshot, self.series(count=1), POLICY, NOW)
        (refused,) = decision.rejected
        assert {c.kind for c in refused.conflicts} == {ConflictKind.LEAVE}
        assert refused.alternatives
        assert {a.provider for a in refused.alternatives} == {"dr-1"}
        assert refused.alternatives[0].start == _ny(MONDAY, 9)


class TestPortsOfTheWrongShape:
    """An object answering another question is refused, loudly, not trusted for being truthy."""

    def test_the_credentials_adapter_is_refused_as_the_scheduling_port(self) -> None:
        """CredentialEligibility answers (eligible, reasons) per state: refused at once."""
        wrong = CredentialEligibility(InMemoryCredentialRepository())
        with pytest.raises(InvalidArgument, match="SchedulingEligibility"):
            Scheduling(
                InMemoryStore(),
                setup=weekday_setup(),
                clock=FrozenClock(NOW),
                eligibility=wrong,  # type: ignore[arg-type]
            )

    def test_an_answer_that_is_not_a_bool_is_refused_by_the_core(self) -> None:
        """A pair is truthy; the core refuses it rather than booking a lapsed provider."""

        class Pair:
            def is_eligible(self, provider: str, type_code: str, on: date) -> object:
                return (False, ("licence lapsed",))

        request = BookingRequest(
            appointment_id="a",
            type_code="FU",
            provider="dr-0",
            start=_ny(MONDAY, 9),
            patient=Patient(ref="p-1"),
        )
        with pytest.raises(InvalidArgument, match="True or False"):
            decide_booking(
                ScheduleSnapshot(setup=weekday_setup()),
                request,
                POLICY,
                NOW,
                eligibility=Pair(),  # type: ignore[arg-type]
            )
