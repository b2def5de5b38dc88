"""The core's weekday calendar passes the BusinessCalendar contract suite."""

from __future__ import annotations

from datetime import date

from medoffice.credentials._alerts import WeekdayCalendar
from medoffice.credentials.ports import BusinessCalendar
from medoffice.testing._credentials_contracts import (
    BusinessCalendarContract,
)


class TestWeekdayCalendar(BusinessCalendarContract):
    def make_calendar(self) -> BusinessCalendar:
        return WeekdayCalendar([date(2026, 12, 25)])
