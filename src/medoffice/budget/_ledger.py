"""Actuals: balanced transactions, their postings, and aggregation into budget cells.

Every transaction balances per currency exactly, in integer minor units: the debits and credits
of each currency sum to zero, and currencies are never netted against each other (a transaction
may carry USD and CAD legs only if each currency balances on its own). Postings are signed
(positive is a debit): an expense posting is positive, revenue is negative, as in double-entry
ledgers such as beancount.

Aggregation into account x period (optionally x dimensions) runs on integer minor units in plain
dicts and builds :class:`~medoffice.kernel.Money` only for the cells asked for, so a million
postings aggregate in a fraction of a second.

More information: beancount, the double-entry counting method
(https://beancount.github.io/docs/the_double_entry_counting_method.html).

>>> from medoffice.budget import FiscalCalendar
>>> t = Transaction(
...     id="T1",
...     on=date(2026, 1, 5),
...     legs=(
...         Leg(account="6100", amount=Money.of("120.00", "USD")),
...         Leg(account="1000", amount=Money.of("-120.00", "USD")),
...     ),
... )
>>> check_transaction(t).ok
True
>>> actuals = aggregate(t.postings(), FiscalCalendar(), 2026, "USD")
>>> actuals.amount("6100", 1)
Money('120.00', 'USD')
"""

from __future__ import annotations

import operator
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from typing import Final, final

import attrs

from medoffice.budget._calendar import FiscalCalendar
from medoffice.budget._dimensions import Dimension, Dimensions
from medoffice.kernel import (
    Currency,
    CurrencyMismatch,
    Finding,
    InvalidValue,
    Money,
    Report,
    Severity,
)

__all__ = ["Actuals", "Leg", "Posting", "Transaction", "aggregate", "check_transaction"]

_NO_DIMENSIONS: Final = Dimensions()


def _money(given: Money) -> Money:
    value: object = given  # checked at run time: not every caller is type-checked
    if not isinstance(value, Money):
        raise InvalidValue(f"an amount is Money, not {type(value).__name__}")
    return value


@final
@attrs.frozen(kw_only=True)
class Leg:
    """One leg of a transaction: an account, a signed amount and its dimensions."""

    account: str
    amount: Money = attrs.field(converter=_money)
    dimensions: Dimensions = _NO_DIMENSIONS


def _legs(value: Iterable[Leg]) -> tuple[Leg, ...]:
    return tuple(value)


@final
@attrs.frozen(kw_only=True)
class Transaction:
    """A dated set of legs; :func:`check_transaction` says whether it balances."""

    id: str
    on: date
    legs: tuple[Leg, ...] = attrs.field(converter=_legs)

    def imbalance(self) -> dict[str, int]:
        """Minor units by which each currency fails to balance (empty when balanced)."""
        sums: dict[str, int] = {}
        for leg in self.legs:
            code = leg.amount.currency.code
            sums[code] = sums.get(code, 0) + leg.amount.minor_units
        return {code: units for code, units in sorted(sums.items()) if units}

    def postings(self) -> tuple[Posting, ...]:
        """The legs as dated postings."""
        return tuple(
            Posting(
                transaction=self.id,
                on=self.on,
                account=leg.account,
                amount=leg.amount,
                dimensions=leg.dimensions,
            )
            for leg in self.legs
        )


def check_transaction(transaction: Transaction, *, on: date | None = None) -> Report:
    """``BUD-TXN-001`` a currency does not balance; ``BUD-TXN-002`` fewer than two legs;
    ``BUD-TXN-003`` dated after ``on`` (today, when the caller gives it)."""
    findings = [
        Finding(
            rule="BUD-TXN-001",
            severity=Severity.ERROR,
            message="the legs in this currency do not sum to zero",
            path="legs",
            value=code,
        )
        for code in transaction.imbalance()
    ]
    if len(transaction.legs) < 2:
        findings.append(
            Finding(
                rule="BUD-TXN-002",
                severity=Severity.ERROR,
                message="a transaction needs at least two legs",
                path="legs",
            )
        )
    if on is not None and transaction.on > on:
        findings.append(
            Finding(
                rule="BUD-TXN-003",
                severity=Severity.ERROR,
                message="actuals cannot be posted for a future date",
                path="on",
                value=transaction.on.isoformat(),
            )
        )
    return Report.of(findings)


@final
@attrs.frozen(kw_only=True)
class Posting:
    """One leg of a recorded transaction, with its date; keeps its integer minor units."""

    transaction: str
    on: date
    account: str
    amount: Money
    dimensions: Dimensions = _NO_DIMENSIONS
    minor_units: int = attrs.field(init=False, eq=False, repr=False)
    currency: Currency = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.amount, Money):
            raise InvalidValue("a posting amount is Money")
        object.__setattr__(self, "minor_units", self.amount.minor_units)
        object.__setattr__(self, "currency", self.amount.currency)


