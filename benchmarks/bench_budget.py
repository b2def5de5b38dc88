"""Budget benchmarks: aggregating a million postings, and budget versus actual at practice scale.

Targets: 1,000,000 postings into account x month in at most 500 ms, and faster than a plain
dict loop over the same postings (``test_aggregate_against_a_plain_dict_loop`` runs both,
interleaved, in the same run and reports the ratio of medians); budget versus actual for
200 accounts x 20 cost centres x 12 periods in at most 50 ms.
"""

from __future__ import annotations

import os
import random
import statistics
import time
from datetime import date, timedelta
from typing import Any, cast

import pytest
from pytest_benchmark.fixture import BenchmarkFixture

from medoffice.budget._accounts import Account, AccountType, ChartOfAccounts
from medoffice.budget._budget import Budget, BudgetLine
from medoffice.budget._calendar import FiscalCalendar
from medoffice.budget._dimensions import Dimensions
from medoffice.budget._ledger import Actuals, Posting, aggregate
from medoffice.budget._variance import Materiality, VarianceReport, budget_vs_actual
from medoffice.kernel import Currency, Money

USD = Currency.of("USD")
CALENDAR = FiscalCalendar()


@pytest.fixture
def postings(scale: float) -> list[Posting]:
    """max(1, 1,000,000 x scale) postings over 200 accounts and every day of 2026.

    Function-scoped, so the million objects are freed before the next benchmark runs.
    """
    count = max(1, int(1_000_000 * scale))
    rng = random.Random(2026)
    accounts = [str(6000 + i) for i in range(200)]
    days = [date(2026, 1, 1) + timedelta(days=i) for i in range(365)]
    amounts = [Money.from_minor_units(rng.randint(-(10**6), 10**6), USD) for _ in range(1000)]
    return [
        Posting(
            transaction=str(i // 2),
            on=days[rng.randrange(365)],
            account=accounts[rng.randrange(200)],
            amount=amounts[rng.randrange(1000)],
        )
        for i in range(count)
    ]


def test_aggregate_a_million_postings_into_account_by_month(
    benchmark: BenchmarkFixture, postings: list[Posting]
) -> None:
    """1,000,000 postings into account x month (target <= 500 ms)."""
    actuals = benchmark(aggregate, postings, CALENDAR, 2026, USD)
    assert sum(actuals.units.values()) == sum(p.minor_units for p in postings)


def _plain_dict_loop(postings: list[Posting], month_of: dict[date, int]) -> dict[Any, int]:
    """The peer: one dict, one (account, month) key per posting, no currency check at all."""
    totals: dict[tuple[str, int], int] = {}
    for posting in postings:
        key = (posting.account, month_of[posting.on])
        totals[key] = totals.get(key, 0) + posting.minor_units
    return totals


def test_aggregate_against_a_plain_dict_loop(
    benchmark: BenchmarkFixture, postings: list[Posting], scale: float
) -> None:
    """``aggregate`` and the plain dict loop, interleaved, 7 rounds each; ratio of medians."""
    month_of = CALENDAR.day_index(2026)
    rounds = 7 if scale == 1.0 else 1
    times: dict[str, list[float]] = {"aggregate": [], "plain dict loop": []}

    def interleaved() -> None:
        for _ in range(rounds):
            start = time.perf_counter()
            actuals = aggregate(postings, CALENDAR, 2026, USD)
            times["aggregate"].append(time.perf_counter() - start)
            start = time.perf_counter()
            plain = _plain_dict_loop(postings, month_of)
            times["plain dict loop"].append(time.perf_counter() - start)
            assert {(a, p): u for (a, _, p), u in actuals.units.items()} == {
                k: v for k, v in plain.items() if v
            }

    cast(Any, benchmark).pedantic(interleaved, rounds=1, iterations=1)  # untyped upstream
    medians = {name: statistics.median(values) for name, values in times.items()}
    benchmark.extra_info.update(
        {
            "postings": len(postings),
            "load_average": os.getloadavg()[0],
            "median_ms": {name: round(value * 1000, 1) for name, value in medians.items()},
            "aggregate_over_plain": round(medians["aggregate"] / medians["plain dict loop"], 3),
        }
    )
    print(benchmark.extra_info)  # noqa: T201 - the figures a reader wants


def _practice(scale: float) -> tuple[Budget, Actuals, ChartOfAccounts]:
    rng = random.Random(7)
    n_accounts = max(1, int(200 * scale))
    n_centres = max(1, int(20 * scale))
    accounts = [str(6000 + i) for i in range(n_accounts)]
    centres = [Dimensions(cost_centre=f"CC{i:02d}") for i in range(n_centres)]
    chart = ChartOfAccounts.of(Account(code=a, name=a, type=AccountType.EXPENSE) for a in accounts)
    lines = []
    actual: dict[tuple[str, Dimensions, int], int] = {}
    for account in accounts:
        for centre in centres:
            for period in range(1, 13):
                units = rng.randint(0, 10**7)
                lines.append(
                    BudgetLine(
                        account=account,
                        period=period,
                        amount=Money.from_minor_units(units, USD),
                        dimensions=centre,
                    )
                )
                actual[(account, centre, period)] = units + rng.randint(-(10**6), 10**6)
    budget = Budget(name="b", fiscal_year=2026, currency=USD, calendar=CALENDAR, lines=lines)
    return budget, Actuals(fiscal_year=2026, currency=USD, units=actual), chart


def test_budget_versus_actual_200_accounts_20_cost_centres_12_periods(
    benchmark: BenchmarkFixture, scale: float
) -> None:
    """48,000 cells compared, variances, percentages and materiality (target <= 50 ms)."""
    budget, actuals, chart = _practice(scale)
    materiality = Materiality(amount=Money.of("1000.00", USD))
    report: VarianceReport = benchmark(
        budget_vs_actual, budget, actuals, chart, materiality=materiality
    )
    assert len(report) == len(budget.lines)
