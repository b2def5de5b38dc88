"""NCCI benchmarks: a synthetic practitioner PTP file of quarterly size, and the lookups.

A real quarterly PTP table has about 1.7 million rows over four files. The workload below writes
one file of that size in the official layout (Latin-1, CRLF, notice and title lines, a header
wrapped over four lines, seven tab-separated fields, ``*`` for no deletion date) and measures:

- parsing it once (target <= 20 s);
- loading it from the compiled cache, source hashing included (target <= 1 s);
- the peak resident memory of a process that loads the table from the cache (target <= 150 MB),
  and of one that parses the file (reported);
- a pair lookup (target <= 2 microseconds), MUE and add-on lookups (target <= 1 microsecond).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, Final, cast

import pytest
from pytest_benchmark.fixture import BenchmarkFixture

from medoffice.adapters.reference import load_ptp
from medoffice.coding.ncci import (
    AocEdit,
    AocTable,
    AocVersion,
    MueLimit,
    MueTable,
    MueVersion,
    PtpTable,
    Quarter,
)

FULL_ROWS: Final = 1_700_000
ROWS_PER_COLUMN1: Final = 113
POOL: Final = [f"{n:05d}" for n in range(10000, 99999, 7)]
RATIONALES: Final = (
    "Misuse of Column Two code with Column One code",
    "CPT Manual or CMS manual coding instruction",
    "Mutually exclusive procedures",
    "Standards of medical / surgical practice",
    "Standard preparation / monitoring services for anesthesia",
)
HEADER: Final = (
    "CPT only copyright 2025 American Medical Association.  All rights reserved.\t\t\t\t\t\t\r\n"
    "Column1/Column2 Edits\t\t\t\t\t\t\r\n"
    "Column 1\tColumn 2\t*=in existence\tEffective\tDeletion\tModifier\tPTP Edit Rationale\r\n"
    "\t\tprior to 1996\tDate\tDate\t0=not allowed\t\r\n"
    "\t\t\t\t*=no data\t1=allowed\t\r\n"
    "\t\t\t\t\t9=not applicable\t\r\n"
)
DOS: Final = date(2026, 8, 3)


def _rows(count: int) -> tuple[list[str], int]:
    """The first column codes and rows per code for ``count`` rows."""
    firsts = max(1, count // ROWS_PER_COLUMN1)
    # Five-digit codes only (a sixth digit would make the rows invalid): up to 17,999 of them.
    return [f"{n:05d}" for n in range(10001, 99999, 5)][:firsts], firsts


def write_ptp_file(path: Path, count: int) -> tuple[str, str]:
    """Write ``count`` rows in the official layout; return a pair in force on ``DOS``."""
    column1, firsts = _rows(count)
    written = 0
    with path.open("w", encoding="latin-1", newline="") as out:
        out.write(HEADER)
        for index, first in enumerate(column1):
            take = count // firsts + (1 if index < count % firsts else 0)
            start = (index * 37) % (len(POOL) - take)
            lines = []
            for offset, second in enumerate(POOL[start : start + take]):
                kind = (index + offset) % 20
                if kind == 0:  # indicator 9: deleted the day it took effect
                    dates, indicator = "20130701\t20130701", 9
                elif kind < 4:  # deleted at a quarter end
                    dates, indicator = "20100101\t20191231", kind % 2
                else:
                    dates, indicator = "19960101\t*", 1 if kind % 3 else 0
                prior = "*" if kind % 5 == 0 else ""
                rationale = RATIONALES[kind % len(RATIONALES)]
                lines.append(f"{first}\t{second}\t{prior}\t{dates}\t{indicator}\t{rationale}\r\n")
            out.write("".join(lines))
            written += take
    assert written == count
    # Row 4 of the first code has kind 4: in force since 1996 with indicator 1.
    return column1[0], POOL[4]


def _pedantic(benchmark: BenchmarkFixture) -> Callable[..., Any]:
    # pytest-benchmark's pedantic() has no annotations.
    return cast(Callable[..., Any], benchmark.pedantic)


@pytest.fixture(scope="module")
def row_count(scale: float) -> int:
    return max(1, int(FULL_ROWS * scale))


@pytest.fixture(scope="module")
def ptp_file(tmp_path_factory: pytest.TempPathFactory, row_count: int) -> tuple[Path, str, str]:
    path = tmp_path_factory.mktemp("ptp") / "ccipra-v322r0-f1.TXT"
    first, second = write_ptp_file(path, row_count)
    return path, first, second


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="module")
def ptp_table(ptp_file: tuple[Path, str, str], cache_dir: Path) -> PtpTable:
    return load_ptp(ptp_file[0], cache_dir=cache_dir)


def test_parse_a_quarterly_ptp_file(
    benchmark: BenchmarkFixture, ptp_file: tuple[Path, str, str], row_count: int
) -> None:
    """Parse 1.7 M rows of the official text layout once (target <= 20 s)."""
    table = _pedantic(benchmark)(
        load_ptp, args=(ptp_file[0],), kwargs={"cache": False}, rounds=1, iterations=1
    )
    assert len(table) == row_count
    assert table.problems == ()


def test_load_from_the_compiled_cache(
    benchmark: BenchmarkFixture,
    ptp_file: tuple[Path, str, str],
    cache_dir: Path,
    ptp_table: PtpTable,
    row_count: int,
) -> None:
    """Load the same table from the compiled cache, hashing the source (target <= 1 s)."""
    table = _pedantic(benchmark)(
        load_ptp, args=(ptp_file[0],), kwargs={"cache_dir": cache_dir}, rounds=3, iterations=1
    )
    assert len(table) == len(ptp_table) == row_count


# The peak is read from /proc/self/status (VmHWM, reset by exec) where there is one: getrusage's
# ru_maxrss survives exec on Linux and would report the pytest process that started the child.
_MEASURE: Final = """
import json, resource, sys
from pathlib import Path


