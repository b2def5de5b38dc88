"""``medoffice claims check --jobs N``: worker processes change nothing in what is printed.

Where the platform forks, the run reads each file once and forks a child per chunk of claims
(the pipeline); the design where each spawned worker reads every file is tested through
``entries(..., start_method="spawn")``.
"""

from __future__ import annotations

import gc
import itertools
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Generator, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from medoffice.claims import Profile
from medoffice.cli import _claims, _claims_jobs, main
from medoffice.cli._claims import (
    Entry,
    JsonEntries,
    Opened,
    Rendered,
    Summary,
    Task,
    open_claims,
)
from medoffice.cli._claims_checker import build_checker
from medoffice.cli._output import JOBS, cpu_count, idle_cpus
from medoffice.kernel.inputs import UnreadableInput
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


def _read_out(blocks: Iterator[Entry | Rendered]) -> list[Rendered]:
    """The rendered blocks, their text as a string (a view of a child's encoded text is valid
    only until the next block is asked for)."""
    out = []
    for block in blocks:
        assert isinstance(block, Rendered)
        text = block.text
        out.append(block._replace(text=text if isinstance(text, str) else str(text, "utf-8")))
    return out


def _joined(blocks: list[Rendered]) -> str:
    """The blocks' texts as one process writes them (an empty block writes nothing)."""
    return ",\n".join(str(block.text) for block in blocks if block.size)


def _cut_short(batch: Path) -> Iterator[Task]:
    """The tasks of ``batch``'s first 20 items, then a reading failure."""
    opened = open_claims(batch)
    try:
        yield from itertools.islice(opened.tasks(), 20)
    finally:
        opened.close()
    raise UnreadableInput(str(batch), "cut short")


def _store_spec(tmp_path: Path) -> dict[str, Any]:
    """A checker over an empty reference store: it notes the dates of service it sees."""
    on = date(2026, 3, 20)
    return {"profile": Profile(), "on": on, "reference_dir": None, "store": tmp_path / "store"}


def _spec() -> dict[str, Any]:
    """What a spawned worker builds its checker from: the command's own arguments."""
    on = date(2026, 3, 20)
    return {"profile": Profile(), "on": on, "reference_dir": REFERENCE, "store": None}


