"""``medoffice claims check --format json`` end to end, with the official reference files.

Targets: at least 8 MB/s on a ~10 MB 837P file (22,000 synthetic claims), a fresh process each
time, interpreter start included, the reference caches warm; and a peak memory on a ~50 MB file
within 1.2 times that of the 10 MB file (memory stays flat as the file grows).

Each file is checked twice per round: with ``--jobs N``, one worker process per CPU this process
may use (the figures name how many; not ``auto``, the default, which counts the CPUs the load
average leaves free, and the benchmark's own runs keep one busy), and with ``--jobs 1`` (one
process).
Both files and both settings are measured in the same test, alternating round by round, so that
a shared and noisy machine weighs on all alike. The wall time and the CPU time (user + system,
which load inflates less) come from ``os.wait4`` on the command's process; its CPU time includes
its worker processes' (they are waited for before it exits).

Memory, honestly: ``os.wait4`` gives the max RSS of the largest single process only (the parent
or one worker), not of the run. So a thread samples the process tree every 50 ms (the command
and its descendants, found by their parent ids in ``/proc``, re-listed every 250 ms) and sums
each process's ``Rss`` and ``Pss`` from ``/proc/PID/smaps_rollup``; the peaks of these sums are
reported: ``peak_rss_sum_MiB`` counts the pages the forked workers share with the parent (the
reference data, the interpreter) once per process, so it overstates the memory used;
``peak_pss_sum_MiB`` divides each shared page among the processes sharing it, so it is the
memory the run takes (a short peak between two samples can be missed; memory stays flat, so
little is). The 50 MB vs 10 MB ratios are of these sums. Where ``/proc`` is absent only the
``os.wait4`` figure is given (``max_rss_one_process_MiB``, also given everywhere).

A second test says where the time goes, in one fresh process on the 10 MB file, by CPU time:
imports, reference loading (building the checker), reading (the 837P reader and the claims it
builds), checking and writing the JSON document (each the difference of two passes; the
checking and writing passes each have a new checker, whose memos start empty as in a command's
run: with the memos the checking pass filled, writing came out below zero).

The reference files come from ``MEDOFFICE_REFERENCE_DATA`` (both tests skip, saying why, when it
is unset); the compiled caches go to a folder of this run (``MEDOFFICE_CACHE_DIR``) and are
warmed by a first run of each file. The one-shot smoke run (``--benchmark-disable``) checks files
of 1% of the size, once.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, Final, cast

import pytest
from pytest_benchmark.fixture import BenchmarkFixture

from medoffice.adapters.formats.x12 import write_837p
from medoffice.cli._output import cpu_count
from medoffice.testing import SYNTHETIC_SUBMISSION, synthetic_claims

# About 440 bytes per synthetic claim: 22,000 claims make a ~10 MB file at scale 1.0.
CLAIMS: Final = 22_000
# The files compared, by name: how many times CLAIMS each holds.
SIZES: Final = {"10MB": 1, "50MB": 5}
ROUNDS: Final = 3
# The --jobs settings compared, by name: a worker per CPU, and one process.
JOBS: Final[dict[str, tuple[str, ...]]] = {
    "parallel": ("--jobs", str(cpu_count())),
    "jobs1": ("--jobs", "1"),
}
# How often the memory of the process tree is sampled, and its processes listed (seconds).
_SAMPLE: Final = 0.05
_LIST: Final = 0.25
ON: Final = "2026-12-01"

_BREAKDOWN: Final = """
import contextlib, json, sys, time
from datetime import date
from pathlib import Path

clock = time.process_time
started = clock()
import medoffice.cli._main
from medoffice.cli._claims import open_claims, write_entries
from medoffice.cli._claims_checker import build_checker
from medoffice.cli._output import OutputFormat
from medoffice.claims import Profile
from medoffice.kernel import Report
import medoffice.adapters.reference._edit_tables, medoffice.adapters.reference._reference_data
imported = clock()
path, reference, output = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
checker = build_checker(profile=Profile(), on=date.fromisoformat(sys.argv[4]),
                        reference_dir=reference, store=None)
built = clock()
empty = Report()
for _ in open_claims(path)(lambda claim, read: empty):
    pass
read = clock()
for _ in open_claims(path)(checker):
    pass
checked = clock()
# A checker as new as the one timed above: its memos hold nothing yet, as in a command's run.
checker = build_checker(profile=Profile(), on=date.fromisoformat(sys.argv[4]),
                        reference_dir=reference, store=None)
