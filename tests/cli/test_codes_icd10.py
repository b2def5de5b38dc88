"""``medoffice codes icd10``: what the index knows about each code, as a table or JSON."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from medoffice.cli import main

FIXTURES = Path(__file__).parents[1] / "adapters" / "reference" / "fixtures" / "icd10cm"


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One cache folder for the module, never the user's."""
    folder = tmp_path_factory.mktemp("icd10-cli-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MEDOFFICE_CACHE_DIR", str(folder))
        yield folder


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["codes", "icd10", *args])


class TestJson:
    def test_known_codes_are_described(self, cache: Path) -> None:
        """Each code comes back with kind, billability and notes; exit 0."""
        result = run("S72.001A", "E119", "--format", "json")
        assert result.exit_code == 0, result.output
        data = json.loads(result.output)
        assert data["release"] == "FY2026 April update"
        first, second = data["codes"]
        assert (first["code"], first["billable"], first["kind"]) == ("S72.001A", True, "extended")
        assert second["code"] == "E11.9"
        assert "E11" in {note["source"] for note in second["notes"]}

    def test_an_unknown_code_exits_one(self, cache: Path) -> None:
        """T36.01A (no placeholder) is unknown: found false, exit 1."""
        result = run("T36.01A", "G63", "--format", "json")
        assert result.exit_code == 1
        data = json.loads(result.output)
        assert [c["found"] for c in data["codes"]] == [False, True]
        assert data["codes"][1]["is_manifestation"] is True

    def test_the_date_of_service_picks_the_release(self, cache: Path) -> None:
        """2026-06-01 is covered by the bundled April update."""
        result = run("E11.9", "--on", "2026-06-01", "--format", "json")
        assert result.exit_code == 0
        assert json.loads(result.output)["on"] == "2026-06-01"

    def test_todays_dates_are_answered_from_the_derived_fy2027_release(self, cache: Path) -> None:
        """M04.3 (new in FY2027) on 2026-12-05: found, with the derivation as provenance."""
        result = run("M04.3", "E11.9", "--on", "2026-12-05", "--format", "json")
        assert result.exit_code == 0, result.output
        data = json.loads(result.output)
        assert data["release"] == "FY2027 October release"
        assert "CMS order addenda FY2027" in data["provenance"]
        assert data["codes"][0]["billable"] is True

    def test_another_release_answers_for_its_own_dates(self, cache: Path) -> None:
        """With the FY2025 fixture loaded, 2025-01-15 is answered from it."""
        result = run(
            "E11.9",
            "--on",
            "2025-01-15",
            "--tabular",
            str(FIXTURES / "icd10cm-tabular-2025.xml"),
            "--format",
            "json",
        )
        assert result.exit_code == 0, result.output
        assert json.loads(result.output)["release"] == "FY2025 October release"


class TestBadInput:
    def test_a_date_no_release_covers_exits_two(self, cache: Path) -> None:
        """2024-01-01 needs the FY2024 files: a clear message naming them, exit 2."""
        result = run("E11.9", "--on", "2024-01-01")
        assert result.exit_code == 2
        assert "FY2024" in result.output

    def test_a_malformed_date_exits_two(self, cache: Path) -> None:
        """--on takes YYYY-MM-DD."""
        assert run("E11.9", "--on", "01/02/2026").exit_code == 2

    def test_no_code_exits_two(self, cache: Path) -> None:
        """At least one code is required."""
        assert run().exit_code == 2


class TestTable:
    def test_the_table_lists_each_code(self, cache: Path) -> None:
        """The human format shows the code and its description."""
        result = run("V00.01XA", "NOPE")
        assert result.exit_code == 1
        assert "V00.01XA" in result.output
        assert "unknown" in result.output
