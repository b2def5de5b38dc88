"""Budget versus actual: variance by cell, materiality, and roll-ups over dimensions and accounts.

Budgets are stated in natural sign (revenue and expense both as positive amounts, as a manager
writes them); actuals come from debit-positive postings, so credit-normal accounts (revenue,
liabilities) have their actuals negated before comparing. For each cell the variance is
``actual - budget`` (an unset budget counts as zero but is shown as
unset); the percentage is the variance over the absolute budget, to hundredths of a percent, half
to even; the variance is *favourable* when revenue (or an asset) comes in above budget or an
expense (or a liability) below it. A variance is *material* when it passes both thresholds of
the :class:`Materiality` given (an absolute amount and a percentage), as auditors and boards set
them.

Everything is computed on integer minor units; :class:`~medoffice.kernel.Money` is built only for
the rows asked for, so 200 accounts x 20 cost centres x 12 periods take a few milliseconds.

Roll-ups keep chosen dimensions and sum the rest, sum periods into the year (period ``0``), or
roll account trees up to their ancestors. A parent's line marked *inclusive of children* budgets
the whole subtree: in detail it is compared with the subtree's actuals, and in a tree roll-up it
replaces the children's lines instead of adding to them.

Rule ids: ``BUD-VAR-001`` a material unfavourable variance (warning); ``BUD-VAR-002`` actuals in
a cell with no budget (warning).

More information: CIMA Official Terminology (variance analysis, favourable and adverse);
IAASB ISA 320, Materiality in Planning and Performing an Audit (https://www.iaasb.org).

>>> from medoffice.budget import (
...     Account,
...     AccountType,
...     Budget,
...     ChartOfAccounts,
...     FiscalCalendar,
...     Flat,
...     Leg,
...     Transaction,
...     aggregate,
... )
>>> chart = ChartOfAccounts.of([Account(code="6100", name="Supplies", type=AccountType.EXPENSE)])
>>> b = Budget(name="b", fiscal_year=2026, currency="USD", calendar=FiscalCalendar())
>>> b = b.set("6100", 1, Money.of("1000.00", "USD"))
>>> t = Transaction(
...     id="T",
...     on=date(2026, 1, 9),
...     legs=(
...         Leg(account="6100", amount=Money.of("1200.00", "USD")),
...         Leg(account="1000", amount=Money.of("-1200.00", "USD")),
...     ),
... )
>>> report = budget_vs_actual(
...     b,
...     aggregate(t.postings(), b.calendar, 2026, "USD"),
...     chart,
...     materiality=Materiality(amount=Money.of("100.00", "USD"), percent=Decimal("10")),
... )
>>> row = report.row("6100", 1)
>>> row.variance, row.percent, row.favourable, row.material
(Money('200.00', 'USD'), Decimal('20.00'), False, True)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from decimal import Decimal
from itertools import repeat
from operator import and_, ge, gt, itemgetter, lt, sub
from typing import Any, Final, final

import attrs

from medoffice.budget._accounts import AccountType, ChartOfAccounts
from medoffice.budget._budget import Budget, CellKey
from medoffice.budget._dimensions import Dimension, Dimensions
from medoffice.budget._ledger import Actuals
from medoffice.budget._rollup import effective_actual, roll_tree
from medoffice.kernel import (
    Currency,
    CurrencyMismatch,
    Finding,
    InvalidArgument,
    Money,
    Report,
    Severity,
)

__all__ = ["Materiality", "VarianceReport", "VarianceRow", "budget_vs_actual"]

_NO_DIMENSIONS: Final = Dimensions()
_Cell = tuple[int | None, int, int, bool | None, bool]
# (budget or None when unset, actual, variance, favourable, material)


# (sign of the variance, whether over budget is good) -> favourable, None when on budget.
_VERDICT: Final = {
    (1, True): True,
    (1, False): False,
    (-1, True): False,
    (-1, False): True,
    (0, True): None,
    (0, False): None,
}


@final
@attrs.frozen(kw_only=True)
class Materiality:
    """A variance is material when it reaches ``amount`` and ``percent`` (either may be None)."""

    amount: Money | None = None
    percent: Decimal | None = None


@final
@attrs.frozen(kw_only=True)
class VarianceRow:
    """One cell of a budget-versus-actual report; period 0 is the whole year."""

    account: str
    dimensions: Dimensions
    period: int
    budget: Money | None
    actual: Money
    variance: Money
    percent: Decimal | None
    favourable: bool | None
    material: bool

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready mapping."""
        return {
            "account": self.account,
            "dimensions": self.dimensions.to_dict(),
            "period": self.period,
            "budget": None if self.budget is None else str(self.budget.amount),
            "actual": str(self.actual.amount),
            "variance": str(self.variance.amount),
            "percent": None if self.percent is None else str(self.percent),
            "favourable": self.favourable,
            "material": self.material,
        }


