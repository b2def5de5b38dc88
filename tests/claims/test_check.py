"""The checker is pure, total and deterministic, and never quotes PHI."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import date

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from medoffice.adapters.memory import (
    InMemoryDiagnosisCodes,
    InMemoryDiagnosisEdits,
    InMemoryEditTables,
)
from medoffice.claims import CheckContext, Claim, Patient, Profile, RuleSetting, check_claim
from medoffice.claims._catalogue import INTERNAL_RULE
from medoffice.claims._rules_ncci import NCCI_RULES
from medoffice.claims.ports import AddOnRule, DiagnosisCode, DiagnosisEdit, UnitLimit
from medoffice.kernel import Severity
from medoffice.testing import sample_claim
from medoffice.testing._claims_strategies import PATIENT_NAME, claims

from ._cases import CODES, ON, context, with_dx


class _ExplodingCodes:
    """A code set whose Excludes1 lookup fails, as a buggy adapter might."""

    def fiscal_year_on(self, on: date) -> int | None:
        return CODES.fiscal_year_on(on)

    def lookup(self, code: str, on: date) -> DiagnosisCode | None:
        return CODES.lookup(code, on)

    def excludes1_conflicts(self, codes: Sequence[str], on: date) -> Sequence[tuple[str, str]]:
        raise RuntimeError("boom")


class _ExplodingLimits:
    """Edit tables whose MUE look-up fails, as a buggy adapter might."""

    def __init__(self) -> None:
        self.tables = InMemoryEditTables.sample()

    def ptp_indicator(self, column1: str, column2: str, on: date) -> int | None:
        return self.tables.ptp_indicator(column1, column2, on)

    def ptp_pairs(
        self, codes: Collection[str], on: date, *, touching: Collection[str] | None = None
    ) -> Mapping[tuple[str, str], int]:
        return self.tables.ptp_pairs(codes, on, touching=touching)

    def mue(self, code: str, on: date) -> UnitLimit | None:
        raise RuntimeError("boom")

    def add_on(self, code: str, on: date) -> AddOnRule | None:
        return self.tables.add_on(code, on)

    def modifier_known(self, modifier: str, on: date) -> bool | None:
        return self.tables.modifier_known(modifier, on)

    def place_of_service_valid(self, code: str, on: date) -> bool:
        return self.tables.place_of_service_valid(code, on)


class TestTheCheckerIsTotal:
    def test_a_failing_rule_becomes_an_internal_finding(self) -> None:
        """An exception inside a rule is reported as CHK-INTERNAL naming the rule."""
        ctx = CheckContext(on=ON, diagnoses=_ExplodingCodes())
        report = check_claim(with_dx("E11.9", "I10"), context=ctx)
        internal = [f for f in report if f.rule.value == INTERNAL_RULE]
        assert [f.value for f in internal] == ["DX-EXCLUDES1"]
        assert internal[0].severity is Severity.ERROR

    def test_the_other_rules_still_run_after_one_fails(self) -> None:
        """A failing rule does not hide the findings of the others."""
        ctx = CheckContext(on=ON, diagnoses=_ExplodingCodes())
        report = check_claim(with_dx("E11.9", "I10", "I10"), context=ctx)
        assert "DX-DUPLICATE" in report.count_by_rule()

    def test_a_failing_shared_analysis_fails_each_of_its_rules(self) -> None:
        """The NCCI rules share one analysis: when it fails, each rule is named, as alone."""
        ctx = CheckContext(on=ON, diagnoses=CODES, tables=_ExplodingLimits())
        report = check_claim(with_dx("E11.9", "I10", "I10"), context=ctx)
        internal = sorted(f.value or "" for f in report if f.rule.value == INTERNAL_RULE)
        assert internal == sorted(r.id for r in NCCI_RULES)
        assert "DX-DUPLICATE" in report.count_by_rule()

    def test_a_claim_that_cannot_be_prepared_is_a_finding(self) -> None:
        """A code set that fails on every call still yields a report, not an exception."""

        class Broken(_ExplodingCodes):
            def fiscal_year_on(self, on: date) -> int | None:
                raise RuntimeError("boom")

        report = check_claim(sample_claim(), context=CheckContext(on=ON, diagnoses=Broken()))
        assert [f.rule.value for f in report] == [INTERNAL_RULE]

    @settings(max_examples=80, deadline=None)
    @given(claims())
    def test_any_claim_gets_a_report_without_internal_failures(self, claim: Claim) -> None:
        """Arbitrary claims, garbage included, are checked without any rule failing."""
        report = check_claim(claim, context=context())
        assert INTERNAL_RULE not in report.count_by_rule()


class TestTheCheckerIsDeterministic:
    @settings(max_examples=30, deadline=None)
    @given(claims(max_lines=8))
    def test_two_runs_give_identical_reports(self, claim: Claim) -> None:
        """The same claim and context give the same report, finding for finding."""
        first = check_claim(claim, context=context())
        second = check_claim(claim, context=context())
        assert first == second
        assert first.to_dict() == second.to_dict()

    @settings(max_examples=20, deadline=None)
    @given(st.lists(claims(max_lines=4, max_diagnoses=5), min_size=2, max_size=4))
    def test_a_shared_context_gives_the_same_reports_as_fresh_ones(
        self, batch: list[Claim]
    ) -> None:
        """What the context remembers between claims never changes a report."""
        shared = context()
        for claim in batch + batch:
            assert check_claim(claim, context=shared) == check_claim(claim, context=context())


def _edit_lines() -> st.SearchStrategy[Claim]:
    """The sample claim with lines of the sample tables' PTP, MUE and add-on codes, with and
    without a bypass modifier: the same hits recur across claims, under several rules."""
    base = sample_claim()
    line = base.lines[0]
    lines = st.builds(
        lambda code, modifiers, units: attrs.evolve(
            line, procedure=code, modifiers=modifiers, units=units
        ),
        st.sampled_from(["29881", "29877", "99214", "36415", "83036", "99292", "G2211"]),
        st.sampled_from([(), ("59",), ("XS",), ("25",)]),
        st.sampled_from([1, 1, 3]),
    )
    return st.builds(
        lambda own: attrs.evolve(base, lines=tuple(own), total_charge=None),
        st.lists(lines, min_size=1, max_size=4),
    )


class TestFindingsMadeOncePerPlan:
    """The checker makes each finding of a rule's hit once per plan and shares it."""

    @settings(max_examples=150, deadline=None)
    @given(st.lists(_edit_lines(), min_size=2, max_size=6))
    def test_a_batch_gets_each_claim_its_own_findings(self, batch: list[Claim]) -> None:
        """Claims whose hits recur (one hit under NCCI-PTP-1 on one claim and under
        NCCI-PTP-1-BYPASSED on another) get, through one context, their reports alone."""
        shared = context()
        for claim in batch + batch[::-1]:
            assert check_claim(claim, context=shared) == check_claim(claim, context=context())


