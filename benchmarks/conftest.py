"""Benchmark settings.

``make test`` runs every benchmark once with ``--benchmark-disable`` as a smoke test; there the
``scale`` fixture shrinks the generated workloads so the smoke run stays quick. ``make bench``
runs them for real, at full size (scale 1.0), and the figures it prints are the ones reported.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from medoffice.testing._postgres import ServerUnreachable, scratch_database, server_url


@pytest.fixture(scope="session")
def scale(request: pytest.FixtureRequest) -> float:
    """1.0 for real benchmark runs, 0.01 for the one-shot smoke run."""
    return 0.01 if request.config.getoption("benchmark_disable") else 1.0


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A database of this run on the server ``MEDOFFICE_POSTGRES_URL`` names, dropped at the end;
    benchmarks that need it skip (saying why) when the variable is unset."""
    server = server_url()
    if server is None:
        pytest.skip("MEDOFFICE_POSTGRES_URL is not set: no PostgreSQL server to measure")
    try:
        with scratch_database(server) as url:
            yield url
    except ServerUnreachable as error:
        pytest.fail(str(error))
