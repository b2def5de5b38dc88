"""Reallocations: an append-only journal of balanced budget transfers, replayed bitemporally.

A :class:`Transfer` moves budget between cells in balanced :class:`TransferLeg` values; it is
drafted, submitted and decided (:func:`draft`, :func:`submit`, :func:`decide`), each step a
:class:`JournalEntry`. :func:`transfer_states` replays the journal into :class:`TransferState`
values, :func:`pending_transfers` and :func:`net_transfers` summarise it, and
:func:`budget_as_of` answers what the budget was, as known at one instant, for another.
"""

from medoffice.budget._transfers import (
    JournalEntry,
    Transfer,
    TransferLeg,
    TransferState,
    TransferStatus,
    budget_as_of,
    decide,
    draft,
    net_transfers,
    pending_transfers,
    submit,
    transfer_states,
)

__all__ = [
    "JournalEntry",
    "Transfer",
    "TransferLeg",
    "TransferState",
    "TransferStatus",
    "budget_as_of",
    "decide",
    "draft",
    "net_transfers",
    "pending_transfers",
    "submit",
    "transfer_states",
]
