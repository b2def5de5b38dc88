"""Aging of open balances: buckets by age, by payer or by patient, from service or billing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from medoffice.kernel import InvalidArgument, Money
from medoffice.revenue._aging import AgingBasis, OpenItem, age, open_items
from medoffice.revenue._ledger import PATIENT, ArLedger, LedgerEntry
from medoffice.revenue._model import BilledClaim, BilledLine
from medoffice.revenue._posting import charge_entries

AS_OF = date(2026, 6, 30)


def item(days: int, cents: int, *, party: str = "P1", patient: str = "p-1") -> OpenItem:
    return OpenItem("C", party, patient, AS_OF.toordinal() - days, cents, "USD")


def buckets(items: list[OpenItem], by: str = "payer") -> list[int]:
    return [m.minor_units for m in age(items, as_of=AS_OF, by=by).totals]  # type: ignore[arg-type]


class TestBuckets:
    @pytest.mark.parametrize(
        ("days", "bucket"),
        [
            (0, 0),
            (30, 0),
            (31, 1),
            (60, 1),
            (61, 2),
            (90, 2),
            (91, 3),
            (120, 3),
            (121, 4),
            (900, 4),
        ],
    )
    def test_each_boundary_falls_in_its_bucket(self, days: int, bucket: int) -> None:
        """0-30, 31-60, 61-90, 91-120 and over 120 days, both ends included."""
        expected = [0] * 5
        expected[bucket] = 100
        assert buckets([item(days, 100)]) == expected

    def test_a_future_basis_ages_as_zero_days(self) -> None:
        """A balance dated after the day asked counts in the first bucket."""
        assert buckets([item(-5, 100)]) == [100, 0, 0, 0, 0]

    def test_a_credit_balance_lowers_its_bucket(self) -> None:
        """A negative balance is aged like any other."""
        assert buckets([item(10, 500), item(12, -200, party=PATIENT)]) == [300, 0, 0, 0, 0]


class TestGrouping:
    def test_by_payer_and_by_patient(self) -> None:
        """By payer every party is a row; by patient only what patients owe, per patient."""
        items = [
            item(10, 1000, party="P1"),
            item(40, 300, party=PATIENT, patient="p-1"),
            item(70, 200, party=PATIENT, patient="p-2"),
        ]
        payer = age(items, as_of=AS_OF, by="payer")
        assert [row.key for row in payer.rows] == ["P1", PATIENT]
        patient = age(items, as_of=AS_OF, by="patient")
        assert [(row.key, row.total) for row in patient.rows] == [
            ("p-1", Money.of("3.00", "USD")),
            ("p-2", Money.of("2.00", "USD")),
        ]
        assert patient.to_dict()["totals"] == {
            "0-30": "0.00",
            "31-60": "3.00",
            "61-90": "2.00",
            "91-120": "0.00",
            "121+": "0.00",
        }

    def test_an_unknown_grouping_is_refused(self) -> None:
        """Aging is by payer or by patient."""
        with pytest.raises(InvalidArgument):
            age([], as_of=AS_OF, by="clinic")  # type: ignore[arg-type]


class TestBasis:
    def test_service_or_billing_day(self) -> None:
        """From the date of service the claim is 95 days old; from billing, 60."""
        served = AS_OF - timedelta(days=95)
        claim = BilledClaim(
            control_number="C1",
            payer_id="P1",
            patient="p-1",
            billed_on=AS_OF - timedelta(days=60),
            lines=(
                BilledLine(
                    number=1, procedure="99213", charge=Money.of("90", "USD"), service_date=served
                ),
            ),
        )
        ledger = ArLedger(charge_entries(claim))
        by_service = open_items(ledger, {"C1": claim}, basis=AgingBasis.SERVICE)
        by_billing = open_items(ledger, {"C1": claim}, basis=AgingBasis.BILLED)
        assert buckets(by_service) == [0, 0, 0, 9000, 0]
        assert buckets(by_billing) == [0, 9000, 0, 0, 0]

    def test_balances_of_unknown_claims_are_left_out(self) -> None:
        """An entry on a claim that was never billed has no basis day to age from."""
        stray = LedgerEntry(AS_OF, "X", 1, "charge", 100, "USD", "P1", "", "bill", "")
        assert open_items(ArLedger([stray]), {}) == []


class TestCurrencies:
    def test_items_in_two_currencies_are_refused(self) -> None:
        """One aging adds amounts of one currency."""
        euro = OpenItem("C", "P1", "p-1", AS_OF.toordinal(), 100, "EUR")
        with pytest.raises(InvalidArgument):
            age([item(1, 100), euro], as_of=AS_OF)

    def test_an_aging_keeps_the_items_currency(self) -> None:
        """Items in euros age in euros; no items age as zero dollars."""
        euro = OpenItem("C", "P1", "p-1", AS_OF.toordinal(), 100, "EUR")
        assert age([euro], as_of=AS_OF).totals[0] == Money.of("1.00", "EUR")
        assert age([], as_of=AS_OF).totals[0] == Money.of("0", "USD")