@pytest.fixture
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers for any file, blocks of 2 items (every spawned worker has several) and chunks of
    3 after a first of 2 (a run of the pipeline forks many children)."""
    monkeypatch.setattr(_claims_jobs, "BLOCK", 2)
    monkeypatch.setattr(_claims_jobs, "CHUNK", 3)
    monkeypatch.setattr(_claims_jobs, "FIRST", 2)
    monkeypatch.setattr(_claims_jobs, "PARALLEL_FROM", 0)


def _in_children(monkeypatch: pytest.MonkeyPatch, instead: Any) -> None:
    """``instead`` replaces what checks a chunk, in the forked children only."""
    parent, made = os.getpid(), _claims_jobs._made

    def chunk_made(*args: Any, **kwargs: Any) -> Any:
        if os.getpid() == parent:
            return made(*args, **kwargs)
        return instead()

    monkeypatch.setattr(_claims_jobs, "_made", chunk_made)


@pytest.fixture(scope="module")
def interchange(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, list[tuple[Any, ...]], list[str]]:
    """The multi-interchange file, its entries and their JSON texts, as one process makes them."""
    batch = Path(_interchanges(tmp_path_factory.mktemp("pipeline")))
    checker = build_checker(**_spec())
    alone = [(e.label, e.file, e.report) for e in open_claims(batch)(checker)]
    json = JsonEntries()
    texts = [json.text(entry) for entry in open_claims(batch)(checker)]
    return batch, alone, texts


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

    @pytest.mark.parametrize("charset", ["latin-1", "utf-16"])
    def test_an_output_that_is_not_utf8_gets_the_text_one_process_writes(
        self, tmp_path: Path, charset: str
    ) -> None:
        """When standard output does not take UTF-8, the children's text is written as text:
        the bytes are those of one process."""
        batch = _interchanges(tmp_path)
        args = ["claims", "check", CLEAN, batch, "--format", "json", *ON]
        runner = CliRunner(charset=charset)
        alone = runner.invoke(main, [*args, "--jobs", "1"])
        assert alone.exit_code == 1
        for jobs in ("2", "3"):
            shared = runner.invoke(main, [*args, "--jobs", jobs])
            assert (shared.exit_code, shared.stdout_bytes) == (alone.exit_code, alone.stdout_bytes)

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

    @pytest.mark.usefixtures("small_blocks")
    @pytest.mark.parametrize("start_method", ["fork", "spawn"])
    def test_rendered_blocks_are_the_text_and_counts_one_process_makes(
        self, tmp_path: Path, start_method: str
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
        blocks = _read_out(
            _claims_jobs.entries(
                [batch],
                strict_x12=False,
                checker=checker,
                spec=spec,
                jobs=3,
                render=True,
                start_method=start_method,
            )
        )
        assert _joined(blocks) == ",\n".join(texts)
        assert sum(block.size for block in blocks) == len(texts) == 36
        summary = Summary()
        for block in blocks:
            summary.merge(block.summary)
        assert summary.to_dict() == alone.summary.to_dict()
        assert summary.not_run == alone.summary.not_run
        assert summary.exit_code == alone.summary.exit_code == 1

    @pytest.mark.parametrize(
        ("first", "chunk"), [(1, 1), (2, 3), (5, 7), (4, 8), (36, 5), (40, 40), (2, 34)]
    )
    @pytest.mark.parametrize(
        ("jobs", "encoded", "stream"),
        [(1, True, 32), (2, True, 32), (2, True, 1), (2, True, 2), (2, True, 5000), (2, False, 1)],
    )
    def test_any_chunking_gives_what_one_process_gives(
        self,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        first: int,
        chunk: int,
        jobs: int,
        encoded: bool,
        stream: int,
    ) -> None:
        """Whatever the first chunk and the chunk size (the 36 items of the file split evenly,
        or not, or all in the parent), the pipeline's rendered text (as a string, or encoded by
        the children by blocks of one entry, a few or all), counts and dates of service are
        one process's; its entries too."""
        monkeypatch.setattr(_claims_jobs, "encoded_output", lambda: encoded)
        monkeypatch.setattr(_claims_jobs, "FIRST", first)
        monkeypatch.setattr(_claims_jobs, "CHUNK", chunk)
        monkeypatch.setattr(_claims, "ENCODED_BLOCK", stream)
        batch = Path(_interchanges(tmp_path))
        spec = _store_spec(tmp_path)
        alone_checker = build_checker(**spec)
        alone = JsonEntries()
        texts = [alone.text(entry) for entry in open_claims(batch)(alone_checker)]
        checker = build_checker(**spec)
        rendered = _read_out(
            _claims_jobs.entries(
                [batch], strict_x12=False, checker=checker, spec=spec, jobs=jobs, render=True
            )
        )
        assert _joined(rendered) == ",\n".join(texts)
        summary = Summary()
        for block in rendered:
            summary.merge(block.summary)
        assert summary.to_dict() == alone.summary.to_dict()
        assert checker.dates == alone_checker.dates != frozenset()
        assert checker.provenance() == alone_checker.provenance()
        entries = _claims_jobs.entries(
            [batch], strict_x12=False, checker=checker, spec=spec, jobs=jobs
        )
        expected = [(e.label, e.file, e.report) for e in open_claims(batch)(alone_checker)]
        assert [(e.label, e.file, e.report) for e in entries if isinstance(e, Entry)] == expected

    @settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        first=st.integers(min_value=1, max_value=40),
        chunk=st.integers(min_value=1, max_value=40),
        jobs=st.integers(min_value=1, max_value=4),
        render=st.booleans(),
        memfd=st.booleans(),
    )
    def test_the_pipeline_gives_what_one_process_gives(
        self,
        interchange: tuple[Path, list[tuple[Any, ...]], list[str]],
        first: int,
        chunk: int,
        jobs: int,
        render: bool,
        memfd: bool,
    ) -> None:
        """Any first chunk, chunk size and number of children, entries or rendered text, with
        a memory file or a temporary file: what one process gives, in the same order."""
        batch, alone, texts = interchange
        spec = _spec()
        checker = build_checker(**spec)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(_claims_jobs, "FIRST", first)
            patch.setattr(_claims_jobs, "CHUNK", chunk)
            if not memfd:
                patch.delattr(os, "memfd_create", raising=False)
            made = _claims_jobs.entries(
                [batch], strict_x12=False, checker=checker, spec=spec, jobs=jobs, render=render
            )
            if render:
                assert _joined(_read_out(made)) == ",\n".join(texts)
            else:
                assert [(e.label, e.file, e.report) for e in made if isinstance(e, Entry)] == alone

    @pytest.mark.usefixtures("small_blocks")
    @pytest.mark.parametrize("jobs", [1, 2, 3])
    @pytest.mark.parametrize("first", [2, 3])
    def test_no_more_children_than_jobs_run_at_once(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int, first: int
    ) -> None:
        """Memory stays bounded: at most ``jobs`` children (and their chunks) wait at once, and
        every child is gone when the entries end; every full chunk after the first goes to a
        child, even when the first is as large, the first two a third and two thirds of the
        others."""
        monkeypatch.setattr(_claims_jobs, "FIRST", first)
        live: set[int] = set()
        forked: list[int] = []
        most = 0
        fork, collected = _claims_jobs._fork, _claims_jobs._collected

        def counted_fork(*args: Any) -> None:
            nonlocal most
            running = args[-1]
            fork(*args)
            live.add(running[-1].pid)
            forked.append(running[-1].pid)
            most = max(most, len(live))

        def counted_collected(child: Any, checker: Any) -> Any:
            live.discard(child.pid)
            return collected(child, checker)

        monkeypatch.setattr(_claims_jobs, "_fork", counted_fork)
        monkeypatch.setattr(_claims_jobs, "_collected", counted_collected)
        batch = Path(_interchanges(tmp_path))
        spec = _spec()
        shared = _claims_jobs.entries(
            [batch], strict_x12=False, checker=build_checker(**spec), spec=spec, jobs=jobs
        )
        assert len([e for e in shared if isinstance(e, Entry)]) == 36
        assert most == jobs
        assert not live
        # Chunks of 1, 2, then 3 items go to children; a shorter last one is checked in the parent.
        assert len(forked) == 2 + (36 - first - 3) // 3
        for pid in forked:  # each one reaped
            with pytest.raises(ChildProcessError):
                os.waitpid(pid, os.WNOHANG)

    @pytest.mark.usefixtures("small_blocks")
    def test_forked_workers_check_the_json_claims_the_parent_read(self, tmp_path: Path) -> None:
        """JSON claims read whole by the parent are not read again by forked workers: the same
        entries come even when the file is gone once the parent has read it."""
        batch = Path(_interchanges(tmp_path))
        claims = tmp_path / "claims.json"
        claims.write_bytes(Path(PROBLEMS).read_bytes())
        files = [claims, batch, claims]
        spec = _spec()
        checker = build_checker(**spec)
        alone = [(e.label, e.file, e.report) for p in files for e in open_claims(p)(checker)]
        read = [open_claims(path) for path in files]
        claims.unlink()
        shared = _claims_jobs.entries(
            files, strict_x12=False, checker=checker, spec=spec, jobs=2, read=read
        )
        assert [(e.label, e.file, e.report) for e in shared if isinstance(e, Entry)] == alone
        assert alone[0][0] == alone[-1][0]
        assert len(alone) == 38


