"""Denials: a category, a next action and the claim rule that would have caught each."""

from __future__ import annotations

from datetime import date

import pytest

from medoffice.claims._catalogue import rule_by_id
from medoffice.revenue._denials import (
    DENIAL_CODES,
    Denial,
    DenialCategory,
    NextAction,
    classify,
    denial_statistics,
    next_action,
)


class TestClassification:
    @pytest.mark.parametrize(
        ("reason", "category", "action"),
        [
            ("27", DenialCategory.ELIGIBILITY, NextAction.CORRECT_AND_RESUBMIT),
            ("197", DenialCategory.AUTHORIZATION, NextAction.APPEAL),
            ("97", DenialCategory.CODING, NextAction.CORRECT_AND_RESUBMIT),
            ("50", DenialCategory.MEDICAL_NECESSITY, NextAction.APPEAL),
            ("29", DenialCategory.TIMELY_FILING, NextAction.WRITE_OFF),
            ("18", DenialCategory.DUPLICATE, NextAction.WRITE_OFF),
            ("16", DenialCategory.MISSING_INFORMATION, NextAction.CORRECT_AND_RESUBMIT),
            ("22", DenialCategory.COORDINATION_OF_BENEFITS, NextAction.BILL_SECONDARY),
            ("96", DenialCategory.NON_COVERED, NextAction.WRITE_OFF),
        ],
    )
    def test_each_category_has_its_next_action(
        self, reason: str, category: DenialCategory, action: NextAction
    ) -> None:
        """Under CO, the category decides what to do next."""
        found = classify("CO", reason, ())
        assert found is not None
        assert found[0] is category
        assert next_action(category, "CO") is action

    def test_a_patient_responsibility_denial_is_billed_to_the_patient(self) -> None:
        """PR-96: the patient owes it."""
        assert next_action(DenialCategory.NON_COVERED, "PR") is NextAction.BILL_PATIENT

    def test_contractual_and_cost_sharing_codes_are_not_denials(self) -> None:
        """CO-45, PR-1, PR-2 and PR-3 are adjustments, not denials."""
        assert [classify(g, r, ()) for g, r in (("CO", "45"), ("PR", "1"), ("PR", "2"))] == [
            None,
            None,
            None,
        ]

    def test_a_remark_names_the_rule_the_reason_code_cannot(self) -> None:
        """CARC 16 with RARC M76 (missing or invalid diagnosis) points at DX-FORMAT."""
        assert classify("CO", "16", ("N130", "M76")) == (
            DenialCategory.MISSING_INFORMATION,
            "DX-FORMAT",
        )
        assert classify("CO", "16", ()) == (DenialCategory.MISSING_INFORMATION, None)

    def test_every_named_claim_rule_exists_in_the_claims_catalogue(self) -> None:
        """The scrubber feedback names only real claim rule ids."""
        for _, rule in DENIAL_CODES.values():
            if rule is not None:
                assert rule_by_id(rule).id == rule


class TestStatistics:
    def test_denials_count_by_the_rule_that_would_have_caught_them(self) -> None:
        """Most frequent rule first, denials without a rule left out."""

        def denial(reason: str, rule: str | None) -> Denial:
            return Denial(
                source="1P/T",
                claim="C1",
                line=1,
                on=date(2026, 3, 1),
                group="CO",
                reason=reason,
                remarks=(),
                cents=100,
                currency="USD",
                category=DenialCategory.CODING,
                action=NextAction.CORRECT_AND_RESUBMIT,
                claims_rule=rule,
            )

        found = denial_statistics(
            [
                denial("97", "NCCI-PTP-0"),
                denial("97", "NCCI-PTP-0"),
                denial("5", "POS-INVALID"),
                denial("11", None),
            ]
        )
        assert found == {"NCCI-PTP-0": 2, "POS-INVALID": 1}
        assert denial("97", "NCCI-PTP-0").to_dict()["code"] == "CO-97"
