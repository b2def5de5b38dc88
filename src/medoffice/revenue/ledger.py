"""Public names of the A/R ledger.

``PATIENT`` is the party name of the patient's share on a ledger line (payers are named by their
payer id).
"""

from medoffice.revenue._ledger import (
    PATIENT,
    ArTotals,
    EntryKind,
    LineBalance,
)

__all__ = ["PATIENT", "ArTotals", "EntryKind", "LineBalance"]
