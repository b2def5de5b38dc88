"""Varied synthetic claims and remittances: what a real payer's 835 looks like, made up.

A payer's file repeats almost nothing from claim to claim: charges carry any cents, each payer
allows its own share of each charge, the patient's share splits into copay, deductible and
coinsurance, Medicare takes 2 % sequestration, and remark codes, dates, claim numbers and
procedure codes vary. These generators draw all of that from one seed, every claim and line
balanced to the cent, for benchmarks and tests that must not be flattered by repetition. The
public entry points are the ``varied`` options of :mod:`medoffice.testing`'s 835 generators.

More information: ASC X12 005010X221A1 (835) TR3; CMS, *Medicare Remittance Advice* guides.

>>> claims = list(varied_claims(40, seed=1))
>>> from medoffice.revenue import check_remittance
>>> all(check_remittance(era).ok for era in varied_remittances(claims, seed=1))
True
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Final

from medoffice.kernel import Money
from medoffice.revenue._expected import reversal
from medoffice.revenue._model import (
    Adjustment,
    BilledClaim,
    BilledLine,
    ClaimPayment,
    ProviderAdjustment,
    Remittance,
    ServicePayment,
)

__all__ = ["varied_claims", "varied_remittance", "varied_remittances"]

# Made-up base fees in cents, and the most units a line of the code is billed with (no CPT
# descriptor is shipped, only codes).
_CODES: Final = (
    ("99202", 9200, 1), ("99203", 14100, 1), ("99204", 21000, 1), ("99205", 27500, 1),
    ("99211", 3200, 1), ("99212", 7400, 1), ("99213", 12500, 1), ("99214", 18500, 1),
    ("99215", 24900, 1), ("99395", 21000, 1), ("99396", 22500, 1), ("99397", 23800, 1),
    ("99406", 1800, 1), ("99497", 9400, 1), ("G2211", 1600, 1), ("G0439", 13300, 1),
    ("G0444", 2100, 1), ("36415", 1500, 1), ("81002", 1200, 1), ("81003", 900, 1),
    ("80053", 4100, 1), ("80061", 3700, 1), ("83036", 2600, 1), ("84443", 3300, 1),
    ("85025", 2200, 1), ("87880", 2600, 1), ("87804", 2900, 2), ("93000", 6000, 1),
    ("94010", 5400, 1), ("71046", 8800, 1), ("73030", 7100, 1), ("96372", 3200, 2),
    ("90471", 2500, 1), ("90472", 1800, 3), ("90686", 4400, 1), ("90715", 6100, 1),
    ("90750", 21900, 1), ("J1100", 300, 8), ("J3301", 400, 4), ("J1885", 250, 6),
    ("J7030", 1100, 2), ("20610", 15200, 1), ("11721", 7800, 1), ("17000", 9900, 1),
    ("17003", 1100, 13), ("11102", 12100, 1), ("10060", 16500, 1), ("12001", 17800, 1),
    ("97110", 4300, 4), ("97140", 3900, 4), ("97530", 4700, 4), ("97161", 11000, 1),
    ("95004", 800, 40), ("95117", 2400, 1), ("92012", 11200, 1), ("92014", 16300, 1),
    ("A4550", 1300, 1), ("L3908", 6200, 1), ("Q0091", 5100, 1), ("99401", 4900, 1),
)  # fmt: skip
_MODIFIERS: Final = ("25", "59", "XU", "LT", "RT", "76", "95", "GT", "KX", "GA", "GY", "QW", "33")
# Payer id, the share of the charge allowed (range), the coinsurance, whether Medicare (2 %
# sequestration, MOA remarks, crossovers) and the claim filing indicator (CLP06).
_PAYERS: Final = (
    ("MEDICARE-B", (0.38, 0.62), 0.20, True, "MB"),
    ("MEDICARE-A", (0.40, 0.60), 0.20, True, "MA"),
    ("BCBS", (0.55, 0.85), 0.20, False, "BL"),
    ("AETNA", (0.50, 0.90), 0.10, False, "CI"),
    ("CIGNA", (0.50, 0.88), 0.20, False, "CI"),
    ("UHC", (0.52, 0.86), 0.15, False, "CI"),
    ("HUMANA-MA", (0.45, 0.70), 0.20, False, "16"),
    ("MEDICAID", (0.30, 0.55), 0.0, False, "MC"),
)
_COPAYS: Final = (0, 0, 1000, 2000, 2500, 3000, 4000, 5000)
_DENIALS: Final = ("50", "97", "197", "29", "16", "B7", "4", "11", "167", "236", "18", "27")
_LINE_REMARKS: Final = ("N130", "M15", "N381", "MA130", "M80", "N20", "N519", "N657", "M86")
_CLAIM_REMARKS: Final = ("MA01", "MA07", "MA18", "N4", "MA28", "N89", "MA15")
_PLB_REASONS: Final = ("WO", "L6", "FB", "72", "CS")
_START: Final = date(2026, 1, 5)


def _usd(cents: int) -> Money:
    return Money.from_minor_units(cents, "USD")


def varied_claims(
    count: int, *, seed: int = 0, start: date = _START, days: int = 120
) -> Iterator[BilledClaim]:
    """``count`` made-up billed claims of one to six varied lines each."""
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
    for number in range(1, count + 1):
        served = start + timedelta(days=rng.randrange(days))
        lines = []
        for index in range(1, rng.choice((1, 1, 1, 2, 2, 2, 3, 3, 4, 5, 6)) + 1):
            code, fee, most = rng.choice(_CODES)
            units = rng.randint(1, most) if most > 1 and rng.random() < 0.6 else 1
            cents = int(fee * rng.uniform(0.85, 1.4)) * units
            picked = rng.sample(_MODIFIERS, rng.choice((1, 1, 2))) if rng.random() < 0.3 else ()
            lines.append(
                BilledLine(
                    number=index,
                    procedure=code,
                    charge=_usd(cents),
                    service_date=served + timedelta(days=rng.choice((0, 0, 0, 0, 1, 2))),
                    modifiers=tuple(picked),
                    units=Decimal(units),
                )
            )
        yield BilledClaim(
            control_number=f"{rng.randrange(10**5):05d}{number:07d}",
            payer_id=rng.choice(_PAYERS)[0],
            patient=f"patient-{rng.randrange(max(count // 3, 1)):06d}",
            billed_on=served + timedelta(days=rng.randint(1, 9)),
            lines=tuple(lines),
        )


_TERMS: Final = {payer[0]: payer for payer in _PAYERS}


def _adjust(group: str, reason: str, cents: int) -> Adjustment:
    return Adjustment(group=group, reason=reason, amount=_usd(cents))


def _paid_line(
    rng: random.Random, line: BilledLine, payer: str, copay: int, deductible: int
) -> tuple[ServicePayment, int, int]:
    """A line paid under the payer's terms, and the copay and deductible left to take."""
    _, (low, high), coinsurance, medicare, _ = _TERMS[payer]
    charge = line.charge.minor_units
    allowed = int(charge * rng.uniform(low, high))
    took_copay = min(copay, allowed)
    took_deductible = min(deductible, allowed - took_copay)
    rest = allowed - took_copay - took_deductible
    share = round(rest * coinsurance)
    sequestration = round((rest - share) * 0.02) if medicare else 0
    paid = rest - share - sequestration
    parts = (
        ("CO", "45", charge - allowed),
        ("CO", "253", sequestration),
        ("PR", "1", took_deductible),
        ("PR", "2", share),
        ("PR", "3", took_copay),
    )
    adjustments = tuple(_adjust(g, r, c) for g, r, c in parts if c)
    remarks = (rng.choice(_LINE_REMARKS),) if rng.random() < 0.15 else ()
    service = ServicePayment(
        procedure=line.procedure,
        modifiers=line.modifiers,
        charge=line.charge,
        paid=_usd(paid),
        units=line.units,
        service_date=line.service_date,
        line_control=str(line.number),
        allowed=_usd(allowed),
        adjustments=adjustments,
        remarks=remarks,
    )
    return service, copay - took_copay, deductible - took_deductible


