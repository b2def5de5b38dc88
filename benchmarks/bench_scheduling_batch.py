"""Benchmarks of batch allocation on the frozen, seeded instance suite.

Figures the allocation is held to (full size, ``make bench``):

- greedy, 2,000 requests x 20 providers x 10 days: <= 1 s;
- greedy placements against the best known objective of each instance (target >= 96%), and
  greedy with repair and restarts in a 2-second budget (target >= 97.5%), recorded in
  ``extra_info`` and asserted in full-size runs;
- the exact MILP (HiGHS, optional ``scipy`` extra) proves the optimum of the 150-request
  instance within 10 s.

The suite lives in :mod:`medoffice.testing._allocation_instances`; the smoke run shrinks every
instance with the ``scale`` fixture.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest

from medoffice.scheduling._alloc_exact import allocate_exact
from medoffice.scheduling._alloc_greedy import allocate
from medoffice.scheduling._alloc_model import Allocation
from medoffice.testing._allocation_instances import AllocationInstance, suite_instance

REPAIR_BUDGET = 2.0  # seconds
GREEDY_TARGET = 0.96  # of the best known objective, on every instance
REPAIR_TARGET = 0.975
NAMES = ("a150", "a400", "a900", "a2000")


def _budget(seconds: float) -> Callable[[], bool]:
    start = time.perf_counter()
    return lambda: time.perf_counter() - start > seconds


def _record(benchmark: Any, instance: AllocationInstance, result: Allocation) -> float:
    best = instance.best_known or result.bound
    ratio = result.objective / best if best else 1.0
    benchmark.extra_info.update(
        {
            "requests": len(instance.requests),
            "placed": result.objective,
            "bound": result.bound,
            "gap": round(result.gap, 4),
            "best_known": instance.best_known,
            "ratio_to_best_known": round(ratio, 4),
        }
    )
    assert result.bound >= result.objective
    return ratio


def test_greedy_2000_requests_20_providers_10_days(benchmark: Any, scale: float) -> None:
    """Greedy placement of the largest instance."""
    instance = suite_instance("a2000", scale=scale)
    result = benchmark(
        allocate, instance.snapshot, instance.requests, now=instance.now, repair=False
    )
    _record(benchmark, instance, result)
    if scale >= 1.0 and not benchmark.disabled:
        assert benchmark.stats.stats.mean <= 1.0


@pytest.mark.parametrize("name", NAMES)
def test_greedy_placement_ratio(benchmark: Any, scale: float, name: str) -> None:
    """Greedy alone on each instance, against its best known objective."""
    instance = suite_instance(name, scale=scale)
    result = benchmark.pedantic(
        allocate,
        args=(instance.snapshot, instance.requests),
        kwargs={"now": instance.now, "repair": False},
        rounds=1,
    )
    ratio = _record(benchmark, instance, result)
    if scale >= 1.0:
        assert ratio >= GREEDY_TARGET


@pytest.mark.parametrize("name", NAMES)
def test_repaired_placement_ratio(benchmark: Any, scale: float, name: str) -> None:
    """Greedy then repair within the budget, against the best known objective."""
    instance = suite_instance(name, scale=scale)

    def run() -> Allocation:
        return allocate(
            instance.snapshot,
            instance.requests,
            now=instance.now,
            deadline=_budget(REPAIR_BUDGET * max(scale, 0.01)),
            repair_rounds=50,
        )

    result = benchmark.pedantic(run, rounds=1)
    ratio = _record(benchmark, instance, result)
    if scale >= 1.0:
        assert ratio >= REPAIR_TARGET


def test_exact_optimum_of_150_requests(benchmark: Any, scale: float) -> None:
    """The MILP proves the optimum of the 150-request instance within 10 s."""
    pytest.importorskip("scipy")
    from medoffice.adapters.solvers import MilpSolver  # noqa: PLC0415

    instance = suite_instance("a150", scale=scale)
    result = benchmark.pedantic(
        allocate_exact,
        args=(instance.snapshot, instance.requests),
        kwargs={"now": instance.now, "solver": MilpSolver(time_limit=10.0)},
        rounds=1,
    )
    _record(benchmark, instance, result)
    assert result.optimal
