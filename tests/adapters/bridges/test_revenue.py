"""The revenue bridges: billed-claim facts from claims, KPIs from budget, denials into profiles."""

from __future__ import annotations

from datetime import date

from medoffice.adapters.bridges._revenue import (
    BudgetKpiDefinitions,
    billed_claim,
    profile_from_denials,
)
from medoffice.adapters.memory import InMemoryClaimHistory
from medoffice.claims._history import patient_key
from medoffice.claims._profile import Profile, RuleSetting
from medoffice.kernel import Severity
from medoffice.revenue._denials import Denial, DenialCategory, NextAction
from medoffice.revenue.ports import KpiDefinitions
from medoffice.testing._claims_samples import sample_claim


def denial(payer: str, rule: str | None) -> Denial:
    return Denial(
        source="1P/T1",
        claim="A1",
        line=1,
        on=date(2026, 4, 1),
        group="CO",
        reason="97",
        remarks=(),
        cents=1500,
        currency="USD",
        category=DenialCategory.CODING,
        action=NextAction.CORRECT_AND_RESUBMIT,
        claims_rule=rule,
        payer=payer,
    )


class TestBilledClaim:
    def test_the_facts_of_a_submitted_claim(self) -> None:
        """Control number, payer, an opaque patient key and each line's facts, no PHI."""
        claim = sample_claim()
        history = InMemoryClaimHistory(secret=b"0123456789abcdef")
        billed = billed_claim(claim, billed_on=date(2026, 3, 3), patient_key=history.patient_key)
        assert billed.control_number == claim.patient_control_number
        assert billed.payer_id == claim.payer.payer_id
        assert billed.patient == history.patient_key(claim)
        assert billed.patient == patient_key(claim, secret=b"0123456789abcdef")
        assert [(b.procedure, b.charge, b.service_date) for b in billed.lines] == [
            (line.procedure, line.charge, line.service_from) for line in claim.lines
        ]
        assert [b.number for b in billed.lines] == list(range(1, len(claim.lines) + 1))


class TestKpiDefinitions:
    def test_the_budget_definitions_answer_the_port(self) -> None:
        """BudgetKpiDefinitions is a KpiDefinitions."""
        assert isinstance(BudgetKpiDefinitions(), KpiDefinitions)
        assert repr(BudgetKpiDefinitions()) == "BudgetKpiDefinitions()"


class TestProfileFromDenials:
    def test_rules_that_would_have_caught_denials_become_errors_for_that_payer(self) -> None:
        """Two CO-97 denials by PAYER-A turn NCCI-PTP-0 on as an error for PAYER-A only."""
        base = Profile(
            payers={"PAYER-A": {"NCCI-PTP-0": RuleSetting(enabled=False, params={"x": 1})}}
        )
        tightened = profile_from_denials(
            base, [denial("PAYER-A", "NCCI-PTP-0")] * 2 + [denial("PAYER-B", None)], at_least=2
        )
        setting = tightened.setting_for("NCCI-PTP-0", payer_id="PAYER-A", payer_type="commercial")
        assert (setting.enabled, setting.severity, setting.params) == (
            True,
            Severity.ERROR,
            {"x": 1},
        )
        other = tightened.setting_for("NCCI-PTP-0", payer_id="PAYER-B", payer_type="commercial")
        assert other == RuleSetting()

    def test_too_few_denials_change_nothing(self) -> None:
        """Below the threshold the profile is as it was."""
        base = Profile()
        assert profile_from_denials(base, [denial("PAYER-A", "NCCI-PTP-0")], at_least=2) == base
