"""The profit and loss statement and the largest variances."""

from __future__ import annotations

import pytest

from medoffice.budget._accounts import Account, AccountType, ChartOfAccounts
from medoffice.budget._budget import Budget
from medoffice.budget._calendar import FiscalCalendar
from medoffice.budget._dimensions import Dimension, Dimensions
from medoffice.budget._ledger import Actuals
from medoffice.budget._reports import largest_variances, profit_and_loss
from medoffice.budget._variance import VarianceReport, budget_vs_actual
from medoffice.kernel import Currency, InvalidArgument, Money

USD = Currency.of("USD")
CLINIC, LAB = Dimensions(cost_centre="CLINIC"), Dimensions(cost_centre="LAB")
NONE = Dimensions()
CHART = ChartOfAccounts.of(
    [
        Account(code="4000", name="Fees", type=AccountType.REVENUE),
        Account(code="4100", name="Capitation", type=AccountType.REVENUE),
        Account(code="6000", name="Supplies", type=AccountType.EXPENSE),
        Account(code="6100", name="Medical", type=AccountType.EXPENSE, parent="6000"),
        Account(code="6110", name="Sutures", type=AccountType.EXPENSE, parent="6100"),
        Account(code="6200", name="Office", type=AccountType.EXPENSE, parent="6000"),
        Account(code="1000", name="Cash", type=AccountType.ASSET),
        Account(code="2000", name="Payables", type=AccountType.LIABILITY),
    ]
)


def usd(text: str) -> Money:
    return Money.of(text, "USD")


def budget() -> Budget:
    return Budget(name="b", fiscal_year=2026, currency="USD", calendar=FiscalCalendar())


def actuals(cells: dict[tuple[str, Dimensions, int], str]) -> Actuals:
    units = {k: usd(v).minor_units for k, v in cells.items()}
    return Actuals(fiscal_year=2026, currency=USD, units=units)


class TestProfitAndLoss:
    def test_only_revenue_and_expense_accounts_with_names_in_chart_order(self) -> None:
        """Cash and payables carry actuals but are not on the statement."""
        pnl = profit_and_loss(
            budget().set("4000", 1, usd("1000")).set("6100", 1, usd("300")),
            actuals(
                {
                    ("4000", NONE, 1): "-1100",
                    ("6110", NONE, 1): "250",
                    ("1000", NONE, 1): "850",
                    ("2000", NONE, 1): "-250",
                }
            ),
            CHART,
        )
        assert [(line.account, line.name, line.depth) for line in pnl.lines()] == [
            ("4000", "Fees", 0),
            ("6000", "Supplies", 0),
            ("6100", "Medical", 1),
            ("6110", "Sutures", 2),
        ]
        assert [line.type for line in pnl.revenue] == [AccountType.REVENUE]

    def test_lines_roll_up_descendants_and_totals_count_each_root_once(self) -> None:
        """6000 = 6100 (with 6110) + 6200; total expense is 6000, not 6000 + its children."""
        pnl = profit_and_loss(
            budget()
            .set("6100", 1, usd("300"))
            .set("6110", 1, usd("100"))
            .set("6200", 1, usd("50"), dimensions=CLINIC)
            .set("6200", 1, usd("70"), dimensions=LAB),
            actuals(
                {
                    ("6100", NONE, 1): "280",
                    ("6110", NONE, 1): "90",
                    ("6200", CLINIC, 1): "65",
                    ("6200", LAB, 1): "60",
                }
            ),
            CHART,
        )
        lines = {line.account: line for line in pnl.lines()}
        assert (lines["6100"].budget, lines["6100"].actual) == (usd("400"), usd("370"))
        assert (lines["6200"].budget, lines["6200"].actual) == (usd("120"), usd("125"))
        assert (lines["6000"].budget, lines["6000"].actual) == (usd("520"), usd("495"))
        assert lines["6000"].variance == usd("-25")
        assert lines["6000"].favourable is True
        assert lines["6200"].favourable is False
        assert (pnl.total_expense.budget, pnl.total_expense.actual) == (usd("520"), usd("495"))

    def test_inclusive_parent_replaces_its_childrens_lines(self) -> None:
        pnl = profit_and_loss(
            budget().set("6000", 1, usd("500"), include_children=True).set("6100", 1, usd("300")),
            actuals({("6100", NONE, 1): "200"}),
            CHART,
        )
        assert pnl.total_expense.budget == usd("500")
        assert pnl.total_expense.actual == usd("200")

    def test_net_income_is_revenue_less_expense_side_by_side(self) -> None:
        """Revenue 1000+200 budget, 1100+150 actual; expense 300 budget, 350 actual."""
        pnl = profit_and_loss(
            budget()
            .set("4000", 1, usd("1000"))
            .set("4100", 1, usd("200"))
            .set("6200", 1, usd("300")),
            actuals(
                {("4000", NONE, 1): "-1100", ("4100", NONE, 1): "-150", ("6200", NONE, 1): "350"}
            ),
            CHART,
        )
        assert (pnl.total_revenue.budget, pnl.total_revenue.actual) == (usd("1200"), usd("1250"))
        assert pnl.total_revenue.favourable is True
        assert pnl.total_expense.favourable is False
        net = pnl.net_income
        assert (net.budget, net.actual, net.variance) == (usd("900"), usd("900"), usd("0"))
        assert net.favourable is None

    def test_periods_outside_the_range_are_left_out(self) -> None:
        b = (
            budget()
            .set("6200", 1, usd("100"))
            .set("6200", 2, usd("200"))
            .set("6200", 3, usd("400"))
        )
        a = actuals({("6200", NONE, 1): "90", ("6200", NONE, 2): "210", ("6200", NONE, 3): "1"})
        pnl = profit_and_loss(b, a, CHART, first_period=2, last_period=2)
        assert (pnl.first_period, pnl.last_period) == (2, 2)
        assert (pnl.total_expense.budget, pnl.total_expense.actual) == (usd("200"), usd("210"))
        whole = profit_and_loss(b, a, CHART)
        assert (whole.last_period, whole.total_expense.budget) == (12, usd("700"))

    def test_unset_budget_is_shown_unset_and_counts_zero_in_totals(self) -> None:
        pnl = profit_and_loss(budget(), actuals({("4000", NONE, 1): "-75"}), CHART)
        (line,) = pnl.revenue
        assert line.budget is None
        assert line.actual == usd("75")
        assert pnl.total_revenue.budget == usd("0")
        assert pnl.net_income.actual == usd("75")
        assert line.to_dict()["budget"] is None

    def test_to_dict_is_json_ready(self) -> None:
        pnl = profit_and_loss(budget().set("6200", 1, usd("10")), actuals({}), CHART)
        data = pnl.to_dict()
        assert data["periods"] == {"first": 1, "last": 12}
        assert data["net_income"] == {
            "budget": "-10.00",
            "actual": "0.00",
            "variance": "10.00",
            "favourable": True,
        }
        assert data["expense"]["lines"][1] == {  # type: ignore[index]
            "account": "6200",
            "name": "Office",
            "type": "expense",
            "depth": 1,
            "budget": "10.00",
            "actual": "0.00",
            "variance": "-10.00",
            "favourable": True,
        }

    @pytest.mark.parametrize(("first", "last"), [(0, 3), (3, 2), (1, 13)])
    def test_a_period_range_outside_the_year_is_refused(self, first: int, last: int) -> None:
        with pytest.raises(InvalidArgument, match="periods must satisfy"):
            profit_and_loss(budget(), actuals({}), CHART, first_period=first, last_period=last)


