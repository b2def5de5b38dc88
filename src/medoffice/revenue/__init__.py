"""The revenue cycle: 835 remittances posted to claims, receivables by age, denials to work.

A payer pays a batch of claims with one remittance advice (X12 835). This package holds its
values (:class:`Remittance`, :class:`ClaimPayment`, :class:`ServicePayment`,
:class:`Adjustment`), balancing as findings (:func:`check_remittance`, rule ids ``ERA-*`` in
:data:`ERA_RULES`), posting to the claims billed (:func:`post_remittance`: pure, idempotent by
trace number, reversals, crossovers, provider-level adjustments, a work queue for what cannot
be posted), the append-only A/R ledger replayable as of any day (:class:`ArLedger`), aging by
payer or patient (:func:`age`), denials with their category, next action and the claim rule
that would have caught them (:class:`Denial`), and the KPIs computed with the budget module's
definitions (:func:`revenue_kpis`). Everything here is pure; the use cases that read a clock and
a store are the methods of :class:`Revenue` (:mod:`medoffice.revenue.services`); ports are in
:mod:`medoffice.revenue.ports`. More names live in the public submodules ``model``,
``balancing``, ``catalogue``, ``posting``, ``ledger``, ``aging``, ``denials``, ``kpis`` and
``codes``. The 835 reader is ``medoffice.adapters.formats.x12.read_835``.

More information: ASC X12 005010X221A1 (835) TR3 (https://x12.org/products/technical-reports);
AAFP, *Evaluating Your Practice's Revenue Cycle* (https://www.aafp.org/practice-management).

>>> from medoffice.kernel import Money
>>> era = Remittance(trace="T1", payment=Money.of("10.00", "USD"))
>>> [str(f.rule) for f in check_remittance(era)]
['ERA-BAL-PAYMENT']
"""

from __future__ import annotations

from medoffice.revenue._balancing import check_remittance
from medoffice.revenue._catalogue import ERA_RULES
from medoffice.revenue._model import (
    Adjustment,
    BilledClaim,
    BilledLine,
    ClaimPayment,
    GroupCode,
    ProviderAdjustment,
    Remittance,
    ServicePayment,
)

__all__ = [
    "ERA_RULES",
    "Adjustment",
    "BilledClaim",
    "BilledLine",
    "ClaimPayment",
    "GroupCode",
    "ProviderAdjustment",
    "Remittance",
    "ServicePayment",
    "check_remittance",
]
