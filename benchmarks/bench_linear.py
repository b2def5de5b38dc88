"""Linear cost: each workload at two sizes in the same run, and the ratio of their medians.

Four workloads that once grew faster than their input:

- the tokenizer on one unterminated segment of 16 and 128 MB (it re-split its growing buffer
  for every chunk);
- a file of segments outside any transaction set, 1 and 8 MB (findings were uncapped);
- ``medoffice claims check --format json`` on 10,000 and 100,000 claims, time and peak
  resident memory (the command held every result before printing);
- the claim checker on one claim of 50 and 2,000 lines on one day, with a PTP table of
  realistic shape (every line pair was visited by each of three NCCI rules).

For each, both sizes run alternately (3 to 15 rounds) in this one test; the figure reported
(``extra_info``) is ``(median large / median small) / (large / small)`` of the CPU time spent
(the process's own, or the command's as its child reports it; wall time on a shared machine
punishes the longer run for the preemptions it suffers): 1.0 is exactly linear, and the target
is at most 1.3. Peak memory is compared the same way (the command's output streams; the
checker's memos, bounded, are what still grows with the number of distinct claims).
"""

from __future__ import annotations

import functools
import io
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, Final

import pytest
from pytest_benchmark.fixture import BenchmarkFixture

from medoffice.adapters.bridges import NcciEditTables
from medoffice.adapters.formats.x12 import read_837p, segments, write_837p
from medoffice.adapters.memory import InMemoryDiagnosisCodes
from medoffice.claims import CheckContext, ServiceLine
from medoffice.claims._check import check_with_prior
from medoffice.coding.ncci import NcciEdits, PtpTable, PtpTableBuilder, Quarter
from medoffice.kernel import Money
from medoffice.testing import SYNTHETIC_SUBMISSION, generate_837p, sample_claim, synthetic_claims

ROUNDS: Final = 3
TARGET: Final = 1.3
MB: Final = 1 << 20
HEADER: Final = generate_837p(1, seed=1).split(b"~", 1)[0] + b"~"
DOS: Final = date(2026, 3, 2)


def _timed(call: Callable[[], object]) -> float:
    # CPU time of this process: on a shared machine a long run is preempted more often than a
    # short one, which would inflate its wall time and not its cost.
    start = time.process_time()
    call()
    return time.process_time() - start


def _compare(
    benchmark: BenchmarkFixture,
    sizes: tuple[int, int],
    run: Callable[[int], object],
    *,
    full: bool,
    rounds: int = ROUNDS,
) -> float:
    """Run both sizes alternately; record the medians and the ratio to linear; return it."""
    small, large = sizes
    times: dict[int, list[float]] = {small: [], large: []}
    for _ in range(rounds if full else 1):
        for size in sizes:
            times[size].append(_timed(functools.partial(run, size)))
    medians = {size: statistics.median(found) for size, found in times.items()}
    ratio = (medians[large] / medians[small]) / (large / small)
    benchmark.extra_info.update(
        {
            "sizes": list(sizes),
            "median_s": [round(medians[small], 4), round(medians[large], 4)],
            "ratio_to_linear": round(ratio, 3),
        }
    )
    timer: Any = benchmark  # pedantic() is untyped in pytest-benchmark
    timer.pedantic(run, args=(small,), rounds=1, iterations=1)
    return ratio


@pytest.fixture(scope="module")
def full(scale: float) -> bool:
    """Whether this is a real benchmark run (not the one-shot smoke run)."""
    return scale >= 1.0


def _unterminated(size: int) -> bytes:
    return HEADER + b"NTE*ADD*" + b"A" * size


def test_tokenizer_on_an_unterminated_segment(benchmark: BenchmarkFixture, full: bool) -> None:
    """16 MB against 128 MB of one segment that never ends: one X12-LIMIT, linear time."""
    sizes = (16 * MB, 128 * MB) if full else (MB, 8 * MB)
    data = {size: _unterminated(size) for size in sizes}

    def tokenize(size: int) -> int:
        return sum(1 for _ in segments(io.BytesIO(data[size])))

    ratio = _compare(benchmark, sizes, tokenize, full=full, rounds=5)
    if full:
        assert ratio <= TARGET


