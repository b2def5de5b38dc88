"""``medoffice claims check --jobs N``: worker processes change nothing in what is printed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from medoffice.claims import Profile
from medoffice.cli import _claims_jobs, main
from medoffice.cli._claims import Entry, JsonEntries, Rendered, Summary, open_claims
from medoffice.cli._claims_checker import build_checker
from medoffice.cli._output import JOBS, cpu_count, idle_cpus
from medoffice.testing import generate_837p

ROOT = Path(__file__).parents[2]
REFERENCE = ROOT / "tests" / "adapters" / "bridges" / "fixtures"
EXAMPLES = ROOT / "examples" / "claims"
CLEAN = str(EXAMPLES / "clean_medicare_visit.json")
PROBLEMS = str(EXAMPLES / "claim_with_problems.json")
ON = ["--on", "2026-03-20"]

pytestmark = pytest.mark.skipif(
    not hasattr(os, "fork"), reason="the tests of forked workers need a platform that forks"
)


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["claims", "check", *args])


def _interchanges(tmp_path: Path, name: str = "batch.x12") -> str:
    """Five interchanges of 7 claims in one file, with a bad date of service in a claim of the
    second (a finding on that claim) and a wrong segment count closing the fourth (a finding
    about the file, between claims)."""
    parts = [generate_837p(7, seed=seed) for seed in range(1, 6)]
    parts[1] = parts[1].replace(b"DTP*472*D8*2026", b"DTP*472*D8*2X26", 1)
    parts[3] = parts[3].replace(b"~SE*", b"~SE*9", 1)
    path = tmp_path / name
    path.write_bytes(b"\n".join(parts))
    return str(path)


def _spec() -> dict[str, Any]:
    """What a spawned worker builds its checker from: the command's own arguments."""
    on = date(2026, 3, 20)
    return {"profile": Profile(), "on": on, "reference_dir": REFERENCE, "store": None}


@pytest.fixture
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers for any file, and blocks of 2 items, so that every worker has several blocks."""
    monkeypatch.setattr(_claims_jobs, "BLOCK", 2)
    monkeypatch.setattr(_claims_jobs, "PARALLEL_FROM", 0)


@pytest.fixture
def no_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test fails if the run starts worker processes."""

    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("this run should start no worker process")

    monkeypatch.setattr(_claims_jobs, "entries", refuse)


