"""ICD-10-CM index speed and memory, side by side with ``import simple_icd_10_cm``.

Budgets (issue: a compiled, versioned, fast index): compile <= 10 s once; load from the cache
<= 0.1 s and at least 18x faster than importing ``simple_icd_10_cm``; ``lookup`` and
``is_billable`` <= 1 microsecond; ``excludes1_conflicts`` on a 12-code claim <= 20 microseconds;
resident memory for one version <= 80 MB. Process-level figures (the package import, a cold load,
memory) are measured in fresh subprocesses and stored in the benchmark's ``extra_info``.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest
from pytest_benchmark.fixture import BenchmarkFixture

from medoffice.adapters.reference import bundled_files, load_icd10cm
from medoffice.adapters.reference._icd10cm import _compile
from medoffice.coding.icd10cm import IcdCodeSet

T = TypeVar("T")

CLAIM = (
    "E11.9",
    "E10.9",
    "I10",
    "Z79.4",
    "E78.5",
    "N18.30",
    "I25.10",
    "M54.50",
    "J44.9",
    "K21.9",
    "F32.9",
    "S72.001A",
)
LOOKUPS = 10_000
WORKING_SET = 5_000  # distinct codes a practice's claims draw on; the index remembers 6,144

_IMPORT_SIMPLE = """
import time, warnings
warnings.simplefilter("ignore")
start = time.perf_counter()
import simple_icd_10_cm
print(time.perf_counter() - start)
"""

_COLD_LOAD = """
import sys, time
start = time.perf_counter()
from medoffice.adapters.reference import load_icd10cm
from pathlib import Path
imported = time.perf_counter()
codes = load_icd10cm(cache_dir=Path(sys.argv[1]))
print(imported - start, time.perf_counter() - imported)
"""

_MEMORY = """
import sys
from pathlib import Path

def rss() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise SystemExit("no /proc/self/status")

before = rss()
from medoffice.adapters.reference import load_icd10cm
imported = rss()
codes = load_icd10cm(cache_dir=Path(sys.argv[1]))
loaded = rss()
billable = sorted(codes.billable_codes())
for code in billable[:: max(1, int(sys.argv[2]))]:
    codes.lookup(code)
codes.excludes1_conflicts(billable[:12])
print(before, imported, loaded, rss())
"""


def _pedantic(benchmark: Any, target: Callable[..., T], **options: Any) -> T:
    """``benchmark.pedantic`` (untyped in pytest-benchmark) with the target's result type."""
    result: T = benchmark.pedantic(target, **options)
    return result


