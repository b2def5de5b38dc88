"""Revenue-cycle benchmarks: 835 reading, posting and aging at the sizes the targets name.

Targets: reading an 835 at 10 MB/s or more (the tokenizer alone is measured on the same file in
the same run, as the floor under the reader and a gauge of the machine's load); posting 100,000
claim payments in 2 s or less (the pure core, :func:`~medoffice.revenue.post_remittance`, over
synthetic claims of one to three lines); aging 1,000,000 open items in 1 s or less. Each result
records the load average of the machine when it ran.
"""

from __future__ import annotations

import io
import os
import random
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import pytest
from pytest_benchmark.fixture import BenchmarkFixture

from medoffice.adapters.formats.x12._remit_reader import read_835
from medoffice.adapters.formats.x12._tokens import segments
from medoffice.revenue._aging import OpenItem, age
from medoffice.revenue._ledger import PATIENT
from medoffice.revenue._model import BilledClaim, Remittance
from medoffice.revenue._posting import post_remittance
from medoffice.testing._era_generator import (
    generate_835,
    synthetic_billed_claims,
    synthetic_remittance,
)

# About 236 bytes per synthetic claim paid: 42,000 claims make a ~10 MB file at scale 1.0.
ERA_CLAIMS = 42_000
POSTED_CLAIMS = 100_000
OPEN_ITEMS = 1_000_000
T = TypeVar("T")


def _pedantic(benchmark: Any, target: Callable[..., T], **options: Any) -> T:
    """``benchmark.pedantic`` (untyped in pytest-benchmark) with the target's result type."""
    result: T = benchmark.pedantic(target, **options)
    return result


def _load(benchmark: BenchmarkFixture) -> None:
    benchmark.extra_info["load average (1, 5, 15 min)"] = [round(x, 2) for x in os.getloadavg()]


@pytest.fixture(scope="module")
def era_file(tmp_path_factory: pytest.TempPathFactory, scale: float) -> Path:
    """A synthetic 835 of max(1, 42,000 x scale) claims, 1,000 to a transaction, on disk."""
    path = tmp_path_factory.mktemp("era") / "remittances.835"
    path.write_bytes(generate_835(max(1, int(ERA_CLAIMS * scale)), seed=835))
    return path


def _megabytes_per_second(benchmark: BenchmarkFixture, path: Path) -> None:
    size = path.stat().st_size
    benchmark.extra_info["bytes"] = size
    stats = getattr(benchmark, "stats", None)
    if stats is not None and stats.stats.median:
        benchmark.extra_info["MB/s (median)"] = round(size / stats.stats.median / 1e6, 2)
    _load(benchmark)


def test_read_835(benchmark: BenchmarkFixture, era_file: Path) -> None:
    """Read every remittance of the file, with its balancing and structure findings."""

    def read() -> int:
        return sum(len(item.claims) for item in read_835(era_file) if isinstance(item, Remittance))

    assert benchmark(read) == era_file.read_bytes().count(b"~CLP*")
    _megabytes_per_second(benchmark, era_file)


def test_tokenize_835(benchmark: BenchmarkFixture, era_file: Path) -> None:
    """Only split the same file into segments (the floor under the reader)."""

    def tokenize() -> int:
        with era_file.open("rb") as stream:
            return sum(1 for _ in segments(io.BytesIO(stream.read())))

    assert benchmark(tokenize) > 0
    _megabytes_per_second(benchmark, era_file)


@pytest.fixture(scope="module")
def to_post(scale: float) -> tuple[dict[str, BilledClaim], Remittance]:
    """max(1, 100,000 x scale) billed claims and one remittance paying them all."""
    claims = list(synthetic_billed_claims(max(1, int(POSTED_CLAIMS * scale)), seed=100))
    return {c.control_number: c for c in claims}, synthetic_remittance(claims, seed=100)


def test_post_claim_payments(
    benchmark: BenchmarkFixture, to_post: tuple[dict[str, BilledClaim], Remittance]
) -> None:
    """Post one remittance of 100,000 claim payments (matching, entries, denials)."""
    billed, remittance = to_post
    posting = _pedantic(
        benchmark,
        post_remittance,
        args=(remittance,),
        kwargs={"billed": billed, "posted": frozenset()},
        rounds=5,
        iterations=1,
    )
    assert posting.work == ()
    benchmark.extra_info["claims"] = len(remittance.claims)
    benchmark.extra_info["entries"] = len(posting.entries)
    _load(benchmark)


@pytest.fixture(scope="module")
def open_items(scale: float) -> list[OpenItem]:
    """max(1, 1,000,000 x scale) open balances over 2,000 patients, three payers, 400 days."""
    rng = random.Random(1)
    start = date(2025, 6, 1).toordinal()
    parties = ("PAYER-A", "PAYER-B", "PAYER-C", PATIENT)
    return [
        OpenItem(
            f"C{number}",
            rng.choice(parties),
            f"patient-{number % 2000}",
            start + rng.randrange(400),
            rng.randrange(-1_000, 100_000),
            "USD",
        )
        for number in range(max(1, int(OPEN_ITEMS * scale)))
    ]


@pytest.mark.parametrize("by", ["payer", "patient"])
def test_age_open_items(benchmark: BenchmarkFixture, open_items: list[OpenItem], by: str) -> None:
    """Age 1,000,000 open items into five buckets, by payer or by patient."""
    aging = _pedantic(
        benchmark, age, args=(open_items,), kwargs={"as_of": date(2026, 6, 30), "by": by}, rounds=5
    )
    assert aging.rows
    benchmark.extra_info["open items"] = len(open_items)
    _load(benchmark)
