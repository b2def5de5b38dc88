"""The slot search engine: feasible starts of one resource over a run of days, in seconds.

Work is done on integer epoch seconds. For each resource the open windows of every day are
listed as ranges of feasible *starts* (a window from 09:00 to 12:00 allows a 30-minute visit to
start from 09:00 to 11:30), the resource's merged busy blocks forbid open intervals of starts
around them, and one sweep leaves the free starts; the type's wall-clock grid picks the slots.
Resource requirements intersect the provider's starts with the union of a category's free
starts. The public queries are in :mod:`medoffice.scheduling._slots`.

>>> from datetime import UTC, date, datetime, time
>>> from medoffice.kernel import DateRange
>>> from medoffice.scheduling import (
...     AppointmentType,
...     PracticeSetup,
...     Schedule,
...     WeeklyTemplate,
...     Window,
... )
>>> week = WeeklyTemplate(
...     effective=DateRange.starting(date(2026, 1, 5)),
...     windows=[Window(weekday=0, start=time(9), end=time(10))],
... )
>>> setup = PracticeSetup(
...     schedules=[Schedule(resource="dr-a", zone="UTC", templates=[week])],
...     appointment_types=[AppointmentType(code="FU", duration_minutes=30)],
...     practice_zone="UTC",
... )
>>> search = SlotSearch(
...     ScheduleSnapshot(setup=setup),
...     "FU",
...     datetime(2026, 3, 1, tzinfo=UTC),
...     patient=None,
...     duration_minutes=None,
...     resources=(),
...     eligibility=None,
... )
>>> free, _, _ = search.free_starts("dr-a", [date(2026, 3, 2)])
>>> [(from_seconds(a).time().isoformat(), from_seconds(b).time().isoformat()) for a, b, _ in free]
[('09:00:00', '09:30:00')]
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Final, final
from zoneinfo import ZoneInfo

import attrs

from medoffice.kernel import InvalidArgument
from medoffice.scheduling._conflicts import Candidate, check
from medoffice.scheduling._eligibility import ask_eligibility
from medoffice.scheduling._intervals import (
    Spans,
    intersect_windows,
    merge_windows,
    sweep,
    sweep_edges,
    union,
)
from medoffice.scheduling._snapshot import ScheduleSnapshot, period_keys
from medoffice.scheduling._templates import day_windows
from medoffice.scheduling._time import (
    RepeatedLabels,
    from_seconds,
    local_day,
    local_midnight,
    to_seconds,
    utc_offset_seconds,
    wall_label,
    zone,
)
from medoffice.scheduling._types import AppointmentType, LimitPeriod, Patient
from medoffice.scheduling.ports import ProviderEligibility

__all__ = ["NO_RESOURCES", "Raw", "Slot", "SlotSearch"]

_MINUTE: Final = 60
_DAY: Final = 86_400
_EPOCH_DAY: Final = date(1970, 1, 1).toordinal()
NO_RESOURCES: Final[frozenset[str]] = frozenset()
_END: Final = 1 << 62


@final
@attrs.frozen(kw_only=True)
class Slot:
    """An open start for a visit; ``fragments`` counts the free pieces the booking would leave
    on either side (0, 1 or 2), which best-fit ranking minimises."""

    start: datetime
    end: datetime
    provider: str
    type_code: str
    resources: frozenset[str] = frozenset()
    fragments: int = 0
    zone: str = "UTC"

    @property
    def label(self) -> str:
        """The start as the provider's clock shows it (``09:40``); in the repeated fall-back
        hour, with its UTC offset (``01:30 UTC-04:00``)."""
        return wall_label(self.start.astimezone(zone(self.zone)))


# (start seconds, fragments, provider, resources)
Raw = tuple[int, int, str, frozenset[str]]


class SlotSearch:
    """The state of one query: the type, bounds from ``now``, caches of resource availability.

    Work is done per resource over a whole run of days at once: the windows of every day, the
    intervals the resource's visits forbid, one sweep, then the start grid.
    """

    def __init__(
        self,
        snapshot: ScheduleSnapshot,
        type_code: str,
        now: datetime,
        *,
        patient: Patient | None,
        duration_minutes: int | None,
        resources: Iterable[str],
        eligibility: ProviderEligibility | None,
    ) -> None:
        self.snapshot = snapshot
        self.kind: AppointmentType = snapshot.appointment_type(type_code)
        kind = self.kind
        minutes = duration_minutes or kind.duration_minutes
        if minutes not in kind.durations:
            raise InvalidArgument("that duration is not one the appointment type allows")
        self.minutes = minutes
        self.length = minutes * _MINUTE
        self.span = timedelta(seconds=self.length)
        self.grid = kind.grid * _MINUTE
        self.before = kind.buffer_before_minutes * _MINUTE
        self.after = kind.buffer_after_minutes * _MINUTE
        self.now = to_seconds(now)
        self.earliest = self.now + kind.min_notice_minutes * _MINUTE
        self.latest = self.now + kind.horizon_days * _DAY if kind.horizon_days is not None else _END
        self.patient = patient
        self.pinned = tuple(sorted(set(resources)))
        self.eligibility = eligibility
        self.pools = [
            tuple(r for r in snapshot.setup.in_category(q.category) if not q.among or r in q.among)
            for q in kind.resources
        ]
        self.resource_cache: dict[tuple[str, int, int], tuple[Spans, list[int]]] = {}
        self.allowed_cache: dict[tuple[str, date], bool] = {}
        self.practice_tz = zone(snapshot.setup.practice_zone)
        self.patient_blocked = patient is not None and _patient_ruled_out(
            snapshot, kind, patient, self.now
        )

    # -- availability of one resource over a run of days --------------------------------

    def _day_allowed(self, provider: str, day: date) -> bool:
        """Whether the patient's age and the provider's eligibility allow visits on ``day``
        (a practice day: the day where the visit happens, as the booking decision judges)."""
        key = (provider, day)
        found = self.allowed_cache.get(key)
        if found is None:
            found = (self.patient is None or _age_fits(self.kind, self.patient, day)) and (
                self.eligibility is None
                or ask_eligibility(self.eligibility, provider, self.kind.code, day)
            )
            self.allowed_cache[key] = found
        return found

    def _allowed_pieces(
        self, provider: str, window: tuple[int, int, int]
    ) -> list[tuple[int, int, int]]:
        """The parts of a window of starts whose practice day allows the visit."""
        if self.eligibility is None and self.patient is None:
            return [window]
        first, last, base = window
        pieces = []
        while first <= last:
            day = local_day(first, self.practice_tz)
            following = local_midnight(day + timedelta(days=1), self.practice_tz)
            if self._day_allowed(provider, day):
                pieces.append((first, min(last, following - 1), base))
            first = following
        return pieces

    def _windows(
        self, resource: str, days: Iterable[date], *, low: int, high: int, provider: bool
    ) -> list[tuple[int, int, int]]:
        """``(first start, last start, grid base)`` of every open window on ``days``."""
        snapshot = self.snapshot
        schedule = snapshot.setup.schedule(resource)
        if schedule is None:
            return []
        closures, dst = snapshot.closures, snapshot.setup.dst
        code, length = self.kind.code, self.length
        shift = self.kind.grid_offset_minutes * _MINUTE
        found: list[tuple[int, int, int]] = []
        for day in days:
            if day in closures:
                continue
            midnight = (day.toordinal() - _EPOCH_DAY) * _DAY + shift
            for start, end, types, offset, change in day_windows(schedule, day, dst):
                first = start if start > low else low
                last = end - length if end - length < high else high
                if first > last or (types and code not in types):
                    continue
                # The grid is in wall-clock time: the offset turns instants into wall time, and
                # a window spanning a DST change keeps the wall-clock grid on both sides of it.
                if change is None or change[0] > last:
                    found.append((first, last, midnight - offset))
                elif change[0] <= first:
                    found.append((first, last, midnight - change[1]))
                else:
                    found.append((first, change[0] - 1, midnight - offset))
                    found.append((change[0], last, midnight - change[1]))
        if provider:
            found = [piece for w in found for piece in self._allowed_pieces(resource, w)]
        return merge_windows(found)

    def _free(
        self, resource: str, days: Iterable[date], *, low: int, high: int, provider: bool
    ) -> list[tuple[int, int, int]]:
        """Feasible starts of ``resource`` on ``days`` between ``low`` and ``high``."""
        windows = self._windows(resource, days, low=low, high=high, provider=provider)
        if not windows:
            return []
        length, before, after = self.length, self.before, self.after
        blocks = self.snapshot.busy_blocks(
            resource, windows[0][0] - before, windows[-1][1] + length + after
        )
        if self.snapshot.uniform_buffers(resource):
            return sweep_edges(windows, blocks, length=length, before=before, after=after)
        # Mixed buffers: each visit forbids the open interval (lo, hi) of starts; sort them.
        forbids = sorted(
            [
                (s - length - (bb if bb > after else after), e + (ba if ba > before else before))
                for s, e, bb, ba in blocks
            ]
        )
        return sweep(windows, forbids)

    def _resource_spans(self, resource: str, low: int, high: int) -> tuple[Spans, list[int]]:
        key = (resource, low, high)
        cached = self.resource_cache.get(key)
        if cached is None:
            spans: Spans = []
            schedule = self.snapshot.setup.schedule(resource)
            if schedule is not None:
                tz = zone(schedule.zone)
                first, last = local_day(low, tz), local_day(high, tz)
                days = (first + timedelta(days=n) for n in range((last - first).days + 1))
                free = self._free(resource, days, low=low, high=high, provider=False)
                spans = [(a, b) for a, b, _ in free]
            cached = (spans, [a for a, _ in spans])
            self.resource_cache[key] = cached
        return cached

    # -- one provider over a run of days ------------------------------------------------

    def free_starts(
        self, provider: str, days: Sequence[date]
    ) -> tuple[list[tuple[int, int, int]], int, int]:
        """Free ``(first, last, grid base)`` start ranges of ``provider`` on ``days``."""
        if self.patient_blocked or not self.kind.allows_provider(provider) or not days:
            return [], 0, 0
        free = self._free(provider, days, low=self.earliest, high=self.latest, provider=True)
        if not free:
            return [], 0, 0
        low, high = free[0][0], free[-1][1]
        if self.patient is not None:
            taken = self.snapshot.patient_busy(self.patient.ref, low, high + self.length)
            free = sweep(free, sorted((b.start - self.length, b.end) for b in taken))
        for resource in self.pinned:
            free = intersect_windows(free, self._resource_spans(resource, low, high)[0])
        for pool in self.pools:
            either = union(self._resource_spans(r, low, high)[0] for r in pool)
            free = intersect_windows(free, either)
        return free, low, high

    def starts(self, provider: str, days: Sequence[date]) -> tuple[list[tuple[int, int]], int, int]:
        """(start, fragments) pairs of ``provider`` on ``days``, before sessions and limits."""
        free, low, high = self.free_starts(provider, days)
        grid = self.grid
        out = [
            (t, (t > x) + (t < y))
            for x, y, base in free
            for t in range(x + (base - x) % grid, y + 1, grid)
        ]
        return out, low, high

    def provider_days(self, provider: str, days: Sequence[date]) -> list[Raw]:
        """Open starts of ``provider`` on ``days``, with the resources each would use."""
        found, low, high = self.starts(provider, days)
        if not self.pools and not self.pinned:
            out = [(t, fragments, provider, NO_RESOURCES) for t, fragments in found]
        else:
            out = [(t, f, provider, self._choose(t, low, high)) for t, f in found]
        if self.kind.seats > 1:
            seen = {raw[0] for raw in out}
            out += [raw for raw in self._sessions(provider, days) if raw[0] not in seen]
            out.sort()
        if self.kind.limits:
            out = [raw for raw in out if self._within_limits(provider, raw[0])]
        return self._labels_once(provider, out)

    def _choose(self, start: int, low: int, high: int) -> frozenset[str]:
        chosen = set(self.pinned)
        for pool in self.pools:
            for resource in pool:
                if resource in chosen:
                    continue
                spans, firsts = self._resource_spans(resource, low, high)
                index = bisect_right(firsts, start) - 1
                if index >= 0 and spans[index][1] >= start:
                    chosen.add(resource)
                    break
        return frozenset(chosen)

    def _sessions(self, provider: str, days: Sequence[date]) -> list[Raw]:
        """Starts of this type's group sessions that still have a seat."""
        schedule = self.snapshot.setup.schedule(provider)
        if schedule is None or not days:
            return []
        windows = self._windows(provider, days, low=0, high=_END, provider=False)
        if not windows:
            return []
        starts = {
            b.start
            for b in self.snapshot.busy(provider, windows[0][0], windows[-1][1] + self.length)
            if b.type_code == self.kind.code and b.end - b.start == self.length
        }
        tz = zone(schedule.zone)
        wanted = set(days)
        found = []
        for start in sorted(starts):
            if local_day(start, tz) not in wanted:
                continue
            candidate = Candidate(
                type_code=self.kind.code,
                provider=provider,
                start=from_seconds(start),
                duration_minutes=self.minutes,
                patient=self.patient,
                resources=frozenset(self.pinned),
            )
            result = check(
                self.snapshot, candidate, now=from_seconds(self.now), eligibility=self.eligibility
            )
            if not result.conflicts:
                found.append((start, 0, provider, result.resources))
        return found

    def _within_limits(self, provider: str, start: int) -> bool:
        day_key, week_key = period_keys(start, self.practice_tz)
        for limit in self.kind.limits:
            key = day_key if limit.period is LimitPeriod.DAY else week_key
            count, used = self.snapshot.usage(provider, self.kind.code, key)
            if limit.max_count is not None and count + 1 > limit.max_count:
                return False
            if limit.max_minutes is not None and used + self.minutes > limit.max_minutes:
                return False
        return True

    def slot(self, raw: Raw) -> Slot:
        start = from_seconds(raw[0])
        schedule = self.snapshot.setup.schedule(raw[2])
        return Slot(
            start=start,
            end=start + self.span,
            provider=raw[2],
            type_code=self.kind.code,
            resources=raw[3],
            fragments=raw[1],
            zone=schedule.zone if schedule is not None else self.snapshot.setup.practice_zone,
        )

    def _labels_once(self, provider: str, out: list[Raw]) -> list[Raw]:
        """Drop a start whose wall-clock label an earlier start of the day already has (the
        second pass of the fall-back hour), unless the policy offers both."""
        schedule = self.snapshot.setup.schedule(provider)
        if (
            not out
            or schedule is None
            or self.snapshot.setup.dst.repeated is RepeatedLabels.BOTH
            or not _falls_back(out[0][0], out[-1][0], zone(schedule.zone))
        ):
            return out
        tz = zone(schedule.zone)
        seen: set[tuple[date, int, int]] = set()
        kept = []
        for raw in out:
            wall = from_seconds(raw[0]).astimezone(tz)
            key = (wall.date(), wall.hour, wall.minute)
            if key in seen:
                continue
            seen.add(key)
            kept.append(raw)
        return kept


def _falls_back(first: int, last: int, tz: ZoneInfo) -> bool:
    """Whether the zone's offset goes back somewhere between two instants (checked daily)."""
    offset = utc_offset_seconds(first, tz)
    for moment in (*range(first, last, _DAY), last):
        now = utc_offset_seconds(moment, tz)
        if now < offset:
            return True
        offset = now
    return False


def _patient_ruled_out(
    snapshot: ScheduleSnapshot, kind: AppointmentType, patient: Patient, now: int
) -> bool:
    """Whether the patient can have no slot at all (the type's patient rule or one-open rule)."""
    rule = kind.patients
    if rule.established is not None and patient.established is not rule.established:
        return True
    return rule.one_open and any(
        b.type_code == kind.code and b.end > now for b in snapshot.patient_appointments(patient.ref)
    )


def _age_fits(kind: AppointmentType, patient: Patient, day: date) -> bool:
    rule = kind.patients
    if rule.min_age is None and rule.max_age is None:
        return True
    age = patient.age_on(day)
    if age is None:
        return False
    return (rule.min_age is None or age >= rule.min_age) and (
        rule.max_age is None or age <= rule.max_age
    )
