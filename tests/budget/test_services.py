"""Use cases: post actuals, submit and approve transfers, invoice an order; each reads the
clock once."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from medoffice.adapters.memory import (
    InMemoryEncumbranceRepository,
    InMemoryPostingStore,
    InMemoryTransferJournal,
)
from medoffice.budget import (
    ApprovalPolicy,
    Budget,
    Encumbrance,
    EncumbranceError,
    FiscalCalendar,
    FundsLedger,
    Leg,
    PurchaseRequest,
    Transaction,
    Transfer,
    TransferError,
    TransferLeg,
    TransferStatus,
    aggregate,
    transfer_states,
)
from medoffice.budget.services import (
    approve_transfer,
    invoice_encumbrance,
    load_actuals,
    post_actuals,
    request_purchase,
    submit_transfer,
)
from medoffice.kernel import DateRange, Money
from medoffice.testing import FrozenClock

NOW = datetime(2026, 3, 10, 15, tzinfo=UTC)
YEAR = DateRange(date(2026, 1, 1), date(2026, 12, 31))


def usd(text: str) -> Money:
    return Money.of(text, "USD")


class TestPostActuals:
    def test_a_balanced_transaction_is_stored(self) -> None:
        """The store holds both legs afterwards."""
        store = InMemoryPostingStore()
        t = Transaction(
            id="T",
            on=date(2026, 3, 10),
            legs=(Leg(account="a", amount=usd("1")), Leg(account="b", amount=usd("-1"))),
        )
        assert post_actuals(t, store=store, clock=FrozenClock(NOW)).ok
        assert len(list(store.postings(YEAR))) == 2

    def test_a_future_or_unbalanced_transaction_is_reported_and_not_stored(self) -> None:
        """Tomorrow's date and a lone leg give findings; the store stays empty."""
        store = InMemoryPostingStore()
        t = Transaction(id="T", on=date(2026, 3, 11), legs=(Leg(account="a", amount=usd("1")),))
        report = post_actuals(t, store=store, clock=FrozenClock(NOW))
        assert {str(f.rule) for f in report} == {"BUD-TXN-001", "BUD-TXN-002", "BUD-TXN-003"}
        assert list(store.postings(YEAR)) == []


class TestRequestPurchase:
    def setup_ledger(self) -> FundsLedger:
        budget = Budget(name="b", fiscal_year=2026, currency="USD", calendar=FiscalCalendar())
        budget = budget.set("6100", 1, usd("100"))
        return FundsLedger(budget=budget, actuals=aggregate((), budget.calendar, 2026, "USD"))

    def test_a_funded_request_becomes_a_requisition_dated_today(self) -> None:
        """60 of 100 passes, is stored at version 1 and dated by the clock."""
        repo = InMemoryEncumbranceRepository()
        policy = ApprovalPolicy(bands=())
        request = PurchaseRequest(id="R1", account="6100", amount=usd("60"), on=date(2026, 1, 1))
        check, saved = request_purchase(
            request,
            ledger=self.setup_ledger(),
            policy=policy,
            repository=repo,
            clock=FrozenClock(NOW),
        )
        assert check.ok
        assert saved is not None
        assert saved.on == date(2026, 3, 10)
        stored = repo.get("R1")
        assert stored is not None
        assert stored.version == 1

    def test_an_unfunded_request_is_not_recorded(self) -> None:
        """150 of 100 fails BUD-FUNDS-001 and nothing is stored."""
        repo = InMemoryEncumbranceRepository()
        request = PurchaseRequest(id="R2", account="6100", amount=usd("150"), on=date(2026, 1, 1))
        check, saved = request_purchase(
            request,
            ledger=self.setup_ledger(),
            policy=ApprovalPolicy(bands=()),
            repository=repo,
            clock=FrozenClock(NOW),
        )
        assert [str(f.rule) for f in check.report.errors] == ["BUD-FUNDS-001"]
        assert saved is None
        assert repo.all() == ()


class TestLoadActuals:
    def test_actuals_come_from_the_posting_source(self) -> None:
        """Postings stored for March aggregate into period 3; other years are left out."""
        store = InMemoryPostingStore()
        for ident, day in (("A", date(2026, 3, 2)), ("B", date(2025, 3, 2))):
            store.append(
                Transaction(
                    id=ident,
                    on=day,
                    legs=(Leg(account="a", amount=usd("2")), Leg(account="b", amount=usd("-2"))),
                )
            )
        actuals = load_actuals(store, FiscalCalendar(), 2026, "USD")
        assert actuals.amount("a", 3) == usd("2")
        assert actuals.total("a") == usd("2")


class TestTransferUseCases:
    def transfer(self) -> Transfer:
        return Transfer(
            id="TR",
            legs=(
                TransferLeg(account="a", period=1, amount=usd("-5")),
                TransferLeg(account="b", period=1, amount=usd("5")),
            ),
            requester="ana",
            reason="r",
            effective=date(2026, 1, 1),
        )

    def test_submit_then_approve_records_the_clock_time(self) -> None:
        """Both entries carry the instant the clock showed."""
        journal = InMemoryTransferJournal()
        clock = FrozenClock(NOW)
        submit_transfer(self.transfer(), journal=journal, clock=clock)
        entry = approve_transfer(
            "TR", approver="ben", journal=journal, clock=clock.advance(hours=2)
        )
        assert entry.recorded == datetime(2026, 3, 10, 17, tzinfo=UTC)
        assert transfer_states(journal.entries())["TR"].status is TransferStatus.APPROVED

    def test_self_approval_is_refused_and_the_journal_unchanged(self) -> None:
        """Ana cannot approve her own transfer; only the submission is recorded."""
        journal = InMemoryTransferJournal()
        submit_transfer(self.transfer(), journal=journal, clock=FrozenClock(NOW))
        with pytest.raises(TransferError):
            approve_transfer("TR", approver="ana", journal=journal, clock=FrozenClock(NOW))
        assert len(journal.entries()) == 1


class TestInvoiceEncumbrance:
    def test_an_invoice_liquidates_and_posts_the_actual(self) -> None:
        """Invoicing 200 on a 480 order leaves 280 open and posts 200 to the expense."""
        repo, store = InMemoryEncumbranceRepository(), InMemoryPostingStore()
        order = Encumbrance.requisition(
            id="PO", account="6100", amount=usd("480"), on=date(2026, 3, 1)
        )
        repo.save(order.order(usd("480"), on=date(2026, 3, 2)), expected_version=0)
        updated = invoice_encumbrance(
            "PO",
            usd("200"),
            invoice_id="INV-1",
            payable_account="2000",
            repository=repo,
            store=store,
            clock=FrozenClock(NOW),
        )
        assert updated.open == usd("280")
        stored = repo.get("PO")
        assert stored is not None
        assert (stored.version, stored.open) == (2, usd("280"))
        assert sorted(p.minor_units for p in store.postings(YEAR)) == [-20000, 20000]

    def test_an_unknown_order_is_a_clear_error(self) -> None:
        """No such encumbrance: EncumbranceError, nothing posted."""
        store = InMemoryPostingStore()
        with pytest.raises(EncumbranceError):
            invoice_encumbrance(
                "nope",
                usd("1"),
                invoice_id="I",
                payable_account="2000",
                repository=InMemoryEncumbranceRepository(),
                store=store,
                clock=FrozenClock(NOW),
            )
        assert list(store.postings(YEAR)) == []
