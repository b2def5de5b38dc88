"""Expected payments under a payer's terms, denied lines and reversals, to the cent."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from medoffice.kernel import InvalidValue, Money
from medoffice.revenue._balancing import claim_findings
from medoffice.revenue._expected import PayerTerms, denied_line, expected_payment, reversal
from medoffice.revenue._model import BilledLine, ClaimPayment

LINE = BilledLine(
    number=2, procedure="99214", charge=Money.of("185.55", "USD"), service_date=date(2026, 3, 2)
)
TERMS = PayerTerms(allowed=Decimal("0.8"), coinsurance=Decimal("0.2"))


def codes(line: object) -> list[tuple[str, str]]:
    return [(a.code, str(a.amount.amount)) for a in line.adjustments]  # type: ignore[attr-defined]


class TestExpectedPayment:
    def test_allowed_coinsurance_and_the_rest_balance_to_the_cent(self) -> None:
        """185.55 charged: 148.44 allowed, 29.69 coinsurance, 118.75 paid, 37.11 written down."""
        paid = expected_payment(LINE, TERMS)
        assert paid.paid == Money.of("118.75", "USD")
        assert codes(paid) == [("CO-45", "37.11"), ("PR-2", "29.69")]
        assert paid.charge - paid.paid == paid.adjusted
        assert paid.line_control == "2"

    def test_a_deductible_is_paid_first_and_never_more_than_allowed(self) -> None:
        """A 500.00 deductible takes the whole allowed amount and nothing is paid."""
        paid = expected_payment(LINE, TERMS, deductible=Money.of("500.00", "USD"))
        assert paid.paid == Money.of("0.00", "USD")
        assert codes(paid) == [("CO-45", "37.11"), ("PR-1", "148.44")]

    def test_a_share_outside_zero_to_one_is_refused(self) -> None:
        """Terms are shares of the charge."""
        with pytest.raises(InvalidValue):
            PayerTerms(allowed=Decimal("1.2"))
        with pytest.raises(InvalidValue):
            PayerTerms(allowed=0.8)


class TestDeniedAndReversed:
    def test_a_denied_line_and_its_reversal_balance(self) -> None:
        """A denied line adjusts its whole charge; the reversal of a claim negates everything."""
        denied = denied_line(LINE, group="CO", reason="50")
        assert codes(denied) == [("CO-50", "185.55")]
        claim = ClaimPayment(
            control_number="A1",
            status="1",
            charge=LINE.charge,
            paid=Money.of("118.75", "USD"),
            patient_responsibility=Money.of("29.69", "USD"),
            services=(expected_payment(LINE, TERMS),),
        )
        back = reversal(claim)
        assert back.status == "22"
        assert (back.paid, back.patient_responsibility) == (
            Money.of("-118.75", "USD"),
            Money.of("-29.69", "USD"),
        )
        assert list(claim_findings(back)) == []
