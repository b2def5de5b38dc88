"""Budgets for a medical practice: exact to the minor unit, with commitments and an audit trail.

The chart of accounts mapped to MGMA cost categories; dimensions (cost centre, location,
provider, service line, payer); fiscal calendars (monthly, 4-4-5, 4-5-4, 13 periods, any start);
budget versions with unset-versus-zero and notes; exact phasing; actuals from balanced
transactions; encumbrances; funds checks and approvals; an append-only journal of balanced
transfers replayed bitemporally; budget versus actual with roll-ups; year-end forecasts; and the
practice KPIs with their sources.

Everything here is pure: no files, no network, no clock. Use cases that read a clock are the
methods of :class:`Budgeting` (:mod:`medoffice.budget.services`); ports are in
:mod:`medoffice.budget.ports`; in-memory adapters in ``adapters.memory``.

More information: MGMA DataDive Cost and Revenue (https://www.mgma.com/data); AAFP, Evaluating
Your Practice's Revenue Cycle (https://www.aafp.org/practice-management).

>>> from decimal import Decimal
>>> from medoffice.kernel import Money
>>> parts = phase(Money.of("40.00", "USD"), FiscalCalendar().periods(2026), Flat())
>>> sum(p.amount for p in parts) == Decimal("40.00")
True
"""

from __future__ import annotations

from medoffice.budget._accounts import Account, AccountType, ChartOfAccounts, MgmaCategory
from medoffice.budget._budget import Budget, BudgetLine, CellKey, VersionKind, check_budget
from medoffice.budget._calendar import FiscalCalendar, FiscalPeriod, PeriodPattern
from medoffice.budget._dimensions import Dimension, Dimensions
from medoffice.budget._encumbrance import (
    Encumbrance,
    EncumbranceError,
    EncumbranceEvent,
    EncumbranceStatus,
    book_invoice,
)
from medoffice.budget._forecast import (
    Forecast,
    ForecastMethod,
    actual_plus_remaining_budget,
    committed,
    forecasts,
    run_rate,
    seasonal,
    trailing_average,
)
from medoffice.budget._funds import (
    ApprovalBand,
    ApprovalPolicy,
    Approvers,
    FundsCheck,
    FundsLedger,
    PurchaseRequest,
    check_funds,
    required_approvers,
)
from medoffice.budget._kpis import (
    BenchmarkBand,
    Kpi,
    ar_over,
    classify,
    clean_claim_rate,
    cost_to_collect,
    days_in_ar,
    denial_rate_by_amount,
    denial_rate_by_count,
    first_pass_resolution_rate,
    fte,
    net_collection_rate,
    no_show_rate,
    overhead_ratio,
    support_staff_cost_per_fte_physician,
)
from medoffice.budget._ledger import (
    Actuals,
    Leg,
    Posting,
    Transaction,
    aggregate,
    check_transaction,
)
from medoffice.budget._phasing import (
    BusinessDays,
    CalendarDays,
    Driver,
    Flat,
    PhasingMethod,
    Seasonal,
    phase,
    phase_by_driver,
)
from medoffice.budget._transfers import (
    JournalEntry,
    Transfer,
    TransferLeg,
    TransferState,
    TransferStatus,
    budget_as_of,
    decide,
    draft,
    net_transfers,
    pending_transfers,
    submit,
    transfer_states,
)
from medoffice.budget._variance import (
    Materiality,
    VarianceReport,
    VarianceRow,
    budget_vs_actual,
    through_date,
)
from medoffice.budget.services import Budgeting

__all__ = [
    "Account",
    "AccountType",
    "Actuals",
    "ApprovalBand",
    "ApprovalPolicy",
    "Approvers",
    "BenchmarkBand",
    "Budget",
    "BudgetLine",
    "Budgeting",
    "BusinessDays",
    "CalendarDays",
    "CellKey",
    "ChartOfAccounts",
    "Dimension",
    "Dimensions",
    "Driver",
    "Encumbrance",
    "EncumbranceError",
    "EncumbranceEvent",
    "EncumbranceStatus",
    "FiscalCalendar",
    "FiscalPeriod",
    "Flat",
    "Forecast",
    "ForecastMethod",
    "FundsCheck",
    "FundsLedger",
    "JournalEntry",
    "Kpi",
    "Leg",
    "Materiality",
    "MgmaCategory",
    "PeriodPattern",
    "PhasingMethod",
    "Posting",
    "PurchaseRequest",
    "Seasonal",
    "Transaction",
    "Transfer",
    "TransferLeg",
    "TransferState",
    "TransferStatus",
    "VarianceReport",
    "VarianceRow",
    "VersionKind",
    "actual_plus_remaining_budget",
    "aggregate",
    "ar_over",
    "book_invoice",
    "budget_as_of",
    "budget_vs_actual",
    "check_budget",
    "check_funds",
    "check_transaction",
    "classify",
    "clean_claim_rate",
    "committed",
    "cost_to_collect",
    "days_in_ar",
    "decide",
    "denial_rate_by_amount",
    "denial_rate_by_count",
    "draft",
    "first_pass_resolution_rate",
    "forecasts",
    "fte",
    "net_collection_rate",
    "net_transfers",
    "no_show_rate",
    "overhead_ratio",
    "pending_transfers",
    "phase",
    "phase_by_driver",
    "required_approvers",
    "run_rate",
    "seasonal",
    "submit",
    "support_staff_cost_per_fte_physician",
    "through_date",
    "trailing_average",
    "transfer_states",
]
