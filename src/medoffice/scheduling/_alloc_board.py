"""The working board of a batch allocation: what is still free, in integer seconds.

Each request's open starts on the calendar before the batch come from the slot search itself
(:class:`~medoffice.scheduling._search.SlotSearch`: templates, closures, notice, horizon, the
type's grid, buffers, resource pools and provider eligibility), clipped to the request's
windows. The board then tracks what the batch itself takes: per provider and per resource the
placed visits (a visit forbids the same open interval of starts as in the slot search), per
patient their placed spans, and per provider, type and period the counts and minutes limits
count. Every placement the board allows is one :func:`~medoffice.scheduling.decide_booking`
books: the batch tests replay each allocation through it.

>>> lane = Lane()
>>> lane.add((100, 200, 0, 0))
>>> lane.blocker(150, 30, 0, 0), lane.blocker(200, 30, 0, 0), lane.blocker(60, 30, 0, 0)
(200, None, None)
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Final

from medoffice.kernel import InvalidArgument
from medoffice.scheduling._alloc_model import AllocationRequest
from medoffice.scheduling._search import SlotSearch, _age_fits, _patient_ruled_out
from medoffice.scheduling._snapshot import ScheduleSnapshot, period_keys
from medoffice.scheduling._time import local_day, to_seconds, zone
from medoffice.scheduling._types import AppointmentType, LimitPeriod
from medoffice.scheduling.ports import ProviderEligibility

__all__ = ["Board", "Lane", "Prepared"]

_MINUTE: Final = 60
Visit = tuple[int, int, int, int]  # start, end, buffer before, buffer after (seconds)


class Lane:
    """The batch's visits on one provider or resource, sorted; they never overlap."""

    __slots__ = ("gap", "items", "starts")

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.items: list[Visit] = []
        self.gap = 0

    def add(self, visit: Visit) -> None:
        index = bisect_left(self.starts, visit[0])
        self.starts.insert(index, visit[0])
        self.items.insert(index, visit)
        self.gap = max(self.gap, visit[2], visit[3])

    def remove(self, visit: Visit) -> None:
        index = bisect_left(self.starts, visit[0])
        while self.items[index] != visit:
            index += 1
        del self.starts[index]
        del self.items[index]

    def blocker(self, t: int, length: int, before: int, after: int) -> int | None:
        """``None`` when a visit may start at ``t``; else the first start past the blocking visits.

        A placed visit forbids the open interval of starts the slot search forbids.
        """
        items, starts = self.items, self.starts
        reach = self.gap if self.gap > before else before
        index = bisect_left(starts, t)
        jump: int | None = None
        k = index - 1
        while k >= 0:
            s, e, bb, ba = items[k]
            if e + reach <= t:
                break
            if t < e + (ba if ba > before else before) and s - length - max(bb, after) < t:
                high = e + (ba if ba > before else before)
                jump = high if jump is None or high > jump else jump
            k -= 1
        k = index
        limit = t + length + max(self.gap, after)
        while k < len(items) and items[k][0] < limit:
            s, e, bb, ba = items[k]
            if s - length - (bb if bb > after else after) < t < e + (ba if ba > before else before):
                high = e + (ba if ba > before else before)
                jump = high if jump is None or high > jump else jump
            k += 1
        return jump

    def next_edge(self, t: int, length: int, after: int) -> int | None:
        """The latest end a visit starting at ``t`` could stretch to before the next visit."""
        index = bisect_left(self.starts, t + 1)
        if index >= len(self.items):
            return None
        s, _, bb, _ = self.items[index]
        return s - (bb if bb > after else after)


