"""The official order addenda: reading them, the shipped FY2027 file, and the derived release."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import attrs
import pytest

from medoffice.adapters.reference import _icd10cm_derived
from medoffice.adapters.reference._icd10cm import load_icd10cm
from medoffice.adapters.reference._icd10cm_addenda import read_order_addenda
from medoffice.adapters.reference._icd10cm_derived import (
    BUNDLED_ADDENDA,
    bundled_addenda,
    derive_icd10cm,
)
from medoffice.adapters.reference._reference_data import default_code_sets, load_diagnosis_codes
from medoffice.claims._check import CheckContext, check_claim
from medoffice.claims._model import ServiceLine
from medoffice.coding._problems import ReferenceFileError
from medoffice.coding.icd10cm._addenda import AddendaAction
from medoffice.coding.icd10cm._catalog import IcdVersions
from medoffice.coding.icd10cm._index import IcdCodeSet
from medoffice.coding.icd10cm._versions import IcdRelease
from medoffice.kernel import Money, Report
from medoffice.testing import sample_claim


@pytest.fixture(scope="module")
def fy2027(bundled_cache: Path) -> IcdCodeSet:
    """The FY2027 release derived from the shipped addenda, in the cache of this run."""
    return derive_icd10cm(cache_dir=bundled_cache)


def _shipped_text() -> str:
    return BUNDLED_ADDENDA.path.read_bytes().decode("ascii")


class TestReader:
    def test_the_shipped_file_has_every_row_of_its_summary(self) -> None:
        """297 rows: 253 additions, 36 deletions, 4 revisions each way (CMS summary)."""
        addenda = read_order_addenda(_shipped_text(), file=BUNDLED_ADDENDA.name)
        assert addenda.fiscal_year == 2027
        counts = {action: len(addenda.of(action)) for action in AddendaAction}
        assert counts == {
            AddendaAction.ADD: 253,
            AddendaAction.DELETE: 36,
            AddendaAction.REVISE_FROM: 4,
            AddendaAction.REVISE_TO: 4,
        }
        first = addenda.rows[0]
        assert (first.code, first.billable, first.line) == ("C7831", True, 1)

    def test_a_file_cut_short_is_refused(self) -> None:
        """Dropping a row makes the rows disagree with the summary: refused, not half applied."""
        lines = _shipped_text().split("\r\n")
        with pytest.raises(ReferenceFileError, match="incomplete or altered"):
            read_order_addenda("\r\n".join(lines[1:]), file=BUNDLED_ADDENDA.name)

    def test_a_row_in_another_layout_is_refused_with_its_line(self) -> None:
        """A line that is not an addenda row names its line."""
        with pytest.raises(ReferenceFileError, match=":2"):
            read_order_addenda("Add:         1 M043    VEXAS\nM043 VEXAS\n", file="x_2027.txt")

    def test_an_empty_file_is_refused(self) -> None:
        """No rows, no addenda."""
        with pytest.raises(ReferenceFileError, match="no rows"):
            read_order_addenda("\n", file="addenda_2027.txt")

    def test_the_fiscal_year_comes_from_the_name_when_there_is_no_summary(self) -> None:
        """Without the summary block the file name gives the year; without either, refused."""
        row = "Add:         1 M043    VEXAS syndrome\n"
        assert read_order_addenda(row, file="order_addenda_2028.txt").fiscal_year == 2028
        with pytest.raises(ReferenceFileError, match="fiscal year"):
            read_order_addenda(row, file="addenda.txt")

    def test_an_unexpected_summary_line_is_refused(self) -> None:
        """Text after the rows that is not the summary is refused."""
        text = "Add:         1 M043    VEXAS syndrome\n\nHeaders\nsomething else\n"
        with pytest.raises(ReferenceFileError, match="summary"):
            read_order_addenda(text, file="addenda_2027.txt")


class TestShippedFile:
    def test_the_shipped_file_matches_its_recorded_checksum(self) -> None:
        """The package data is the CMS file, byte for byte."""
        assert bundled_addenda().stat().st_size == BUNDLED_ADDENDA.size

    def test_an_altered_shipped_file_is_refused(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        """A checksum that differs from the recorded one raises, naming the file."""
        altered = attrs.evolve(BUNDLED_ADDENDA, sha256="0" * 64)
        monkeypatch.setattr(_icd10cm_derived, "BUNDLED_ADDENDA", altered)
        with pytest.raises(ReferenceFileError, match="altered"):
            bundled_addenda()
        with pytest.raises(ReferenceFileError, match="altered"):
            derive_icd10cm(cache_dir=tmp_path)


class TestDerivedRelease:
    def test_codes_change_as_the_addenda_say(self, fy2027: IcdCodeSet, codes: IcdCodeSet) -> None:
        """New, deleted, demoted and retitled codes of FY2027."""
        assert fy2027.is_billable("M04.3")
        assert "M04.3" not in codes
        assert "T52.8X1A" in codes
        assert "T52.8X1A" not in fy2027
        assert codes.is_billable("I42.0")
        assert not fy2027.is_billable("I42.0")
        revised = fy2027.lookup("Z29.14")
        assert revised is not None
        assert revised.description == "Encounter for prophylactic rabies immune globulin"

    def test_the_cache_gives_back_the_same_release(
        self, fy2027: IcdCodeSet, bundled_cache: Path
    ) -> None:
        """The release read back from the cache equals the one derived."""
        again = derive_icd10cm(cache_dir=bundled_cache)
        assert again is not fy2027
        assert again == fy2027
        assert again.lookup("M04.3").notes_pending  # type: ignore[union-attr]

    def test_a_user_addenda_file_is_applied_without_a_recorded_checksum(
        self, tmp_path: Path, bundled_cache: Path
    ) -> None:
        """Any addenda file can be applied; its name becomes the provenance."""
        path = tmp_path / "icd10cm_order_addenda_2027.txt"
        path.write_bytes(BUNDLED_ADDENDA.path.read_bytes())
        derived = derive_icd10cm(path, cache_dir=bundled_cache)
        assert derived.release.derived_from == (
            "FY2026 April update + icd10cm_order_addenda_2027.txt"
        )

    def test_the_billable_set_equals_the_published_fy2027_list(
        self, fy2027: IcdCodeSet, reference_data: Path
    ) -> None:
        """Exactly the 74,879 FY2027 billable codes of the derived list in the shared data."""
        listed = reference_data / "icd10cm" / "icd10cm_fy2027_billable_codes.derived.txt"
        expected = frozenset(listed.read_text(encoding="ascii").split())
        assert len(expected) == 74_879
        assert fy2027.billable_codes() == expected


@pytest.fixture(scope="module")
def context(bundled_cache: Path) -> CheckContext:
    """What a default install checks with, on 2026-12-05."""
    return CheckContext(
        on=date(2026, 12, 5), diagnoses=load_diagnosis_codes(cache_dir=bundled_cache)
    )


def _claim_on(context: CheckContext, day: date, *codes: str) -> Report:
    usd = "USD"
    line = ServiceLine(
        service_from=day,
        procedure="99213",
        pointers=tuple(range(1, len(codes) + 1)),
        charge=Money.of("100.00", usd),
    )
    claim = sample_claim(diagnoses=codes, lines=(line,), total_charge=Money.of("100.00", usd))
    return check_claim(claim, context=context)


_VALIDITY = {"DX-INVALID-ON-DOS", "DX-NOT-BILLABLE", "DX-7TH-MISSING", "DX-CODESET-UNAVAILABLE"}


def _validity(report: Report) -> set[str]:
    return {f.rule.value for f in report} & _VALIDITY


class TestDefaultInstallChecksTodaysClaims:
    def test_a_code_new_in_fy2027_is_valid_from_october_only(self, context: CheckContext) -> None:
        """M04.3 passes on 2026-11-30 and is invalid on 2026-09-30."""
        assert _validity(_claim_on(context, date(2026, 11, 30), "M04.3", "I10")) == set()
        assert _validity(_claim_on(context, date(2026, 9, 30), "M04.3", "I10")) == {
            "DX-INVALID-ON-DOS"
        }

    def test_a_code_deleted_in_fy2027_is_valid_until_september_only(
        self, context: CheckContext
    ) -> None:
        """T52.8X1A passes on 2026-09-30 and is invalid on 2026-11-30."""
        assert _validity(_claim_on(context, date(2026, 9, 30), "T52.8X1A", "I10")) == set()
        assert _validity(_claim_on(context, date(2026, 11, 30), "T52.8X1A", "I10")) == {
            "DX-INVALID-ON-DOS"
        }

    def test_a_code_demoted_to_a_header_is_not_billable_from_october(
        self, context: CheckContext
    ) -> None:
        """I42.0 is billable on 2026-09-30, a header on 2026-10-01."""
        assert _validity(_claim_on(context, date(2026, 9, 30), "I42.0")) == set()
        assert _validity(_claim_on(context, date(2026, 10, 1), "I42.0")) == {"DX-NOT-BILLABLE"}

    def test_a_missing_seventh_character_is_an_error_on_a_current_claim(
        self, context: CheckContext
    ) -> None:
        """S72.001 on 2026-11-30: DX-7TH-MISSING and the report is not ok."""
        report = _claim_on(context, date(2026, 11, 30), "S72.001", "I10")
        assert _validity(report) == {"DX-7TH-MISSING"}
        assert not report.ok

    def test_lines_straddling_the_change_each_use_their_own_release(
        self, context: CheckContext
    ) -> None:
        """A deleted code on 2026-09-30 and a new one on 2026-10-01, on one claim: both valid."""
        usd = "USD"
        lines = (
            ServiceLine(
                service_from=date(2026, 9, 30),
                procedure="99213",
                pointers=(1,),
                charge=Money.of("100.00", usd),
            ),
            ServiceLine(
                service_from=date(2026, 10, 1),
                procedure="99213",
                pointers=(2,),
                charge=Money.of("100.00", usd),
            ),
        )
        straddling = sample_claim(
            diagnoses=("T52.8X1A", "M04.3"), lines=lines, total_charge=Money.of("200.00", usd)
        )
        assert _validity(check_claim(straddling, context=context)) == set()
        swapped = attrs.evolve(straddling, diagnoses=("M04.3", "T52.8X1A"))
        found = check_claim(swapped, context=context).filter(rules=["DX-INVALID-ON-DOS"])
        assert [f.path for f in found] == ["diagnoses[0]", "diagnoses[1]"]


class TestAFullReleaseReplacesTheDerivedOne:
    def test_a_full_fy2027_release_answers_instead_of_the_derived_one(
        self, small_tabular: Path, bundled_cache: Path
    ) -> None:
        """Given a full FY2027 October release, the derived FY2027 one is left out."""
        full = load_icd10cm(
            small_tabular, release=IcdRelease(fiscal_year=2027), cache_dir=bundled_cache
        )
        code_sets = default_code_sets(extra=[full], cache_dir=bundled_cache)
        assert not any(c.release.is_derived for c in code_sets)
        assert IcdVersions(code_sets).on(date(2026, 11, 30)) is full
        derived = default_code_sets(cache_dir=bundled_cache)
        assert [c.release.is_derived for c in derived] == [False, True]