class TestLargestVariances:
    def report(self) -> VarianceReport:
        b = (
            budget()
            .set("4000", 1, usd("1000"))
            .set("6100", 1, usd("100"), dimensions=CLINIC)
            .set("6100", 1, usd("100"), dimensions=LAB)
            .set("6200", 1, usd("500"))
            .set("6200", 2, usd("40"))
        )
        a = actuals(
            {
                ("4000", NONE, 1): "-700",  # -300, unfavourable
                ("6100", CLINIC, 1): "150",  # +50
                ("6100", LAB, 1): "50",  # -50, ties with CLINIC
                ("6200", NONE, 1): "500",  # on budget
                ("6200", NONE, 2): "240",  # +200
                ("1000", NONE, 1): "-9999",  # cash: not an operating account
                ("9999", NONE, 1): "5000",  # outside the chart
            }
        )
        return budget_vs_actual(b, a, CHART)

    def test_largest_first_operating_accounts_only(self) -> None:
        rows = largest_variances(self.report(), 10)
        assert [(r.account, r.period, r.variance) for r in rows] == [
            ("4000", 1, usd("-300")),
            ("6200", 2, usd("200")),
            ("6100", 1, usd("50")),
            ("6100", 1, usd("-50")),
        ]

    def test_ties_are_broken_by_account_then_dimensions_then_period(self) -> None:
        """CLINIC sorts before LAB whatever order the cells were built in."""
        rows = largest_variances(self.report(), 4)
        assert [r.dimensions for r in rows[2:]] == [CLINIC, LAB]
        again = largest_variances(self.report().roll_up(keep=[Dimension.COST_CENTRE]), 4)
        assert [r.dimensions for r in again[2:]] == [CLINIC, LAB]

    def test_n_limits_the_list_and_zero_gives_none(self) -> None:
        assert [r.account for r in largest_variances(self.report(), 2)] == ["4000", "6200"]
        assert largest_variances(self.report(), 0) == ()

    @pytest.mark.parametrize("n", [-1, 2.5, True])
    def test_a_count_that_is_not_a_whole_number_is_refused(self, n: object) -> None:
        with pytest.raises(InvalidArgument, match="whole number"):
            largest_variances(self.report(), n)  # type: ignore[arg-type]
