"""Public names of denial management.

``DENIAL_CODES`` maps a CARC to its denial category and the claims rule that would have caught
it before submission (``None`` where no rule can).
"""

from medoffice.revenue._denials import (
    DENIAL_CODES,
    classify,
    denial_statistics,
    next_action,
)

__all__ = ["DENIAL_CODES", "classify", "denial_statistics", "next_action"]
