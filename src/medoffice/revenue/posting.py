"""Public names of posting: remittances to ledger entries, denials and the work queue."""

from __future__ import annotations

from medoffice.revenue._posting import (
    Posting,
    WorkItem,
    WorkReason,
    charge_entries,
    post_remittance,
)

__all__ = [
    "Posting",
    "WorkItem",
    "WorkReason",
    "charge_entries",
    "post_remittance",
]
