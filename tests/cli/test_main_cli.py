"""The ``medoffice`` command as a whole: version, help, --format on every command, exit codes."""

from __future__ import annotations

import atexit
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from medoffice import __version__
from medoffice.cli import _main, main


def leaf_commands(
    group: click.Group, prefix: str = "medoffice"
) -> Iterator[tuple[str, click.Command]]:
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        sub = group.get_command(ctx, name)
        assert sub is not None
        if isinstance(sub, click.Group):
            yield from leaf_commands(sub, f"{prefix} {name}")
        else:
            yield f"{prefix} {name}", sub


class TestTopLevel:
    def test_version_prints_the_package_version(self) -> None:
        """--version names the program and its version."""
        result = CliRunner().invoke(main, ["--version"])
        assert result.exit_code == 0
        assert result.output.strip() == f"medoffice, version {__version__}"

    def test_help_documents_the_exit_codes(self) -> None:
        """--help lists commands and the three exit codes."""
        result = CliRunner().invoke(main, ["--help"])
        assert result.exit_code == 0
        for text in ("identifiers", "demo", "0  ran", "1  ran", "2  bad input"):
            assert text in result.output

    def test_every_command_takes_format_json(self) -> None:
        """Each leaf command offers --format with json among its choices."""
        missing = []
        for name, cmd in leaf_commands(main):
            options = {opt: p for p in cmd.params for opt in getattr(p, "opts", [])}
            param = options.get("--format")
            if param is None or "json" not in getattr(param.type, "choices", ()):
                missing.append(name)
        assert missing == []

    def test_unknown_option_is_exit_two(self) -> None:
        """A usage error exits 2."""
        assert CliRunner().invoke(main, ["demo", "--no-such-option"]).exit_code == 2

    def test_python_dash_m_runs_the_command(self) -> None:
        """python -m medoffice is the same command."""
        done = subprocess.run(
            [sys.executable, "-m", "medoffice", "--version"],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0
        assert __version__ in done.stdout


class TestIdentifiersCheck:
    def test_valid_values_exit_zero(self) -> None:
        """All valid: exit 0, each recognised by kind."""
        result = CliRunner().invoke(
            main, ["identifiers", "check", "1234567893", "AB1234563", "--format", "json"]
        )
        assert result.exit_code == 0
        kinds = [r["kind"] for r in json.loads(result.output)["results"]]
        assert kinds == ["npi", "dea"]

    def test_an_invalid_value_exits_one_with_its_problem(self) -> None:
        """A wrong check digit is a finding: exit 1, reported with the kind it resembles."""
        result = CliRunner().invoke(
            main, ["identifiers", "check", "1234567890", "--format", "json"]
        )
        assert result.exit_code == 1
        row = json.loads(result.output)["results"][0]
        assert row["kind"] == "npi"
        assert row["valid"] is False
        assert row["problem"]

    def test_kind_forces_the_check(self) -> None:
        """--kind ein validates as an EIN and formats with the dash."""
        result = CliRunner().invoke(
            main, ["identifiers", "check", "--kind", "ein", "123456789", "--format", "json"]
        )
        assert json.loads(result.output)["results"][0]["formatted"] == "12-3456789"

    def test_member_ids_are_masked(self) -> None:
        """An MBI is PHI: the output never shows it whole."""
        result = CliRunner().invoke(main, ["identifiers", "check", "1EG4-TE5-MK73"])
        assert result.exit_code == 0
        assert "1EG4" not in result.output
        assert "MK73" not in result.output

    def test_values_from_plain_and_csv_files(self, tmp_path: Path) -> None:
        """A plain list and a CSV with kind and value columns are both read."""
        plain = tmp_path / "plain.txt"
        plain.write_text("# roster\n1234567893\n\nAB1234563\n", encoding="utf-8")
        table = tmp_path / "table.csv"
        table.write_text("kind,value\nein,123456789\nnpi,1234567890\n", encoding="utf-8")
        result = CliRunner().invoke(
            main,
            [
                "identifiers",
                "check",
                "--file",
                str(plain),
                "--file",
                str(table),
                "--format",
                "json",
            ],
        )
        data = json.loads(result.output)
        assert data["summary"] == {"checked": 4, "valid": 3, "invalid": 1}
        assert result.exit_code == 1

    def test_unknown_kind_in_a_file_is_bad_input(self, tmp_path: Path) -> None:
        """A CSV naming a kind that does not exist exits 2 with a message, no traceback."""
        table = tmp_path / "bad.csv"
        table.write_text("kind,value\nssn,123456789\n", encoding="utf-8")
        result = CliRunner().invoke(main, ["identifiers", "check", "--file", str(table)])
        assert result.exit_code == 2
        assert "unknown kind" in result.output
        assert "Traceback" not in result.output

    def test_no_values_is_a_usage_error(self) -> None:
        """Nothing to check exits 2."""
        assert CliRunner().invoke(main, ["identifiers", "check"]).exit_code == 2

    def test_undecodable_file_is_bad_input(self, tmp_path: Path) -> None:
        """A file that is not text exits 2."""
        blob = tmp_path / "blob.bin"
        blob.write_bytes(b"\xff\xfe\x00\x81")
        result = CliRunner().invoke(main, ["identifiers", "check", "--file", str(blob)])
        assert result.exit_code == 2

    @pytest.mark.parametrize("value", ["hello", "1EG4-TE5-MK7", "05X0123456"])
    def test_unrecognised_values_are_invalid(self, value: str) -> None:
        """Values that are nothing valid exit 1."""
        assert CliRunner().invoke(main, ["identifiers", "check", value]).exit_code == 1


def _modules_after(code: str) -> set[str]:
    """The modules a fresh interpreter holds after running ``code``."""
    script = f"{code}\nimport sys\nprint('\\n'.join(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    return set(done.stdout.split())


class TestColdStart:
    def test_version_loads_no_command_module(self) -> None:
        """``medoffice --version`` imports click and the command group, nothing of a domain."""
        loaded = _modules_after(
            "from medoffice.cli import main\n"
            "try:\n    main(['--version'])\nexcept SystemExit:\n    pass"
        )
        assert "medoffice.cli._main" in loaded
        heavy = {"rich", "cattrs", "pendulum", "sqlite3", "medoffice.adapters.sqlite"}
        assert not heavy & loaded
        assert not {m for m in loaded if m.startswith(("medoffice.claims", "medoffice.cli._"))} - {
            "medoffice.cli._main"
        }

    def test_a_command_is_found_when_it_runs(self) -> None:
        """The group lists every command in a stable order and loads one on demand."""
        group = main
        context = click.Context(group)
        assert group.list_commands(context) == [
            "demo",
            "identifiers",
            "codes",
            "reference",
            "slots",
            "claims",
            "credentials",
            "auth",
            "referrals",
            "budget",
            "audit",
            "remits",
            "ar",
            "denials",
            "examples",
            "completion",
        ]
        command = group.get_command(context, "codes")
        assert command is not None
        assert command.name == "codes"
        # A module that holds several commands gives the one asked for.
        aging = group.get_command(context, "ar")
        assert aging is not None
        assert aging.name == "ar"
        assert group.get_command(context, "no-such-command") is None

    def test_loading_icd10cm_from_its_cache_imports_no_xml_reader(self, tmp_path: Path) -> None:
        """A load from the compiled cache needs no XML reader, platformdirs or OpenSSL."""
        load = (
            "from medoffice.adapters.reference import load_icd10cm\n"
            f"assert load_icd10cm(cache_dir={str(tmp_path)!r}).lookup('E11.9') is not None"
        )
        _modules_after(load)  # compiles the cache
        loaded = _modules_after(load)
        unneeded = {"xml.etree.ElementTree", "platformdirs", "_hashlib"}
        unneeded |= {"medoffice.kernel._money", "medoffice.kernel._findings"}
        assert not unneeded & loaded


class _Stream:
    """A standard stream that notes what happens to it in ``events``."""

    def __init__(self, name: str, events: list[str], *, broken: bool = False) -> None:
        self.name, self.events, self.broken = name, events, broken

    def write(self, text: str) -> int:
        self.events.append(f"{self.name} write")
        return len(text)

    def flush(self) -> None:
        if self.broken:
            raise BrokenPipeError(32, "Broken pipe")
        self.events.append(f"{self.name} flush")


class TestProgram:
    def _run(
        self, monkeypatch: pytest.MonkeyPatch, args: list[str], *, broken: bool = False
    ) -> list[str]:
        """What run() does with ``args``: the streams' events, then how the process ended."""
        events: list[str] = []

        def exit_at_once(code: int) -> None:
            events.append(f"exit {code}")
            raise SystemExit(code)  # stands in for os._exit: the test process goes on

        monkeypatch.setattr(sys, "argv", ["medoffice", *args])
        monkeypatch.setattr(sys, "stdout", _Stream("stdout", events))
        monkeypatch.setattr(sys, "stderr", _Stream("stderr", events, broken=broken))
        monkeypatch.setattr(os, "_exit", exit_at_once)
        monkeypatch.setattr(atexit, "_run_exitfuncs", lambda: events.append("atexit"))
        with pytest.raises(SystemExit) as stopped:
            _main.run()
        events.append(f"ended {stopped.value.code}")
        return events

    @pytest.mark.parametrize(("args", "code"), [(["--version"], 0), (["demo", "--no-such"], 2)])
    def test_the_program_ends_at_once_once_its_output_is_out(
        self, monkeypatch: pytest.MonkeyPatch, args: list[str], code: int
    ) -> None:
        """The command's exit code, once the atexit functions have run and standard output then
        standard error are flushed, with nothing written after."""
        events = self._run(monkeypatch, args)
        ending = ["atexit", "stdout flush", "stderr flush", f"exit {code}", f"ended {code}"]
        assert events[-5:] == ending

    @pytest.mark.parametrize(
        ("daemon", "ending"),
        [
            (False, ["ended 0"]),  # the interpreter waits for it: the interpreter's exit
            (True, ["stderr flush", "exit 0", "ended 0"]),  # not waited for: the exit at once
        ],
    )
    def test_a_thread_the_interpreter_waits_for_leaves_the_exit_to_it(
        self, monkeypatch: pytest.MonkeyPatch, daemon: bool, ending: list[str]
    ) -> None:
        """A thread still runs: the exit at once only if the interpreter would not wait for it
        (a daemon); else no atexit call and no exit at once, the interpreter ends the process."""
        release = threading.Event()
        waiting = threading.Thread(target=release.wait, daemon=daemon)
        waiting.start()
        try:
            events = self._run(monkeypatch, ["--version"])
        finally:
            release.set()
            waiting.join()
        assert events[-len(ending) :] == ending
        assert ("atexit" in events) is ("exit 0" in events) is daemon

    def test_an_output_that_cannot_be_flushed_ends_as_the_interpreter_ends_it(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Standard error closed early: no exit at once, the exit goes on to the interpreter."""
        events = self._run(monkeypatch, ["--version"], broken=True)
        assert not any(event.startswith("exit") for event in events)
        assert events[-1] == "ended 0"

    def test_the_program_exits_with_the_command_code(self, tmp_path: Path) -> None:
        """python -m medoffice claims check: the whole document, then exit 1 for the error
        findings, as the command says in one process."""
        claims = Path(__file__).parents[2] / "examples" / "claims" / "claim_with_problems.json"
        args = ["claims", "check", str(claims), "--format", "json", "--on", "2026-03-20"]
        done = subprocess.run(
            [sys.executable, "-m", "medoffice", *args],
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "MEDOFFICE_CACHE_DIR": str(tmp_path)},
        )
        result = CliRunner().invoke(main, args, env={"MEDOFFICE_CACHE_DIR": str(tmp_path)})
        assert done.returncode == result.exit_code == 1
        assert done.stdout == result.stdout
        assert json.loads(done.stdout)["summary"]["not_ok"] == 1
