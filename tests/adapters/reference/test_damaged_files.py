"""Damaged reference files and folders: an error or a finding in every report, never silence."""

from __future__ import annotations

import io
import json
import os
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from medoffice.adapters.reference import (
    inspect_directory,
    load_aoc,
    load_diagnosis_edits,
    load_edit_tables,
    load_hcpcs,
    load_mue,
    load_pos_list,
    load_ptp,
    load_reference_data,
    read_tabular,
    reference_report,
)
from medoffice.claims._check import CheckContext, check_claim
from medoffice.cli import main
from medoffice.coding import LoadProblem, ReferenceFileError
from medoffice.kernel import InvalidValue, Severity
from medoffice.testing import sample_claim

ROOT = Path(__file__).parents[3]
FIXTURES = Path(__file__).parent / "fixtures"
HCPCS_SAMPLE = (
    ROOT / "tests" / "adapters" / "bridges" / "fixtures" / "HCPC2025_OCT_ANWEB_sample.csv"
)
CLEAN = str(ROOT / "examples" / "claims" / "clean_medicare_visit.json")
ON = date(2026, 3, 20)


def _check_clean_claim_with(folder: Path) -> Any:
    """``claims check`` of the clean example claim with ``folder``: exits 1; the claim's JSON."""
    arguments = ["check", CLEAN, "--reference-data", str(folder), "--on", ON.isoformat()]
    result = CliRunner().invoke(main, ["claims", *arguments, "--format", "json"])
    assert result.exit_code == 1, result.output
    [claim] = json.loads(result.stdout)["claims"]
    return claim


