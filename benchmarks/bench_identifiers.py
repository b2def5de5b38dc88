"""Identifier validation throughput: ``npi.is_valid`` over a batch of 10,000 values."""

from __future__ import annotations

import random

from pytest_benchmark.fixture import BenchmarkFixture

from medoffice.identifiers import guess, npi

BATCH = 10_000


def npi_batch(size: int) -> list[str]:
    """A reproducible mix: half valid NPIs, half with one digit changed (so invalid)."""
    rng = random.Random(20261128)
    values = []
    for i in range(size):
        first_nine = rng.choice("12") + "".join(rng.choices("0123456789", k=8))
        value = first_nine + npi.calc_check_digit(first_nine)
        if i % 2:
            position = rng.randrange(10)
            changed = str((int(value[position]) + rng.randrange(1, 10)) % 10)
            value = value[:position] + changed + value[position + 1 :]
        values.append(value)
    return values


def test_npi_is_valid_on_a_batch(benchmark: BenchmarkFixture, scale: float) -> None:
    """Validate 10,000 NPIs (scaled down in the smoke run); exactly the unchanged half pass."""
    values = npi_batch(max(1, int(BATCH * scale)))

    def run() -> int:
        return sum(map(npi.is_valid, values))

    assert benchmark(run) == (len(values) + 1) // 2


def test_guess_on_a_batch(benchmark: BenchmarkFixture, scale: float) -> None:
    """Guess the kind of 10,000 NPI-like values (scaled down in the smoke run)."""
    values = npi_batch(max(1, int(BATCH * scale)))

    def run() -> int:
        return sum(1 for value in values if guess(value))

    assert benchmark(run) == (len(values) + 1) // 2
