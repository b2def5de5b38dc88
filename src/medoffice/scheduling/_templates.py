"""Availability templates: the weekly pattern of a provider's or a room's working hours.

A :class:`Schedule` belongs to one resource (a provider, a room, a device, a second staff role)
and is written in wall-clock time in the resource's IANA zone. Its :class:`WeeklyTemplate`\\ s
hold :class:`Window`\\ s (several per day, optionally only every second or third week, optionally
reserved for some appointment types, such as a "new patient" morning block) and
:class:`Break`\\ s, each template in force over a :class:`~medoffice.kernel.DateRange`. Date
overrides change single days: :class:`DayOff`, :class:`ReplaceDay`, :class:`AddWindow`,
:class:`RemoveWindow`, and :class:`Leave` over a range of days. Practice-wide closures are
days the whole practice is shut. Why a provider is not available says which: leave, a day
off, a practice closure, or hours outside the template.

Expansion works per calendar day: the wall-clock windows of that day are turned into instants
by the :class:`~medoffice.scheduling.DstPolicy`, breaks and removed windows are cut out, and the
result is a tuple of :class:`OpenWindow`\\ s whose lengths are real minutes.

More information: HL7 FHIR R4 Schedule and Slot resources
(https://hl7.org/fhir/R4/schedule.html, https://hl7.org/fhir/R4/slot.html).

>>> from datetime import date, time
>>> from medoffice.kernel import DateRange
>>> week = WeeklyTemplate(
...     effective=DateRange.starting(date(2026, 1, 5)),
...     windows=[Window(weekday=6, start=time(1, 0), end=time(4, 0))],
... )
>>> dr_a = Schedule(resource="dr-a", zone="America/New_York", templates=[week])
>>> [w.minutes for w in open_windows(dr_a, date(2026, 3, 8))]  # spring forward: 2 real hours
[120]
>>> [w.minutes for w in open_windows(dr_a, date(2026, 11, 1))]  # fall back: 4 real hours
[240]
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Final, final
from zoneinfo import ZoneInfo

import attrs

from medoffice.kernel import DateRange, InvalidValue, TimeRange
from medoffice.scheduling._convert import to_tuple
from medoffice.scheduling._time import (
    DstPolicy,
    GapPolicy,
    from_seconds,
    resolve_seconds,
    utc_offset_seconds,
    zone,
)

__all__ = [
    "Absence",
    "AddWindow",
    "Break",
    "DateOverride",
    "DayOff",
    "Leave",
    "OpenWindow",
    "RemoveWindow",
    "ReplaceDay",
    "ResourceKind",
    "Schedule",
    "WallWindow",
    "WeeklyTemplate",
    "Window",
    "absence",
    "open_windows",
]

_DAY: Final = 86_400


@final
class ResourceKind(enum.StrEnum):
    """What a schedule belongs to."""

    PROVIDER = "provider"
    ROOM = "room"
    DEVICE = "device"
    STAFF = "staff"


def _frozen_codes(value: Iterable[str]) -> frozenset[str]:
    if isinstance(value, str):
        return frozenset({value})
    return frozenset(value)


def _check_order(instance: object, _: attrs.Attribute[time], end: object) -> None:
    start: object = getattr(instance, "start", None)
    if not isinstance(start, time) or not isinstance(end, time) or start.tzinfo or end.tzinfo:
        raise InvalidValue("window times are naive wall-clock times (datetime.time)")
    if end <= start:
        raise InvalidValue("a window must end after it starts on the same day")


@final
@attrs.frozen(kw_only=True)
class WallWindow:
    """A wall-clock span on one day, optionally reserved for some appointment types."""

    start: time
    end: time = attrs.field(validator=_check_order)
    appointment_types: frozenset[str] = attrs.field(default=frozenset(), converter=_frozen_codes)


def _weekday(_: object, __: attrs.Attribute[int], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 6:
        raise InvalidValue("a weekday is 0 (Monday) to 6 (Sunday)")


def _positive(_: object, attribute: attrs.Attribute[int], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidValue(f"{attribute.name} must be a whole number of at least 1")


@final
@attrs.frozen(kw_only=True)
class Window:
    """A weekly working window: ``weekday`` (0 = Monday) from ``start`` to ``end``.

    ``every_weeks`` = 2 with ``week_offset`` 0 or 1 makes alternate weeks, counted from the
    Monday of the template's first effective week. Empty ``appointment_types`` allows any type.
    """

    weekday: int = attrs.field(validator=_weekday)
    start: time
    end: time = attrs.field(validator=_check_order)
    appointment_types: frozenset[str] = attrs.field(default=frozenset(), converter=_frozen_codes)
    every_weeks: int = attrs.field(default=1, validator=_positive)
    week_offset: int = attrs.field(default=0)

    @week_offset.validator
    def _offset_in_cycle(self, _: attrs.Attribute[int], value: object) -> None:
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or not 0 <= value < self.every_weeks
        ):
            raise InvalidValue("week_offset counts weeks within the cycle: 0 to every_weeks - 1")


@final
@attrs.frozen(kw_only=True)
class Break:
    """A weekly break cut out of that weekday's windows (lunch, a staff meeting)."""

    weekday: int = attrs.field(validator=_weekday)
    start: time
    end: time = attrs.field(validator=_check_order)


