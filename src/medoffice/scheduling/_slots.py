"""Open slots: the times a visit can be booked, found fast and always bookable.

:func:`open_slots` lists the open starts of one appointment type with one provider (and, when
``resources`` are given, with those resources too: an all-of search for provider, room and
device together); the type's own resource requirements (any exam room, the ultrasound) are always
honoured. :func:`open_slots_any` searches a pool and offers each start once, with the provider
chosen by a :class:`Ranking`. :func:`next_available` finds the first N starts across providers,
:func:`first_per_day` keeps the first start of each day and :func:`rank` orders slots by the
earliest start, continuity (the patient's own provider first), balanced load, or best fit (the
fewest leftover fragments).

Every slot passes the same check as the booking decision (:func:`~medoffice.scheduling.explain`
finds nothing against it); the search is the fast path of that check, on integer seconds.

>>> from datetime import UTC, date, datetime, time
>>> from medoffice.kernel import DateRange
>>> from medoffice.scheduling import (
...     AppointmentType,
...     PracticeSetup,
...     Schedule,
...     ScheduleSnapshot,
...     WeeklyTemplate,
...     Window,
... )
>>> week = WeeklyTemplate(
...     effective=DateRange.starting(date(2026, 1, 5)),
...     windows=[Window(weekday=0, start=time(9), end=time(10))],
... )
>>> setup = PracticeSetup(
...     schedules=[Schedule(resource="dr-a", zone="Europe/London", templates=[week])],
...     appointment_types=[AppointmentType(code="FU", duration_minutes=20, grid_minutes=20)],
...     practice_zone="Europe/London",
... )
>>> slots = open_slots(
...     ScheduleSnapshot(setup=setup),
...     type_code="FU",
...     provider="dr-a",
...     days=DateRange.single(date(2026, 6, 1)),
...     now=datetime(2026, 5, 1, tzinfo=UTC),
... )
>>> [s.start.isoformat() for s in slots]  # 09:00 BST is 08:00 UTC
['2026-06-01T08:00:00+00:00', '2026-06-01T08:20:00+00:00', '2026-06-01T08:40:00+00:00']
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, timedelta
from typing import Final, final

import attrs

from medoffice.kernel import DateRange, InvalidArgument
from medoffice.scheduling._conflicts import Candidate, check, forbidden
from medoffice.scheduling._intervals import Spans, intersect, subtract_open, union
from medoffice.scheduling._snapshot import ScheduleSnapshot, period_keys
from medoffice.scheduling._templates import day_windows
from medoffice.scheduling._time import from_seconds, local_day, to_seconds, zone
from medoffice.scheduling._types import AppointmentType, LimitPeriod, Patient
from medoffice.scheduling.ports import ProviderEligibility

__all__ = [
    "Ranking",
    "Slot",
    "first_per_day",
    "next_available",
    "open_slots",
    "open_slots_any",
    "rank",
]

_MINUTE: Final = 60
_DAY: Final = 86_400
_EPOCH_DAY: Final = date(1970, 1, 1).toordinal()


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


@final
class Ranking(enum.StrEnum):
    """How to order slots (or choose a provider for a start in an any-of search)."""

    EARLIEST = "earliest"
    CONTINUITY = "continuity"
    BALANCED = "balanced"
    BEST_FIT = "best-fit"


# (start seconds, fragments, provider, resources)
_Raw = tuple[int, int, str, frozenset[str]]


class _Search:
    """The state of one query: the type, bounds from ``now``, caches of resource availability."""

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
        self.before = kind.buffer_before_minutes * _MINUTE
        self.after = kind.buffer_after_minutes * _MINUTE
        self.now = to_seconds(now)
        self.earliest = self.now + kind.min_notice_minutes * _MINUTE
        self.latest = self.now + kind.horizon_days * _DAY if kind.horizon_days is not None else None
        self.patient = patient
        self.pinned = tuple(sorted(set(resources)))
        self.eligibility = eligibility
        self.pools = [
            tuple(r for r in snapshot.setup.in_category(q.category) if not q.among or r in q.among)
            for q in kind.resources
        ]
        self.resource_cache: dict[tuple[str, int, int], Spans] = {}
        self.practice_tz = zone(snapshot.setup.practice_zone)
        self.patient_blocked = patient is not None and _patient_ruled_out(
            snapshot, kind, patient, self.now
        )

    # -- one resource ------------------------------------------------------------------

    def _free(self, resource: str, day: date, low: int, high: int) -> list[tuple[int, int, int]]:
        """Feasible starts of ``resource`` on its local ``day`` as (a, b, utc offset)."""
        snapshot = self.snapshot
        schedule = snapshot.setup.schedule(resource)
        if schedule is None or day in snapshot.closures:
            return []
        code, length = self.kind.code, self.length
        windows = [
            (w[0], w[1] - length, w[3])
            for w in day_windows(schedule, day, snapshot.setup.dst)
            if w[1] - w[0] >= length
            and (not w[2] or code in w[2])
            and w[1] - length >= low
            and w[0] <= high
        ]
        if not windows:
            return []
        busy = snapshot.busy(
            resource, windows[0][0] - self.before, windows[-1][1] + length + self.after
        )
        result: list[tuple[int, int, int]] = []
        for a, b, offset in windows:
            spans: Spans = [(a, b)]
            for item in busy:
                lo, hi = forbidden(item, length, self.before, self.after)
                if lo < b and hi > a:
                    spans = subtract_open(spans, lo, hi)
            result.extend((x, y, offset) for x, y in spans)
        return result

    def _resource_spans(self, resource: str, low: int, high: int) -> Spans:
        key = (resource, low, high)
        cached = self.resource_cache.get(key)
        if cached is None:
            schedule = self.snapshot.setup.schedule(resource)
            days = set()
            if schedule is not None:
                tz = zone(schedule.zone)
                days = {local_day(low, tz), local_day(high, tz)}
            cached = union(
                [(a, b)] for d in sorted(days) for a, b, _ in self._free(resource, d, low, high)
            )
            self.resource_cache[key] = cached
        return cached

    # -- one provider-day -------------------------------------------------------------

    def provider_day(self, provider: str, day: date) -> list[_Raw]:
        """Open starts of ``provider`` on its local ``day``."""
        if self.patient_blocked or not self.kind.allows_provider(provider):
            return []
        if self.patient is not None and not _age_fits(self.kind, self.patient, day):
            return []
        if self.eligibility is not None and not self.eligibility.is_eligible(
            provider, self.kind.code, day
        ):
            return []
        free = self._free(
            provider, day, self.earliest, self.latest if self.latest is not None else 1 << 62
        )
        if not free:
            return []
        low, high = free[0][0], free[-1][1]
        extra: list[Spans] = [self._resource_spans(r, low, high) for r in self.pinned]
        extra += [union(self._resource_spans(r, low, high) for r in pool) for pool in self.pools]
        patient_busy = (
            self.snapshot.patient_busy(self.patient.ref, low, high + self.length)
            if self.patient
            else []
        )
        wall_midnight = (
            day.toordinal() - _EPOCH_DAY
        ) * _DAY + self.kind.grid_offset_minutes * _MINUTE
        grid = self.kind.grid_minutes * _MINUTE
        out: list[_Raw] = []
        for a, b, offset in free:
            spans: Spans = [
                (max(a, self.earliest), b if self.latest is None else min(b, self.latest))
            ]
            if spans[0][0] > spans[0][1]:
                continue
            for item in patient_busy:
                spans = subtract_open(spans, item.start - self.length, item.end)
            for other in extra:
                spans = intersect(spans, other)
            base = wall_midnight - offset
            for x, y in spans:
                t = x + (base - x) % grid
                while t <= y:
                    out.append((t, (t > x) + (t < y), provider, self._choose(t, low, high)))
                    t += grid
        if self.kind.seats > 1:
            out = sorted(set(out) | set(self._sessions(provider, day)))
        if self.kind.limits:
            out = [raw for raw in out if self._within_limits(provider, raw[0])]
        return out

    def _choose(self, start: int, low: int, high: int) -> frozenset[str]:
        if not self.pools and not self.pinned:
            return frozenset()
        chosen = set(self.pinned)
        for pool in self.pools:
            for resource in pool:
                if resource not in chosen and any(
                    a <= start <= b for a, b in self._resource_spans(resource, low, high)
                ):
                    chosen.add(resource)
                    break
        return frozenset(chosen)

    def _sessions(self, provider: str, day: date) -> list[_Raw]:
        """Starts of this type's group sessions that still have a seat."""
        schedule = self.snapshot.setup.schedule(provider)
        if schedule is None:
            return []
        windows = day_windows(schedule, day, self.snapshot.setup.dst)
        if not windows:
            return []
        found = []
        starts = {
            b.start
            for b in self.snapshot.busy(provider, windows[0][0], windows[-1][1])
            if b.type_code == self.kind.code and b.end - b.start == self.length
        }
        for start in sorted(starts):
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

    def slot(self, raw: _Raw) -> Slot:
        start = from_seconds(raw[0])
        return Slot(
            start=start,
            end=start + timedelta(seconds=self.length),
            provider=raw[2],
            type_code=self.kind.code,
            resources=raw[3],
            fragments=raw[1],
        )


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


