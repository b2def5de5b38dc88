"""Year-end forecasts, each labelled with the method that produced it.

Given the actuals of the periods closed so far, each method projects the year's total:

- ``run-rate``: straight line, the average closed period times the number of periods;
- ``actual-plus-remaining-budget``: actuals so far plus the budget of the periods still open;
- ``seasonal``: actuals so far divided by the share of last year's total that fell in the same
  periods (last year's seasonality); falls back to the run rate when last year had nothing then;
- ``committed``: actuals so far plus open encumbrances plus the run rate on the periods left;
- ``trailing-average``: actuals so far plus the average of the last ``n`` closed periods for each
  period left.

Every method gives the actual once the year is closed: with no period left there is nothing to
project (open encumbrances at year end lapse or roll into the next year's budget, so they are
not this year's spending). Divisions round half to even, to the minor unit, once.

More information: Government Finance Officers Association, *Financial Forecasting in the Budget
Preparation Process* (https://www.gfoa.org/materials/financial-forecasting-in-the-budget-preparation-process).

>>> from medoffice.kernel import Money
>>> usd = lambda s: Money.of(s, "USD")
>>> closed = [usd("100.00"), usd("120.00"), usd("110.00")]
>>> run_rate(closed, periods=12).amount
Money('1320.00', 'USD')
>>> trailing_average(closed, periods=12, window=2).amount
Money('1365.00', 'USD')
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from fractions import Fraction
from typing import final

import attrs

from medoffice.kernel import InvalidArgument, Money, Rounding

__all__ = [
    "Forecast",
    "ForecastMethod",
    "actual_plus_remaining_budget",
    "committed",
    "forecasts",
    "run_rate",
    "seasonal",
    "trailing_average",
]


@final
class ForecastMethod(enum.StrEnum):
    """The label of a forecast."""

    RUN_RATE = "run-rate"
    ACTUAL_PLUS_REMAINING_BUDGET = "actual-plus-remaining-budget"
    SEASONAL = "seasonal"
    COMMITTED = "committed"
    TRAILING_AVERAGE = "trailing-average"


@final
@attrs.frozen(kw_only=True)
class Forecast:
    """A projected year-end total and how it was reached."""

    method: ForecastMethod
    amount: Money
    periods_closed: int
    periods: int

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready mapping."""
        return {
            "method": self.method.value,
            "amount": str(self.amount.amount),
            "currency": self.amount.currency.code,
            "periods_closed": self.periods_closed,
            "periods": self.periods,
        }


def _total(closed: Sequence[Money], periods: int) -> Money:
    if not closed:
        raise InvalidArgument("a forecast needs at least one closed period")
    if len(closed) > periods:
        raise InvalidArgument("more closed periods than the year has")
    return Money.sum(closed, currency=closed[0].currency)


def _forecast(method: ForecastMethod, amount: Money, closed: int, periods: int) -> Forecast:
    return Forecast(method=method, amount=amount, periods_closed=closed, periods=periods)


def run_rate(closed: Sequence[Money], *, periods: int) -> Forecast:
    """Average closed period x ``periods``."""
    actual = _total(closed, periods)
    if len(closed) == periods:
        return _forecast(ForecastMethod.RUN_RATE, actual, periods, periods)
    amount = actual.multiply(Fraction(periods, len(closed)), rounding=Rounding.HALF_EVEN)
    return _forecast(ForecastMethod.RUN_RATE, amount, len(closed), periods)


def actual_plus_remaining_budget(closed: Sequence[Money], budget: Sequence[Money]) -> Forecast:
    """Actuals so far plus the budget of every period not yet closed."""
    actual = _total(closed, len(budget))
    rest = Money.sum(budget[len(closed) :], currency=actual.currency)
    return _forecast(
        ForecastMethod.ACTUAL_PLUS_REMAINING_BUDGET, actual + rest, len(closed), len(budget)
    )


def seasonal(closed: Sequence[Money], prior_year: Sequence[Money]) -> Forecast:
    """Actuals so far over last year's share of the same periods."""
    periods = len(prior_year)
    actual = _total(closed, periods)
    if len(closed) == periods:
        return _forecast(ForecastMethod.SEASONAL, actual, periods, periods)
    whole = sum(p.minor_units for p in prior_year)
    so_far = sum(p.minor_units for p in prior_year[: len(closed)])
    if whole <= 0 or so_far <= 0:
        amount = run_rate(closed, periods=periods).amount
    else:
        amount = actual.multiply(Fraction(whole, so_far), rounding=Rounding.HALF_EVEN)
    return _forecast(ForecastMethod.SEASONAL, amount, len(closed), periods)


def committed(closed: Sequence[Money], open_encumbrances: Money, *, periods: int) -> Forecast:
    """Actuals + open encumbrances + run rate on the periods left (the actual at year end)."""
    actual = _total(closed, periods)
    left = periods - len(closed)
    if left == 0:
        return _forecast(ForecastMethod.COMMITTED, actual, periods, periods)
    rest = actual.multiply(Fraction(left, len(closed)), rounding=Rounding.HALF_EVEN)
    return _forecast(
        ForecastMethod.COMMITTED, actual + open_encumbrances + rest, len(closed), periods
    )


def trailing_average(closed: Sequence[Money], *, periods: int, window: int = 3) -> Forecast:
    """Actuals + the average of the last ``window`` closed periods for each period left."""
    actual = _total(closed, periods)
    if window < 1:
        raise InvalidArgument("the trailing window is at least one period")
    recent = closed[-window:]
    left = periods - len(closed)
    rest = Money.sum(recent, currency=actual.currency).multiply(
        Fraction(left, len(recent)), rounding=Rounding.HALF_EVEN
    )
    return _forecast(ForecastMethod.TRAILING_AVERAGE, actual + rest, len(closed), periods)


def forecasts(
    closed: Sequence[Money],
    *,
    budget: Sequence[Money],
    prior_year: Sequence[Money] | None = None,
    open_encumbrances: Money | None = None,
    window: int = 3,
) -> tuple[Forecast, ...]:
    """Every forecast the inputs allow, in a fixed order."""
    periods = len(budget)
    actual = _total(closed, periods)
    found = [
        run_rate(closed, periods=periods),
        actual_plus_remaining_budget(closed, budget),
    ]
    if prior_year is not None:
        if len(prior_year) != periods:
            raise InvalidArgument("last year's actuals need one amount per period")
        found.append(seasonal(closed, prior_year))
    found.append(
        committed(closed, open_encumbrances or Money.zero(actual.currency), periods=periods)
    )
    found.append(trailing_average(closed, periods=periods, window=window))
    return tuple(found)
