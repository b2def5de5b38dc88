"""The practice's setup and a snapshot of its calendar, the input of every decision.

:class:`PracticeSetup` is configuration: the schedules of every provider and resource, the
appointment types, the practice's zone (limits are counted in its days and weeks) and the
:class:`~medoffice.scheduling.DstPolicy`. :class:`ScheduleSnapshot` adds what changes: the
appointments (the slice of the calendar a decision reads) and the practice-wide closure days.
Decisions are pure functions of a snapshot; the service saves their result against the
versions of the slice it read.

The snapshot builds an index on first use (appointments per resource and per patient, usage per
provider, type and period), so queries over hundreds of appointments stay fast.

>>> from datetime import date, time
>>> from medoffice.kernel import DateRange
>>> from medoffice.scheduling import AppointmentType, Schedule, WeeklyTemplate, Window
>>> week = WeeklyTemplate(
...     effective=DateRange.starting(date(2026, 1, 5)),
...     windows=[Window(weekday=0, start=time(9), end=time(12))],
... )
>>> setup = PracticeSetup(
...     schedules=[Schedule(resource="dr-a", zone="America/Chicago", templates=[week])],
...     appointment_types=[AppointmentType(code="FU", duration_minutes=20)],
...     practice_zone="America/Chicago",
... )
>>> ScheduleSnapshot(setup=setup).appointment_type("FU").duration_minutes
20
"""

from __future__ import annotations

import functools
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from math import floor
from typing import Final, NamedTuple, final
from zoneinfo import ZoneInfo

import attrs

from medoffice.kernel import InvalidArgument, InvalidValue
from medoffice.scheduling._appointments import Appointment, unique_ids
from medoffice.scheduling._templates import (
    ResourceKind,
    Schedule,
)
from medoffice.scheduling._time import DstPolicy, local_day, to_seconds, zone
from medoffice.scheduling._types import AppointmentType

__all__ = ["PracticeSetup", "ScheduleSnapshot"]

_MINUTE: Final = 60


def _schedules(value: Iterable[Schedule]) -> tuple[Schedule, ...]:
    items = tuple(value)
    names = [s.resource for s in items]
    if len(set(names)) != len(names):
        raise InvalidValue("each resource has one schedule")
    return items


def _types(value: Iterable[AppointmentType]) -> tuple[AppointmentType, ...]:
    items = tuple(value)
    codes = [t.code for t in items]
    if len(set(codes)) != len(codes):
        raise InvalidValue("each appointment type code is defined once")
    return items


def _zone_name(_: object, __: attrs.Attribute[str], value: str) -> None:
    zone(value)


@final
@attrs.frozen(kw_only=True, cache_hash=True)
class PracticeSetup:
    """Schedules, appointment types, the practice's zone and the DST policy."""

    schedules: tuple[Schedule, ...] = attrs.field(converter=_schedules)
    appointment_types: tuple[AppointmentType, ...] = attrs.field(converter=_types)
    practice_zone: str = attrs.field(validator=_zone_name)
    dst: DstPolicy = attrs.field(factory=DstPolicy)

    @functools.cached_property
    def _schedule_by_resource(self) -> dict[str, Schedule]:
        return {s.resource: s for s in self.schedules}

    @functools.cached_property
    def _type_by_code(self) -> dict[str, AppointmentType]:
        return {t.code: t for t in self.appointment_types}

    @functools.cached_property
    def _by_category(self) -> dict[str, tuple[str, ...]]:
        found: dict[str, list[str]] = defaultdict(list)
        for item in self.schedules:
            if item.category:
                found[item.category].append(item.resource)
        return {k: tuple(sorted(v)) for k, v in found.items()}

    def schedule(self, resource: str) -> Schedule | None:
        """The schedule of ``resource``, if it has one."""
        return self._schedule_by_resource.get(resource)

    def appointment_type(self, code: str) -> AppointmentType:
        """The type with ``code``; an unknown code is an :class:`InvalidArgument`."""
        found = self._type_by_code.get(code)
        if found is None:
            raise InvalidArgument("no appointment type has that code")
        return found

    def in_category(self, category: str) -> tuple[str, ...]:
        """The resources of ``category``, sorted by id."""
        return self._by_category.get(category, ())

    @property
    def providers(self) -> tuple[str, ...]:
        """Every provider with a schedule, sorted by id."""
        return tuple(sorted(s.resource for s in self.schedules if s.kind is ResourceKind.PROVIDER))


