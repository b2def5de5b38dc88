"""The budget stage of ``medoffice demo``: post the quarter's actuals, compare, forecast.

The synthetic budget (the JSON layout of ``medoffice budget``) is parsed with
:func:`medoffice.adapters.formats.budget_file.parse_budget_file`; January to March are posted
through the :meth:`medoffice.budget.Budgeting.post_actuals` use case, March's fee revenue being
the charges of the claims that came through the check clean; purchase orders are recorded as
encumbrances.
The summary gives budget versus actual for the quarter, the material variances by rule and the
year-end forecasts of each account by every method.

More information: docs/demo.md, docs/budget.md.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

from medoffice.adapters.formats.budget_file import parse_budget_file
from medoffice.budget._accounts import AccountType
from medoffice.budget._encumbrance import Encumbrance
from medoffice.budget._forecast import forecasts
from medoffice.budget._ledger import Leg, Transaction, aggregate
from medoffice.budget._variance import budget_vs_actual
from medoffice.budget.services import Budgeting
from medoffice.cli._demo_practice import DemoPractice
from medoffice.cli._demo_stages import DemoClock
from medoffice.kernel import AuditLog, DateRange, Money

if TYPE_CHECKING:
    from medoffice.adapters.databases import Database

__all__ = ["CLOSED_ON", "budget_stage"]

#: The day the quarter is closed: actuals through 31 March are in.
CLOSED_ON: Final = date(2026, 3, 31)
_THROUGH: Final = 3  # periods closed (January to March)

Advance = Callable[[int], None]


def budget_stage(
    practice: DemoPractice,
    clean_charges: Decimal,
    *,
    store: Database,
    audit: AuditLog,
    advance: Advance,
) -> dict[str, Any]:
    """Post, compare and forecast; every amount in the summary is a decimal string."""
    loaded = parse_budget_file(practice.budget)
    budget, chart = loaded.budget, loaded.chart
    currency = budget.currency
    budgeting = Budgeting(store, clock=DemoClock(datetime(2026, 4, 1, 13, tzinfo=UTC)), audit=audit)
    encumbrances = store.encumbrances
    revenue = Transaction(
        id="DEP-03-CLAIMS",
        on=CLOSED_ON,
        legs=[
            Leg(account="1000", amount=Money.of(clean_charges, currency)),
            Leg(account="4000", amount=Money.of(-clean_charges, currency)),
        ],
    )
    refused: Counter[str] = Counter()
    for transaction in (*loaded.transactions, revenue):
        posted = budgeting.post_actuals(transaction)
        refused.update(f.rule.value for f in posted)
        advance(1)
    for number, code, amount in practice.purchase_orders:
        money = Money.of(amount, currency)
        order = Encumbrance.requisition(id=number, account=code, amount=money, on=CLOSED_ON)
        encumbrances.save(order.order(money, on=CLOSED_ON), expected_version=0)
        advance(1)
    year = DateRange(first=date(budget.fiscal_year, 1, 1), last=date(budget.fiscal_year, 12, 31))
    postings = list(store.postings.postings(year))
    actuals = aggregate(postings, budget.calendar, budget.fiscal_year, currency)
    report = budget_vs_actual(
        budget, actuals, chart, through_period=_THROUGH, materiality=loaded.materiality
    ).roll_up(over_periods=True)
    open_by_account: dict[str, Money] = {}
    for item in encumbrances.all():
        open_by_account[item.account] = (
            open_by_account.get(item.account, Money.zero(currency)) + item.open
        )
    totals = {}
    for kind in (AccountType.REVENUE, AccountType.EXPENSE):
        planned, actual = report.totals(kind)
        totals[kind.value] = {
            "budget": str(planned.amount),
            "actual": str(actual.amount),
            "variance": str(actual.amount - planned.amount),
        }
    forecast = {}
    for account in chart:
        if not account.type.budgeted:
            continue
        series = actuals.series(account.code, through_period=_THROUGH)
        so_far = tuple(-m for m in series) if account.type.credit_normal else series
        found = forecasts(
            so_far,
            budget=budget.series(account.code),
            prior_year=loaded.prior_year.get(account.code),
            open_encumbrances=open_by_account.get(account.code),
        )
        forecast[account.code] = {f.method.value: str(f.amount.amount) for f in found}
    return {
        "fiscal_year": budget.fiscal_year,
        "currency": currency.code,
        "through": CLOSED_ON.isoformat(),
        "transactions_posted": len({p.transaction for p in postings}),
        "transactions_refused_by_rule": dict(sorted(refused.items())),
        "postings_sum": str(sum((p.amount.amount for p in postings), Decimal(0))),
        "totals": totals,
        "findings_by_rule": dict(sorted(Counter(f.rule.value for f in report.findings()).items())),
        "open_encumbrances": {a: str(m.amount) for a, m in sorted(open_by_account.items())},
        "forecast_year_end": forecast,
    }
