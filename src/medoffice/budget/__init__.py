"""Budgets for a medical practice: exact to the minor unit, with commitments and an audit trail.

The chart of accounts mapped to MGMA cost categories; dimensions (cost centre, location,
provider, service line, payer); fiscal calendars (monthly, 4-4-5, 4-5-4, 13 periods, any start);
budget versions with unset-versus-zero and notes; exact phasing; actuals from balanced
transactions; encumbrances; funds checks and approvals; an append-only journal of balanced
transfers replayed bitemporally; budget versus actual with roll-ups; year-end forecasts; and the
practice KPIs with their sources. A budget cell is addressed by a :data:`CellKey` (account,
dimensions, period).

The package exports the model, actuals, flat phasing and budget versus actual; the rest is
grouped in public submodules: :mod:`~medoffice.budget.phasing` (the other phasing methods),
:mod:`~medoffice.budget.commitments` (funds checks, approvals, encumbrances),
:mod:`~medoffice.budget.transfers`, :mod:`~medoffice.budget.forecast`,
:mod:`~medoffice.budget.kpis` and :mod:`~medoffice.budget.reports` (the profit and loss
statement).

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

from medoffice.budget._accounts import (
    Account,
    AccountType,
    ChartOfAccounts,
    MgmaCategory,
)
from medoffice.budget._budget import (
    Budget,
    BudgetLine,
    CellKey,
    VersionKind,
    check_budget,
)
from medoffice.budget._calendar import (
    FiscalCalendar,
    FiscalPeriod,
    PeriodPattern,
)
from medoffice.budget._dimensions import (
    Dimension,
    Dimensions,
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
    Flat,
    phase,
)
from medoffice.budget._variance import (
    Materiality,
    VarianceReport,
    VarianceRow,
    budget_vs_actual,
    through_date,
)
from medoffice.budget.services import (
    Budgeting,
)

__all__ = [
    "Account",
    "AccountType",
    "Actuals",
    "Budget",
    "BudgetLine",
    "Budgeting",
    "CellKey",
    "ChartOfAccounts",
    "Dimension",
    "Dimensions",
    "FiscalCalendar",
    "FiscalPeriod",
    "Flat",
    "Leg",
    "Materiality",
    "MgmaCategory",
    "PeriodPattern",
    "Posting",
    "Transaction",
    "VarianceReport",
    "VarianceRow",
    "VersionKind",
    "aggregate",
    "budget_vs_actual",
    "check_budget",
    "check_transaction",
    "phase",
    "through_date",
]
