"""The FY2027 ICD-10-CM release derived from the official order addenda: apply, and load cached.

Budgets: applying the CMS FY2027 order addenda to the FY2026 tables in memory <= 1 s; loading
the derived release from its cache <= 0.1 s. The second figure is measured in the same run as
loading the bundled FY2026 release from its cache, and their ratio is stored in
``extra_info`` (the derived release should cost about what any cached release costs).
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest
from pytest_benchmark.fixture import BenchmarkFixture

from medoffice.adapters.reference._icd10cm import load_icd10cm
from medoffice.adapters.reference._icd10cm_addenda import read_order_addenda
from medoffice.adapters.reference._icd10cm_derived import BUNDLED_ADDENDA, derive_icd10cm
from medoffice.coding.icd10cm._addenda import OrderAddenda, apply_addenda
from medoffice.coding.icd10cm._index import IcdCodeSet

T = TypeVar("T")


def _paired(
    first: Callable[[], object], second: Callable[[], object], rounds: int
) -> tuple[float, float]:
    """The medians of ``first`` and ``second`` timed alternately in this run (seconds)."""
    ones, twos = [], []
    for _ in range(rounds):
        start = time.perf_counter()
        first()
        middle = time.perf_counter()
        second()
        ones.append(middle - start)
        twos.append(time.perf_counter() - middle)
    return statistics.median(ones), statistics.median(twos)


def _pedantic(benchmark: Any, target: Callable[..., T], **options: Any) -> T:
    """``benchmark.pedantic`` (untyped in pytest-benchmark) with the target's result type."""
    result: T = benchmark.pedantic(target, **options)
    return result


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warm cache folder for this run, holding FY2026 and the derived FY2027."""
    folder = tmp_path_factory.mktemp("icd10cm-addenda-bench")
    derive_icd10cm(cache_dir=folder)
    return folder


@pytest.fixture(scope="module")
def fy2026(cache: Path) -> IcdCodeSet:
    """The bundled FY2026 April release."""
    return load_icd10cm(cache_dir=cache)


@pytest.fixture(scope="module")
def addenda() -> OrderAddenda:
    """The shipped CMS FY2027 order addenda, parsed."""
    text = BUNDLED_ADDENDA.path.read_bytes().decode("ascii")
    return read_order_addenda(text, file=BUNDLED_ADDENDA.name)


def test_apply_the_fy2027_order_addenda(
    benchmark: BenchmarkFixture,
    fy2026: IcdCodeSet,
    addenda: OrderAddenda,
    cache: Path,
    scale: float,
) -> None:
    """FY2026 tables + 297 addenda rows -> the FY2027 tables (budget: 1 s).

    On a shared machine the absolute figure moves with the load, so the same run also times
    loading FY2026 from its cache (0.05 s on an idle machine) and stores the ratio.
    """
    rounds = 5 if scale >= 1 else 1
    tables = _pedantic(
        benchmark,
        apply_addenda,
        args=(fy2026.tables, addenda),
        kwargs={"source": BUNDLED_ADDENDA.label},
        rounds=rounds,
        iterations=1,
    )
    assert len(tables.billable_keys()) == 74_879
    applied, loaded = _paired(
        lambda: apply_addenda(fy2026.tables, addenda, source=BUNDLED_ADDENDA.label),
        lambda: load_icd10cm(cache_dir=cache),
        rounds,
    )
    benchmark.extra_info.update(
        {
            "apply_median_seconds": applied,
            "cached_load_median_seconds": loaded,
            "apply_over_cached_load": applied / loaded,
        }
    )
    print(json.dumps(benchmark.extra_info))  # noqa: T201 - the figures a reader wants


def test_load_the_derived_release_from_the_cache(
    benchmark: BenchmarkFixture, cache: Path, scale: float
) -> None:
    """Load the derived FY2027 release from its cache (budget: 0.1 s), beside FY2026's load."""
    rounds = 10 if scale >= 1 else 1
    codes = _pedantic(benchmark, derive_icd10cm, kwargs={"cache_dir": cache}, rounds=rounds)
    assert len(codes.billable_codes()) == 74_879
    derived, bundled = _paired(
        lambda: derive_icd10cm(cache_dir=cache), lambda: load_icd10cm(cache_dir=cache), rounds
    )
    benchmark.extra_info.update(
        {
            "derived_median_seconds": derived,
            "bundled_median_seconds": bundled,
            "derived_over_bundled": derived / bundled,
        }
    )
    print(json.dumps(benchmark.extra_info))  # noqa: T201 - the figures a reader wants
