"""The revenue domain's needs answered from the claims and budget domains.

:func:`billed_claim` turns a submitted :class:`medoffice.claims.Claim` into the
:class:`~medoffice.revenue.model.BilledClaim` facts posting and aging need: the patient control
number, the payer, an opaque patient key (the claim history's ``patient_key``, keyed with that
store's own secret, never a name or a member id) and each line's procedure, modifiers, date,
units and charge.
:class:`BudgetKpiDefinitions` answers :class:`~medoffice.revenue.ports.KpiDefinitions` with the
budget module's KPI functions, so a KPI computed from posted remittances is, by construction,
the number the budget module gives for the same facts. :func:`profile_from_denials` feeds the
denials back into the claim checker: for each payer, the claim rules that would have caught its
denials are turned on as errors in that payer's layer of a :class:`medoffice.claims.Profile`.

>>> from datetime import date
>>> from medoffice.adapters.memory import InMemoryClaimHistory
>>> from medoffice.testing import sample_claim
>>> history = InMemoryClaimHistory()
>>> billed = billed_claim(
...     sample_claim(), billed_on=date(2026, 3, 3), patient_key=history.patient_key
... )
>>> billed.control_number == sample_claim().patient_control_number, len(billed.lines) > 0
(True, True)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import final

import attrs

from medoffice.budget._kpis import (
    Kpi,
    ar_over,
    days_in_ar,
    denial_rate_by_amount,
    denial_rate_by_count,
    first_pass_resolution_rate,
    net_collection_rate,
)
from medoffice.claims._model import Claim
from medoffice.claims._profile import Profile, RuleSetting
from medoffice.kernel import Money, Severity
from medoffice.revenue._denials import Denial
from medoffice.revenue._model import BilledClaim, BilledLine

__all__ = ["BudgetKpiDefinitions", "billed_claim", "profile_from_denials"]


def billed_claim(
    claim: Claim, *, billed_on: date, patient_key: Callable[[Claim], str]
) -> BilledClaim:
    """The facts of a submitted claim that the revenue cycle posts against.

    ``patient_key`` files the patient under an opaque key: a claim history's ``patient_key``
    (keyed with that store's secret), so aging by patient matches the claims already filed.
    """
    return BilledClaim(
        control_number=claim.patient_control_number,
        payer_id=claim.payer.payer_id,
        payer_type=claim.payer.type.value,
        patient=patient_key(claim),
        billed_on=billed_on,
        lines=tuple(
            BilledLine(
                number=number,
                procedure=line.procedure,
                modifiers=line.modifiers,
                charge=line.charge,
                service_date=line.service_from,
                units=line.units,
            )
            for number, line in enumerate(claim.lines, start=1)
        ),
    )


@final
class BudgetKpiDefinitions:
    """The revenue KPIs as the budget module defines them (days in A/R on gross charges)."""

    __slots__ = ()

    def days_in_ar(
        self, *, receivables: Money, charges: Money, days: int, credit_balance: Money
    ) -> Kpi:
        """Budget's :func:`~medoffice.budget.days_in_ar`."""
        return days_in_ar(
            receivables=receivables, charges=charges, days=days, credit_balance=credit_balance
        )

    def net_collection_rate(
        self, *, payments: Money, charges: Money, contractual_adjustments: Money, refunds: Money
    ) -> Kpi:
        """Budget's :func:`~medoffice.budget.net_collection_rate`."""
        return net_collection_rate(
            payments=payments,
            charges=charges,
            contractual_adjustments=contractual_adjustments,
            refunds=refunds,
        )

    def denial_rate_by_count(self, *, denied: int, submitted: int) -> Kpi:
        """Budget's :func:`~medoffice.budget.denial_rate_by_count`."""
        return denial_rate_by_count(denied=denied, submitted=submitted)

    def denial_rate_by_amount(self, *, denied: Money, submitted: Money) -> Kpi:
        """Budget's :func:`~medoffice.budget.denial_rate_by_amount`."""
        return denial_rate_by_amount(denied=denied, submitted=submitted)

    def first_pass_resolution_rate(
        self, *, resolved_on_first_submission: int, adjudicated: int
    ) -> Kpi:
        """Budget's :func:`~medoffice.budget.first_pass_resolution_rate`."""
        return first_pass_resolution_rate(
            resolved_on_first_submission=resolved_on_first_submission, adjudicated=adjudicated
        )

    def ar_over(self, aging: Mapping[int, Money], *, days: int) -> Kpi:
        """Budget's :func:`~medoffice.budget.ar_over`."""
        return ar_over(aging, days=days)

    def __repr__(self) -> str:
        return "BudgetKpiDefinitions()"


def profile_from_denials(
    profile: Profile, denials: Iterable[Denial], *, at_least: int = 1
) -> Profile:
    """``profile`` with, for each payer, every claim rule that would have caught ``at_least`` of
    its denials turned on as an error (the rule's other settings for that payer are kept)."""
    counts = Counter((d.payer, d.claims_rule) for d in denials if d.claims_rule is not None)
    payers = {payer: dict(layer) for payer, layer in profile.payers.items()}
    stricter = RuleSetting(enabled=True, severity=Severity.ERROR)
    for (payer, rule), count in sorted(counts.items()):
        if count >= at_least:
            layer = payers.setdefault(payer, {})
            layer[rule] = stricter.over(layer.get(rule, RuleSetting()))
    return attrs.evolve(profile, payers=payers)
