"""What every command does the same way: dates, CSV, full-width tables when piped, completion."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from medoffice.cli import main
from medoffice.cli._output import DAY, OutputFormat

from .test_main_cli import leaf_commands

EXAMPLES = Path(__file__).parents[2] / "src" / "medoffice" / "examples"
BUDGET = str(EXAMPLES / "budget" / "practice.json")


def run(*args: str) -> click.testing.Result:
    return CliRunner().invoke(main, list(args))


def options_of(cmd: click.Command) -> dict[str, click.Parameter]:
    return {opt: p for p in cmd.params for opt in getattr(p, "opts", [])}


class TestDates:
    def test_every_date_option_reads_yyyy_mm_dd_the_same_way(self) -> None:
        """No command parses a day its own way: every day option is DAY, shown YYYY-MM-DD."""
        others = []
        for name, cmd in leaf_commands(main):
            for param in cmd.params:
                if isinstance(param.type, click.DateTime):
                    others.append(f"{name} {param.name}")
        assert others == []
        _, variance = next((n, c) for n, c in leaf_commands(main) if n.endswith("budget pnl"))
        assert options_of(variance)["--from"].type is DAY
        result = run("budget", "pnl", "--help")
        assert "--from YYYY-MM-DD" in result.output

    @pytest.mark.parametrize(
        "args",
        [
            ("budget", "pnl", BUDGET, "--from", "2026-02-30"),
            ("budget", "variance", BUDGET, "--as-of", "28/02/2026"),
            ("codes", "icd10", "E11.9", "--on", "someday"),
        ],
    )
    def test_a_bad_date_is_exit_two_saying_how_to_write_it(self, args: tuple[str, ...]) -> None:
        result = run(*args)
        assert result.exit_code == 2
        assert "is not a date written YYYY-MM-DD" in result.output


class TestCsv:
    def test_tabular_commands_offer_csv_and_the_others_do_not(self) -> None:
        with_csv = {
            name
            for name, cmd in leaf_commands(main)
            if "csv" in getattr(options_of(cmd)["--format"].type, "choices", ())
        }
        assert {"medoffice budget variance", "medoffice claims check", "medoffice ar aging"} <= (
            with_csv
        )
        assert "medoffice examples copy" not in with_csv
        assert "medoffice completion" not in with_csv

    def test_variance_as_csv_has_a_header_and_one_row_per_json_row(self) -> None:
        as_json = json.loads(run("budget", "variance", BUDGET, "--format", "json").output)
        result = CliRunner().invoke(main, ["budget", "variance", BUDGET, "--format", "csv"])
        assert result.exit_code == 0
        rows = list(csv.reader(io.StringIO(result.stdout)))
        assert rows[0][:2] == ["account", "name"]
        assert len(rows) == 1 + len(as_json["rows"])
        assert {r[0] for r in rows[1:]} == {r["account"] for r in as_json["rows"]}

    def test_what_is_not_a_table_goes_to_standard_error(self) -> None:
        """The import summary's last line is not mixed into the CSV on standard output."""
        result = CliRunner().invoke(main, ["examples", "list", "--format", "csv"])
        assert result.exit_code == 0
        rows = list(csv.reader(io.StringIO(result.stdout)))
        assert len({len(r) for r in rows}) == 1
        assert any("practice.json" in cell for row in rows for cell in row)

    def test_several_tables_are_separated_by_an_empty_line(self, tmp_path: Path) -> None:
        claim = str(EXAMPLES / "claims" / "claim_with_problems.json")
        result = CliRunner().invoke(main, ["claims", "check", claim, "--format", "csv"])
        assert result.exit_code in {0, 1}
        blocks = [b for b in result.stdout.split("\n\n") if b.strip()]
        for block in blocks:
            rows = list(csv.reader(io.StringIO(block)))
            assert len({len(r) for r in rows}) == 1, block

    def test_the_format_enum_names_csv(self) -> None:
        assert OutputFormat("csv") is OutputFormat.CSV


class TestPipedTables:
    def test_a_piped_table_keeps_every_message_whole(self) -> None:
        """Run as another program would (standard output a pipe, no COLUMNS): nothing folded."""
        env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
        claim = str(EXAMPLES / "claims" / "claim_with_problems.json")
        args = [sys.executable, "-m", "medoffice", "claims", "check", claim]
        table = subprocess.run(args, capture_output=True, text=True, env=env, check=False)
        data = subprocess.run(
            [*args, "--format", "json"], capture_output=True, text=True, env=env, check=False
        )
        claims = json.loads(data.stdout)["claims"]
        messages = [f["message"] for claim in claims for f in claim["findings"]]
        assert messages
        for message in messages:
            assert message in table.stdout


class TestCompletion:
    @pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
    def test_the_script_calls_back_into_medoffice(self, shell: str) -> None:
        result = run("completion", shell)
        assert result.exit_code == 0
        assert "_MEDOFFICE_COMPLETE" in result.output

    def test_json_says_where_the_line_goes(self) -> None:
        data = json.loads(run("completion", "bash", "--format", "json").output)
        assert data["start_up_file"] == "~/.bashrc"
        assert data["line"] == 'eval "$(medoffice completion bash)"'

    def test_commands_and_choices_complete(self) -> None:
        def complete(words: str, index: int) -> list[str]:
            env = {"_MEDOFFICE_COMPLETE": "bash_complete", "COMP_WORDS": words}
            env["COMP_CWORD"] = str(index)
            result = CliRunner().invoke(main, [], env=env, prog_name="medoffice")
            return [line.split(",", 1)[1] for line in result.output.splitlines()]

        assert complete("medoffice bud", 1) == ["budget"]
        assert complete("medoffice budget variance f --format ", 5) == ["table", "json", "csv"]

    def test_an_unknown_shell_is_exit_two(self) -> None:
        assert run("completion", "powershell").exit_code == 2
