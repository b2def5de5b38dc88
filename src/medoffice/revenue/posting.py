"""Public names of posting: remittances to ledger entries, denials and the work queue."""

from medoffice.revenue._posting import (
    WorkReason,
    charge_entries,
)

__all__ = ["WorkReason", "charge_entries"]