@pytest.mark.usefixtures("small_blocks")
class TestCollector:
    @pytest.mark.parametrize("enabled", [True, False])
    @pytest.mark.parametrize("ending", ["read", "closed", "failed"])
    def test_the_collector_is_as_it_was_once_the_entries_end(
        self, tmp_path: Path, enabled: bool, ending: str
    ) -> None:
        """The collector, off while the children are forked, is on again once the entries are
        read, closed early or failed (off again when the caller had it off)."""
        batch = Path(_interchanges(tmp_path))
        spec = _spec()
        checker = build_checker(**spec)

        read = [Opened(lambda: _cut_short(batch))] if ending == "failed" else []
        was = gc.isenabled()
        (gc.enable if enabled else gc.disable)()
        try:
            shared = _claims_jobs.entries(
                [batch], strict_x12=False, checker=checker, spec=spec, jobs=2, read=read
            )
            if ending == "closed":
                assert isinstance(shared, Generator)
                assert isinstance(next(shared), Entry)
                assert not gc.isenabled()  # off while the run goes on
                shared.close()
            elif ending == "failed":
                with pytest.raises(UnreadableInput):
                    list(shared)
            else:
                assert len([e for e in shared if isinstance(e, Entry)]) == 36
            assert gc.isenabled() is enabled
        finally:
            (gc.enable if was else gc.disable)()