class TestFindingsNeverQuotePhi:
    @settings(max_examples=60, deadline=None)
    @given(claims(max_lines=8))
    def test_no_message_or_value_holds_the_name_or_birth_date(self, claim: Claim) -> None:
        """Neither the patient's name nor date of birth appears in any finding."""
        birth = claim.patient.date_of_birth
        for finding in check_claim(claim, context=context()):
            assert PATIENT_NAME not in f"{finding.message} {finding.value}"
            if birth is not None:
                assert birth.isoformat() not in finding.message
            if finding.path.startswith(("patient.", "subscriber.")):
                assert finding.value is None or finding.path == "patient.sex"

    def test_the_member_id_is_never_quoted(self) -> None:
        """A bad MBI is reported by path only."""
        claim = sample_claim(
            subscriber=attrs.evolve(sample_claim().subscriber, member_id="SECRET9999")
        )
        found = check_claim(claim, context=context()).filter(rules=["PAT-MBI-INVALID"])
        assert [f.value for f in found] == [None]
        assert all("SECRET9999" not in f.message for f in found)

    def test_an_impossible_birth_date_is_reported_without_it(self) -> None:
        """The date-of-birth finding carries no value."""
        claim = sample_claim(patient=Patient(sex="F", date_of_birth=date(2030, 1, 2)))
        found = check_claim(claim, context=context()).filter(rules=["PAT-DOB-INVALID"])
        assert [(f.path, f.value) for f in found] == [("patient.date_of_birth", None)]
        assert all("2030" not in f.message for f in found)


