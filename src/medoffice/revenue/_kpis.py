"""The revenue-cycle KPIs from the ledger, computed with the budget module's definitions.

:func:`ar_facts` reads the facts of a period off the A/R ledger and the denials: charges billed,
payments received, refunds (payer recoupments and authorized returns, PLB ``WO`` and ``72``),
contractual adjustments (group CO), the receivables and credit balances at the period's end,
claims submitted and denied (by count and by amount), and claims adjudicated and those resolved
on their first submission. :func:`revenue_kpis` hands those facts to a
:class:`~medoffice.revenue.ports.KpiDefinitions` (the bridge in ``adapters.bridges`` answers it
with :mod:`medoffice.budget`'s KPI functions), so both modules give the same number for the same
facts: days in A/R, net collection rate, denial rate by count and by amount, first-pass
resolution rate, and the share of A/R over 90 and 120 days.

More information: AAFP, *Evaluating Your Practice's Revenue Cycle*
(https://www.aafp.org/practice-management); HFMA MAP Keys.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Final, final

import attrs

from medoffice.kernel import Money
from medoffice.revenue._aging import age, open_items
from medoffice.revenue._denials import Denial
from medoffice.revenue._ledger import ArLedger, EntryKind
from medoffice.revenue._model import BilledClaim
from medoffice.revenue.ports import KpiDefinitions, KpiValue

__all__ = ["ArFacts", "ar_facts", "revenue_kpis"]

# PLB reasons that return money to a payer: overpayment recovery and authorized return.
_REFUNDS: Final = frozenset({"WO", "72"})


@final
@attrs.frozen(kw_only=True)
class ArFacts:
    """The facts of one period the KPIs are computed from."""

    start: date
    end: date
    charges: Money
    payments: Money
    refunds: Money
    contractual_adjustments: Money
    receivables: Money
    credit_balances: Money
    submitted_claims: int
    submitted_amount: Money
    denied_claims: int
    denied_amount: Money
    adjudicated_claims: int
    first_pass_claims: int
    aging: dict[int, Money]

    @property
    def days(self) -> int:
        """The number of days in the period."""
        return (self.end - self.start).days + 1


def ar_facts(
    ledger: ArLedger,
    denials: Iterable[Denial],
    claims: Mapping[str, BilledClaim],
    *,
    start: date,
    end: date,
    currency: str = "USD",
) -> ArFacts:
    """The facts of the period ``start`` to ``end`` (inclusive) from a ledger and its denials."""
    then = ledger.as_of(end)
    period = [entry for entry in then if entry.on >= start]
    totals = then.totals(currency=currency, since=start)
    refunds = sum(
        entry.cents
        for entry in period
        if entry.kind == EntryKind.PROVIDER and entry.code in _REFUNDS and entry.cents > 0
    )
    submitted = {entry.claim for entry in period if entry.kind == EntryKind.CHARGE and entry.claim}
    in_period = [d for d in denials if start <= d.on <= end]
    denied = {d.claim for d in in_period}
    adjudicated: set[str] = set()
    seen_sources: dict[str, set[str]] = {}
    for entry in then:
        if entry.kind in {EntryKind.PAYMENT, EntryKind.ADJUSTMENT, EntryKind.TRANSFER}:
            seen_sources.setdefault(entry.claim, set()).add(entry.source)
            if entry.on >= start:
                adjudicated.add(entry.claim)
    adjudicated |= denied
    denied_ever = {d.claim for d in denials if d.on <= end}
    first_pass = {
        claim
        for claim in adjudicated
        if claim not in denied_ever and len(seen_sources.get(claim, ())) == 1
    }
    aging = age(open_items(then, claims), as_of=end, by="payer")
    return ArFacts(
        start=start,
        end=end,
        charges=totals.charges,
        payments=totals.payments,
        refunds=Money.from_minor_units(refunds, currency),
        contractual_adjustments=totals.contractual_adjustments,
        receivables=totals.receivables,
        credit_balances=totals.credit_balances,
        submitted_claims=len(submitted),
        submitted_amount=totals.charges,
        denied_claims=len(denied),
        denied_amount=Money.from_minor_units(sum(d.cents for d in in_period), currency),
        adjudicated_claims=len(adjudicated),
        first_pass_claims=len(first_pass),
        aging=aging.by_bucket_start,
    )


def revenue_kpis(facts: ArFacts, definitions: KpiDefinitions) -> tuple[KpiValue, ...]:
    """The revenue-cycle KPIs of ``facts``; those whose denominator is zero are left out."""
    found: list[KpiValue] = []
    if facts.charges.is_positive():
        found.append(
            definitions.days_in_ar(
                receivables=facts.receivables,
                credit_balance=facts.credit_balances,
                charges=facts.charges,
                days=facts.days,
            )
        )
    if facts.charges != facts.contractual_adjustments:
        found.append(
            definitions.net_collection_rate(
                payments=facts.payments,
                refunds=facts.refunds,
                charges=facts.charges,
                contractual_adjustments=facts.contractual_adjustments,
            )
        )
    if facts.submitted_claims:
        found.append(
            definitions.denial_rate_by_count(
                denied=facts.denied_claims, submitted=facts.submitted_claims
            )
        )
        found.append(
            definitions.denial_rate_by_amount(
                denied=facts.denied_amount, submitted=facts.submitted_amount
            )
        )
    if facts.adjudicated_claims:
        found.append(
            definitions.first_pass_resolution_rate(
                resolved_on_first_submission=facts.first_pass_claims,
                adjudicated=facts.adjudicated_claims,
            )
        )
    if any(not m.is_zero() for m in facts.aging.values()):
        found.extend(definitions.ar_over(facts.aging, days=days) for days in (90, 120))
    return tuple(found)