def peak_kb():
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


from medoffice.adapters.reference import load_ptp

base = peak_kb()
table = load_ptp(sys.argv[1], cache=sys.argv[2] == "cache", cache_dir=sys.argv[3])
print(json.dumps({"rows": len(table), "peak_kb": peak_kb(), "before_load_kb": base}))
"""


def _peak(path: Path, mode: str, cache_dir: Path) -> dict[str, int]:
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(path), mode, str(cache_dir)],
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(json.loads(done.stdout))


def test_memory_of_a_process_holding_the_table(
    benchmark: BenchmarkFixture,
    ptp_file: tuple[Path, str, str],
    cache_dir: Path,
    ptp_table: PtpTable,
    row_count: int,
) -> None:
    """Peak RSS of a fresh process loading from the cache (target <= 150 MB), and parsing."""
    cached = _pedantic(benchmark)(
        _peak, args=(ptp_file[0], "cache", cache_dir), rounds=1, iterations=1
    )
    parsed = _peak(ptp_file[0], "parse", cache_dir)
    benchmark.extra_info["cache_load_peak_rss_mb"] = round(cached["peak_kb"] / 1024, 1)
    benchmark.extra_info["parse_peak_rss_mb"] = round(parsed["peak_kb"] / 1024, 1)
    benchmark.extra_info["interpreter_and_imports_rss_mb"] = round(
        cached["before_load_kb"] / 1024, 1
    )
    assert cached["rows"] == parsed["rows"] == row_count
    assert cached["peak_kb"] <= 150 * 1024


def test_pair_lookup(
    benchmark: BenchmarkFixture, ptp_table: PtpTable, ptp_file: tuple[Path, str, str]
) -> None:
    """Is a PTP edit in force for this pair on this date? (target <= 2 microseconds)."""
    _, first, second = ptp_file
    found = benchmark(ptp_table.modifier_indicator, first, second, on=DOS)
    assert found in (0, 1)


def test_pair_lookup_returning_the_edit(
    benchmark: BenchmarkFixture, ptp_table: PtpTable, ptp_file: tuple[Path, str, str]
) -> None:
    """The same question answered with the full edit value (reported)."""
    _, first, second = ptp_file
    assert benchmark(ptp_table.edit, first, second, on=DOS) is not None


@pytest.fixture(scope="module")
def mue_table() -> MueTable:
    limits = [
        MueLimit(code=code, max_units=1 + i % 9, mai=1 + i % 3) for i, code in enumerate(POOL)
    ]
    return MueTable.of(
        MueVersion.of(version="MUE-2026Q3", quarter=Quarter(2026, 3), limits=limits),
        MueVersion.of(version="MUE-2026Q4", quarter=Quarter(2026, 4), limits=limits),
    )


@pytest.fixture(scope="module")
def aoc_table() -> AocTable:
    edits = [
        AocEdit(add_on=add_on, primary=primary, type=1, effective=date(2013, 4, 1))
        for add_on in POOL[:830]
        for primary in POOL[1000:1011]
    ]
    return AocTable.of(AocVersion.of(version="AOC-2026Q3", quarter=Quarter(2026, 3), edits=edits))


def test_mue_lookup(benchmark: BenchmarkFixture, mue_table: MueTable) -> None:
    """The MUE of a code on a date of service, two quarters loaded (target <= 1 microsecond)."""
    assert benchmark(mue_table.limit, POOL[500], on=DOS) is not None


def test_add_on_lookup(benchmark: BenchmarkFixture, aoc_table: AocTable) -> None:
    """Is this an add-on code on this date? (target <= 1 microsecond)."""
    assert benchmark(aoc_table.is_add_on, POOL[500], on=DOS)


def test_add_on_primary_lookup(benchmark: BenchmarkFixture, aoc_table: AocTable) -> None:
    """Does this primary support this add-on on this date? (target <= 1 microsecond)."""
    assert benchmark(aoc_table.supports, POOL[500], POOL[1005], on=DOS)