rebuilt = clock()
with output.open("w", encoding="utf-8") as stream, contextlib.redirect_stdout(stream):
    write_entries(open_claims(path)(checker), OutputFormat.JSON, reference=checker.provenance)
written = clock()
stages = {
    "imports": imported - started,
    "reference loading": built - imported,
    "reading": read - built,
    "checking": (checked - read) - (read - built),
    "writing": (written - rebuilt) - (checked - read),
}
print(json.dumps({name: round(seconds, 3) for name, seconds in stages.items()}))
"""


@pytest.fixture(scope="module")
def reference_data() -> Path:
    value = os.environ.get("MEDOFFICE_REFERENCE_DATA")
    if not value:
        pytest.skip("MEDOFFICE_REFERENCE_DATA is not set: the official reference files are absent")
    return Path(value)


@pytest.fixture(scope="module")
def interchanges(tmp_path_factory: pytest.TempPathFactory, scale: float) -> dict[str, Path]:
    """Synthetic 837P files of max(1, 22,000 x scale) and five times as many claims."""
    folder = tmp_path_factory.mktemp("claims-cli")
    files = {}
    for name, times in SIZES.items():
        path = files[name] = folder / f"claims-{name}.x12"
        with path.open("wb") as stream:
            claims = synthetic_claims(max(1, int(CLAIMS * scale)) * times, seed=837)
            write_837p(stream, claims, submission=SYNTHETIC_SUBMISSION)
    return files


_WARM: Final = """
import sys
from datetime import date
from pathlib import Path
from medoffice.claims import Profile
from medoffice.cli._claims_checker import build_checker
build_checker(profile=Profile(), on=date(2026, 12, 1), reference_dir=Path(sys.argv[1]), store=None)
"""


@pytest.fixture(scope="module")
def environment(tmp_path_factory: pytest.TempPathFactory, reference_data: Path) -> dict[str, str]:
    """The subprocesses' environment: the caches of this run in their own folder, compiled."""
    cache = tmp_path_factory.mktemp("claims-cli-cache")
    env = {**os.environ, "MEDOFFICE_CACHE_DIR": str(cache)}
    command = [sys.executable, "-c", _WARM, str(reference_data)]
    subprocess.run(command, check=True, env=env)
    return env


def _command(path: Path, reference: Path, jobs: tuple[str, ...] = ()) -> list[str]:
    return [
        sys.executable,
        "-m",
        "medoffice",
        "claims",
        "check",
        "--format",
        "json",
        "--on",
        ON,
        "--reference-data",
        str(reference),
        *jobs,
        str(path),
    ]


def _descendants(root: int) -> list[int]:
    """``root`` and every process below it, by the parent ids of ``/proc/PID/stat``."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            text = Path(f"/proc/{entry.name}/stat").read_text(encoding="ascii", errors="replace")
        except OSError:
            continue
        parent = int(text[text.rindex(")") + 2 :].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, ()))
    return found


def _rss_pss(pids: list[int]) -> tuple[int, int]:
    """The sums of the processes' ``Rss`` and ``Pss`` (kB); a process gone counts nothing."""
    rss = pss = 0
    for pid in pids:
        try:
            with Path(f"/proc/{pid}/smaps_rollup").open(
                encoding="ascii", errors="replace"
            ) as rollup:
                for line in rollup:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1])
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1])
        except OSError:
            continue
    return rss, pss


class _TreeMemory(threading.Thread):
    """Samples the summed RSS and PSS of a process and its descendants until stopped."""

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.peak_rss = self.peak_pss = 0
        self.stopped = threading.Event()

    def run(self) -> None:
        pids: list[int] = []
        listed = 0.0
        while not self.stopped.is_set():
            now = time.monotonic()
            if now - listed >= _LIST:
                pids, listed = _descendants(self.root), now
            rss, pss = _rss_pss(pids)
            self.peak_rss, self.peak_pss = max(self.peak_rss, rss), max(self.peak_pss, pss)
            self.stopped.wait(_SAMPLE)


_PROC: Final = Path("/proc/self/smaps_rollup").exists()


