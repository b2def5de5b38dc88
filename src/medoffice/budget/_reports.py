"""Reports as a controller reads them: a profit and loss statement and the largest variances.

:func:`profit_and_loss` turns budget versus actual into an income statement: the revenue and
expense accounts only (balance-sheet accounts such as cash and payables are left out), each with
its name, its depth in the chart and its budget, actual and variance over a range of periods,
every account including its descendants; then total revenue, total expense and net income
(revenue less expense), budget and actual side by side. Dimensions are summed.

:func:`largest_variances` picks the N rows of a variance report with the largest absolute
variance, revenue and expense accounts only (cells on budget are not listed); ties are broken
by account code, dimensions and period, so the same report always gives the same list.

>>> from datetime import date
>>> from medoffice.budget import (
...     Account,
...     AccountType,
...     Budget,
...     ChartOfAccounts,
...     FiscalCalendar,
...     Leg,
...     Transaction,
...     aggregate,
... )
>>> from medoffice.kernel import Money
>>> chart = ChartOfAccounts.of(
...     [
...         Account(code="4000", name="Patient revenue", type=AccountType.REVENUE),
...         Account(code="6100", name="Supplies", type=AccountType.EXPENSE),
...         Account(code="1000", name="Cash", type=AccountType.ASSET),
...     ]
... )
>>> b = Budget(name="b", fiscal_year=2026, currency="USD", calendar=FiscalCalendar())
>>> b = b.set("4000", 1, Money.of("5000.00", "USD")).set("6100", 1, Money.of("1000.00", "USD"))
>>> sale = Transaction(
...     id="D1",
...     on=date(2026, 1, 30),
...     legs=(
...         Leg(account="1000", amount=Money.of("5400.00", "USD")),
...         Leg(account="4000", amount=Money.of("-5400.00", "USD")),
...     ),
... )
>>> buy = Transaction(
...     id="I1",
...     on=date(2026, 1, 9),
...     legs=(
...         Leg(account="6100", amount=Money.of("1200.00", "USD")),
...         Leg(account="1000", amount=Money.of("-1200.00", "USD")),
...     ),
... )
>>> actuals = aggregate([*sale.postings(), *buy.postings()], b.calendar, 2026, "USD")
>>> pnl = profit_and_loss(b, actuals, chart)
>>> [line.account for line in pnl.lines()]
['4000', '6100']
>>> pnl.net_income.budget, pnl.net_income.actual, pnl.net_income.variance
(Money('4000.00', 'USD'), Money('4200.00', 'USD'), Money('200.00', 'USD'))
>>> report = budget_vs_actual(b, actuals, chart)
>>> [(row.account, row.variance) for row in largest_variances(report, 1)]
[('4000', Money('400.00', 'USD'))]
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from typing import Final, final

import attrs

from medoffice.budget._accounts import AccountType, ChartOfAccounts
from medoffice.budget._budget import Budget, CellKey
from medoffice.budget._dimensions import Dimensions
from medoffice.budget._ledger import Actuals
from medoffice.budget._variance import VarianceReport, VarianceRow, budget_vs_actual
from medoffice.kernel import Currency, InvalidArgument, Money

__all__ = ["PnlLine", "PnlTotal", "ProfitAndLoss", "largest_variances", "profit_and_loss"]

_NO_DIMENSIONS: Final = Dimensions()


def _money_or_none(money: Money | None) -> str | None:
    return None if money is None else str(money.amount)


@final
@attrs.frozen(kw_only=True)
class PnlLine:
    """One account of the statement, including its descendants; ``depth`` 0 is a root."""

    account: str
    name: str
    type: AccountType
    depth: int
    budget: Money | None
    actual: Money
    variance: Money
    favourable: bool | None

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready mapping (amounts as decimal strings, an unset budget as null)."""
        return {
            "account": self.account,
            "name": self.name,
            "type": self.type.value,
            "depth": self.depth,
            "budget": _money_or_none(self.budget),
            "actual": str(self.actual.amount),
            "variance": str(self.variance.amount),
            "favourable": self.favourable,
        }


@final
@attrs.frozen(kw_only=True)
class PnlTotal:
    """A total of the statement: budget (unset counts zero), actual and their difference.

    ``favourable`` is None when actual equals budget; for revenue and net income a positive
    variance is favourable, for expenses a negative one.
    """

    label: str
    budget: Money
    actual: Money
    variance: Money
    favourable: bool | None

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready mapping (amounts as decimal strings)."""
        return {
            "budget": str(self.budget.amount),
            "actual": str(self.actual.amount),
            "variance": str(self.variance.amount),
            "favourable": self.favourable,
        }


def _total(
    label: str, budget: int, actual: int, currency: Currency, *, over_good: bool
) -> PnlTotal:
    variance = actual - budget
    favourable = None if variance == 0 else (variance > 0) is over_good
    return PnlTotal(
        label=label,
        budget=Money.from_minor_units(budget, currency),
        actual=Money.from_minor_units(actual, currency),
        variance=Money.from_minor_units(variance, currency),
        favourable=favourable,
    )


@final
@attrs.frozen(kw_only=True)
class ProfitAndLoss:
    """An income statement over periods ``first_period`` to ``last_period`` of one budget."""

    budget_name: str
    fiscal_year: int
    currency: Currency
    first_period: int
    last_period: int
    revenue: tuple[PnlLine, ...]
    expense: tuple[PnlLine, ...]
    total_revenue: PnlTotal
    total_expense: PnlTotal
    net_income: PnlTotal

    def lines(self) -> Iterator[PnlLine]:
        """Revenue lines, then expense lines, each section in chart order (depth first)."""
        yield from self.revenue
        yield from self.expense

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready mapping of the whole statement."""
        return {
            "budget": self.budget_name,
            "fiscal_year": self.fiscal_year,
            "currency": self.currency.code,
            "periods": {"first": self.first_period, "last": self.last_period},
            "revenue": {
                "lines": [line.to_dict() for line in self.revenue],
                "total": self.total_revenue.to_dict(),
            },
            "expense": {
                "lines": [line.to_dict() for line in self.expense],
                "total": self.total_expense.to_dict(),
            },
            "net_income": self.net_income.to_dict(),
        }


