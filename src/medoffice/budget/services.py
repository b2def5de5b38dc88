"""The budget service: post actuals, submit and approve transfers, request and invoice orders.

:class:`Budgeting` holds what the budget's use cases share: the store (a
:class:`~medoffice.budget.ports.BudgetStore`), the clock, the approval policy and the audit log.
Each use case reads the clock once, opens a unit of work, loads, calls the pure core, saves and
records one audit event; a concurrent save makes it decide again on fresh data
(:func:`~medoffice.kernel.retry_on_conflict`). Invoicing an order liquidates the encumbrance and
posts the actual in one unit of work: both are stored or neither. A refusal by the rules is a
value (a :class:`~medoffice.kernel.Refused`, or a report that is not ok), never an exception.
The actor is given per call.

>>> from datetime import UTC, date, datetime
>>> from medoffice.budget import Leg, Transaction
>>> from medoffice.kernel import Money
>>> from medoffice.testing import FrozenClock, InMemoryStore
>>> budgeting = Budgeting(InMemoryStore(), clock=FrozenClock(datetime(2026, 3, 1, 12, tzinfo=UTC)))
>>> t = Transaction(
...     id="T1",
...     on=date(2026, 3, 1),
...     legs=(
...         Leg(account="6100", amount=Money.of("10.00", "USD")),
...         Leg(account="2000", amount=Money.of("-10.00", "USD")),
...     ),
... )
>>> budgeting.post_actuals(t, actor="user:ana").ok
True
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import final

from medoffice.budget._calendar import FiscalCalendar
from medoffice.budget._dimensions import Dimension
from medoffice.budget._encumbrance import Encumbrance, EncumbranceError, book_invoice
from medoffice.budget._funds import (
    ApprovalPolicy,
    FundsCheck,
    FundsLedger,
    PurchaseRequest,
    check_funds,
)
from medoffice.budget._ledger import Actuals, Transaction, aggregate, check_transaction
from medoffice.budget._transfers import JournalEntry, Transfer, decide, submit
from medoffice.budget.ports import BudgetStore, PostingSource
from medoffice.kernel import (
    AuditLog,
    Clock,
    InvalidArgument,
    Money,
    Refused,
    Report,
    audited,
    check_attempts,
)

__all__ = ["Budgeting", "load_actuals"]


@final
class Budgeting:
    """The use cases of a practice's budget, over a store of postings, orders and transfers.

    ``approval`` is the approval policy that purchase requests are checked against; with an
    ``audit`` log every use case appends one event; ``attempts`` bounds the retries after a
    concurrent save.
    """

    __slots__ = ("_approval", "_attempts", "_audit", "_clock", "_store")

    def __init__(
        self,
        store: BudgetStore,
        *,
        clock: Clock,
        approval: ApprovalPolicy | None = None,
        audit: AuditLog | None = None,
        attempts: int = 5,
    ) -> None:
        self._store = store
        self._clock = clock
        self._approval = approval
        self._audit = audit
        self._attempts = check_attempts(attempts)

    def __repr__(self) -> str:
        return f"Budgeting({self._store!r}, attempts={self._attempts})"

    def post_actuals(self, transaction: Transaction, *, actor: str = "system") -> Report:
        """Record ``transaction`` if it balances and is not future-dated; the report says why not.

        One ``actuals.post`` event records the outcome (rejected when the report is not ok).
        """
        now = self._clock.now()

        def attempt() -> Report:
            report = check_transaction(transaction, on=now.date())
            if report.ok:
                with self._store.unit_of_work() as uow:
                    uow.postings.append(transaction)
            return report

        return audited(
            self._audit,
            attempt,
            attempts=self._attempts,
            at=now,
            actor=actor,
            action="actuals.post",
            record_type="transaction",
            record_id=transaction.id,
            rejected=lambda report: not report.ok,
        )

    def submit_transfer(
        self, transfer: Transfer, *, actor: str | None = None
    ) -> JournalEntry | Refused:
        """Submit ``transfer`` for approval (a new one, or a draft already in the journal).

        One ``transfer.submit`` event records the outcome; its actor is ``actor``, or the
        requester when none is given.
        """
        now = self._clock.now()

        def attempt() -> JournalEntry | Refused:
            with self._store.unit_of_work() as uow:
                entries = uow.transfers.entries()
                entry = submit(transfer, recorded=now, journal=entries)
                if isinstance(entry, JournalEntry):
                    uow.transfers.append(entry, expected_length=len(entries))
                return entry

        return audited(
            self._audit,
            attempt,
            attempts=self._attempts,
            at=now,
            actor=actor or transfer.requester,
            action="transfer.submit",
            record_type="transfer",
            record_id=transfer.id,
        )

    def approve_transfer(
        self,
        transfer_id: str,
        *,
        approver: str,
        approve: bool = True,
        note: str | None = None,
        actor: str | None = None,
    ) -> JournalEntry | Refused:
        """Approve (or, with ``approve=False``, reject) a pending transfer; never its requester.

        One ``transfer.approve`` (or ``transfer.reject``) event records the outcome; its actor
        is ``actor``, or the approver when none is given.
        """
        now = self._clock.now()

        def attempt() -> JournalEntry | Refused:
            with self._store.unit_of_work() as uow:
                entries = uow.transfers.entries()
                entry = decide(
                    entries, transfer_id, approve=approve, actor=approver, recorded=now, note=note
                )
                if isinstance(entry, JournalEntry):
                    uow.transfers.append(entry, expected_length=len(entries))
                return entry

        return audited(
            self._audit,
            attempt,
            attempts=self._attempts,
            at=now,
            actor=actor or approver,
            action="transfer.approve" if approve else "transfer.reject",
            record_type="transfer",
            record_id=transfer_id,
            details={"approver": approver},
        )

    def invoice_encumbrance(
        self,
        encumbrance_id: str,
        amount: Money,
        *,
        invoice_id: str,
        payable_account: str,
        actor: str = "system",
    ) -> Encumbrance:
        """Book an invoice against an order: liquidate the encumbrance and post the actual.

        Both are saved in one unit of work. One ``encumbrance.invoice`` event records the
        outcome.
        """
        now = self._clock.now()

        def attempt() -> Encumbrance:
            with self._store.unit_of_work() as uow:
                current = uow.encumbrances.get(encumbrance_id)
                if current is None:
                    raise EncumbranceError(f"no encumbrance {encumbrance_id}")
                updated, transaction = book_invoice(
                    current,
                    amount,
                    invoice_id=invoice_id,
                    payable_account=payable_account,
                    on=now.date(),
                )
                uow.encumbrances.save(updated, expected_version=current.version)
                uow.postings.append(transaction)
                return updated

        return audited(
            self._audit,
            attempt,
            attempts=self._attempts,
            at=now,
            actor=actor,
            action="encumbrance.invoice",
            record_type="encumbrance",
            record_id=encumbrance_id,
            details={"invoice": invoice_id},
        )

    def request_purchase(
        self, request: PurchaseRequest, *, ledger: FundsLedger, actor: str = "system"
    ) -> tuple[FundsCheck, Encumbrance | None]:
        """Check funds for ``request`` and, if the check passes, record its requisition.

        The check uses the service's approval policy. The requisition is dated today (the
        clock's date), whatever date the request carries. One ``encumbrance.request`` event
        records the outcome (rejected when the funds check fails).
        """
        if self._approval is None:
            raise InvalidArgument("purchase requests need the service's approval policy")
        policy = self._approval
        now = self._clock.now()

        def attempt() -> tuple[FundsCheck, Encumbrance | None]:
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
            with self._store.unit_of_work() as uow:
                uow.encumbrances.save(requisition, expected_version=0)
            return check, requisition

        return audited(
            self._audit,
            attempt,
            attempts=self._attempts,
            at=now,
            actor=actor,
            action="encumbrance.request",
            record_type="encumbrance",
            record_id=request.id,
            rejected=lambda result: result[1] is None,
        )


def load_actuals(
    source: PostingSource,
    calendar: FiscalCalendar,
    fiscal_year: int,
    currency: str,
    *,
    dimensions: Iterable[Dimension] = (),
) -> Actuals:
    """Aggregate a fiscal year's actuals from any posting source (a query: no clock, no audit)."""
    postings = source.postings(calendar.year_range(fiscal_year))
    return aggregate(postings, calendar, fiscal_year, currency, dimensions=dimensions)
