"""Revenue-cycle benchmarks: 835 reading, posting and aging at the sizes the targets name.

Targets: reading an 835 at 10 MB/s or more, on a file as varied as a real payer's (amounts with
any cents, many codes, payers and adjustment reasons: ``generate_835(..., varied=True)``) and on
the repetitive synthetic one (the tokenizer alone is measured on the same files in the same run,
as the floor under the reader and a gauge of the machine's load; one benchmark reads both files
in turn and records the ratio of their speeds, in CPU time); posting 100,000
claim payments in 2 s or less (the pure core, :func:`~medoffice.revenue.post_remittance`, over
synthetic claims of one to three lines); aging 1,000,000 open items in 1 s or less. Each result
records the load average of the machine when it ran.
"""

from __future__ import annotations

import io
import os
import random
import statistics
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import pytest
from pytest_benchmark.fixture import BenchmarkFixture

from medoffice.adapters.formats.x12._elements import _AMOUNTS as _ELEMENT_AMOUNTS
from medoffice.adapters.formats.x12._elements import _DAYS, _NUMBERS
from medoffice.adapters.formats.x12._remit_reader import read_835
from medoffice.adapters.formats.x12._remit_values import CACHES
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

# About 240 bytes per synthetic claim paid: 42,000 claims make a ~10 MB file at scale 1.0; a
# varied claim (more lines, adjustments, remarks and companion segments) takes about 500.
ERA_CLAIMS = {"synthetic": 42_000, "varied": 19_000}
POSTED_CLAIMS = 100_000
OPEN_ITEMS = 1_000_000
T = TypeVar("T")


def _pedantic(benchmark: Any, target: Callable[..., T], **options: Any) -> T:
    """``benchmark.pedantic`` (untyped in pytest-benchmark) with the target's result type."""
    result: T = benchmark.pedantic(target, **options)
    return result


def _load(benchmark: BenchmarkFixture) -> None:
    benchmark.extra_info["load average (1, 5, 15 min)"] = [round(x, 2) for x in os.getloadavg()]


def _era(tmp_path_factory: pytest.TempPathFactory, scale: float, kind: str) -> Path:
    path = tmp_path_factory.mktemp("era") / f"{kind}.835"
    count = max(1, int(ERA_CLAIMS[kind] * scale))
    path.write_bytes(generate_835(count, seed=835, varied=kind == "varied"))
    return path


@pytest.fixture(scope="module")
def era_files(tmp_path_factory: pytest.TempPathFactory, scale: float) -> dict[str, Path]:
    """~10 MB 835s on disk: ``synthetic`` (1,000 claims to a transaction, a few dozen distinct
    adjustment and service segments) and ``varied`` (see the module's docstring)."""
    return {kind: _era(tmp_path_factory, scale, kind) for kind in ERA_CLAIMS}


@pytest.fixture(params=list(ERA_CLAIMS))
def era_file(request: pytest.FixtureRequest, era_files: dict[str, Path]) -> Path:
    """Each of the 835 files in turn."""
    path: Path = era_files[request.param]
    return path


def _megabytes_per_second(benchmark: BenchmarkFixture, path: Path) -> None:
    size = path.stat().st_size
    benchmark.extra_info["bytes"] = size
    stats = getattr(benchmark, "stats", None)
    if stats is not None and stats.stats.median:
        benchmark.extra_info["MB/s (median)"] = round(size / stats.stats.median / 1e6, 2)
    _load(benchmark)


def _claims_read(path: Path) -> int:
    return sum(len(item.claims) for item in read_835(path) if isinstance(item, Remittance))


def _cold() -> None:
    """Empty the reader's caches of values read (amounts, dates, adjustments, procedures): each
    round reads the file as a first file, not as one whose every amount was seen before."""
    for cache in (*CACHES, _ELEMENT_AMOUNTS, _DAYS, _NUMBERS):
        cache.clear()


def test_read_835(benchmark: BenchmarkFixture, era_file: Path) -> None:
    """Read every remittance of the file, with its balancing and structure findings (from
    empty caches each round)."""
    claims = _pedantic(benchmark, _claims_read, args=(era_file,), setup=_cold, rounds=5)
    assert claims == era_file.read_bytes().count(b"~CLP*")
    _megabytes_per_second(benchmark, era_file)


def test_read_835_varied_against_synthetic(
    benchmark: BenchmarkFixture, era_files: dict[str, Path]
) -> None:
    """Read the synthetic and the varied file in turn; the median MB/s of each (CPU time, so
    the machine's other work counts less) and the ratio varied / synthetic of the same run."""
    seconds: dict[str, list[float]] = {kind: [] for kind in era_files}

    def both() -> None:
        for kind, path in era_files.items():
            _cold()
            start = time.process_time()
            _claims_read(path)
            seconds[kind].append(time.process_time() - start)

    _pedantic(benchmark, both, rounds=5, iterations=1)
    speeds = {
        kind: path.stat().st_size / max(statistics.median(seconds[kind]), 1e-9) / 1e6
        for kind, path in era_files.items()
    }
    for kind, speed in speeds.items():
        benchmark.extra_info[f"{kind} MB/s (median CPU time)"] = round(speed, 2)
    benchmark.extra_info["varied / synthetic"] = round(speeds["varied"] / speeds["synthetic"], 3)
    _load(benchmark)


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
