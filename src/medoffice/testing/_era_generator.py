"""Synthetic billed claims and the 835 remittances that pay them, for tests, demos and benchmarks.

:func:`synthetic_billed_claims` makes seeded, made-up :class:`~medoffice.revenue.model.BilledClaim`
values (one to three lines of common office procedures, three payers, no patient data: a
patient is an opaque key). :func:`synthetic_remittance` answers them as a payer would, every
claim and line balanced to the cent: most paid at 80 % of the charge with 20 % coinsurance,
some with a deductible too, some denied (medical necessity, bundling, authorization, timely
filing), some not covered and billed to the patient. :func:`generate_835` writes such a
remittance as 835 bytes.

More information: ASC X12 005010X221A1 (835) TR3.

>>> claims = list(synthetic_billed_claims(4, seed=2))
>>> era = synthetic_remittance(claims, seed=2)
>>> from medoffice.revenue import check_remittance
>>> check_remittance(era).ok, len(era.claims)
(True, 4)
>>> generate_835(2, seed=5)[:3]
b'ISA'
>>> varied = [
...     synthetic_remittance(
...         list(synthetic_billed_claims(30, seed=3, varied=True)), seed=3, varied=True
...     )
... ]
>>> all(check_remittance(era).ok for era in varied)
True
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Final

from medoffice.adapters.formats.x12 import Delimiters, remittances_to_835
from medoffice.kernel import InvalidArgument, Money
from medoffice.revenue._expected import PayerTerms, denied_line, expected_payment
from medoffice.revenue._model import (
    BilledClaim,
    BilledLine,
    ClaimPayment,
    Remittance,
    ServicePayment,
)
from medoffice.testing._era_variety import varied_claims, varied_remittance, varied_remittances

__all__ = ["generate_835", "synthetic_billed_claims", "synthetic_remittance"]

# Made-up fees (no CPT descriptor is shipped, only codes).
_FEES: Final = (
    ("99213", "125.00"),
    ("99214", "185.00"),
    ("36415", "15.00"),
    ("81002", "12.00"),
    ("93000", "60.00"),
    ("90471", "25.00"),
    ("99395", "210.00"),
)
_PAYERS: Final = ("PAYER-A", "PAYER-B", "PAYER-C")
_DENIALS: Final = ("50", "97", "197", "29", "16")
_START: Final = date(2026, 1, 5)


def _usd(cents: int) -> Money:
    return Money.from_minor_units(cents, "USD")


def synthetic_billed_claims(
    count: int, *, seed: int = 0, start: date = _START, days: int = 120, varied: bool = False
) -> Iterator[BilledClaim]:
    """``count`` made-up billed claims with dates of service in the ``days`` from ``start``
    (``varied``: of any charge, over many codes, modifiers and eight payers)."""
    if count < 0:
        raise InvalidArgument("count is not negative")
    if varied:
        return varied_claims(count, seed=seed, start=start, days=days)
    return _claims(count, seed, start, days)


def _claims(count: int, seed: int, start: date, days: int) -> Iterator[BilledClaim]:
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
    for number in range(1, count + 1):
        served = start + timedelta(days=rng.randrange(days))
        picked = rng.sample(_FEES, rng.randint(1, 3))
        lines = tuple(
            BilledLine(
                number=index,
                procedure=code,
                charge=Money.of(fee, "USD"),
                service_date=served,
            )
            for index, (code, fee) in enumerate(picked, start=1)
        )
        yield BilledClaim(
            control_number=f"S{seed}-{number:07d}",
            payer_id=rng.choice(_PAYERS),
            patient=f"patient-{rng.randrange(max(count // 3, 1)):06d}",
            billed_on=served + timedelta(days=rng.randint(1, 3)),
            lines=lines,
        )


_TERMS: Final = PayerTerms(allowed=Decimal("0.8"), coinsurance=Decimal("0.2"))
_DEDUCTIBLE: Final = Money.of("50.00", "USD")


def _line(rng: random.Random, line: BilledLine, outcome: str) -> ServicePayment:
    if outcome == "denied":
        return denied_line(line, group="CO", reason=rng.choice(_DENIALS))
    if outcome == "non_covered":
        return denied_line(line, group="PR", reason="96")
    deductible = _DEDUCTIBLE if outcome == "deductible" else None
    return expected_payment(line, _TERMS, deductible=deductible)


def synthetic_remittance(
    claims: Sequence[BilledClaim],
    *,
    seed: int = 0,
    trace: str | None = None,
    paid_on: date | None = None,
    outcomes: Sequence[str] | None = None,
    varied: bool = False,
) -> Remittance:
    """A balanced remittance paying ``claims`` (each outcome drawn, or taken from ``outcomes``:
    ``paid``, ``deductible``, ``denied`` or ``non_covered``, one per claim; ``varied``: as a
    real payer would, see the module's docstring)."""
    if varied:
        return varied_remittance(claims, seed=seed, trace=trace, paid_on=paid_on)
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
    payments: list[ClaimPayment] = []
    for index, claim in enumerate(claims):
        if outcomes is not None:
            outcome = outcomes[index]
        else:
            draw = rng.random()
            outcome = (
                "paid"
                if draw < 0.7
                else "deductible"
                if draw < 0.8
                else "denied"
                if draw < 0.95
                else "non_covered"
            )
        services = tuple(_line(rng, line, outcome) for line in claim.lines)
        paid = sum(s.paid.minor_units for s in services)
        share = sum(s.patient_responsibility.minor_units for s in services)
        payments.append(
            ClaimPayment(
                control_number=claim.control_number,
                status="4" if outcome == "denied" else "1",
                charge=claim.charge,
                paid=_usd(paid),
                patient_responsibility=_usd(share),
                payer_claim_number=f"PCN{claim.control_number}",
                services=services,
            )
        )
    total = sum(p.paid.minor_units for p in payments)
    last = max((c.billed_on for c in claims), default=_START)
    payer = claims[0].payer_id if claims else _PAYERS[0]
    return Remittance(
        trace=trace or f"TRC{seed:08d}",
        originator=f"1{payer}",
        payment=_usd(total),
        paid_on=paid_on or last + timedelta(days=14),
        payer_id=payer,
        payer_name="SYNTHETIC PAYER",
        payee_id="1234567893",
        claims=tuple(payments),
    )


def generate_835(
    count: int,
    *,
    seed: int = 0,
    per_remittance: int = 1000,
    delimiters: Delimiters | None = None,
    outcomes: Sequence[str] | None = None,
    varied: bool = False,
) -> bytes:
    """An 835 interchange paying ``count`` synthetic claims, ``per_remittance`` a transaction
    (``varied``: as real payers would, in transactions of one payer each and of any size, with
    the segments a reader passes over too)."""
    if varied:
        claims = list(varied_claims(count, seed=seed))
        return remittances_to_835(
            varied_remittances(claims, seed=seed) or [varied_remittance([], seed=seed)],
            delimiters=delimiters,
            detail=True,
        )
    claims = list(synthetic_billed_claims(count, seed=seed))
    batches = [claims[i : i + per_remittance] for i in range(0, len(claims), per_remittance)]
    remittances = [
        synthetic_remittance(
            batch,
            seed=seed + number,
            outcomes=None if outcomes is None else outcomes[i : i + per_remittance],
        )
        for number, (i, batch) in enumerate(
            zip(range(0, len(claims), per_remittance), batches, strict=True)
        )
    ]
    return remittances_to_835(
        remittances or [synthetic_remittance([], seed=seed)], delimiters=delimiters
    )
