"""Every rule of the catalogue fires on its trigger and stays quiet on its near miss."""

from __future__ import annotations

import pytest

from medoffice.claims._catalogue import RULES
from medoffice.claims._check import check_claim
from medoffice.claims._rule import Needs
from medoffice.kernel import Report

from ._cases import CASES, Case, context


def _run(case: Case, *, near: bool) -> Report:
    claim = case.near_miss() if near else case.trigger()
    on = (case.near_on or case.on) if near else case.on
    profile = case.near_profile if near and case.near_profile is not None else case.profile
    if near:
        return check_claim(claim, context=context(on=on, profile=profile))
    ctx = context(on=on, profile=profile, diagnoses=case.diagnoses, bare=case.bare)
    return check_claim(claim, context=ctx)


def _ids(case: Case) -> str:
    return f"{case.rule}@{case.path}"


class TestEachRuleFiresOnItsTrigger:
    @pytest.mark.parametrize("case", CASES, ids=_ids)
    def test_the_rule_reports_the_expected_path(self, case: Case) -> None:
        """The triggering claim yields the rule at the expected field path."""
        report = _run(case, near=False)
        assert (case.rule, case.path) in {(f.rule.value, f.path) for f in report}


class TestEachRuleStaysQuietOnItsNearMiss:
    @pytest.mark.parametrize("case", CASES, ids=_ids)
    def test_the_near_miss_does_not_trigger_the_rule(self, case: Case) -> None:
        """The near miss differs in one detail and the rule does not fire at that path."""
        report = _run(case, near=True)
        assert (case.rule, case.path) not in {(f.rule.value, f.path) for f in report}


class TestTheCasesCoverTheCatalogue:
    def test_every_rule_has_a_trigger_and_a_near_miss(self) -> None:
        """No rule of the catalogue is left without a case."""
        assert {rule.id for rule in RULES} <= {case.rule for case in CASES}

    def test_the_issue_rule_ids_are_all_in_the_catalogue(self) -> None:
        """The public, stable ids listed by the specification all exist."""
        published = (
            "CLM-NO-LINES",
            "CLM-TOO-MANY-LINES",
            "CLM-TOTAL-MISMATCH",
            "CLM-FREQ-INVALID",
            "CHG-NOT-POSITIVE",
            "UNIT-NOT-POSITIVE",
            "LINE-DUPLICATE",
            "DX-NONE",
            "DX-TOO-MANY",
            "DX-DUPLICATE",
            "PTR-MISSING",
            "PTR-TOO-MANY",
            "PTR-OUT-OF-RANGE",
            "PTR-REPEATED",
            "DX-UNREFERENCED",
            "DX-FORMAT",
            "DX-INVALID-ON-DOS",
            "DX-NOT-BILLABLE",
            "DX-7TH-MISSING",
            "DX-7TH-INVALID",
            "DX-PLACEHOLDER-X",
            "DX-EXCLUDES1",
            "DX-MANIFESTATION-FIRST",
            "DX-MANIFESTATION-NO-ETIOLOGY",
            "DX-EXTERNAL-CAUSE-FIRST",
            "DX-FIRST-LISTED-ONLY",
            "DX-AGE-CONFLICT",
            "DX-SEX-CONFLICT",
            "DX-UNSPECIFIED",
            "DX-CODESET-UNAVAILABLE",
            "PRV-NPI-INVALID",
            "PRV-TIN-INVALID",
            "PAT-DOB-INVALID",
            "PAT-SEX-INVALID",
            "PAT-MBI-INVALID",
            "DT-FUTURE",
            "DT-BEFORE-BIRTH",
            "DT-RANGE-INVERTED",
            "ADM-TIMELY-FILING",
            "PX-FORMAT",
            "PX-INVALID-ON-DOS",
        )
        assert set(published) <= {rule.id for rule in RULES}

    def test_rules_needing_optional_data_say_so(self) -> None:
        """The edit-table and HCPCS rules declare the optional data they need."""
        needs = {rule.id: rule.needs for rule in RULES}
        assert needs["DX-AGE-CONFLICT"] is Needs.DIAGNOSIS_EDITS
        assert needs["DX-SEX-CONFLICT"] is Needs.DIAGNOSIS_EDITS
        assert needs["DX-UNSPECIFIED"] is Needs.DIAGNOSIS_EDITS
        assert needs["PX-INVALID-ON-DOS"] is Needs.HCPCS
        assert needs["DX-EXCLUDES1"] is Needs.NOTHING