@final
@attrs.frozen(kw_only=True)
class Actuals:
    """Aggregated actuals: (account, dimensions, period) to integer minor units (non-zero)."""

    fiscal_year: int
    currency: Currency
    units: Mapping[tuple[str, Dimensions, int], int]

    def amount(self, account: str, period: int, dimensions: Dimensions = _NO_DIMENSIONS) -> Money:
        """The actual of one cell (zero when nothing was posted)."""
        return Money.from_minor_units(
            self.units.get((account, dimensions, period), 0), self.currency
        )

    def cells(self) -> Iterator[tuple[tuple[str, Dimensions, int], Money]]:
        """Every non-empty cell with its amount, sorted."""
        for key in sorted(self.units, key=lambda k: (k[0], k[1].sort_key(), k[2])):
            yield key, Money.from_minor_units(self.units[key], self.currency)

    def series(
        self, account: str, *, through_period: int, dimensions: Dimensions | None = None
    ) -> tuple[Money, ...]:
        """One amount per period 1..``through_period``: the cells in the slice ``dimensions``
        (cells also tagged with other dimensions count), or every cell of the account."""
        units = [0] * through_period
        for (a, dims, period), value in self.units.items():
            if (
                a == account
                and period <= through_period
                and (dimensions is None or dims.within(dimensions))
            ):
                units[period - 1] += value
        return tuple(Money.from_minor_units(u, self.currency) for u in units)

    def total(self, account: str | None = None, *, through_period: int | None = None) -> Money:
        """The sum for one account (or all), optionally up to a period."""
        units = sum(
            v
            for (a, _, p), v in self.units.items()
            if (account is None or a == account) and (through_period is None or p <= through_period)
        )
        return Money.from_minor_units(units, self.currency)


def aggregate(
    postings: Iterable[Posting],
    calendar: FiscalCalendar,
    fiscal_year: int,
    currency: Currency | str,
    *,
    dimensions: Iterable[Dimension] = (),
) -> Actuals:
    """Sum ``postings`` of ``fiscal_year`` into account x period (x the ``dimensions`` kept).

    Postings dated outside the year are skipped; cells that net to zero are left out; a posting
    in another currency raises :class:`~medoffice.kernel.CurrencyMismatch` (currencies are never
    added together).
    """
    cur = Currency.of(currency) if isinstance(currency, str) else currency
    lookup = calendar.day_index(fiscal_year).get
    kept = frozenset(Dimension(d) for d in dimensions)
    totals: dict[tuple[str, Dimensions, int], int] = {}
    get = totals.get
    if kept:
        projected: dict[Dimensions, Dimensions] = {}
        for on, account, units, cur_of, dims in map(_FIELDS_WITH_DIMENSIONS, postings):
            period = lookup(on)
            if period is None:
                continue
            if cur_of is not cur:
                _same_currency(cur_of, cur)
            key_dims = projected.get(dims)
            if key_dims is None:
                key_dims = projected[dims] = dims.keep(kept)
            key = (account, key_dims, period)
            totals[key] = get(key, 0) + units
    else:
        totals = _by_account_and_period(postings, calendar, fiscal_year, cur)
    return Actuals(
        fiscal_year=fiscal_year, currency=cur, units={k: v for k, v in totals.items() if v}
    )


class _PeriodOfDay(dict[date, int]):
    """Day to period number; a day outside the year is period 0, which no period uses."""

    def __missing__(self, key: date) -> int:
        return 0


def _by_account_and_period(
    postings: Iterable[Posting], calendar: FiscalCalendar, fiscal_year: int, cur: Currency
) -> dict[tuple[str, Dimensions, int], int]:
    """The totals without dimensions: the hot path of :func:`aggregate`.

    One addition into a per-account list per posting: no key tuple to build or hash, no
    ``get`` call, no test for a new account (a ``defaultdict``) or a day outside the year (it
    adds into slot 0, dropped at the end); slotted attribute reads, which CPython specialises,
    beat fetching the fields as a tuple. A currency is compared by identity first, and checked
    for the postings of the year only.
    """
    period_of = _PeriodOfDay(calendar.day_index(fiscal_year))
    slots = len(calendar.periods(fiscal_year)) + 1
    rows: defaultdict[str, list[int]] = defaultdict(lambda: [0] * slots)
    for posting in postings:
        if posting.currency is not cur and period_of[posting.on]:
            _same_currency(posting.currency, cur)
        rows[posting.account][period_of[posting.on]] += posting.minor_units
    return {
        (account, _NO_DIMENSIONS, period): units
        for account, row in rows.items()
        for period, units in enumerate(row)
        if units and period
    }


def _same_currency(found: Currency, wanted: Currency) -> None:
    # Currencies come from one cached table, so identity is the fast path; equality is the truth.
    if found != wanted:
        raise CurrencyMismatch(f"a {wanted.code} ledger cannot add {found.code} postings")


_FIELDS_WITH_DIMENSIONS: Final = operator.attrgetter(
    "on", "account", "minor_units", "currency", "dimensions"
)
