"""Money and Currency: exact amounts, refusals, arithmetic within one currency, allocation."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medoffice.kernel import (
    Currency,
    CurrencyMismatch,
    InvalidArgument,
    InvalidValue,
    Money,
    Rounding,
)
from medoffice.testing import currencies, money

USD = Currency.of("USD")


class TestCurrency:
    def test_minor_units_follow_iso_4217(self) -> None:
        """JPY has 0 places, USD 2, BHD 3, CLF 4 and gold none."""
        assert [Currency.of(c).exponent for c in ("JPY", "USD", "BHD", "CLF", "XAU")] == [
            0,
            2,
            3,
            4,
            None,
        ]

    def test_codes_are_case_insensitive_and_trimmed(self) -> None:
        """' usd ' is the US dollar."""
        assert Currency.of(" usd ") == USD
        assert USD.number == 840
        assert str(USD) == "USD"

    @pytest.mark.parametrize("code", ["XXX1", "", "ZZZ", 840])
    def test_unknown_codes_are_refused(self, code: object) -> None:
        """A code that is not in the ISO table is an error."""
        with pytest.raises(InvalidValue):
            Currency.of(code)  # type: ignore[arg-type]

    def test_gold_cannot_hold_money(self) -> None:
        """Codes with no minor unit are currencies but not money."""
        assert not Currency.of("XAU").can_hold_money
        with pytest.raises(InvalidValue):
            Money.of("1", "XAU")
        with pytest.raises(InvalidValue):
            Money.from_minor_units(1, "XDR")


class TestConstruction:
    def test_amount_is_stored_with_the_currency_places(self) -> None:
        """10 USD is stored as 10.00; trailing zeros beyond the places are accepted."""
        assert Money(Decimal(10), USD).amount.as_tuple().exponent == -2
        assert Money.of("10.000", "USD") == Money.of("10", "USD")
        assert repr(Money.of("7", "JPY")) == "Money('7', 'JPY')"

    def test_floats_are_refused(self) -> None:
        """A float amount is never accepted, not even a round one."""
        with pytest.raises(InvalidValue):
            Money(10.0, USD)  # type: ignore[arg-type]
        with pytest.raises(InvalidValue):
            Money(True, USD)

    @pytest.mark.parametrize(
        ("amount", "code"),
        [("1.005", "USD"), ("0.5", "JPY"), ("1.0001", "BHD"), ("1.00001", "CLF")],
    )
    def test_too_many_places_are_refused_not_rounded(self, amount: str, code: str) -> None:
        """An amount finer than the minor unit is an error."""
        with pytest.raises(InvalidValue):
            Money.of(amount, code)

    @pytest.mark.parametrize("amount", ["NaN", "Infinity", "abc", object()])
    def test_non_amounts_are_refused(self, amount: object) -> None:
        """NaN, infinity, text and other objects are not amounts."""
        with pytest.raises(InvalidValue):
            Money.of(amount, "USD")  # type: ignore[arg-type]

    def test_minor_units_round_trip(self) -> None:
        """1250 cents is 12.50 and back."""
        assert Money.from_minor_units(1250, "USD") == Money.of("12.50", "USD")
        assert Money.of("12.50", "USD").minor_units == 1250
        assert Money.from_minor_units(-5, "BHD").amount == Decimal("-0.005")
        with pytest.raises(InvalidValue):
            Money.from_minor_units(1.5, "USD")  # type: ignore[arg-type]

    def test_zero_and_sign_predicates(self) -> None:
        """zero() is zero; signs are reported."""
        zero = Money.zero("EUR")
        assert zero.is_zero()
        assert not zero.is_positive()
        assert not zero.is_negative()
        assert Money.of("-1", "EUR").is_negative()
        assert Money.of("1", "EUR").is_positive()


class TestArithmetic:
    def test_add_subtract_negate_abs(self) -> None:
        """Arithmetic within one currency is exact."""
        a, b = Money.of("10.10", "USD"), Money.of("0.20", "USD")
        assert a + b == Money.of("10.30", "USD")
        assert a - b == Money.of("9.90", "USD")
        assert -a == Money.of("-10.10", "USD")
        assert abs(-a) == a

    def test_mixing_currencies_raises(self) -> None:
        """USD and EUR never mix, in arithmetic or comparison."""
        with pytest.raises(CurrencyMismatch):
            _ = Money.of("1", "USD") + Money.of("1", "EUR")
        with pytest.raises(CurrencyMismatch):
            _ = Money.of("1", "USD") < Money.of("1", "EUR")
        with pytest.raises(InvalidArgument):
            _ = Money.of("1", "USD") + 1  # type: ignore[operator]

    def test_comparisons(self) -> None:
        """Amounts of one currency order by value."""
        small, large = Money.of("1", "USD"), Money.of("2", "USD")
        assert small < large
        assert small <= small
        assert large > small
        assert large >= large

    def test_sum_of_nothing_is_zero(self) -> None:
        """Money.sum of an empty iterable is zero in the named currency."""
        assert Money.sum([], currency="USD") == Money.zero("USD")
        assert Money.sum([Money.of("1.50", "USD")] * 3, currency="USD") == Money.of("4.50", "USD")

    @pytest.mark.parametrize(
        ("rounding", "expected"),
        [
            (Rounding.HALF_EVEN, ["0.02", "0.04", "-0.02"]),
            (Rounding.HALF_UP, ["0.03", "0.05", "-0.03"]),
            (Rounding.HALF_DOWN, ["0.02", "0.04", "-0.02"]),
            (Rounding.UP, ["0.03", "0.05", "-0.03"]),
            (Rounding.DOWN, ["0.02", "0.04", "-0.02"]),
            (Rounding.CEILING, ["0.03", "0.05", "-0.02"]),
            (Rounding.FLOOR, ["0.02", "0.04", "-0.03"]),
        ],
    )
    def test_multiply_rounds_ties_as_told(self, rounding: Rounding, expected: list[str]) -> None:
        """Half a cent goes the way the rounding mode says."""
        half = Decimal("0.5")
        amounts = ["0.05", "0.09", "-0.05"]
        got = [Money.of(a, "USD").multiply(half, rounding=rounding) for a in amounts]
        assert got == [Money.of(e, "USD") for e in expected]

    def test_multiply_off_tie_rounds_to_nearest(self) -> None:
        """Non-tie remainders round to the nearest unit for every half mode."""
        for mode in (Rounding.HALF_EVEN, Rounding.HALF_UP, Rounding.HALF_DOWN):
            assert Money.of("1.00", "USD").multiply(Fraction(2, 3), rounding=mode) == Money.of(
                "0.67", "USD"
            )
            assert Money.of("1.00", "USD").multiply(Fraction(1, 3), rounding=mode) == Money.of(
                "0.33", "USD"
            )

    def test_multiply_requires_an_explicit_rounding_and_exact_factor(self) -> None:
        """No default rounding; floats are not factors."""
        with pytest.raises(InvalidArgument):
            Money.of("1", "USD").multiply(Decimal(2), rounding="up")  # type: ignore[arg-type]
        with pytest.raises(InvalidArgument):
            Money.of("1", "USD").multiply(0.5, rounding=Rounding.UP)  # type: ignore[arg-type]
        with pytest.raises(InvalidArgument):
            Money.of("1", "USD").multiply(Decimal("NaN"), rounding=Rounding.UP)


class TestAllocation:
    def test_the_beancount_example_has_no_residue(self) -> None:
        """40.00 over 31 days sums back to exactly 40.00."""
        parts = Money.of("40.00", "USD").split(31)
        assert Money.sum(parts, currency="USD") == Money.of("40.00", "USD")
        assert {p.amount for p in parts} == {Decimal("1.29"), Decimal("1.30")}

    def test_largest_remainder_goes_first_and_ties_to_earlier_parts(self) -> None:
        """100.00 by 1:1:1 gives the extra cent to the first part."""
        assert [p.amount for p in Money.of("100", "USD").allocate([1, 1, 1])] == [
            Decimal("33.34"),
            Decimal("33.33"),
            Decimal("33.33"),
        ]
        assert [p.amount for p in Money.of("1.00", "USD").allocate([Decimal("0.1"), 3, 6])] == [
            Decimal("0.01"),
            Decimal("0.33"),
            Decimal("0.66"),
        ]

    def test_negative_amounts_allocate_symmetrically(self) -> None:
        """A refund splits like a charge, with the sign flipped."""
        assert Money.of("-100", "USD").split(3) == tuple(
            -p for p in Money.of("100", "USD").split(3)
        )

    def test_zero_weights_get_nothing(self) -> None:
        """A zero weight never receives a leftover unit."""
        parts = Money.of("0.05", "USD").allocate([0, 1, 1, 0])
        assert parts[0].is_zero()
        assert parts[3].is_zero()

    @pytest.mark.parametrize("weights", [[], [-1, 2], [0, 0]])
    def test_bad_weights_are_refused(self, weights: list[int]) -> None:
        """No weights, negative weights and all-zero weights are errors."""
        with pytest.raises(InvalidArgument):
            Money.of("1", "USD").allocate(weights)

    @pytest.mark.parametrize("parts", [0, -1, True])
    def test_split_needs_a_positive_count(self, parts: int) -> None:
        """split(0) makes no sense."""
        with pytest.raises(InvalidArgument):
            Money.of("1", "USD").split(parts)

    @given(
        st.data(),
        st.lists(st.integers(0, 10**6), min_size=1, max_size=40).filter(any),
    )
    def test_allocation_always_sums_to_the_whole(
        self, data: st.DataObject, weights: list[int]
    ) -> None:
        """For every currency exponent, random totals and weights, the parts sum exactly."""
        total = data.draw(money(currency=data.draw(currencies(exponents=(0, 2, 3, 4)))))
        parts = total.allocate(weights)
        assert len(parts) == len(weights)
        assert sum(p.minor_units for p in parts) == total.minor_units
        assert all(p.currency == total.currency for p in parts)

    @given(money(), st.integers(1, 500))
    def test_split_parts_differ_by_at_most_one_unit(self, total: Money, n: int) -> None:
        """An even split is even to within one minor unit."""
        units = [p.minor_units for p in total.split(n)]
        assert max(units) - min(units) <= 1
        assert sum(units) == total.minor_units


class TestPresentation:
    def test_format_is_for_people_and_keeps_storage(self) -> None:
        """Display rounding and grouping never change the stored amount."""
        fee = Money.of("1234.56", "USD")
        assert fee.format() == "1,234.56 USD"
        assert fee.format(places=0) == "1,235 USD"
        assert fee.format(grouping=False) == "1234.56 USD"
        assert fee.amount == Decimal("1234.56")
        assert str(fee) == "1234.56 USD"
        assert f"{fee}" == "1234.56 USD"
        assert f"{fee:>13}" == "  1234.56 USD"
        with pytest.raises(InvalidArgument):
            fee.format(places=-1)

    def test_hash_and_equality_follow_value(self) -> None:
        """Equal amounts in one currency are equal and hash alike."""
        assert {Money.of("1", "USD"), Money.of("1.00", "USD")} == {Money.of("1", "USD")}
        assert Money.of("1", "USD") != Money.of("1", "CAD")
