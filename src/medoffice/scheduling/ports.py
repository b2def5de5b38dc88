"""The ports of scheduling: what the pure core needs from the outside world.

- :class:`AppointmentRepository` stores appointments with optimistic concurrency: ``load``
  returns the appointments and the version read; ``save`` takes that version and raises
  :class:`~medoffice.kernel.ConcurrencyConflict` when someone saved in between, so two clerks
  booking the last slot cannot both win. The service re-reads and decides again.
- :class:`ClosureCalendar` names the days the whole practice is closed (holidays, inventory).
- :class:`ProviderEligibility` answers whether a provider may see a type of visit on a day
  (credentialing plugs in here, without scheduling importing it).
- :class:`VisitAuthorizations` says whether a visit needs a prior authorization or a referral
  the patient lacks (as booking conflicts), counts a booked visit against the one it uses and
  releases it when the visit is cancelled (the authorizations domain plugs in here through a
  bridge, without scheduling importing it).
- :class:`WaitlistRepository` stores waitlist entries and offers with the same compare-and-set
  saving (contract: :class:`medoffice.testing._waitlist_contracts.WaitlistRepositoryContract`).
- :class:`Solver` solves a batch's candidate model exactly (SciPy adapters in
  ``adapters.solvers``).
- :class:`NoShowModel` gives a booked visit's no-show probability (a logistic model fitted on
  history is in ``adapters.solvers``).
- :class:`SchedulingStore` opens a :class:`SchedulingUnitOfWork`: one transaction over the
  appointments and the waitlist, so accepting a waitlist offer books the visit and marks the
  entry booked together or not at all (contract:
  :class:`medoffice.testing.SchedulingUnitOfWorkContract`).

Adapters live in ``adapters.memory``; the contract suite every repository
must pass is :class:`medoffice.testing._scheduling_contracts.AppointmentRepositoryContract`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Protocol, final, runtime_checkable

import attrs

from medoffice.kernel import UnitOfWork
from medoffice.scheduling._convert import to_tuple

if TYPE_CHECKING:
    from medoffice.scheduling._alloc_model import CandidateModel, Solution
    from medoffice.scheduling._appointments import Appointment
    from medoffice.scheduling._conflicts import Conflict
    from medoffice.scheduling._overbooking import NoShowFeatures
    from medoffice.scheduling._waitlist import Offer, WaitlistEntry

__all__ = [
    "AppointmentRepository",
    "ClosureCalendar",
    "NoShowModel",
    "ProviderEligibility",
    "SchedulingStore",
    "SchedulingUnitOfWork",
    "Solver",
    "StoredAppointments",
    "StoredWaitlist",
    "Visit",
    "VisitAuthorizations",
    "WaitlistRepository",
]


@final
@attrs.frozen(kw_only=True)
class StoredAppointments:
    """What a repository holds, and the version it was read at."""

    appointments: tuple[Appointment, ...] = attrs.field(converter=to_tuple)
    version: int


@runtime_checkable
class AppointmentRepository(Protocol):
    """Appointments with compare-and-set saving."""

    def load(self) -> StoredAppointments:
        """Every stored appointment and the current version."""
        ...

    def save(self, changed: Sequence[Appointment], *, expected_version: int) -> int:
        """Insert or replace ``changed`` (by id) all together; returns the new version, one
        never returned before (so an old version can never match again).

        Raises ``ConcurrencyConflict`` without storing anything when the current version is not
        ``expected_version``.
        """
        ...


@runtime_checkable
class ClosureCalendar(Protocol):
    """Days the whole practice is closed."""

    def closed_days(self, first: date, last: date) -> frozenset[date]:
        """The closure days from ``first`` to ``last`` inclusive."""
        ...


@runtime_checkable
class ProviderEligibility(Protocol):
    """Whether a provider may see an appointment type on a day (licences, privileges)."""

    def is_eligible(self, provider: str, type_code: str, on: date) -> bool:
        """True when ``provider`` may see ``type_code`` visits on ``on``."""
        ...


@final
@attrs.frozen(kw_only=True)
class Visit:
    """A visit as the authorization port sees it: ids, the type and the day in the practice."""

    appointment_id: str
    patient: str
    type_code: str
    provider: str
    day: date


@runtime_checkable
class VisitAuthorizations(Protocol):
    """Prior authorizations and referrals for a visit (the payer's rules, the patient's records).

    ``may_require`` answers cheaply whether a type of visit with a provider could ever need
    anything (when not, the booking skips the check); ``check_visit`` returns a conflict for
    each thing missing (kinds ``auth-*`` and ``ref-*``; empty when nothing is required or a
    valid one has room), which the booking policy blocks, warns about or allows with a reason
    like any other conflict. ``holding`` gives the same answers with visits not yet saved
    counted as booked (the earlier occurrences of a series decided together). ``consume``
    counts a booked visit against what it uses (idempotent per appointment); ``release`` stops
    counting it.
    """

    def may_require(self, type_code: str, provider: str) -> bool:
        """Whether a ``type_code`` visit with ``provider`` could need an approval at all."""
        ...

    def check_visit(self, visit: Visit) -> tuple[Conflict, ...]:
        """What is missing for ``visit``."""
        ...

    def holding(self, visits: Sequence[Visit]) -> VisitAuthorizations:
        """This port, with ``visits`` counted as booked too (nothing is recorded)."""
        ...

    def consume(self, visit: Visit) -> None:
        """Count the booked ``visit``."""
        ...

    def release(self, appointment_id: str) -> None:
        """Stop counting the visit (cancelled, moved, not attended)."""
        ...


@runtime_checkable
class Solver(Protocol):
    """An exact solver of a batch's :class:`~medoffice.scheduling.allocation.CandidateModel`.

    It returns the chosen candidates (at most one per group), an upper bound on the best total
    weight, and whether the choice is proven optimal. The SciPy MILP (HiGHS) and assignment
    solvers are in ``adapters.solvers``.
    """

    def solve(self, model: CandidateModel) -> Solution:
        """The best set of candidates the solver finds."""
        ...


@final
@attrs.frozen(kw_only=True)
class StoredWaitlist:
    """The waitlist's entries and offers, and the version they were read at."""

    entries: tuple[WaitlistEntry, ...] = attrs.field(converter=to_tuple)
    offers: tuple[Offer, ...] = attrs.field(converter=to_tuple)
    version: int


