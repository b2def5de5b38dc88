"""Fiscal calendars: a year that starts on any day, cut into periods.

A practice's fiscal year may follow the calendar year, start on 1 July, or follow a retail-style
week pattern. ``monthly`` cuts the year into twelve periods from the start day to the day before
the same day of the next month. The week patterns ``4-4-5``, ``4-5-4`` and ``13`` (thirteen
four-week periods) cut 52 weeks from the start; the last period runs to the day before the next
fiscal year starts, so every day belongs to exactly one period (the one or two days beyond 364
fall in the last period rather than piling up into a 53rd week).

A fiscal year is named for the calendar year in which it ends (FY2026 starting 1 July 2025 ends
30 June 2026), the US federal and most practices' convention.

More information: IRS Publication 538, Accounting Periods and Methods (52-53-week years,
https://www.irs.gov/publications/p538).

>>> july = FiscalCalendar(pattern=PeriodPattern.MONTHLY, start_month=7)
>>> july.year_range(2026)
DateRange('2025-07-01', '2026-06-30')
>>> july.period_of(date(2026, 1, 15)).number
7
>>> len(FiscalCalendar(pattern="13").periods(2026))
13
>>> [p.days.days for p in FiscalCalendar(pattern="4-4-5").periods(2026)][:3]
[28, 28, 35]
"""

from __future__ import annotations

import calendar
import enum
import functools
from datetime import date, timedelta
from typing import Final, final

import attrs

from medoffice.kernel import DateRange, InvalidArgument, InvalidValue

__all__ = ["FiscalCalendar", "FiscalPeriod", "PeriodPattern"]


@final
class PeriodPattern(enum.StrEnum):
    """How the fiscal year is cut into periods."""

    MONTHLY = "monthly"
    WEEKS_4_4_5 = "4-4-5"
    WEEKS_4_5_4 = "4-5-4"
    THIRTEEN = "13"

    @property
    def weeks(self) -> tuple[int, ...] | None:
        """Weeks per period for week patterns, ``None`` for monthly."""
        return _WEEKS.get(self)


_WEEKS: Final = {
    PeriodPattern.WEEKS_4_4_5: (4, 4, 5) * 4,
    PeriodPattern.WEEKS_4_5_4: (4, 5, 4) * 4,
    PeriodPattern.THIRTEEN: (4,) * 13,
}


@final
@attrs.frozen(kw_only=True, order=True)
class FiscalPeriod:
    """One period: its fiscal year, its number (1-based) and its days."""

    fiscal_year: int
    number: int
    days: DateRange

    @property
    def label(self) -> str:
        """``FY2026-P07``."""
        return f"FY{self.fiscal_year}-P{self.number:02d}"


def _shift_month(year: int, month: int, day: int, months: int) -> date:
    index = year * 12 + (month - 1) + months
    y, m = divmod(index, 12)
    last = calendar.monthrange(y, m + 1)[1]
    return date(y, m + 1, min(day, last))


@final
@attrs.frozen(kw_only=True)
class FiscalCalendar:
    """A fiscal calendar: a pattern and the month and day each fiscal year starts."""

    pattern: PeriodPattern = attrs.field(default=PeriodPattern.MONTHLY, converter=PeriodPattern)
    start_month: int = attrs.field(default=1)
    start_day: int = attrs.field(default=1)

    @start_month.validator
    def _check_month(self, _: attrs.Attribute[int], value: int) -> None:
        if type(value) is not int or not 1 <= value <= 12:
            raise InvalidValue("start_month is a whole number from 1 to 12")

    @start_day.validator
    def _check_day(self, _: attrs.Attribute[int], value: int) -> None:
        # 28 at most, so every month has the start day and periods never drift.
        if type(value) is not int or not 1 <= value <= 28:
            raise InvalidValue("start_day is a whole number from 1 to 28")

    def year_start(self, fiscal_year: int) -> date:
        """The first day of ``fiscal_year``."""
        if type(fiscal_year) is not int or not 2 <= fiscal_year <= 9998:
            raise InvalidArgument("a fiscal year is a whole number from 2 to 9998")
        starts_in_prior = (self.start_month, self.start_day) != (1, 1)
        return date(
            fiscal_year - 1 if starts_in_prior else fiscal_year, self.start_month, self.start_day
        )

    def year_range(self, fiscal_year: int) -> DateRange:
        """Every day of ``fiscal_year``."""
        return DateRange(
            self.year_start(fiscal_year), self.year_start(fiscal_year + 1) - timedelta(days=1)
        )

    def fiscal_year_of(self, day: date) -> int:
        """The fiscal year ``day`` falls in."""
        year = day.year if (self.start_month, self.start_day) == (1, 1) else day.year + 1
        return year if day >= self.year_start(year) else year - 1

    def periods(self, fiscal_year: int) -> tuple[FiscalPeriod, ...]:
        """The periods of ``fiscal_year``, in order, covering every day once."""
        return _periods(self, fiscal_year)

    def period(self, fiscal_year: int, number: int) -> FiscalPeriod:
        """Period ``number`` (1-based) of ``fiscal_year``."""
        periods = self.periods(fiscal_year)
        if type(number) is not int or not 1 <= number <= len(periods):
            raise InvalidArgument(f"period numbers run from 1 to {len(periods)}")
        return periods[number - 1]

    def period_of(self, day: date) -> FiscalPeriod:
        """The period containing ``day``."""
        for period in self.periods(self.fiscal_year_of(day)):
            if day <= period.days.last:
                return period
        raise AssertionError("periods cover the year")  # pragma: no cover

    def day_index(self, fiscal_year: int) -> dict[date, int]:
        """Every day of the year mapped to its period number (for fast aggregation)."""
        return {day: p.number for p in self.periods(fiscal_year) for day in p.days}


@functools.lru_cache(maxsize=256)
def _periods(cal: FiscalCalendar, fiscal_year: int) -> tuple[FiscalPeriod, ...]:
    first = cal.year_start(fiscal_year)
    end = cal.year_start(fiscal_year + 1) - timedelta(days=1)
    weeks = cal.pattern.weeks
    starts: list[date]
    if weeks is None:
        starts = [_shift_month(first.year, first.month, first.day, i) for i in range(12)]
    else:
        starts, day = [], first
        for count in weeks:
            starts.append(day)
            day += timedelta(weeks=count)
    ends = [s - timedelta(days=1) for s in starts[1:]] + [end]
    return tuple(
        FiscalPeriod(fiscal_year=fiscal_year, number=i + 1, days=DateRange(s, e))
        for i, (s, e) in enumerate(zip(starts, ends, strict=True))
    )
