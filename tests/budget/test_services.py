"""The budget service: post actuals, submit and approve transfers, invoice an order; each use
case reads the clock once."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from medoffice.adapters.memory import InMemoryPostingStore, InMemoryStore
from medoffice.budget._budget import Budget
from medoffice.budget._calendar import FiscalCalendar
from medoffice.budget._encumbrance import Encumbrance, EncumbranceError
from medoffice.budget._funds import ApprovalPolicy, FundsLedger, PurchaseRequest
from medoffice.budget._ledger import Leg, Transaction, aggregate
from medoffice.budget._transfers import (
    JournalEntry,
    Transfer,
    TransferLeg,
    TransferStatus,
    transfer_states,
)
from medoffice.budget.services import Budgeting, load_actuals
from medoffice.kernel import DateRange, InvalidArgument, Money, Refused
from medoffice.testing import FrozenClock, PlainStore

NOW = datetime(2026, 3, 10, 15, tzinfo=UTC)
YEAR = DateRange(date(2026, 1, 1), date(2026, 12, 31))


def usd(text: str) -> Money:
    return Money.of(text, "USD")


def budgeting(store: InMemoryStore | PlainStore, clock: FrozenClock | None = None) -> Budgeting:
    return Budgeting(store, clock=clock or FrozenClock(NOW), approval=ApprovalPolicy(bands=()))


class TestPostActuals:
    def test_a_balanced_transaction_is_stored(self) -> None:
        """The store holds both legs afterwards."""
        store = InMemoryStore()
        t = Transaction(
            id="T",
            on=date(2026, 3, 10),
            legs=(Leg(account="a", amount=usd("1")), Leg(account="b", amount=usd("-1"))),
        )
        assert budgeting(store).post_actuals(t).ok
        assert len(list(store.postings.postings(YEAR))) == 2

    def test_a_future_or_unbalanced_transaction_is_reported_and_not_stored(self) -> None:
        """Tomorrow's date and a lone leg give findings; the store stays empty."""
        store = InMemoryStore()
        t = Transaction(id="T", on=date(2026, 3, 11), legs=(Leg(account="a", amount=usd("1")),))
        report = budgeting(store).post_actuals(t)
        assert {str(f.rule) for f in report} == {"BUD-TXN-001", "BUD-TXN-002", "BUD-TXN-003"}
        assert list(store.postings.postings(YEAR)) == []


