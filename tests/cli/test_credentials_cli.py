"""``medoffice credentials``: status and alerts over a roster file."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from medoffice.cli import main

EXAMPLE = Path(__file__).parents[2] / "examples" / "credentials" / "roster.json"


def write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "roster.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


GOOD = {
    "staff": [
        {
            "id": "S-1",
            "role": "ma",
            "name": "Synthetic Person",
            "birth_date": "1990-04-02",
            "credentials": [
                {"kind": "bls", "issuer": "AHA", "jurisdiction": "US", "issued_on": "2026-06-10"}
            ],
        }
    ]
}


class TestStatusCommand:
    def test_json_lists_every_requirement_with_its_standing(self) -> None:
        """The example roster: the DEA registration is reinstatable on 2026-07-01, exit 1."""
        result = CliRunner().invoke(
            main,
            ["credentials", "status", str(EXAMPLE), "--on", "2026-07-01", "--format", "json"],
        )
        assert result.exit_code == 1
        data = json.loads(result.output)
        first = {c["requirement"]: c["standing"] for c in data["staff"][0]["credentials"]}
        assert first["dea_registration/CA"] == "lapsed_reinstatable"
        assert data["ok"] is False
        assert {loc["id"]: loc["waived_tests_allowed"] for loc in data["locations"]} == {
            "MAIN": True,
            "NORTH": False,
        }

    def test_everything_in_force_exits_zero(self, tmp_path: Path) -> None:
        """A roster with every requirement in force exits 0."""
        result = CliRunner().invoke(
            main, ["credentials", "status", str(write(tmp_path, GOOD)), "--on", "2026-07-01"]
        )
        assert result.exit_code == 0
        assert "S-1" in result.output

    def test_explanations_carry_rule_ids_and_no_personal_data(self, tmp_path: Path) -> None:
        """--explain adds the rule and citation; names and birth dates never appear."""
        result = CliRunner().invoke(
            main,
            [
                "credentials",
                "status",
                str(write(tmp_path, GOOD)),
                "--on",
                "2026-07-01",
                "--explain",
                "--format",
                "json",
            ],
        )
        data = json.loads(result.output)
        assert data["staff"][0]["credentials"][0]["explanation"]["rule"] == "CRED-AHA-BLS"
        assert "Synthetic" not in result.output
        assert "1990" not in result.output

    def test_a_bad_roster_is_exit_two_with_the_path(self, tmp_path: Path) -> None:
        """A credential without an issue date is reported at its path, exit 2."""
        bad = {"staff": [{"id": "S-1", "role": "ma", "credentials": [{"kind": "bls"}]}]}
        result = CliRunner().invoke(
            main, ["credentials", "status", str(write(tmp_path, bad)), "--on", "2026-07-01"]
        )
        assert result.exit_code == 2
        assert "staff[0].credentials[0]" in result.output

    def test_a_missing_file_is_exit_two(self, tmp_path: Path) -> None:
        """An unreadable file exits 2."""
        result = CliRunner().invoke(
            main, ["credentials", "status", str(tmp_path / "nope.json"), "--on", "2026-07-01"]
        )
        assert result.exit_code == 2

    def test_an_impossible_date_is_exit_two(self) -> None:
        """--on 2026-02-30 is a usage error."""
        result = CliRunner().invoke(
            main, ["credentials", "status", str(EXAMPLE), "--on", "2026-02-30"]
        )
        assert result.exit_code == 2


class TestAlertsCommand:
    def test_json_plan_is_sorted_and_on_business_days(self, tmp_path: Path) -> None:
        """Reminders are sorted by sending day and never fall on a holiday or weekend."""
        result = CliRunner().invoke(
            main,
            [
                "credentials",
                "alerts",
                str(EXAMPLE),
                "--on",
                "2026-07-01",
                "--horizon",
                "120",
                "--format",
                "json",
            ],
        )
        assert result.exit_code == 0
        alerts = json.loads(result.output)["alerts"]
        days = [a["send_on"] for a in alerts]
        assert days == sorted(days)
        assert "2026-07-03" not in days
        assert {"holder": "S-001", "requirement": "state_license/CA"}.items() <= next(
            a for a in alerts if a["requirement"] == "state_license/CA"
        ).items()

    def test_ics_export_writes_the_due_dates(self, tmp_path: Path) -> None:
        """--ics writes an iCalendar file with CRLF line ends."""
        target = tmp_path / "due.ics"
        result = CliRunner().invoke(
            main,
            [
                "credentials",
                "alerts",
                str(EXAMPLE),
                "--on",
                "2026-07-01",
                "--horizon",
                "120",
                "--ics",
                str(target),
            ],
        )
        assert result.exit_code == 0
        text = target.read_bytes().decode("utf-8")
        assert text.startswith("BEGIN:VCALENDAR\r\n")
        assert "DTSTART;VALUE=DATE:20260930\r\n" in text

    def test_bad_thresholds_are_exit_two(self) -> None:
        """Thresholds that are not whole days exit 2."""
        result = CliRunner().invoke(
            main,
            [
                "credentials",
                "alerts",
                str(EXAMPLE),
                "--on",
                "2026-07-01",
                "--horizon",
                "30",
                "--thresholds",
                "soon",
            ],
        )
        assert result.exit_code == 2


UNDECIDABLE = {
    "staff": [
        {
            "id": "P-1",
            "role": "physician",
            "states": ["CA"],
            "credentials": [
                {
                    "kind": "state_license",
                    "issuer": "MBC",
                    "jurisdiction": "CA",
                    "issued_on": "2017-03-10",
                }
            ],
        }
    ]
}


class TestRequirementCommand:
    def test_one_requirement_as_json_names_the_missing_fact(self, tmp_path: Path) -> None:
        """An old-regime CA licence without a birth date: undecidable, needs birth_date, exit 1."""
        result = CliRunner().invoke(
            main,
            [
                "credentials",
                "requirement",
                str(write(tmp_path, UNDECIDABLE)),
                "P-1",
                "state_license/CA",
                "--on",
                "2018-01-01",
                "--format",
                "json",
            ],
        )
        assert result.exit_code == 1
        data = json.loads(result.output)
        assert (data["standing"], data["missing"]) == ("undecidable", "birth_date")

    def test_text_output_and_an_unknown_id(self, tmp_path: Path) -> None:
        """Text names the standing; an unknown staff id is a clear error, not a traceback."""
        path = str(write(tmp_path, GOOD))
        ok = CliRunner().invoke(
            main, ["credentials", "requirement", path, "S-1", "bls", "--on", "2026-07-01"]
        )
        assert ok.exit_code == 0
        assert "satisfied" in ok.output
        bad = CliRunner().invoke(
            main, ["credentials", "requirement", path, "S-9", "bls", "--on", "2026-07-01"]
        )
        assert bad.exit_code not in (0, 1)
        assert "Traceback" not in bad.output


class TestOfficeMatrix:
    def test_the_office_matrix_adds_the_tracked_kinds(self, tmp_path: Path) -> None:
        """``--matrix office`` asks for HIPAA training of everyone."""
        result = CliRunner().invoke(
            main,
            [
                "credentials",
                "status",
                str(write(tmp_path, GOOD)),
                "--on",
                "2026-07-01",
                "--matrix",
                "office",
                "--format",
                "json",
            ],
        )
        data = json.loads(result.output)
        required = {c["requirement"] for c in data["staff"][0]["credentials"]}
        assert "hipaa_training" in required
        assert result.exit_code == 1
