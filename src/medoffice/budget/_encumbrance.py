"""Encumbrances: money committed by requisitions and purchase orders before it is spent.

The lifecycle follows fund accounting: a *requisition* pre-encumbers its amount; a *purchase
order* encumbers the ordered amount; goods are *received*, in part or in full; each *invoice*
becomes an actual and *liquidates* the encumbrance it settles (never more than is still open);
a *cancellation* (before anything is received or invoiced) or a *close* releases what is left.

The invariants, checked on every step: amounts are never negative and all in one currency;
``liquidated + released <= committed``; ``received <= committed``; a cancelled or closed
encumbrance has nothing open. ``open = committed - liquidated - released`` is what funds checks
count against the budget. An impossible step (receiving on a cancelled order, liquidating more
than is open) raises :class:`EncumbranceError` and returns nothing, so no state is ever lost.

More information: GASB Statement 54 and the GFOA's guidance on encumbrance accounting
(https://www.gfoa.org/materials/encumbrance-accounting).

>>> from medoffice.kernel import Money
>>> usd = lambda s: Money.of(s, "USD")
>>> e = Encumbrance.requisition(
...     id="PO-1", account="6100", amount=usd("500.00"), on=date(2026, 2, 1), vendor="V1"
... )
>>> e = e.order(usd("480.00"), on=date(2026, 2, 2)).receive(usd("200.00"), on=date(2026, 2, 9))
>>> e = e.invoice(usd("200.00"), on=date(2026, 2, 10))
>>> e.status.value, e.open
('partially received', Money('280.00', 'USD'))
>>> e.close(on=date(2026, 3, 1)).open
Money('0.00', 'USD')
"""

from __future__ import annotations

import enum
from datetime import date
from typing import Any, Final, final

import attrs

from medoffice.budget._dimensions import Dimensions
from medoffice.budget._ledger import Leg, Transaction
from medoffice.kernel import InvalidArgument, Money

__all__ = [
    "Encumbrance",
    "EncumbranceError",
    "EncumbranceEvent",
    "EncumbranceStatus",
    "book_invoice",
]

_NO_DIMENSIONS: Final = Dimensions()


def _is_money(value: object) -> bool:
    return isinstance(value, Money)


def _positive_money(value: object) -> bool:
    return isinstance(value, Money) and value.is_positive()


class EncumbranceError(InvalidArgument):
    """A lifecycle step that the encumbrance's state does not allow."""


@final
class EncumbranceStatus(enum.StrEnum):
    """Where an encumbrance is in its life."""

    REQUISITION = "requisition"
    ORDERED = "ordered"
    PARTIALLY_RECEIVED = "partially received"
    RECEIVED = "received"
    CANCELLED = "cancelled"
    CLOSED = "closed"

    @property
    def is_final(self) -> bool:
        """Cancelled or closed: nothing more can happen."""
        return self in {EncumbranceStatus.CANCELLED, EncumbranceStatus.CLOSED}


@final
@attrs.frozen(kw_only=True)
class EncumbranceEvent:
    """One step of the audit trail."""

    kind: str
    on: date
    amount: Money


