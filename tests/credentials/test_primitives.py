"""Rule primitives: the authorities' own examples, edge cases, and day-by-day sweeps 2000-2100."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medoffice.credentials._primitives import (
    add_months,
    at_least_annually_due,
    calendar_month_gaps,
    deadline_instant,
    end_of_month,
    end_of_month_after,
    is_last_day_of_month,
    issue_or_birth_month_expiry,
    posted_due_date,
    rolling_due,
    window_after,
)
from medoffice.kernel import InvalidArgument, InvalidValue

FIRST = date(2000, 1, 1)
LAST = date(2100, 12, 31)
ONE_DAY = timedelta(days=1)


def every_day() -> list[date]:
    return [FIRST + timedelta(days=n) for n in range((LAST - FIRST).days + 1)]


DAYS = every_day()


class TestAddMonths:
    def test_leap_day_plus_twelve_months_is_february_28(self) -> None:
        """2024-02-29 plus 12 months clamps to 2025-02-28."""
        assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)

    def test_leap_day_plus_48_months_is_a_leap_day_again(self) -> None:
        """2024-02-29 plus 48 months is 2028-02-29."""
        assert add_months(date(2024, 2, 29), 48) == date(2028, 2, 29)

    def test_2100_is_not_a_leap_year(self) -> None:
        """2096-02-29 plus 48 months clamps to 2100-02-28 (century rule)."""
        assert add_months(date(2096, 2, 29), 48) == date(2100, 2, 28)

    def test_january_31_plus_one_month_is_the_end_of_february(self) -> None:
        """Jan 31 plus one month is Feb 28, or Feb 29 in a leap year."""
        assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
        assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)

    def test_negative_months_go_back(self) -> None:
        """Minus seven months from Oct 31 is Mar 31."""
        assert add_months(date(2026, 10, 31), -7) == date(2026, 3, 31)

    def test_leaving_the_calendar_is_an_error(self) -> None:
        """Dates past year 9999 cannot be built."""
        with pytest.raises(InvalidArgument):
            add_months(date(9999, 12, 1), 1)

    @pytest.mark.parametrize("months", [1, 12, 24, 36])
    def test_sweep_2000_2100_same_day_or_month_end(self, months: int) -> None:
        """Every day 2000-2100: the month moves by N, the day is kept or clamped to month end."""
        for day in DAYS:
            result = add_months(day, months)
            assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
            last = calendar.monthrange(result.year, result.month)[1]
            assert result.day == min(day.day, last)

    def test_sweep_leap_days_2000_2100(self) -> None:
        """Every Feb 29 2000-2096: +12 months is Feb 28, +48 months is Feb 29 unless 2100."""
        for year in range(2000, 2100, 4):
            leap = date(year, 2, 29)
            assert add_months(leap, 12) == date(year + 1, 2, 28)
            expected = 29 if calendar.isleap(year + 4) else 28
            assert add_months(leap, 48) == date(year + 4, 2, expected)

    @given(st.dates(FIRST, LAST), st.integers(-120, 120))
    def test_round_trip_for_days_up_to_28(self, day: date, months: int) -> None:
        """Days 1-28 exist in every month, so going there and back returns the same day."""
        day = day.replace(day=min(day.day, 28))
        assert add_months(add_months(day, months), -months) == day


class TestEndOfMonth:
    def test_aha_card_issued_2026_06_10_is_valid_through_2028_06_30(self) -> None:
        """The AHA example: issued 2026-06-10, valid through 2028-06-30."""
        assert end_of_month_after(date(2026, 6, 10), 24) == date(2028, 6, 30)

    def test_card_issued_on_a_leap_day_ends_on_a_leap_day_two_years_later(self) -> None:
        """Issued 2024-02-29: valid through 2026-02-28; issued 2026-02-01: through 2028-02-29."""
        assert end_of_month_after(date(2024, 2, 29), 24) == date(2026, 2, 28)
        assert end_of_month_after(date(2026, 2, 1), 24) == date(2028, 2, 29)

    def test_sweep_2000_2100_is_month_end_24_months_on(self) -> None:
        """Every day 2000-2100: the result is a month end exactly 24 months later."""
        for day in DAYS:
            result = end_of_month_after(day, 24)
            assert (result + ONE_DAY).day == 1
            assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == 24

    def test_sweep_last_day_predicate_matches_the_next_day(self) -> None:
        """Every day 2000-2100: a day is a month end exactly when the next day is a first."""
        for day in DAYS:
            assert is_last_day_of_month(day) == ((day + ONE_DAY).day == 1)
            assert end_of_month(day) >= day


class TestCaliforniaRegimeSwitch:
    switch = date(2018, 7, 1)

    def test_issued_on_the_switch_day_expires_at_the_end_of_the_issue_month(self) -> None:
        """Issued 2018-07-01: the last day of July 2020, whatever the birth month."""
        result = issue_or_birth_month_expiry(
            date(2018, 7, 1), date(1980, 3, 5), switch_on=self.switch, months=24
        )
        assert result == date(2020, 7, 31)

    def test_issued_the_day_before_expires_at_the_end_of_the_birth_month(self) -> None:
        """Issued 2018-06-30, born in May: the end of May in the second year (2020-05-31)."""
        result = issue_or_birth_month_expiry(
            date(2018, 6, 30), date(1980, 5, 17), switch_on=self.switch, months=24
        )
        assert result == date(2020, 5, 31)

    def test_birth_month_later_in_the_year_falls_in_the_first_months_of_the_second_year(
        self,
    ) -> None:
        """Issued 2018-06-30, born in December: 2019-12-31."""
        result = issue_or_birth_month_expiry(
            date(2018, 6, 30), date(1980, 12, 1), switch_on=self.switch, months=24
        )
        assert result == date(2019, 12, 31)

    def test_old_regime_without_birth_date_is_an_error(self) -> None:
        """Before the switch the birth month is needed."""
        with pytest.raises(InvalidArgument):
            issue_or_birth_month_expiry(date(2017, 1, 1), None, switch_on=self.switch, months=24)

    @given(st.dates(date(2000, 1, 1), date(2018, 6, 30)), st.integers(1, 12))
    def test_old_regime_term_is_in_the_second_year(self, issued: date, month: int) -> None:
        """Before the switch the expiry is a birth-month end 12 to 24 months after issue."""
        result = issue_or_birth_month_expiry(
            issued, date(1970, month, 1), switch_on=self.switch, months=24
        )
        assert result.month == month
        assert is_last_day_of_month(result)
        assert add_months(issued, 12) < result <= end_of_month_after(issued, 24)


class TestRollingDays:
    def test_caqh_120_days(self) -> None:
        """Attested 2026-01-01: due 2026-05-01."""
        assert rolling_due(date(2026, 1, 1), 120) == date(2026, 5, 1)

    def test_non_positive_period_is_an_error(self) -> None:
        """Zero days is not a period."""
        with pytest.raises(InvalidArgument):
            rolling_due(date(2026, 1, 1), 0)

    def test_sweep_annual_is_365_days_even_across_leap_days(self) -> None:
        """Every day 2000-2100: at least annually means within 365 days."""
        for day in DAYS:
            assert (at_least_annually_due(day) - day).days == 365


class TestCalendarMonthly:
    def test_ncqa_september_1_then_october_15_is_compliant(self) -> None:
        """NCQA's example: Sept 1 then Oct 15 covers both calendar months."""
        gaps = calendar_month_gaps(
            [date(2025, 9, 1), date(2025, 10, 15)], date(2025, 9, 1), date(2025, 10, 31)
        )
        assert gaps == ()

    def test_august_31_then_october_1_misses_september(self) -> None:
        """31 days apart, yet September has no screening."""
        gaps = calendar_month_gaps(
            [date(2025, 8, 31), date(2025, 10, 1)], date(2025, 8, 1), date(2025, 10, 31)
        )
        assert gaps == (date(2025, 9, 1),)

    def test_period_ending_before_it_starts_is_an_error(self) -> None:
        """A reversed period is refused."""
        with pytest.raises(InvalidArgument):
            calendar_month_gaps([], date(2025, 2, 1), date(2025, 1, 1))

    @given(st.lists(st.dates(date(2024, 1, 1), date(2025, 12, 31)), max_size=30))
    def test_gaps_are_exactly_the_months_without_events(self, days: list[date]) -> None:
        """A month is a gap if and only if no event falls in it."""
        gaps = set(calendar_month_gaps(days, date(2024, 1, 1), date(2025, 12, 31)))
        months = {d.replace(day=1) for d in days}
        assert gaps.isdisjoint(months)
        assert len(gaps) + len(months) == 24