def _denied_line(rng: random.Random, line: BilledLine, group: str, reason: str) -> ServicePayment:
    return ServicePayment(
        procedure=line.procedure,
        modifiers=line.modifiers,
        charge=line.charge,
        paid=_usd(0),
        units=line.units,
        service_date=line.service_date,
        line_control=str(line.number),
        adjustments=(Adjustment(group=group, reason=reason, amount=line.charge),),
        remarks=tuple(rng.sample(_LINE_REMARKS, rng.choice((1, 1, 2)))),
    )


def _claim(rng: random.Random, claim: BilledClaim) -> ClaimPayment:
    payer, _, _, medicare, filing = _TERMS[claim.payer_id]
    copay = rng.choice(_COPAYS)
    deductible = rng.randrange(1, 30000) if rng.random() < 0.12 else 0
    services: list[ServicePayment] = []
    denied_claim = rng.random() < 0.08
    for line in claim.lines:
        draw = rng.random()
        if denied_claim or draw < 0.06:
            services.append(_denied_line(rng, line, "CO", rng.choice(_DENIALS)))
        elif draw < 0.09:
            services.append(_denied_line(rng, line, "PR", rng.choice(("96", "204", "B1"))))
        else:
            service, copay, deductible = _paid_line(rng, line, payer, copay, deductible)
            services.append(service)
    lines_paid = sum(s.paid.minor_units for s in services)
    claim_level: tuple[Adjustment, ...] = ()
    if lines_paid > 200 and rng.random() < 0.05:
        # An adjustment of the whole claim (a prior payer's payment, a late filing reduction).
        group, reason = rng.choice((("OA", "23"), ("CO", "B4")))
        claim_level = (_adjust(group, reason, lines_paid // 7),)
    paid = lines_paid - sum(a.cents for a in claim_level)
    share = sum(a.cents for s in services for a in s.adjustments if a.group.value == "PR") + sum(
        a.cents for a in claim_level if a.group.value == "PR"
    )
    status = "4" if denied_claim else "1"
    crossover = ""
    if medicare and not denied_claim and rng.random() < 0.1:
        status, crossover = "19", f"MEDIGAP{rng.randrange(100):02d}"
    remarks: tuple[str, ...] = ()
    if denied_claim or (medicare and rng.random() < 0.3):
        remarks = tuple(rng.sample(_CLAIM_REMARKS, rng.choice((1, 1, 2, 3))))
    return ClaimPayment(
        control_number=claim.control_number,
        status=status,
        charge=claim.charge,
        paid=_usd(paid),
        patient_responsibility=_usd(share),
        payer_claim_number=f"{rng.randrange(10**13):013d}{rng.randrange(10)}",
        filing_indicator=filing,
        adjustments=claim_level,
        services=tuple(services),
        remarks=remarks,
        crossover_payer=crossover,
        service_date=claim.lines[0].service_date if rng.random() < 0.3 else None,
    )


def varied_remittance(
    claims: Sequence[BilledClaim],
    *,
    seed: int = 0,
    trace: str | None = None,
    paid_on: date | None = None,
) -> Remittance:
    """A balanced remittance answering ``claims`` (all of one payer: the first claim's)."""
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
    payments: list[ClaimPayment] = []
    for claim in claims:
        payment = _claim(rng, claim)
        if rng.random() < 0.01:
            # A correction: the earlier payment taken back, then the claim paid again.
            payments.append(reversal(payment))
            payment = _claim(rng, claim)
        payments.append(payment)
    taken: list[ProviderAdjustment] = []
    last = max((c.billed_on for c in claims), default=_START)
    on = paid_on or last + timedelta(days=rng.randint(7, 30))
    for _ in range(rng.choice((0, 0, 0, 1, 1, 2, 3))):
        reason = rng.choice(_PLB_REASONS)
        cents = rng.randrange(100, 40000)
        taken.append(
            ProviderAdjustment(
                provider="1234567893",
                fiscal_period_end=date(on.year, 12, 31),
                reason=reason,
                reference=f"{rng.randrange(10**13):013d}" if reason in {"WO", "72"} else "",
                amount=_usd(-cents // 20 if reason == "L6" else cents),
            )
        )
    total = sum(p.paid.minor_units for p in payments) - sum(t.amount.minor_units for t in taken)
    payer = claims[0].payer_id if claims else _PAYERS[0][0]
    return Remittance(
        trace=trace or f"{rng.randrange(10**11):011d}",
        originator=f"1{rng.randrange(10**9):09d}",
        payment=_usd(abs(total)),
        credit=total >= 0,
        method="ACH" if total > 0 else "NON",
        paid_on=on,
        payer_id=payer,
        payer_name=f"{payer} SYNTHETIC",
        payee_id="1234567893",
        claims=tuple(payments),
        provider_adjustments=tuple(taken),
    )


def varied_remittances(claims: Sequence[BilledClaim], *, seed: int = 0) -> list[Remittance]:
    """``claims`` answered by their payers: transactions of one payer each, of a few to a few
    thousand claims (most payers send a file a day: small practices' are small)."""
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
    by_payer: dict[str, list[BilledClaim]] = {}
    for claim in claims:
        by_payer.setdefault(claim.payer_id, []).append(claim)
    remittances: list[Remittance] = []
    for payer in sorted(by_payer):
        pending = by_payer[payer]
        while pending:
            size = rng.choice((rng.randint(1, 20), rng.randint(20, 300), rng.randint(300, 3000)))
            batch, pending = pending[:size], pending[size:]
            remittances.append(varied_remittance(batch, seed=rng.randrange(2**32)))
    return remittances