def _days(days: DateRange) -> Iterator[date]:
    if days.is_open_ended:
        raise InvalidArgument("slot searches need a closed range of days")
    return iter(days)


def open_slots(
    snapshot: ScheduleSnapshot,
    *,
    type_code: str,
    provider: str,
    days: DateRange,
    now: datetime,
    patient: Patient | None = None,
    duration_minutes: int | None = None,
    resources: Iterable[str] = (),
    eligibility: ProviderEligibility | None = None,
) -> tuple[Slot, ...]:
    """Every open start of ``type_code`` with ``provider`` (and ``resources``) over ``days``."""
    search = _Search(
        snapshot,
        type_code,
        now,
        patient=patient,
        duration_minutes=duration_minutes,
        resources=resources,
        eligibility=eligibility,
    )
    return tuple(
        search.slot(raw) for day in _days(days) for raw in search.provider_day(provider, day)
    )


def open_slots_any(
    snapshot: ScheduleSnapshot,
    *,
    type_code: str,
    providers: Sequence[str],
    days: DateRange,
    now: datetime,
    patient: Patient | None = None,
    duration_minutes: int | None = None,
    prefer: Ranking = Ranking.EARLIEST,
    preferred_provider: str | None = None,
    eligibility: ProviderEligibility | None = None,
) -> tuple[Slot, ...]:
    """Each open start with any provider of the pool, offered once.

    The provider for a start is chosen by ``prefer``: the pool's order (``earliest``), the
    ``preferred_provider`` first (``continuity``), the least booked that day (``balanced``) or
    the fewest leftover fragments (``best-fit``).
    """
    search = _Search(
        snapshot,
        type_code,
        now,
        patient=patient,
        duration_minutes=duration_minutes,
        resources=(),
        eligibility=eligibility,
    )
    best: dict[int, tuple[tuple[int, int], _Raw]] = {}
    for day in _days(days):
        for order, provider in enumerate(providers):
            raws = search.provider_day(provider, day)
            if not raws:
                continue
            load = _load(snapshot, provider, raws[0][0]) if prefer is Ranking.BALANCED else 0
            for raw in raws:
                key = _choice_key(prefer, raw, order, load, preferred_provider)
                held = best.get(raw[0])
                if held is None or key < held[0]:
                    best[raw[0]] = (key, raw)
    return tuple(search.slot(best[t][1]) for t in sorted(best))


