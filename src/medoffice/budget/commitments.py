"""Commitments: funds checks, approvals and encumbrances, before money is spent.

A :class:`PurchaseRequest` is checked against what is left (:func:`check_funds`, a
:class:`FundsCheck` over a :class:`FundsLedger`) and routed to the approvers an
:class:`ApprovalPolicy` names for its amount (:func:`required_approvers`, by
:class:`ApprovalBand`). An approved request becomes an :class:`Encumbrance` (requisition, then
purchase order) whose :class:`EncumbranceEvent` history and :class:`EncumbranceStatus` follow it
until :func:`book_invoice` relieves it against the actual.
"""

from medoffice.budget._encumbrance import (
    Encumbrance,
    EncumbranceError,
    EncumbranceEvent,
    EncumbranceStatus,
    book_invoice,
)
from medoffice.budget._funds import (
    ApprovalBand,
    ApprovalPolicy,
    Approvers,
    FundsCheck,
    FundsLedger,
    PurchaseRequest,
    check_funds,
    required_approvers,
)

__all__ = [
    "ApprovalBand",
    "ApprovalPolicy",
    "Approvers",
    "Encumbrance",
    "EncumbranceError",
    "EncumbranceEvent",
    "EncumbranceStatus",
    "FundsCheck",
    "FundsLedger",
    "PurchaseRequest",
    "book_invoice",
    "check_funds",
    "required_approvers",
]
