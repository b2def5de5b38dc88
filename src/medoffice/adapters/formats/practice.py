"""The practice file: schedules, appointment types, closures and appointments in TOML or JSON.

:func:`load_practice_file` reads the layout the ``medoffice slots`` command uses (documented in
the scheduling guide; ``examples/scheduling/practice.toml`` is a complete example) into a
:class:`~medoffice.scheduling.ScheduleSnapshot`. Unknown keys are refused, so a misspelt field
is an error rather than ignored; a file that cannot be understood raises
:class:`~medoffice.kernel.InvalidValue` naming the field, never a bare parsing error.

>>> import tempfile
>>> from pathlib import Path
>>> path = Path(tempfile.mkdtemp()) / "practice.toml"
>>> _ = path.write_text('practice_zone = "America/New_York"\\nclosures = ["2026-12-25"]\\n')
>>> load_practice_file(path).closures
frozenset({datetime.date(2026, 12, 25)})
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, TypeVar

from medoffice.adapters.formats.inputs import read_input
from medoffice.kernel import DateRange, InvalidValue, TimeRange
from medoffice.kernel.inputs import DEFAULT_LIMITS, InputLimits, parse_json, parse_toml
from medoffice.scheduling._appointments import Appointment
from medoffice.scheduling._snapshot import PracticeSetup, ScheduleSnapshot
from medoffice.scheduling._templates import Break, DayOff, Leave, Schedule, WeeklyTemplate, Window
from medoffice.scheduling._types import AppointmentType, ResourceRequirement

T = TypeVar("T")

__all__ = ["load_practice_file"]


def load_practice_file(
    path: str | os.PathLike[str], *, limits: InputLimits = DEFAULT_LIMITS
) -> ScheduleSnapshot:
    """Read a practice (schedules, types, closures, appointments) from a JSON or TOML file.

    The layout is documented in the scheduling guide; ``examples/scheduling/practice.toml`` is
    a complete example. A file that cannot be understood raises :class:`InvalidValue` naming
    the field, never a bare parsing error.
    """
    file = Path(path)
    raw = read_input(file, limits=limits)
    parse = parse_toml if file.suffix.lower() == ".toml" else parse_json
    data = parse(raw, source=file.name, limits=limits)
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


def _optional_number(data: dict[str, Any], key: str, path: str) -> int | None:
    if data.get(key) is None:
        return None
    return _number(data, key, path, 0)


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
    overrides: list[DayOff | Leave] = [
        DayOff(day=_day(v, f"{path}.days_off[{n}]")) for n, v in enumerate(item.get("days_off", []))
    ]
    overrides += [
        Leave(
            days=DateRange(
                _day(v.get("first"), f"{path}.leave[{n}].first"),
                _day(v.get("last"), f"{path}.leave[{n}].last"),
            )
        )
        for n, v in _items(item, "leave")
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
            grid_minutes=_optional_number(item, "grid_minutes", path),
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