def _run(command: list[str], output: Path, env: dict[str, str]) -> dict[str, float]:
    """Wall seconds, CPU seconds (user + system, the workers' included), the max RSS of the
    largest process (MiB) and, where ``/proc`` says, the peak summed RSS and PSS (MiB)."""
    start = time.perf_counter()
    with output.open("wb") as stream:
        process = subprocess.Popen(command, stdout=stream, env=env)
        sampler = _TreeMemory(process.pid)
        if _PROC:
            sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        sampler.stopped.set()
        if _PROC:
            sampler.join()
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    assert process.returncode in {0, 1}, f"exit {process.returncode}: {command}"
    run = {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss": usage.ru_maxrss / 1024}
    if _PROC:
        run |= {"rss_sum": sampler.peak_rss / 1024, "pss_sum": sampler.peak_pss / 1024}
    return run


def _claims_in(output: Path) -> int:
    """The document's summary count of claims (read from its tail: the file may be large)."""
    with output.open("rb") as stream:
        stream.seek(max(0, output.stat().st_size - 65536))
        tail = stream.read().decode("utf-8", errors="replace")
    summary = tail[tail.rindex('"summary": {') + len('"summary": ') :]
    return int(json.loads(summary[: summary.index("}") + 1])["claims"])


def test_claims_check_end_to_end(
    benchmark: BenchmarkFixture,
    interchanges: dict[str, Path],
    reference_data: Path,
    environment: dict[str, str],
    tmp_path: Path,
    scale: float,
) -> None:
    """Each file checked by a fresh ``medoffice claims check --format json``, alternating, with
    a worker per CPU and with ``--jobs 1``."""
    rounds = ROUNDS if scale == 1.0 else 1
    commands = {
        f"{name} {setting}": (name, _command(path, reference_data, jobs))
        for name, path in interchanges.items()
        for setting, jobs in JOBS.items()
    }
    output = tmp_path / "document.json"
    if scale == 1.0:  # warm the OS file cache and the bytecode before measuring
        for _, command in commands.values():
            _run(command, output, environment)
    runs: dict[str, list[dict[str, float]]] = {label: [] for label in commands}

    def alternating() -> None:
        for _ in range(rounds):
            for label, (name, command) in commands.items():
                runs[label].append(_run(command, output, environment))
                expected = interchanges[name].read_bytes().count(b"~CLM*")
                assert _claims_in(output) == expected

    cast(Any, benchmark).pedantic(alternating, rounds=1, iterations=1)  # untyped upstream
    figures: dict[str, dict[str, float]] = {}
    for label, measured in runs.items():
        wall = statistics.median(run["wall"] for run in measured)
        cpu = statistics.median(run["cpu"] for run in measured)
        size = interchanges[commands[label][0]].stat().st_size
        figures[label] = {
            "bytes": size,
            "median_s": round(wall, 3),
            "median_cpu_s": round(cpu, 3),
            "MB/s": round(size / wall / 1e6, 2),
            "MB/s_cpu": round(size / cpu / 1e6, 2),
            "max_rss_one_process_MiB": round(max(run["rss"] for run in measured), 1),
        }
        if _PROC:
            for key in ("rss_sum", "pss_sum"):
                peak = max(run[key] for run in measured)
                figures[label][f"peak_{key}_MiB"] = round(peak, 1)
    ratios = {}
    for setting in JOBS:
        large, small = figures[f"50MB {setting}"], figures[f"10MB {setting}"]
        for key in ("peak_rss_sum_MiB", "peak_pss_sum_MiB", "max_rss_one_process_MiB"):
            if key in small:
                ratios[f"{key} 50MB/10MB {setting}"] = round(large[key] / small[key], 3)
    benchmark.extra_info.update(
        {
            "rounds": rounds,
            "parallel_jobs": cpu_count(),
            "load_average": os.getloadavg()[0],
            **figures,
            **ratios,
        }
    )
    print(json.dumps(benchmark.extra_info))  # noqa: T201 - the figures a reader wants


def test_claims_check_breakdown(
    benchmark: BenchmarkFixture,
    interchanges: dict[str, Path],
    reference_data: Path,
    environment: dict[str, str],
    tmp_path: Path,
) -> None:
    """CPU seconds of each stage of a check of the 10 MB file, in one fresh process."""
    path = interchanges["10MB"]
    command = [
        sys.executable,
        "-c",
        _BREAKDOWN,
        str(path),
        str(reference_data),
        str(tmp_path / "document.json"),
        ON,
    ]

    def measure() -> dict[str, float]:
        done = subprocess.run(command, check=True, capture_output=True, env=environment)
        stages: dict[str, float] = json.loads(done.stdout)
        return stages

    stages = cast(Any, benchmark).pedantic(measure, rounds=1, iterations=1)
    benchmark.extra_info.update(
        {"bytes": path.stat().st_size, "load_average": os.getloadavg()[0], "cpu_s": stages}
    )
    print(json.dumps(benchmark.extra_info))  # noqa: T201 - the figures a reader wants
