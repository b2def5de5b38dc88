"""The budget module's KPI worked examples, computed from posted remittances: the same numbers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from decimal import Decimal

from medoffice.adapters.bridges._revenue import BudgetKpiDefinitions
from medoffice.budget._kpis import (
    ar_over,
    days_in_ar,
    denial_rate_by_amount,
    denial_rate_by_count,
    first_pass_resolution_rate,
    net_collection_rate,
)
from medoffice.kernel import Money
from medoffice.revenue._model import (
    Adjustment,
    BilledClaim,
    BilledLine,
    ClaimPayment,
    ProviderAdjustment,
    Remittance,
)
from medoffice.revenue.services import Revenue
from medoffice.testing import FrozenClock, InMemoryStore, reversal_of


def usd(text: str | int) -> Money:
    return Money.of(text, "USD")


def bill(count: int, charge: str, *, served: date, prefix: str = "C") -> list[BilledClaim]:
    return [
        BilledClaim(
            control_number=f"{prefix}{i:04d}",
            payer_id="PAYER-A",
            patient=f"p-{i}",
            billed_on=served,
            lines=(
                BilledLine(number=1, procedure="99214", charge=usd(charge), service_date=served),
            ),
        )
        for i in range(count)
    ]


def paid(
    claim: BilledClaim, amount: str, *adjustments: Adjustment, status: str = "1"
) -> ClaimPayment:
    return ClaimPayment(
        control_number=claim.control_number,
        status=status,
        charge=claim.charge,
        paid=usd(amount),
        adjustments=adjustments,
        payer_claim_number=f"P{claim.control_number}",
    )


def remit(
    claims: Sequence[ClaimPayment], *, trace: str, on: date, plb: Sequence[ProviderAdjustment] = ()
) -> Remittance:
    total = Money.sum((c.paid for c in claims), currency="USD")
    taken = Money.sum((p.amount for p in plb), currency="USD")
    return Remittance(
        trace=trace,
        originator="1PAYER-A",
        payer_id="PAYER-A",
        payment=total - taken,
        paid_on=on,
        claims=tuple(claims),
        provider_adjustments=tuple(plb),
    )


def service(on: date) -> Revenue:
    return Revenue(
        InMemoryStore(), clock=FrozenClock(datetime(on.year, on.month, on.day, tzinfo=UTC))
    )


def kpis(revenue: Revenue, start: date, end: date) -> dict[str, Decimal]:
    return {k.name: k.value for k in revenue.kpis(BudgetKpiDefinitions(), start=start, end=end)}


class TestAafpWorkedExamples:
    def test_adjusted_collection_rate(self) -> None:
        """AAFP: (500,000 - 14,000) / (850,000 - 350,000) = 97.2 %: 100 claims and a recoupment."""
        revenue = service(date(2025, 12, 31))
        claims = bill(100, "8500.00", served=date(2025, 3, 3))
        revenue.bill(claims)
        co45 = Adjustment(group="CO", reason="45", amount=usd("3500.00"))
        recoupment = ProviderAdjustment(provider="1234567893", reason="WO", amount=usd("14000.00"))
        revenue.post(
            remit(
                [paid(c, "5000.00", co45) for c in claims],
                trace="T1",
                on=date(2025, 4, 1),
                plb=[recoupment],
            )
        )
        expected = net_collection_rate(
            payments=usd(500000),
            refunds=usd(14000),
            charges=usd(850000),
            contractual_adjustments=usd(350000),
        )
        found = kpis(revenue, date(2025, 1, 1), date(2025, 12, 31))
        assert found["net collection rate"] == expected.value == Decimal("97.20")

    def test_days_in_ar(self) -> None:
        """AAFP: (70,000 - 5,000) / (600,000 / 365) = 39.54 days: 7 claims open, one overpaid."""
        revenue = service(date(2025, 12, 20))
        claims = bill(60, "10000.00", served=date(2025, 2, 3))
        revenue.bill(claims)
        revenue.post(
            remit([paid(c, "10000.00") for c in claims[7:]], trace="T1", on=date(2025, 3, 1))
        )
        revenue.record_patient_payment(claims[10].control_number, 1, usd("5000.00"), reference="R1")
        expected = days_in_ar(
            receivables=usd(70000), credit_balance=usd(5000), charges=usd(600000), days=365
        )
        found = kpis(revenue, date(2025, 1, 1), date(2025, 12, 31))
        assert found["days in A/R (gross)"] == expected.value == Decimal("39.54")

    def test_denial_rate(self) -> None:
        """AAFP: 10,000 denied of 100,000 submitted is 10 %, by amount and here by count too."""
        revenue = service(date(2025, 6, 30))
        claims = bill(10, "10000.00", served=date(2025, 4, 1))
        revenue.bill(claims)
        denied = paid(
            claims[0], "0", Adjustment(group="CO", reason="50", amount=usd("10000.00")), status="4"
        )
        revenue.post(
            remit(
                [denied, *(paid(c, "10000.00") for c in claims[1:])],
                trace="T1",
                on=date(2025, 5, 1),
            )
        )
        found = kpis(revenue, date(2025, 4, 1), date(2025, 6, 30))
        by_amount = denial_rate_by_amount(denied=usd(10000), submitted=usd(100000))
        assert found["denial rate (amount)"] == by_amount.value == Decimal("10.00")
        assert found["denial rate (count)"] == denial_rate_by_count(denied=1, submitted=10).value


class TestHandWorkedExamples:
    def test_first_pass_and_denials_by_count(self) -> None:
        """100 claims: 7 denied, 3 paid after a reversal and correction: 90 % first pass."""
        revenue = service(date(2025, 9, 30))
        claims = bill(100, "100.00", served=date(2025, 7, 1))
        revenue.bill(claims)
        co50 = Adjustment(group="CO", reason="50", amount=usd("100.00"))
        first = [paid(c, "0", co50, status="4") for c in claims[:7]]
        first += [paid(c, "100.00") for c in claims[7:]]
        revenue.post(remit(first, trace="T1", on=date(2025, 8, 1)))
        corrected = [paid(c, "100.00") for c in claims[7:10]]
        reversal = reversal_of(
            remit(corrected, trace="T1", on=date(2025, 8, 1)), trace="T2", paid_on=date(2025, 8, 15)
        )
        revenue.post(remit([*reversal.claims, *corrected], trace="T2", on=date(2025, 8, 15)))
        found = kpis(revenue, date(2025, 7, 1), date(2025, 9, 30))
        assert (
            found["first-pass resolution rate"]
            == first_pass_resolution_rate(resolved_on_first_submission=90, adjudicated=100).value
            == Decimal("90.00")
        )
        assert found["denial rate (count)"] == Decimal("7.00")

    def test_ar_over_90_and_120(self) -> None:
        """Buckets 500/200/100/120/80 of 1,000 open: 20 % over 90 days and 8 % over 120."""
        as_of = date(2025, 12, 31)
        revenue = service(as_of)
        ages = {"500.00": 10, "200.00": 45, "100.00": 75, "120.00": 100, "80.00": 200}
        for index, (amount, days) in enumerate(ages.items()):
            served = date.fromordinal(as_of.toordinal() - days)
            revenue.bill(bill(1, amount, served=served, prefix=f"A{index}-"))
        aging = revenue.aging(as_of=as_of)
        assert [str(m.amount) for m in aging.totals] == [
            "500.00",
            "200.00",
            "100.00",
            "120.00",
            "80.00",
        ]
        found = kpis(revenue, date(2025, 1, 1), as_of)
        reference = {0: usd(500), 31: usd(200), 61: usd(100), 91: usd(120), 121: usd(80)}
        assert found["A/R over 90 days"] == ar_over(reference, days=90).value == Decimal("20.00")
        assert found["A/R over 120 days"] == ar_over(reference, days=120).value == Decimal("8.00")
