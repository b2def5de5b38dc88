"""Recording a replacement claim into a claim history of 1,000 and of 100,000 prior claims.

A replacement (frequency ``7``) first removes the lines of the claim it replaces. The in-memory
history used to find them by scanning every (patient, provider, day) it held, 50.6 ms at 100,000
prior claims; it now keeps the days of each claim, and SQLite finds them through its
``claim_line_by_claim`` index. Both sizes run in the same session: with an index the time of
one replacement does not grow with the history (compare the two medians of each adapter).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Final

import attrs
import pytest
from pytest_benchmark.fixture import BenchmarkFixture

from medoffice.adapters.memory import InMemoryClaimHistory
from medoffice.adapters.sqlite import open_database
from medoffice.claims._model import Claim
from medoffice.claims.ports import ClaimHistory
from medoffice.testing import sample_claim

SIZES: Final = (1_000, 100_000)


def _claims(count: int) -> list[Claim]:
    """``count`` claims of one patient and provider, each on a day of its own."""
    base = sample_claim()
    first = base.lines[0].service_from
    claims = []
    for number in range(count):
        day = first - timedelta(days=number)
        lines = tuple(attrs.evolve(ln, service_from=day, service_to=day) for ln in base.lines)
        claims.append(attrs.evolve(base, patient_control_number=f"PCN{number:07d}", lines=lines))
    return claims


def _replacements(claims: list[Claim]) -> Iterator[Claim]:
    """Replacements of the recorded claims in turn, each moved a day later than the original."""
    for claim in itertools.cycle(claims[:: max(1, len(claims) // 97)]):
        lines = tuple(
            attrs.evolve(ln, service_from=ln.service_from + timedelta(days=1)) for ln in claim.lines
        )
        yield attrs.evolve(claim, frequency="7", lines=lines)


def _measure(benchmark: BenchmarkFixture, history: ClaimHistory, claims: list[Claim]) -> None:
    replacements = _replacements(claims)
    benchmark.extra_info["prior_claims"] = len(claims)
    benchmark(lambda: history.record(next(replacements)))


@pytest.mark.parametrize("size", SIZES)
def test_replacement_in_memory(benchmark: BenchmarkFixture, size: int, scale: float) -> None:
    claims = _claims(max(10, int(size * scale)))
    history = InMemoryClaimHistory()
    for claim in claims:
        history.record(claim)
    _measure(benchmark, history, claims)


@pytest.mark.parametrize("size", SIZES)
def test_replacement_in_sqlite(
    benchmark: BenchmarkFixture, size: int, scale: float, tmp_path: Path
) -> None:
    claims = _claims(max(10, int(size * scale)))
    database = open_database(tmp_path / "office.db")
    try:
        with database.unit_of_work() as unit:
            for claim in claims:
                unit.claims.record(claim)
        _measure(benchmark, database.claims, claims)
    finally:
        database.close()