class TestAssignedDueDate:
    def test_cms_posts_due_dates_seven_months_ahead(self) -> None:
        """Due 2026-10-31: TBD on 2026-03-30, posted from 2026-03-31."""
        assert posted_due_date(date(2026, 10, 31), date(2026, 3, 30)) is None
        assert posted_due_date(date(2026, 10, 31), date(2026, 3, 31)) == date(2026, 10, 31)

    def test_due_dates_are_the_last_day_of_a_month(self) -> None:
        """CMS revalidation due dates fall on the last day of a month; others are refused."""
        with pytest.raises(InvalidValue):
            posted_due_date(date(2026, 10, 15), date(2026, 1, 1))


class TestWindows:
    def test_texas_30_day_grace(self) -> None:
        """Expired 2026-01-31: the 30-day window ends 2026-03-02."""
        assert window_after(date(2026, 1, 31), days=30) == date(2026, 3, 2)

    def test_dea_one_calendar_month_from_a_month_end(self) -> None:
        """Expired 2026-02-28 (a month end): renewable through 2026-03-31."""
        assert window_after(date(2026, 2, 28), months=1) == date(2026, 3, 31)

    def test_dea_one_calendar_month_mid_month(self) -> None:
        """Expired 2026-03-15: renewable through 2026-04-15."""
        assert window_after(date(2026, 3, 15), months=1) == date(2026, 4, 15)

    def test_days_and_months_together_are_refused(self) -> None:
        """A window is days or months, not both."""
        with pytest.raises(InvalidArgument):
            window_after(date(2026, 1, 1), days=1, months=1)


class TestDeadlineInstant:
    def test_california_midnight_is_pacific(self) -> None:
        """A CA licence valid through 2020-07-31 lapses at 07:00 UTC on 2020-08-01 (PDT)."""
        instant = deadline_instant(date(2020, 7, 31), "America/Los_Angeles")
        assert instant.astimezone(UTC) == datetime(2020, 8, 1, 7, tzinfo=UTC)

    def test_winter_deadline_uses_standard_time(self) -> None:
        """Valid through 2020-12-31 in California: 08:00 UTC on 2021-01-01 (PST)."""
        instant = deadline_instant(date(2020, 12, 31), "America/Los_Angeles")
        assert instant.astimezone(UTC) == datetime(2021, 1, 1, 8, tzinfo=UTC)

    def test_unknown_zone_is_an_error(self) -> None:
        """A zone name that does not exist is refused."""
        with pytest.raises(InvalidArgument):
            deadline_instant(date(2020, 1, 1), "Mars/Olympus")
