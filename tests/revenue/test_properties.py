"""Properties of posting and the A/R ledger, over drawn claims and remittances."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from medoffice.kernel import Money
from medoffice.revenue._ledger import PATIENT, ArLedger, LedgerEntry
from medoffice.revenue._model import BilledClaim, Remittance
from medoffice.revenue._posting import charge_entries, post_remittance
from medoffice.revenue.services import Revenue
from medoffice.testing import (
    FrozenClock,
    InMemoryStore,
    billed_claims,
    remittances_for,
    reversal_of,
)


def usd(cents: int) -> Money:
    return Money.from_minor_units(cents, "USD")


@st.composite
def claims_and_remittance(draw: st.DrawFn) -> tuple[list[BilledClaim], Remittance]:
    claims = draw(billed_claims())
    return claims, draw(remittances_for(claims))


def posted(claims: list[BilledClaim], *remittances: Remittance) -> list[LedgerEntry]:
    billed = {c.control_number: c for c in claims}
    entries = [e for c in claims for e in charge_entries(c)]
    keys: set[str] = set()
    for remittance in remittances:
        posting = post_remittance(remittance, billed=billed, posted=keys)
        assert posting.work == ()
        keys.add(posting.key)
        entries.extend(posting.entries)
    return entries


class TestIdempotence:
    @settings(max_examples=30, deadline=None)
    @given(claims_and_remittance())
    def test_posting_the_same_remittance_twice_changes_nothing(
        self, drawn: tuple[list[BilledClaim], Remittance]
    ) -> None:
        """Through the service: the second posting is a duplicate and the ledger is unchanged."""
        claims, remittance = drawn
        revenue = Revenue(InMemoryStore(), clock=FrozenClock(datetime(2027, 1, 1, tzinfo=UTC)))
        revenue.bill(claims)
        first = revenue.post(remittance)
        before = revenue.ledger().entries
        second = revenue.post(remittance)
        assert (first.duplicate, second.duplicate) == (False, True)
        assert revenue.ledger().entries == before
        assert len(revenue.denials()) == len(first.denials)


class TestBalance:
    @settings(max_examples=60, deadline=None)
    @given(claims_and_remittance())
    def test_every_line_balances_to_the_cent(
        self, drawn: tuple[list[BilledClaim], Remittance]
    ) -> None:
        """Per line: charges = payments + adjustments + open, the payment is SVC03, and what
        stays open is the patient's (or the secondary's) share plus what was denied."""
        claims, remittance = drawn
        ledger = ArLedger(posted(claims, remittance))
        for claim, payment in zip(claims, remittance.claims, strict=True):
            for billed, service in zip(claim.lines, payment.services, strict=True):
                line = ledger.line(claim.control_number, billed.number)
                assert line.balances
                assert line.charges == billed.charge
                assert line.payments == service.paid
                share = sum(a.amount.minor_units for a in service.adjustments if a.group == "PR")
                receiver = payment.crossover_payer or PATIENT
                assert line.open_by_party.get(receiver, usd(0)) == usd(share)
                owed = line.open_by_party.get(claim.payer_id, usd(0))
                denied = sum(
                    d.cents
                    for d in post_remittance(
                        remittance, billed={claim.control_number: claim}, posted=set()
                    ).denials
                    if d.claim == claim.control_number
                    and d.line == billed.number
                    and d.group != "PR"
                )
                assert owed == usd(denied)

    @settings(max_examples=40, deadline=None)
    @given(claims_and_remittance())
    def test_a_reversal_puts_every_line_back_as_billed(
        self, drawn: tuple[list[BilledClaim], Remittance]
    ) -> None:
        """Paid, then reversed: every line is open again for its full charge with its payer."""
        claims, remittance = drawn
        reversal = reversal_of(remittance, trace="R" + remittance.trace, paid_on=date(2027, 1, 5))
        ledger = ArLedger(posted(claims, remittance, reversal))
        for claim in claims:
            for billed in claim.lines:
                line = ledger.line(claim.control_number, billed.number)
                assert line.open_by_party == {claim.payer_id: billed.charge}
                assert line.balances


class TestReplay:
    @settings(max_examples=40, deadline=None)
    @given(st.data())
    def test_the_ledger_as_of_any_day_is_the_state_then(self, data: st.DataObject) -> None:
        """Posting remittances day by day, the state after each equals the replay as of that day."""
        claims = data.draw(billed_claims())
        remittances = [
            data.draw(remittances_for(claims, trace=f"T{i}"))
            for i in range(data.draw(st.integers(1, 3)))
        ]
        remittances.sort(key=lambda r: r.paid_on or date.min)
        billed = {c.control_number: c for c in claims}
        entries = [e for c in claims for e in charge_entries(c)]
        states: list[tuple[date, dict[tuple[str, int], object]]] = []
        keys: set[str] = set()
        for remittance in remittances:
            posting = post_remittance(remittance, billed=billed, posted=keys)
            keys.add(posting.key)
            entries.extend(posting.entries)
            now = ArLedger(entries)
            assert remittance.paid_on is not None
            states.append((remittance.paid_on, {k: now.line(*k) for k in now.lines()}))
        full = ArLedger(entries)
        day = data.draw(st.dates(date(2026, 1, 1), date(2027, 1, 31)))
        expected = None
        for paid_on, state in states:
            if paid_on <= day:
                expected = state
        replayed = full.as_of(day)
        if expected is None:
            assert all(e.kind == "charge" for e in replayed)
        else:
            assert {k: replayed.line(*k) for k in replayed.lines()} == expected
