"""Roll-ups over the account tree, with lines inclusive or exclusive of children.

An exclusive line (the default) budgets postings to its own account; an *inclusive* line budgets
the account's whole subtree, and the children's own lines are detail within it. Rolling up the
tree therefore gives each account its own actuals plus its descendants', and its budget as either
its inclusive line or its own exclusive line plus its children's rolled budgets, so an inclusive
parent is never added to its children's lines.

More information: CIMA Official Terminology (responsibility accounting and roll-ups).

>>> from medoffice.budget import Account, ChartOfAccounts, Dimensions
>>> chart = ChartOfAccounts.of(
...     [
...         Account(code="6000", name="Supplies", type="expense"),
...         Account(code="6100", name="Medical", type="expense", parent="6000"),
...     ]
... )
>>> none = Dimensions()
>>> budget, actual = roll_tree(
...     chart,
...     {("6000", none, 1): 200, ("6100", none, 1): 150},
...     {("6100", none, 1): 170},
...     frozenset({("6000", none, 1)}),
... )
>>> budget[("6000", none, 1)], actual[("6000", none, 1)]
(200, 170)
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from medoffice.budget._accounts import ChartOfAccounts
from medoffice.budget._budget import CellKey
from medoffice.budget._dimensions import Dimensions

__all__ = ["effective_actual", "roll_tree"]

_Memo = dict[str, tuple[int | None, int]]


def effective_actual(
    chart: ChartOfAccounts, actual: Mapping[CellKey, int], inclusive: frozenset[CellKey]
) -> dict[CellKey, int]:
    """Actuals with each inclusive cell holding its subtree's actuals too."""
    result = dict(actual)
    for key in inclusive:
        account, dims, period = key
        result[key] = result.get(key, 0) + sum(
            actual.get((child, dims, period), 0) for child in chart.descendants(account)
        )
    return result


def roll_tree(
    chart: ChartOfAccounts,
    budget: Mapping[CellKey, int],
    actual: Mapping[CellKey, int],
    inclusive: frozenset[CellKey],
) -> tuple[dict[CellKey, int], dict[CellKey, int]]:
    """Budgets and actuals of each account with its descendants (see the module docstring)."""
    tree = _Tree(chart=chart, budget=budget, actual=actual, inclusive=inclusive)
    groups = {(d, p) for _, d, p in (*budget, *actual)}
    rolled_budget: dict[CellKey, int] = {}
    rolled_actual: dict[CellKey, int] = {}
    for account, dims, period in (*budget, *actual):
        if account not in chart:  # outside the chart: no tree to roll
            key = (account, dims, period)
            if key in budget:
                rolled_budget[key] = budget[key]
            rolled_actual[key] = actual.get(key, 0)
    for dims, period in groups:
        memo: _Memo = {}
        for root in chart.roots():
            tree.walk(root, dims, period, memo)
        for code, (b, a) in memo.items():
            key = (code, dims, period)
            if b is not None:
                rolled_budget[key] = b
            if a or b is not None:
                rolled_actual[key] = a
    return rolled_budget, rolled_actual


@attrs.frozen(kw_only=True)
class _Tree:
    chart: ChartOfAccounts
    budget: Mapping[CellKey, int]
    actual: Mapping[CellKey, int]
    inclusive: frozenset[CellKey]

    def walk(self, code: str, dims: Dimensions, period: int, memo: _Memo) -> tuple[int | None, int]:
        key = (code, dims, period)
        kids = [self.walk(child, dims, period, memo) for child in self.chart.children(code)]
        own_actual = self.actual.get(key, 0) + sum(k[1] for k in kids)
        if key in self.inclusive:
            result = (self.budget.get(key), own_actual)
        else:
            parts = [b for b in (self.budget.get(key), *(k[0] for k in kids)) if b is not None]
            result = (sum(parts) if parts else None, own_actual)
        memo[code] = result
        return result
