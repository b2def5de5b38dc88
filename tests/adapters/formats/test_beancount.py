"""Beancount export: fava's ``custom "budget"`` entries that add up to the budget exactly."""

from __future__ import annotations

import calendar
import re
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medoffice.adapters.formats.beancount import beancount_account, to_beancount, write_beancount
from medoffice.budget._accounts import Account, AccountType, ChartOfAccounts
from medoffice.budget._budget import Budget
from medoffice.budget._calendar import FiscalCalendar, PeriodPattern
from medoffice.budget._dimensions import Dimension, Dimensions
from medoffice.budget._phasing import Flat
from medoffice.kernel import InvalidArgument, Money

CHART = ChartOfAccounts.of(
    [
        Account(code="6000", name="Supplies", type=AccountType.EXPENSE),
        Account(code="6100", name="medical & surgical", type=AccountType.EXPENSE, parent="6000"),
        Account(code="4000", name="Fees", type=AccountType.REVENUE),
    ]
)
ENTRY = re.compile(r'(\S+) custom "budget" (\S+) "(daily|monthly)" (\S+) (\S+)')


def fava_total(text: str, account: str, first: date, last: date) -> Fraction:
    """What fava would budget for ``account`` over [first, last]: each directive holds until
    the next, a monthly figure spread evenly over its month's days."""
    entries = sorted(
        (date.fromisoformat(d), interval, Fraction(Decimal(amount)))
        for d, acct, interval, amount, _ in ENTRY.findall(text)
        if acct == account
    )
    total = Fraction(0)
    day = first
    while day <= last:
        current = [e for e in entries if e[0] <= day]
        if current:
            _, interval, amount = current[-1]
            days = calendar.monthrange(day.year, day.month)[1] if interval == "monthly" else 1
            total += amount / days
        day = date.fromordinal(day.toordinal() + 1)
    return total


class TestNames:
    def test_accounts_get_a_root_by_type_and_their_tree_path(self) -> None:
        """6100 under 6000 is Expenses:6000-Supplies:6100-MedicalSurgical."""
        assert beancount_account(CHART, "6100") == "Expenses:6000-Supplies:6100-MedicalSurgical"
        assert beancount_account(CHART, "4000") == "Income:4000-Fees"

    def test_a_name_without_usable_characters_is_refused(self) -> None:
        """A slice value of punctuation only cannot become an account component."""
        budget = Budget(name="b", fiscal_year=2026, currency="USD", calendar=FiscalCalendar())
        budget = budget.set(
            "4000", 1, Money.of("1", "USD"), dimensions=Dimensions(cost_centre="!!")
        )
        with pytest.raises(InvalidArgument):
            to_beancount(budget, CHART, by=Dimension.COST_CENTRE)


class TestMonthlyExport:
    def test_monthly_calendars_export_monthly_entries(self) -> None:
        """Twelve monthly entries (income negative, as in beancount), then zero after the year."""
        budget = Budget(name="b", fiscal_year=2026, currency="USD", calendar=FiscalCalendar())
        text = to_beancount(budget.with_phased("4000", Money.of("1200", "USD"), Flat()), CHART)
        lines = [ln for ln in text.splitlines() if "custom" in ln]
        assert lines[0] == '2026-01-01 custom "budget" Income:4000-Fees "monthly" -100.00 USD'
        assert lines[-1] == '2027-01-01 custom "budget" Income:4000-Fees "daily" 0.00 USD'
        assert len(lines) == 13

    def test_unset_periods_export_as_commented_zero(self) -> None:
        """An unset February is zero with a comment naming it."""
        budget = Budget(name="b", fiscal_year=2026, currency="USD", calendar=FiscalCalendar())
        budget = budget.set("4000", 1, Money.of("5", "USD")).with_note("4000", 2, "later")
        text = to_beancount(budget, CHART)
        assert "; FY2026-P02 Income:4000-Fees unset" in text
        assert '2026-02-01 custom "budget" Income:4000-Fees "monthly" 0.00 USD' in text

    def test_dimensions_are_summed_or_kept_as_sub_accounts(self) -> None:
        """Two cost centres sum to one account, or become two sub-accounts with by=."""
        budget = Budget(name="b", fiscal_year=2026, currency="USD", calendar=FiscalCalendar())
        budget = budget.set(
            "4000", 1, Money.of("5", "USD"), dimensions=Dimensions(cost_centre="clinic")
        )
        budget = budget.set(
            "4000", 1, Money.of("7", "USD"), dimensions=Dimensions(cost_centre="lab")
        )
        assert '"monthly" -12.00 USD' in to_beancount(budget, CHART)
        split = to_beancount(budget, CHART, by=Dimension.COST_CENTRE)
        assert 'Income:4000-Fees:Clinic "monthly" -5.00 USD' in split
        assert 'Income:4000-Fees:Lab "monthly" -7.00 USD' in split

    def test_writing_to_a_file(self, tmp_path: Path) -> None:
        """write_beancount writes the same text."""
        budget = Budget(name="b", fiscal_year=2026, currency="USD", calendar=FiscalCalendar())
        budget = budget.set("4000", 1, Money.of("5", "USD"))
        path = write_beancount(budget, CHART, tmp_path / "budget.beancount")
        assert path.read_text(encoding="utf-8") == to_beancount(budget, CHART)


class TestFavaSumsMatch:
    @settings(max_examples=15, deadline=None)
    @given(
        st.sampled_from(list(PeriodPattern)),
        st.integers(1, 12),
        st.integers(1, 28),
        st.integers(1, 10**7),
    )
    def test_fava_sums_every_period_to_the_budget(
        self, pattern: PeriodPattern, month: int, day: int, units: int
    ) -> None:
        """Whatever the calendar, fava's per-period sums equal the budget to the cent."""
        cal = FiscalCalendar(pattern=pattern, start_month=month, start_day=day)
        budget = Budget(name="b", fiscal_year=2026, currency="USD", calendar=cal)
        budget = budget.with_phased("6100", Money.from_minor_units(units, "USD"), Flat())
        text = to_beancount(budget, CHART)
        account = beancount_account(CHART, "6100")
        for period in cal.periods(2026)[:3]:
            expected = budget.amount("6100", period.number)
            assert expected is not None
            got = fava_total(text, account, period.days.first, period.days.last)
            assert got == Fraction(expected.amount)