@final
@attrs.frozen(kw_only=True)
class WeeklyTemplate:
    """Windows and breaks in force over ``effective`` days (the later template wins on overlap)."""

    effective: DateRange
    windows: tuple[Window, ...] = attrs.field(converter=to_tuple)
    breaks: tuple[Break, ...] = attrs.field(default=(), converter=to_tuple)


@final
@attrs.frozen(kw_only=True)
class DayOff:
    """The resource does not work on ``day``."""

    day: date


@final
@attrs.frozen(kw_only=True)
class ReplaceDay:
    """On ``day`` the template is ignored and these windows apply instead."""

    day: date
    windows: tuple[WallWindow, ...] = attrs.field(converter=to_tuple)


@final
@attrs.frozen(kw_only=True)
class AddWindow:
    """An extra window on ``day`` (an evening clinic)."""

    day: date
    window: WallWindow


@final
@attrs.frozen(kw_only=True)
class RemoveWindow:
    """Time on ``day`` taken out of whatever the template offers (a meeting, a half day)."""

    day: date
    start: time
    end: time = attrs.field(validator=_check_order)


@final
@attrs.frozen(kw_only=True)
class Leave:
    """The resource is away for the days of ``days`` (holiday, sick or parental leave, a
    course): told apart from a single day off and from hours the template never had."""

    days: DateRange = attrs.field()

    @days.validator
    def _closed(self, _: attrs.Attribute[DateRange], value: object) -> None:
        if not isinstance(value, DateRange) or value.is_open_ended:
            raise InvalidValue("a leave is a closed range of days")


DateOverride = DayOff | ReplaceDay | AddWindow | RemoveWindow | Leave


@final
class Absence(enum.StrEnum):
    """Why a resource that could work a day does not: an explicit day off, or leave."""

    DAY_OFF = "day-off"
    LEAVE = "leave"


def absence(schedule: Schedule, day: date) -> Absence | None:
    """Whether ``schedule`` is on leave or has a day off on ``day`` (leave wins)."""
    if any(isinstance(o, Leave) and day in o.days for o in schedule.overrides):
        return Absence.LEAVE
    if any(isinstance(o, DayOff) and o.day == day for o in schedule.overrides):
        return Absence.DAY_OFF
    return None


def _zone_name(_: object, __: attrs.Attribute[str], value: str) -> None:
    zone(value)


def _sorted_overrides(value: Iterable[DateOverride]) -> tuple[DateOverride, ...]:
    items = tuple(value)
    for item in items:
        if not isinstance(item, DayOff | ReplaceDay | AddWindow | RemoveWindow | Leave):
            raise InvalidValue(
                "an override is a DayOff, Leave, ReplaceDay, AddWindow or RemoveWindow"
            )
    return items


@final
@attrs.frozen(kw_only=True, cache_hash=True)
class Schedule:
    """The working pattern of one resource, in wall-clock time of ``zone``.

    ``category`` groups interchangeable resources ("exam-room", "ultrasound", "nurse") so that an
    appointment type can ask for any one of them.
    """

    resource: str = attrs.field()
    zone: str = attrs.field(validator=_zone_name)
    templates: tuple[WeeklyTemplate, ...] = attrs.field(converter=to_tuple)
    overrides: tuple[DateOverride, ...] = attrs.field(default=(), converter=_sorted_overrides)
    kind: ResourceKind = attrs.field(default=ResourceKind.PROVIDER, converter=ResourceKind)
    category: str = ""

    @resource.validator
    def _named(self, _: attrs.Attribute[str], value: object) -> None:
        if not isinstance(value, str) or not value.strip():
            raise InvalidValue("a schedule names its resource with a non-empty id")


@final
@attrs.frozen(kw_only=True)
class OpenWindow:
    """Real time a resource is open on a day, and the appointment types allowed in it."""

    span: TimeRange
    appointment_types: frozenset[str]

    @property
    def minutes(self) -> int:
        """The real length in minutes."""
        return int(self.span.duration.total_seconds()) // 60

    def allows(self, type_code: str) -> bool:
        """Whether an appointment of ``type_code`` may be booked in this window."""
        return not self.appointment_types or type_code in self.appointment_types


