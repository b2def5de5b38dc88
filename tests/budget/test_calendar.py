"""Fiscal calendars: monthly, 4-4-5, 4-5-4 and 13 periods from any start."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medoffice.budget._calendar import FiscalCalendar, PeriodPattern
from medoffice.kernel import DateRange, InvalidArgument, InvalidValue
from medoffice.testing._budget_strategies import fiscal_calendars


class TestMonthlyCalendar:
    def test_a_july_year_is_named_for_the_year_it_ends(self) -> None:
        """FY2026 starting in July runs 2025-07-01 to 2026-06-30."""
        cal = FiscalCalendar(start_month=7)
        assert cal.year_range(2026) == DateRange(date(2025, 7, 1), date(2026, 6, 30))
        assert cal.fiscal_year_of(date(2025, 7, 1)) == 2026
        assert cal.fiscal_year_of(date(2025, 6, 30)) == 2025

    def test_calendar_year_periods_are_the_months(self) -> None:
        """A January start gives twelve calendar months, February of 28 days in 2026."""
        periods = FiscalCalendar().periods(2026)
        assert [p.days.days for p in periods][:3] == [31, 28, 31]
        assert periods[11].label == "FY2026-P12"

    def test_a_mid_month_start_cuts_months_on_that_day(self) -> None:
        """Starting on the 15th, period 1 runs to the 14th of the next month."""
        period = FiscalCalendar(start_month=4, start_day=15).period(2027, 1)
        assert period.days == DateRange(date(2026, 4, 15), date(2026, 5, 14))


class TestWeekPatterns:
    @pytest.mark.parametrize(
        ("pattern", "first_three"),
        [("4-4-5", [28, 28, 35]), ("4-5-4", [28, 35, 28]), ("13", [28, 28, 28])],
    )
    def test_week_patterns_cut_whole_weeks(self, pattern: str, first_three: list[int]) -> None:
        """The first periods are the pattern's weeks times seven days."""
        periods = FiscalCalendar(pattern=pattern).periods(2026)
        assert [p.days.days for p in periods[:3]] == first_three

    def test_the_last_period_absorbs_the_days_beyond_52_weeks(self) -> None:
        """2028 is a leap year: the last 4-4-5 period has 35 + 2 days."""
        periods = FiscalCalendar(pattern=PeriodPattern.WEEKS_4_4_5).periods(2028)
        assert periods[-1].days.days == 37


class TestCalendarRefusals:
    @pytest.mark.parametrize(("month", "day"), [(0, 1), (13, 1), (1, 29), (1, 0)])
    def test_impossible_starts_are_refused(self, month: int, day: int) -> None:
        """Months run 1-12 and start days 1-28."""
        with pytest.raises(InvalidValue):
            FiscalCalendar(start_month=month, start_day=day)

    def test_a_period_number_out_of_range_is_refused(self) -> None:
        """Monthly calendars have no period 13."""
        with pytest.raises(InvalidArgument):
            FiscalCalendar().period(2026, 13)


class TestCalendarProperties:
    @given(fiscal_calendars(), st.integers(2000, 2100))
    def test_periods_tile_the_year_exactly(self, cal: FiscalCalendar, year: int) -> None:
        """Periods are contiguous, start on the first day and end on the last."""
        periods = cal.periods(year)
        span = cal.year_range(year)
        assert periods[0].days.first == span.first
        assert periods[-1].days.last == span.last
        for before, after in itertools.pairwise(periods):
            assert after.days.first == before.days.last + timedelta(days=1)
        assert sum(p.days.days for p in periods) == span.days

    @given(fiscal_calendars(), st.dates(date(2001, 1, 1), date(2099, 12, 31)))
    def test_every_day_falls_in_its_period(self, cal: FiscalCalendar, day: date) -> None:
        """``period_of`` returns the period that contains the day."""
        period = cal.period_of(day)
        assert period.days.contains(day)
        assert cal.year_range(period.fiscal_year).contains(day)
