"""Public names of A/R aging."""

from __future__ import annotations

from medoffice.revenue._aging import (
    BUCKETS,
    Aging,
    AgingBasis,
    AgingRow,
    OpenItem,
    age,
    open_items,
)

__all__ = [
    "BUCKETS",
    "Aging",
    "AgingBasis",
    "AgingRow",
    "OpenItem",
    "age",
    "open_items",
]