def _in_range(cells: dict[CellKey, int], first: int) -> dict[CellKey, int]:
    return {k: v for k, v in cells.items() if k[2] >= first}


def _depth_first(chart: ChartOfAccounts, kind: AccountType) -> Iterator[tuple[str, int]]:
    for root in chart.roots():
        if chart[root].type is not kind:
            continue
        yield root, 0
        for code in chart.descendants(root):
            yield code, len(chart.ancestors(code))


def profit_and_loss(
    budget: Budget,
    actuals: Actuals,
    chart: ChartOfAccounts,
    *,
    first_period: int = 1,
    last_period: int | None = None,
    within: Dimensions | None = None,
) -> ProfitAndLoss:
    """The income statement of ``budget`` against ``actuals`` over a range of periods.

    Periods are numbered from 1; ``last_period`` defaults to the last period of the year. Each
    account's line includes its descendants (an inclusive parent line replaces its children's
    lines, as in :meth:`~medoffice.budget.VarianceReport.roll_up`). Accounts with neither a
    budget nor an actual in the range are left out; totals count each root once.

    ``within`` restricts the statement to one slice (say ``Dimensions(cost_centre="CLINIC")``):
    the cells tagged with its values count, whatever other dimensions they carry. The actuals
    must then have been aggregated keeping the slice's dimensions.
    """
    count = len(budget.calendar.periods(budget.fiscal_year))
    last = count if last_period is None else last_period
    if not 1 <= first_period <= last <= count:
        raise InvalidArgument(
            f"the periods must satisfy 1 <= first ({first_period}) <= last ({last}) <= {count}"
        )
    full = budget_vs_actual(budget, actuals, chart, through_period=last)
    if within is not None:
        full = full.where(within)
    ranged = VarianceReport(
        currency=full.currency,
        chart=chart,
        materiality=None,
        budget_units=_in_range(dict(full.budget_units), first_period),
        actual_units=_in_range(dict(full.actual_units), first_period),
        inclusive=frozenset(k for k in full.inclusive if k[2] >= first_period),
    )
    rolled = ranged.roll_up(over_periods=True, tree=True)
    cells = rolled.cells
    currency = budget.currency
    sections: dict[AccountType, list[PnlLine]] = {}
    sums: dict[AccountType, tuple[int, int]] = {}
    roots = set(chart.roots())
    for kind in (AccountType.REVENUE, AccountType.EXPENSE):
        found: list[PnlLine] = []
        total_budget = total_actual = 0
        for code, depth in _depth_first(chart, kind):
            cell = cells.get((code, _NO_DIMENSIONS, 0))
            if cell is None:
                continue
            b, a, v, favourable, _ = cell
            if code in roots:
                total_budget += b or 0
                total_actual += a
            found.append(
                PnlLine(
                    account=code,
                    name=chart[code].name,
                    type=kind,
                    depth=depth,
                    budget=None if b is None else Money.from_minor_units(b, currency),
                    actual=Money.from_minor_units(a, currency),
                    variance=Money.from_minor_units(v, currency),
                    favourable=favourable,
                )
            )
        sections[kind] = found
        sums[kind] = (total_budget, total_actual)
    (rev_b, rev_a), (exp_b, exp_a) = sums[AccountType.REVENUE], sums[AccountType.EXPENSE]
    return ProfitAndLoss(
        budget_name=budget.name,
        fiscal_year=budget.fiscal_year,
        currency=currency,
        first_period=first_period,
        last_period=last,
        revenue=tuple(sections[AccountType.REVENUE]),
        expense=tuple(sections[AccountType.EXPENSE]),
        total_revenue=_total("total revenue", rev_b, rev_a, currency, over_good=True),
        total_expense=_total("total expense", exp_b, exp_a, currency, over_good=False),
        net_income=_total("net income", rev_b - exp_b, rev_a - exp_a, currency, over_good=True),
    )


def largest_variances(report: VarianceReport, n: int) -> tuple[VarianceRow, ...]:
    """The ``n`` rows of ``report`` with the largest absolute variance, largest first.

    Only revenue and expense accounts of the chart count, and only cells off budget; ties go to
    the lower account code, then dimensions, then period.
    """
    if type(n) is not int or n < 0:
        raise InvalidArgument("the number of variances to list is a whole number, 0 or more")
    chart = report.chart
    operating = {a.code for a in chart if a.type.budgeted}
    cells = report.cells
    candidates = (k for k, cell in cells.items() if k[0] in operating and cell[2] != 0)
    chosen = heapq.nsmallest(
        n, candidates, key=lambda k: (-abs(cells[k][2]), k[0], k[1].sort_key(), k[2])
    )
    return tuple(report.row(account, period, dims) for account, dims, period in chosen)
