"""Slot queries beyond the everyday ones: ranking, one per day, and why a time is not offered.

:func:`~medoffice.scheduling.open_slots`, :func:`~medoffice.scheduling.open_slots_any` and
:func:`~medoffice.scheduling.next_available` are in :mod:`medoffice.scheduling`. Here are the
:class:`Ranking` that chooses a provider from a pool, :func:`rank` and :func:`first_per_day` over
slots already found, and :func:`explain`, which lists every reason a :class:`Candidate` time is
not offered (the same checks the booking decision makes).
"""

from medoffice.scheduling._conflicts import (
    Candidate,
    explain,
)
from medoffice.scheduling._slots import (
    Ranking,
    first_per_day,
    rank,
)

__all__ = [
    "Candidate",
    "Ranking",
    "explain",
    "first_per_day",
    "rank",
]