def _strays(size: int) -> bytes:
    body = generate_837p(1, seed=3)
    stray = b"REF*EI*123456789~"
    return body + stray * (size // len(stray))


def test_segments_outside_any_set(benchmark: BenchmarkFixture, full: bool) -> None:
    """1 MB against 8 MB of stray segments: findings capped, linear time."""
    sizes = (MB, 8 * MB) if full else (64 * 1024, 512 * 1024)
    data = {size: _strays(size) for size in sizes}

    def read(size: int) -> int:
        return sum(1 for _ in read_837p(data[size]))

    ratio = _compare(benchmark, sizes, read, full=full, rounds=5)
    assert read(sizes[1]) <= 1002  # the capped findings, their count, the one claim
    if full:
        assert ratio <= TARGET


_CHILD: Final = """
import resource, sys
from medoffice.cli import main
try:
    main(sys.argv[1:], standalone_mode=False)
except SystemExit:
    pass
used = resource.getrusage(resource.RUSAGE_SELF)
print(used.ru_maxrss, used.ru_utime + used.ru_stime, file=sys.stderr)
"""


@pytest.fixture(scope="module")
def claim_files(tmp_path_factory: pytest.TempPathFactory, full: bool) -> dict[int, Path]:
    """837P files of 10,000 and 100,000 claims (100 and 1,000 in the smoke run)."""
    folder = tmp_path_factory.mktemp("linear")
    files = {}
    for count in (10_000, 100_000) if full else (100, 1_000):
        path = folder / f"{count}.x12"
        with path.open("wb") as stream:
            write_837p(stream, synthetic_claims(count, seed=16), submission=SYNTHETIC_SUBMISSION)
        files[count] = path
    return files


def test_the_cli_streams_its_claims(
    benchmark: BenchmarkFixture, claim_files: dict[int, Path], full: bool
) -> None:
    """claims check on 10,000 against 100,000 claims: linear time, flat peak memory."""
    peaks: dict[int, list[int]] = {size: [] for size in claim_files}
    cpu: dict[int, list[float]] = {size: [] for size in claim_files}

    def check(size: int) -> None:
        # One process (--jobs 1): RUSAGE_SELF below would not see the work of worker processes.
        args = ["claims", "check", str(claim_files[size]), "--format", "json", "--on", "2026-06-01"]
        args += ["--jobs", "1"]
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, *args],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            check=True,
            text=True,
        )
        peak, seconds = done.stderr.strip().splitlines()[-1].split()
        peaks[size].append(int(peak))
        cpu[size].append(float(seconds))

    small, large = sorted(claim_files)
    _compare(benchmark, (small, large), check, full=full)  # this process's CPU: not the child's
    seconds = {size: statistics.median(found) for size, found in cpu.items()}
    ratio = (seconds[large] / seconds[small]) / (large / small)
    benchmark.extra_info["median_s"] = [round(seconds[small], 2), round(seconds[large], 2)]
    benchmark.extra_info["ratio_to_linear"] = round(ratio, 3)
    memory = {size: statistics.median(found) for size, found in peaks.items()}
    growth = memory[large] / memory[small]
    benchmark.extra_info["peak_rss_kb"] = [memory[small], memory[large]]
    benchmark.extra_info["memory_ratio"] = round(growth, 3)
    benchmark.extra_info["memory_ratio_to_linear"] = round(growth / (large / small), 3)
    if full:
        assert ratio <= TARGET
        # Output streams; what still grows is the checker's memos, bounded at 100,000 entries.
        assert growth / (large / small) <= TARGET


def _ptp_tables(codes: list[str]) -> NcciEditTables:
    """A PTP table of real shape: about a hundred column-2 codes for each column-1 code.

    Most of a code's edits name codes not billed with it (here 98 codes of another range);
    two name codes a few lines on, so every line of a claim meets the same few conflicts
    whatever the claim's length.
    """
    builder = PtpTableBuilder(version="NCCI-2026Q1", quarter=Quarter(2026, 1))
    elsewhere = [f"{n:05d}" for n in range(20000, 20098)]
    for n, first in enumerate(codes):
        for second in [*codes[n + 1 : n + 7 : 3], *elsewhere]:
            builder.add(first, second, effective=date(2010, 1, 1), deleted=None, indicator=n % 2)
    return NcciEditTables(NcciEdits(ptp=PtpTable.of(builder.build())))


def _claim(lines: int, codes: list[str]) -> Any:
    return sample_claim(
        lines=tuple(
            ServiceLine(
                service_from=DOS,
                procedure=codes[n % len(codes)],
                pointers=(1,),
                charge=Money.of("10.00", "USD"),
                modifiers=("59",) if n % 5 == 0 else (),
            )
            for n in range(lines)
        ),
        total_charge=None,
    )


def test_one_claim_with_many_lines(benchmark: BenchmarkFixture, full: bool) -> None:
    """50 against 2,000 lines of distinct codes on one day: the whole check grows linearly."""
    codes = [f"{n:05d}" for n in range(10000, 12000)]
    tables, diagnoses = _ptp_tables(codes), InMemoryDiagnosisCodes.sample()
    sizes = (50, 2000)
    claims = {size: _claim(size, codes) for size in sizes}

    def check(size: int) -> int:
        # A fresh context each time: its memo would otherwise answer a repeated claim at once.
        context = CheckContext(on=date(2026, 3, 20), diagnoses=diagnoses, tables=tables)
        return len(check_with_prior(claims[size], context=context, prior=None).findings)

    ratio = _compare(benchmark, sizes, check, full=full, rounds=15)  # milliseconds each
    assert check(2000) > check(50)
    if full:
        assert ratio <= TARGET
