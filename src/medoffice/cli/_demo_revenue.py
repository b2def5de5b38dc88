"""The revenue stage of ``medoffice demo``: the payers answer the month's claims.

The claims checked in the claims stage are billed on the submission day; each payer then answers
them with an 835 (written to the demo folder, read back with
:func:`medoffice.adapters.formats.x12.read_835_all` and posted by
:class:`medoffice.revenue.Revenue`): most lines paid under the payer's terms (80 % of the charge
allowed, 20 % coinsurance), some after a deductible, some denied (medical necessity, bundling,
authorization, timely filing, missing information), some not covered and billed to the patient,
and a few not answered at all. A second remittance reverses one payment and pays the corrected
claim, recoups an earlier overpayment and adds interest. The first file is posted twice: the
second time posts nothing. The stage ends with the A/R aging, the denial work list and the KPIs
computed with the budget module's definitions.

More information: docs/revenue.md, docs/demo.md.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

from medoffice.adapters.bridges import BudgetKpiDefinitions, billed_claim
from medoffice.adapters.formats.x12 import read_835_all, remittances_to_835
from medoffice.claims import Claim, claims_from_json
from medoffice.cli._demo_claims import SUBMITTED_ON
from medoffice.cli._demo_stages import DemoClock
from medoffice.kernel import AuditLog, Money
from medoffice.revenue import (
    BilledClaim,
    ClaimPayment,
    ProviderAdjustment,
    Remittance,
    Revenue,
    ServicePayment,
)
from medoffice.revenue.expected import PayerTerms, denied_line, expected_payment, reversal
from medoffice.revenue.ports import RevenueStore

__all__ = ["AGED_ON", "revenue_stage"]

#: When the payers answer, when the corrections come, and the day the receivables are aged.
PAID_ON: Final = date(2026, 4, 24)
CORRECTED_ON: Final = date(2026, 5, 15)
AGED_ON: Final = date(2026, 6, 30)
_TERMS: Final = PayerTerms(allowed=Decimal("0.80"), coinsurance=Decimal("0.20"))
_CORRECTED: Final = PayerTerms(allowed=Decimal("0.85"), coinsurance=Decimal("0.20"))
_DEDUCTIBLE: Final = Money.of("40.00", "USD")
_DENIALS: Final = (("CO", "50"), ("CO", "97"), ("CO", "197"), ("CO", "29"), ("CO", "16"))
_PROVIDER: Final = "1234567893"

Advance = Callable[[int], None]


def _outcome(index: int) -> str:
    """The demo's mix: 1 in 10 denied, 1 in 20 not covered, 1 in 20 unanswered."""
    slot = index % 20
    if slot in {3, 13}:
        return "denied"
    if slot == 7:
        return "non_covered"
    if slot == 11:
        return "unanswered"
    return "deductible" if slot in {5, 17} else "paid"


