"""Calendars of days off: a fixed list, or public holidays from the optional ``holidays`` package.

Three domains ask about days off, each through its own port: scheduling's ``ClosureCalendar``
(``closed_days``), budget's ``HolidayCalendar`` (``is_holiday``) and credentials'
``BusinessCalendar`` (``is_business_day``). The ``holidays`` package is an extra
(``pip install medoffice[holidays]``), imported only when a calendar needs it.

>>> from datetime import date
>>> FixedClosureCalendar([date(2026, 12, 25)]).closed_days(date(2026, 12, 1), date(2026, 12, 31))
frozenset({datetime.date(2026, 12, 25)})
>>> SetHolidayCalendar([date(2026, 12, 25)]).is_holiday(date(2026, 12, 24))
False
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from datetime import date
from typing import Any, final

from medoffice.kernel import InvalidArgument

__all__ = [
    "FixedClosureCalendar",
    "HolidaysCalendar",
    "HolidaysClosureCalendar",
    "HolidaysLibraryCalendar",
    "SetHolidayCalendar",
]


@final
class FixedClosureCalendar:
    """A :class:`~medoffice.scheduling.ports.ClosureCalendar` of listed days."""

    __slots__ = ("_days",)

    def __init__(self, days: Iterable[date]) -> None:
        self._days = frozenset(days)

    def closed_days(self, first: date, last: date) -> frozenset[date]:
        """The listed days from ``first`` to ``last``."""
        return frozenset(d for d in self._days if first <= d <= last)

    def __repr__(self) -> str:
        return f"FixedClosureCalendar({len(self._days)} days)"


@final
class HolidaysClosureCalendar:
    """Public holidays of a country (and subdivision) from the optional ``holidays`` package."""

    __slots__ = ("_country", "_subdivision")

    def __init__(self, country: str, *, subdivision: str | None = None) -> None:
        self._country = country
        self._subdivision = subdivision

    def closed_days(self, first: date, last: date) -> frozenset[date]:
        """The public holidays from ``first`` to ``last``."""
        try:
            import holidays  # noqa: PLC0415  (optional extra, imported only when used)
        except ImportError:
            raise InvalidArgument(
                "install the 'holidays' extra to use HolidaysClosureCalendar"
            ) from None
        calendar = holidays.country_holidays(
            self._country, subdiv=self._subdivision, years=range(first.year, last.year + 1)
        )
        return frozenset(d for d in calendar if first <= d <= last)

    def __repr__(self) -> str:
        return f"HolidaysClosureCalendar({self._country!r})"


@final
class SetHolidayCalendar:
    """A :class:`~medoffice.budget.ports.HolidayCalendar` from a fixed set of dates."""

    __slots__ = ("_days",)

    def __init__(self, days: Iterable[date] = ()) -> None:
        self._days = frozenset(days)

    def is_holiday(self, day: date) -> bool:
        """Whether ``day`` is one of the dates."""
        return day in self._days

    def __repr__(self) -> str:
        return f"SetHolidayCalendar({len(self._days)} days)"


@final
class HolidaysLibraryCalendar:
    """A holiday calendar from the optional ``holidays`` package (the ``holidays`` extra).

    ``country`` and ``subdivision`` follow that package (``"US"``, ``"CA"``); it is imported only
    when a calendar is built, so the core never needs it.
    """

    __slots__ = ("_calendar", "_label")

    def __init__(self, country: str, *, subdivision: str | None = None) -> None:
        try:
            import holidays  # noqa: PLC0415 - optional dependency, imported on use
        except ImportError:
            raise InvalidArgument(
                "the holidays package is not installed (pip install 'medoffice[holidays]')"
            ) from None
        self._calendar = holidays.country_holidays(country, subdiv=subdivision)
        self._label = country if subdivision is None else f"{country}-{subdivision}"

    def is_holiday(self, day: date) -> bool:
        """Whether ``day`` is a public holiday there."""
        return day in self._calendar

    def __repr__(self) -> str:
        return f"HolidaysLibraryCalendar({self._label!r})"


@final
class HolidaysCalendar:
    """Weekdays that are not public holidays, from the optional ``holidays`` package."""

    __slots__ = ("_holidays",)

    def __init__(self, country: str = "US", *, subdivision: str | None = None) -> None:
        try:
            module = importlib.import_module("holidays")
        except ImportError:
            raise InvalidArgument("install the 'holidays' extra for a holiday calendar") from None
        self._holidays: Any = module.country_holidays(country, subdiv=subdivision)

    def is_business_day(self, day: date) -> bool:
        """Whether ``day`` is a weekday and not a holiday."""
        return day.weekday() < 5 and day not in self._holidays
