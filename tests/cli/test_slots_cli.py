"""``medoffice slots``: open slots from a practice file, as a table or JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from medoffice.cli import main

EXAMPLE = Path(__file__).parents[2] / "examples" / "scheduling" / "practice.toml"
NOW = "2026-03-01T00:00:00+00:00"
WINDOW = """practice_zone = "UTC"
[[schedules]]
resource = "dr"
[[schedules.windows]]
weekdays = {days}
start = "{start}"
end = "{end}"
"""


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["slots", *args])
    return result.exit_code, result.output


class TestSlotsCommand:
    def test_json_lists_the_open_slots_of_the_example(self) -> None:
        """The example practice offers NEW at 09:00 and 10:30 on 2026-03-09 with room-1."""
        code, out = run(
            str(EXAMPLE),
            "--type",
            "NEW",
            "--from",
            "2026-03-09",
            "--days",
            "1",
            "--now",
            NOW,
            "--format",
            "json",
        )
        assert code == 0
        data = json.loads(out)
        starts = [s["local_start"][11:16] for s in data["slots"]]
        assert starts[:2] == ["09:00", "10:30"]
        assert data["slots"][0]["resources"] == ["room-1"]

    def test_day_off_and_closures_offer_nothing(self) -> None:
        """dr-adams is off on 2026-03-11 and the practice is closed on 2026-05-25."""
        for day in ("2026-03-11", "2026-05-25"):
            code, out = run(
                str(EXAMPLE),
                "--type",
                "FU",
                "--from",
                day,
                "--days",
                "1",
                "--provider",
                "dr-adams",
                "--now",
                NOW,
                "--format",
                "json",
            )
            assert code == 0
            assert json.loads(out)["slots"] == []

    def test_table_output(self) -> None:
        """The table names the provider and local start."""
        code, out = run(
            str(EXAMPLE), "--type", "FU", "--from", "2026-03-10", "--days", "1", "--now", NOW
        )
        assert code == 0
        assert "dr-baker" in out
        assert "09:00" in out

    def test_json_file_is_read_too(self, tmp_path: Path) -> None:
        """The same layout works as JSON."""
        practice = {
            "practice_zone": "UTC",
            "appointment_types": [{"code": "FU", "duration_minutes": 30, "grid_minutes": 30}],
            "schedules": [
                {
                    "resource": "dr-a",
                    "windows": [{"weekdays": ["mon"], "start": "09:00", "end": "10:00"}],
                }
            ],
        }
        file = tmp_path / "practice.json"
        file.write_text(json.dumps(practice), encoding="utf-8")
        code, out = run(
            str(file),
            "--type",
            "FU",
            "--from",
            "2026-03-02",
            "--days",
            "1",
            "--now",
            NOW,
            "--format",
            "json",
        )
        assert code == 0
        assert [s["start"] for s in json.loads(out)["slots"]] == [
            "2026-03-02T09:00:00+00:00",
            "2026-03-02T09:30:00+00:00",
        ]

    @pytest.mark.parametrize(
        "content",
        [
            "not = [valid",
            'practice_zone = "Mars/Base"',
            WINDOW.format(days='["xyz"]', start="9", end="10"),
            WINDOW.format(days='["mon"]', start="10:00", end="09:00"),
            'practice_zone = "UTC"\n[[appointments]]\nid = "a"\nstart = "yesterday"',
            'practice_zone = "UTC"\n[[appointment_type]]\ncode = "FU"',
        ],
    )
    def test_bad_files_exit_2_without_a_traceback(self, tmp_path: Path, content: str) -> None:
        """Unreadable or impossible practice files are bad input (exit 2)."""
        file = tmp_path / "practice.toml"
        file.write_text(content, encoding="utf-8")
        code, out = run(str(file), "--type", "FU", "--from", "2026-03-02", "--now", NOW)
        assert code == 2
        assert "Traceback" not in out

    def test_bad_options_exit_2(self) -> None:
        """An unknown type, provider, date or naive --now is bad input."""
        assert run(str(EXAMPLE), "--type", "XX", "--from", "2026-03-09", "--now", NOW)[0] == 2
        assert (
            run(
                str(EXAMPLE),
                "--type",
                "FU",
                "--from",
                "2026-03-09",
                "--provider",
                "dr-zed",
                "--now",
                NOW,
            )[0]
            == 2
        )
        assert run(str(EXAMPLE), "--type", "FU", "--from", "March", "--now", NOW)[0] == 2
        assert (
            run(str(EXAMPLE), "--type", "FU", "--from", "2026-03-09", "--now", "2026-03-01T00:00")[
                0
            ]
            == 2
        )
        assert run("missing.toml", "--type", "FU", "--from", "2026-03-09")[0] == 2
