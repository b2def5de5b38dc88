"""Exact allocation: the candidate model, the Solver port and the SciPy solvers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medoffice.kernel import InvalidArgument, TimeRange
from medoffice.scheduling._alloc_exact import allocate_exact, candidate_model, day_groups
from medoffice.scheduling._alloc_greedy import allocate
from medoffice.scheduling._alloc_model import AllocationRequest, CandidateModel, Solution
from medoffice.scheduling._snapshot import ScheduleSnapshot
from medoffice.scheduling._types import AppointmentType, Patient, ResourceRequirement
from medoffice.scheduling.ports import Solver
from medoffice.testing._allocation_instances import generated
from medoffice.testing._scheduling_strategies import weekday_setup

MONDAY = datetime(2026, 3, 2, tzinfo=UTC)
NOW = MONDAY - timedelta(days=3)
UNIT = weekday_setup(
    providers=2, zone="UTC", types=[AppointmentType(code="Q", duration_minutes=15)]
)


def unit_batch(count: int, seed: int) -> list[AllocationRequest]:
    requests = []
    for n in range(count):
        hour = 9 + (n * 7 + seed) % 7
        requests.append(
            AllocationRequest(
                id=f"r-{n}",
                type_code="Q",
                patient=Patient(ref=f"p-{n}"),
                windows=[
                    TimeRange(MONDAY + timedelta(hours=hour), MONDAY + timedelta(hours=hour + 1))
                ],
                providers=["dr-0", "dr-1"][: 1 + (n + seed) % 2],
            )
        )
    return requests


class Nothing:
    """A solver that chooses nothing and proves nothing."""

    def solve(self, model: CandidateModel) -> Solution:
        """No candidates, the trivial bound."""
        return Solution(chosen=(), bound=float(sum(model.weights)), optimal=False)


class Greedy:
    """A solver that chooses two starts for the first request (a broken solver)."""

    def solve(self, model: CandidateModel) -> Solution:
        """Two candidates of one request."""
        return Solution(chosen=(0, 1), bound=2.0, optimal=False)


class TestCandidateModel:
    """Candidates and groups."""

    def test_one_unit_visits_make_a_unit_model(self) -> None:
        """Fifteen-minute visits on a fifteen-minute grid conflict only at one start."""
        model = candidate_model(ScheduleSnapshot(setup=UNIT), unit_batch(5, 0), now=NOW)
        assert model.unit
        assert all(c.end - c.start == 900 for c in model.candidates)

    def test_resource_pools_are_refused(self) -> None:
        """A type needing a room is left to the greedy allocation."""
        setup = weekday_setup(
            providers=1,
            rooms=1,
            zone="UTC",
            types=[
                AppointmentType(
                    code="P",
                    duration_minutes=30,
                    resources=[ResourceRequirement(category="exam-room")],
                )
            ],
        )
        request = AllocationRequest(
            id="r",
            type_code="P",
            patient=Patient(ref="p"),
            windows=[TimeRange(MONDAY + timedelta(hours=9), MONDAY + timedelta(hours=12))],
        )
        with pytest.raises(InvalidArgument):
            candidate_model(ScheduleSnapshot(setup=setup), [request], now=NOW)


class TestSolverPort:
    """Any Solver plugs in; what it returns is reported honestly."""

    def test_a_solver_that_chooses_nothing_reports_the_full_gap(self) -> None:
        """No placements, a positive bound, a gap of one."""
        instance = generated(requests=10, providers=2, days=1, seed=3)
        solver: Solver = Nothing()
        result = allocate_exact(
            instance.snapshot, instance.requests, now=instance.now, solver=solver
        )
        assert result.objective == 0
        assert result.gap == 1.0
        assert not result.optimal

    def test_two_starts_for_one_request_are_refused(self) -> None:
        """A solver breaking the one-per-request rule is caught."""
        model = candidate_model(ScheduleSnapshot(setup=UNIT), unit_batch(1, 0), now=NOW)
        assert model.candidates[0].request == model.candidates[1].request
        with pytest.raises(InvalidArgument):
            allocate_exact(ScheduleSnapshot(setup=UNIT), unit_batch(1, 0), now=NOW, solver=Greedy())


class TestScipySolvers:
    """The MILP and the assignment agree on unit models and beat or match greedy."""

    @settings(max_examples=15, deadline=None)
    @given(count=st.integers(1, 40), seed=st.integers(0, 6))
    def test_assignment_and_milp_find_the_same_optimum(self, count: int, seed: int) -> None:
        """On unit models both exact solvers reach the same objective, proven optimal."""
        pytest.importorskip("scipy")
        from medoffice.adapters.solvers import (  # noqa: PLC0415
            AssignmentSolver,
            MilpSolver,
        )

        snapshot = ScheduleSnapshot(setup=UNIT)
        batch = unit_batch(count, seed)
        by_assignment = allocate_exact(snapshot, batch, now=NOW, solver=AssignmentSolver())
        by_milp = allocate_exact(snapshot, batch, now=NOW, solver=MilpSolver())
        assert by_assignment.objective == by_milp.objective
        assert by_assignment.optimal
        assert by_milp.optimal
        assert allocate(snapshot, batch, now=NOW).objective <= by_milp.objective

    def test_assignment_refuses_a_model_that_is_not_unit(self) -> None:
        """Mixed durations need the MILP."""
        pytest.importorskip("scipy")
        from medoffice.adapters.solvers import AssignmentSolver  # noqa: PLC0415

        instance = generated(requests=10, providers=2, days=1, seed=3)
        with pytest.raises(InvalidArgument):
            allocate_exact(
                instance.snapshot, instance.requests, now=instance.now, solver=AssignmentSolver()
            )

    def test_a_time_limit_must_be_positive(self) -> None:
        """A zero time limit is an InvalidArgument."""
        from medoffice.adapters.solvers import MilpSolver  # noqa: PLC0415

        with pytest.raises(InvalidArgument):
            MilpSolver(time_limit=0)


class TestByDay:
    """Splitting by days that share no window is exact."""

    def test_requests_on_different_days_form_different_groups(self) -> None:
        """Monday and Tuesday requests are solved apart; one spanning both joins them."""
        monday = unit_batch(2, 0)
        tuesday = [
            attrs.evolve(
                r,
                id=f"t-{r.id}",
                windows=[
                    TimeRange(w.start + timedelta(days=1), w.end + timedelta(days=1))
                    for w in r.windows
                ],
            )
            for r in monday
        ]
        assert [len(g) for g in day_groups([*monday, *tuesday], zone_name="UTC")] == [2, 2]
        both = attrs.evolve(monday[0], id="both", windows=[*monday[0].windows, *tuesday[0].windows])
        assert [len(g) for g in day_groups([*monday, *tuesday, both], zone_name="UTC")] == [5]

    @settings(max_examples=10, deadline=None)
    @given(seed=st.integers(0, 1000))
    def test_by_day_reaches_the_same_optimum(self, seed: int) -> None:
        """Solved whole or by day groups, the proven optimum is the same."""
        pytest.importorskip("scipy")
        from medoffice.adapters.solvers import MilpSolver  # noqa: PLC0415

        instance = generated(requests=30, providers=2, days=3, seed=seed)
        whole = allocate_exact(
            instance.snapshot, instance.requests, now=instance.now, solver=MilpSolver()
        )
        split = allocate_exact(
            instance.snapshot, instance.requests, now=instance.now, solver=MilpSolver(), by_day=True
        )
        assert whole.optimal
        assert split.optimal
        assert split.objective == whole.objective
        assert split.bound >= split.objective
        accounted = [p.request_id for p in split.placements] + [
            u.request_id for u in split.unplaced
        ]
        assert sorted(accounted) == sorted(r.id for r in instance.requests)
