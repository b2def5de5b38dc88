"""What a payer should pay for a line under its contract: the expected remittance.

A payer contract allows a share of the charge (or a fee schedule amount), and the plan makes
the patient pay a deductible first and then a coinsurance share of the rest. From those terms
:func:`expected_payment` computes, to the cent, the line a payer would send back: the payment,
the contractual reduction (CO-45), the deductible (PR-1) and the coinsurance (PR-2), so a
remittance can be compared with what the contract promised (a line paid less is an underpayment
to chase), and so demos and tests can answer claims the way a payer would. :func:`denied_line`
is a line denied in full under one group and reason code; :func:`reversal` is the claim a payer
sends to take an earlier payment back (CLP02 = 22, every amount negated).

More information: CMS MLN, *Medicare Physician Fee Schedule* (allowed amounts and coinsurance),
https://www.cms.gov/medicare/payment/fee-schedules/physician .

>>> from datetime import date
>>> from decimal import Decimal
>>> from medoffice.kernel import Money
>>> line = BilledLine(
...     number=1, procedure="99213", charge=Money.of("125.00", "USD"), service_date=date(2026, 3, 2)
... )
>>> paid = expected_payment(line, PayerTerms(allowed=Decimal("0.8"), coinsurance=Decimal("0.2")))
>>> paid.paid, [a.code for a in paid.adjustments]
(Money('80.00', 'USD'), ['CO-45', 'PR-2'])
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import final

import attrs

from medoffice.kernel import InvalidValue, Money
from medoffice.revenue._model import REVERSAL, Adjustment, BilledLine, ClaimPayment, ServicePayment

__all__ = ["PayerTerms", "denied_line", "expected_payment", "reversal"]


def _share(value: object) -> Decimal:
    if not isinstance(value, Decimal) or not 0 <= value <= 1:
        raise InvalidValue("a contract share is a Decimal from 0 to 1")
    return value


@final
@attrs.frozen(kw_only=True)
class PayerTerms:
    """A payer's terms for a line: the share of the charge allowed, and the coinsurance share."""

    allowed: Decimal = attrs.field(converter=_share)
    coinsurance: Decimal = attrs.field(default=Decimal(0), converter=_share)


def _cents(cents: int, share: Decimal) -> int:
    return int((Decimal(cents) * share).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def expected_payment(
    line: BilledLine, terms: PayerTerms, *, deductible: Money | None = None
) -> ServicePayment:
    """The line a payer owes under ``terms``, after ``deductible`` (at most what is allowed)."""
    currency = line.charge.currency
    charge = line.charge.minor_units
    allowed = _cents(charge, terms.allowed)
    owed = 0 if deductible is None else min(deductible.minor_units, allowed)
    coinsurance = _cents(allowed - owed, terms.coinsurance)
    paid = allowed - owed - coinsurance
    adjustments = [
        Adjustment(group=group, reason=reason, amount=Money.from_minor_units(cents, currency))
        for group, reason, cents in (
            ("CO", "45", charge - allowed),
            ("PR", "1", owed),
            ("PR", "2", coinsurance),
        )
        if cents
    ]
    return ServicePayment(
        procedure=line.procedure,
        modifiers=line.modifiers,
        charge=line.charge,
        paid=Money.from_minor_units(paid, currency),
        units=line.units,
        service_date=line.service_date,
        line_control=str(line.number),
        allowed=Money.from_minor_units(allowed, currency),
        adjustments=tuple(adjustments),
    )


def denied_line(line: BilledLine, *, group: str, reason: str) -> ServicePayment:
    """The line denied in full under ``group`` and ``reason`` (nothing paid)."""
    return ServicePayment(
        procedure=line.procedure,
        modifiers=line.modifiers,
        charge=line.charge,
        paid=Money.zero(line.charge.currency),
        units=line.units,
        service_date=line.service_date,
        line_control=str(line.number),
        adjustments=(Adjustment(group=group, reason=reason, amount=line.charge),),
    )


def _negated(adjustments: tuple[Adjustment, ...]) -> tuple[Adjustment, ...]:
    return tuple(attrs.evolve(a, amount=-a.amount) for a in adjustments)


def reversal(claim: ClaimPayment) -> ClaimPayment:
    """The claim that reverses ``claim``: status 22, every amount and adjustment negated."""
    share = claim.patient_responsibility
    return attrs.evolve(
        claim,
        status=REVERSAL,
        charge=-claim.charge,
        paid=-claim.paid,
        patient_responsibility=None if share is None else -share,
        adjustments=_negated(claim.adjustments),
        services=tuple(
            attrs.evolve(
                line,
                charge=-line.charge,
                paid=-line.paid,
                allowed=None if line.allowed is None else -line.allowed,
                adjustments=_negated(line.adjustments),
            )
            for line in claim.services
        ),
    )