def _python(script: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warm cache folder for this run."""
    folder = tmp_path_factory.mktemp("icd10cm-bench")
    load_icd10cm(cache_dir=folder)
    return folder


@pytest.fixture(scope="module")
def codes(cache: Path) -> IcdCodeSet:
    """The bundled code set, loaded from the warm cache."""
    return load_icd10cm(cache_dir=cache)


def test_compile_the_tabular_xml(benchmark: BenchmarkFixture) -> None:
    """Parse and compile the 10 MB tabular XML and its code list (budget: 10 s)."""
    tabular, code_list = bundled_files()
    tables = _pedantic(benchmark, _compile, args=(tabular, code_list), rounds=3, iterations=1)
    assert len(tables.codes) > 98_000


def test_load_from_the_cache(benchmark: BenchmarkFixture, cache: Path) -> None:
    """Load the compiled index, hashing the source files to validate the cache (0.1 s)."""
    codes = _pedantic(benchmark, load_icd10cm, kwargs={"cache_dir": cache}, rounds=10)
    assert len(codes.billable_codes()) == 74_719


def test_cold_load_against_the_package_import(
    benchmark: BenchmarkFixture, cache: Path, scale: float
) -> None:
    """Fresh processes: import + load from cache vs ``import simple_icd_10_cm`` (>= 18x)."""
    rounds = 3 if scale >= 1 else 1

    def both() -> tuple[float, float, float]:
        runs = [tuple(map(float, _python(_COLD_LOAD, str(cache)).split())) for _ in range(rounds)]
        theirs = min(float(_python(_IMPORT_SIMPLE)) for _ in range(rounds))
        return min(r[0] for r in runs), min(r[1] for r in runs), theirs

    imports, load, theirs = _pedantic(benchmark, both, rounds=1, iterations=1)
    benchmark.extra_info.update(
        {
            "medoffice_import_seconds": imports,
            "load_seconds": load,
            "simple_import_seconds": theirs,
            "load_speedup": theirs / load,
            "import_and_load_speedup": theirs / (imports + load),
        }
    )
    print(json.dumps(benchmark.extra_info))  # noqa: T201 - the figures a reader wants
    assert load < theirs


def test_lookup(benchmark: BenchmarkFixture, codes: IcdCodeSet, scale: float) -> None:
    """10,000 dotted ``lookup`` calls over a working set of 5,000 codes (1 microsecond each)."""
    pool = sorted(codes.billable_codes())
    rng = random.Random(20261128)
    working = rng.sample(pool, max(1, int(WORKING_SET * scale)))
    sample = [rng.choice(working) for _ in range(max(1, int(LOOKUPS * scale)))]
    dotted = [f"{code[:3]}.{code[3:]}" if len(code) > 3 else code for code in sample]
    for code in sample:
        codes.lookup(code)

    def run() -> int:
        lookup = codes.lookup
        return sum(1 for code in dotted if lookup(code) is not None)

    assert benchmark(run) == len(sample)
    benchmark.extra_info["calls_per_round"] = len(sample)


def test_is_billable(benchmark: BenchmarkFixture, codes: IcdCodeSet, scale: float) -> None:
    """``is_billable`` on a mix of billable codes and their parents (budget: 1 microsecond)."""
    pool = sorted(codes.billable_codes())
    rng = random.Random(20261128)
    sample = [rng.choice(pool) for _ in range(max(2, int(LOOKUPS * scale)))]
    mixed = [code if i % 2 else code[:-1] for i, code in enumerate(sample)]

    def run() -> int:
        is_billable = codes.is_billable
        return sum(map(is_billable, mixed))

    assert benchmark(run) >= len(mixed) // 2
    benchmark.extra_info["calls_per_round"] = len(mixed)


def test_first_lookup_builds_the_item(
    benchmark: BenchmarkFixture, codes: IcdCodeSet, scale: float
) -> None:
    """The first ``lookup`` of each of 1,000 codes: the item is built from the tables."""
    pool = sorted(codes.billable_codes())
    sample = random.Random(7).sample(pool, max(1, int(1_000 * scale)))

    def run() -> int:
        fresh = IcdCodeSet(codes.tables)
        return sum(1 for code in sample if fresh.lookup(code) is not None)

    assert benchmark(run) == len(sample)
    benchmark.extra_info["calls_per_round"] = len(sample)


def test_one_lookup(benchmark: BenchmarkFixture, codes: IcdCodeSet) -> None:
    """A single dotted ``lookup`` (budget: 1 microsecond)."""
    assert benchmark(codes.lookup, "S72.001A") is not None


def test_one_is_billable(benchmark: BenchmarkFixture, codes: IcdCodeSet) -> None:
    """A single dotted ``is_billable`` (budget: 1 microsecond)."""
    assert benchmark(codes.is_billable, "T36.0X1A")


def test_excludes1_conflicts_on_a_12_code_claim(
    benchmark: BenchmarkFixture, codes: IcdCodeSet
) -> None:
    """Every Excludes1 pair among 12 diagnosis codes (budget: 20 microseconds)."""
    conflicts = benchmark(codes.excludes1_conflicts, CLAIM)
    assert {(c.code, c.excluded) for c in conflicts} >= {("E11.9", "E10.9")}


def test_resident_memory(benchmark: BenchmarkFixture, cache: Path, scale: float) -> None:
    """RSS of a fresh process holding one version, after lookups (budget: 80 MB)."""
    stride = 1 if scale >= 1 else 100

    def measure() -> tuple[int, int, int, int]:
        before, imported, loaded, used = map(int, _python(_MEMORY, str(cache), str(stride)).split())
        return before, imported, loaded, used

    before, imported, loaded, used = _pedantic(benchmark, measure, rounds=1, iterations=1)
    megabyte = 1024 * 1024
    benchmark.extra_info.update(
        {
            "rss_interpreter_mb": before / megabyte,
            "rss_imported_mb": imported / megabyte,
            "rss_loaded_mb": loaded / megabyte,
            "rss_after_every_billable_lookup_mb": used / megabyte,
            "index_after_load_mb": (loaded - imported) / megabyte,
            "index_after_lookups_mb": (used - imported) / megabyte,
        }
    )
    print(json.dumps(benchmark.extra_info))  # noqa: T201 - the figures a reader wants
    assert used > before
