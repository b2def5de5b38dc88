"""The bridges from the real code sets and CMS files to the claim checker's ports, and the rules
they drive."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from medoffice.adapters.bridges import (
    HcpcsProcedureCodes,
    IcdDiagnosisCodes,
    MceDiagnosisEdits,
)
from medoffice.adapters.reference import (
    load_diagnosis_codes,
    load_diagnosis_edits,
    load_hcpcs,
)
from medoffice.claims._check import CheckContext, check_claim
from medoffice.claims._model import Claim, ServiceLine
from medoffice.claims._profile import Profile, RuleSetting
from medoffice.claims.ports import AgeGroup, DiagnosisCodes, DiagnosisEdits, ProcedureCodes
from medoffice.kernel import Money
from medoffice.testing import sample_claim
from medoffice.testing._claims_contracts import (
    DiagnosisCodesContract,
    DiagnosisEditsContract,
    ProcedureCodesContract,
)

FIXTURES = Path(__file__).parent / "fixtures"
ON = date(2026, 3, 20)


@pytest.fixture(scope="module")
def bundled() -> IcdDiagnosisCodes:
    """The bundled FY2026 ICD-10-CM, answering for the whole fiscal year."""
    return load_diagnosis_codes()


def with_dx(*codes: str) -> Claim:
    """The sample claim with these diagnoses and one line pointing at (up to four of) them."""
    line = ServiceLine(
        service_from=date(2026, 3, 2),
        procedure="99213",
        pointers=tuple(range(1, min(len(codes), 4) + 1)),
        charge=Money.of("100.00", "USD"),
    )
    return sample_claim(diagnoses=codes, lines=(line,), total_charge=None)


def _fixture_edits() -> MceDiagnosisEdits:
    return MceDiagnosisEdits(
        load_diagnosis_edits(
            FIXTURES / "mce_sample_icd10cm_dx_master.csv",
            age_ranges=FIXTURES / "mce_sample_age_ranges.csv",
        )
    )


def _fixture_procedures() -> HcpcsProcedureCodes:
    return HcpcsProcedureCodes(load_hcpcs(FIXTURES / "HCPC2025_OCT_ANWEB_sample.csv"))


class TestBundledIcd10cm(DiagnosisCodesContract):
    excludes1_pair = ("E119", "E109")

    def make_codes(self) -> DiagnosisCodes:
        return load_diagnosis_codes()

    def test_october_is_covered_by_the_bundled_fiscal_year(self) -> None:
        """The April update answers for the whole of FY2026, from 2025-10-01."""
        assert self.make_codes().fiscal_year_on(date(2025, 10, 1)) == 2026

    def test_fy2027_is_covered_by_the_derived_release_until_the_april_update(self) -> None:
        """From 2026-10-01 the release derived from the addenda answers, until 2027-03-31."""
        codes = self.make_codes()
        assert codes.fiscal_year_on(date(2026, 10, 1)) == 2027
        assert codes.fiscal_year_on(date(2027, 3, 31)) == 2027
        assert codes.fiscal_year_on(date(2027, 4, 1)) is None


class TestMceFixtureEdits(DiagnosisEditsContract):
    def make_edits(self) -> DiagnosisEdits:
        return _fixture_edits()

    def test_the_last_sex_flag_is_carried_past_2024(self) -> None:
        """N40.0 keeps its male flag after CMS dropped the sex edit, for profiles that want it."""
        edit = _fixture_edits().lookup("N400", date(2026, 3, 2))
        assert edit is not None
        assert edit.sex == "M"

    def test_maternity_ages_follow_their_dates(self) -> None:
        """Maternity was 12-55 before 2019-10-01 and 9-64 after."""
        edits = _fixture_edits()
        assert edits.age_range(AgeGroup.MATERNITY, date(2019, 9, 30)) == (12, 55)
        assert edits.age_range(AgeGroup.MATERNITY, date(2019, 10, 1)) == (9, 64)


class TestHcpcsFixture(ProcedureCodesContract):
    def make_procedures(self) -> ProcedureCodes:
        return _fixture_procedures()

    def test_after_the_quarter_only_known_terminations_count(self) -> None:
        """A code the October 2025 file does not know may be new in 2026: not reported."""
        procedures = _fixture_procedures()
        assert procedures.is_valid_on("G9999", date(2026, 3, 2))
        assert not procedures.is_valid_on("A4397", date(2026, 3, 2))


class TestCheckingAgainstTheBundledCodeSet:
    @pytest.mark.parametrize(
        ("codes", "rule", "path"),
        [
            (("T36.01A",), "DX-PLACEHOLDER-X", "diagnoses[0]"),
            (("S72.001",), "DX-7TH-MISSING", "diagnoses[0]"),
            (("S72.001Z",), "DX-7TH-INVALID", "diagnoses[0]"),
            (("M54.5",), "DX-NOT-BILLABLE", "diagnoses[0]"),
            (("E11.9", "E78.99"), "DX-INVALID-ON-DOS", "diagnoses[1]"),
            (("F02.80", "G30.9"), "DX-MANIFESTATION-FIRST", "diagnoses[0]"),
            (("W19.XXXA", "S72.001A"), "DX-EXTERNAL-CAUSE-FIRST", "diagnoses[0]"),
            (("E11.9", "E10.9"), "DX-EXCLUDES1", "diagnoses[1]"),
        ],
    )
    def test_the_real_code_set_drives_the_icd_rules(
        self, bundled: IcdDiagnosisCodes, codes: tuple[str, ...], rule: str, path: str
    ) -> None:
        """Each ICD-10-CM rule fires on the real FY2026 tabular."""
        report = check_claim(with_dx(*codes), context=CheckContext(on=ON, diagnoses=bundled))
        assert (rule, path) in {(f.rule.value, f.path) for f in report}

    def test_the_sample_claim_is_clean(self, bundled: IcdDiagnosisCodes) -> None:
        """A typical, correct claim passes against the real code set and edit fixture."""
        context = CheckContext(
            on=ON, diagnoses=bundled, edits=_fixture_edits(), procedures=_fixture_procedures()
        )
        assert list(check_claim(sample_claim(), context=context)) == []

    def test_a_profile_can_turn_the_sex_edit_back_on(self, bundled: IcdDiagnosisCodes) -> None:
        """With the carried-forward MCE flag, a profile reapplies the sex edit in 2026."""
        profile = Profile(rules={"DX-SEX-CONFLICT": RuleSetting(enabled=True)})
        context = CheckContext(on=ON, diagnoses=bundled, edits=_fixture_edits(), profile=profile)
        report = check_claim(with_dx("N40.0"), context=context)
        assert ("DX-SEX-CONFLICT", "diagnoses[0]") in {(f.rule.value, f.path) for f in report}
