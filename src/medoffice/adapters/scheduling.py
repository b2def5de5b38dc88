"""Scheduling adapters: an in-memory appointment repository and closure calendars.

:class:`InMemoryAppointmentRepository` keeps appointments in a dict guarded by a lock; ``save``
is a compare-and-set on one version number, so under any number of threads exactly one of two
racing bookings is stored and the other gets
:class:`~medoffice.kernel.ConcurrencyConflict`. :class:`FixedClosureCalendar` holds a set of
closure days; :class:`HolidaysClosureCalendar` reads public holidays from the optional
``holidays`` package (``pip install medoffice[holidays]``), imported only when used.
:func:`load_practice_file` reads a practice (schedules, types, closures, appointments) from the
JSON or TOML layout the ``medoffice slots`` command uses.

>>> from datetime import date
>>> FixedClosureCalendar([date(2026, 12, 25)]).closed_days(date(2026, 12, 1), date(2026, 12, 31))
frozenset({datetime.date(2026, 12, 25)})
"""

from __future__ import annotations

import json
import threading
import tomllib
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, TypeVar, final

from medoffice.kernel import (
    ConcurrencyConflict,
    DateRange,
    InvalidArgument,
    InvalidValue,
    TimeRange,
)
from medoffice.scheduling import (
    Appointment,
    AppointmentType,
    Break,
    DayOff,
    PracticeSetup,
    ResourceRequirement,
    Schedule,
    ScheduleSnapshot,
    WeeklyTemplate,
    Window,
)
from medoffice.scheduling.ports import StoredAppointments

T = TypeVar("T")

__all__ = [
    "FixedClosureCalendar",
    "HolidaysClosureCalendar",
    "InMemoryAppointmentRepository",
    "load_practice_file",
]


@final
class InMemoryAppointmentRepository:
    """A thread-safe :class:`~medoffice.scheduling.ports.AppointmentRepository` in memory."""

    __slots__ = ("_appointments", "_lock", "_version")

    def __init__(
        self, appointments: Iterable[Appointment] = (), *, lock: threading.RLock | None = None
    ) -> None:
        # A lock shared with other repositories lets a unit of work hold them all at once.
        self._lock: threading.RLock | threading.Lock = lock or threading.Lock()
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

    def checkpoint(self) -> Callable[[], None]:
        """A function that puts back what the repository holds now (a unit of work's rollback)."""
        with self._lock:
            appointments, version = dict(self._appointments), self._version

        def restore() -> None:
            with self._lock:
                self._appointments, self._version = appointments, version

        return restore

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


# -- the practice file ----------------------------------------------------------------------


def load_practice_file(path: Path | str) -> ScheduleSnapshot:
    """Read a practice (schedules, types, closures, appointments) from a JSON or TOML file.

    The layout is documented in the scheduling guide; ``examples/scheduling/practice.toml`` is
    a complete example. A file that cannot be understood raises :class:`InvalidValue` naming
    the field, never a bare parsing error.
    """
    file = Path(path)
    text = file.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text) if file.suffix.lower() == ".toml" else json.loads(text)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as error:
        raise InvalidValue(
            f"{file.name} is not valid {file.suffix.lstrip('.') or 'JSON'}: {error}"
        ) from None
    if not isinstance(data, dict):
        raise InvalidValue("a practice file holds a table (an object) at the top")
    return _Reader(data).snapshot()


