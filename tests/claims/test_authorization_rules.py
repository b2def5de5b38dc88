"""The authorization rules: one port call per claim, the same findings as the rule functions."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from medoffice.claims._catalogue import RULES
from medoffice.claims._check import CheckContext, check_claim
from medoffice.claims._facts import ContextFacts, Facts
from medoffice.claims._model import Claim
from medoffice.claims._rule import Needs
from medoffice.claims.ports import AuthorizationIssue
from medoffice.testing import InMemoryDiagnosisCodes

from ._cases import AUTHORIZATIONS, CASES, CODES, ON, Case, context

AUTH_CASES = [case for case in CASES if case.rule.startswith(("AUTH-", "REF-"))]


class TestTheRuleFunctionsAgreeWithThePortCall:
    @pytest.mark.parametrize("case", AUTH_CASES, ids=lambda c: f"{c.rule}@{c.path}")
    def test_the_rule_function_reports_what_the_checker_reports(self, case: Case) -> None:
        """Calling the rule's own function gives the hit the checker turned into a finding."""
        claim = case.trigger()
        rule = next(r for r in RULES if r.id == case.rule)
        facts = Facts(
            claim,
            ContextFacts(
                on=ON,
                codes=CODES,
                edits=None,
                procedures=None,
                settings={},
                authorizations=AUTHORIZATIONS,
            ),
        )
        assert case.path in [hit.path for hit in rule.check(facts)]
        found = check_claim(claim, context=context())
        assert (case.rule, case.path) in {(f.rule.value, f.path) for f in found}

    def test_without_a_port_the_rules_have_nothing_to_say(self) -> None:
        """Facts without an authorization port give every authorization rule no hits."""
        claim = AUTH_CASES[0].trigger()
        facts = Facts(
            claim, ContextFacts(on=ON, codes=CODES, edits=None, procedures=None, settings={})
        )
        rules = [r for r in RULES if r.needs is Needs.AUTHORIZATIONS]
        assert len(rules) == 11
        assert all(not rule.check(facts) for rule in rules)


class _Failing:
    def issues(self, claim: Claim) -> Sequence[AuthorizationIssue]:
        raise RuntimeError("the records are unreachable")


class _Unknown:
    def issues(self, claim: Claim) -> Sequence[AuthorizationIssue]:
        return [AuthorizationIssue(rule="AUTH-SOMETHING-NEW", line=0, message="?")]


class TestThePortCall:
    def test_a_failing_port_is_one_internal_finding(self) -> None:
        """A port that raises becomes CHK-INTERNAL; the other rules still run."""
        claim = AUTH_CASES[0].trigger()
        ctx = CheckContext(
            on=ON, diagnoses=InMemoryDiagnosisCodes.sample(), authorizations=_Failing()
        )
        rules = [f.rule.value for f in check_claim(claim, context=ctx)]
        assert rules.count("CHK-INTERNAL") == 1

    def test_an_issue_of_a_rule_that_does_not_run_is_dropped(self) -> None:
        """Only issues of rules in the payer's plan become findings."""
        claim = AUTH_CASES[0].trigger()
        ctx = CheckContext(
            on=ON, diagnoses=InMemoryDiagnosisCodes.sample(), authorizations=_Unknown()
        )
        assert not [f for f in check_claim(claim, context=ctx) if f.rule.value.startswith("AUTH")]