def _half_even_div(numerator: int, denominator: int) -> int:
    quotient, remainder = divmod(numerator, denominator)
    twice = 2 * remainder
    if twice > denominator or (twice == denominator and quotient % 2):
        quotient += 1
    return quotient


@final
@attrs.frozen(kw_only=True)
class VarianceReport:
    """Budget versus actual for a set of cells, computed on integer minor units."""

    currency: Currency
    chart: ChartOfAccounts
    materiality: Materiality | None
    budget_units: Mapping[CellKey, int]
    actual_units: Mapping[CellKey, int]
    inclusive: frozenset[CellKey] = frozenset()
    tree_rolled: bool = False
    # Results are kept as columns (plain lists) with a key -> position index rather than one
    # tuple per cell: tens of thousands of small tuples would wake the garbage collector, which
    # then walks every object in the process, for nothing.
    _keys: list[CellKey] = attrs.field(init=False, repr=False, eq=False)
    _position: dict[CellKey, int] = attrs.field(init=False, repr=False, eq=False)
    _columns: tuple[list[Any], ...] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        keys, columns = self._compute()
        object.__setattr__(self, "_keys", keys)
        object.__setattr__(self, "_position", dict(zip(keys, range(len(keys)), strict=True)))
        object.__setattr__(self, "_columns", columns)

    @property
    def cells(self) -> dict[CellKey, _Cell]:
        """Every cell as (budget or None, actual, variance, favourable, material), built on use."""
        columns = zip(*self._columns, strict=True)
        return dict(zip(self._keys, columns, strict=True))

    def _compute(self) -> tuple[list[CellKey], tuple[list[Any], ...]]:
        actual = self._effective_actual()
        m = self.materiality
        min_units = abs(m.amount.minor_units) if m and m.amount else 0
        # Percent thresholds are compared by cross-multiplying, so no cell needs a division.
        min_hundredths = int(m.percent * 100) if m and m.percent is not None else None
        over_good = {a.code: a.type.favourable_when_over for a in self.chart}.get
        # Column-wise over the budget cells, every step a C-level map, so 48,000 cells take a few
        # milliseconds; each key is hashed twice (pop from the actuals, insert into the result).
        rest = dict(actual)
        keys = list(self.budget_units)
        budgets = list(self.budget_units.values())
        actuals = list(map(rest.pop, keys, repeat(0)))
        variances = list(map(sub, actuals, budgets))
        signs = map(sub, map(gt, variances, repeat(0)), map(lt, variances, repeat(0)))
        goods = map(over_good, map(itemgetter(0), keys), repeat(False))
        verdicts = map(_VERDICT.__getitem__, zip(signs, goods, strict=True))
        sizes = list(map(abs, variances))
        if m is None:
            material = [False] * len(keys)
        else:
            material = list(map(and_, map(bool, sizes), map(ge, sizes, repeat(min_units))))
            if min_hundredths is not None:
                material = [
                    ok and b != 0 and size * 10000 >= min_hundredths * abs(b)
                    for ok, size, b in zip(material, sizes, budgets, strict=True)
                ]
        column_budgets: list[int | None] = list(budgets)
        column_verdicts: list[bool | None] = list(verdicts)
        for key, a in rest.items():  # actuals where nothing is budgeted: no percentage
            keys.append(key)
            column_budgets.append(None)
            actuals.append(a)
            variances.append(a)
            column_verdicts.append(None if a == 0 else (a > 0) is over_good(key[0], False))
            material.append(
                m is not None and a != 0 and abs(a) >= min_units and min_hundredths is None
            )
        return keys, (column_budgets, actuals, variances, column_verdicts, material)

    def __len__(self) -> int:
        return len(self._keys)

    def row(
        self, account: str, period: int, dimensions: Dimensions = _NO_DIMENSIONS
    ) -> VarianceRow:
        """The row of one cell (zero actual and unset budget when the cell is empty)."""
        key = (account, dimensions, period)
        position = self._position.get(key)
        if position is None:
            return self._row(key, (None, 0, 0, None, False))
        return self._row(key, tuple(column[position] for column in self._columns))

    def _row(self, key: CellKey, cell: _Cell) -> VarianceRow:
        b, a, v, favourable, material = cell
        pct = _half_even_div(v * 10000, abs(b)) if b else None
        cur = self.currency
        return VarianceRow(
            account=key[0],
            dimensions=key[1],
            period=key[2],
            budget=None if b is None else Money.from_minor_units(b, cur),
            actual=Money.from_minor_units(a, cur),
            variance=Money.from_minor_units(v, cur),
            percent=None if pct is None else Decimal(pct).scaleb(-2),
            favourable=favourable,
            material=material,
        )

    def rows(self) -> Iterator[VarianceRow]:
        """Every row, sorted by account, dimensions and period."""
        cells = self.cells
        for key in sorted(cells, key=lambda k: (k[0], k[1].sort_key(), k[2])):
            yield self._row(key, cells[key])

    def totals(self, account_type: AccountType | None = None) -> tuple[Money, Money]:
        """Total budget and actual, each cell counted once, for one account type or all.

        Accounts are rolled up their tree (so an inclusive line is not added to its children's
        lines) and the roots summed; accounts outside the chart count only when no type is given.
        """
        rolled = self if self._is_rolled else self.roll_up(tree=True)
        roots = set(self.chart.roots())
        top = [
            c
            for (account, _, _), c in rolled.cells.items()
            if (account in roots and account_type in {None, self.chart[account].type})
            or (account not in self.chart and account_type is None)
        ]
        return (
            Money.from_minor_units(sum(c[0] or 0 for c in top), self.currency),
            Money.from_minor_units(sum(c[1] for c in top), self.currency),
        )

    @property
    def _is_rolled(self) -> bool:
        return self.tree_rolled

    def findings(self) -> Report:
        """Material unfavourable variances and actuals without a budget."""
        found: list[Finding] = []
        for (account, dims, period), (b, a, _, favourable, material) in self.cells.items():
            path = f"accounts[{account}].periods[{period}]"
            label = ",".join(f"{k}={v}" for k, v in dims.to_dict().items()) or None
            if material and favourable is False:
                found.append(
                    Finding(
                        rule="BUD-VAR-001",
                        severity=Severity.WARNING,
                        message="material unfavourable variance",
                        path=path,
                        value=label,
                    )
                )
            if (
                b is None
                and a != 0
                and (account not in self.chart or self.chart[account].type.budgeted)
            ):
                found.append(
                    Finding(
                        rule="BUD-VAR-002",
                        severity=Severity.WARNING,
                        message="actuals were posted where nothing is budgeted",
                        path=path,
                        value=label,
                    )
                )
        return Report.of(found)

    def where(self, slice_: Dimensions) -> VarianceReport:
        """Only the cells in ``slice_`` (:meth:`Dimensions.within`): ``cost_centre=CLINIC`` keeps
        the clinic's cells, those also tagged with a provider or payer included."""
        if slice_ == _NO_DIMENSIONS:
            return self
        return VarianceReport(
            currency=self.currency,
            chart=self.chart,
            materiality=self.materiality,
            budget_units={k: v for k, v in self.budget_units.items() if k[1].within(slice_)},
            actual_units={k: v for k, v in self.actual_units.items() if k[1].within(slice_)},
            inclusive=frozenset(k for k in self.inclusive if k[1].within(slice_)),
            tree_rolled=self.tree_rolled,
        )

    def roll_up(
        self,
        *,
        keep: Iterable[Dimension] = (),
        over_periods: bool = False,
        tree: bool = False,
    ) -> VarianceReport:
        """A coarser report: only the ``keep`` dimensions; periods summed into period 0 when
        ``over_periods``; each account including its descendants when ``tree``."""
        kept = frozenset(Dimension(d) for d in keep)
        if tree:
            budget, actual = self._tree()
        else:
            # Inclusive cells are settled first (their subtree's actuals folded in), so merging
            # cells afterwards cannot mix inclusive and exclusive meanings.
            budget, actual = dict(self.budget_units), self._effective_actual()

        def project(cells: Mapping[CellKey, int]) -> dict[CellKey, int]:
            out: dict[CellKey, int] = {}
            for (account, dims, period), units in cells.items():
                key = (account, dims.keep(kept), 0 if over_periods else period)
                out[key] = out.get(key, 0) + units
            return out

        return VarianceReport(
            currency=self.currency,
            chart=self.chart,
            materiality=self.materiality,
            budget_units=project(budget),
            actual_units=project(actual),
            tree_rolled=tree or self.tree_rolled,
        )

    def _effective_actual(self) -> dict[CellKey, int]:
        return effective_actual(self.chart, self.actual_units, self.inclusive)

    def _tree(self) -> tuple[dict[CellKey, int], dict[CellKey, int]]:
        return roll_tree(self.chart, self.budget_units, self.actual_units, self.inclusive)


