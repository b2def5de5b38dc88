"""Public names of A/R aging.

``BUCKETS`` are the standard aging buckets in days: 0-30, 31-60, 61-90, 91-120 and over 120.
"""

from medoffice.revenue._aging import (
    BUCKETS,
    AgingRow,
    OpenItem,
)

__all__ = ["BUCKETS", "AgingRow", "OpenItem"]