def _claim_on(day: date) -> Claim:
    return sample_claim(
        lines=tuple(attrs.evolve(ln, service_from=day) for ln in sample_claim().lines)
    )


class TestCodeSetCoverage:
    def test_an_uncovered_date_is_an_error_and_never_calls_a_code_invalid(self) -> None:
        """FY2027 dates without an FY2027 release: an error naming FY2027 and its command."""
        report = check_claim(_claim_on(date(2026, 10, 2)), context=context(on=date(2026, 10, 20)))
        rules = report.count_by_rule()
        assert "DX-INVALID-ON-DOS" not in rules
        found = report.filter(rules=["DX-CODESET-UNAVAILABLE"])
        assert [(f.severity, f.value) for f in found] == [(Severity.ERROR, "FY2027")]
        assert "medoffice reference fetch icd10cm --period FY2027" in found.findings[0].message
        assert not report.ok

    def test_an_april_date_names_the_april_update(self) -> None:
        """From 1 April the missing release is the April update."""
        report = check_claim(_claim_on(date(2027, 4, 2)), context=context(on=date(2027, 4, 20)))
        found = report.filter(rules=["DX-CODESET-UNAVAILABLE"])
        assert [f.value for f in found] == ["FY2027-APRIL"]

    def test_a_profile_may_lower_the_gap_to_a_warning(self) -> None:
        """A profile that accepts unchecked diagnoses makes the gap a warning; ok again."""
        profile = Profile(rules={"DX-CODESET-UNAVAILABLE": RuleSetting(severity="warning")})
        ctx = context(on=date(2026, 10, 20), profile=profile)
        report = check_claim(_claim_on(date(2026, 10, 2)), context=ctx)
        assert report.ok


class TestRulesNotRun:
    def test_every_report_lists_the_rules_that_did_not_run(self) -> None:
        """Without MCE, HCPCS and NCCI: the report names each skipped rule and its need."""
        ctx = CheckContext(on=ON, diagnoses=CODES)
        report = check_claim(sample_claim(), context=ctx)
        assert report.ok
        skipped = dict(report.not_run)
        assert skipped["DX-AGE-CONFLICT"] == "diagnosis-edit table"
        assert skipped["NCCI-PTP-1"] == "NCCI and modifier edit tables"
        assert report.not_run == ctx.rules_not_run("00952", "medicare")
        listed = report.to_dict()["not_run"]
        assert {"rule": "DX-AGE-CONFLICT", "needs": "diagnosis-edit table"} in listed
        assert not report.filter(rules=["CHK-NOT-RUN"])

    def test_with_every_table_nothing_is_skipped(self) -> None:
        """The full sample context skips nothing, and its JSON has no not_run."""
        report = check_claim(sample_claim(), context=context())
        assert report.not_run == ()
        assert "not_run" not in report.to_dict()

    def test_a_profile_can_require_the_data(self) -> None:
        """CHK-NOT-RUN turned on as an error: one finding per missing table, not ok."""
        setting = RuleSetting(enabled=True, severity="error")
        ctx = CheckContext(on=ON, diagnoses=CODES, profile=Profile(rules={"CHK-NOT-RUN": setting}))
        report = check_claim(sample_claim(), context=ctx)
        assert not report.ok
        found = {f.value: f.message for f in report.filter(rules=["CHK-NOT-RUN"])}
        assert "DX-AGE-CONFLICT" in found["diagnosis-edit table"]
        assert "medoffice reference fetch ncci-ptp" in found["NCCI and modifier edit tables"]