class TestFailures:
    @pytest.mark.usefixtures("small_blocks")
    def test_a_worker_that_dies_gives_one_line(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A child killed before its end: exit 2, one line naming it, no traceback."""
        _in_children(monkeypatch, lambda: os._exit(3))
        result = run(_interchanges(tmp_path), "--format", "json", *ON, "--jobs", "2")
        assert result.exit_code == 2
        assert "worker process 1 stopped (exit 3) before it had checked its claims" in (
            result.stderr
        )
        assert "Traceback" not in result.output

    @pytest.mark.usefixtures("small_blocks")
    def test_a_worker_killed_by_a_signal_says_which(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A child killed by a signal (out of memory, say): the signal is named."""
        _in_children(monkeypatch, lambda: os.kill(os.getpid(), signal.SIGKILL))
        result = run(_interchanges(tmp_path), "--format", "table", *ON, "--jobs", "3")
        assert result.exit_code == 2
        assert f"stopped (signal {int(signal.SIGKILL)}) before it had checked" in result.stderr
        assert "Traceback" not in result.output

    @pytest.mark.usefixtures("small_blocks")
    def test_a_failing_worker_names_the_failure_not_the_data(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """An unexpected exception in a worker is one line with its type, never its message."""

        def fails() -> Any:
            raise RuntimeError("SAMPLE JORDAN 19890816")

        _in_children(monkeypatch, fails)
        result = run(_interchanges(tmp_path), "--format", "json", *ON, "--jobs", "2")
        assert result.exit_code == 2
        assert "medoffice: error: a worker process failed: RuntimeError" in result.stderr
        assert "JORDAN" not in result.output
        assert "Traceback" not in result.output

    def test_a_failing_spawned_worker_names_the_failure(self, tmp_path: Path) -> None:
        """A spawned worker that cannot read a file (gone once the parent opened it) says so
        in one line."""
        batch = Path(_interchanges(tmp_path))
        spec = _spec()
        read = [open_claims(batch)]
        batch.unlink()
        shared = _claims_jobs.entries(
            [batch],
            strict_x12=False,
            checker=build_checker(**spec),
            spec=spec,
            jobs=2,
            start_method="spawn",
            read=read,
        )
        with pytest.raises(_claims_jobs.WorkerFailed, match=r"batch\.x12: no such file"):
            list(shared)

    @pytest.mark.usefixtures("small_blocks")
    def test_a_file_unreadable_midway_comes_after_the_claims_before_it(
        self, tmp_path: Path
    ) -> None:
        """A reading failure after some claims: every claim read before it is written first,
        in order, as one process would, then the failure is raised."""
        batch = Path(_interchanges(tmp_path))
        checker = build_checker(**_spec())
        alone = [(e.label, e.file, e.report) for e in open_claims(batch)(checker)]

        for jobs in (2, 3):
            got: list[tuple[Any, ...]] = []
            shared = _claims_jobs.entries(
                [batch],
                strict_x12=False,
                checker=checker,
                spec=_spec(),
                jobs=jobs,
                read=[Opened(lambda: _cut_short(batch))],
            )
            with pytest.raises(UnreadableInput, match="cut short"):
                got.extend((e.label, e.file, e.report) for e in shared if isinstance(e, Entry))
            assert got == alone[:20]

    @pytest.mark.parametrize("value", ["0", "-1", "two", "", "1.5", "99999"])
    def test_a_bad_number_of_jobs_is_a_usage_error(self, value: str) -> None:
        """--jobs takes a number from 1, or auto: anything else is click's exit 2."""
        result = run(CLEAN, *ON, "--jobs", value)
        assert result.exit_code == 2
        assert "Invalid value for '--jobs'" in result.stderr
        assert "is not a number of processes" in result.stderr

    @pytest.mark.usefixtures("small_blocks")
    def test_children_ignore_ctrl_c_and_the_parent_keeps_its_handler(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A child ignores SIGINT (Python's handler would raise KeyboardInterrupt in it) and
        does not block it; the parent's handler and signal mask are as they were."""
        parent, made = os.getpid(), _claims_jobs._made

        def made_if_deaf(*args: Any, **kwargs: Any) -> Any:
            if os.getpid() != parent:
                if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
                    os._exit(5)
                if signal.SIGINT in signal.pthread_sigmask(signal.SIG_BLOCK, []):
                    os._exit(6)
            return made(*args, **kwargs)

        monkeypatch.setattr(_claims_jobs, "_made", made_if_deaf)
        handler = signal.getsignal(signal.SIGINT)
        result = run(_interchanges(tmp_path), "--format", "json", *ON, "--jobs", "2")
        assert result.exit_code == 1, result.stderr
        assert signal.getsignal(signal.SIGINT) is handler
        assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, [])

    def test_ctrl_c_stops_the_workers_without_a_traceback(self, tmp_path: Path) -> None:
        """SIGINT while workers check a large file: the run stops, no traceback, no worker left."""
        path = tmp_path / "large.x12"
        path.write_bytes(generate_837p(3000, seed=11))
        small_chunks = (
            "from medoffice.cli import _claims, _claims_jobs, main; "
            "_claims_jobs.FIRST = _claims_jobs.CHUNK = 50; main()"
        )
        command = [sys.executable, "-c", small_chunks, "claims", "check", str(path), *ON]
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
        assert _group(process.pid) == []  # no child left running


def _group(group: int) -> list[int]:
    """The processes of the process group ``group`` (by ``/proc``; none where it is absent)."""
    found = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            text = (entry / "stat").read_text(encoding="ascii", errors="replace")
        except OSError:
            continue
        if int(text[text.rindex(")") + 2 :].split()[2]) == group:
            found.append(int(entry.name))
    return found


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
