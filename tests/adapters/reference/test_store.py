"""The reference store: installing, listing, coverage, import, verify and loading by date."""

from __future__ import annotations

import json
import os
import zipfile
from datetime import date
from pathlib import Path

import pytest

from medoffice.adapters.reference._store import ReferenceStore, store_directory
from medoffice.adapters.reference._store_coverage import store_coverage
from medoffice.adapters.reference._store_import import import_path
from medoffice.adapters.reference._store_load import (
    DatedDiagnosisEdits,
    DatedProcedureCodes,
    load_store,
    verify_store,
)
from medoffice.adapters.reference._store_model import (
    Obtained,
    Period,
    ReferenceSet,
    ReleaseManifest,
)
from medoffice.claims.ports import AgeGroup, DiagnosisEdit
from medoffice.kernel import DateRange, InvalidArgument, InvalidValue

FIXTURES = Path(__file__).parent / "fixtures"
POS = "code,name\n11,Office\n"


def _icd10cm(tmp_path: Path) -> Path:
    """A folder with the small FY2025 tabular XML and its code list."""
    folder = tmp_path / "icd"
    folder.mkdir()
    for path in (FIXTURES / "icd10cm").glob("icd10cm-*"):
        (folder / path.name).write_bytes(path.read_bytes())
    return folder


def _pos(tmp_path: Path, text: str = POS) -> Path:
    path = tmp_path / "pos.csv"
    path.write_text(text, encoding="utf-8")
    return path


def _install(store: ReferenceStore, path: Path, period: str = "2026Q4") -> ReleaseManifest:
    return store.install(
        ReferenceSet.POS,
        Period.parse(period),
        [path],
        label=f"POS {period}",
        obtained=Obtained.IMPORTED,
        source=path.name,
    )


class TestPeriods:
    def test_periods_are_fiscal_years_april_updates_or_quarters(self) -> None:
        """Each kind of period answers for its own dates of service."""
        assert Period.parse("fy2027-april").effective(ReferenceSet.ICD10CM) == DateRange(
            date(2027, 4, 1), date(2027, 9, 30)
        )
        assert Period.parse("2026Q1").effective(ReferenceSet.HCPCS) == DateRange(
            date(2026, 1, 1), date(2026, 3, 31)
        )
        assert Period.of(ReferenceSet.ICD10CM, date(2027, 5, 1)).name == "FY2027-APRIL"
        assert Period.of(ReferenceSet.MCE, date(2027, 5, 1)).name == "FY2027"
        assert Period.parse("2026Q4").is_quarter

    def test_a_period_in_another_shape_is_refused(self) -> None:
        """``2026-10`` is not a period."""
        with pytest.raises(InvalidValue, match="not a period"):
            Period.parse("2026-10")

    def test_a_manifest_survives_json(self, tmp_path: Path) -> None:
        """to_dict / from_dict give the same manifest back; junk is refused."""
        manifest = _install(ReferenceStore(tmp_path / "s"), _pos(tmp_path))
        assert ReleaseManifest.from_dict(json.loads(json.dumps(manifest.to_dict()))) == manifest
        with pytest.raises(InvalidValue):
            ReleaseManifest.from_dict({"set": "pos"})


