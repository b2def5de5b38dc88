"""Budget use cases record one audit event per call, with the outcome."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medoffice.adapters.memory import InMemoryAuditLog, InMemoryStore
from medoffice.budget._budget import Budget
from medoffice.budget._calendar import FiscalCalendar
from medoffice.budget._encumbrance import Encumbrance
from medoffice.budget._funds import ApprovalPolicy, FundsLedger, PurchaseRequest
from medoffice.budget._ledger import Leg, Transaction, aggregate
from medoffice.budget._transfers import Transfer, TransferLeg, TransferStatus
from medoffice.budget.services import Budgeting
from medoffice.kernel import AuditOutcome, InvalidArgument, Money, Refused
from medoffice.testing._clock import FrozenClock

CLOCK = FrozenClock(datetime(2026, 3, 10, 12, tzinfo=UTC))


def _budgeting(
    log: InMemoryAuditLog | None = None, store: InMemoryStore | None = None
) -> Budgeting:
    return Budgeting(
        store or InMemoryStore(), clock=CLOCK, approval=ApprovalPolicy(bands=()), audit=log
    )


def _transaction(ident: str, on: date, amount: str = "10.00") -> Transaction:
    money = Money.of(amount, "USD")
    return Transaction(
        id=ident,
        on=on,
        legs=(Leg(account="6100", amount=money), Leg(account="2000", amount=-money)),
    )


def _transfer() -> Transfer:
    money = Money.of("50.00", "USD")
    return Transfer(
        id="TR-1",
        legs=(
            TransferLeg(account="6100", period=3, amount=-money),
            TransferLeg(account="6200", period=3, amount=money),
        ),
        requester="mgr-1",
        reason="supplies",
        effective=date(2026, 3, 1),
    )


class TestPostActualsRecordsOneEvent:
    """Posting actuals appends exactly one ``actuals.post`` event with its outcome."""

    def test_a_posted_transaction_records_success(self) -> None:
        """A balanced, dated transaction is posted and recorded as a success."""
        log = InMemoryAuditLog()
        report = _budgeting(log).post_actuals(_transaction("T1", date(2026, 3, 1)))
        assert report.ok
        assert [(e.action, e.record_id, e.outcome) for e in log.events()] == [
            ("actuals.post", "T1", AuditOutcome.SUCCESS)
        ]

    def test_a_future_dated_transaction_records_rejected(self) -> None:
        """A transaction dated after today is refused by a finding and recorded as rejected."""
        log = InMemoryAuditLog()
        report = _budgeting(log).post_actuals(_transaction("T2", date(2026, 4, 1)))
        assert not report.ok
        assert [e.outcome for e in log.events()] == [AuditOutcome.REJECTED]

    def test_a_repeated_id_records_error_and_raises(self) -> None:
        """Posting an id twice raises and the second event is an error."""
        budgeting = _budgeting(log := InMemoryAuditLog())
        budgeting.post_actuals(_transaction("T1", date(2026, 3, 1)))
        with pytest.raises(InvalidArgument):
            budgeting.post_actuals(_transaction("T1", date(2026, 3, 2)))
        assert [e.outcome for e in log.events()] == [AuditOutcome.SUCCESS, AuditOutcome.ERROR]

    @settings(max_examples=25, deadline=None)
    @given(days=st.lists(st.integers(1, 31), min_size=1, max_size=8))
    def test_every_call_records_exactly_one_event(self, days: list[int]) -> None:
        """Any sequence of postings gives one event per call, in order."""
        budgeting = _budgeting(log := InMemoryAuditLog())
        for n, day in enumerate(days):
            budgeting.post_actuals(_transaction(f"T{n}", date(2026, 3, day)))
        events = list(log.events())
        assert [e.record_id for e in events] == [f"T{n}" for n in range(len(days))]
        assert [e.outcome is AuditOutcome.SUCCESS for e in events] == [d <= 10 for d in days]


class TestApproveTransferRecordsOneEvent:
    """Approving a transfer appends exactly one ``transfer.approve`` event."""

    def test_the_approver_is_the_actor_and_a_self_approval_is_rejected(self) -> None:
        """An approval by someone else succeeds; one by the requester is refused (rejected)."""
        store, log = InMemoryStore(), InMemoryAuditLog()
        _budgeting(store=store).submit_transfer(_transfer())
        budgeting = _budgeting(log, store)
        refused = budgeting.approve_transfer("TR-1", approver="mgr-1")
        assert isinstance(refused, Refused)
        assert refused.rules == ("BUD-TRANSFER-004",)
        entry = budgeting.approve_transfer("TR-1", approver="cfo")
        assert not isinstance(entry, Refused)
        assert entry.status is TransferStatus.APPROVED
        assert [(e.action, e.actor, e.outcome) for e in log.events()] == [
            ("transfer.approve", "mgr-1", AuditOutcome.REJECTED),
            ("transfer.approve", "cfo", AuditOutcome.SUCCESS),
        ]


class TestSubmitTransferRecordsOneEvent:
    """Submitting a transfer appends one ``transfer.submit`` event by the requester."""

    def test_the_requester_is_the_actor(self) -> None:
        """A submission is recorded as a success, by the requester."""
        log = InMemoryAuditLog()
        _budgeting(log).submit_transfer(_transfer())
        assert [(e.action, e.actor, e.record_id, e.outcome) for e in log.events()] == [
            ("transfer.submit", "mgr-1", "TR-1", AuditOutcome.SUCCESS)
        ]


def _ledger() -> FundsLedger:
    budget = Budget(name="b", fiscal_year=2026, currency="USD", calendar=FiscalCalendar())
    budget = budget.set("6100", 1, Money.of("100", "USD"))
    return FundsLedger(budget=budget, actuals=aggregate((), budget.calendar, 2026, "USD"))


class TestEncumbranceUseCasesRecordOneEvent:
    """Requesting a purchase and invoicing an order each append exactly one event."""

    @pytest.mark.parametrize(
        ("amount", "outcome"), [("60", AuditOutcome.SUCCESS), ("150", AuditOutcome.REJECTED)]
    )
    def test_a_purchase_request_records_its_funds_outcome(
        self, amount: str, outcome: AuditOutcome
    ) -> None:
        """A funded request succeeds; an unfunded one is rejected."""
        log = InMemoryAuditLog()
        _budgeting(log).request_purchase(
            PurchaseRequest(
                id="R1", account="6100", amount=Money.of(amount, "USD"), on=date(2026, 1, 1)
            ),
            ledger=_ledger(),
        )
        assert [(e.action, e.record_id, e.outcome) for e in log.events()] == [
            ("encumbrance.request", "R1", outcome)
        ]

    def test_invoicing_records_success_and_an_unknown_order_records_error(self) -> None:
        """An invoice against a stored order succeeds; one against no order is an error."""
        log, store = InMemoryAuditLog(), InMemoryStore()
        usd = Money.of("480", "USD")
        order = Encumbrance.requisition(id="PO", account="6100", amount=usd, on=date(2026, 3, 1))
        store.encumbrances.save(order.order(usd, on=date(2026, 3, 2)), expected_version=0)
        budgeting = _budgeting(log, store)
        budgeting.invoice_encumbrance(
            "PO", Money.of("200", "USD"), invoice_id="INV-1", payable_account="2000"
        )
        with pytest.raises(InvalidArgument):
            budgeting.invoice_encumbrance(
                "PO-NONE", Money.of("1", "USD"), invoice_id="INV-2", payable_account="2000"
            )
        assert [(e.action, e.record_id, e.outcome) for e in log.events()] == [
            ("encumbrance.invoice", "PO", AuditOutcome.SUCCESS),
            ("encumbrance.invoice", "PO-NONE", AuditOutcome.ERROR),
        ]
