"""``medoffice slots allocate``: a batch placed in a practice file, with objective, bound, gap."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from medoffice.cli import main

EXAMPLES = Path(__file__).parents[2] / "examples" / "scheduling"
REQUESTS = EXAMPLES / "requests.json"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["slots", "allocate", *args])
    return result.exit_code, result.output


class TestAllocateCommand:
    def test_the_json_report_has_objective_bound_and_gap(self) -> None:
        """Four of the five example requests fit; the report says how far from optimal."""
        code, out = run(str(REQUESTS), "--format", "json")
        assert code == 0, out
        report = json.loads(out)
        assert (report["requests"], report["objective"]) == (5, 4)
        assert report["bound"] >= report["objective"]
        assert report["gap"] == (report["bound"] - report["objective"]) / report["bound"]
        assert [u["reason"] for u in report["unplaced"]] == ["capacity"]

    def test_a_pinned_room_is_in_the_placement(self) -> None:
        """r-1 pins room-1: it is placed with it, inside its window."""
        _, out = run(str(REQUESTS), "--format", "json")
        placed = {p["request"]: p for p in json.loads(out)["placements"]}
        assert placed["r-1"]["resources"] == ["room-1"]
        assert placed["r-1"]["local_start"].startswith("2026-03-09T0")

    def test_the_table_ends_with_the_gap(self) -> None:
        """The table reports the placed count, objective, bound and gap."""
        code, out = run(str(REQUESTS))
        assert code == 0
        assert "4 of 5 placed" in out
        assert "gap 20.00%" in out

    def test_a_requests_file_without_a_practice_is_a_clear_error(self, tmp_path: Path) -> None:
        """No practice named anywhere: exit 2 and a message, no traceback."""
        path = tmp_path / "requests.json"
        path.write_text('{"requests": []}', encoding="utf-8")
        code, out = run(str(path))
        assert code == 2
        assert "practice" in out

    def test_a_broken_request_names_its_field(self, tmp_path: Path) -> None:
        """A window ending before it starts is reported with its path."""
        data = json.loads(REQUESTS.read_text(encoding="utf-8"))
        data["practice"] = str(EXAMPLES / "practice.toml")
        data["requests"][1]["windows"][0]["end"] = "2026-03-01T00:00:00-05:00"
        path = tmp_path / "requests.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        code, out = run(str(path))
        assert code == 2
        assert "requests[1].windows[0]" in out
        assert "p-102" not in out

    def test_open_is_still_the_default_subcommand(self) -> None:
        """``slots FILE`` and ``slots open FILE`` list the same slots."""
        args = ["--type", "FU", "--from", "2026-03-09", "--days", "1", "--format", "json"]
        args += ["--now", "2026-03-01T00:00:00+00:00"]
        short = CliRunner().invoke(main, ["slots", str(EXAMPLES / "practice.toml"), *args])
        long = CliRunner().invoke(main, ["slots", "open", str(EXAMPLES / "practice.toml"), *args])
        assert short.exit_code == long.exit_code == 0
        assert short.output == long.output