class Busy(NamedTuple):
    """An appointment holding time, in epoch seconds (the index's working form)."""

    start: int
    end: int
    before: int
    after: int
    type_code: str
    id: str
    patient: str


def _busy(item: Appointment) -> Busy:
    span = item.span  # a TimeRange: both ends are already known to be aware
    return Busy(
        floor(datetime.timestamp(span.start)),
        floor(datetime.timestamp(span.end)),
        item.buffer_before_minutes * _MINUTE,
        item.buffer_after_minutes * _MINUTE,
        item.type_code,
        item.id,
        item.patient,
    )


class _Lane:
    """One resource's (or patient's) holding appointments sorted by start.

    When every visit has the same buffers, visits whose held times touch are also merged into
    blocks: a morning booked solid is one block, and the slot search looks at blocks only (the
    starts a block forbids are exactly the union of those its visits forbid).
    """

    __slots__ = (
        "block_reach",
        "block_starts",
        "blocks",
        "items",
        "lead",
        "reach",
        "starts",
        "uniform",
    )

    def __init__(self, items: list[Busy]) -> None:
        items.sort()
        self.items = items
        self.starts = [b.start for b in items]
        self.reach = max((b.end - b.start + b.before + b.after for b in items), default=0)
        self.lead = max((b.before for b in items), default=0)
        self.uniform = uniform = len({(b.before, b.after) for b in items}) < 2
        blocks: list[tuple[int, int, int, int]] = []
        for b in items:
            if uniform and blocks and b.start - b.before <= blocks[-1][1] + b.after:
                if b.end > blocks[-1][1]:
                    blocks[-1] = (blocks[-1][0], b.end, b.before, b.after)
            else:
                blocks.append((b.start, b.end, b.before, b.after))
        self.blocks = blocks
        self.block_starts = [b[0] for b in blocks]
        self.block_reach = max((e - s + bb + ba for s, e, bb, ba in blocks), default=0)

    def around(self, low: int, high: int) -> list[Busy]:
        """Appointments whose held time (with buffers) may touch ``[low, high)``.

        A few that end just before ``low`` may be included; callers test overlap exactly.
        """
        starts = self.starts
        first = bisect_left(starts, low - self.reach)
        return self.items[first : bisect_left(starts, high + self.lead)]

    def blocks_around(self, low: int, high: int) -> list[tuple[int, int, int, int]]:
        """``(start, end, buffer before, buffer after)`` blocks that may touch ``[low, high)``,
        sorted so that the starts they forbid are sorted too."""
        starts = self.block_starts
        first = bisect_left(starts, low - self.block_reach)
        return self.blocks[first : bisect_left(starts, high + self.lead)]


_EMPTY: Final = _Lane([])


def period_keys(seconds: int, tz: ZoneInfo) -> tuple[date, tuple[int, int]]:
    """The practice-zone day and ISO (year, week) of the instant ``seconds``."""
    day = local_day(seconds, tz)
    iso = day.isocalendar()
    return day, (iso[0], iso[1])


def _closures(value: Iterable[date]) -> frozenset[date]:
    return frozenset(value)


