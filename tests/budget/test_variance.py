"""Budget versus actual: variance, favourable or not, materiality, roll-ups."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medoffice.budget._accounts import Account, AccountType, ChartOfAccounts
from medoffice.budget._budget import Budget
from medoffice.budget._calendar import FiscalCalendar
from medoffice.budget._dimensions import Dimension, Dimensions
from medoffice.budget._ledger import Actuals
from medoffice.budget._variance import Materiality, budget_vs_actual, through_date
from medoffice.kernel import Currency, CurrencyMismatch, InvalidArgument, Money

USD = Currency.of("USD")
CLINIC, LAB = Dimensions(cost_centre="CLINIC"), Dimensions(cost_centre="LAB")
CHART = ChartOfAccounts.of(
    [
        Account(code="4000", name="Fees", type=AccountType.REVENUE),
        Account(code="6000", name="Supplies", type=AccountType.EXPENSE),
        Account(code="6100", name="Medical", type=AccountType.EXPENSE, parent="6000"),
        Account(code="6200", name="Office", type=AccountType.EXPENSE, parent="6000"),
    ]
)


def usd(text: str) -> Money:
    return Money.of(text, "USD")


def budget() -> Budget:
    return Budget(name="b", fiscal_year=2026, currency="USD", calendar=FiscalCalendar())


def actuals(cells: dict[tuple[str, Dimensions, int], str]) -> Actuals:
    units = {k: usd(v).minor_units for k, v in cells.items()}
    return Actuals(fiscal_year=2026, currency=USD, units=units)


class TestVarianceRow:
    def test_expense_over_budget_is_unfavourable(self) -> None:
        """Supplies budgeted 1000, spent 1200: +200, +20.00 %, unfavourable."""
        report = budget_vs_actual(
            budget().set("6100", 1, usd("1000")),
            actuals({("6100", Dimensions(), 1): "1200"}),
            CHART,
        )
        row = report.row("6100", 1)
        assert (row.variance, row.percent, row.favourable) == (usd("200"), Decimal("20.00"), False)

    def test_revenue_over_budget_is_favourable(self) -> None:
        """Fees budgeted 1000, earned 1100 (posted as a 1100 credit): +100, favourable."""
        report = budget_vs_actual(
            budget().set("4000", 1, usd("1000")),
            actuals({("4000", Dimensions(), 1): "-1100"}),
            CHART,
        )
        row = report.row("4000", 1)
        assert (row.actual, row.variance, row.favourable) == (usd("1100"), usd("100"), True)
        assert report.totals(AccountType.REVENUE) == (usd("1000"), usd("1100"))
        assert report.totals(AccountType.EXPENSE) == (usd("0"), usd("0"))

    def test_balance_sheet_actuals_without_budget_are_not_reported(self) -> None:
        """Cash moves without a budget line raise no BUD-VAR-002."""
        chart = ChartOfAccounts.of([Account(code="1000", name="Cash", type=AccountType.ASSET)])
        report = budget_vs_actual(budget(), actuals({("1000", Dimensions(), 1): "50"}), chart)
        assert not report.findings()

    def test_on_budget_is_neither(self) -> None:
        """No variance, no verdict."""
        report = budget_vs_actual(
            budget().set("6100", 1, usd("5")), actuals({("6100", Dimensions(), 1): "5"}), CHART
        )
        assert report.row("6100", 1).favourable is None

    def test_unset_budget_has_no_percentage_and_is_reported(self) -> None:
        """Actuals where nothing is budgeted: unset budget, no percent, BUD-VAR-002."""
        report = budget_vs_actual(budget(), actuals({("6200", Dimensions(), 2): "50"}), CHART)
        row = report.row("6200", 2)
        assert (row.budget, row.percent) == (None, None)
        assert [(str(f.rule), f.path) for f in report.findings()] == [
            ("BUD-VAR-002", "accounts[6200].periods[2]")
        ]

    def test_percent_rounds_half_to_even(self) -> None:
        """1/3 over: 33.33 %."""
        report = budget_vs_actual(
            budget().set("6100", 1, usd("3.00")),
            actuals({("6100", Dimensions(), 1): "4.00"}),
            CHART,
        )
        assert report.row("6100", 1).percent == Decimal("33.33")
        assert report.row("6100", 1).to_dict()["percent"] == "33.33"


class TestMateriality:
    MATERIAL = Materiality(amount=usd("100"), percent=Decimal("10"))

    @pytest.mark.parametrize(
        ("budgeted", "spent", "material"),
        [
            ("1000", "1150", True),
            ("1000", "1090", False),
            ("5000", "5400", False),
            ("100", "190", False),
        ],
        ids=["both thresholds", "under amount", "under percent", "under amount, over percent"],
    )
    def test_both_thresholds_must_be_reached(
        self, budgeted: str, spent: str, material: bool
    ) -> None:
        """Material means at least 100.00 and at least 10 %."""
        report = budget_vs_actual(
            budget().set("6100", 1, usd(budgeted)),
            actuals({("6100", Dimensions(), 1): spent}),
            CHART,
            materiality=self.MATERIAL,
        )
        assert report.row("6100", 1).material is material
        rules = [str(f.rule) for f in report.findings()]
        assert rules == (["BUD-VAR-001"] if material else [])


class TestRollUps:
    def make(self) -> Budget:
        return (
            budget()
            .set("6100", 1, usd("100"), dimensions=CLINIC)
            .set("6100", 1, usd("50"), dimensions=LAB)
            .set("6100", 2, usd("100"), dimensions=CLINIC)
            .set("6200", 1, usd("30"), dimensions=CLINIC)
        )

    def actual(self) -> Actuals:
        return actuals(
            {
                ("6100", CLINIC, 1): "120",
                ("6100", LAB, 1): "40",
                ("6100", CLINIC, 2): "90",
                ("6200", CLINIC, 1): "35",
            }
        )

    def test_summing_over_cost_centres(self) -> None:
        """Dropping the cost centre merges CLINIC and LAB: 150 budget, 160 actual in period 1."""
        report = budget_vs_actual(self.make(), self.actual(), CHART).roll_up()
        row = report.row("6100", 1)
        assert (row.budget, row.actual) == (usd("150"), usd("160"))

    def test_summing_over_periods(self) -> None:
        """The year for 6100 at CLINIC: 200 budget, 210 actual, in period 0."""
        report = budget_vs_actual(self.make(), self.actual(), CHART).roll_up(
            keep=[Dimension.COST_CENTRE], over_periods=True
        )
        assert report.row("6100", 0, CLINIC).variance == usd("10")

    def test_the_account_tree_rolls_children_into_parents(self) -> None:
        """6000 gathers 6100 and 6200: 280 budget and 285 actual over the year."""
        report = budget_vs_actual(self.make(), self.actual(), CHART).roll_up(
            over_periods=True, tree=True
        )
        row = report.row("6000", 0)
        assert (row.budget, row.actual) == (usd("280"), usd("285"))
        assert report.totals() == (usd("280"), usd("285"))

    def test_an_inclusive_parent_line_replaces_its_childrens_lines(self) -> None:
        """6000 inclusive at 200 with 6100 at 150 below it: the tree total is 200, not 350."""
        b = budget().set("6000", 1, usd("200"), include_children=True).set("6100", 1, usd("150"))
        a = actuals({("6100", Dimensions(), 1): "170", ("6200", Dimensions(), 1): "20"})
        detail = budget_vs_actual(b, a, CHART)
        assert detail.row("6000", 1).actual == usd("190")
        assert detail.row("6100", 1).actual == usd("170")
        tree = detail.roll_up(tree=True)
        assert (tree.row("6000", 1).budget, tree.row("6000", 1).actual) == (usd("200"), usd("190"))
        assert detail.totals() == (usd("200"), usd("190"))
        merged = detail.roll_up(over_periods=True)
        assert merged.row("6000", 0).actual == usd("190")

    def test_through_period_limits_the_year_to_date(self) -> None:
        """Up to period 1 only period-1 cells remain; through_date counts started periods."""
        report = budget_vs_actual(self.make(), self.actual(), CHART, through_period=1)
        assert {k[2] for k in report.cells} == {1}
        assert through_date(self.make(), date(2026, 2, 1)) == 2
        assert through_date(self.make(), date(2025, 12, 31)) == 0

    def test_rows_are_sorted_and_transfers_count_as_budget(self) -> None:
        """A +10 transfer into 6200 makes its budget 40; rows come sorted by account."""
        report = budget_vs_actual(
            self.make(), self.actual(), CHART, transfers={("6200", CLINIC, 1): 1000}
        )
        assert report.row("6200", 1, CLINIC).budget == usd("40")
        assert [r.account for r in report.rows()] == ["6100", "6100", "6100", "6200"]
        assert len(report) == 4


class TestVarianceRefusals:
    def test_currencies_and_years_must_match(self) -> None:
        """A CAD ledger or another year's actuals are refused."""
        with pytest.raises(CurrencyMismatch):
            budget_vs_actual(
                budget(), Actuals(fiscal_year=2026, currency=Currency.of("CAD"), units={}), CHART
            )
        with pytest.raises(InvalidArgument):
            budget_vs_actual(budget(), Actuals(fiscal_year=2025, currency=USD, units={}), CHART)


