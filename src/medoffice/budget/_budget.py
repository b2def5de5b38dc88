"""Budgets: versions of planned amounts by account x dimensions x period.

A budget belongs to one fiscal year and one currency and comes in versions: the ``original``
adopted before the year, ``revised`` versions during it, and ``scenario`` versions for what-ifs.
Each line is one cell: an account, its dimensions, a period and an amount. A cell whose amount is
``None`` is *unset* (nobody has budgeted it yet), which is not the same as a budget of zero (a
decision to spend nothing). A line is either exclusive of the account's children (the default: it
budgets postings to that account itself) or inclusive of them (it budgets the whole subtree, and
the children's own lines are detail within it). Every cell may carry a note.

More information: GFOA, Best Practices in Budgeting (https://www.gfoa.org/budgeting).

>>> from medoffice.budget import FiscalCalendar, Flat
>>> b = Budget(name="2026", fiscal_year=2026, currency="USD", calendar=FiscalCalendar())
>>> b = b.with_phased("6100", Money.of("1200.00", "USD"), Flat())
>>> b.amount("6100", 1), b.amount("6200", 1)
(Money('100.00', 'USD'), None)
>>> b.set("6200", 1, Money.zero("USD"), note="no travel in January").amount("6200", 1)
Money('0.00', 'USD')
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from typing import Final, final

import attrs

from medoffice.budget._accounts import ChartOfAccounts
from medoffice.budget._calendar import FiscalCalendar
from medoffice.budget._dimensions import Dimensions
from medoffice.budget._phasing import PhasingMethod, phase
from medoffice.kernel import (
    Currency,
    CurrencyMismatch,
    Finding,
    InvalidArgument,
    InvalidValue,
    Money,
    Report,
    Severity,
)

__all__ = ["Budget", "BudgetLine", "CellKey", "VersionKind", "check_budget"]

CellKey = tuple[str, Dimensions, int]
"""(account, dimensions, period number): one cell of a budget."""

_NO_DIMENSIONS: Final = Dimensions()


@final
class VersionKind(enum.StrEnum):
    """Which kind of version a budget is."""

    ORIGINAL = "original"
    REVISED = "revised"
    SCENARIO = "scenario"


def _optional_money(given: Money | None) -> Money | None:
    value: object = given  # checked at run time: not every caller is type-checked
    if value is None or isinstance(value, Money):
        return value
    raise InvalidValue("a budget amount is Money or None (unset)")


@final
@attrs.frozen(kw_only=True)
class BudgetLine:
    """One budget cell; ``amount=None`` is unset, which differs from zero."""

    account: str
    period: int
    amount: Money | None = attrs.field(default=None, converter=_optional_money)
    dimensions: Dimensions = _NO_DIMENSIONS
    include_children: bool = False
    note: str | None = None

    @property
    def key(self) -> CellKey:
        """The cell this line fills."""
        return (self.account, self.dimensions, self.period)

    @property
    def is_set(self) -> bool:
        """Whether an amount (zero included) has been budgeted."""
        return self.amount is not None


def _currency(value: Currency | str) -> Currency:
    return value if isinstance(value, Currency) else Currency.of(value)


def _lines(value: Iterable[BudgetLine]) -> tuple[BudgetLine, ...]:
    return tuple(value)


@final
@attrs.frozen(kw_only=True)
class Budget:
    """A budget version: lines for one fiscal year in one currency."""

    name: str
    fiscal_year: int
    currency: Currency = attrs.field(converter=_currency)
    calendar: FiscalCalendar
    kind: VersionKind = attrs.field(default=VersionKind.ORIGINAL, converter=VersionKind)
    lines: tuple[BudgetLine, ...] = attrs.field(default=(), converter=_lines)
    _index: Mapping[CellKey, BudgetLine] = attrs.field(init=False, eq=False, repr=False)
    _units: Mapping[CellKey, int] = attrs.field(init=False, eq=False, repr=False)
    _inclusive: frozenset[CellKey] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        periods = len(self.calendar.periods(self.fiscal_year))
        index: dict[CellKey, BudgetLine] = {}
        for line in self.lines:
            if not 1 <= line.period <= periods:
                raise InvalidArgument(f"period {line.period} is outside 1..{periods}")
            if line.amount is not None and line.amount.currency != self.currency:
                raise CurrencyMismatch(
                    f"a {self.currency.code} budget cannot hold {line.amount.currency.code}"
                )
            if line.key in index:
                raise InvalidArgument(
                    f"two lines for account {line.account} period {line.period} "
                    "with the same dimensions"
                )
            index[line.key] = line
        object.__setattr__(self, "_index", index)
        units = {k: line.amount.minor_units for k, line in index.items() if line.amount is not None}
        object.__setattr__(self, "_units", units)
        inclusive = frozenset(k for k, line in index.items() if line.include_children)
        object.__setattr__(self, "_inclusive", inclusive)

    # -- reading -------------------------------------------------------------------------------

    def line(
        self, account: str, period: int, dimensions: Dimensions = _NO_DIMENSIONS
    ) -> BudgetLine | None:
        """The line of one cell, or ``None`` when there is none."""
        return self._index.get((account, dimensions, period))

    def amount(
        self, account: str, period: int, dimensions: Dimensions = _NO_DIMENSIONS
    ) -> Money | None:
        """The budgeted amount of one cell; ``None`` when unset."""
        found = self._index.get((account, dimensions, period))
        return None if found is None else found.amount

    def units(self) -> dict[CellKey, int]:
        """Every set cell as integer minor units (the fast path for reports)."""
        return dict(self._units)

    def inclusive_cells(self) -> frozenset[CellKey]:
        """The cells whose line includes the account's children."""
        return self._inclusive

    def total(self, account: str | None = None) -> Money:
        """The sum of set cells, for one account or all."""
        return Money.sum(
            (
                line.amount
                for line in self.lines
                if line.amount is not None and account in {None, line.account}
            ),
            currency=self.currency,
        )

    # -- changing (each returns a new budget) --------------------------------------------------

    def set(
        self,
        account: str,
        period: int,
        amount: Money | None,
        *,
        dimensions: Dimensions = _NO_DIMENSIONS,
        include_children: bool | None = None,
        note: str | None = None,
    ) -> Budget:
        """A copy with one cell set (``None`` unsets it; an existing note is kept unless given)."""
        old = self._index.get((account, dimensions, period))
        new = BudgetLine(
            account=account,
            period=period,
            amount=amount,
            dimensions=dimensions,
            include_children=(
                include_children
                if include_children is not None
                else (old.include_children if old else False)
            ),
            note=note if note is not None else (old.note if old else None),
        )
        return self._replace({new.key: new})

    def with_note(
        self, account: str, period: int, note: str, *, dimensions: Dimensions = _NO_DIMENSIONS
    ) -> Budget:
        """A copy with a note on one cell (an unset cell stays unset)."""
        old = self._index.get((account, dimensions, period))
        line = (
            attrs.evolve(old, note=note)
            if old
            else BudgetLine(account=account, period=period, dimensions=dimensions, note=note)
        )
        return self._replace({line.key: line})

    def with_phased(
        self,
        account: str,
        annual: Money,
        method: PhasingMethod,
        *,
        dimensions: Dimensions = _NO_DIMENSIONS,
        include_children: bool = False,
    ) -> Budget:
        """A copy with ``annual`` phased over the year's periods for one account."""
        parts = phase(annual, self.calendar.periods(self.fiscal_year), method)
        new = {
            (account, dimensions, number): BudgetLine(
                account=account,
                period=number,
                amount=part,
                dimensions=dimensions,
                include_children=include_children,
            )
            for number, part in enumerate(parts, start=1)
        }
        return self._replace(new)

    def with_amounts(self, changes: Mapping[CellKey, Money | None]) -> Budget:
        """A copy with many cells set at once (notes and inclusiveness kept)."""
        new: dict[CellKey, BudgetLine] = {}
        for key, amount in changes.items():
            account, dimensions, period = key
            old = self._index.get(key)
            new[key] = (
                attrs.evolve(old, amount=amount)
                if old
                else BudgetLine(
                    account=account, period=period, amount=amount, dimensions=dimensions
                )
            )
        return self._replace(new)

    def series(self, account: str, dimensions: Dimensions | None = None) -> tuple[Money, ...]:
        """One amount per period for an account; unset counts zero.

        With ``dimensions``, the cells in that slice are summed (a cell also tagged with other
        dimensions counts, see :meth:`Dimensions.within`); without, every cell of the account.
        """
        units = [0] * len(self.calendar.periods(self.fiscal_year))
        for (a, dims, period), value in self._units.items():
            if a == account and (dimensions is None or dims.within(dimensions)):
                units[period - 1] += value
        return tuple(Money.from_minor_units(u, self.currency) for u in units)

    def version(self, name: str, kind: VersionKind | str) -> Budget:
        """A new version (revised or scenario) starting from this one's lines."""
        return attrs.evolve(self, name=name, kind=VersionKind(kind))

    def _replace(self, new: Mapping[CellKey, BudgetLine]) -> Budget:
        merged = dict(self._index)
        merged.update(new)
        return attrs.evolve(self, lines=tuple(merged.values()))

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready mapping (amounts as strings, unset as ``null``)."""
        return {
            "name": self.name,
            "fiscal_year": self.fiscal_year,
            "currency": self.currency.code,
            "kind": self.kind.value,
            "lines": [
                {
                    "account": line.account,
                    "period": line.period,
                    "amount": None if line.amount is None else str(line.amount.amount),
                    "dimensions": line.dimensions.to_dict(),
                    "include_children": line.include_children,
                    "note": line.note,
                }
                for line in self.lines
            ],
        }


def check_budget(budget: Budget, chart: ChartOfAccounts) -> Report:
    """Findings on a budget against its chart.

    ``BUD-LINE-001`` a line names an account that is not in the chart (error);
    ``BUD-LINE-002`` an inclusive line is smaller than its children's lines in the same cell
    (warning); ``BUD-LINE-003`` a line is inclusive on an account without children (info).
    """
    findings: list[Finding] = []
    for i, line in enumerate(budget.lines):
        path = f"lines[{i}]"
        if line.account not in chart:
            findings.append(
                Finding(
                    rule="BUD-LINE-001",
                    severity=Severity.ERROR,
                    message="the line's account is not in the chart of accounts",
                    path=f"{path}.account",
                    value=line.account,
                )
            )
            continue
        if not line.include_children:
            continue
        below = chart.descendants(line.account)
        if not below:
            findings.append(
                Finding(
                    rule="BUD-LINE-003",
                    severity=Severity.INFO,
                    message="the line includes children but the account has none",
                    path=f"{path}.include_children",
                )
            )
            continue
        if line.amount is None:
            continue
        detail = sum(
            (a.minor_units for c in below if (a := budget.amount(c, line.period, line.dimensions))),
            0,
        )
        if detail > line.amount.minor_units:
            findings.append(
                Finding(
                    rule="BUD-LINE-002",
                    severity=Severity.WARNING,
                    message="the children's lines add up to more than the inclusive line",
                    path=f"{path}.amount",
                    value=str(line.amount.amount),
                )
            )
    return Report.of(findings)