def _choice_key(
    prefer: Ranking, raw: _Raw, order: int, load: int, preferred: str | None
) -> tuple[int, int]:
    if prefer is Ranking.CONTINUITY:
        return (0 if raw[2] == preferred else 1, order)
    if prefer is Ranking.BALANCED:
        return (load, order)
    if prefer is Ranking.BEST_FIT:
        return (raw[1], order)
    return (0, order)


def _load(snapshot: ScheduleSnapshot, provider: str, seconds: int) -> int:
    """Booked seconds of ``provider`` within a day either side of ``seconds``."""
    return sum(
        b.end - b.start for b in snapshot.busy(provider, seconds - _DAY // 2, seconds + _DAY // 2)
    )


def next_available(
    snapshot: ScheduleSnapshot,
    *,
    type_code: str,
    providers: Sequence[str],
    now: datetime,
    count: int = 1,
    within_days: int = 180,
    patient: Patient | None = None,
    eligibility: ProviderEligibility | None = None,
) -> tuple[Slot, ...]:
    """The first ``count`` open starts across ``providers`` from ``now`` on (earliest first)."""
    if count < 1 or within_days < 1:
        raise InvalidArgument("count and within_days are at least 1")
    search = _Search(
        snapshot,
        type_code,
        now,
        patient=patient,
        duration_minutes=None,
        resources=(),
        eligibility=eligibility,
    )
    tz = zone(snapshot.setup.practice_zone)
    first = local_day(search.now, tz) - timedelta(days=1)
    found: list[_Raw] = []
    for offset in range(within_days + 3):
        day = first + timedelta(days=offset)
        for provider in providers:
            found.extend(search.provider_day(provider, day))
        # Zones differ by less than a day, so starts two days back are final.
        if len(found) >= count and offset >= 3:
            horizon = to_seconds(datetime.combine(day - timedelta(days=2), datetime.min.time(), tz))
            settled = sorted(r for r in found if r[0] < horizon)
            if len(settled) >= count:
                return tuple(search.slot(r) for r in settled[:count])
    found.sort()
    limit = search.now + within_days * _DAY
    return tuple(search.slot(r) for r in found if r[0] < limit)[:count]


def first_per_day(slots: Iterable[Slot], *, zone_name: str) -> tuple[Slot, ...]:
    """The earliest slot of each calendar day in ``zone_name``."""
    tz = zone(zone_name)
    firsts: dict[date, Slot] = {}
    for slot in sorted(slots, key=lambda s: (s.start, s.provider)):
        firsts.setdefault(slot.start.astimezone(tz).date(), slot)
    return tuple(firsts.values())


def rank(
    slots: Iterable[Slot],
    *,
    by: Ranking,
    snapshot: ScheduleSnapshot | None = None,
    preferred_provider: str | None = None,
) -> tuple[Slot, ...]:
    """``slots`` ordered by ``by``; ties always fall back to the earliest start, then provider."""
    items = list(slots)
    if by is Ranking.CONTINUITY:
        return tuple(
            sorted(items, key=lambda s: (s.provider != preferred_provider, s.start, s.provider))
        )
    if by is Ranking.BEST_FIT:
        return tuple(sorted(items, key=lambda s: (s.fragments, s.start, s.provider)))
    if by is Ranking.BALANCED:
        if snapshot is None:
            raise InvalidArgument(
                "balanced ranking needs the snapshot to count each provider's load"
            )
        return tuple(
            sorted(
                items,
                key=lambda s: (
                    _load(snapshot, s.provider, to_seconds(s.start)),
                    s.start,
                    s.provider,
                ),
            )
        )
    return tuple(sorted(items, key=lambda s: (s.start, s.provider)))