class TestVarianceProperties:
    @given(
        st.dictionaries(
            st.tuples(st.sampled_from(["4000", "6100", "6200", "9999"]), st.integers(1, 12)),
            st.tuples(st.none() | st.integers(-(10**6), 10**6), st.integers(-(10**6), 10**6)),
            max_size=30,
        ),
        st.none() | st.integers(0, 10**5),
        st.none() | st.integers(0, 50),
    )
    def test_every_cell_matches_the_definition(
        self,
        cells: dict[tuple[str, int], tuple[int | None, int]],
        min_units: int | None,
        min_percent: int | None,
    ) -> None:
        """Variance, percent, verdict and materiality agree with a cell-by-cell reading."""
        b = budget()
        for (account, period), (units, _) in cells.items():
            if units is not None:
                b = b.set(account, period, Money.from_minor_units(units, USD))
        credit = {"4000"}
        acts = Actuals(
            fiscal_year=2026,
            currency=USD,
            units={
                (a, Dimensions(), p): (-u if a in credit else u) for (a, p), (_, u) in cells.items()
            },
        )
        materiality = Materiality(
            amount=None if min_units is None else Money.from_minor_units(min_units, USD),
            percent=None if min_percent is None else Decimal(min_percent),
        )
        report = budget_vs_actual(b, acts, CHART, materiality=materiality)
        for (account, period), (units, actual) in cells.items():
            row = report.row(account, period)
            variance = actual - (units or 0)
            assert row.variance.minor_units == variance
            assert row.actual.minor_units == actual
            if variance == 0:
                assert row.favourable is None
            else:
                revenue = account == "4000"
                assert row.favourable is ((variance > 0) == revenue)
            pct_ok = min_percent is None or (
                bool(units) and abs(variance) * 100 >= min_percent * abs(units or 1)
            )
            expected = variance != 0 and abs(variance) >= (min_units or 0) and pct_ok
            assert row.material is expected