def budget_vs_actual(
    budget: Budget,
    actuals: Actuals,
    chart: ChartOfAccounts,
    *,
    transfers: Mapping[CellKey, int] | None = None,
    through_period: int | None = None,
    materiality: Materiality | None = None,
) -> VarianceReport:
    """Compare ``budget`` (plus net ``transfers``) with ``actuals``, optionally up to a period."""
    if actuals.currency != budget.currency:
        raise CurrencyMismatch("the actuals and the budget are in different currencies")
    if actuals.fiscal_year != budget.fiscal_year:
        raise InvalidArgument("the actuals and the budget are for different fiscal years")
    units = budget.units()
    credit = {a.code for a in chart if a.type.credit_normal}
    for key, moved in (transfers or {}).items():
        units[key] = units.get(key, 0) + moved
    actual = (
        {k: (-v if k[0] in credit else v) for k, v in actuals.units.items()}
        if credit
        else dict(actuals.units)
    )
    if through_period is not None:
        units = {k: v for k, v in units.items() if k[2] <= through_period}
        actual = {k: v for k, v in actual.items() if k[2] <= through_period}
    return VarianceReport(
        currency=budget.currency,
        chart=chart,
        materiality=materiality,
        budget_units=units,
        actual_units=actual,
        inclusive=frozenset(
            k for k in budget.inclusive_cells() if through_period is None or k[2] <= through_period
        ),
    )


def through_date(budget: Budget, on: date) -> int:
    """The last period of ``budget``'s year that has started by ``on`` (0 before the year)."""
    periods = budget.calendar.periods(budget.fiscal_year)
    return sum(1 for p in periods if p.days.first <= on)
