"""Balancing a remittance: every dollar between charge, payment and adjustments accounted for.

An 835 balances at three levels, and :func:`check_remittance` checks each as a finding with a
stable id (see :mod:`medoffice.revenue.catalogue`): a line's charge less its payment equals its
adjustments (``ERA-BAL-LINE``); a claim's charge less its payment equals its claim- and
line-level adjustments (``ERA-BAL-CLAIM``), and its lines' payments less the claim-level
adjustments equal its payment (``ERA-BAL-LINES-PAID``); the payment (BPR02, negative for a
debit) equals the claims' payments less the provider-level adjustments (``ERA-BAL-PAYMENT``).
Each finding's value is the difference, so a biller sees by how much it is off.

More information: ASC X12 005010X221A1 (835) TR3, section 1.10.2.1 "Balancing".

>>> from medoffice.kernel import Money
>>> from medoffice.revenue._model import Adjustment, ClaimPayment, Remittance
>>> usd = lambda text: Money.of(text, "USD")
>>> claim = ClaimPayment(
...     control_number="A1",
...     status="1",
...     charge=usd("100.00"),
...     paid=usd("70.00"),
...     adjustments=(Adjustment(group="CO", reason="45", amount=usd("25.00")),),
... )
>>> era = Remittance(trace="1", payment=usd("70.00"), claims=(claim,))
>>> [(str(f.rule), f.value) for f in check_remittance(era)]
[('ERA-BAL-CLAIM', '5.00')]
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Final

from medoffice.kernel import Finding, Money, Report, Severity
from medoffice.revenue._catalogue import (
    BALANCE_CLAIM,
    BALANCE_LINE,
    BALANCE_LINES_PAID,
    BALANCE_PAYMENT,
)
from medoffice.revenue._model import Adjustment, ClaimPayment, Remittance

__all__ = [
    "check_claims_among",
    "check_remittance",
    "claim_findings",
    "is_balanced",
    "signed_payment",
]

_ZERO: Final = Decimal(0)


def signed_payment(remittance: Remittance) -> Money:
    """BPR02 as money to the provider: negative when the payment is a debit (BPR03 = D)."""
    return remittance.payment if remittance.credit else -remittance.payment


def _finding(rule: str, message: str, path: str, difference: Decimal) -> Finding:
    return Finding(
        rule=rule, severity=Severity.ERROR, message=message, path=path, value=f"{difference:.2f}"
    )


def _where(segment: int, fallback: str) -> str:
    return f"segment[{segment}]" if segment else fallback


# Sums of amounts are taken on their decimals (all of one remittance are in its currency):
# Money's checks on every addition would cost more than reading the file.
def _adjusted(adjustments: Sequence[Adjustment]) -> Decimal:
    return sum((a.amount.amount for a in adjustments), _ZERO)


def is_balanced(claim: ClaimPayment) -> bool:
    """Whether the claim and each of its lines balance (what :func:`claim_findings` checks)."""
    claim_level = _adjusted(claim.adjustments)
    paid = line_level = _ZERO
    for line in claim.services:
        adjusted = _adjusted(line.adjustments)
        if line.charge.amount - line.paid.amount != adjusted:
            return False
        line_level += adjusted
        paid += line.paid.amount
    if claim.charge.amount - claim.paid.amount != claim_level + line_level:
        return False
    return not claim.services or paid - claim_level == claim.paid.amount


def claim_findings(claim: ClaimPayment, path: str = "") -> Iterator[Finding]:
    """The balancing findings of one claim and its lines (none when it balances)."""
    where = _where(claim.segment, path)
    claim_level = _adjusted(claim.adjustments)
    line_level = _ZERO
    paid = _ZERO
    bad_lines: list[Finding] = []
    for index, line in enumerate(claim.services):
        adjusted = _adjusted(line.adjustments)
        line_level += adjusted
        paid += line.paid.amount
        off = line.charge.amount - line.paid.amount - adjusted
        if off:
            bad_lines.append(
                _finding(
                    BALANCE_LINE,
                    "the line's charge less its payment differs from its adjustments by this "
                    "amount",
                    _where(line.segment, f"{path}.services[{index}]"),
                    off,
                )
            )
    off = claim.charge.amount - claim.paid.amount - claim_level - line_level
    if off:
        yield _finding(
            BALANCE_CLAIM,
            "the claim's charge less its payment differs from its adjustments by this amount",
            where,
            off,
        )
    if claim.services:
        off = paid - claim_level - claim.paid.amount
        if off:
            yield _finding(
                BALANCE_LINES_PAID,
                "the lines' payments less the claim-level adjustments differ from the claim's "
                "payment by this amount",
                where,
                off,
            )
    yield from bad_lines


def check_remittance(remittance: Remittance) -> Report:
    """The balancing findings of one remittance (an empty report when every level balances)."""
    claims = remittance.claims
    # The quick test first: most claims balance.
    return check_claims_among(
        remittance, [index for index, claim in enumerate(claims) if not is_balanced(claim)]
    )


def check_claims_among(remittance: Remittance, suspects: Iterable[int]) -> Report:
    """:func:`check_remittance` when only the claims at ``suspects`` (indexes, in order) may
    fail to balance: a reader that balanced each claim as it read it says which."""
    findings: list[Finding] = []
    claims = remittance.claims
    for index in suspects:
        findings.extend(claim_findings(claims[index], f"claims[{index}]"))
    paid = sum((claim.paid.amount for claim in remittance.claims), _ZERO)
    taken = sum((plb.amount.amount for plb in remittance.provider_adjustments), _ZERO)
    off = signed_payment(remittance).amount - (paid - taken)
    if off:
        findings.append(
            _finding(
                BALANCE_PAYMENT,
                "the payment (BPR02) differs from the claims' payments less the provider-level "
                "adjustments by this amount",
                _where(remittance.segment, "payment"),
                off,
            )
        )
    return Report.of(findings)
