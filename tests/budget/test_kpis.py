"""Practice KPIs, checked against published worked examples where there are some."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medoffice.budget._kpis import (
    BenchmarkBand,
    ar_over,
    classify,
    clean_claim_rate,
    cost_to_collect,
    days_in_ar,
    denial_rate_by_amount,
    denial_rate_by_count,
    first_pass_resolution_rate,
    fte,
    net_collection_rate,
    no_show_rate,
    overhead_ratio,
    support_staff_cost_per_fte_physician,
)
from medoffice.kernel import CurrencyMismatch, InvalidArgument, Money


def usd(text: str) -> Money:
    return Money.of(text, "USD")


class TestPublishedExamples:
    def test_adjusted_collection_rate_aafp_example(self) -> None:
        """AAFP, Evaluating Your Practice's Revenue Cycle: Adjusted Collection Rate:
        (500,000 - 14,000) / (850,000 - 350,000) = 97.2 %."""
        kpi = net_collection_rate(
            payments=usd("500000"),
            refunds=usd("14000"),
            charges=usd("850000"),
            contractual_adjustments=usd("350000"),
        )
        assert kpi.value == Decimal("97.20")
        assert kpi.exact == Fraction(972, 10)

    def test_days_in_ar_aafp_example(self) -> None:
        """AAFP, Evaluating Your Practice's Revenue Cycle: Days in A/R:
        (70,000 - 5,000) / (600,000 / 365) = 39.54 days."""
        kpi = days_in_ar(
            receivables=usd("70000"), credit_balance=usd("5000"), charges=usd("600000"), days=365
        )
        assert kpi.value == Decimal("39.54")
        assert kpi.name == "days in A/R (gross)"

    def test_denial_rate_aafp_example(self) -> None:
        """AAFP, Evaluating Your Practice's Revenue Cycle: Denial Rate:
        10,000 denied of 100,000 submitted in a quarter = 10 %."""
        assert denial_rate_by_amount(denied=usd("10000"), submitted=usd("100000")).value == Decimal(
            "10.00"
        )


class TestDefinitions:
    def test_net_days_in_ar_subtracts_contractual_adjustments(self) -> None:
        """Hand-worked: 60,000 A/R over (900,000 - 300,000)/360 a day = 36 days, net."""
        kpi = days_in_ar(
            receivables=usd("60000"),
            charges=usd("900000"),
            contractual_adjustments=usd("300000"),
            days=360,
        )
        assert (kpi.value, kpi.name) == (Decimal("36.00"), "days in A/R (net)")

    def test_ar_over_90_and_120(self) -> None:
        """Hand-worked: buckets 500/200/100/120/80 of 1000: 20 % over 90, 8 % over 120."""
        aging = {0: usd("500"), 31: usd("200"), 61: usd("100"), 91: usd("120"), 121: usd("80")}
        assert ar_over(aging, days=90).value == Decimal("20.00")
        assert ar_over(aging, days=120).value == Decimal("8.00")
        with pytest.raises(InvalidArgument):
            ar_over(aging, days=100)

    def test_no_show_rate_with_and_without_late_cancellations(self) -> None:
        """Hand-worked: 40 no-shows and 20 late cancellations of 1000 booked: 4 % or 6 %."""
        assert no_show_rate(no_shows=40, scheduled=1000, late_cancellations=20).value == Decimal(
            "4.00"
        )
        counted = no_show_rate(
            no_shows=40, scheduled=1000, late_cancellations=20, count_late_cancellations=True
        )
        assert counted.value == Decimal("6.00")

    def test_claim_rates(self) -> None:
        """Hand-worked counts: 95 of 100 clean, 90 of 100 first pass, 7 of 100 denied."""
        assert clean_claim_rate(clean=95, submitted=100).value == Decimal("95.00")
        assert first_pass_resolution_rate(
            resolved_on_first_submission=90, adjudicated=100
        ).value == Decimal("90.00")
        assert denial_rate_by_count(denied=7, submitted=100).value == Decimal("7.00")

    def test_cost_ratios(self) -> None:
        """Hand-worked: overhead 600k of 1M is 60 %; 30k to collect 1M is 3 %."""
        assert overhead_ratio(
            operating_cost=usd("600000"), net_revenue=usd("1000000")
        ).value == Decimal("60.00")
        assert cost_to_collect(
            collection_cost=usd("30000"), collections=usd("1000000")
        ).value == Decimal("3.00")

    def test_support_staff_cost_per_fte_physician_caps_each_person_at_one(self) -> None:
        """MGMA FTE rule: 1.2 counts as 1.0; 900,000 over 1.0 + 0.5 = 600,000.00 per FTE."""
        kpi = support_staff_cost_per_fte_physician(
            support_staff_cost=usd("900000"), physician_fte=[Decimal("1.2"), Decimal("0.5")]
        )
        assert (kpi.value, kpi.unit) == (Decimal("600000.00"), "money")
        assert fte(50, 40) == 1
        assert fte(20, 40) == Fraction(1, 2)

    def test_kpis_carry_their_source(self) -> None:
        """Each KPI names its definition and source."""
        kpi = denial_rate_by_count(denied=1, submitted=2)
        assert "AAFP" in kpi.to_dict()["source"]
        assert kpi.to_dict()["definition"]


class TestKpiRefusals:
    def test_a_zero_denominator_has_no_value(self) -> None:
        """No claims submitted: the denial rate is undefined, a clear error."""
        with pytest.raises(InvalidArgument):
            denial_rate_by_count(denied=0, submitted=0)

    def test_amounts_in_two_currencies_are_refused(self) -> None:
        """Payments in CAD against charges in USD cannot be compared."""
        with pytest.raises(CurrencyMismatch):
            overhead_ratio(operating_cost=Money.of("1", "CAD"), net_revenue=usd("2"))

    def test_negative_hours_are_refused(self) -> None:
        """FTE needs non-negative hours and a positive full-time week."""
        with pytest.raises(InvalidArgument):
            fte(-1, 40)
        with pytest.raises(InvalidArgument):
            support_staff_cost_per_fte_physician(support_staff_cost=usd("1"), physician_fte=[-1, 2])


class TestBenchmarks:
    def test_bands_are_user_data_with_source_and_year(self) -> None:
        """A 97.2 % collection rate falls in the user's 95-99 band and not in the top band."""
        kpi = net_collection_rate(
            payments=usd("486000"), charges=usd("500000"), contractual_adjustments=usd("0")
        )
        bands = [
            BenchmarkBand(
                kpi="net collection rate",
                label="average",
                source="AAFP",
                year=2024,
                low=Decimal(95),
                high=Decimal(99),
            ),
            BenchmarkBand(
                kpi="net collection rate", label="best", source="AAFP", year=2024, low=Decimal(99)
            ),
            BenchmarkBand(kpi="denial rate (count)", label="x", source="y", year=2024),
        ]
        assert [b.label for b in classify(kpi, bands)] == ["average"]


class TestKpiProperties:
    @given(st.integers(0, 10**6), st.integers(1, 10**6))
    def test_rates_are_between_zero_and_a_hundred(self, part: int, whole: int) -> None:
        """A part of a whole is 0-100 %, whatever the counts."""
        part = min(part, whole)
        assert Decimal(0) <= clean_claim_rate(clean=part, submitted=whole).value <= Decimal(100)