class TestLocation:
    def test_the_argument_then_the_variable_then_the_user_data_folder(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        """--store wins over MEDOFFICE_REFERENCE_STORE, which wins over the default."""
        monkeypatch.setenv("MEDOFFICE_REFERENCE_STORE", str(tmp_path / "env"))
        assert store_directory(tmp_path / "arg") == tmp_path / "arg"
        assert store_directory() == tmp_path / "env"
        monkeypatch.delenv("MEDOFFICE_REFERENCE_STORE")
        assert store_directory().name == "reference"


class TestInstall:
    def test_an_installed_release_is_listed_with_its_coverage(self, tmp_path: Path) -> None:
        """One release: listed, answering for its quarter, gaps around it."""
        store = ReferenceStore(tmp_path / "s")
        _install(store, _pos(tmp_path))
        assert [m.label for m in store.releases()] == ["POS 2026Q4"]
        assert store.covering(ReferenceSet.POS, date(2026, 10, 1)) == "POS 2026Q4"
        assert store.covering(ReferenceSet.POS, date(2027, 1, 1)) is None
        year = DateRange(date(2026, 1, 1), date(2026, 12, 31))
        assert store.gaps(ReferenceSet.POS, year) == (
            DateRange(date(2026, 1, 1), date(2026, 9, 30)),
        )

    def test_adjacent_quarters_merge_into_one_span(self, tmp_path: Path) -> None:
        """2026Q3 and 2026Q4 cover July to December without a gap."""
        store = ReferenceStore(tmp_path / "s")
        _install(store, _pos(tmp_path), "2026Q3")
        _install(store, _pos(tmp_path), "2026Q4")
        assert store.coverage(ReferenceSet.POS) == (
            DateRange(date(2026, 7, 1), date(2026, 12, 31)),
        )

    def test_installing_the_same_files_again_is_a_no_op(self, tmp_path: Path) -> None:
        """Same files: the manifest already there comes back, nothing is rewritten."""
        store = ReferenceStore(tmp_path / "s")
        first = _install(store, _pos(tmp_path))
        stamp = (store.folder(ReferenceSet.POS, Period.parse("2026Q4")) / "release.json").stat()
        assert _install(store, _pos(tmp_path)) == first
        again = (store.folder(ReferenceSet.POS, Period.parse("2026Q4")) / "release.json").stat()
        assert again.st_mtime_ns == stamp.st_mtime_ns

    def test_new_files_replace_the_release_of_the_same_period(self, tmp_path: Path) -> None:
        """Other files for the same period replace the release in one step."""
        store = ReferenceStore(tmp_path / "s")
        _install(store, _pos(tmp_path))
        replaced = _install(store, _pos(tmp_path, POS + "12,Home\n"))
        assert store.releases() == (replaced,)
        assert store.verify_files().ok

    def test_a_release_needs_distinctly_named_files(self, tmp_path: Path) -> None:
        """No files, or two files of one name, are refused."""
        store = ReferenceStore(tmp_path / "s")
        with pytest.raises(InvalidArgument):
            store.install(
                ReferenceSet.POS,
                Period.parse("2026Q4"),
                [],
                label="x",
                obtained=Obtained.IMPORTED,
                source="x",
            )
        path = _pos(tmp_path)
        with pytest.raises(InvalidArgument):
            store.install(
                ReferenceSet.POS,
                Period.parse("2026Q4"),
                [path, path],
                label="x",
                obtained=Obtained.IMPORTED,
                source="x",
            )

    def test_reading_never_writes_to_the_store(self, tmp_path: Path, bundled_cache: Path) -> None:
        """Listing, coverage, verify and loading leave every file and folder untouched."""
        store = ReferenceStore(tmp_path / "s")
        _install(store, _pos(tmp_path))

        def snapshot() -> dict[str, tuple[int, int]]:
            found = {}
            for path in [store.root, *store.root.rglob("*")]:
                stat = path.stat()
                found[str(path)] = (stat.st_mtime_ns, stat.st_size)
            return found

        before = snapshot()
        store.releases()
        store_coverage(store, on=date(2026, 12, 5), cache_dir=bundled_cache)
        assert verify_store(store, cache_dir=bundled_cache).ok
        load_store(store, cache_dir=bundled_cache)
        assert snapshot() == before

    @pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
    def test_a_read_only_store_is_read(self, tmp_path: Path) -> None:
        """A store mounted read-only lists and verifies; installing into it raises OSError."""
        store = ReferenceStore(tmp_path / "s")
        _install(store, _pos(tmp_path))
        for folder in [store.root, *store.root.rglob("*")]:
            if folder.is_dir():
                folder.chmod(0o555)
        try:
            assert len(store.releases()) == 1
            assert store.verify_files().ok
            with pytest.raises(OSError, match="ermission"):
                _install(store, _pos(tmp_path, POS + "12,Home\n"))
        finally:
            for folder in [store.root, *store.root.rglob("*")]:
                if folder.is_dir():
                    folder.chmod(0o755)


class TestVerify:
    def test_an_altered_file_and_a_missing_one_are_findings(self, tmp_path: Path) -> None:
        """Verify re-hashes: a changed file, a missing file, an unreadable manifest."""
        store = ReferenceStore(tmp_path / "s")
        altered = _install(store, _pos(tmp_path), "2026Q3")
        store.path(altered, "pos.csv").write_text(POS + "99,Changed\n", encoding="utf-8")
        missing = _install(store, _pos(tmp_path), "2026Q4")
        store.path(missing, "pos.csv").unlink()
        broken = store.root / "pos" / "2027Q1"
        broken.mkdir()
        (broken / "release.json").write_text("{", encoding="utf-8")
        report = verify_store(store)
        assert not report.ok
        assert sorted((f.rule.value, f.path) for f in report) == [
            ("REF-STORE-CHECKSUM", "pos/2026Q3/pos.csv"),
            ("REF-STORE-MANIFEST", "pos/2027Q1"),
            ("REF-STORE-MISSING", "pos/2026Q4/pos.csv"),
        ]

    def test_a_file_that_no_longer_loads_is_a_finding(self, tmp_path: Path) -> None:
        """A release whose files do not load (an MCE table with a bad row) is reported."""
        master = tmp_path / "mce_v44_icd10cm_dx_master.csv"
        master.write_text("code,start_date,end_date,flags\nA000,2015,,\n", encoding="utf-8")
        ages = tmp_path / "mce_v44_age_ranges.csv"
        ages.write_text("age_group,start_age,end_age,start_date,end_date\n", encoding="utf-8")
        store = ReferenceStore(tmp_path / "s")
        (imported,) = import_path(store, tmp_path, today=date(2026, 12, 5)).installed
        assert (imported.set, imported.period.name) == (ReferenceSet.MCE, "FY2027")
        assert [f.rule.value for f in verify_store(store)] == ["REF-STORE-LOAD"]


class TestImport:
    def test_a_zip_of_official_files_is_sorted_into_releases(self, tmp_path: Path) -> None:
        """Tabular XML with its code list, and a POS list filed under the import day's quarter."""
        archive = tmp_path / "download.zip"
        with zipfile.ZipFile(archive, "w") as zipped:
            for path in _icd10cm(tmp_path).iterdir():
                zipped.write(path, f"icd/{path.name}")
            zipped.writestr("pos/pos.csv", POS)
            zipped.writestr("notes.txt", "hello")
        store = ReferenceStore(tmp_path / "s")
        result = import_path(store, archive, today=date(2026, 12, 5))
        assert sorted((m.set.value, m.period.name) for m in result.installed) == [
            ("icd10cm", "FY2025"),
            ("pos", "2026Q4"),
        ]
        assert "notes.txt" in result.skipped
        assert all(m.obtained is Obtained.IMPORTED for m in result.installed)

    def test_a_single_file_is_imported(self, tmp_path: Path) -> None:
        """A bare file works as well as a folder or a zip."""
        store = ReferenceStore(tmp_path / "s")
        path = _pos(tmp_path)
        (found,) = import_path(store, path, period=Period.parse("2026Q2")).installed
        assert found.period.name == "2026Q2"

    def test_nothing_known_is_refused(self, tmp_path: Path) -> None:
        """A folder without any official file says what it looked for."""
        (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
        with pytest.raises(InvalidArgument, match="no official file"):
            import_path(ReferenceStore(tmp_path / "s"), tmp_path)
        with pytest.raises(InvalidArgument, match="does not exist"):
            import_path(ReferenceStore(tmp_path / "s"), tmp_path / "absent")

    def test_a_pos_list_without_a_period_or_a_day_is_refused(self, tmp_path: Path) -> None:
        """A place-of-service list says no date: --period is needed."""
        with pytest.raises(InvalidArgument, match="--period"):
            import_path(ReferenceStore(tmp_path / "s"), _pos(tmp_path))


class TestLoadByDate:
    def test_an_imported_full_release_answers_for_its_dates(
        self, tmp_path: Path, bundled_cache: Path
    ) -> None:
        """The FY2025 fixture answers on 2025-01-15; the package releases answer after."""
        store = ReferenceStore(tmp_path / "s")
        import_path(store, _icd10cm(tmp_path))
        reference = load_store(store, cache_dir=bundled_cache)
        answers = reference.provenance(date(2025, 1, 15))
        assert answers["icd10cm"] == "FY2025 October release"
        assert reference.diagnoses.fiscal_year_on(date(2026, 11, 30)) == 2027
        assert reference.missing(date(2027, 4, 1))[0] is ReferenceSet.ICD10CM
        assert reference.tables is None

    def test_the_coverage_names_the_command_for_each_gap(
        self, tmp_path: Path, bundled_cache: Path
    ) -> None:
        """Gaps over the 12 months before the day, each with the command that fills it."""
        store = ReferenceStore(tmp_path / "s")
        _install(store, _pos(tmp_path))
        found = store_coverage(store, on=date(2026, 12, 5), cache_dir=bundled_cache)
        assert found.gaps["icd10cm"] == []
        assert found.gaps["pos"] == [{"first": "2025-12-05", "last": "2026-09-30"}]
        assert found.commands["hcpcs"] == "medoffice reference fetch hcpcs --period 2026Q4"
        assert "import" in found.commands["mce"]
        assert [r["obtained"] for r in found.to_dict()["releases"]] == [
            "package",
            "derived",
            "imported",
        ]

    def test_the_shared_reference_data_loads_from_the_store(
        self, reference_data: Path, tmp_path: Path, bundled_cache: Path
    ) -> None:
        """Every set of the shared data imports, verifies, and answers by date."""
        store = ReferenceStore(tmp_path / "s")
        import_path(store, reference_data, today=date(2026, 12, 5))
        assert verify_store(store, cache_dir=bundled_cache).ok
        reference = load_store(store, cache_dir=bundled_cache)
        assert reference.edits is not None
        assert reference.procedures is not None
        assert reference.tables is not None
        answers = reference.provenance(date(2026, 8, 3))
        assert answers["ncci-ptp"] is not None
        assert answers["ncci-ptp"].startswith("NCCI PTP 2026Q3")


class _Codes:
    """A ProcedureCodes / DiagnosisEdits stand-in that says which release answered."""

    def __init__(self, name: str) -> None:
        self.name = name

    def covers(self, on: date) -> bool:
        return self.name != "none"

    def is_valid_on(self, code: str, on: date) -> bool:
        return code == self.name

    def lookup(self, code: str, on: date) -> DiagnosisEdit | None:
        return DiagnosisEdit(code=self.name)

    def age_range(self, group: AgeGroup, on: date) -> tuple[int, int] | None:
        return (0, 0) if self.name == "q3" else (1, 1)


class TestReleasesByDate:
    Q3 = DateRange(date(2026, 7, 1), date(2026, 9, 30))
    Q4 = DateRange(date(2026, 10, 1), date(2026, 12, 31))

    def test_each_date_asks_the_quarter_it_falls_in(self) -> None:
        """HCPCS: 2026-08-03 asks 2026Q3, 2026-11-30 asks 2026Q4, later dates the latest."""
        codes = DatedProcedureCodes([(self.Q4, _Codes("q4")), (self.Q3, _Codes("q3"))])
        assert codes.is_valid_on("q3", date(2026, 8, 3))
        assert codes.is_valid_on("q4", date(2026, 11, 30))
        assert codes.is_valid_on("q4", date(2027, 2, 1))
        assert codes.is_valid_on("q3", date(2026, 1, 5))  # older dates: the earliest's history
        assert codes.covers(date(2026, 8, 3))

    def test_each_date_asks_the_mce_of_its_year(self) -> None:
        """MCE: the release of the date's fiscal year answers lookups and age ranges."""
        edits = DatedDiagnosisEdits([(self.Q3, _Codes("q3")), (self.Q4, _Codes("q4"))])
        found = edits.lookup("A000", date(2026, 11, 30))
        assert found is not None
        assert found.code == "q4"
        assert edits.age_range(AgeGroup.ADULT, date(2026, 8, 3)) == (0, 0)
