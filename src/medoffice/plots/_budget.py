"""Budget versus actual by period, with the forecasts spread over the open periods."""

from __future__ import annotations

import statistics
from collections.abc import Sequence

from medoffice.budget import Dimensions, VarianceReport
from medoffice.budget.forecast import Forecast
from medoffice.kernel import InvalidArgument
from medoffice.plots._matplotlib import Axes, axes_or_new

__all__ = ["budget_chart", "monthly_forecasts"]


def _series(
    report: VarianceReport, account: str, dimensions: Dimensions | None
) -> tuple[dict[int, float], dict[int, float]]:
    budget: dict[int, float] = {}
    actual: dict[int, float] = {}
    for row in report.rows():
        if row.account != account or (dimensions is not None and row.dimensions != dimensions):
            continue
        if row.budget is not None:
            budget[row.period] = budget.get(row.period, 0.0) + float(row.budget.amount)
        actual[row.period] = actual.get(row.period, 0.0) + float(row.actual.amount)
    return budget, actual


def monthly_forecasts(
    forecasts: Sequence[Forecast], *, actual_to_date: float, open_budget: Sequence[float]
) -> list[list[float]]:
    """Each forecast's remaining amount (year-end total less the actual to date) spread over
    the open periods in proportion to their budget (evenly when they have none)."""
    total = sum(open_budget)
    weights = (
        [b / total for b in open_budget] if total else [1 / len(open_budget)] * len(open_budget)
    )
    return [[(float(f.amount.amount) - actual_to_date) * w for w in weights] for f in forecasts]


def budget_chart(
    report: VarianceReport,
    account: str,
    *,
    forecasts: Sequence[Forecast] = (),
    dimensions: Dimensions | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Draw budget and actual bars per period for ``account`` (all dimension slices summed, or
    one), and, over the open periods, the median forecast as a line inside the band between the
    lowest and highest forecast (see :mod:`medoffice.budget.forecast`).

    The report should be built without ``through_period`` so that it holds the whole year's
    budget; the closed periods are the forecasts' ``periods_closed`` (without forecasts, up to
    the last period with an actual amount).
    """
    budget, actual = _series(report, account, dimensions)
    if not budget and not actual:
        raise InvalidArgument(f"the report has no row for account {account!r}")
    periods = forecasts[0].periods if forecasts else max((*budget, *actual))
    if forecasts:
        closed = forecasts[0].periods_closed
    else:
        closed = max((p for p, v in actual.items() if v), default=0)
    ax = axes_or_new(ax, size=(10.0, 4.0))
    numbers = list(range(1, periods + 1))
    ax.bar(
        [p - 0.2 for p in numbers],
        [budget.get(p, 0.0) for p in numbers],
        width=0.4,
        color="#b0bec5",
        label="budget",
    )
    ax.bar(
        [p + 0.2 for p in numbers[:closed]],
        [actual.get(p, 0.0) for p in numbers[:closed]],
        width=0.4,
        color="#1565c0",
        label="actual",
    )
    open_periods = numbers[closed:]
    if forecasts and open_periods:
        spread = monthly_forecasts(
            forecasts,
            actual_to_date=sum(actual.get(p, 0.0) for p in numbers[:closed]),
            open_budget=[budget.get(p, 0.0) for p in open_periods],
        )
        by_period = list(zip(*spread, strict=True))
        ax.fill_between(
            [p + 0.2 for p in open_periods],
            [min(values) for values in by_period],
            [max(values) for values in by_period],
            color="#ff9800",
            alpha=0.25,
            label=f"forecast range ({len(forecasts)} methods)",
        )
        ax.plot(
            [p + 0.2 for p in open_periods],
            [statistics.median(values) for values in by_period],
            color="#e65100",
            marker="o",
            label="forecast (median)",
        )
    ax.set_xticks(numbers)
    ax.set_xlabel("period")
    ax.set_ylabel(report.currency.code)
    ax.set_title(f"Account {account}: budget, actual and forecast")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small")
    return ax
