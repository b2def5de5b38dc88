"""Hypothesis strategies for the revenue domain: billed claims and the remittances that pay them.

:func:`billed_claims` draws lists of claims with distinct control numbers, one to four lines of
made-up procedures, charges from a cent to a few thousand dollars, and dates in 2026.
:func:`remittances_for` draws a balanced remittance answering such claims, each claim paid,
partly paid with a deductible, denied, not covered, or paid with a crossover to a secondary
payer, on a drawn payment date; :func:`reversal_of` turns one into its reversal (CLP02 = 22,
every amount negated).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import attrs
from hypothesis import strategies as st

from medoffice.kernel import Money
from medoffice.revenue._expected import reversal
from medoffice.revenue._model import (
    BilledClaim,
    BilledLine,
    ClaimPayment,
    Remittance,
)
from medoffice.testing._era_generator import synthetic_remittance

__all__ = ["REMITTANCE_OUTCOMES", "billed_claims", "remittances_for", "reversal_of"]

#: The outcomes :func:`remittances_for` draws from.
REMITTANCE_OUTCOMES = ("paid", "deductible", "denied", "non_covered", "crossover")
_PROCEDURES = ("99213", "99214", "36415", "93000", "J3420", "G0439")


@st.composite
def _claim(draw: st.DrawFn, number: int) -> BilledClaim:
    served = draw(st.dates(date(2026, 1, 1), date(2026, 6, 30)))
    count = draw(st.integers(1, 4))
    lines = tuple(
        BilledLine(
            number=index,
            procedure=draw(st.sampled_from(_PROCEDURES)),
            modifiers=draw(st.sampled_from([(), ("25",), ("59",)])),
            charge=Money.from_minor_units(draw(st.integers(1, 500_000)), "USD"),
            service_date=served,
        )
        for index in range(1, count + 1)
    )
    return BilledClaim(
        control_number=f"H{number:05d}",
        payer_id=draw(st.sampled_from(["PAYER-A", "PAYER-B"])),
        patient=f"patient-{draw(st.integers(0, 5))}",
        billed_on=served + timedelta(days=draw(st.integers(0, 10))),
        lines=lines,
    )


def billed_claims(*, min_size: int = 1, max_size: int = 8) -> st.SearchStrategy[list[BilledClaim]]:
    """Lists of billed claims with distinct control numbers."""
    return st.integers(min_size, max_size).flatmap(
        lambda n: st.tuples(*(_claim(i) for i in range(n))).map(list)
    )


def _crossover(payment: ClaimPayment) -> ClaimPayment:
    return attrs.evolve(payment, status="19", crossover_payer="MEDIGAP-1")


@st.composite
def remittances_for(
    draw: st.DrawFn, claims: Sequence[BilledClaim], *, trace: str | None = None
) -> Remittance:
    """A balanced remittance paying ``claims``, one drawn outcome per claim."""
    outcomes = [draw(st.sampled_from(REMITTANCE_OUTCOMES)) for _ in claims]
    base = ["paid" if o == "crossover" else o for o in outcomes]
    era = synthetic_remittance(
        claims,
        seed=draw(st.integers(0, 10_000)),
        trace=trace or draw(st.from_regex(r"T[0-9]{6}", fullmatch=True)),
        paid_on=draw(st.dates(date(2026, 7, 1), date(2026, 12, 31))),
        outcomes=base,
    )
    payments = tuple(
        _crossover(p) if o == "crossover" else p for p, o in zip(era.claims, outcomes, strict=True)
    )
    return attrs.evolve(era, claims=payments)


def reversal_of(remittance: Remittance, *, trace: str, paid_on: date) -> Remittance:
    """The payer taking ``remittance`` back: each claim reversed (CLP02 = 22), amounts negated."""
    return attrs.evolve(
        remittance,
        trace=trace,
        paid_on=paid_on,
        credit=not remittance.credit,
        claims=tuple(reversal(claim) for claim in remittance.claims),
        provider_adjustments=(),
    )
