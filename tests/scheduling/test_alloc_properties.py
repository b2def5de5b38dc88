"""Properties of batch allocation on random practices with buffers, rooms, limits and patients.

An allocation never double-books (every placement books through the booking decision), never
places a request outside its windows or with a provider it may not see, accounts for every
request once, and reports a bound never below its objective (nor below the exact optimum).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medoffice.kernel import TimeRange
from medoffice.scheduling._alloc_exact import allocate_exact
from medoffice.scheduling._alloc_greedy import allocate, book_allocation
from medoffice.scheduling._alloc_model import Allocation, AllocationRequest
from medoffice.scheduling._booking import Booked, BookingPolicy, BookingRequest, decide_booking
from medoffice.scheduling._snapshot import ScheduleSnapshot
from medoffice.scheduling._types import (
    AppointmentType,
    Limit,
    LimitPeriod,
    Patient,
    ResourceRequirement,
)
from medoffice.testing._allocation_instances import generated
from medoffice.testing._scheduling_strategies import weekday_setup

SETUP = weekday_setup(
    providers=3,
    rooms=1,
    zone="America/Chicago",
    types=[
        AppointmentType(code="FU", duration_minutes=30, buffer_after_minutes=10),
        AppointmentType(
            code="PROC",
            duration_minutes=45,
            buffer_before_minutes=5,
            resources=[ResourceRequirement(category="exam-room")],
        ),
        AppointmentType(
            code="NEW",
            duration_minutes=60,
            grid_minutes=20,
            eligible_providers=["dr-0", "dr-1"],
            limits=[Limit(period=LimitPeriod.DAY, max_count=2)],
        ),
    ],
)
MONDAY = datetime(2026, 3, 2, 14, tzinfo=UTC)  # 08:00 in Chicago
NOW = MONDAY - timedelta(days=2)
PROVIDERS = ("dr-0", "dr-1", "dr-2")


@st.composite
def batches(draw: st.DrawFn) -> tuple[ScheduleSnapshot, list[AllocationRequest]]:
    """A calendar with a few visits booked, and a batch of requests over two days."""
    snapshot = ScheduleSnapshot(setup=SETUP)
    for n in range(draw(st.integers(0, 6))):
        start = MONDAY + timedelta(
            days=draw(st.integers(0, 1)), minutes=15 * draw(st.integers(4, 30))
        )
        decision = decide_booking(
            snapshot,
            BookingRequest(
                appointment_id=f"pre-{n}",
                type_code=draw(st.sampled_from(["FU", "PROC"])),
                provider=draw(st.sampled_from(PROVIDERS)),
                start=start,
                patient=Patient(ref=f"pre-{n}"),
            ),
            BookingPolicy(),
            NOW,
        )
        if isinstance(decision, Booked):
            snapshot = snapshot.with_appointments([decision.appointment])
    requests = []
    for n in range(draw(st.integers(1, 25))):
        day = draw(st.integers(0, 1))
        first = draw(st.integers(0, 16))
        length = draw(st.integers(1, 10))
        low = MONDAY + timedelta(days=day, minutes=30 * first)
        requests.append(
            AllocationRequest(
                id=f"r-{n}",
                type_code=draw(st.sampled_from(["FU", "PROC", "NEW"])),
                patient=Patient(ref=f"p-{draw(st.integers(0, 8))}"),
                windows=[TimeRange(low, low + timedelta(minutes=30 * length))],
                providers=draw(st.frozensets(st.sampled_from(PROVIDERS), max_size=3)),
                priority=draw(st.integers(0, 2)),
            )
        )
    return snapshot, requests


def check_placements(
    snapshot: ScheduleSnapshot,
    requests: list[AllocationRequest],
    result: Allocation,
    now: datetime = NOW,
) -> None:
    by_id = {r.id: r for r in requests}
    placed = [p.request_id for p in result.placements]
    assert sorted(placed + [u.request_id for u in result.unplaced]) == sorted(by_id)
    for placement in result.placements:
        request = by_id[placement.request_id]
        span = TimeRange(placement.start, placement.end)
        assert any(w.contains(span) for w in request.windows)
        assert not request.providers or placement.provider in request.providers
        assert snapshot.appointment_type(request.type_code).allows_provider(placement.provider)
    decisions, _ = book_allocation(snapshot, result, requests, policy=BookingPolicy(), now=now)
    assert all(isinstance(d, Booked) for d in decisions)
    assert result.bound >= result.objective
    assert 0.0 <= result.gap <= 1.0


class TestAllocationIsAlwaysBookable:
    """Whatever the batch, the allocation books cleanly and stays inside its windows."""

    @settings(max_examples=60, deadline=None)
    @given(case=batches())
    def test_greedy_placements_all_book(
        self, case: tuple[ScheduleSnapshot, list[AllocationRequest]]
    ) -> None:
        """Greedy placements pass the booking decision, windows and provider lists."""
        snapshot, requests = case
        check_placements(snapshot, requests, allocate(snapshot, requests, now=NOW, repair=False))

    @settings(max_examples=60, deadline=None)
    @given(case=batches())
    def test_repaired_placements_all_book(
        self, case: tuple[ScheduleSnapshot, list[AllocationRequest]]
    ) -> None:
        """Repair keeps every placement bookable and never places fewer."""
        snapshot, requests = case
        repaired = allocate(snapshot, requests, now=NOW)
        check_placements(snapshot, requests, repaired)
        assert repaired.objective >= allocate(snapshot, requests, now=NOW, repair=False).objective

    @settings(max_examples=30, deadline=None)
    @given(case=batches())
    def test_restarted_placements_all_book(
        self, case: tuple[ScheduleSnapshot, list[AllocationRequest]]
    ) -> None:
        """Restarts from shaken orders keep every placement bookable and never place fewer."""
        snapshot, requests = case
        restarted = allocate(snapshot, requests, now=NOW, deadline=lambda: False, repair_rounds=2)
        check_placements(snapshot, requests, restarted)
        # Against the same repair rounds without restarts (more rounds may place more).
        single = allocate(snapshot, requests, now=NOW, repair_rounds=2)
        assert restarted.objective >= single.objective


class TestBoundAgainstTheOptimum:
    """The greedy bound is never below the exact optimum."""

    @settings(max_examples=25, deadline=None)
    @given(seed=st.integers(0, 10_000), size=st.integers(5, 40))
    def test_bound_is_at_least_the_optimum(self, seed: int, size: int) -> None:
        """On small generated instances: greedy <= optimum <= greedy bound."""
        pytest.importorskip("scipy")
        from medoffice.adapters.solvers import MilpSolver  # noqa: PLC0415

        instance = generated(requests=size, providers=2, days=1, seed=seed)
        greedy = allocate(instance.snapshot, instance.requests, now=instance.now)
        exact = allocate_exact(
            instance.snapshot, instance.requests, now=instance.now, solver=MilpSolver()
        )
        check_placements(instance.snapshot, list(instance.requests), exact, instance.now)
        assert exact.optimal
        assert greedy.objective <= exact.objective <= greedy.bound
