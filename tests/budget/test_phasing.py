"""Phasing: flat, by calendar days, business days, seasonal profile or driver, always exact."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medoffice.adapters.calendars import FixedHolidayCalendar
from medoffice.budget._calendar import FiscalCalendar
from medoffice.budget._phasing import (
    BusinessDays,
    CalendarDays,
    Driver,
    Flat,
    PhasingMethod,
    Seasonal,
    phase,
    phase_by_driver,
)
from medoffice.kernel import Currency, InvalidArgument, Money
from medoffice.testing import money
from medoffice.testing._budget_strategies import budget_currencies, fiscal_calendars

PERIODS = FiscalCalendar().periods(2026)


class TestPhasingExamples:
    def test_forty_over_thirty_one_days_sums_to_forty(self) -> None:
        """The beancount residue case: 40.00 over 31 equal days adds back to 40.00."""
        parts = Money.of("40.00", "USD").allocate([1] * 31)
        assert sum(p.minor_units for p in parts) == 4000

    def test_flat_gives_near_equal_months(self) -> None:
        """1000.00 over twelve months: four months of 83.34 and eight of 83.33."""
        parts = phase(Money.of("1000.00", "USD"), PERIODS, Flat())
        assert sorted({p.amount for p in parts}) == [Decimal("83.33"), Decimal("83.34")]
        assert Money.sum(parts, currency="USD") == Money.of("1000.00", "USD")

    def test_calendar_days_weights_january_more_than_february(self) -> None:
        """365.00 by calendar days is one unit a day: 31.00 in January, 28.00 in February."""
        parts = phase(Money.of("365.00", "USD"), PERIODS, CalendarDays())
        assert (parts[0], parts[1]) == (Money.of("31.00", "USD"), Money.of("28.00", "USD"))

    def test_business_days_skip_weekends_and_holidays(self) -> None:
        """January 2026 has 22 weekdays; New Year's Day as a holiday leaves 21."""
        plain = BusinessDays(holidays=FixedHolidayCalendar())
        closed = BusinessDays(holidays=FixedHolidayCalendar([date(2026, 1, 1)]))
        assert plain.weights(PERIODS)[0] == 22
        assert closed.weights(PERIODS)[0] == 21

    def test_a_seasonal_profile_follows_its_weights(self) -> None:
        """A profile of 2 for January and 1 elsewhere gives January twice the rest."""
        parts = phase(Money.of("1300", "JPY"), PERIODS, Seasonal((2,) + (1,) * 11))
        assert parts[0] == Money.of("200", "JPY")
        assert parts[1] == Money.of("100", "JPY")

    def test_driver_multiplies_visits_by_cost_per_visit(self) -> None:
        """100, 120 and 80 visits at 12.345 a visit total 3703.50 once, split by visits."""
        parts = phase_by_driver([100, 120, 80], Decimal("12.345"), "USD")
        assert Money.sum(parts, currency="USD") == Money.of("3703.50", "USD")
        assert phase(Money.of("300.00", "USD"), PERIODS[:3], Driver((1, 1, 1)))[0].amount == 100

    def test_no_visits_phase_to_zero(self) -> None:
        """A driver of zero visits gives zero in every period."""
        assert phase_by_driver([0, 0], Decimal(5), "USD") == (Money.zero("USD"),) * 2


class TestPhasingRefusals:
    def test_a_profile_of_the_wrong_length_is_refused(self) -> None:
        """Eleven weights for twelve months is an error."""
        with pytest.raises(InvalidArgument):
            phase(Money.of("1", "USD"), PERIODS, Seasonal((1,) * 11))

    def test_all_zero_weights_are_refused(self) -> None:
        """Business days with every day a holiday leave nothing to phase by."""
        closed = BusinessDays(holidays=FixedHolidayCalendar(), workdays=frozenset())
        with pytest.raises(InvalidArgument):
            phase(Money.of("1", "USD"), PERIODS, closed)

    def test_negative_visits_are_refused(self) -> None:
        """Visits are whole and non-negative."""
        with pytest.raises(InvalidArgument):
            phase_by_driver([-1], Decimal(1), "USD")
        with pytest.raises(InvalidArgument):
            phase(Money.of("1", "USD"), PERIODS[:2], Driver((1,)))


METHODS: list[PhasingMethod] = [
    Flat(),
    CalendarDays(),
    BusinessDays(holidays=FixedHolidayCalendar([date(2026, 12, 25)])),
]


class TestPhasingProperties:
    @given(
        st.data(),
        st.sampled_from([0, 2, 3, 4]),
        fiscal_calendars(),
        st.sampled_from(METHODS),
    )
    def test_phasing_sums_exactly_for_every_exponent(
        self, data: st.DataObject, exponent: int, cal: FiscalCalendar, method: PhasingMethod
    ) -> None:
        """For currencies of 0, 2, 3 and 4 places, the periods add up to the annual amount."""
        currency = data.draw(budget_currencies().filter(lambda c: c.exponent == exponent))
        annual = data.draw(money(currency=currency, min_units=-(10**9), max_units=10**9))
        parts = phase(annual, cal.periods(2026), method)
        assert len(parts) == len(cal.periods(2026))
        assert sum(p.minor_units for p in parts) == annual.minor_units
        assert all(p.currency == currency for p in parts)

    @given(
        budget_currencies(),
        st.integers(-(10**9), 10**9),
        st.lists(st.integers(0, 1000), min_size=1, max_size=30).filter(any),
    )
    def test_allocation_by_any_weights_is_exact_and_fair(
        self, currency: Currency, units: int, weights: list[int]
    ) -> None:
        """Parts sum exactly and each is within one minor unit of its exact share."""
        parts = Money.from_minor_units(units, currency).allocate(weights)
        assert sum(p.minor_units for p in parts) == units
        total = sum(weights)
        for part, weight in zip(parts, weights, strict=True):
            assert abs(part.minor_units * total - units * weight) < total

    @given(
        st.lists(st.integers(0, 5000), min_size=1, max_size=13),
        st.decimals(min_value=0, max_value=1000, places=4),
    )
    def test_driver_phasing_sums_to_the_rounded_total(
        self, visits: list[int], rate: Decimal
    ) -> None:
        """The periods add up to total visits x rate rounded once."""
        parts = phase_by_driver(visits, rate, "USD")
        exact = rate * sum(visits)
        assert abs(Money.sum(parts, currency="USD").amount - exact) <= Decimal("0.005")
