"""Public names of the reason-code lists (CARC, RARC)."""

from medoffice.revenue._codes import (
    check_reason_codes,
)

__all__ = ["check_reason_codes"]
