"""Public names of the A/R ledger."""

from __future__ import annotations

from medoffice.revenue._ledger import (
    PATIENT,
    ArLedger,
    ArTotals,
    EntryKind,
    LedgerEntry,
    LineBalance,
)

__all__ = [
    "PATIENT",
    "ArLedger",
    "ArTotals",
    "EntryKind",
    "LedgerEntry",
    "LineBalance",
]
