"""Reading official files in their layouts: tabular XML, code list, order file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from medoffice.adapters.reference import load_icd10cm, read_code_list
from medoffice.coding.icd10cm import IcdCodeSet, IcdRelease, ItemKind, RecordUse, ReleaseUpdate
from medoffice.kernel import InvalidArgument, InvalidValue


class TestSmallTabular:
    def test_seventh_characters_are_confirmed_by_the_code_list(self, small: IcdCodeSet) -> None:
        """S72.001 takes A, B and D (all three are listed) and is not billable itself."""
        item = small.lookup("S72.001")
        assert item is not None
        assert item.requires_seventh
        assert [s.character for s in item.seventh_characters] == ["A", "B", "D"]
        assert item.children == ("S72.001A", "S72.001B", "S72.001D")

    def test_short_codes_get_placeholder_x(self, small: IcdCodeSet) -> None:
        """S72.8 becomes S72.8XXA; V00.01 becomes V00.01XA."""
        assert small.is_billable("S72.8XXA")
        assert small.is_billable("V0001XA")
        assert not small.is_billable("S72.8")

    def test_a_code_list_can_leave_out_a_seventh_character(self, small: IcdCodeSet) -> None:
        """T36.0X1 has A and D in the file's definition; only listed codes exist."""
        item = small.lookup("T36.0X1")
        assert item is not None
        assert {s.character for s in item.seventh_characters} == {"A", "D"}
        assert small.lookup("T36.0X1B") is None

    def test_chapter_notes_and_flags_are_kept(self, small: IcdCodeSet) -> None:
        """O80 is for maternal records only; G63 is a manifestation; V00.01XA external."""
        maternal, manifestation = small.lookup("O80"), small.lookup("G63")
        external = small.lookup("V00.01XA")
        assert maternal is not None
        assert manifestation is not None
        assert external is not None
        assert maternal.record_use is RecordUse.MATERNAL_ONLY
        assert manifestation.is_manifestation
        assert external.is_external_cause

    def test_a_note_on_the_chapter_applies_to_its_codes(self, small: IcdCodeSet) -> None:
        """E11.9 inherits chapter 4's Excludes1 note as well as E11's."""
        item = small.lookup("E11.9")
        assert item is not None
        assert [note.source for note in item.excludes1] == ["E11", "E11", "4"]

    def test_the_excludes1_conflict_of_the_fixture(self, small: IcdCodeSet) -> None:
        """E11.9 with E10.9 conflicts; E11.9 with G63 does not."""
        assert len(small.excludes1_conflicts(["E11.9", "E10.9"])) == 2
        assert small.excludes1_conflicts(["E11.9", "G63"]) == ()

    def test_kinds_follow_the_length_of_the_code(self, small: IcdCodeSet) -> None:
        """Chapter, block, category, subcategory, extended."""
        expected = {
            "4": ItemKind.CHAPTER,
            "E08-E13": ItemKind.BLOCK,
            "E11": ItemKind.CATEGORY,
            "E11.9": ItemKind.SUBCATEGORY,
            "S72.001A": ItemKind.EXTENDED,
        }
        for code, kind in expected.items():
            item = small.lookup(code)
            assert item is not None
            assert item.kind is kind


class TestFileErrors:
    def test_a_missing_code_list_is_asked_for(self, small_tabular: Path, tmp_path: Path) -> None:
        """A tabular file alone cannot say which seventh-character codes exist."""
        lonely = tmp_path / "icd10cm-tabular-2025.xml"
        shutil.copy(small_tabular, lonely)
        with pytest.raises(InvalidArgument, match="code_list"):
            load_icd10cm(lonely, cache_dir=tmp_path)

    @pytest.mark.parametrize(
        "content",
        [
            "<not-closed",
            "<other><version>2026</version></other>",
            "<ICD10CM.tabular><version>x</version></ICD10CM.tabular>",
            "<ICD10CM.tabular><version>2026</version></ICD10CM.tabular>",
        ],
    )
    def test_a_bad_tabular_file_is_a_clear_error(self, tmp_path: Path, content: str) -> None:
        """Malformed XML, another document, a missing fiscal year, no chapters."""
        tabular = tmp_path / "icd10cm-tabular.xml"
        tabular.write_text(content, encoding="utf-8")
        (tmp_path / "icd10cm-codes.txt").write_text("A000 Cholera\n", encoding="utf-8")
        with pytest.raises(InvalidValue):
            load_icd10cm(tabular, cache_dir=tmp_path)

    def test_an_empty_code_list_is_a_clear_error(self) -> None:
        """A code list names at least one code."""
        with pytest.raises(InvalidValue):
            read_code_list("\n\n")

    def test_a_missing_file_is_an_os_error(self, tmp_path: Path) -> None:
        """The command line turns it into exit 2."""
        with pytest.raises(OSError, match="missing"):
            load_icd10cm(tmp_path / "missing.xml", code_list=tmp_path / "missing.txt")


class TestCodeListLayouts:
    def test_the_order_file_layout_is_read(self) -> None:
        """``00001 A00     0 Cholera`` yields A00."""
        text = "00001 A00     0 Cholera\n00002 A000    1 Cholera due to Vibrio cholerae\n"
        assert read_code_list(text) == {"A00", "A000"}

    def test_dotted_and_undotted_lists_are_read_alike(self) -> None:
        """The package's list and the CDC list give the same codes."""
        assert read_code_list("A00.0\r\nA00-A09\r\n1\r\n") == {"A000", "A00-A09", "1"}


class TestEntryPoint:
    def test_load_with_a_path_reads_that_release(self, small_tabular: Path, tmp_path: Path) -> None:
        """``load(path=...)`` reads another year; ``release=`` can say what it is."""
        april = IcdRelease(fiscal_year=2025, update=ReleaseUpdate.APRIL)
        code_set = load_icd10cm(small_tabular, release=april, cache_dir=tmp_path)
        assert code_set.release == april
        assert code_set.is_billable("E11.9")

    def test_code_list_without_path_is_refused(self, tmp_path: Path) -> None:
        """A code list alone does not make a code set."""
        with pytest.raises(InvalidArgument):
            load_icd10cm(code_list=tmp_path / "list.txt")
