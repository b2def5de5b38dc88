"""Scheduling adapters: an in-memory appointment repository and closure calendars.

:class:`InMemoryAppointmentRepository` keeps appointments in a dict guarded by a lock; ``save``
is a compare-and-set on one version number, so under any number of threads exactly one of two
racing bookings is stored and the other gets
:class:`~medoffice.kernel.ConcurrencyConflict`. :class:`FixedClosureCalendar` holds a set of
closure days; :class:`HolidaysClosureCalendar` reads public holidays from the optional
``holidays`` package (``pip install medoffice[holidays]``), imported only when used.

>>> from datetime import date
>>> FixedClosureCalendar([date(2026, 12, 25)]).closed_days(date(2026, 12, 1), date(2026, 12, 31))
frozenset({datetime.date(2026, 12, 25)})
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from datetime import date
from typing import final

from medoffice.kernel import ConcurrencyConflict, InvalidArgument, InvalidValue
from medoffice.scheduling import Appointment
from medoffice.scheduling.ports import StoredAppointments

__all__ = ["FixedClosureCalendar", "HolidaysClosureCalendar", "InMemoryAppointmentRepository"]


@final
class InMemoryAppointmentRepository:
    """A thread-safe :class:`~medoffice.scheduling.ports.AppointmentRepository` in memory."""

    __slots__ = ("_appointments", "_lock", "_version")

    def __init__(self, appointments: Iterable[Appointment] = ()) -> None:
        self._lock = threading.Lock()
        self._appointments: dict[str, Appointment] = {}
        for item in appointments:
            self._appointments[_checked(item).id] = item
        self._version = 0

    def load(self) -> StoredAppointments:
        """Every appointment, in insertion order, and the current version."""
        with self._lock:
            return StoredAppointments(
                appointments=tuple(self._appointments.values()), version=self._version
            )

    def save(self, changed: Sequence[Appointment], *, expected_version: int) -> int:
        """Store ``changed`` together if nobody saved since ``expected_version``."""
        items = [_checked(item) for item in changed]
        if isinstance(expected_version, bool) or not isinstance(expected_version, int):
            raise InvalidArgument("expected_version is the int version that was loaded")
        with self._lock:
            if expected_version != self._version:
                raise ConcurrencyConflict(
                    "the appointments changed since they were read; read again"
                )
            for item in items:
                self._appointments[item.id] = item
            self._version += 1
            return self._version

    def __repr__(self) -> str:
        count = len(self._appointments)
        return f"InMemoryAppointmentRepository(appointments={count}, version={self._version})"


def _checked(item: object) -> Appointment:
    if not isinstance(item, Appointment):
        raise InvalidValue(f"the repository stores appointments, not {type(item).__name__}")
    return item


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
