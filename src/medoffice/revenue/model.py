"""Public names of the remittance values (payment, claims, lines, adjustments), claims billed."""

from __future__ import annotations

from medoffice.revenue._model import (
    REVERSAL,
    Adjustment,
    BilledClaim,
    BilledLine,
    ClaimPayment,
    GroupCode,
    ProviderAdjustment,
    Remittance,
    ServicePayment,
)

__all__ = [
    "REVERSAL",
    "Adjustment",
    "BilledClaim",
    "BilledLine",
    "ClaimPayment",
    "GroupCode",
    "ProviderAdjustment",
    "Remittance",
    "ServicePayment",
]
