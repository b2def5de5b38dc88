"""Balancing a remittance: every ERA-BAL rule passes on a balanced remittance and can fail."""

from __future__ import annotations

import attrs
import pytest

from medoffice.kernel import InvalidArgument, Money
from medoffice.revenue._balancing import check_remittance, signed_payment
from medoffice.revenue._catalogue import ERA_RULES, era_rule, render_era_catalogue
from medoffice.revenue._model import Adjustment, ProviderAdjustment, Remittance
from medoffice.testing import synthetic_billed_claims, synthetic_remittance


def usd(text: str) -> Money:
    return Money.of(text, "USD")


@pytest.fixture
def era() -> Remittance:
    claims = list(synthetic_billed_claims(6, seed=9))
    return synthetic_remittance(claims, seed=9, outcomes=["paid"] * 6)


def found(remittance: Remittance) -> list[tuple[str, str, str | None]]:
    return [(str(f.rule), f.path, f.value) for f in check_remittance(remittance)]


class TestBalanced:
    def test_a_synthetic_remittance_balances(self, era: Remittance) -> None:
        """Every level of a generated remittance balances."""
        assert found(era) == []


class TestEachRuleCanFail:
    def test_payment_against_claims_less_provider_adjustments(self, era: Remittance) -> None:
        """BPR02 one cent off is ERA-BAL-PAYMENT, with the difference as value."""
        off = attrs.evolve(era, payment=era.payment + usd("0.01"))
        assert found(off) == [("ERA-BAL-PAYMENT", "payment", "0.01")]

    def test_provider_adjustments_count_against_the_payment(self, era: Remittance) -> None:
        """A recoupment (PLB) lowers what BPR02 must be; an interest payment raises it."""
        recoup = ProviderAdjustment(provider="1", reason="WO", amount=usd("10.00"))
        interest = ProviderAdjustment(provider="1", reason="L6", amount=usd("-2.50"))
        plb = attrs.evolve(era, provider_adjustments=(recoup, interest))
        assert found(plb) == [("ERA-BAL-PAYMENT", "payment", "7.50")]
        fixed = attrs.evolve(plb, payment=era.payment - usd("7.50"))
        assert found(fixed) == []

    def test_a_debit_payment_is_negative(self, era: Remittance) -> None:
        """BPR03 = D makes the payment count against the provider."""
        debit = attrs.evolve(era, credit=False)
        assert signed_payment(debit) == -era.payment
        assert [r for r, _, _ in found(debit)] == ["ERA-BAL-PAYMENT"]

    def test_claim_charge_less_payment_against_adjustments(self, era: Remittance) -> None:
        """A claim-level adjustment too many is ERA-BAL-CLAIM and ERA-BAL-LINES-PAID."""
        claim = era.claims[0]
        extra = Adjustment(group="OA", reason="23", amount=usd("1.00"))
        bad = attrs.evolve(era, claims=(attrs.evolve(claim, adjustments=(extra,)), *era.claims[1:]))
        assert sorted(r for r, _, _ in found(bad)) == ["ERA-BAL-CLAIM", "ERA-BAL-LINES-PAID"]

    def test_claim_charge_alone(self, era: Remittance) -> None:
        """A claim charge that does not match what its lines explain is ERA-BAL-CLAIM alone."""
        claim = era.claims[1]
        bad = attrs.evolve(
            era,
            claims=(
                era.claims[0],
                attrs.evolve(claim, charge=claim.charge + usd("5")),
                *era.claims[2:],
            ),
        )
        assert found(bad) == [("ERA-BAL-CLAIM", "claims[1]", "5.00")]

    def test_line_charge_less_payment_against_adjustments(self, era: Remittance) -> None:
        """A line whose adjustments miss a dollar is ERA-BAL-LINE (and its claim, ERA-BAL-CLAIM)."""
        claim = era.claims[0]
        line = claim.services[0]
        short = attrs.evolve(line, adjustments=line.adjustments[1:])
        bad_claim = attrs.evolve(claim, services=(short, *claim.services[1:]))
        bad = attrs.evolve(era, claims=(bad_claim, *era.claims[1:]))
        assert {(r, p) for r, p, _ in found(bad)} == {
            ("ERA-BAL-LINE", "claims[0].services[0]"),
            ("ERA-BAL-CLAIM", "claims[0]"),
        }

    def test_line_payments_against_claim_payment(self, era: Remittance) -> None:
        """A claim paying a cent more than its lines is ERA-BAL-LINES-PAID (and ERA-BAL-CLAIM)."""
        claim = era.claims[0]
        bad = attrs.evolve(
            era, claims=(attrs.evolve(claim, paid=claim.paid + usd("0.01")), *era.claims[1:])
        )
        assert "ERA-BAL-LINES-PAID" in {r for r, _, _ in found(bad)}


class TestCatalogue:
    def test_every_rule_id_is_in_the_catalogue_once(self) -> None:
        """The catalogue lists each ERA rule once, each with a summary and an authority."""
        ids = [rule.id for rule in ERA_RULES]
        assert len(ids) == len(set(ids))
        assert all(r.summary and r.authority for r in ERA_RULES)
        assert all(rule.id in render_era_catalogue() for rule in ERA_RULES)

    def test_an_unknown_id_is_refused(self) -> None:
        """Asking for an id that is not a rule is a programmer mistake."""
        with pytest.raises(InvalidArgument):
            era_rule("ERA-NOPE")