class TestRequestPurchase:
    def setup_ledger(self) -> FundsLedger:
        budget = Budget(name="b", fiscal_year=2026, currency="USD", calendar=FiscalCalendar())
        budget = budget.set("6100", 1, usd("100"))
        return FundsLedger(budget=budget, actuals=aggregate((), budget.calendar, 2026, "USD"))

    def test_a_funded_request_becomes_a_requisition_dated_today(self) -> None:
        """60 of 100 passes, is stored at version 1 and dated by the clock."""
        store = InMemoryStore()
        request = PurchaseRequest(id="R1", account="6100", amount=usd("60"), on=date(2026, 1, 1))
        check, saved = budgeting(store).request_purchase(request, ledger=self.setup_ledger())
        assert check.ok
        assert saved is not None
        assert saved.on == date(2026, 3, 10)
        stored = store.encumbrances.get("R1")
        assert stored is not None
        assert stored.version == 1

    def test_an_unfunded_request_is_not_recorded(self) -> None:
        """150 of 100 fails BUD-FUNDS-001 and nothing is stored."""
        store = InMemoryStore()
        request = PurchaseRequest(id="R2", account="6100", amount=usd("150"), on=date(2026, 1, 1))
        check, saved = budgeting(store).request_purchase(request, ledger=self.setup_ledger())
        assert [str(f.rule) for f in check.report.errors] == ["BUD-FUNDS-001"]
        assert saved is None
        assert store.encumbrances.all() == ()

    def test_without_an_approval_policy_requests_are_an_argument_error(self) -> None:
        """A service built without an approval policy cannot check a purchase request."""
        request = PurchaseRequest(id="R3", account="6100", amount=usd("1"), on=date(2026, 1, 1))
        service = Budgeting(InMemoryStore(), clock=FrozenClock(NOW))
        with pytest.raises(InvalidArgument):
            service.request_purchase(request, ledger=self.setup_ledger())
        assert "attempts=5" in repr(service)


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
        store = InMemoryStore()
        clock = FrozenClock(NOW)
        budgeting(store, clock).submit_transfer(self.transfer())
        entry = budgeting(store, clock.advance(hours=2)).approve_transfer("TR", approver="ben")
        assert isinstance(entry, JournalEntry)
        assert entry.recorded == datetime(2026, 3, 10, 17, tzinfo=UTC)
        states = transfer_states(store.transfers.entries())
        assert states["TR"].status is TransferStatus.APPROVED

    def test_self_approval_is_refused_and_the_journal_unchanged(self) -> None:
        """Ana cannot approve her own transfer; only the submission is recorded."""
        store = InMemoryStore()
        service = budgeting(store)
        service.submit_transfer(self.transfer())
        refused = service.approve_transfer("TR", approver="ana")
        assert isinstance(refused, Refused)
        assert refused.rules == ("BUD-TRANSFER-004",)
        assert len(store.transfers.entries()) == 1

    def test_a_second_submission_is_refused_and_the_journal_unchanged(self) -> None:
        """Submitting a pending transfer again is refused with BUD-TRANSFER-001."""
        store = InMemoryStore()
        service = budgeting(store)
        service.submit_transfer(self.transfer())
        refused = service.submit_transfer(self.transfer())
        assert isinstance(refused, Refused)
        assert refused.rules == ("BUD-TRANSFER-001",)
        assert len(store.transfers.entries()) == 1


class TestInvoiceEncumbrance:
    def test_an_invoice_liquidates_and_posts_the_actual(self) -> None:
        """Invoicing 200 on a 480 order leaves 280 open and posts 200 to the expense."""
        store = InMemoryStore()
        order = Encumbrance.requisition(
            id="PO", account="6100", amount=usd("480"), on=date(2026, 3, 1)
        )
        store.encumbrances.save(order.order(usd("480"), on=date(2026, 3, 2)), expected_version=0)
        updated = budgeting(store).invoice_encumbrance(
            "PO", usd("200"), invoice_id="INV-1", payable_account="2000"
        )
        assert updated.open == usd("280")
        stored = store.encumbrances.get("PO")
        assert stored is not None
        assert (stored.version, stored.open) == (2, usd("280"))
        assert sorted(p.minor_units for p in store.postings.postings(YEAR)) == [-20000, 20000]

    def test_a_failed_posting_leaves_the_order_as_it_was(self) -> None:
        """An invoice id already posted fails the posting; the liquidation is rolled back too."""
        store = InMemoryStore()
        order = Encumbrance.requisition(
            id="PO", account="6100", amount=usd("480"), on=date(2026, 3, 1)
        )
        store.encumbrances.save(order.order(usd("480"), on=date(2026, 3, 2)), expected_version=0)
        service = budgeting(store)
        service.invoice_encumbrance("PO", usd("200"), invoice_id="INV-1", payable_account="2000")
        with pytest.raises(InvalidArgument):
            service.invoice_encumbrance(
                "PO", usd("100"), invoice_id="INV-1", payable_account="2000"
            )
        stored = store.encumbrances.get("PO")
        assert stored is not None
        assert (stored.version, stored.open) == (2, usd("280"))

    def test_an_unknown_order_is_a_clear_error(self) -> None:
        """No such encumbrance: EncumbranceError, nothing posted."""
        store = InMemoryStore()
        with pytest.raises(EncumbranceError):
            budgeting(store).invoice_encumbrance(
                "nope", usd("1"), invoice_id="I", payable_account="2000"
            )
        assert list(store.postings.postings(YEAR)) == []