class _Reader:
    """Turns the parsed file into values, naming the field of the first problem."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    def snapshot(self) -> ScheduleSnapshot:
        data = self.data
        _known(data, "", _TOP)
        zone_name = _text(data, "practice_zone", "practice_zone")
        types = [
            _appointment_type(item, f"appointment_types[{n}]")
            for n, item in _items(data, "appointment_types")
        ]
        schedules = [
            _schedule(item, f"schedules[{n}]", zone_name) for n, item in _items(data, "schedules")
        ]
        closures = [
            _day(value, f"closures[{n}]") for n, value in enumerate(data.get("closures", []))
        ]
        appointments = [
            _appointment(item, f"appointments[{n}]") for n, item in _items(data, "appointments")
        ]
        try:
            setup = PracticeSetup(
                schedules=schedules, appointment_types=types, practice_zone=zone_name
            )
            return ScheduleSnapshot(setup=setup, appointments=appointments, closures=closures)
        except (TypeError, ValueError) as error:
            raise InvalidValue(f"the practice file does not fit together: {error}") from None


_TOP = frozenset({"practice_zone", "closures", "appointment_types", "schedules", "appointments"})
_SCHEDULE = frozenset(
    {"resource", "zone", "kind", "category", "effective_from", "days_off", "windows", "breaks"}
)
_WINDOW = frozenset({"weekdays", "start", "end", "types", "every_weeks", "week_offset"})
_BREAK = frozenset({"weekdays", "start", "end"})
_TYPE = frozenset(
    {
        "code",
        "duration_minutes",
        "buffer_before_minutes",
        "buffer_after_minutes",
        "grid_minutes",
        "grid_offset_minutes",
        "min_notice_minutes",
        "horizon_days",
        "resources",
        "providers",
        "seats",
    }
)
_APPOINTMENT = frozenset(
    {
        "id",
        "type",
        "provider",
        "patient",
        "start",
        "minutes",
        "resources",
        "status",
        "buffer_before_minutes",
        "buffer_after_minutes",
    }
)


def _known(data: dict[str, Any], path: str, keys: frozenset[str]) -> None:
    """Refuse unknown keys, so that a misspelt field is an error rather than ignored."""
    unknown = sorted(set(data) - keys)
    if unknown:
        where = f"{path}." if path else ""
        raise InvalidValue(f"{where}{unknown[0]} is not a known field")


def _items(data: dict[str, Any], key: str) -> list[tuple[int, dict[str, Any]]]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise InvalidValue(f"{key} must be a list of tables")
    return list(enumerate(value))


def _text(data: dict[str, Any], key: str, path: str, default: str | None = None) -> str:
    value = data.get(key, default)
    if not isinstance(value, str) or not value:
        raise InvalidValue(f"{path} must be a non-empty string")
    return value


def _number(data: dict[str, Any], key: str, path: str, default: int) -> int:
    value = data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidValue(f"{path}.{key} must be a whole number")
    return value


def _wall(value: object, path: str) -> time:
    if isinstance(value, time):
        return value
    try:
        return time.fromisoformat(str(value))
    except ValueError:
        raise InvalidValue(f"{path} must be a wall-clock time such as 09:30") from None


def _day(value: object, path: str) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InvalidValue(f"{path} must be a date such as 2026-03-02") from None


def _weekdays(item: dict[str, Any], path: str) -> list[int]:
    names = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    days = item.get("weekdays", [])
    found = []
    for value in days if isinstance(days, list) else [days]:
        if isinstance(value, str) and value[:3].lower() in names:
            found.append(names.index(value[:3].lower()))
        elif isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 6:
            found.append(value)
        else:
            raise InvalidValue(f"{path}.weekdays holds 0-6 or mon..sun")
    if not found:
        raise InvalidValue(f"{path}.weekdays must name at least one day")
    return found


def _guarded(path: str, build: Callable[[], T]) -> T:
    try:
        return build()
    except (TypeError, ValueError) as error:
        raise InvalidValue(f"{path}: {error}") from None


def _schedule(item: dict[str, Any], path: str, default_zone: str) -> Schedule:
    _known(item, path, _SCHEDULE)
    for n, w in _items(item, "windows"):
        _known(w, f"{path}.windows[{n}]", _WINDOW)
    for n, b in _items(item, "breaks"):
        _known(b, f"{path}.breaks[{n}]", _BREAK)
    windows = [
        Window(
            weekday=d,
            start=_wall(w.get("start"), f"{path}.windows[{n}].start"),
            end=_wall(w.get("end"), f"{path}.windows[{n}].end"),
            appointment_types=frozenset(w.get("types", [])),
            every_weeks=_number(w, "every_weeks", f"{path}.windows[{n}]", 1),
            week_offset=_number(w, "week_offset", f"{path}.windows[{n}]", 0),
        )
        for n, w in _items(item, "windows")
        for d in _weekdays(w, f"{path}.windows[{n}]")
    ]
    breaks = [
        Break(
            weekday=d,
            start=_wall(b.get("start"), f"{path}.breaks[{n}].start"),
            end=_wall(b.get("end"), f"{path}.breaks[{n}].end"),
        )
        for n, b in _items(item, "breaks")
        for d in _weekdays(b, f"{path}.breaks[{n}]")
    ]
    first = _day(item.get("effective_from", "2000-01-01"), f"{path}.effective_from")
    overrides = [
        DayOff(day=_day(v, f"{path}.days_off[{n}]")) for n, v in enumerate(item.get("days_off", []))
    ]
    return _guarded(
        path,
        lambda: Schedule(
            resource=_text(item, "resource", f"{path}.resource"),
            zone=_text(item, "zone", f"{path}.zone", default_zone),
            kind=item.get("kind", "provider"),
            category=str(item.get("category", "")),
            templates=[
                WeeklyTemplate(effective=DateRange.starting(first), windows=windows, breaks=breaks)
            ],
            overrides=overrides,
        ),
    )


def _appointment_type(item: dict[str, Any], path: str) -> AppointmentType:
    _known(item, path, _TYPE)

    def build() -> AppointmentType:
        return AppointmentType(
            code=_text(item, "code", f"{path}.code"),
            duration_minutes=_number(item, "duration_minutes", path, 0),
            buffer_before_minutes=_number(item, "buffer_before_minutes", path, 0),
            buffer_after_minutes=_number(item, "buffer_after_minutes", path, 0),
            grid_minutes=_number(item, "grid_minutes", path, 15),
            grid_offset_minutes=_number(item, "grid_offset_minutes", path, 0),
            min_notice_minutes=_number(item, "min_notice_minutes", path, 0),
            horizon_days=item.get("horizon_days"),
            resources=[ResourceRequirement(category=str(c)) for c in item.get("resources", [])],
            eligible_providers=frozenset(item.get("providers", [])),
            seats=_number(item, "seats", path, 1),
        )

    return _guarded(path, build)


def _appointment(item: dict[str, Any], path: str) -> Appointment:
    _known(item, path, _APPOINTMENT)
    raw = item.get("start")
    try:
        start = datetime.fromisoformat(str(raw))
    except ValueError:
        raise InvalidValue(f"{path}.start must be an ISO 8601 instant with its offset") from None
    minutes = _number(item, "minutes", path, 0)

    def build() -> Appointment:
        return Appointment(
            id=_text(item, "id", f"{path}.id"),
            type_code=_text(item, "type", f"{path}.type"),
            provider=_text(item, "provider", f"{path}.provider"),
            patient=str(item.get("patient", f"{path}")),
            span=TimeRange.of_length(start, timedelta(minutes=minutes)),
            status=item.get("status", "booked"),
            resources=frozenset(item.get("resources", [])),
            buffer_before_minutes=_number(item, "buffer_before_minutes", path, 0),
            buffer_after_minutes=_number(item, "buffer_after_minutes", path, 0),
        )

    return _guarded(path, build)