@final
@attrs.frozen(kw_only=True)
class ScheduleSnapshot:
    """The calendar as read: setup, appointments (a slice, or all) and closure days.

    Built by the service from the slice a decision reads, it answers only for the lanes and
    days of that slice; a pure function given a whole calendar sees everything.
    """

    setup: PracticeSetup
    appointments: tuple[Appointment, ...] = attrs.field(default=(), converter=unique_ids)
    closures: frozenset[date] = attrs.field(default=frozenset(), converter=_closures)

    def appointment_type(self, code: str) -> AppointmentType:
        """The setup's appointment type with ``code``."""
        return self.setup.appointment_type(code)

    def get(self, appointment_id: str) -> Appointment | None:
        """The appointment with ``appointment_id``, if the snapshot holds it."""
        return self._by_id.get(appointment_id)

    def with_appointments(self, changed: Iterable[Appointment]) -> ScheduleSnapshot:
        """A snapshot where ``changed`` replace (by id) or join the appointments."""
        updates = {a.id: a for a in changed}
        kept = [updates.pop(a.id, a) for a in self.appointments]
        return attrs.evolve(self, appointments=(*kept, *updates.values()))

    # -- the index ------------------------------------------------------------------------

    @functools.cached_property
    def _by_id(self) -> dict[str, Appointment]:
        return {a.id: a for a in self.appointments}

    @functools.cached_property
    def _grouped(self) -> tuple[dict[str, list[Busy]], dict[str, list[Busy]]]:
        by_resource: dict[str, list[Busy]] = defaultdict(list)
        by_patient: dict[str, list[Busy]] = defaultdict(list)
        for item in self.appointments:
            if not item.holds_time:
                continue
            busy = _busy(item)
            by_resource[item.provider].append(busy)
            for resource in item.resources:
                if resource != item.provider:
                    by_resource[resource].append(busy)
            by_patient[item.patient].append(busy)
        return dict(by_resource), dict(by_patient)

    @functools.cached_property
    def _lane_cache(self) -> dict[tuple[int, str], _Lane]:
        return {}

    def _lane(self, group: int, key: str) -> _Lane:
        """The lane of a resource (group 0) or patient (group 1), built on first use.

        The cache only memoises a pure function of the snapshot, so a race between threads
        builds the same lane twice at worst.
        """
        cache = self._lane_cache
        lane = cache.get((group, key))
        if lane is None:
            items = self._grouped[group].get(key)
            lane = _Lane(list(items)) if items else _EMPTY
            cache[(group, key)] = lane
        return lane

    @functools.cached_property
    def _usage(self) -> dict[tuple[str, str, object], tuple[int, int]]:
        tz = zone(self.setup.practice_zone)
        usage: dict[tuple[str, str, object], tuple[int, int]] = {}
        for item in self.appointments:
            if not item.holds_time:
                continue
            start = to_seconds(item.span.start)
            minutes = (to_seconds(item.span.end) - start) // _MINUTE
            for key in period_keys(start, tz):
                slot = (item.provider, item.type_code, key)
                count, total = usage.get(slot, (0, 0))
                usage[slot] = (count + 1, total + minutes)
        return usage

    def busy(self, resource: str, low: int, high: int) -> list[Busy]:
        """Holding appointments of ``resource`` whose held time may touch ``[low, high)``."""
        return self._lane(0, resource).around(low, high)

    def busy_blocks(self, resource: str, low: int, high: int) -> list[tuple[int, int, int, int]]:
        """Merged ``(start, end, before, after)`` blocks of :meth:`busy`, for slot search.

        Blocks are single visits when the resource's visits have different buffers.
        """
        return self._lane(0, resource).blocks_around(low, high)

    def uniform_buffers(self, resource: str) -> bool:
        """Whether every visit of ``resource`` has the same buffers (its blocks sort by start)."""
        return self._lane(0, resource).uniform

    def patient_busy(self, patient: str, low: int, high: int) -> list[Busy]:
        """The patient's holding appointments that may touch ``[low, high)``."""
        return self._lane(1, patient).around(low, high)

    def patient_appointments(self, patient: str) -> tuple[Busy, ...]:
        """Every holding appointment of the patient, by start."""
        return tuple(self._lane(1, patient).items)

    def usage(self, provider: str, type_code: str, key: object) -> tuple[int, int]:
        """(count, minutes) of ``type_code`` visits of ``provider`` in the period ``key``."""
        return self._usage.get((provider, type_code, key), (0, 0))
