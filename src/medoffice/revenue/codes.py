"""Public names of the reason-code lists (CARC, RARC)."""

from __future__ import annotations

from medoffice.revenue._codes import (
    ReasonCode,
    ReasonCodes,
    check_reason_codes,
)

__all__ = [
    "ReasonCode",
    "ReasonCodes",
    "check_reason_codes",
]