@runtime_checkable
class WaitlistRepository(Protocol):
    """Waitlist entries and offers with compare-and-set saving (as appointments)."""

    def load(self) -> StoredWaitlist:
        """Every entry and offer, and the current version."""
        ...

    def save(
        self,
        *,
        entries: Sequence[WaitlistEntry] = (),
        offers: Sequence[Offer] = (),
        expected_version: int,
    ) -> int:
        """Insert or replace ``entries`` and ``offers`` (by id) together; returns a new version.

        Raises ``ConcurrencyConflict`` without storing anything when the current version is not
        ``expected_version``.
        """
        ...


@runtime_checkable
class NoShowModel(Protocol):
    """The probability that a booked patient does not come (a logistic model is an adapter)."""

    def probability(self, features: NoShowFeatures) -> float:
        """A probability between 0 and 1."""
        ...


@runtime_checkable
class SchedulingUnitOfWork(UnitOfWork, Protocol):
    """One transaction over the appointments and the waitlist (see :class:`UnitOfWork`)."""

    @property
    def appointments(self) -> AppointmentRepository:
        """The appointments, read and saved inside this unit."""
        ...

    @property
    def waitlist(self) -> WaitlistRepository:
        """The waitlist, read and saved inside this unit."""
        ...


@runtime_checkable
class SchedulingStore(Protocol):
    """Where scheduling keeps its appointments and waitlist: it opens units of work."""

    def unit_of_work(self) -> SchedulingUnitOfWork:
        """A new unit of work, to be used as ``with store.unit_of_work() as uow:``."""
        ...
