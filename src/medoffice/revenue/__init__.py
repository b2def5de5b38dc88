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

>>> from datetime import date
>>> from medoffice.kernel import Money
>>> era = Remittance(trace="T1", payment=Money.of("10.00", "USD"))
>>> [str(f.rule) for f in check_remittance(era)]
['ERA-BAL-PAYMENT']
"""

from medoffice.revenue._aging import Aging, AgingBasis, age, open_items
from medoffice.revenue._balancing import check_remittance
from medoffice.revenue._catalogue import ERA_RULES
from medoffice.revenue._codes import ReasonCode, ReasonCodes
from medoffice.revenue._denials import Denial, DenialCategory, NextAction
from medoffice.revenue._kpis import ArFacts, ar_facts, revenue_kpis
from medoffice.revenue._ledger import ArLedger, LedgerEntry
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
from medoffice.revenue._posting import Posting, WorkItem, post_remittance
from medoffice.revenue.services import Revenue

__all__ = [
    "ERA_RULES",
    "Adjustment",
    "Aging",
    "AgingBasis",
    "ArFacts",
    "ArLedger",
    "BilledClaim",
    "BilledLine",
    "ClaimPayment",
    "Denial",
    "DenialCategory",
    "GroupCode",
    "LedgerEntry",
    "NextAction",
    "Posting",
    "ProviderAdjustment",
    "ReasonCode",
    "ReasonCodes",
    "Remittance",
    "Revenue",
    "ServicePayment",
    "WorkItem",
    "age",
    "ar_facts",
    "check_remittance",
    "open_items",
    "post_remittance",
    "revenue_kpis",
]
