"""Public names of remittance balancing (rule ids ``ERA-BAL-*``)."""

from medoffice.revenue._balancing import (
    claim_findings,
    is_balanced,
    signed_payment,
)

__all__ = ["claim_findings", "is_balanced", "signed_payment"]