@pytest.mark.usefixtures("small_blocks")
class TestSameOutput:
    @pytest.mark.parametrize("output_format", ["json", "table", "csv"])
    def test_any_number_of_jobs_prints_what_one_process_prints(
        self, tmp_path: Path, output_format: str
    ) -> None:
        """JSON claims and a multi-interchange 837P with findings on a claim and on the file:
        the same text, byte for byte, and the same exit code, with 1, 2, 3 and 8 workers."""
        batch = _interchanges(tmp_path)
        args = [CLEAN, batch, PROBLEMS, "--format", output_format, *ON]
        alone = run(*args, "--jobs", "1")
        assert alone.exit_code == 1, alone.output
        assert "X12-ELEMENT" in alone.stdout
        assert "X12-ENVELOPE" in alone.stdout
        for jobs in ("2", "3", "8"):
            shared = run(*args, "--jobs", jobs)
            assert (shared.exit_code, shared.stdout) == (alone.exit_code, alone.stdout), jobs

    def test_the_reference_files_answer_in_the_workers_too(self, tmp_path: Path) -> None:
        """With --reference-data, the workers check against the files the parent loaded."""
        batch = _interchanges(tmp_path)
        args = [batch, PROBLEMS, "--reference-data", str(REFERENCE), "--format", "json", *ON]
        alone = run(*args, "--jobs", "1")
        assert "PX-INVALID-ON-DOS" in alone.stdout
        assert run(*args, "--jobs", "2").stdout == alone.stdout

    def test_a_clean_run_exits_zero_with_workers(self, tmp_path: Path) -> None:
        """Exit 0 when no claim has an error, whatever the number of workers."""
        path = tmp_path / "clean.x12"
        path.write_bytes(generate_837p(5, seed=3))
        alone = run(str(path), CLEAN, "--format", "json", *ON, "--jobs", "1")
        shared = run(str(path), CLEAN, "--format", "json", *ON, "--jobs", "3")
        assert (shared.exit_code, shared.stdout) == (alone.exit_code, alone.stdout)

    def test_the_progress_display_starts_after_the_workers(self, tmp_path: Path) -> None:
        """With a progress display on standard error (its thread starts once the workers have
        started), standard output is still the same."""
        args = ["claims", "check", _interchanges(tmp_path), "--format", "json", *ON]
        runner = CliRunner()
        alone = runner.invoke(main, [*args, "--jobs", "1"], env={"TTY_COMPATIBLE": "1"})
        shared = runner.invoke(main, [*args, "--jobs", "2"], env={"TTY_COMPATIBLE": "1"})
        assert (shared.exit_code, shared.stdout) == (alone.exit_code, alone.stdout)

    def test_a_spawned_worker_loads_the_reference_data_itself(self, tmp_path: Path) -> None:
        """Where the platform does not fork, a worker builds its own checker: same entries."""
        batch = Path(_interchanges(tmp_path))
        spec = _spec()
        checker = build_checker(**spec)
        alone = [(e.label, e.file, e.report) for e in open_claims(batch)(checker)]
        shared = _claims_jobs.entries(
            [batch], strict_x12=False, checker=checker, spec=spec, jobs=2, start_method="spawn"
        )
        assert [(e.label, e.file, e.report) for e in shared if isinstance(e, Entry)] == alone

    def test_rendered_blocks_are_the_text_and_counts_one_process_makes(
        self, tmp_path: Path
    ) -> None:
        """For JSON, workers send their blocks rendered with their counts: joined, the text
        and the summary of the entries one process renders and counts."""
        batch = Path(_interchanges(tmp_path))
        spec: dict[str, Any] = {
            "profile": Profile(),
            "on": date(2026, 3, 20),
            "reference_dir": None,
            "store": tmp_path / "store",
        }
        checker = build_checker(**spec)
        alone = JsonEntries()
        texts = [alone.text(entry) for entry in open_claims(batch)(checker)]
        shared = list(
            _claims_jobs.entries(
                [batch], strict_x12=False, checker=checker, spec=spec, jobs=3, render=True
            )
        )
        assert all(isinstance(block, Rendered) for block in shared)
        blocks = [block for block in shared if isinstance(block, Rendered)]
        assert ",\n".join(block.text for block in blocks if block.size) == ",\n".join(texts)
        assert sum(block.size for block in blocks) == len(texts) == 36
        summary = Summary()
        for block in blocks:
            summary.merge(block.summary)
        assert summary.to_dict() == alone.summary.to_dict()
        assert summary.not_run == alone.summary.not_run
        assert summary.exit_code == alone.summary.exit_code == 1

    def test_forked_workers_check_the_json_claims_the_parent_read(self, tmp_path: Path) -> None:
        """JSON claims read whole by the parent are not read again by forked workers: the same
        entries come even when the file is gone once the parent has read it."""
        batch = Path(_interchanges(tmp_path))
        claims = tmp_path / "claims.json"
        claims.write_bytes(Path(PROBLEMS).read_bytes())
        files = [claims, batch, claims]
        spec = _spec()
        checker = build_checker(**spec)
        read = [open_claims(path) for path in files]
        alone = [(e.label, e.file, e.report) for each in read for e in each(checker)]
        claims.unlink()
        shared = _claims_jobs.entries(
            files, strict_x12=False, checker=checker, spec=spec, jobs=2, read=read
        )
        assert [(e.label, e.file, e.report) for e in shared if isinstance(e, Entry)] == alone
        assert alone[0][0] == alone[-1][0]
        assert len(alone) == 38


