"""Batch allocation: place many requests at once, greedily or exactly, and book the result.

:func:`allocate` places :class:`AllocationRequest` values by priority and returns an
:class:`Allocation` of :class:`Placement` and :class:`Unplaced` (with an
:class:`UnplacedReason`). :func:`allocate_exact` builds a :class:`CandidateModel`
(:func:`candidate_model`, split by :func:`day_groups`) for a solver port and reads back a
:class:`Solution`; :func:`book_allocation` books every placement through the booking decision.
"""

from medoffice.scheduling._alloc_exact import (
    allocate_exact,
    candidate_model,
    day_groups,
)
from medoffice.scheduling._alloc_greedy import (
    allocate,
    book_allocation,
)
from medoffice.scheduling._alloc_model import (
    Allocation,
    AllocationCandidate,
    AllocationRequest,
    CandidateModel,
    Placement,
    Solution,
    Unplaced,
    UnplacedReason,
)

__all__ = [
    "Allocation",
    "AllocationCandidate",
    "AllocationRequest",
    "CandidateModel",
    "Placement",
    "Solution",
    "Unplaced",
    "UnplacedReason",
    "allocate",
    "allocate_exact",
    "book_allocation",
    "candidate_model",
    "day_groups",
]
