"""Budgets: versions, unset versus zero, notes, inclusive lines, and the chart checks."""

from __future__ import annotations

import pytest

from medoffice.budget._accounts import Account, AccountType, ChartOfAccounts, MgmaCategory
from medoffice.budget._budget import Budget, VersionKind, check_budget
from medoffice.budget._calendar import FiscalCalendar
from medoffice.budget._dimensions import Dimensions
from medoffice.budget._phasing import Flat
from medoffice.kernel import CurrencyMismatch, InvalidArgument, InvalidValue, Money


def usd(text: str) -> Money:
    return Money.of(text, "USD")


def empty() -> Budget:
    return Budget(name="FY26", fiscal_year=2026, currency="USD", calendar=FiscalCalendar())


CHART = ChartOfAccounts.of(
    [
        Account(code="6000", name="Supplies", type=AccountType.EXPENSE),
        Account(
            code="6100",
            name="Medical supplies",
            type=AccountType.EXPENSE,
            parent="6000",
            category=MgmaCategory.MEDICAL_AND_SURGICAL_SUPPLY,
        ),
        Account(code="6200", name="Office supplies", type="expense", parent="6000"),
        Account(code="4000", name="Fee-for-service", type=AccountType.REVENUE),
    ]
)


class TestUnsetAndZero:
    def test_an_unset_cell_is_none_and_a_zero_cell_is_zero(self) -> None:
        """Nobody budgeted 6200 yet (None); 6100 was budgeted at nothing (0.00)."""
        budget = empty().set("6100", 1, usd("0"))
        assert budget.amount("6100", 1) == usd("0.00")
        assert budget.amount("6200", 1) is None
        assert budget.line("6100", 1) is not None
        assert budget.line("6100", 1).is_set  # type: ignore[union-attr]

    def test_unsetting_keeps_the_note(self) -> None:
        """Setting a cell back to None leaves its note in place."""
        budget = empty().set("6100", 1, usd("5"), note="quote pending").set("6100", 1, None)
        line = budget.line("6100", 1)
        assert line is not None
        assert (line.amount, line.note) == (None, "quote pending")

    def test_a_note_on_an_empty_cell_leaves_it_unset(self) -> None:
        """Notes may precede numbers."""
        budget = empty().with_note("6200", 3, "ask the lab")
        assert budget.amount("6200", 3) is None
        assert budget.line("6200", 3).note == "ask the lab"  # type: ignore[union-attr]
        assert budget.total() == usd("0")


class TestVersions:
    def test_a_revision_is_a_new_value_and_the_original_is_untouched(self) -> None:
        """Revising returns a new budget; the original keeps its lines."""
        original = empty().with_phased("6100", usd("1200"), Flat())
        revised = original.version("FY26 r1", "revised").set("6100", 1, usd("150"))
        assert revised.kind is VersionKind.REVISED
        assert original.amount("6100", 1) == usd("100")
        assert revised.total("6100") == usd("1250")

    def test_lines_are_per_dimension(self) -> None:
        """The same account and period can be budgeted per cost centre."""
        clinic, lab = Dimensions(cost_centre="CLINIC"), Dimensions(cost_centre="LAB")
        budget = empty().set("6100", 1, usd("10"), dimensions=clinic)
        budget = budget.set("6100", 1, usd("20"), dimensions=lab)
        assert budget.amount("6100", 1, lab) == usd("20")
        assert budget.amount("6100", 1) is None
        assert budget.to_dict()["lines"][1]["dimensions"] == {"cost_centre": "LAB"}  # type: ignore[index]


class TestSeries:
    def test_a_series_sums_slices_and_counts_unset_as_zero(self) -> None:
        """Per period, CLINIC 10 + LAB 20 = 30 in January; other months are zero."""
        clinic, lab = Dimensions(cost_centre="CLINIC"), Dimensions(cost_centre="LAB")
        budget = empty().set("6100", 1, usd("10"), dimensions=clinic)
        budget = budget.set("6100", 1, usd("20"), dimensions=lab)
        assert budget.series("6100")[:2] == (usd("30"), usd("0"))
        assert budget.series("6100", lab)[0] == usd("20")
        assert len(budget.series("6100")) == 12

    def test_many_cells_change_at_once_keeping_notes(self) -> None:
        """with_amounts sets several cells and leaves existing notes alone."""
        budget = empty().set("6100", 1, usd("1"), note="keep me")
        changed = budget.with_amounts(
            {("6100", Dimensions(), 1): usd("5"), ("6200", Dimensions(), 2): usd("7")}
        )
        assert changed.line("6100", 1).note == "keep me"  # type: ignore[union-attr]
        assert (changed.amount("6100", 1), changed.amount("6200", 2)) == (usd("5"), usd("7"))


