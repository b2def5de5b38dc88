"""Both calendars answer the three domains' day-off ports and pass each port's contract."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medoffice.adapters.calendars import FixedHolidayCalendar, HolidaysCalendar
from medoffice.budget.ports import HolidayCalendar
from medoffice.credentials.ports import BusinessCalendar
from medoffice.scheduling.ports import ClosureCalendar
from medoffice.testing import BusinessCalendarContract, HolidayCalendarContract

CHRISTMAS = date(2026, 12, 25)


class TestClosureCalendars:
    def test_fixed_days_within_the_range(self) -> None:
        """Only the listed days inside the range are returned."""
        calendar = FixedHolidayCalendar([date(2026, 12, 25), date(2027, 1, 1)])
        assert isinstance(calendar, ClosureCalendar)
        assert calendar.closed_days(date(2026, 12, 1), date(2026, 12, 31)) == {date(2026, 12, 25)}

    def test_holidays_package_calendar(self) -> None:
        """US federal holidays come from the optional holidays package."""
        pytest.importorskip("holidays")
        calendar = HolidaysCalendar("US")
        assert date(2026, 7, 3) in calendar.closed_days(date(2026, 7, 1), date(2026, 7, 31))


class TestSetHolidayCalendar(HolidayCalendarContract):
    def make_calendar(self, holidays: Iterable[date]) -> HolidayCalendar:
        return FixedHolidayCalendar(holidays)


class TestHolidaysLibraryCalendar(HolidayCalendarContract):
    """The optional ``holidays`` package passes the same contract (skipped when absent)."""

    def make_calendar(self, holidays: Iterable[date]) -> HolidayCalendar:
        pytest.importorskip("holidays")
        wanted = set(holidays)
        if wanted - {date(2026, 12, 25)}:
            pytest.skip("the library's calendar has its own holidays, Christmas among them")
        return HolidaysCalendar("US")


class TestHolidaysCalendar(BusinessCalendarContract):
    def make_calendar(self) -> BusinessCalendar:
        pytest.importorskip("holidays")
        return HolidaysCalendar("US")


class TestFixedHolidayCalendarAsABusinessCalendar(BusinessCalendarContract):
    def make_calendar(self) -> BusinessCalendar:
        return FixedHolidayCalendar([CHRISTMAS])


class TestOneCalendarForEveryPort:
    def test_both_calendars_satisfy_the_three_ports(self) -> None:
        """A fixed list and the holidays package answer scheduling, budget and credentials."""
        pytest.importorskip("holidays")
        for calendar in (FixedHolidayCalendar([CHRISTMAS]), HolidaysCalendar("US")):
            assert isinstance(calendar, ClosureCalendar)
            assert isinstance(calendar, HolidayCalendar)
            assert isinstance(calendar, BusinessCalendar)

    @given(
        days=st.frozensets(st.dates(date(2026, 1, 1), date(2027, 12, 31)), max_size=20),
        first=st.dates(date(2026, 1, 1), date(2027, 12, 31)),
        span=st.integers(0, 400),
    )
    def test_the_three_answers_agree(self, days: frozenset[date], first: date, span: int) -> None:
        """A closed day is a holiday and not a business day; a weekday off the list is one."""
        calendar = FixedHolidayCalendar(days)
        last = date.fromordinal(first.toordinal() + span)
        closed = calendar.closed_days(first, last)
        assert closed == {d for d in days if first <= d <= last}
        for day in (first, last):
            assert calendar.is_holiday(day) == (day in days)
            assert calendar.is_business_day(day) == (day.weekday() < 5 and day not in days)

    def test_the_holidays_package_agrees_with_itself(self) -> None:
        """Independence Day (observed) 2026 is closed, a holiday and not a business day."""
        pytest.importorskip("holidays")
        calendar = HolidaysCalendar("US")
        observed = date(2026, 7, 3)
        assert observed in calendar.closed_days(date(2025, 12, 1), date(2027, 1, 31))
        assert calendar.is_holiday(observed)
        assert not calendar.is_business_day(observed)

    def test_reprs_show_sizes_and_places_not_days(self) -> None:
        """A calendar's repr counts its days or names its country."""
        assert repr(FixedHolidayCalendar([CHRISTMAS])) == "FixedHolidayCalendar(1 days)"
        pytest.importorskip("holidays")
        assert repr(HolidaysCalendar("US", subdivision="TX")) == "HolidaysCalendar('US-TX')"