def open_windows(
    schedule: Schedule,
    day: date,
    *,
    closures: frozenset[date] = frozenset(),
    dst: DstPolicy | None = None,
) -> tuple[OpenWindow, ...]:
    """The real-time windows ``schedule`` is open on ``day`` (empty on a closure day)."""
    if day in closures:
        return ()
    return tuple(
        OpenWindow(span=TimeRange(from_seconds(s), from_seconds(e)), appointment_types=types)
        for s, e, types, *_ in day_windows(schedule, day, dst or DstPolicy())
    )


# (start, end, allowed types, utc offset at start, (instant, new offset) of a change inside
# the window or None), all in epoch seconds
RawWindow = tuple[int, int, frozenset[str], int, tuple[int, int] | None]


@functools.lru_cache(maxsize=1 << 16)
def day_windows(schedule: Schedule, day: date, dst: DstPolicy) -> tuple[RawWindow, ...]:
    """The open windows of ``day`` in epoch seconds; memoised, as schedules are immutable."""
    walls = _wall_windows(schedule, day)
    if not walls:
        return ()
    tz = zone(schedule.zone)
    removed = [(start, end) for start, end, _ in _cuts(schedule, day)]
    result: list[RawWindow] = []
    for start, end, types in walls:
        pieces = [(start, end)]
        for cut_start, cut_end in removed:
            pieces = [p for piece in pieces for p in _minus(piece, (cut_start, cut_end))]
        for piece_start, piece_end in pieces:
            begin = resolve_seconds(day, piece_start, tz, dst, in_gap=None)
            finish = resolve_seconds(day, piece_end, tz, dst, in_gap=GapPolicy.SHIFT_FORWARD)
            if begin is None or finish is None or finish <= begin:
                continue
            offset = utc_offset_seconds(begin, tz)
            result.append((begin, finish, types, offset, _offset_change(begin, finish, offset, tz)))
    result.sort(key=lambda w: (w[0], w[1]))
    return tuple(result)


def _offset_change(begin: int, finish: int, offset: int, tz: ZoneInfo) -> tuple[int, int] | None:
    """The instant and new offset of a UTC-offset change inside ``[begin, finish)``, if any.

    Windows are shorter than a day, so at most one change is looked for.
    """
    last = utc_offset_seconds(finish - 1, tz)
    if last == offset:
        return None
    low, high = begin, finish - 1
    while high - low > 1:
        middle = (low + high) // 2
        if utc_offset_seconds(middle, tz) == offset:
            low = middle
        else:
            high = middle
    return (high, last)


def _minus(piece: tuple[time, time], cut: tuple[time, time]) -> list[tuple[time, time]]:
    start, end = piece
    if cut[1] <= start or end <= cut[0]:
        return [piece]
    left = [(start, cut[0])] if start < cut[0] else []
    right = [(cut[1], end)] if cut[1] < end else []
    return left + right


def _template_for(schedule: Schedule, day: date) -> WeeklyTemplate | None:
    chosen = None
    for template in schedule.templates:
        if template.effective.contains(day):
            chosen = template
    return chosen


def _wall_windows(schedule: Schedule, day: date) -> list[tuple[time, time, frozenset[str]]]:
    if absence(schedule, day) is not None:
        return []
    overrides = [o for o in schedule.overrides if not isinstance(o, Leave) and o.day == day]
    replaced = [o for o in overrides if isinstance(o, ReplaceDay)]
    walls: list[tuple[time, time, frozenset[str]]]
    if replaced:
        walls = [(w.start, w.end, w.appointment_types) for w in replaced[-1].windows]
    else:
        walls = []
        template = _template_for(schedule, day)
        if template is not None:
            week = (day - _monday(template.effective.first)).days // 7
            walls = [
                (w.start, w.end, w.appointment_types)
                for w in template.windows
                if w.weekday == day.weekday() and week % w.every_weeks == w.week_offset
            ]
    walls += [
        (o.window.start, o.window.end, o.window.appointment_types)
        for o in overrides
        if isinstance(o, AddWindow)
    ]
    return walls


def _cuts(schedule: Schedule, day: date) -> list[tuple[time, time, None]]:
    cuts: list[tuple[time, time, None]] = [
        (o.start, o.end, None)
        for o in schedule.overrides
        if isinstance(o, RemoveWindow) and o.day == day
    ]
    if not any(isinstance(o, ReplaceDay) and o.day == day for o in schedule.overrides):
        template = _template_for(schedule, day)
        if template is not None:
            cuts += [(b.start, b.end, None) for b in template.breaks if b.weekday == day.weekday()]
    return cuts


def _monday(day: date) -> date:
    return date.fromordinal(day.toordinal() - day.weekday())


def wall_start(seconds: int, tz_name: str) -> datetime:
    """The local wall-clock reading of the instant ``seconds`` in ``tz_name``."""
    return from_seconds(seconds).astimezone(zone(tz_name))