class TestBudgetRefusals:
    def test_another_currency_is_refused(self) -> None:
        """A USD budget cannot hold a CAD amount."""
        with pytest.raises(CurrencyMismatch):
            empty().set("6100", 1, Money.of("1", "CAD"))

    def test_a_period_outside_the_calendar_is_refused(self) -> None:
        """Monthly budgets have no period 13."""
        with pytest.raises(InvalidArgument):
            empty().set("6100", 13, usd("1"))

    def test_a_float_amount_cannot_even_be_built(self) -> None:
        """Only Money (or None) goes into a cell."""
        with pytest.raises(InvalidValue):
            empty().set("6100", 1, 1.5)  # type: ignore[arg-type]


class TestCheckBudget:
    def test_unknown_accounts_are_errors(self) -> None:
        """A line for an account not in the chart is BUD-LINE-001 at its path."""
        report = check_budget(empty().set("9999", 1, usd("1")), CHART)
        assert [(str(f.rule), f.path) for f in report] == [("BUD-LINE-001", "lines[0].account")]

    def test_an_inclusive_line_smaller_than_its_children_is_a_warning(self) -> None:
        """6000 inclusive at 100 with children at 80 + 30 is BUD-LINE-002."""
        budget = (
            empty()
            .set("6000", 1, usd("100"), include_children=True)
            .set("6100", 1, usd("80"))
            .set("6200", 1, usd("30"))
        )
        report = check_budget(budget, CHART)
        assert [str(f.rule) for f in report] == ["BUD-LINE-002"]
        assert report.ok

    def test_an_inclusive_leaf_is_noted(self) -> None:
        """Including the children of an account without any is BUD-LINE-003 (info)."""
        report = check_budget(empty().set("6100", 1, usd("1"), include_children=True), CHART)
        assert [str(f.rule) for f in report] == ["BUD-LINE-003"]

    def test_a_consistent_budget_has_no_findings(self) -> None:
        """Children within their inclusive parent raise nothing."""
        budget = empty().set("6000", 1, usd("100"), include_children=True).set("6100", 1, usd("60"))
        assert not check_budget(budget, CHART)


class TestChart:
    def test_the_tree_answers_children_descendants_and_ancestors(self) -> None:
        """6000 has two children; 6100's ancestor is 6000; roots are 6000 and 4000."""
        assert CHART.children("6000") == ("6100", "6200")
        assert CHART.ancestors("6100") == ("6000",)
        assert CHART.roots() == ("6000", "4000")
        assert CHART["6100"].category is MgmaCategory.MEDICAL_AND_SURGICAL_SUPPLY
        assert MgmaCategory.MEDICAL_ASSISTANTS_NURSE_AIDES.is_support_staff

    @pytest.mark.parametrize(
        "accounts",
        [
            [Account(code="1", name="a", type="expense", parent="2")],
            [
                Account(code="1", name="a", type="expense"),
                Account(code="1", name="b", type="expense"),
            ],
            [
                Account(code="1", name="a", type="expense"),
                Account(code="2", name="b", type="revenue", parent="1"),
            ],
            [
                Account(code="1", name="a", type="expense", parent="2"),
                Account(code="2", name="b", type="expense", parent="1"),
            ],
        ],
        ids=["unknown parent", "duplicate", "type differs", "cycle"],
    )
    def test_broken_charts_are_refused(self, accounts: list[Account]) -> None:
        """Unknown parents, duplicates, mixed types and cycles are errors."""
        with pytest.raises(InvalidArgument):
            ChartOfAccounts.of(accounts)

    def test_an_unknown_code_is_a_clear_error(self) -> None:
        """Looking up an account not in the chart raises InvalidArgument."""
        with pytest.raises(InvalidArgument):
            CHART["nope"]
        assert "nope" not in CHART

    def test_account_codes_cannot_contain_colons(self) -> None:
        """A colon would break exported account names."""
        with pytest.raises(InvalidValue):
            Account(code="a:b", name="x", type="expense")
