"""Scheduling metrics over days and providers."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medoffice.kernel import DateRange, InvalidArgument, TimeRange
from medoffice.scheduling import (
    Appointment,
    AppointmentStatus,
    AppointmentType,
    ScheduleMetrics,
    ScheduleSnapshot,
    schedule_metrics,
    third_next_available,
)
from medoffice.testing._scheduling_strategies import weekday_setup

SETUP = weekday_setup(
    providers=2, zone="UTC", types=[AppointmentType(code="FU", duration_minutes=30)]
)
MONDAY = date(2026, 3, 2)
NINE = datetime(2026, 3, 2, 9, tzinfo=UTC)


def visit(
    ident: str,
    minutes: int,
    status: AppointmentStatus,
    *,
    provider: str = "dr-0",
    overbooked: bool = False,
) -> Appointment:
    start = NINE + timedelta(minutes=minutes)
    return Appointment(
        id=ident,
        type_code="FU",
        provider=provider,
        patient=f"p-{ident}",
        span=TimeRange(start, start + timedelta(minutes=30)),
        status=status,
        overbooked=overbooked,
    )


def metrics(*appointments: Appointment, providers: tuple[str, ...] = ("dr-0",)) -> ScheduleMetrics:
    return schedule_metrics(
        ScheduleSnapshot(setup=SETUP, appointments=appointments),
        days=DateRange.single(MONDAY),
        providers=providers,
    )


class TestRates:
    """Fill rate, utilisation, no-show and overbook rates."""

    def test_an_empty_day_is_all_open(self) -> None:
        """Seven open hours, nothing booked."""
        found = metrics()
        assert found.open_minutes == 420
        assert (found.fill_rate, found.utilisation, found.fragmentation) == (0.0, 0.0, 0.0)

    def test_rates_count_each_status_where_it_belongs(self) -> None:
        """A fulfilled, a booked, a no-show and an overbooked visit."""
        found = metrics(
            visit("a", 0, AppointmentStatus.FULFILLED),
            visit("b", 30, AppointmentStatus.BOOKED),
            visit("c", 60, AppointmentStatus.NOSHOW),
            visit("d", 90, AppointmentStatus.BOOKED, overbooked=True),
        )
        assert found.booked_minutes == 90
        assert found.attended_minutes == 30
        assert found.no_show_rate == 0.5
        assert found.overbook_rate == pytest.approx(1 / 3)

    def test_other_providers_are_not_counted(self) -> None:
        """A visit of dr-1 does not count for dr-0."""
        assert metrics(visit("a", 0, AppointmentStatus.BOOKED, provider="dr-1")).booked == 0

    def test_a_short_gap_is_fragmentation(self) -> None:
        """Visits leaving ten minutes between them make those ten minutes unusable."""
        found = metrics(
            visit("a", 0, AppointmentStatus.BOOKED), visit("b", 40, AppointmentStatus.BOOKED)
        )
        assert found.unusable_minutes == 10

    def test_an_open_ended_range_is_refused(self) -> None:
        """Metrics need a closed range of days."""
        with pytest.raises(InvalidArgument):
            schedule_metrics(
                ScheduleSnapshot(setup=SETUP), days=DateRange.starting(MONDAY), providers=["dr-0"]
            )

    @settings(max_examples=30, deadline=None)
    @given(starts=st.lists(st.integers(0, 13), unique=True, max_size=14))
    def test_rates_stay_between_zero_and_one(self, starts: list[int]) -> None:
        """Whatever is booked, every rate lies in [0, 1]."""
        found = metrics(*(visit(f"v{s}", 30 * s, AppointmentStatus.BOOKED) for s in starts))
        for rate in (found.fill_rate, found.utilisation, found.fragmentation):
            assert 0.0 <= rate <= 1.0
        assert found.booked_minutes + found.free_minutes == found.open_minutes


class TestThirdNextAvailable:
    """The third open start, counted from now."""

    def test_third_slot_of_an_empty_morning(self) -> None:
        """From 08:00 on an open day the third start on the visit-length grid is 10:00."""
        now = NINE - timedelta(hours=1)
        wait = third_next_available(
            ScheduleSnapshot(setup=SETUP), type_code="FU", providers=["dr-0"], now=now
        )
        assert wait == timedelta(hours=2)

    def test_none_when_there_are_fewer_than_three(self) -> None:
        """A provider without a schedule has no third slot."""
        assert (
            third_next_available(
                ScheduleSnapshot(setup=SETUP), type_code="FU", providers=["nobody"], now=NINE
            )
            is None
        )
