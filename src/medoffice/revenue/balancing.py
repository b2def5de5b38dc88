"""Public names of remittance balancing (rule ids ERA-BAL-*)."""

from __future__ import annotations

from medoffice.revenue._balancing import (
    check_remittance,
    claim_findings,
    is_balanced,
    signed_payment,
)

__all__ = [
    "check_remittance",
    "claim_findings",
    "is_balanced",
    "signed_payment",
]
