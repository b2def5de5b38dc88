"""Batch allocation: the requests, the result, and the candidate model exact solvers read.

A batch is many :class:`AllocationRequest`\\ s placed at once (a practice reopening after a
provider's leave, a vaccination drive). Each names its appointment type, the patient, the time
windows it may take (FHIR ``Appointment.requestedPeriod``: the visit lies wholly inside one),
the providers allowed (empty: every provider the type allows), preferred providers, a priority
(higher first) and a weight (what placing it is worth; 1 counts placements). An
:class:`Allocation` holds the :class:`Placement`\\ s, every :class:`Unplaced` request with its
:class:`UnplacedReason`, the objective (total weight placed), an upper ``bound`` on the best
possible objective and the ``gap`` between them, so every run says how far from optimal it may be.

The :class:`CandidateModel` lists every feasible (request, provider, start) on the calendar as it
was before the batch, with groups of candidates of which at most one may be chosen (one per
request; overlapping spans on one provider or one patient). An exact solver behind the
:class:`~medoffice.scheduling.ports.Solver` port picks a best set.

More information: HL7 FHIR R4 Appointment.requestedPeriod (https://hl7.org/fhir/R4/appointment.html).

>>> from datetime import UTC, datetime, timedelta
>>> from medoffice.kernel import TimeRange
>>> from medoffice.scheduling import Patient
>>> nine = datetime(2026, 3, 2, 9, tzinfo=UTC)
>>> request = AllocationRequest(
...     id="r-1",
...     type_code="FU",
...     patient=Patient(ref="p-1"),
...     windows=[TimeRange(nine, nine + timedelta(hours=3))],
...     priority=2,
... )
>>> request.weight, request.providers
(1, frozenset())
>>> Allocation(placements=(), unplaced=(), objective=0, bound=0).gap
0.0
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import final

import attrs

from medoffice.kernel import InvalidValue, TimeRange
from medoffice.scheduling._convert import instance_of, text, to_frozenset, to_tuple
from medoffice.scheduling._types import Patient

__all__ = [
    "Allocation",
    "AllocationCandidate",
    "AllocationRequest",
    "CandidateModel",
    "Placement",
    "Solution",
    "Unplaced",
    "UnplacedReason",
]


def _windows(given: list[TimeRange] | tuple[TimeRange, ...]) -> tuple[TimeRange, ...]:
    value: object = given  # checked at run time: not every caller is type-checked
    items = tuple(value) if isinstance(value, (list, tuple)) else ()
    if not items or not all(isinstance(w, TimeRange) for w in items):
        raise InvalidValue("a request needs at least one window, each a TimeRange")
    return tuple(sorted(items, key=lambda w: w.start))


def _positive(_: object, attribute: attrs.Attribute[int], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidValue(f"{attribute.name} must be a whole number of at least 1")


def _whole(_: object, attribute: attrs.Attribute[int], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidValue(f"{attribute.name} must be a whole number")


@final
@attrs.frozen(kw_only=True)
class AllocationRequest:
    """One visit to place: type, patient, windows, allowed and preferred providers, priority.

    ``resources`` pins rooms or devices by id (the ultrasound, room 3): the visit is placed only
    where each of them is open and free, and they stand in for the type's pool of that kind.
    """

    id: str = attrs.field(validator=text)
    type_code: str = attrs.field(validator=text)
    patient: Patient = attrs.field(validator=instance_of(Patient))
    windows: tuple[TimeRange, ...] = attrs.field(converter=_windows)
    providers: frozenset[str] = attrs.field(default=frozenset(), converter=to_frozenset)
    preferred: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    priority: int = attrs.field(default=0, validator=_whole)
    weight: int = attrs.field(default=1, validator=_positive)
    duration_minutes: int | None = None
    resources: frozenset[str] = attrs.field(default=frozenset(), converter=to_frozenset)


@final
@attrs.frozen(kw_only=True)
class Placement:
    """Where a request was placed: provider, start, end and the resources chosen."""

    request_id: str
    provider: str
    start: datetime
    end: datetime
    resources: frozenset[str] = frozenset()


@final
class UnplacedReason(enum.StrEnum):
    """Why a request was not placed."""

    #: the type, provider list or windows leave no open start even on the calendar before the batch
    NO_OPEN_TIME = "no-open-time"
    #: it had open starts, but other requests of the batch took them
    CAPACITY = "capacity"
    #: the type is unknown, or none of the allowed providers has a schedule
    INVALID = "invalid"


@final
@attrs.frozen(kw_only=True)
class Unplaced:
    """A request left out, and why."""

    request_id: str
    reason: UnplacedReason


@final
@attrs.frozen(kw_only=True)
class Allocation:
    """The result of a run: placements, unplaced requests, objective, bound and the gap."""

    placements: tuple[Placement, ...] = attrs.field(converter=to_tuple)
    unplaced: tuple[Unplaced, ...] = attrs.field(converter=to_tuple)
    objective: int
    bound: int
    method: str = "greedy"
    optimal: bool = False

    @property
    def gap(self) -> float:
        """``(bound - objective) / bound``: 0.0 when the placement is proven optimal."""
        if self.bound <= 0:
            return 0.0
        return (self.bound - self.objective) / self.bound


@final
@attrs.frozen(kw_only=True)
class AllocationCandidate:
    """A feasible placement of request ``request`` (an index) before the batch, in epoch seconds."""

    request: int
    provider: str
    start: int
    end: int


@final
@attrs.frozen(kw_only=True)
class CandidateModel:
    """Candidates, the weight of each request, and the groups that allow one choice at most.

    ``unit`` is true when every candidate conflicts only with candidates of the same provider and
    start (every visit lasts one grid unit, no buffers): then an assignment solves it exactly.
    """

    weights: tuple[int, ...] = attrs.field(converter=to_tuple)
    candidates: tuple[AllocationCandidate, ...] = attrs.field(converter=to_tuple)
    groups: tuple[tuple[int, ...], ...] = attrs.field(converter=to_tuple)
    unit: bool = False


@final
@attrs.frozen(kw_only=True)
class Solution:
    """A solver's answer: chosen candidate indexes, an upper bound, whether proven optimal."""

    chosen: tuple[int, ...] = attrs.field(converter=to_tuple)
    bound: float
    optimal: bool
