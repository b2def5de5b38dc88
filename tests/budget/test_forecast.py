"""Year-end forecasts: each method, and every method equals the actual at year end."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medoffice.budget._forecast import (
    ForecastMethod,
    actual_plus_remaining_budget,
    committed,
    forecasts,
    run_rate,
    seasonal,
    trailing_average,
)
from medoffice.kernel import Currency, InvalidArgument, Money
from medoffice.testing._budget_strategies import budget_currencies


def usd(text: str) -> Money:
    return Money.of(text, "USD")


CLOSED = [usd("100"), usd("120"), usd("110")]
BUDGET = [usd("100")] * 12


class TestMethods:
    def test_run_rate_is_the_average_times_the_periods(self) -> None:
        """330 over 3 months runs at 1320 a year."""
        assert run_rate(CLOSED, periods=12).amount == usd("1320")

    def test_actual_plus_remaining_budget(self) -> None:
        """330 so far plus nine months of 100."""
        assert actual_plus_remaining_budget(CLOSED, BUDGET).amount == usd("1230")

    def test_seasonal_uses_last_years_share(self) -> None:
        """Last year 25 % fell in the first three months: 330 / 0.25 = 1320."""
        prior = [usd("50")] * 3 + [usd("50")] * 9
        assert seasonal(CLOSED, prior).amount == usd("1320")
        skewed = [usd("100")] * 3 + [usd("0")] * 9
        assert seasonal(CLOSED, skewed).amount == usd("330")

    def test_seasonal_falls_back_to_run_rate_without_history(self) -> None:
        """Nothing last year in those months: the run rate."""
        assert seasonal(CLOSED, [usd("0")] * 12).amount == usd("1320")

    def test_committed_adds_open_encumbrances(self) -> None:
        """330 + 500 on order + 9 x 110 run rate."""
        assert committed(CLOSED, usd("500"), periods=12).amount == usd("1820")

    def test_trailing_average_uses_the_last_months(self) -> None:
        """Last two months average 115: 330 + 9 x 115."""
        assert trailing_average(CLOSED, periods=12, window=2).amount == usd("1365")

    def test_forecasts_are_labelled_in_a_fixed_order(self) -> None:
        """All five methods, each with its label."""
        found = forecasts(CLOSED, budget=BUDGET, prior_year=BUDGET, open_encumbrances=usd("1"))
        assert [f.method for f in found] == list(ForecastMethod)
        assert found[0].to_dict()["method"] == "run-rate"


class TestForecastRefusals:
    def test_inputs_that_cannot_forecast_are_refused(self) -> None:
        """No closed period, too many, a zero window, a short history: clear errors."""
        with pytest.raises(InvalidArgument):
            run_rate([], periods=12)
        with pytest.raises(InvalidArgument):
            run_rate(CLOSED, periods=2)
        with pytest.raises(InvalidArgument):
            trailing_average(CLOSED, periods=12, window=0)
        with pytest.raises(InvalidArgument):
            forecasts(CLOSED, budget=BUDGET, prior_year=BUDGET[:11])


class TestYearEnd:
    @given(
        budget_currencies(),
        st.sampled_from([12, 13]),
        st.data(),
    )
    def test_every_forecast_equals_the_actual_at_year_end(
        self, currency: Currency, periods: int, data: st.DataObject
    ) -> None:
        """With every period closed, all five forecasts are the year's actual."""

        def amounts() -> list[Money]:
            units = data.draw(
                st.lists(st.integers(-(10**8), 10**8), min_size=periods, max_size=periods)
            )
            return [Money.from_minor_units(u, currency) for u in units]

        closed = amounts()
        actual = Money.sum(closed, currency=currency)
        found = forecasts(
            closed,
            budget=amounts(),
            prior_year=amounts(),
            open_encumbrances=Money.from_minor_units(data.draw(st.integers(0, 10**8)), currency),
            window=data.draw(st.integers(1, 6)),
        )
        assert {f.amount for f in found} == {actual}
