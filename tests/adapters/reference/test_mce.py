"""The diagnosis-edit table (MCE layout): per-code, per-date flags and age groups."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from tests.adapters.reference._damage import DAMAGES
from tests.adapters.reference._damage import damage as damage_file

from medoffice.adapters.reference import load_diagnosis_edits
from medoffice.adapters.reference._checked_cache import write_checked
from medoffice.adapters.reference._mce import _MAGIC
from medoffice.coding.icd10cm import DiagnosisEdit, DiagnosisEditTable, IcdCodeSet
from medoffice.kernel import InvalidValue

FIXTURES = Path(__file__).parent / "fixtures" / "icd10cm"


@pytest.fixture
def table() -> DiagnosisEditTable:
    """The small edit table in the MCE layout."""
    return load_diagnosis_edits(FIXTURES / "dx_master.csv", age_ranges=FIXTURES / "age_ranges.csv")


class TestEdits:
    def test_flags_follow_the_date_of_service(self, table: DiagnosisEditTable) -> None:
        """N40.0 is male-and-adult until 2024-09-30, adult only from 2024-10-01."""
        male_and_adult = frozenset({DiagnosisEdit.MALE, DiagnosisEdit.ADULT})
        assert table.edits("N40.0", on=date(2024, 9, 30)) == male_and_adult
        assert table.edits("N400", on=date(2024, 10, 1)) == frozenset({DiagnosisEdit.ADULT})

    def test_a_code_before_its_first_period_has_no_row(self, table: DiagnosisEditTable) -> None:
        """Before 2015-10-01 nothing is valid."""
        assert table.edits("E11.9", on=date(2015, 9, 30)) is None

    def test_a_code_without_flags_is_valid_with_no_edits(self, table: DiagnosisEditTable) -> None:
        """E11.9 has a row and an empty flag set."""
        assert table.edits("E11.9", on=date(2026, 6, 1)) == frozenset()

    def test_the_external_cause_and_manifestation_flags_are_read(
        self, table: DiagnosisEditTable
    ) -> None:
        """V00.01XA may not be principal; G63 is a manifestation."""
        on = date(2026, 6, 1)
        assert DiagnosisEdit.EXTERNAL_CAUSE_PRINCIPAL in (table.edits("V00.01XA", on=on) or ())
        assert DiagnosisEdit.MANIFESTATION in (table.edits("G63", on=on) or ())

    def test_age_groups_have_their_own_dates(self, table: DiagnosisEditTable) -> None:
        """Maternity was 12-55 until 2019-09-30 and 9-64 since."""
        before = table.age_group(DiagnosisEdit.MATERNITY, on=date(2019, 9, 30))
        after = table.age_group(DiagnosisEdit.MATERNITY, on=date(2019, 10, 1))
        assert (before.first_age, before.last_age) == (12, 55)
        assert (after.first_age, after.last_age) == (9, 64)
        assert after.contains(9)
        assert not after.contains(65)

    def test_an_end_date_can_be_closed_at_the_termination_date(self) -> None:
        """With ``through`` the open rows end on the MCE termination date."""
        table = load_diagnosis_edits(
            FIXTURES / "dx_master.csv",
            age_ranges=FIXTURES / "age_ranges.csv",
            through=date(2026, 9, 30),
        )
        assert table.edits("E119", on=date(2026, 9, 30)) == frozenset()
        assert table.edits("E119", on=date(2026, 10, 1)) is None


class TestBadFiles:
    @pytest.mark.parametrize(
        "content",
        [
            "code,start,end,flags\nE119,20151001,,\n",
            "code,start_date,end_date,flags\nE119,2015-10-01,,\n",
            "code,start_date,end_date,flags\nE119,20151001,,notaflag\n",
            "code,start_date,end_date,flags\nE119,20151001,,\nE119,20200101,,\n",
        ],
    )
    def test_a_malformed_master_is_a_clear_error(self, tmp_path: Path, content: str) -> None:
        """Wrong header, wrong date format, unknown flag, overlapping periods."""
        master = tmp_path / "dx.csv"
        master.write_text(content, encoding="utf-8")
        with pytest.raises(InvalidValue):
            load_diagnosis_edits(master, age_ranges=FIXTURES / "age_ranges.csv")


@pytest.mark.reference_data
class TestTheMedicareCodeEditor:
    def test_the_mce_table_agrees_with_the_index_on_2026_06_01(
        self, reference_data: Path, codes: IcdCodeSet
    ) -> None:
        """The codes valid on 2026-06-01 are the billable codes; external causes agree."""
        folder = reference_data / "mce"
        table = load_diagnosis_edits(
            folder / "mce_v43_1_icd10cm_dx_master.csv",
            age_ranges=folder / "mce_v43_1_age_ranges.csv",
            through=date(2026, 9, 30),
        )
        on = date(2026, 6, 1)
        valid = table.valid_codes(on=on)
        assert valid == codes.billable_codes()
        external = {
            code
            for code in valid
            if DiagnosisEdit.EXTERNAL_CAUSE_PRINCIPAL in (table.edits(code, on=on) or ())
        }
        flagged = {
            code for code in valid if (item := codes.lookup(code)) and item.is_external_cause
        }
        assert external == flagged
        manifestations = {
            code
            for code in valid
            if DiagnosisEdit.MANIFESTATION in (table.edits(code, on=on) or ())
        }
        for code in manifestations:
            item = codes.lookup(code)
            assert item is not None
            assert item.is_manifestation


class TestTheCompiledCache:
    def _load(
        self, folder: Path, *, cache: bool = True, through: date | None = None
    ) -> DiagnosisEditTable:
        return load_diagnosis_edits(
            FIXTURES / "dx_master.csv",
            age_ranges=FIXTURES / "age_ranges.csv",
            cache_dir=folder,
            cache=cache,
            through=through,
        )

    @staticmethod
    def _answers(table: DiagnosisEditTable) -> list[object]:
        days = (date(2015, 9, 30), date(2024, 9, 30), date(2024, 10, 1), date(2026, 6, 1))
        codes = ("N40.0", "E11.9", "V00.01XA", "G63", "Z38.00")
        return [
            *(table.edits(code, on=day) for code in codes for day in days),
            *(table.valid_codes(on=day) for day in days),
            table.age_groups,
        ]

    def test_a_second_load_reads_the_cache_and_answers_alike(self, tmp_path: Path) -> None:
        """The first load writes one cache file; the second answers exactly as the CSV does."""
        fresh = self._load(tmp_path)
        assert len(list(tmp_path.glob("mce-*.cache"))) == 1
        cached = self._load(tmp_path)
        assert self._answers(cached) == self._answers(fresh)
        uncached = self._load(tmp_path / "unused", cache=False)
        assert self._answers(uncached) == self._answers(fresh)
        assert not (tmp_path / "unused").exists()

    def test_through_is_part_of_the_cache_key(self, tmp_path: Path) -> None:
        """A load closing open rows at a termination date is not served the open-ended cache."""
        self._load(tmp_path)
        closed = self._load(tmp_path, through=date(2026, 9, 30))
        assert closed.edits("E119", on=date(2026, 10, 1)) is None
        assert len(list(tmp_path.glob("mce-*.cache"))) == 2

    @pytest.mark.parametrize("damage", DAMAGES)
    def test_a_damaged_cache_is_rebuilt_never_used(self, tmp_path: Path, damage: str) -> None:
        """A flipped bit, a file cut short or another format: the CSV is read again."""
        expected = self._answers(self._load(tmp_path))
        (target,) = tmp_path.glob("mce-*.cache")
        damaged = damage_file(target, damage, bit=0x04)
        assert self._answers(self._load(tmp_path)) == expected
        assert target.read_bytes() != damaged  # rewritten

    def test_a_checked_cache_of_the_wrong_shape_is_rebuilt(self, tmp_path: Path) -> None:
        """A checksum that matches a payload this version cannot read still means a rebuild."""
        expected = self._answers(self._load(tmp_path))
        (target,) = tmp_path.glob("mce-*.cache")
        write_checked(target, _MAGIC, {"flag_sets": [["no such flag"]], "periods": []})
        assert self._answers(self._load(tmp_path)) == expected

    def test_an_unwritable_cache_folder_only_costs_time(self, tmp_path: Path) -> None:
        """A cache folder that is a file cannot be written; the table still loads."""
        blocker = tmp_path / "blocker"
        blocker.write_text("", encoding="utf-8")
        assert self._load(blocker / "cache").edits("E11.9", on=date(2026, 6, 1)) == frozenset()

    @pytest.mark.parametrize("day", ["20151301", "2015101", "2015100a", "20150230"])
    def test_an_impossible_day_is_refused_with_its_line(self, tmp_path: Path, day: str) -> None:
        """Days are parsed by hand: month 13, seven digits, a letter, 30 February."""
        master = tmp_path / "dx.csv"
        master.write_text(f"code,start_date,end_date,flags\nE119,{day},,\n", encoding="utf-8")
        with pytest.raises(InvalidValue, match="line 2"):
            load_diagnosis_edits(master, age_ranges=FIXTURES / "age_ranges.csv", cache=False)