def _answer(claim: BilledClaim, outcome: str, index: int, terms: PayerTerms) -> ClaimPayment:
    services: list[ServicePayment] = []
    for line in claim.lines:
        if outcome == "denied":
            group, reason = _DENIALS[index // 20 % len(_DENIALS)]
            services.append(denied_line(line, group=group, reason=reason))
        elif outcome == "non_covered":
            services.append(denied_line(line, group="PR", reason="96"))
        else:
            deductible = _DEDUCTIBLE if outcome == "deductible" else None
            services.append(expected_payment(line, terms, deductible=deductible))
    currency = claim.lines[0].charge.currency
    return ClaimPayment(
        control_number=claim.control_number,
        status="4" if outcome == "denied" else "1",
        charge=claim.charge,
        paid=Money.sum((s.paid for s in services), currency=currency),
        patient_responsibility=Money.sum(
            (s.patient_responsibility for s in services), currency=currency
        ),
        payer_claim_number=f"{claim.payer_id}-{index:05d}",
        services=services,
    )


def _remittance(
    payer: str,
    trace: str,
    on: date,
    claims: Sequence[ClaimPayment],
    plb: Sequence[ProviderAdjustment] = (),
) -> Remittance:
    paid = Money.sum((c.paid for c in claims), currency="USD")
    taken = Money.sum((p.amount for p in plb), currency="USD")
    total = paid - taken
    return Remittance(
        trace=trace,
        originator=f"1{payer}"[:10],
        payment=abs(total),
        credit=not total.is_negative(),
        paid_on=on,
        payer_id=payer,
        payer_name=f"DEMO PAYER {payer}",
        payee_id=_PROVIDER,
        claims=tuple(claims),
        provider_adjustments=tuple(plb),
    )


def _remittances(billed: Sequence[BilledClaim]) -> tuple[list[Remittance], list[Remittance]]:
    """The payers' first answers (one per payer), and the corrections that follow."""
    answered: dict[str, list[ClaimPayment]] = defaultdict(list)
    paid: list[tuple[BilledClaim, ClaimPayment, int]] = []
    for index, claim in enumerate(billed):
        outcome = _outcome(index)
        if outcome == "unanswered":
            continue
        payment = _answer(claim, outcome, index, _TERMS)
        answered[claim.payer_id].append(payment)
        if outcome == "paid":
            paid.append((claim, payment, index))
    first = [
        _remittance(payer, f"EFT{number:04d}", PAID_ON, claims)
        for number, (payer, claims) in enumerate(sorted(answered.items()), start=1)
    ]
    if len(paid) < 2:
        return first, []
    (claim, payment, index), (_, recouped, _) = paid[0], paid[1]
    corrected = _answer(claim, "paid", index, _CORRECTED)
    plb = (
        ProviderAdjustment(
            provider=_PROVIDER, reason="WO", reference=recouped.payer_claim_number,
            amount=Money.of("10.00", "USD"),
        ),
        ProviderAdjustment(provider=_PROVIDER, reason="L6", amount=Money.of("-1.25", "USD")),
    )  # fmt: skip
    second = [
        _remittance(claim.payer_id, "EFT9001", CORRECTED_ON, [reversal(payment), corrected], plb)
    ]
    return first, second


def revenue_stage(
    folder: Path,
    store: RevenueStore,
    audit: AuditLog,
    advance: Advance,
    *,
    patient_key: Callable[[Claim], str],
) -> dict[str, Any]:
    """Bill the month's claims, post the payers' 835s, and summarise aging, denials and KPIs."""
    claims = claims_from_json((folder / "claims.json").read_bytes())
    seen: set[str] = set()
    billed: list[BilledClaim] = []
    for claim in claims:
        if claim.lines and claim.patient_control_number not in seen:
            seen.add(claim.patient_control_number)
            billed.append(billed_claim(claim, billed_on=SUBMITTED_ON, patient_key=patient_key))
    clock = DemoClock(datetime(2026, 6, 30, 17, tzinfo=UTC))
    payers = {c.payer_id for c in billed}
    revenue = Revenue(store, clock=clock, audit=audit, appeal_days=dict.fromkeys(payers, 120))
    revenue.bill(billed, actor="user:biller")
    first, second = _remittances(billed)
    files = [folder / "remittances-april.835", folder / "remittances-may.835"]
    files[0].write_bytes(remittances_to_835(first, created=PAID_ON))
    files[1].write_bytes(remittances_to_835(second, created=CORRECTED_ON))
    postings = []
    findings = 0
    for path in (files[0], files[1], files[0]):  # the April file arrives twice
        reading = read_835_all(path.read_bytes())
        findings += len(reading.report)
        for remittance in reading.remittances:
            postings.append(revenue.post(remittance, actor="user:biller"))
            advance(1)
    denials = revenue.denials()
    aging = revenue.aging(as_of=AGED_ON)
    kpis = revenue.kpis(BudgetKpiDefinitions(), start=date(2026, 3, 1), end=AGED_ON)
    return {
        "claims_billed": len(billed),
        "files": [path.name for path in files],
        "remittances_posted": sum(not p.duplicate for p in postings),
        "duplicates_skipped": sum(p.duplicate for p in postings),
        "ledger_entries": sum(len(p.entries) for p in postings),
        "file_findings": findings,
        "work_queue": len(revenue.work_queue()),
        "denials_by_category": dict(sorted(Counter(d.category.value for d in denials).items())),
        "denials_by_action": dict(sorted(Counter(d.action.value for d in denials).items())),
        "denial_work_list": [d.to_dict() for d in denials[:8]],
        "aging": aging.to_dict(),
        "kpis": {k.name: str(k.value) for k in kpis},
    }
