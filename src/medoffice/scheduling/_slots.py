"""Open slots: the times a visit can be booked, found fast and always bookable.

:func:`open_slots` lists the open starts of one appointment type with one provider (and, when
``resources`` are given, with those resources too: an all-of search for provider, room and
device together); the type's own resource requirements (any exam room, the ultrasound) are always
honoured. :func:`open_slots_any` searches a pool and offers each start once, with the provider
chosen by a :class:`Ranking`. :func:`next_available` finds the first N starts across providers,
:func:`first_per_day` keeps the first start of each day and :func:`rank` orders slots by the
earliest start, continuity (the patient's own provider first), balanced load, or best fit (the
fewest leftover fragments).

Every slot passes the same check as the booking decision
(:func:`~medoffice.scheduling.queries.explain` finds nothing against it); the search is the fast
path of that check, on integer seconds.

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

from medoffice.kernel import DateRange, InvalidArgument
from medoffice.scheduling._search import NO_RESOURCES, Raw, Slot, SlotSearch
from medoffice.scheduling._snapshot import ScheduleSnapshot
from medoffice.scheduling._time import from_seconds, local_day, local_midnight, to_seconds, zone
from medoffice.scheduling._types import Patient
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

_DAY: Final = 86_400
_CHUNK: Final = 7  # days searched at a time by next_available


@final
class Ranking(enum.StrEnum):
    """How to order slots (or choose a provider for a start in an any-of search)."""

    EARLIEST = "earliest"
    CONTINUITY = "continuity"
    BALANCED = "balanced"
    BEST_FIT = "best-fit"


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
    search = SlotSearch(
        snapshot,
        type_code,
        now,
        patient=patient,
        duration_minutes=duration_minutes,
        resources=resources,
        eligibility=eligibility,
    )
    return tuple(search.slot(raw) for raw in search.provider_days(provider, list(_days(days))))


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
    search = SlotSearch(
        snapshot,
        type_code,
        now,
        patient=patient,
        duration_minutes=duration_minutes,
        resources=(),
        eligibility=eligibility,
    )
    kind = search.kind
    simple = kind.seats == 1 and not kind.limits and not search.pools
    best: dict[int, tuple[tuple[int, int], Raw]] = {}
    run = list(_days(days))
    for order, provider in enumerate(providers):
        if simple and prefer is Ranking.EARLIEST:
            # Providers come in pool order, so the first to offer a start keeps it.
            free, _, _ = search.free_starts(provider, run)
            grid = search.grid
            for x, y, base in free:
                for t in range(x + (base - x) % grid, y + 1, grid):
                    if t not in best:
                        best[t] = ((0, order), (t, (t > x) + (t < y), provider, NO_RESOURCES))
            continue
        loads: dict[date, int] = {}
        for raw in search.provider_days(provider, run):
            load = 0
            if prefer is Ranking.BALANCED:
                day = from_seconds(raw[0]).date()
                load = loads.setdefault(day, _load(snapshot, provider, raw[0]))
            key = _choice_key(prefer, raw, order, load, preferred_provider)
            held = best.get(raw[0])
            if held is None or key < held[0]:
                best[raw[0]] = (key, raw)
    return tuple(search.slot(best[t][1]) for t in sorted(best))


def _choice_key(
    prefer: Ranking, raw: Raw, order: int, load: int, preferred: str | None
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
    low, high = seconds - _DAY // 2, seconds + _DAY // 2
    return sum(
        min(b.end, high) - max(b.start, low)
        for b in snapshot.busy(provider, low, high)
        if b.start < high and b.end > low
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
    """The first ``count`` open starts across ``providers`` from ``now`` on.

    Earliest first; at the same start the provider earlier in ``providers`` comes first.
    """
    if count < 1 or within_days < 1:
        raise InvalidArgument("count and within_days are at least 1")
    search = SlotSearch(
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
    last = first + timedelta(days=within_days + 2)
    limit = search.now + within_days * _DAY
    # (start, the provider's place in the pool, the slot): ties go to the earlier provider.
    found: list[tuple[int, int, Raw]] = []
    chunk = first
    while chunk <= last:
        run = [chunk + timedelta(days=n) for n in range(min(_CHUNK, (last - chunk).days + 1))]
        chunk = run[-1] + timedelta(days=1)
        for order, provider in enumerate(providers):
            found.extend(
                (raw[0], order, raw)
                for raw in search.provider_days(provider, run)
                if raw[0] < limit
            )
        # Zones differ by less than a day, so starts two days before the chunk's end are final.
        settled_before = local_midnight(run[-1] - timedelta(days=2), tz)
        settled = sorted(item for item in found if item[0] < settled_before)
        if len(settled) >= count:
            return tuple(search.slot(item[2]) for item in settled[:count])
    return tuple(search.slot(item[2]) for item in sorted(found)[:count])


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
