"""Actuals: transactions balance per currency; aggregation into account x period is exact."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medoffice.budget._calendar import FiscalCalendar
from medoffice.budget._dimensions import Dimension, Dimensions
from medoffice.budget._ledger import Leg, Posting, Transaction, aggregate, check_transaction
from medoffice.kernel import CurrencyMismatch, InvalidValue, Money
from medoffice.testing._budget_strategies import budget_dimensions

CAL = FiscalCalendar()


def usd(text: str) -> Money:
    return Money.of(text, "USD")


def purchase(ident: str, on: date, amount: str, *, cc: str | None = None) -> Transaction:
    return Transaction(
        id=ident,
        on=on,
        legs=(
            Leg(account="6100", amount=usd(amount), dimensions=Dimensions(cost_centre=cc)),
            Leg(account="2000", amount=-usd(amount)),
        ),
    )


class TestBalance:
    def test_a_balanced_transaction_passes(self) -> None:
        """Debits equal credits: no findings."""
        assert not check_transaction(purchase("T", date(2026, 1, 2), "10.00"))

    def test_each_currency_must_balance_on_its_own(self) -> None:
        """USD and CAD legs that net to zero only across currencies fail for both."""
        t = Transaction(
            id="T",
            on=date(2026, 1, 2),
            legs=(
                Leg(account="a", amount=usd("1")),
                Leg(account="b", amount=Money.of("-1", "CAD")),
            ),
        )
        report = check_transaction(t)
        assert [(str(f.rule), f.value) for f in report] == [
            ("BUD-TXN-001", "CAD"),
            ("BUD-TXN-001", "USD"),
        ]

    def test_a_single_leg_and_a_future_date_are_errors(self) -> None:
        """One leg is BUD-TXN-002; a date after ``on`` is BUD-TXN-003."""
        t = Transaction(id="T", on=date(2026, 5, 1), legs=(Leg(account="a", amount=usd("0")),))
        rules = {str(f.rule) for f in check_transaction(t, on=date(2026, 4, 30))}
        assert rules == {"BUD-TXN-002", "BUD-TXN-003"}

    @given(st.lists(st.integers(-(10**9), 10**9), min_size=1, max_size=8))
    def test_a_transaction_closed_by_its_negated_sum_always_balances(
        self, units: list[int]
    ) -> None:
        """Adding a leg of minus the sum makes any set of legs balance."""
        legs = [
            Leg(account=f"A{i}", amount=Money.from_minor_units(u, "USD"))
            for i, u in enumerate(units)
        ]
        legs.append(Leg(account="Z", amount=Money.from_minor_units(-sum(units), "USD")))
        assert check_transaction(Transaction(id="T", on=date(2026, 1, 1), legs=legs)).ok


class TestAggregate:
    def test_postings_sum_into_their_month(self) -> None:
        """Two January purchases and one in February land in periods 1 and 2."""
        postings = [
            *purchase("A", date(2026, 1, 2), "10.00").postings(),
            *purchase("B", date(2026, 1, 31), "5.50").postings(),
            *purchase("C", date(2026, 2, 1), "1.00").postings(),
        ]
        actuals = aggregate(postings, CAL, 2026, "USD")
        assert actuals.amount("6100", 1) == usd("15.50")
        assert actuals.amount("6100", 2) == usd("1.00")
        assert actuals.amount("2000", 1) == usd("-15.50")
        assert actuals.total() == usd("0")
        assert actuals.total("6100", through_period=1) == usd("15.50")

    def test_postings_outside_the_year_are_skipped(self) -> None:
        """A December 2025 posting does not count in FY2026."""
        actuals = aggregate(purchase("A", date(2025, 12, 31), "9").postings(), CAL, 2026, "USD")
        assert actuals.units == {}

    def test_dimensions_are_kept_only_when_asked(self) -> None:
        """By cost centre the cells split; without, they merge."""
        postings = [
            *purchase("A", date(2026, 3, 2), "1", cc="CLINIC").postings(),
            *purchase("B", date(2026, 3, 3), "2", cc="LAB").postings(),
        ]
        split = aggregate(postings, CAL, 2026, "USD", dimensions=[Dimension.COST_CENTRE])
        merged = aggregate(postings, CAL, 2026, "USD")
        assert split.amount("6100", 3, Dimensions(cost_centre="LAB")) == usd("2")
        assert merged.amount("6100", 3) == usd("3")
        assert next(k for k, _ in merged.cells()) == ("2000", Dimensions(), 3)

    def test_currencies_are_never_mixed(self) -> None:
        """A CAD posting in a USD aggregation raises CurrencyMismatch, on either path."""
        cad = Posting(
            transaction="X", on=date(2026, 1, 5), account="6100", amount=Money.of("1", "CAD")
        )
        with pytest.raises(CurrencyMismatch):
            aggregate([cad], CAL, 2026, "USD")
        with pytest.raises(CurrencyMismatch):
            aggregate([cad], CAL, 2026, "USD", dimensions=[Dimension.PAYER])

    def test_a_posting_in_another_currency_outside_the_year_is_skipped(self) -> None:
        """Only the postings of the year are added, so only theirs must be in the currency;
        postings given as a generator are read once, as a list is."""
        usd = [
            Posting(
                transaction="U", on=date(2026, 3, d), account="6100", amount=Money.of("2", "USD")
            )
            for d in (1, 2)
        ]
        cad = Posting(
            transaction="C", on=date(2025, 12, 31), account="6100", amount=Money.of("1", "CAD")
        )
        actuals = aggregate((p for p in [cad, *usd]), CAL, 2026, "USD")
        assert actuals.units == {("6100", Dimensions(), 3): 400}
        late = Posting(
            transaction="L", on=date(2026, 3, 3), account="6200", amount=Money.of("1", "CAD")
        )
        with pytest.raises(CurrencyMismatch):
            aggregate([*usd, cad, late], CAL, 2026, "USD")

    def test_a_posting_needs_money(self) -> None:
        """A bare number is refused."""
        with pytest.raises(InvalidValue):
            Posting(transaction="X", on=date(2026, 1, 5), account="6100", amount=5)  # type: ignore[arg-type]

    @given(
        st.lists(
            st.tuples(
                st.integers(0, 400), st.sampled_from(["6100", "6200"]), st.integers(-(10**6), 10**6)
            ),
            max_size=60,
        )
    )
    def test_aggregation_matches_a_naive_sum(self, rows: list[tuple[int, str, int]]) -> None:
        """Each non-zero cell equals the plain sum of the postings of that account and month."""
        postings = [
            Posting(
                transaction=str(i),
                on=date(2026, 1, 1) + timedelta(days=d),
                account=a,
                amount=Money.from_minor_units(u, "USD"),
            )
            for i, (d, a, u) in enumerate(rows)
        ]
        actuals = aggregate(postings, CAL, 2026, "USD")
        expected: dict[tuple[str, int], int] = {}
        for p in postings:
            if p.on.year == 2026:
                key = (p.account, p.on.month)
                expected[key] = expected.get(key, 0) + p.minor_units
        assert {(a, per): u for (a, _, per), u in actuals.units.items()} == {
            k: v for k, v in expected.items() if v
        }


class TestAggregateByDimensions:
    @given(st.lists(st.tuples(budget_dimensions(), st.integers(-(10**6), 10**6)), max_size=40))
    def test_keeping_dimensions_never_changes_an_accounts_total(
        self, rows: list[tuple[Dimensions, int]]
    ) -> None:
        """Split by cost centre and location or not, each account sums to the same amount."""
        postings = [
            Posting(
                transaction=str(i),
                on=date(2026, 6, 1),
                account="6100",
                amount=Money.from_minor_units(u, "USD"),
                dimensions=d,
            )
            for i, (d, u) in enumerate(rows)
        ]
        kept = [Dimension.COST_CENTRE, Dimension.LOCATION]
        split = aggregate(postings, CAL, 2026, "USD", dimensions=kept)
        whole = aggregate(postings, CAL, 2026, "USD")
        assert (
            split.total("6100")
            == whole.total("6100")
            == Money.from_minor_units(sum(u for _, u in rows), "USD")
        )