class TestFailures:
    @pytest.mark.usefixtures("small_blocks")
    def test_a_worker_that_dies_gives_one_line(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A worker killed before its end: exit 2, one line naming it, no traceback."""

        def dies(*_args: Any) -> None:
            os._exit(3)

        monkeypatch.setattr(_claims_jobs, "_work", dies)
        result = run(_interchanges(tmp_path), "--format", "json", *ON, "--jobs", "2")
        assert result.exit_code == 2
        assert "stopped (exit 3) before it had checked its claims" in result.stderr
        assert "Traceback" not in result.output

    @pytest.mark.usefixtures("small_blocks")
    def test_a_failing_worker_names_the_failure_not_the_data(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """An unexpected exception in a worker is one line with its type, never its message."""

        def fails(*_args: Any, **_kwargs: Any) -> Any:
            raise RuntimeError("SAMPLE JORDAN 19890816")

        monkeypatch.setattr(_claims_jobs, "open_claims", fails)
        result = run(_interchanges(tmp_path), "--format", "json", *ON, "--jobs", "2")
        assert result.exit_code == 2
        assert "medoffice: error: a worker process failed: RuntimeError" in result.stderr
        assert "JORDAN" not in result.output
        assert "Traceback" not in result.output

    @pytest.mark.parametrize("value", ["0", "-1", "two", "", "1.5", "99999"])
    def test_a_bad_number_of_jobs_is_a_usage_error(self, value: str) -> None:
        """--jobs takes a number from 1, or auto: anything else is click's exit 2."""
        result = run(CLEAN, *ON, "--jobs", value)
        assert result.exit_code == 2
        assert "Invalid value for '--jobs'" in result.stderr
        assert "is not a number of processes" in result.stderr

    def test_ctrl_c_stops_the_workers_without_a_traceback(self, tmp_path: Path) -> None:
        """SIGINT while workers check a large file: the run stops, no traceback, no worker left."""
        path = tmp_path / "large.x12"
        path.write_bytes(generate_837p(3000, seed=11))
        command = [sys.executable, "-m", "medoffice", "claims", "check", str(path), *ON]
        env = {**os.environ, "MEDOFFICE_CACHE_DIR": str(tmp_path / "cache")}
        with subprocess.Popen(
            [*command, "--format", "json", "--jobs", "2"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            start_new_session=True,  # a process group of its own, as at a terminal
            # Python leaves Ctrl-C ignored when it starts with SIGINT ignored, as a background
            # job of a shell script does (and so would this test's run): give the command the
            # default a terminal gives it.
            preexec_fn=_default_interrupt,  # noqa: PLW1509 - no thread is started before
        ) as process:
            assert process.stdout is not None
            process.stdout.read(1)  # the document has begun: the workers are running
            time.sleep(0.2)
            os.killpg(process.pid, signal.SIGINT)  # Ctrl-C: the parent and its workers
            _, errors = process.communicate(timeout=60)
        assert process.returncode != 0
        assert b"Traceback" not in errors
        assert b"Aborted" in errors


def _default_interrupt() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class TestJobsValue:
    def test_auto_is_the_cpus_this_process_may_use_that_the_load_leaves_free(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """auto (the default) counts the CPUs of the process's affinity less the busy ones."""
        if hasattr(os, "sched_getaffinity"):
            assert cpu_count() == len(os.sched_getaffinity(0))
        monkeypatch.setattr(os, "getloadavg", lambda: (0.4, 3.0, 3.0))
        assert JOBS.convert("auto", None, None) == cpu_count() >= 1
        monkeypatch.setattr(os, "getloadavg", lambda: (float(cpu_count()) + 0.5, 0.0, 0.0))
        assert JOBS.convert("auto", None, None) == 1

    @pytest.mark.parametrize(
        ("cpus", "load", "free"),
        [
            (8, 0.0, 8),
            (8, 0.99, 8),
            (8, 1.0, 7),
            (8, 5.7, 3),
            (8, 8.0, 1),
            (2, 2.3, 1),
            (1, 0.0, 1),
        ],
    )
    def test_idle_cpus_leaves_out_the_busy_ones(self, cpus: int, load: float, free: int) -> None:
        assert idle_cpus(cpus, load) == free

    def test_without_a_load_average_every_cpu_counts(self, monkeypatch: pytest.MonkeyPatch) -> None:
        def unavailable() -> tuple[float, float, float]:
            raise OSError("no load average")

        monkeypatch.setattr(os, "getloadavg", unavailable)
        assert idle_cpus(4) == 4

    @pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
    @pytest.mark.usefixtures("small_blocks", "no_workers")
    def test_a_named_pipe_is_read_in_one_process(self, tmp_path: Path) -> None:
        """A named pipe gives its bytes once: a run that reads one starts no worker."""
        batch = _interchanges(tmp_path)
        pipe = tmp_path / "claims.pipe"
        os.mkfifo(pipe)
        data = Path(batch).read_bytes()
        writer = threading.Thread(target=pipe.write_bytes, args=(data,), daemon=True)
        writer.start()
        try:
            result = run(batch, str(pipe), "--format", "json", *ON, "--jobs", "2")
        finally:
            writer.join(timeout=60)
        assert result.exit_code == 1
        assert '"claims": 70' in result.stdout

    @pytest.mark.usefixtures("no_workers")
    def test_a_small_run_starts_no_worker(self) -> None:
        """Files under PARALLEL_FROM in total are checked in the one process."""
        result = run(CLEAN, PROBLEMS, "--format", "json", *ON, "--jobs", "4")
        assert result.exit_code == 1
        assert '"claims": 2' in result.stdout
