"""Calendars of days off: a fixed list, or public holidays from the optional ``holidays`` package.

Three domains ask about days off, each through its own port: scheduling's ``ClosureCalendar``
(``closed_days(first, last)``), budget's ``HolidayCalendar`` (``is_holiday(day)``) and
credentials' ``BusinessCalendar`` (``is_business_day(day)``: Monday to Friday, holidays
excepted). Both calendars here answer all three, so one calendar can serve a whole practice:

- :class:`FixedHolidayCalendar` holds the days it is given;
- :class:`HolidaysCalendar` reads the public holidays of a country (and subdivision) from the
  ``holidays`` package, an extra (``pip install medoffice[holidays]``) imported only when a
  calendar is built.

>>> from datetime import date
>>> calendar = FixedHolidayCalendar([date(2026, 12, 25)])
>>> calendar.closed_days(date(2026, 12, 1), date(2026, 12, 31))
frozenset({datetime.date(2026, 12, 25)})
>>> calendar.is_holiday(date(2026, 12, 24)), calendar.is_business_day(date(2026, 12, 24))
(False, True)

More information: the ``holidays`` package, https://github.com/vacanza/holidays
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, final

from medoffice.kernel import InvalidArgument

__all__ = ["FixedHolidayCalendar", "HolidaysCalendar"]

_SATURDAY = 5


@final
class FixedHolidayCalendar:
    """The listed days off, and Monday to Friday as business days except those."""

    __slots__ = ("_days",)

    def __init__(self, days: Iterable[date] = ()) -> None:
        self._days = frozenset(days)

    def closed_days(self, first: date, last: date) -> frozenset[date]:
        """The listed days from ``first`` to ``last``."""
        return frozenset(d for d in self._days if first <= d <= last)

    def is_holiday(self, day: date) -> bool:
        """Whether ``day`` is one of the listed days."""
        return day in self._days

    def is_business_day(self, day: date) -> bool:
        """Whether ``day`` is a weekday and not listed."""
        return day.weekday() < _SATURDAY and day not in self._days

    def __repr__(self) -> str:
        return f"FixedHolidayCalendar({len(self._days)} days)"


@final
class HolidaysCalendar:
    """Public holidays of a country (and subdivision) from the optional ``holidays`` package.

    ``country`` and ``subdivision`` follow that package (``"US"``, ``"CA"``).
    """

    __slots__ = ("_holidays", "_label")

    def __init__(self, country: str = "US", *, subdivision: str | None = None) -> None:
        try:
            import holidays  # noqa: PLC0415 - optional extra, imported on use
        except ImportError:
            raise InvalidArgument(
                "install the 'holidays' extra for a holiday calendar "
                "(pip install 'medoffice[holidays]')"
            ) from None
        self._holidays: Any = holidays.country_holidays(country, subdiv=subdivision)
        self._label = country if subdivision is None else f"{country}-{subdivision}"

    def closed_days(self, first: date, last: date) -> frozenset[date]:
        """The public holidays from ``first`` to ``last``."""
        for year in range(first.year, last.year + 1):
            _ = date(year, 1, 1) in self._holidays  # the package fills in a year when asked
        return frozenset(d for d in list(self._holidays) if first <= d <= last)

    def is_holiday(self, day: date) -> bool:
        """Whether ``day`` is a public holiday there."""
        return day in self._holidays

    def is_business_day(self, day: date) -> bool:
        """Whether ``day`` is a weekday and not a public holiday."""
        return day.weekday() < _SATURDAY and day not in self._holidays

    def __repr__(self) -> str:
        return f"HolidaysCalendar({self._label!r})"