class TestCodesNewInADerivedRelease:
    def test_an_mce_that_knows_the_code_silences_the_note(self) -> None:
        """With an edit table that has the new code, DX-EDITS-UNKNOWN does not fire."""
        codes = InMemoryDiagnosisCodes.of(
            [
                DiagnosisCode(code="M043", billable=True, details_pending=True),
                DiagnosisCode(code="E1165", billable=True),
            ]
        )
        claim = with_dx("E11.65", "M04.3")
        without = CheckContext(on=ON, diagnoses=codes)
        assert check_claim(claim, context=without).filter(rules=["DX-EDITS-UNKNOWN"])
        known = InMemoryDiagnosisEdits([DiagnosisEdit(code="M043")])
        with_mce = CheckContext(on=ON, diagnoses=codes, edits=known)
        assert not check_claim(claim, context=with_mce).filter(rules=["DX-EDITS-UNKNOWN"])


class _Source:
    diagnoses = CODES
    edits = None
    procedures = None
    tables = None


class TestFromStore:
    def test_a_context_is_built_from_a_reference_source(self) -> None:
        """from_store takes every table the source holds."""
        ctx = CheckContext.from_store(_Source(), on=ON)
        assert ctx.diagnoses is CODES
        assert ctx.edits is None
        assert ctx.profile == Profile()

    def test_a_code_is_checked_on_the_version_of_its_date(self) -> None:
        """A code that only a later version has is invalid on an earlier date."""
        old = InMemoryDiagnosisCodes.of([DiagnosisCode(code="I10", billable=True)])
        claim = with_dx("I10", "E11.9")
        ctx = CheckContext(on=ON, diagnoses=old)
        found = check_claim(claim, context=ctx).filter(rules=["DX-INVALID-ON-DOS"])
        assert [f.path for f in found] == ["diagnoses[1]"]


class TestProfilesShapeTheReport:
    def test_a_disabled_rule_does_not_run(self) -> None:
        """Turning a rule off removes its findings."""
        profile = Profile(rules={"DX-DUPLICATE": RuleSetting(enabled=False)})
        claim = with_dx("I10", "I10")
        report = check_claim(claim, context=context(profile=profile))
        assert "DX-DUPLICATE" not in report.count_by_rule()

    def test_a_severity_override_applies(self) -> None:
        """A profile may downgrade an error to a warning."""
        profile = Profile(rules={"DX-DUPLICATE": RuleSetting(severity="warning")})
        report = check_claim(with_dx("I10", "I10"), context=context(profile=profile))
        assert [f.severity for f in report.filter(rules=["DX-DUPLICATE"])] == [Severity.WARNING]

    def test_a_payer_layer_applies_only_to_that_payer(self) -> None:
        """Settings under one payer id leave other payers' claims alone."""
        off = {"DX-DUPLICATE": RuleSetting(enabled=False)}
        profile = Profile(payers={"60054": off})
        report = check_claim(with_dx("I10", "I10"), context=context(profile=profile))
        assert "DX-DUPLICATE" in report.count_by_rule()

    def test_a_payer_type_layer_applies_to_that_type(self) -> None:
        """Settings under ``medicare`` apply to Medicare claims."""
        profile = Profile(payer_types={"medicare": {"DX-DUPLICATE": RuleSetting(enabled=False)}})
        report = check_claim(with_dx("I10", "I10"), context=context(profile=profile))
        assert "DX-DUPLICATE" not in report.count_by_rule()

    @given(st.sampled_from(["error", "warning", "info"]))
    def test_every_finding_of_an_overridden_rule_has_the_new_severity(self, level: str) -> None:
        """Whatever severity the profile names is the one reported."""
        profile = Profile(rules={"DX-UNREFERENCED": RuleSetting(severity=level)})
        claim = sample_claim(diagnoses=("E11.65", "I10", "E78.5", "Z79.4", "J06.9"))
        report = check_claim(claim, context=context(profile=profile))
        assert {f.severity.value for f in report.filter(rules=["DX-UNREFERENCED"])} == {level}