class Prepared:
    """One request made ready: its type, lengths, and clipped open start ranges per provider."""

    __slots__ = (
        "after",
        "before",
        "flex",
        "grid",
        "index",
        "kind",
        "length",
        "order",
        "ranges",
        "request",
        "search",
    )

    def __init__(self, index: int, request: AllocationRequest, search: SlotSearch) -> None:
        self.index = index
        self.request = request
        self.search = search
        self.kind: AppointmentType = search.kind
        self.length = search.length
        self.before, self.after, self.grid = search.before, search.after, search.grid
        self.ranges: dict[str, list[tuple[int, int, int]]] = {}
        self.order: tuple[str, ...] = ()
        self.flex = 0


class Board:
    """The calendar before the batch, and what the batch has placed so far."""

    def __init__(
        self,
        snapshot: ScheduleSnapshot,
        requests: Sequence[AllocationRequest],
        now: datetime,
        eligibility: ProviderEligibility | None,
    ) -> None:
        self.snapshot = snapshot
        self.now = now
        self.lanes: dict[str, Lane] = {}
        self.patients: dict[str, list[tuple[int, int, str]]] = {}
        self.counts: dict[tuple[str, str, object], tuple[int, int]] = {}
        self.searches: dict[tuple[str, int | None, frozenset[str]], SlotSearch] = {}
        self.free: dict[tuple[int, str], tuple[list[tuple[int, int, int]], int, int]] = {}
        self.tz = zone(snapshot.setup.practice_zone)
        self.invalid: set[int] = set()
        self.prepared: list[Prepared | None] = []
        ids = [r.id for r in requests]
        if len(set(ids)) != len(ids):
            raise InvalidArgument("each request in a batch has its own id")
        days = _days(requests)
        for index, request in enumerate(requests):
            self.prepared.append(self._prepare(index, request, days, eligibility))

    def _prepare(
        self,
        index: int,
        request: AllocationRequest,
        days: list[date],
        eligibility: ProviderEligibility | None,
    ) -> Prepared | None:
        key = (request.type_code, request.duration_minutes, request.resources)
        search = self.searches.get(key)
        if search is None:
            if any(self.snapshot.setup.schedule(r) is None for r in request.resources):
                return None
            try:
                search = SlotSearch(
                    self.snapshot,
                    request.type_code,
                    self.now,
                    patient=None,
                    duration_minutes=request.duration_minutes,
                    resources=request.resources,
                    eligibility=eligibility,
                )
            except InvalidArgument:
                return None
            self.searches[key] = search
        item = Prepared(index, request, search)
        providers = request.providers or frozenset(self.snapshot.setup.providers)
        if _patient_ruled_out(self.snapshot, search.kind, request.patient, search.now):
            return item
        preferred = [p for p in request.preferred if p in providers]
        order = [*preferred, *sorted(providers - set(preferred))]
        windows = [(to_seconds(w.start), to_seconds(w.end)) for w in request.windows]
        length, grid = search.length, search.grid
        for provider in order:
            if self.snapshot.setup.schedule(provider) is None:
                continue
            free_key = (id(search), provider)
            free = self.free.get(free_key)
            if free is None:
                free = search.free_starts(provider, days)
                self.free[free_key] = free
            clipped = []
            for x, y, base in free[0]:
                for low, high in windows:
                    lo, hi = max(x, low), min(y, high - length)
                    lo += (base - lo) % grid
                    if lo <= hi:
                        clipped.append((lo, hi, base))
                        item.flex += (hi - lo) // grid + 1
            if clipped:
                item.ranges[provider] = sorted(clipped)
        item.order = tuple(p for p in order if p in item.ranges)
        return item

    # -- feasibility of one start ---------------------------------------------------------

    def lane(self, resource: str) -> Lane:
        found = self.lanes.get(resource)
        if found is None:
            found = self.lanes[resource] = Lane()
        return found

    def check(self, item: Prepared, provider: str, t: int) -> tuple[int | None, frozenset[str]]:
        """``(None, resources)`` when ``t`` works; else ``(next start to try, empty)``."""
        length, before, after = item.length, item.before, item.after
        jump = self.lane(provider).blocker(t, length, before, after)
        if jump is not None:
            return jump, frozenset()
        end = t + length
        ref = item.request.patient.ref
        kind = item.kind
        for s, e, code in self.patients.get(ref, ()):
            if s < end and t < e:
                return e, frozenset()
            if kind.patients.one_open and code == kind.code:
                return 1 << 62, frozenset()
        if any(t < b.end and b.start < end for b in self.snapshot.patient_busy(ref, t, end)):
            return t + item.grid, frozenset()
        if (kind.patients.min_age is not None or kind.patients.max_age is not None) and (
            not _age_fits(kind, item.request.patient, local_day(t, self.tz))
        ):
            return t + item.grid, frozenset()
        if kind.limits and not self._within_limits(item, provider, t):
            return t + item.grid, frozenset()
        return self._resources(item, provider, t)

    def _resources(
        self, item: Prepared, provider: str, t: int
    ) -> tuple[int | None, frozenset[str]]:
        """The pinned resources, free at ``t``, and one free resource of each of the type's
        other pools, as the slot search picks."""
        pinned = item.request.resources
        for resource in pinned:
            if self.lane(resource).blocker(t, item.length, item.before, item.after) is not None:
                return t + item.grid, frozenset()
        chosen: set[str] = set(pinned)
        search = item.search
        if not search.pools:
            return None, frozenset(chosen)
        _, low, high = self.free[(id(search), provider)]
        for pool in search.pools:
            if any(r in pinned for r in pool):
                continue
            found = None
            for resource in pool:
                if resource in chosen or resource == provider:
                    continue
                spans = search._resource_spans(resource, low, high)[0]  # noqa: SLF001
                if not any(a <= t <= b for a, b in spans):
                    continue
                if self.lane(resource).blocker(t, item.length, item.before, item.after) is None:
                    found = resource
                    break
            if found is None:
                return t + item.grid, frozenset()
            chosen.add(found)
        return None, frozenset(chosen)

    def _within_limits(self, item: Prepared, provider: str, t: int) -> bool:
        minutes = item.length // _MINUTE
        for key, limit_period in zip(
            period_keys(t, self.tz), (LimitPeriod.DAY, LimitPeriod.WEEK), strict=True
        ):
            count, used = self.snapshot.usage(provider, item.kind.code, key)
            more, extra = self.counts.get((provider, item.kind.code, key), (0, 0))
            for limit in item.kind.limits:
                if limit.period is not limit_period:
                    continue
                if limit.max_count is not None and count + more + 1 > limit.max_count:
                    return False
                if limit.max_minutes is not None and used + extra + minutes > limit.max_minutes:
                    return False
        return True

    # -- placing and lifting ----------------------------------------------------------------

    def place(self, item: Prepared, provider: str, t: int, resources: frozenset[str]) -> None:
        visit = (t, t + item.length, item.before, item.after)
        for resource in (provider, *resources):
            self.lane(resource).add(visit)
        insort(self.patients.setdefault(item.request.patient.ref, []), (*visit[:2], item.kind.code))
        self._count(item, provider, t, 1)

    def lift(self, item: Prepared, provider: str, t: int, resources: frozenset[str]) -> None:
        visit = (t, t + item.length, item.before, item.after)
        for resource in (provider, *resources):
            self.lane(resource).remove(visit)
        self.patients[item.request.patient.ref].remove((*visit[:2], item.kind.code))
        self._count(item, provider, t, -1)

    def _count(self, item: Prepared, provider: str, t: int, sign: int) -> None:
        if not item.kind.limits:
            return
        for key in period_keys(t, self.tz):
            slot = (provider, item.kind.code, key)
            count, minutes = self.counts.get(slot, (0, 0))
            self.counts[slot] = (count + sign, minutes + sign * item.length // _MINUTE)


def _days(requests: Sequence[AllocationRequest]) -> list[date]:
    if not requests:
        return []
    first = min(r.windows[0].start for r in requests).date() - timedelta(days=1)
    last = max(w.end for r in requests for w in r.windows).date() + timedelta(days=1)
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]
