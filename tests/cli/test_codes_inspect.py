"""``medoffice codes inspect DIR``: recognised files, their state, and the exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from medoffice.cli import main

FIXTURES = Path(__file__).parents[1] / "adapters" / "reference" / "fixtures"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["codes", "inspect", *args])
    return result.exit_code, result.output


def as_json(directory: Path) -> tuple[int, dict[str, Any]]:
    code, output = run(str(directory), "--format", "json")
    return code, json.loads(output)


@pytest.fixture
def clean_folder(tmp_path: Path) -> Path:
    for name in ("ccipra-v322r0-f1.txt", "AOC_V2026Q3-MCR.csv", "ptp_normalised.csv"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    (tmp_path / "nested").mkdir()
    shutil.copy(
        FIXTURES / "MCR_MUE_PractitionerServices_Eff_10-01-2026.csv",
        tmp_path / "nested" / "mue.csv",
    )
    (tmp_path / "notes.txt").write_text("not a reference file\n")
    return tmp_path


class TestCleanFolder:
    def test_every_recognised_file_is_listed_with_kind_version_and_rows(
        self, clean_folder: Path
    ) -> None:
        """Files are found recursively by their header, whatever their names; others are skipped."""
        code, report = as_json(clean_folder)
        assert code == 0
        assert report["ok"] is True
        listed = {f["path"]: (f["kind"], f["quarters"], f["rows"]) for f in report["files"]}
        assert listed == {
            "AOC_V2026Q3-MCR.csv": ("ncci-aoc", ["2026Q3"], 6),
            "ccipra-v322r0-f1.txt": ("ncci-ptp", ["2026Q3"], 6),
            "nested/mue.csv": ("ncci-mue", [], 5),
            "ptp_normalised.csv": ("ncci-ptp", ["2026Q3", "2026Q4"], 5),
        }

    def test_the_table_output_names_each_kind(self, clean_folder: Path) -> None:
        """The default output is a table for people, one row per file."""
        code, output = run(str(clean_folder))
        assert code == 0
        assert {"ncci-ptp", "ncci-mue", "ncci-aoc"} <= set(output.split())

    def test_an_empty_folder_recognises_nothing(self, tmp_path: Path) -> None:
        """No files, no problems, exit 0."""
        code, report = as_json(tmp_path)
        assert code == 0
        assert report["files"] == []
        assert run(str(tmp_path))[0] == 0


class TestProblems:
    def test_a_file_with_problems_is_reported_with_lines_and_exit_1(self) -> None:
        """The fixtures include cut and malformed rows: each problem names its line."""
        code, report = as_json(FIXTURES)
        assert code == 1
        assert report["ok"] is False
        cut = next(f for f in report["files"] if f["path"] == "ccipra-v323r0-f2.txt")
        assert [(p["line"], p["rule"]) for p in cut["problems"]] == [
            (4, "REF-TRUNCATED"),
            (4, "REF-FIELDS"),
        ]

    def test_the_table_output_lists_each_problem_by_file_and_line(self) -> None:
        """Under the table, one line per problem: file, line number and rule id."""
        code, output = run(str(FIXTURES))
        assert code == 1
        assert "ccipra-v323r0-f2.txt:4: REF-FIELDS:" in output

    def test_a_file_that_cannot_load_is_reported_not_raised(self, tmp_path: Path) -> None:
        """A PTP header followed by nothing valid still gives a listing and exit 1."""
        (tmp_path / "empty.csv").write_text(
            "code,max_units,mai,ref_version\n99213,x,3,MUE-2026Q3\n"
        )
        code, report = as_json(tmp_path)
        assert code == 1
        (only,) = report["files"]
        assert only["kind"] == "ncci-mue"
        assert [p["rule"] for p in only["problems"]] == ["REF-VALUE"]

    def test_an_unreadable_folder_exits_2(self, tmp_path: Path) -> None:
        """A folder that does not exist is bad input."""
        code, _ = run(str(tmp_path / "missing"))
        assert code == 2


class TestReferenceData:
    def test_the_reference_folder_is_inspected(self, reference_data: Path) -> None:
        """Nine reference files are recognised; only the cut PTP excerpt has a problem."""
        code, report = as_json(reference_data)
        assert code == 1
        rows = {f["path"]: f["rows"] for f in report["files"]}
        assert rows == {
            "hcpcs/HCPC2025_OCT_ANWEB_v4.csv": 8846,
            "ncci_aoc/AOC_V2026Q2-MCR.csv": 9000,
            "ncci_mue/MCR_MUE_PractitionerServices_Eff_07-01-2026.excerpt.csv": 44,
            "ncci_mue/priorpath_subset_mue_2026Q3_Q4.csv": 200,
            "ncci_ptp/ccipra-v322r0-f1.excerpt.txt": 155,
            "ncci_ptp/priorpath_subset_ptp_2026Q3_head.csv": 385,
            "pos/pos_codes_merged.csv": 52,
            "pos/pyx12_pos_codes.csv": 52,
            "pos/tuva_place_of_service_codes.csv": 50,
        }
        failing = [f["path"] for f in report["files"] if not f["ok"]]
        assert failing == ["ncci_ptp/ccipra-v322r0-f1.excerpt.txt"]
