"""Slices: asking for one cost centre counts the cells also tagged with a provider or payer."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medoffice.budget._accounts import Account, AccountType, ChartOfAccounts
from medoffice.budget._budget import Budget
from medoffice.budget._calendar import FiscalCalendar
from medoffice.budget._dimensions import Dimension, Dimensions
from medoffice.budget._ledger import Actuals, Posting, aggregate
from medoffice.budget._reports import profit_and_loss
from medoffice.budget._variance import budget_vs_actual
from medoffice.kernel import Currency, InvalidValue, Money

USD = Currency.of("USD")
CLINIC = Dimensions(cost_centre="CLINIC")
CLINIC_P1 = Dimensions(cost_centre="CLINIC", provider="P1")
CLINIC_P2 = Dimensions(cost_centre="CLINIC", provider="P2")
LAB_P1 = Dimensions(cost_centre="LAB", provider="P1")
CHART = ChartOfAccounts.of(
    [
        Account(code="4000", name="Fees", type=AccountType.REVENUE),
        Account(code="6100", name="Supplies", type=AccountType.EXPENSE),
        Account(code="2000", name="Payables", type=AccountType.LIABILITY),
    ]
)


def usd(text: str) -> Money:
    return Money.of(text, "USD")


def budget() -> Budget:
    return (
        Budget(name="b", fiscal_year=2026, currency="USD", calendar=FiscalCalendar())
        .set("6100", 1, usd("100"), dimensions=CLINIC_P1)
        .set("6100", 1, usd("50"), dimensions=CLINIC_P2)
        .set("6100", 1, usd("30"), dimensions=LAB_P1)
        .set("6100", 1, usd("7"))
    )


def actuals() -> Actuals:
    cells = {("6100", CLINIC_P1, 1): "110", ("6100", CLINIC_P2, 1): "45", ("6100", LAB_P1, 1): "1"}
    units = {k: usd(v).minor_units for k, v in cells.items()}
    return Actuals(fiscal_year=2026, currency=USD, units=units)


class TestWithin:
    def test_a_cell_with_more_dimensions_is_in_the_slice(self) -> None:
        assert CLINIC_P1.within(CLINIC)
        assert CLINIC.within(CLINIC)
        assert not LAB_P1.within(CLINIC)
        assert not Dimensions().within(CLINIC)
        assert not CLINIC.within(CLINIC_P1)

    def test_the_empty_slice_holds_every_cell(self) -> None:
        assert LAB_P1.within(Dimensions())
        assert Dimensions().within(Dimensions())

    @given(
        st.lists(st.sampled_from(["A", "B", None]), min_size=5, max_size=5),
        st.lists(st.sampled_from(["A", "B", None]), min_size=5, max_size=5),
    )
    def test_within_agrees_with_keeping_the_slices_dimensions(
        self, cell: list[str | None], slice_: list[str | None]
    ) -> None:
        """A cell is in a slice exactly when keeping the slice's dimensions gives the slice."""
        have, want = Dimensions(*cell), Dimensions(*slice_)
        named = [d for d in Dimension if want.get(d) is not None]
        assert have.within(want) == (have.keep(named) == want)

    def test_a_slice_is_parsed_from_the_command_line(self) -> None:
        assert Dimensions.parse(["cost_centre=CLINIC", "provider=P1"]) == CLINIC_P1
        assert Dimensions.parse(["cost-centre=CLINIC"]) == CLINIC
        assert Dimensions.parse([]) == Dimensions()

    @pytest.mark.parametrize(
        ("pairs", "message"),
        [
            (["CLINIC"], "DIMENSION=VALUE"),
            (["cost_centre="], "DIMENSION=VALUE"),
            (["cost_centre=A", "cost_centre=B"], "given twice"),
            (["ward=3"], "unknown dimensions: ward"),
        ],
    )
    def test_a_bad_slice_is_refused_clearly(self, pairs: list[str], message: str) -> None:
        with pytest.raises(InvalidValue, match=message):
            Dimensions.parse(pairs)


class TestSlicedReports:
    def test_series_count_the_cells_also_tagged_with_a_provider(self) -> None:
        """CLINIC is 100 + 50 budget and 110 + 45 actual; the practice-wide 7 is not in it."""
        assert budget().series("6100", CLINIC)[0] == usd("150")
        assert budget().series("6100", CLINIC_P1)[0] == usd("100")
        assert budget().series("6100")[0] == usd("187")
        assert actuals().series("6100", through_period=1, dimensions=CLINIC) == (usd("155"),)

    def test_a_variance_report_keeps_only_the_slice(self) -> None:
        report = budget_vs_actual(budget(), actuals(), CHART).where(CLINIC).roll_up()
        row = report.row("6100", 1)
        assert (row.budget, row.actual, row.variance) == (usd("150"), usd("155"), usd("5"))
        by_provider = (
            budget_vs_actual(budget(), actuals(), CHART)
            .where(CLINIC)
            .roll_up(keep=[Dimension.PROVIDER])
        )
        assert by_provider.row("6100", 1, Dimensions(provider="P2")).actual == usd("45")
        assert by_provider.row("6100", 1, Dimensions(provider="P1")).budget == usd("100")

    def test_the_empty_slice_changes_nothing(self) -> None:
        full = budget_vs_actual(budget(), actuals(), CHART)
        assert full.where(Dimensions()) is full

    def test_a_profit_and_loss_of_one_slice(self) -> None:
        postings = [
            Posting(transaction="T1", on=date(2026, 1, 5), account="6100", amount=usd("110"),
                    dimensions=CLINIC_P1),
            Posting(transaction="T2", on=date(2026, 1, 6), account="6100", amount=usd("1"),
                    dimensions=LAB_P1),
        ]  # fmt: skip
        kept = [Dimension.COST_CENTRE]
        a = aggregate(postings, FiscalCalendar(), 2026, "USD", dimensions=kept)
        pnl = profit_and_loss(budget(), a, CHART, last_period=1, within=CLINIC)
        assert (pnl.total_expense.budget, pnl.total_expense.actual) == (usd("150"), usd("110"))
        whole = profit_and_loss(budget(), a, CHART, last_period=1)
        assert (whole.total_expense.budget, whole.total_expense.actual) == (usd("187"), usd("111"))
