"""Reason-code lists: CARC and RARC codes in effect between their start and stop dates."""

from __future__ import annotations

from datetime import date

import pytest

from medoffice.kernel import InvalidValue, Money
from medoffice.revenue._codes import ReasonCode, ReasonCodes, check_reason_codes
from medoffice.revenue._model import Adjustment, ClaimPayment, Remittance, ServicePayment


class TestReasonCodes:
    def test_a_code_is_in_effect_from_its_start_until_the_day_before_its_stop(self) -> None:
        """The stop date is the first day the code may no longer be sent."""
        code = ReasonCode(code="A1", kind="carc", start=date(2000, 1, 1), stop=date(2008, 4, 1))
        assert code.in_effect(date(2008, 3, 31))
        assert not code.in_effect(date(2008, 4, 1))
        assert not code.in_effect(date(1999, 12, 31))

    def test_the_two_lists_are_kept_apart(self) -> None:
        """CARC 45 and a RARC named 45 would be different codes."""
        codes = ReasonCodes([ReasonCode(code="45", kind="carc")])
        assert codes.in_effect("carc", "45", date(2026, 1, 1))
        assert not codes.in_effect("rarc", "45", date(2026, 1, 1))
        merged = codes.merge(ReasonCodes([ReasonCode(code="M76", kind="rarc")]))
        assert len(merged) == 2
        assert merged.lookup("rarc", "M76") is not None

    def test_a_list_is_carc_or_rarc(self) -> None:
        """Another kind of list cannot exist."""
        with pytest.raises(InvalidValue):
            ReasonCode(code="1", kind="hcpcs")


class TestCheckReasonCodes:
    def test_a_retired_or_unknown_code_is_a_warning(self) -> None:
        """CO-A1 (retired) and remark N999 (unknown) are flagged; CO-45 and M76 are not."""
        usd = Money.of("10.00", "USD")
        line = ServicePayment(
            procedure="99213",
            charge=usd,
            paid=usd,
            adjustments=(Adjustment(group="CO", reason="A1", amount=usd),),
            remarks=("M76", "N999"),
        )
        claim = ClaimPayment(
            control_number="A",
            status="1",
            charge=usd,
            paid=usd,
            adjustments=(Adjustment(group="CO", reason="45", amount=usd),),
            services=(line,),
        )
        codes = ReasonCodes(
            [
                ReasonCode(code="45", kind="carc"),
                ReasonCode(code="A1", kind="carc", stop=date(2008, 4, 1)),
                ReasonCode(code="M76", kind="rarc"),
            ]
        )
        report = check_reason_codes(
            Remittance(trace="T", payment=usd, claims=(claim,)), codes, on=date(2026, 3, 1)
        )
        assert [(f.path, f.value) for f in report] == [
            ("claims[0].services[0]", "N999"),
            ("claims[0].services[0].adjustments[0]", "A1"),
        ]
        assert not report.errors
