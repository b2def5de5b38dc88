"""Benchmark settings.

``make test`` runs every benchmark once with ``--benchmark-disable`` as a smoke test; there the
``scale`` fixture shrinks the generated workloads so the smoke run stays quick. ``make bench``
runs them for real, at full size (scale 1.0), and the figures it prints are the ones reported.
"""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def scale(request: pytest.FixtureRequest) -> float:
    """1.0 for real benchmark runs, 0.01 for the one-shot smoke run."""
    return 0.01 if request.config.getoption("benchmark_disable") else 1.0
