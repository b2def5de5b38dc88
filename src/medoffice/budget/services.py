"""Use cases of the budget domain: each reads the clock once, loads through ports, calls the
pure core and saves.

>>> from datetime import UTC, date, datetime
>>> from medoffice.testing import InMemoryPostingStore
>>> from medoffice.budget import Leg, Transaction
>>> from medoffice.kernel import Money
>>> from medoffice.testing import FrozenClock
>>> store = InMemoryPostingStore()
>>> clock = FrozenClock(datetime(2026, 3, 1, 12, tzinfo=UTC))
>>> t = Transaction(
...     id="T1",
...     on=date(2026, 3, 1),
...     legs=(
...         Leg(account="6100", amount=Money.of("10.00", "USD")),
...         Leg(account="2000", amount=Money.of("-10.00", "USD")),
...     ),
... )
>>> post_actuals(t, store=store, clock=clock).ok
True
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TypeVar

from medoffice.budget._calendar import FiscalCalendar
from medoffice.budget._dimensions import Dimension
from medoffice.budget._encumbrance import Encumbrance, EncumbranceError
from medoffice.budget._funds import (
    ApprovalPolicy,
    FundsCheck,
    FundsLedger,
    PurchaseRequest,
    check_funds,
)
from medoffice.budget._ledger import Actuals, Leg, Transaction, aggregate, check_transaction
from medoffice.budget._transfers import JournalEntry, Transfer, decide, submit
from medoffice.budget.ports import (
    EncumbranceRepository,
    PostingSource,
    PostingStore,
    TransferJournal,
)
from medoffice.kernel import (
    AuditEvent,
    AuditLog,
    AuditOutcome,
    Clock,
    InvalidArgument,
    Money,
    Report,
    audited,
)

__all__ = [
    "approve_transfer",
    "invoice_encumbrance",
    "load_actuals",
    "post_actuals",
    "request_purchase",
    "submit_transfer",
]


T = TypeVar("T")


def _event(
    now: datetime, actor: str, action: str, record_type: str, record_id: str, **details: str
) -> AuditEvent:
    return AuditEvent(
        at=now,
        actor=actor,
        action=action,
        record_type=record_type,
        record_id=record_id,
        outcome=AuditOutcome.SUCCESS,
        details=details,
    )


def post_actuals(
    transaction: Transaction,
    *,
    store: PostingStore,
    clock: Clock,
    audit: AuditLog | None = None,
    actor: str = "system",
) -> Report:
    """Record ``transaction`` if it balances and is not future-dated; the report says why not.

    With an ``audit`` log, one ``actuals.post`` event records the outcome.
    """
    now = clock.now()

    def run() -> Report:
        report = check_transaction(transaction, on=now.date())
        if report.ok:
            store.append(transaction)
        return report

    event = _event(now, actor, "actuals.post", "transaction", transaction.id)
    return audited(audit, event, run, rejected=lambda report: not report.ok)


def submit_transfer(
    transfer: Transfer,
    *,
    journal: TransferJournal,
    clock: Clock,
    audit: AuditLog | None = None,
    actor: str | None = None,
) -> JournalEntry:
    """Submit ``transfer`` for approval (a new one, or a draft already in the journal).

    With an ``audit`` log, one ``transfer.submit`` event records the outcome; its actor is
    ``actor``, or the requester when none is given.
    """
    now = clock.now()

    def run() -> JournalEntry:
        entries = journal.entries()
        entry = submit(transfer, recorded=now, journal=entries)
        journal.append(entry, expected_length=len(entries))
        return entry

    event = _event(now, actor or transfer.requester, "transfer.submit", "transfer", transfer.id)
    return audited(audit, event, run)


def approve_transfer(
    transfer_id: str,
    *,
    approver: str,
    journal: TransferJournal,
    clock: Clock,
    approve: bool = True,
    note: str | None = None,
    audit: AuditLog | None = None,
    actor: str | None = None,
) -> JournalEntry:
    """Approve (or, with ``approve=False``, reject) a pending transfer; never its requester.

    With an ``audit`` log, one ``transfer.approve`` (or ``transfer.reject``) event records the
    outcome; its actor is ``actor``, or the approver when none is given.
    """
    now = clock.now()

    def run() -> JournalEntry:
        entries = journal.entries()
        entry = decide(
            entries, transfer_id, approve=approve, actor=approver, recorded=now, note=note
        )
        journal.append(entry, expected_length=len(entries))
        return entry

    action = "transfer.approve" if approve else "transfer.reject"
    event = _event(now, actor or approver, action, "transfer", transfer_id, approver=approver)
    return audited(audit, event, run)


def invoice_encumbrance(
    encumbrance_id: str,
    amount: Money,
    *,
    invoice_id: str,
    payable_account: str,
    repository: EncumbranceRepository,
    store: PostingStore,
    clock: Clock,
    audit: AuditLog | None = None,
    actor: str = "system",
) -> Encumbrance:
    """Book an invoice against an order: liquidate the encumbrance and post the actual.

    With an ``audit`` log, one ``encumbrance.invoice`` event records the outcome.
    """
    now = clock.now()
    today = now.date()

    def run() -> Encumbrance:
        current = repository.get(encumbrance_id)
        if current is None:
            raise EncumbranceError(f"no encumbrance {encumbrance_id}")
        updated = current.invoice(amount, on=today)
        transaction = Transaction(
            id=invoice_id,
            on=today,
            legs=(
                Leg(account=current.account, amount=amount, dimensions=current.dimensions),
                Leg(account=payable_account, amount=-amount),
            ),
        )
        report = check_transaction(transaction, on=today)
        if not report.ok:
            raise InvalidArgument("the invoice does not make a balanced transaction")
        repository.save(updated, expected_version=current.version)
        store.append(transaction)
        return updated

    event = _event(
        now, actor, "encumbrance.invoice", "encumbrance", encumbrance_id, invoice=invoice_id
    )
    return audited(audit, event, run)


def request_purchase(
    request: PurchaseRequest,
    *,
    ledger: FundsLedger,
    policy: ApprovalPolicy,
    repository: EncumbranceRepository,
    clock: Clock,
    audit: AuditLog | None = None,
    actor: str = "system",
) -> tuple[FundsCheck, Encumbrance | None]:
    """Check funds for ``request`` and, if the check passes, record its requisition.

    The requisition is dated today (the clock's date), whatever date the request carries. With
    an ``audit`` log, one ``encumbrance.request`` event records the outcome (rejected when the
    funds check fails).
    """
    now = clock.now()

    def run() -> tuple[FundsCheck, Encumbrance | None]:
        check = check_funds(request, ledger, policy)
        if not check.ok:
            return check, None
        requisition = Encumbrance.requisition(
            id=request.id,
            account=request.account,
            amount=request.amount,
            on=now.date(),
            vendor=request.vendor,
            category=request.category,
            dimensions=request.dimensions,
        )
        repository.save(requisition, expected_version=0)
        return check, requisition

    event = _event(now, actor, "encumbrance.request", "encumbrance", request.id)
    return audited(audit, event, run, rejected=lambda result: result[1] is None)


def load_actuals(
    source: PostingSource,
    calendar: FiscalCalendar,
    fiscal_year: int,
    currency: str,
    *,
    dimensions: Iterable[Dimension] = (),
) -> Actuals:
    """Aggregate a fiscal year's actuals from a posting source (no clock needed)."""
    postings = source.postings(calendar.year_range(fiscal_year))
    return aggregate(postings, calendar, fiscal_year, currency, dimensions=dimensions)
