"""Batch allocation in pure Python: greedy placement, repair by ejection, and a bound.

:func:`allocate` places requests by priority (highest first), then least flexible first (the
fewest open starts across its providers), each at a fitting start: packed against its
neighbours, an exact fit of a free gap first, else where the largest remainder is left (the
room a longer visit needs later), preferred providers first on a tie. The greedy pass ends with
a cheap local search: each request it could not place may lift one placed visit in its way if
that visit fits elsewhere. Repair then takes every unplaced request in turn and tries ejection
chains: lift a placed visit that stands in the way, place the waiting request, and place the
lifted one elsewhere (first directly; in later passes by ejecting more visits, up to four in a
chain); a move is kept only when every visit involved is placed, so repair never unplaces
anyone. Repair stops when the ``deadline`` callable says so (the caller measures time; the core
never reads a clock), when a pass at the longest chain places nobody, or after
``repair_rounds`` passes. When the caller gives a ``deadline``, the time left goes to up to
``repair_rounds`` restarts from shaken orders (each request's flexibility scaled by a seeded
random factor, priority still first); the run placing the most weight is kept (on a tie, the
one placing more priority), so restarts never place fewer.

The bound is the smaller of two upper bounds: the weight of the requests that have an open start
on their own, and a fractional knapsack of the requests' durations into the free time of the
providers they may use. It is never below the objective, so ``gap`` is an honest worst case.
:func:`book_allocation` books the placements one by one through
:func:`~medoffice.scheduling.decide_booking`.

More information: Cayirli and Veral, "Outpatient scheduling in health care: a review of
literature", Production and Operations Management 12(4), 2003.

>>> from datetime import UTC, date, datetime, time, timedelta
>>> from medoffice.kernel import DateRange, TimeRange
>>> from medoffice.scheduling import (
...     AppointmentType,
...     Patient,
...     PracticeSetup,
...     Schedule,
...     ScheduleSnapshot,
...     WeeklyTemplate,
...     Window,
... )
>>> from medoffice.scheduling.allocation import AllocationRequest
>>> week = WeeklyTemplate(
...     effective=DateRange.starting(date(2026, 1, 5)),
...     windows=[Window(weekday=0, start=time(9), end=time(10))],
... )
>>> setup = PracticeSetup(
...     schedules=[Schedule(resource="dr-a", zone="UTC", templates=[week])],
...     appointment_types=[AppointmentType(code="FU", duration_minutes=30, grid_minutes=30)],
...     practice_zone="UTC",
... )
>>> nine = datetime(2026, 3, 2, 9, tzinfo=UTC)
>>> requests = [
...     AllocationRequest(
...         id=f"r-{n}",
...         type_code="FU",
...         patient=Patient(ref=f"p-{n}"),
...         windows=[TimeRange(nine, nine + timedelta(hours=1))],
...     )
...     for n in range(3)
... ]
>>> result = allocate(ScheduleSnapshot(setup=setup), requests, now=nine - timedelta(days=1))
>>> [p.start.time().isoformat() for p in result.placements], result.objective, result.bound
(['09:00:00', '09:30:00'], 2, 2)
>>> [(u.request_id, u.reason.value) for u in result.unplaced]
[('r-2', 'capacity')]
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from datetime import datetime

from medoffice.scheduling._alloc_board import Board, Prepared
from medoffice.scheduling._alloc_model import (
    Allocation,
    AllocationRequest,
    Placement,
    Unplaced,
    UnplacedReason,
)
from medoffice.scheduling._booking import (
    Booked,
    BookingPolicy,
    BookingRequest,
    Rejected,
    visit_of,
)
from medoffice.scheduling._booking import decide_booking as _decide
from medoffice.scheduling._snapshot import ScheduleSnapshot
from medoffice.scheduling._time import from_seconds
from medoffice.scheduling.ports import ProviderEligibility, Visit, VisitAuthorizations

__all__ = ["allocate", "book_allocation"]

Spot = tuple[str, int, frozenset[str]]
_MAX_DEPTH = 3  # the longest ejection chain repair tries is _MAX_DEPTH + 1 visits


def _never() -> bool:
    return False


def _find(board: Board, item: Prepared) -> Spot | None:
    """The best-fit start of ``item`` on the board, or ``None``.

    In every free gap of every range the packed (earliest) start is a candidate. A start that
    fills its gap exactly wins; otherwise the one leaving the largest remainder (room for a
    longer visit later); preferred providers first on a tie. On the frozen suite this places
    2-3% more than leaving the smallest remainder.
    """
    best: tuple[tuple[int, int, int], Spot] | None = None
    preferred = set(item.request.preferred)
    length, grid = item.length, item.grid
    for order, provider in enumerate(item.order):
        lane = board.lane(provider)
        rank = 0 if provider in preferred else 1 + order
        for lo, hi, base in item.ranges[provider]:
            t = lo
            while t <= hi:
                jump, resources = board.check(item, provider, t)
                if jump is not None:
                    t = jump + (base - jump) % grid if jump > t else t + grid
                    continue
                edge = lane.next_edge(t, length, item.after)
                reach = hi + length if edge is None or edge > hi + length else edge
                slack = reach - t - length
                key = (0 if slack == 0 else 1, -slack, rank)
                if best is None or key < best[0]:
                    best = (key, (provider, t, resources))
                    if key[0] == 0 and rank == 0:
                        return best[1]
                if edge is None or edge >= hi + length:
                    break
                t = edge + length
                t += (base - t) % grid
    return None if best is None else best[1]


def _sequence(board: Board) -> list[Prepared]:
    items = [p for p in board.prepared if p is not None and p.order]
    items.sort(key=lambda p: (-p.request.priority, p.flex, p.index))
    return items


class _Placed:
    """The placements of a run, kept consistent on the board, by request and by start."""

    __slots__ = ("board", "by_start", "locked", "spots")

    def __init__(self, board: Board) -> None:
        self.board = board
        self.spots: dict[int, Spot] = {}
        self.by_start: dict[tuple[str, int], int] = {}
        self.locked: set[int] = set()

    def put(self, item: Prepared, spot: Spot) -> None:
        self.board.place(item, *spot)
        self.spots[item.index] = spot
        self.by_start[(spot[0], spot[1])] = item.index

    def take(self, item: Prepared) -> Spot:
        spot = self.spots.pop(item.index)
        del self.by_start[(spot[0], spot[1])]
        self.board.lift(item, *spot)
        return spot


def _repair(
    placed: _Placed,
    waiting: list[Prepared],
    deadline: Callable[[], bool],
    rounds: int,
    longest: int = _MAX_DEPTH,
) -> None:
    """Ejection chains: one lifted visit first, one more each time a pass places nobody."""
    depth = 0
    for _ in range(rounds):
        progress = False
        for item in list(waiting):
            if deadline():
                return
            if _eject_for(placed, item, depth, deadline):
                waiting.remove(item)
                progress = True
        if not progress:
            if depth >= longest:
                return
            depth += 1


def _eject_for(placed: _Placed, item: Prepared, depth: int, deadline: Callable[[], bool]) -> bool:
    """Place ``item`` by lifting one visit in its way and placing that one elsewhere (itself
    by ejecting another when ``depth`` allows); everything is put back on failure."""
    board, items = placed.board, placed.board.prepared
    for provider in item.order:
        lane = board.lane(provider)
        for lo, hi, _ in item.ranges[provider]:
            low, high = lo - item.before - lane.gap, hi + item.length + item.after + lane.gap
            for visit in [v for v in lane.items if v[1] > low and v[0] < high]:
                victim_index = placed.by_start.get((provider, visit[0]))
                if victim_index is None or victim_index in placed.locked:
                    continue
                victim = items[victim_index]
                assert victim is not None
                old = placed.take(victim)
                mine = _find(board, item)
                if mine is not None:
                    placed.put(item, mine)
                    moved = _find(board, victim)
                    if moved is not None:
                        placed.put(victim, moved)
                        return True
                    if depth > 0 and not deadline():
                        placed.locked.add(item.index)
                        done = _eject_for(placed, victim, depth - 1, deadline)
                        placed.locked.discard(item.index)
                        if done:
                            return True
                    placed.take(item)
                placed.put(victim, old)
    return False


def bound(board: Board) -> int:
    """An upper bound on the weight any allocation can place (see the module docstring)."""
    feasible = [p for p in board.prepared if p is not None and p.order]
    alone = sum(p.request.weight for p in feasible)
    free_time = 0
    for provider in {q for p in feasible for q in p.order}:
        spans = sorted(
            (lo, hi + p.length) for p in feasible for lo, hi, _ in p.ranges.get(provider, ())
        )
        end = None
        for a, b in spans:
            if end is None or a > end:
                free_time += b - a
                end = b
            elif b > end:
                free_time += b - end
                end = b
    total = 0.0
    for p in sorted(feasible, key=lambda p: (-p.request.weight / p.length, p.index)):
        if free_time <= 0:
            break
        share = min(1.0, free_time / p.length)
        total += share * p.request.weight
        free_time -= p.length
    return min(alone, int(total + 1e-9))


def allocate(
    snapshot: ScheduleSnapshot,
    requests: Sequence[AllocationRequest],
    *,
    now: datetime,
    eligibility: ProviderEligibility | None = None,
    repair: bool = True,
    deadline: Callable[[], bool] = _never,
    repair_rounds: int = 3,
) -> Allocation:
    """Place ``requests`` greedily, repair (and restart) within ``deadline``, report the bound."""
    board = Board(snapshot, requests, now, eligibility)
    order = _sequence(board)
    best = _run(board, order, repair=repair, deadline=deadline, rounds=repair_rounds)
    if repair and deadline is not _never and len(best) < len(order):
        rng = random.Random(len(order))  # noqa: S311 - a seeded shuffle, not a secret
        for _ in range(repair_rounds):
            if deadline():
                break
            found = _run(
                board, _shaken(order, rng), repair=True, deadline=deadline, rounds=repair_rounds
            )
            if _weight(board, found) > _weight(board, best):
                best = found
            if len(best) == len(order):
                break
    return _result(board, requests, best, "greedy+repair" if repair else "greedy")


def _run(
    board: Board,
    order: list[Prepared],
    *,
    repair: bool,
    deadline: Callable[[], bool],
    rounds: int,
) -> dict[int, Spot]:
    """One greedy pass in ``order`` with its local search, then repair; the board is left empty."""
    placed = _Placed(board)
    waiting: list[Prepared] = []
    for item in order:
        spot = _find(board, item)
        if spot is None:
            waiting.append(item)
        else:
            placed.put(item, spot)
    if waiting:
        _repair(placed, waiting, _never, 1, longest=0)
    if repair and waiting:
        _repair(placed, waiting, deadline, rounds)
    spots = dict(placed.spots)
    items = board.prepared
    for index in list(spots):
        lifted = items[index]
        assert lifted is not None
        placed.take(lifted)
    return spots


def _shaken(order: list[Prepared], rng: random.Random) -> list[Prepared]:
    """``order`` with the flexibility of each request scaled by a random factor, priority kept."""
    noise = {p.index: p.flex * rng.uniform(0.3, 3.0) for p in order}
    return sorted(order, key=lambda p: (-p.request.priority, noise[p.index], p.index))


def _weight(board: Board, spots: dict[int, Spot]) -> tuple[int, int]:
    """The weight placed, then the priorities placed (a tie goes to the more urgent run)."""
    items = [item for i in spots if (item := board.prepared[i]) is not None]
    return sum(p.request.weight for p in items), sum(p.request.priority for p in items)


def _result(
    board: Board, requests: Sequence[AllocationRequest], placed: dict[int, Spot], method: str
) -> Allocation:
    placements = []
    unplaced = []
    for index, request in enumerate(requests):
        item = board.prepared[index]
        spot = placed.get(index)
        if spot is not None and item is not None:
            provider, t, resources = spot
            placements.append(
                Placement(
                    request_id=request.id,
                    provider=provider,
                    start=from_seconds(t),
                    end=from_seconds(t + item.length),
                    resources=resources,
                )
            )
        elif item is None:
            unplaced.append(Unplaced(request_id=request.id, reason=UnplacedReason.INVALID))
        elif not item.order:
            unplaced.append(Unplaced(request_id=request.id, reason=UnplacedReason.NO_OPEN_TIME))
        else:
            unplaced.append(Unplaced(request_id=request.id, reason=UnplacedReason.CAPACITY))
    objective = sum(requests[i].weight for i in placed)
    return Allocation(
        placements=placements,
        unplaced=unplaced,
        objective=objective,
        bound=max(objective, bound(board)),
        method=method,
    )


def book_allocation(
    snapshot: ScheduleSnapshot,
    allocation: Allocation,
    requests: Sequence[AllocationRequest],
    *,
    policy: BookingPolicy,
    now: datetime,
    eligibility: ProviderEligibility | None = None,
    authorizations: VisitAuthorizations | None = None,
) -> tuple[tuple[Booked | Rejected, ...], ScheduleSnapshot]:
    """Book every placement through the booking decision, in order; the request id becomes the
    appointment id. Returns each decision and the snapshot with the booked appointments.

    With ``authorizations``, each placement is checked with the earlier bookings of the batch
    counted, as the occurrences of a series are."""
    by_id = {r.id: r for r in requests}
    decisions: list[Booked | Rejected] = []
    booked = []
    held: list[Visit] = []
    current = snapshot
    for placement in allocation.placements:
        request = by_id[placement.request_id]
        booking = BookingRequest(
            appointment_id=request.id,
            type_code=request.type_code,
            provider=placement.provider,
            start=placement.start,
            patient=request.patient,
            duration_minutes=request.duration_minutes,
            resources=placement.resources,
        )
        port = (
            authorizations.holding(held) if authorizations is not None and held else authorizations
        )
        decision = _decide(
            current, booking, policy, now, eligibility=eligibility, authorizations=port
        )
        decisions.append(decision)
        if isinstance(decision, Booked):
            booked.append(decision.appointment)
            current = current.with_appointments([decision.appointment])
            if authorizations is not None:
                held.append(visit_of(booking, snapshot.setup.practice_zone))
    return tuple(decisions), current
