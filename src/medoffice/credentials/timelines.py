"""Timelines: the days that decide one credential's standing, and which credential governs.

:func:`timeline_of` gives a credential's :class:`Timeline` (last valid day, first expiring day,
grace and reinstatement windows, or the missing fact when undecidable);
:func:`requirement_of` names the requirement a credential answers and :func:`best_credential`
the one that governs among several.
"""

from medoffice.credentials._status import (
    Timeline,
    best_credential,
    requirement_of,
    timeline_of,
)

__all__ = [
    "Timeline",
    "best_credential",
    "requirement_of",
    "timeline_of",
]
