"""Encumbrances: the purchase lifecycle and its invariants."""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs
import pytest

from medoffice.budget._encumbrance import (
    Encumbrance,
    EncumbranceError,
    EncumbranceStatus,
    book_invoice,
)
from medoffice.kernel import Money

D = date(2026, 2, 1)


def usd(text: str) -> Money:
    return Money.of(text, "USD")


def requisition(amount: str = "500.00") -> Encumbrance:
    return Encumbrance.requisition(id="PO-1", account="6100", amount=usd(amount), on=D, vendor="V")


class TestLifecycle:
    def test_a_requisition_pre_encumbers_its_amount(self) -> None:
        """A new requisition has everything open."""
        e = requisition()
        assert (e.status, e.open) == (EncumbranceStatus.REQUISITION, usd("500.00"))

    def test_the_order_amount_replaces_the_requisition(self) -> None:
        """Ordering 480 of a 500 requisition commits 480."""
        e = requisition().order(usd("480"), on=D)
        assert (e.status, e.committed, e.open) == (
            EncumbranceStatus.ORDERED,
            usd("480"),
            usd("480"),
        )

    def test_partial_then_full_receipt(self) -> None:
        """Receiving 200 then 280 of 480 moves through partially received to received."""
        e = requisition().order(usd("480"), on=D).receive(usd("200"), on=D)
        assert e.status is EncumbranceStatus.PARTIALLY_RECEIVED
        assert e.receive(usd("280"), on=D).status is EncumbranceStatus.RECEIVED

    def test_an_invoice_liquidates_no_more_than_is_open(self) -> None:
        """Invoicing 520 on a 480 order liquidates 480 and records 520 invoiced."""
        e = requisition().order(usd("480"), on=D).invoice(usd("520"), on=D)
        assert (e.liquidated, e.invoiced, e.open) == (usd("480"), usd("520"), usd("0"))

    def test_closing_releases_the_remainder(self) -> None:
        """Closing after a 300 invoice releases the other 180."""
        e = requisition().order(usd("480"), on=D).invoice(usd("300"), on=D).close(on=D)
        assert (e.status, e.released, e.open) == (EncumbranceStatus.CLOSED, usd("180"), usd("0"))
        assert [ev.kind for ev in e.events] == ["requisition", "order", "invoice", "close"]

    def test_cancelling_releases_everything(self) -> None:
        """A cancelled requisition has nothing open."""
        e = requisition().cancel(on=D)
        assert (e.status, e.released, e.open) == (EncumbranceStatus.CANCELLED, usd("500"), usd("0"))

    def test_explicit_liquidation(self) -> None:
        """Liquidating 100 without an invoice leaves 380 open."""
        assert requisition().order(usd("480"), on=D).liquidate(usd("100"), on=D).open == usd("380")


class TestImpossibleSteps:
    @pytest.mark.parametrize(
        "step",
        [
            lambda e: e.receive(usd("1"), on=D),  # not ordered yet
            lambda e: e.order(usd("1"), on=D).receive(usd("2"), on=D),  # more than ordered
            lambda e: e.order(usd("1"), on=D).liquidate(usd("2"), on=D),  # more than open
            lambda e: e.order(usd("5"), on=D).receive(usd("1"), on=D).cancel(on=D),  # received
            lambda e: e.cancel(on=D).close(on=D),  # final
            lambda e: e.order(usd("0"), on=D),  # zero order
            lambda e: e.order(Money.of("1", "CAD"), on=D),  # currency
            lambda e: e.order(usd("5"), on=D).invoice(usd("-1"), on=D),  # negative
        ],
        ids=[
            "receive before order",
            "over-receive",
            "over-liquidate",
            "cancel after receipt",
            "close after cancel",
            "zero order",
            "other currency",
            "negative invoice",
        ],
    )
    def test_impossible_steps_raise_and_leave_the_original_intact(self, step: object) -> None:
        """Each impossible step raises EncumbranceError; the value it started from is unchanged."""
        start = requisition("10.00")
        with pytest.raises(EncumbranceError):
            step(start)  # type: ignore[operator]
        assert start.open == usd("10.00")

    def test_a_requisition_for_nothing_is_refused(self) -> None:
        """Requisitions are for positive amounts."""
        with pytest.raises(EncumbranceError):
            requisition("0")


class TestConstructedStates:
    @pytest.mark.parametrize(
        "changes",
        [
            {"received": Money.of("1", "CAD")},
            {"invoiced": Money.of("-1", "USD")},
            {"liquidated": Money.of("8", "USD"), "released": Money.of("8", "USD")},
            {"received": Money.of("11", "USD")},
            {"status": EncumbranceStatus.CLOSED},
        ],
        ids=["mixed currency", "negative", "over-liquidated", "over-received", "closed but open"],
    )
    def test_states_that_break_an_invariant_cannot_be_built(self, changes: dict[str, Any]) -> None:
        """Building an encumbrance directly still checks every invariant."""
        with pytest.raises(EncumbranceError):
            attrs.evolve(requisition("10.00").order(usd("10"), on=D), **changes)


class TestBookInvoice:
    def test_the_invoice_liquidates_and_its_transaction_posts_the_expense(self) -> None:
        """200 on a 480 order: 280 left open; 200 to the order's account against the payable."""
        order = requisition().order(usd("480"), on=D)
        updated, transaction = book_invoice(
            order, usd("200"), invoice_id="INV-1", payable_account="2000", on=D
        )
        assert updated.open == usd("280")
        assert (transaction.id, transaction.on) == ("INV-1", D)
        assert [(leg.account, leg.amount) for leg in transaction.legs] == [
            ("6100", usd("200")),
            ("2000", usd("-200")),
        ]
        assert not transaction.imbalance()

    def test_an_invoice_on_a_requisition_is_refused_and_nothing_changes(self) -> None:
        """A requisition cannot be invoiced; the order value is untouched."""
        order = requisition()
        with pytest.raises(EncumbranceError):
            book_invoice(order, usd("1"), invoice_id="INV-2", payable_account="2000", on=D)
        assert order == requisition()
