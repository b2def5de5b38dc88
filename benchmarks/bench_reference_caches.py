"""The MCE and HCPCS tables: read from their CSV files, and back from the compiled cache.

Loading the MCE diagnosis edits used to parse 106,000 dates with ``strptime`` (half of its
time); days are now parsed by hand and each distinct period once, and both tables keep a
checksummed compiled cache. Both sides (the CSV read with ``cache=False``, the cache read) are
measured in the same run; the ratio of medians is in ``extra_info``. Needs the official files
(``MEDOFFICE_REFERENCE_DATA``); skipped with the reason otherwise.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final, cast

import pytest
from pytest_benchmark.fixture import BenchmarkFixture

from medoffice.adapters.reference import load_diagnosis_edits, load_hcpcs

ROUNDS: Final = 7


@pytest.fixture(scope="module")
def folder() -> Path:
    value = os.environ.get("MEDOFFICE_REFERENCE_DATA")
    if not value or not Path(value).is_dir():
        pytest.skip("MEDOFFICE_REFERENCE_DATA is not set: the official reference files are absent")
    return Path(value)


def _both(
    benchmark: BenchmarkFixture, load: Callable[..., object], cache: Path, rounds: int
) -> None:
    load(cache=True, cache_dir=cache)  # compile the cache once
    times: dict[str, list[float]] = {"csv": [], "cache": []}

    def interleaved() -> None:
        for _ in range(rounds):
            for name, values in times.items():
                start = time.perf_counter()
                load(cache=name == "cache", cache_dir=cache)
                values.append(time.perf_counter() - start)

    cast(Any, benchmark).pedantic(interleaved, rounds=1, iterations=1)  # untyped upstream
    medians = {name: statistics.median(values) for name, values in times.items()}
    benchmark.extra_info.update(
        {
            "load_average": os.getloadavg()[0],
            "median_ms": {name: round(value * 1000, 1) for name, value in medians.items()},
            "csv_over_cache": round(medians["csv"] / medians["cache"], 2),
        }
    )
    print(benchmark.extra_info)  # noqa: T201 - the figures a reader wants


def test_mce(benchmark: BenchmarkFixture, folder: Path, tmp_path: Path, scale: float) -> None:
    mce = folder / "mce"

    def load(**options: Any) -> object:
        return load_diagnosis_edits(
            mce / "mce_v43_1_icd10cm_dx_master.csv",
            age_ranges=mce / "mce_v43_1_age_ranges.csv",
            **options,
        )

    _both(benchmark, load, tmp_path, ROUNDS if scale == 1.0 else 1)


def test_hcpcs(benchmark: BenchmarkFixture, folder: Path, tmp_path: Path, scale: float) -> None:
    def load(**options: Any) -> object:
        return load_hcpcs(folder / "hcpcs" / "HCPC2025_OCT_ANWEB_v4.csv", **options)

    _both(benchmark, load, tmp_path, ROUNDS if scale == 1.0 else 1)