@final
@attrs.frozen(kw_only=True)
class Encumbrance:
    """A commitment against an account; build with :meth:`requisition`."""

    id: str
    account: str
    dimensions: Dimensions = _NO_DIMENSIONS
    vendor: str | None = None
    category: str | None = None
    on: date
    status: EncumbranceStatus = EncumbranceStatus.REQUISITION
    committed: Money
    received: Money
    invoiced: Money
    liquidated: Money
    released: Money
    events: tuple[EncumbranceEvent, ...] = ()
    version: int = 0

    def __attrs_post_init__(self) -> None:
        amounts = (self.committed, self.received, self.invoiced, self.liquidated, self.released)
        if any(a.currency != self.committed.currency for a in amounts):
            raise EncumbranceError("an encumbrance's amounts must share one currency")
        if any(a.is_negative() for a in amounts):
            raise EncumbranceError("an encumbrance's amounts are never negative")
        if self.liquidated + self.released > self.committed:
            raise EncumbranceError("more liquidated and released than was committed")
        if self.received > self.committed:
            raise EncumbranceError("more received than was ordered")
        if self.status.is_final and not self.open.is_zero():
            raise EncumbranceError("a cancelled or closed encumbrance has nothing open")

    @classmethod
    def requisition(
        cls,
        *,
        id: str,  # noqa: A002 - the domain's word
        account: str,
        amount: Money,
        on: date,
        vendor: str | None = None,
        category: str | None = None,
        dimensions: Dimensions = _NO_DIMENSIONS,
    ) -> Encumbrance:
        """A new requisition pre-encumbering ``amount``."""
        if not _positive_money(amount):
            raise EncumbranceError("a requisition is for a positive amount")
        zero = Money.zero(amount.currency)
        return cls(
            id=id,
            account=account,
            dimensions=dimensions,
            vendor=vendor,
            category=category,
            on=on,
            committed=amount,
            received=zero,
            invoiced=zero,
            liquidated=zero,
            released=zero,
            events=(EncumbranceEvent(kind="requisition", on=on, amount=amount),),
        )

    def with_version(self, version: int) -> Encumbrance:
        """The same encumbrance stamped with a storage version (repositories use this)."""
        return attrs.evolve(self, version=version)

    @property
    def open(self) -> Money:
        """What still counts against the budget: committed less liquidated and released."""
        return self.committed - self.liquidated - self.released

    def _step(self, kind: str, on: date, amount: Money, **changes: Any) -> Encumbrance:
        if not _is_money(amount) or amount.currency != self.committed.currency:
            raise EncumbranceError("the amount is Money in the encumbrance's currency")
        if amount.is_negative():
            raise EncumbranceError("a step's amount is never negative")
        event = EncumbranceEvent(kind=kind, on=on, amount=amount)
        return attrs.evolve(self, events=(*self.events, event), **changes)

    def _require(self, *allowed: EncumbranceStatus) -> None:
        if self.status not in allowed:
            raise EncumbranceError(f"cannot do that to an encumbrance that is {self.status}")

    def order(self, amount: Money, *, on: date) -> Encumbrance:
        """Issue the purchase order; the ordered amount replaces the requisition's."""
        self._require(EncumbranceStatus.REQUISITION)
        if not _positive_money(amount):
            raise EncumbranceError("a purchase order is for a positive amount")
        return self._step("order", on, amount, status=EncumbranceStatus.ORDERED, committed=amount)

    def receive(self, amount: Money, *, on: date) -> Encumbrance:
        """Record goods or services received (part or all of the order)."""
        self._require(
            EncumbranceStatus.ORDERED,
            EncumbranceStatus.PARTIALLY_RECEIVED,
            EncumbranceStatus.RECEIVED,
        )
        received = self.received + amount
        if received > self.committed:
            raise EncumbranceError("cannot receive more than was ordered")
        status = (
            EncumbranceStatus.RECEIVED
            if received == self.committed
            else EncumbranceStatus.PARTIALLY_RECEIVED
        )
        return self._step("receive", on, amount, status=status, received=received)

    def invoice(self, amount: Money, *, on: date) -> Encumbrance:
        """Record an invoice: it becomes an actual and liquidates up to what is open."""
        self._require(
            EncumbranceStatus.ORDERED,
            EncumbranceStatus.PARTIALLY_RECEIVED,
            EncumbranceStatus.RECEIVED,
        )
        liquidate = min(amount, self.open)
        return self._step(
            "invoice",
            on,
            amount,
            invoiced=self.invoiced + amount,
            liquidated=self.liquidated + liquidate,
        )

    def liquidate(self, amount: Money, *, on: date) -> Encumbrance:
        """Liquidate part of the encumbrance without an invoice (settled elsewhere)."""
        self._require(
            EncumbranceStatus.ORDERED,
            EncumbranceStatus.PARTIALLY_RECEIVED,
            EncumbranceStatus.RECEIVED,
        )
        if amount > self.open:
            raise EncumbranceError("cannot liquidate more than is open")
        return self._step("liquidate", on, amount, liquidated=self.liquidated + amount)

    def cancel(self, *, on: date) -> Encumbrance:
        """Cancel before anything is received or invoiced; releases everything open."""
        self._require(EncumbranceStatus.REQUISITION, EncumbranceStatus.ORDERED)
        if not (self.received.is_zero() and self.invoiced.is_zero()):
            raise EncumbranceError("goods were received or invoiced: close it instead")
        return self._step(
            "cancel",
            on,
            self.open,
            status=EncumbranceStatus.CANCELLED,
            released=self.released + self.open,
        )

    def close(self, *, on: date) -> Encumbrance:
        """Close the order; whatever is still open is released."""
        self._require(
            EncumbranceStatus.ORDERED,
            EncumbranceStatus.PARTIALLY_RECEIVED,
            EncumbranceStatus.RECEIVED,
        )
        return self._step(
            "close",
            on,
            self.open,
            status=EncumbranceStatus.CLOSED,
            released=self.released + self.open,
        )


def book_invoice(
    order: Encumbrance, amount: Money, *, invoice_id: str, payable_account: str, on: date
) -> tuple[Encumbrance, Transaction]:
    """An invoice of ``amount`` against ``order``: the order with the invoice recorded (it
    liquidates up to what is open), and the balanced transaction ``invoice_id`` that posts it, the
    expense on the order's account and dimensions against ``payable_account``."""
    updated = order.invoice(amount, on=on)
    transaction = Transaction(
        id=invoice_id,
        on=on,
        legs=(
            Leg(account=order.account, amount=amount, dimensions=order.dimensions),
            Leg(account=payable_account, amount=-amount),
        ),
    )
    return updated, transaction
