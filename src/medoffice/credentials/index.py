"""Standings for a whole roster, compiled for speed.

:class:`StatusIndex` computes each credential's timeline once and answers a day for everyone in
integer comparisons, exactly as :func:`~medoffice.credentials.status` would;
:class:`Explanations` are the bulk explanations it gives, and a :class:`Reason` one blocking
reason in its answers.
"""

from medoffice.credentials._explanations import (
    Explanations,
)
from medoffice.credentials._index import (
    Reason,
    StatusIndex,
)

__all__ = [
    "Explanations",
    "Reason",
    "StatusIndex",
]
