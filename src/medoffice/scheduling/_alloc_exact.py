"""Exact batch allocation: the candidate model and a run through a :class:`Solver`.

:func:`candidate_model` lists every feasible (request, provider, start) of a batch on the
calendar before it, and the groups of which at most one may be chosen: one group per request,
one per provider and instant (the visits whose held time covers it) and one per patient and
instant. With the same buffers for every type in the batch that is exact: two visits conflict
exactly when their spans, each stretched by the larger buffer, overlap, and overlapping
intervals always share a start. When every visit lasts one grid unit on one grid without
buffers, conflicts only happen at the same start, the model is marked ``unit`` and an
assignment solves it. Batches with resource pools, limits or mixed buffers are refused here
(the greedy :func:`~medoffice.scheduling.allocate` places them).

:func:`allocate_exact` hands the model to a :class:`~medoffice.scheduling.ports.Solver` (the
SciPy MILP and assignment solvers live in ``adapters.solvers``) and
reports the solver's bound, never below the objective.

More information: Pinedo, "Scheduling: Theory, Algorithms, and Systems", time-indexed
formulations (Springer, 5th ed. 2016).

>>> from datetime import UTC, date, datetime, time, timedelta
>>> from medoffice.kernel import DateRange, TimeRange
>>> from medoffice.scheduling import (
...     AllocationRequest,
...     AppointmentType,
...     Patient,
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
...     schedules=[Schedule(resource="dr-a", zone="UTC", templates=[week])],
...     appointment_types=[AppointmentType(code="FU", duration_minutes=30, grid_minutes=30)],
...     practice_zone="UTC",
... )
>>> nine = datetime(2026, 3, 2, 9, tzinfo=UTC)
>>> request = AllocationRequest(
...     id="r-1",
...     type_code="FU",
...     patient=Patient(ref="p-1"),
...     windows=[TimeRange(nine, nine + timedelta(hours=1))],
... )
>>> model = candidate_model(ScheduleSnapshot(setup=setup), [request], now=nine - timedelta(days=1))
>>> [(c.provider, c.start - c.start % 86400) for c in model.candidates][:1], len(model.candidates)
([('dr-a', 1772409600)], 2)
>>> model.unit
True
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from math import floor

from medoffice.kernel import InvalidArgument
from medoffice.scheduling._alloc_board import Board
from medoffice.scheduling._alloc_greedy import _result, bound
from medoffice.scheduling._alloc_model import (
    Allocation,
    AllocationCandidate,
    AllocationRequest,
    CandidateModel,
)
from medoffice.scheduling._snapshot import ScheduleSnapshot
from medoffice.scheduling._time import zone
from medoffice.scheduling.ports import ProviderEligibility, Solver

__all__ = ["allocate_exact", "candidate_model", "day_groups"]


def _cliques(spans: list[tuple[int, int, int]]) -> list[tuple[int, ...]]:
    """Maximal sets of ``(start, end, candidate)`` intervals sharing an instant."""
    found: list[tuple[int, ...]] = []
    points = sorted({s for s, _, _ in spans})
    ordered = sorted(spans)
    active: list[tuple[int, int, int]] = []
    index = 0
    last: frozenset[int] = frozenset()
    for point in points:
        while index < len(ordered) and ordered[index][0] <= point:
            active.append(ordered[index])
            index += 1
        active = [a for a in active if a[1] > point]
        group = frozenset(a[2] for a in active)
        if len(group) > 1 and not group <= last:
            found.append(tuple(sorted(group)))
        last = group
    return found


def _board(
    snapshot: ScheduleSnapshot,
    requests: Sequence[AllocationRequest],
    now: datetime,
    eligibility: ProviderEligibility | None,
) -> tuple[Board, int]:
    board = Board(snapshot, requests, now, eligibility)
    items = [p for p in board.prepared if p is not None]
    if any(p.search.pools or p.kind.limits or p.request.resources for p in items):
        raise InvalidArgument(
            "exact allocation covers batches without resource pools, pinned resources or limits"
        )
    buffers = {(p.before, p.after) for p in items}
    buffers |= {
        (a.buffer_before_minutes * 60, a.buffer_after_minutes * 60)
        for a in snapshot.appointments
        if a.holds_time and buffers and (a.buffer_before_minutes or a.buffer_after_minutes)
    }
    if len(buffers) > 1:
        raise InvalidArgument("exact allocation needs the same buffers for every visit")
    stretch = max(max(buffers, default=(0, 0)))
    return board, stretch


def candidate_model(
    snapshot: ScheduleSnapshot,
    requests: Sequence[AllocationRequest],
    *,
    now: datetime,
    eligibility: ProviderEligibility | None = None,
) -> CandidateModel:
    """Every feasible start of every request, and the at-most-one groups between them."""
    board, stretch = _board(snapshot, requests, now, eligibility)
    candidates: list[AllocationCandidate] = []
    per_request: dict[int, list[int]] = defaultdict(list)
    per_provider: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    per_patient: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    grids = set()
    for item in board.prepared:
        if item is None:
            continue
        for provider in item.order:
            for lo, hi, base in item.ranges[provider]:
                grids.add((item.grid, base % item.grid, item.length))
                for t in range(lo, hi + 1, item.grid):
                    if board.check(item, provider, t)[0] is not None:
                        continue
                    index = len(candidates)
                    candidates.append(
                        AllocationCandidate(
                            request=item.index, provider=provider, start=t, end=t + item.length
                        )
                    )
                    per_request[item.index].append(index)
                    per_provider[provider].append((t, t + item.length + stretch, index))
                    per_patient[item.request.patient.ref].append((t, t + item.length, index))
    groups: list[tuple[int, ...]] = [tuple(v) for v in per_request.values() if len(v) > 1]
    for spans in per_provider.values():
        groups.extend(_cliques(spans))
    shared = False
    for spans in per_patient.values():
        if len({candidates[i].request for _, _, i in spans}) > 1:
            shared = True
            groups.extend(_cliques(spans))
    unit = not shared and stretch == 0 and len({(g, b) for g, b, _ in grids}) <= 1
    unit = unit and all(length == g for g, _, length in grids)
    return CandidateModel(
        weights=[r.weight for r in requests], candidates=candidates, groups=groups, unit=unit
    )


def day_groups(
    requests: Sequence[AllocationRequest], *, zone_name: str
) -> tuple[tuple[AllocationRequest, ...], ...]:
    """The batch split into groups whose windows share no calendar day (in ``zone_name``).

    Visits of different groups can never overlap, so solving each group alone is exact.
    """
    tz = zone(zone_name)
    parent: dict[date, date] = {}

    def root(day: date) -> date:
        while parent.setdefault(day, day) != day:
            parent[day] = parent[parent[day]]
            day = parent[day]
        return day

    touched = []
    for request in requests:
        days: set[date] = set()
        for window in request.windows:
            first = window.start.astimezone(tz).date()
            last = (window.end - timedelta(microseconds=1)).astimezone(tz).date()
            days.update(first + timedelta(days=n) for n in range((last - first).days + 1))
        ordered = sorted(days)
        for day in ordered[1:]:
            parent[root(day)] = root(ordered[0])
        touched.append(ordered[0])
    groups: dict[date, list[AllocationRequest]] = defaultdict(list)
    for request, day in zip(requests, touched, strict=True):
        groups[root(day)].append(request)
    return tuple(tuple(groups[key]) for key in sorted(groups))


def allocate_exact(
    snapshot: ScheduleSnapshot,
    requests: Sequence[AllocationRequest],
    *,
    now: datetime,
    solver: Solver,
    eligibility: ProviderEligibility | None = None,
    by_day: bool = False,
) -> Allocation:
    """Solve the batch with ``solver``; the allocation says whether it is proven optimal.

    With ``by_day`` the batch is split by :func:`day_groups` and each group solved alone
    (exact, and much smaller models when few requests span several days).
    """
    if by_day:
        return _by_day(snapshot, requests, now=now, solver=solver, eligibility=eligibility)
    model = candidate_model(snapshot, requests, now=now, eligibility=eligibility)
    board, _ = _board(snapshot, requests, now, eligibility)
    solution = solver.solve(model)
    placed = {}
    for index in solution.chosen:
        candidate = model.candidates[index]
        if candidate.request in placed:
            raise InvalidArgument("the solver chose two starts for one request")
        placed[candidate.request] = (candidate.provider, candidate.start, frozenset[str]())
    result = _result(board, requests, placed, "exact")
    solver_bound = floor(solution.bound + 1e-6)
    found = max(result.objective, min(solver_bound, bound(board)))
    return Allocation(
        placements=result.placements,
        unplaced=result.unplaced,
        objective=result.objective,
        bound=found,
        method="exact",
        optimal=solution.optimal or found == result.objective,
    )


def _by_day(
    snapshot: ScheduleSnapshot,
    requests: Sequence[AllocationRequest],
    *,
    now: datetime,
    solver: Solver,
    eligibility: ProviderEligibility | None,
) -> Allocation:
    parts = [
        allocate_exact(snapshot, group, now=now, solver=solver, eligibility=eligibility)
        for group in day_groups(requests, zone_name=snapshot.setup.practice_zone)
    ]
    order = {r.id: n for n, r in enumerate(requests)}
    return Allocation(
        placements=sorted(
            (p for part in parts for p in part.placements), key=lambda p: order[p.request_id]
        ),
        unplaced=sorted(
            (u for part in parts for u in part.unplaced), key=lambda u: order[u.request_id]
        ),
        objective=sum(part.objective for part in parts),
        bound=sum(part.bound for part in parts),
        method="exact-by-day",
        optimal=all(part.optimal for part in parts),
    )
