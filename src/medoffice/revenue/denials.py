"""Public names of denial management."""

from __future__ import annotations

from medoffice.revenue._denials import (
    DENIAL_CODES,
    Denial,
    DenialCategory,
    NextAction,
    classify,
    denial_statistics,
    next_action,
)

__all__ = [
    "DENIAL_CODES",
    "Denial",
    "DenialCategory",
    "NextAction",
    "classify",
    "denial_statistics",
    "next_action",
]
