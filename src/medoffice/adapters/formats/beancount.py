"""Export a budget as beancount ``custom "budget"`` entries, the budgets fava reads.

fava's budget directive is ``DATE custom "budget" ACCOUNT "INTERVAL" AMOUNT CURRENCY``: the
budget holds from its date until the next directive for the same account, and fava spreads each
interval's amount over its days. So a monthly calendar starting on the 1st exports one
``"monthly"`` entry per period; any other calendar (4-4-5, 4-5-4, 13 periods, a mid-month start)
exports ``"daily"`` entries whose days are the exact largest-remainder split of the period, one
entry each time the daily figure changes, so fava's sums match the budget to the minor unit.

Budgets are in natural sign; income and liability budgets are exported negative, as beancount
keeps those balances. beancount has no "unset" budget: an unset period exports as zero with a
comment saying so, and a zero entry the day after the year ends stops the budget running on into
the next year. Budget dimensions are summed, or kept as a sub-account component with ``by=``.

More information: fava's budget help (https://beancount.github.io/fava/usage.html, "Budgets");
beancount's custom directive (https://beancount.github.io/docs/beancount_language_syntax.html).

>>> from medoffice.budget import Account, Budget, ChartOfAccounts, FiscalCalendar, Flat
>>> from medoffice.kernel import Money
>>> chart = ChartOfAccounts.of([Account(code="6100", name="Supplies", type="expense")])
>>> budget = Budget(name="b", fiscal_year=2026, currency="USD", calendar=FiscalCalendar())
>>> text = to_beancount(budget.with_phased("6100", Money.of("14400.00", "USD"), Flat()), chart)
>>> print(text.splitlines()[1])
2026-01-01 custom "budget" Expenses:6100-Supplies "monthly" 1200.00 USD
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Final

from medoffice.budget._accounts import AccountType, ChartOfAccounts
from medoffice.budget._budget import Budget
from medoffice.budget._calendar import FiscalPeriod, PeriodPattern
from medoffice.budget._dimensions import Dimension
from medoffice.kernel import InvalidArgument, Money

__all__ = ["beancount_account", "to_beancount", "write_beancount"]

_ROOTS: Final = {
    AccountType.REVENUE: "Income",
    AccountType.EXPENSE: "Expenses",
    AccountType.ASSET: "Assets",
    AccountType.LIABILITY: "Liabilities",
}
_NOT_ALLOWED: Final = re.compile(r"[^A-Za-z0-9]+")
_COMPONENT: Final = re.compile(r"[A-Z0-9][A-Za-z0-9-]*")


def _component(text: str) -> str:
    words = [w for w in _NOT_ALLOWED.split(text) if w]
    joined = "".join(w[:1].upper() + w[1:] for w in words)
    if not joined or not _COMPONENT.fullmatch(joined):
        raise InvalidArgument("a name gives no valid beancount account component")
    return joined


def beancount_account(chart: ChartOfAccounts, code: str) -> str:
    """``Expenses:6000-Supplies:6100-MedicalSupplies``: root by type, then the tree path."""
    path = [*reversed(chart.ancestors(code)), code]
    parts = [f"{_component(c)}-{_component(chart[c].name)}" for c in path]
    return ":".join([_ROOTS[chart[code].type], *parts])


def _credit_normal(chart: ChartOfAccounts, code: str) -> bool:
    return code in chart and chart[code].type.credit_normal


def _is_calendar_monthly(budget: Budget) -> bool:
    cal = budget.calendar
    return cal.pattern is PeriodPattern.MONTHLY and cal.start_day == 1


def _entries_for(
    account: str,
    periods: tuple[FiscalPeriod, ...],
    amounts: Mapping[int, Money | None],
    *,
    monthly: bool,
) -> list[str]:
    lines: list[str] = []
    last_daily: Money | None = None
    for period in periods:
        amount = amounts.get(period.number)
        if amount is None:
            lines.append(f"; {period.label} {account} unset")
            cur = next(a for a in amounts.values() if a is not None).currency
            amount = Money.zero(cur)
        if monthly:
            lines.append(
                f'{period.days.first.isoformat()} custom "budget" {account} "monthly" '
                f"{amount.amount} {amount.currency.code}"
            )
            continue
        for day, share in zip(period.days, amount.split(period.days.days), strict=True):
            if share != last_daily:
                lines.append(
                    f'{day.isoformat()} custom "budget" {account} "daily" '
                    f"{share.amount} {share.currency.code}"
                )
                last_daily = share
    return lines


def to_beancount(
    budget: Budget,
    chart: ChartOfAccounts,
    *,
    by: Dimension | None = None,
    account_names: Mapping[str, str] | None = None,
) -> str:
    """The budget as beancount text; ``account_names`` overrides the generated names."""
    names = dict(account_names or {})
    totals: dict[tuple[str, str | None], dict[int, Money | None]] = {}
    for line in budget.lines:
        key = (line.account, line.dimensions.get(by) if by else None)
        cells = totals.setdefault(key, {})
        if line.amount is not None:
            # beancount keeps credit-normal balances (income, liabilities) negative.
            signed = -line.amount if _credit_normal(chart, line.account) else line.amount
            before = cells.get(line.period)
            cells[line.period] = signed if before is None else before + signed
        else:
            cells.setdefault(line.period, None)
    periods = budget.calendar.periods(budget.fiscal_year)
    after = periods[-1].days.last + timedelta(days=1)
    monthly = _is_calendar_monthly(budget)
    out = [f"; medoffice budget {budget.name} ({budget.kind}) FY{budget.fiscal_year}"]
    for (code, slice_value), cells in sorted(
        totals.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")
    ):
        if all(v is None for v in cells.values()):
            continue
        account = names.get(code) or beancount_account(chart, code)
        if slice_value is not None:
            account = f"{account}:{_component(slice_value)}"
        out.extend(_entries_for(account, periods, cells, monthly=monthly))
        out.append(
            f'{after.isoformat()} custom "budget" {account} "daily" '
            f"{Money.zero(budget.currency).amount} {budget.currency.code}"
        )
    return "\n".join(out) + "\n"


def write_beancount(
    budget: Budget,
    chart: ChartOfAccounts,
    path: str | os.PathLike[str],
    *,
    by: Dimension | None = None,
) -> Path:
    """Write :func:`to_beancount` to ``path`` (UTF-8) and return it as a :class:`~pathlib.Path`."""
    path = Path(path)
    path.write_text(to_beancount(budget, chart, by=by), encoding="utf-8")
    return path