class TestLoaderCrashesBecomeErrors:
    """Inputs that used to escape as Python errors are refused with a medoffice error."""

    def test_deeply_nested_tabular_xml_is_refused(self) -> None:
        """1,200 nested <diag> elements: InvalidValue, not RecursionError."""
        xml = (
            b"<ICD10CM.tabular><version>2026</version><chapter><name>1</name><desc>x</desc>"
            b'<section id="A00-A09"><desc>d</desc>'
            + b"<diag><name>A00</name><desc>x</desc>" * 1200
            + b"</diag>" * 1200
            + b"</section></chapter></ICD10CM.tabular>"
        )
        with pytest.raises(InvalidValue, match="deep"):
            read_tabular(io.BytesIO(xml))

    @pytest.mark.parametrize(
        ("loader", "fixture"),
        [
            (load_mue, "mue_normalised.csv"),
            (load_aoc, "AOC_V2026Q3-MCR.csv"),
            (load_hcpcs, "HCPC2026_JAN_ANWEB.csv"),
            (load_pos_list, "pos_list.csv"),
            (lambda path: load_ptp(path, cache=False), "ptp_normalised.csv"),
        ],
        ids=["mue", "aoc", "hcpcs", "pos", "ptp"],
    )
    def test_a_csv_field_over_the_csv_limit_is_refused(
        self, tmp_path: Path, loader: object, fixture: str
    ) -> None:
        """A field of 140,000 characters: ReferenceFileError naming the file, not _csv.Error."""
        lines = (FIXTURES / fixture).read_bytes().splitlines(keepends=True)
        lines.insert(len(lines) // 2 + 1, b'"' + b"x" * 140_000 + b'",1,2\n')
        target = tmp_path / fixture
        target.write_bytes(b"".join(lines))
        with pytest.raises(ReferenceFileError, match="CSV") as raised:
            loader(target)  # type: ignore[operator]
        assert raised.value.file == fixture

    @pytest.mark.parametrize("cut", [10, 40, 41, 60])
    def test_an_mce_file_cut_short_is_refused(self, tmp_path: Path, cut: int) -> None:
        """The MCE master cut after a few bytes: ReferenceFileError, not AttributeError."""
        master = tmp_path / "dx_master.csv"
        master.write_bytes((FIXTURES / "icd10cm" / "dx_master.csv").read_bytes()[:cut])
        with pytest.raises(ReferenceFileError):
            load_diagnosis_edits(master, age_ranges=FIXTURES / "icd10cm" / "age_ranges.csv")

    def test_an_mce_file_that_is_not_utf8_is_refused(self, tmp_path: Path) -> None:
        """Bytes that are not UTF-8 in the MCE master: ReferenceFileError."""
        master = tmp_path / "dx_master.csv"
        master.write_bytes(b"code,start_date,end_date,flags\nE11\xff9,20151001,,\n")
        with pytest.raises(ReferenceFileError, match="UTF-8"):
            load_diagnosis_edits(master, age_ranges=FIXTURES / "icd10cm" / "age_ranges.csv")


@pytest.fixture
def cut_hcpcs(tmp_path: Path) -> Path:
    """A reference folder whose HCPCS file was cut in half, mid-line."""
    folder = tmp_path / "reference"
    folder.mkdir()
    data = HCPCS_SAMPLE.read_bytes()
    (folder / HCPCS_SAMPLE.name).write_bytes(data[: len(data) // 2])
    return folder


class TestADamagedFileReachesEveryReport:
    """A check that relies on a damaged file says so in its report, and the report is not ok."""

    def test_the_loaders_list_the_problem(self, cut_hcpcs: Path) -> None:
        """Both folder loaders carry the HCPCS file's REF-TRUNCATED problem."""
        rules = {str(p.rule) for p in load_reference_data(cut_hcpcs).problems}
        assert "REF-TRUNCATED" in rules
        rules = {str(p.rule) for p in load_edit_tables(cut_hcpcs).problems}
        assert "REF-TRUNCATED" in rules

    def test_a_check_with_the_damaged_file_is_not_ok(self, cut_hcpcs: Path) -> None:
        """The report names the file and the problem, as an error."""
        reference = load_reference_data(cut_hcpcs)
        context = CheckContext(
            on=ON,
            diagnoses=reference.diagnoses,
            procedures=reference.procedures,
            reference=reference_report(reference.problems),
        )
        report = check_claim(sample_claim(), context=context)
        assert not report.ok
        [finding] = [f for f in report if f.rule == "REF-TRUNCATED"]
        assert finding.severity is Severity.ERROR
        assert finding.value == HCPCS_SAMPLE.name

    def test_the_command_exits_one_and_names_the_file(self, cut_hcpcs: Path) -> None:
        """claims check with the cut file: exit 1, REF-TRUNCATED in the claim's findings."""
        claim = _check_clean_claim_with(cut_hcpcs)
        assert claim["ok"] is False
        found = [f for f in claim["findings"] if f["rule"] == "REF-TRUNCATED"]
        assert found
        assert found[0]["path"].startswith(HCPCS_SAMPLE.name)

    def test_a_whole_file_adds_nothing(self, tmp_path: Path) -> None:
        """The same folder with the whole file: no REF finding, the clean claim stays clean."""
        folder = tmp_path / "reference"
        folder.mkdir()
        shutil.copy(HCPCS_SAMPLE, folder)
        reference = load_reference_data(folder)
        assert reference.problems == ()
        assert not reference_report(reference.problems)

    def test_a_duplicate_code_is_only_a_warning(self) -> None:
        """A code listed twice (the first kept) does not make the report fail."""
        problem = LoadProblem(file="f.csv", line=3, rule="REF-DUPLICATE", message="twice")
        assert reference_report([problem]).ok


@pytest.fixture
def folder_with_subfolders(tmp_path: Path) -> Path:
    folder = tmp_path / "reference"
    (folder / "hcpcs").mkdir(parents=True)
    shutil.copy(HCPCS_SAMPLE, folder / "hcpcs")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(FIXTURES / "mue_normalised.csv", elsewhere)
    (folder / "linked").symlink_to(elsewhere, target_is_directory=True)
    (folder / "locked").mkdir()
    return folder


class TestFoldersThatCannotBeSearched:
    """An unreadable or symbolically linked sub-folder is reported, never skipped in silence."""

    def test_a_linked_folder_is_reported(self, folder_with_subfolders: Path) -> None:
        """The linked folder is not followed and is named in REF-FOLDER-SKIPPED."""
        found = load_edit_tables(folder_with_subfolders)
        skipped = [p for p in found.problems if p.rule == "REF-FOLDER-SKIPPED"]
        assert [p.file for p in skipped] == ["linked/"]
        assert "symbolic link" in skipped[0].message

    def test_an_unreadable_folder_is_reported(
        self, folder_with_subfolders: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A folder the walk cannot list is named, with the reason, in both loaders."""
        real_scandir = os.scandir
        locked = folder_with_subfolders / "locked"

        def scandir(path: object = ".") -> object:
            if Path(str(path)) == locked:
                raise PermissionError(13, "Permission denied", str(path))
            return real_scandir(path)  # type: ignore[call-overload]

        monkeypatch.setattr(os, "scandir", scandir)
        for problems in (
            load_edit_tables(folder_with_subfolders).problems,
            load_reference_data(folder_with_subfolders).problems,
        ):
            skipped = {p.file: p.message for p in problems if p.rule == "REF-FOLDER-SKIPPED"}
            assert "locked/" in skipped
            assert "Permission denied" in skipped["locked/"]

    def test_the_check_fails_while_a_folder_was_skipped(self, folder_with_subfolders: Path) -> None:
        """claims check over a folder with a linked sub-folder exits 1, naming the folder."""
        claim = _check_clean_claim_with(folder_with_subfolders)
        assert any(f["rule"] == "REF-FOLDER-SKIPPED" for f in claim["findings"])

    def test_codes_inspect_lists_the_skipped_folder(self, folder_with_subfolders: Path) -> None:
        """inspect_directory has an entry for the linked folder, with the reason."""
        entries = {e.path: e for e in inspect_directory(folder_with_subfolders)}
        assert entries["linked/"].kind is None
        assert "symbolic link" in str(entries["linked/"].error)
        assert not entries["linked/"].ok
