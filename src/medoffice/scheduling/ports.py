"""The ports of scheduling: what the pure core needs from the outside world.

- :class:`AppointmentRepository` stores appointments in slices the size of a day, with
  optimistic concurrency per slice: ``load`` answers a
  :class:`~medoffice.scheduling._slices.SliceQuery` (the appointments of some lanes, a lane being
  a resource or a patient, over some windows, and the version of each lane-day key) from one
  snapshot; ``save`` takes the versions read for the keys the change touches and raises
  :class:`~medoffice.kernel.ConcurrencyConflict` when any of them moved, so two clerks booking
  the last slot of a day cannot both win, while bookings of two providers never collide.
- :class:`ClosureCalendar` names the days the whole practice is closed (holidays, inventory).
- :class:`ProviderEligibility` answers whether a provider may see a type of visit on a day
  (credentialing plugs in here, without scheduling importing it).
- :class:`VisitAuthorizations` says whether a visit needs a prior authorization or a referral
  the patient lacks (as booking conflicts), counts a booked visit against the one it uses and
  releases it when the visit is cancelled (the authorizations domain plugs in here through a
  bridge, without scheduling importing it).
- :class:`WaitlistRepository` stores waitlist entries and offers with the same compare-and-set
  saving; an operation reads the *open slice* (``load_open``: the entries still waiting or
  offered and the offers that matter to them), not the whole history (contract:
  :class:`medoffice.testing._waitlist_contracts.WaitlistRepositoryContract`).
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

from collections.abc import Collection, Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Protocol, final, runtime_checkable

import attrs

from medoffice.kernel import UnitOfWork
from medoffice.scheduling._convert import to_tuple
from medoffice.scheduling._slices import SliceKey, SliceQuery, StoredSlice

if TYPE_CHECKING:
    from medoffice.scheduling._alloc_model import CandidateModel, Solution
    from medoffice.scheduling._appointments import Appointment
    from medoffice.scheduling._booking import BookingRequest
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
    "SliceKey",
    "SliceQuery",
    "Solver",
    "StoredSlice",
    "StoredWaitlist",
    "Visit",
    "VisitAuthorizations",
    "WaitlistRepository",
]


@runtime_checkable
class AppointmentRepository(Protocol):
    """Appointments filed by lane and day, saved with compare-and-set per lane-day.

    A *lane* is a resource (``resource:<id>``: a provider, room or device) or a patient
    (``patient:<reference>``); an appointment is filed under its provider, each of its
    resources and its patient (:func:`~medoffice.scheduling._slices.appointment_lanes`), on
    the UTC days its held time touches (:func:`~medoffice.scheduling._slices.index_days`).
    Versions belong to :class:`~medoffice.scheduling._slices.SliceKey`\\ s (a lane and a day
    chosen by the caller, or the whole lane); the repository keeps them opaque.

    An SQL adapter needs three tables: the appointments by id, an index table
    ``(lane, utc_day, appointment_id)`` with that primary key, and ``(lane, day, version)``.
    Every read is then a range scan of an index, whatever the size of the history.
    """

    def load(self, query: SliceQuery) -> StoredSlice:
        """From one consistent snapshot: every appointment filed under a lane of
        ``query.reads`` whose held time (span widened by its buffers) overlaps that lane's
        window, each once, whatever its status; and the current version of every key of
        ``query.keys`` (0 for a key never saved)."""
        ...

    def find(self, appointment_ids: Collection[str]) -> tuple[Appointment, ...]:
        """The stored appointments with these ids (unknown ids are left out)."""
        ...

    def save(
        self, changed: Sequence[Appointment], *, expected: Mapping[SliceKey, int]
    ) -> Mapping[SliceKey, int]:
        """Insert or replace ``changed`` (by id, re-filed under their current lanes and days)
        all together, if every key of ``expected`` still has the version given; then move each
        of those keys to a version it never had before, and return the new versions.

        Raises ``ConcurrencyConflict`` without storing anything when a key's version is not
        the one expected. The caller passes the keys of every lane-day the change touches,
        before and after (:func:`~medoffice.scheduling._planning.save_keys`); the repository
        does not check that, and must not need to know any time zone.
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
    """Whether a provider may see an appointment type on a day (licences, privileges).

    ``on`` is the practice's local day of the visit (where the visit happens), for searches and
    bookings alike. The core calls ``is_eligible(provider, type_code=..., on=...)`` and refuses,
    with :class:`~medoffice.kernel.InvalidArgument`, a method that cannot be called so or an
    answer that is not a ``bool``: an object answering another question never passes.
    """

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


_new = object.__new__
# Visit's slots, set directly: the same value as Visit(...) (it has no converter or
# validator), built without the keyword call, at each booking the authorization port checks.
_set_appointment_id = Visit.__dict__["appointment_id"].__set__
_set_patient = Visit.__dict__["patient"].__set__
_set_type_code = Visit.__dict__["type_code"].__set__
_set_provider = Visit.__dict__["provider"].__set__
_set_day = Visit.__dict__["day"].__set__


def new_visit(appointment_id: str, patient: str, type_code: str, provider: str, day: date) -> Visit:
    """``Visit(appointment_id=..., ...)``, its fields by position, for the booking's hot path."""
    visit: Visit = _new(Visit)
    _set_appointment_id(visit, appointment_id)
    _set_patient(visit, patient)
    _set_type_code(visit, type_code)
    _set_provider(visit, provider)
    _set_day(visit, day)
    return visit


@runtime_checkable
class VisitAuthorizations(Protocol):
    """Prior authorizations and referrals for a visit (the payer's rules, the patient's records).

    ``may_require`` answers cheaply whether a type of visit with a provider could ever need
    anything (when not, the booking skips the check); ``check_visit`` returns a conflict for
    each thing missing (kinds ``auth-*`` and ``ref-*``; empty when nothing is required or a
    valid one has room), which the booking policy blocks, warns about or allows with a reason
    like any other conflict. ``check_request`` is the booking decision's single call: the
    answer of both for the visit a booking request books, read from the request itself (a port
    may answer it from data prepared for that kind of visit, without building the visit).
    ``holding`` gives the same answers with visits not yet saved
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

    def check_request(self, request: BookingRequest, practice_zone: str) -> tuple[Conflict, ...]:
        """What is missing for the visit ``request`` books, its day taken in ``practice_zone``.

        The booking decision's one call: nothing when :meth:`may_require` says no, else
        :meth:`check_visit` of the visit it books (its day the request's start in
        ``practice_zone``).
        """
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
    """Waitlist entries and offers with compare-and-set saving (as appointments).

    The waitlist keeps its history (every entry booked, withdrawn or expired, every offer
    answered), so an operation reads only the **open slice** at ``now`` (``load_open``):

    - the entries open at ``now``: status ``waiting`` or ``offered`` and not expired
      (``expires`` unset or later than ``now``), exactly
      :meth:`~medoffice.scheduling._waitlist.WaitlistEntry.is_open`;
    - the offers of those entries (any status), and every offer live at ``now`` (status
      ``open`` and ``hold_until`` later than ``now``,
      :meth:`~medoffice.scheduling._waitlist.Offer.is_live`) whatever its entry: a live offer
      holds its slot even after its entry closed.

    A closed entry or an answered offer is read by id with ``find``, and the history of a period
    with ``history``.

    **Versions.** The waitlist has one version, moved by every save. ``load_open``, ``find``,
    ``history`` and ``load`` all carry that same version, read in the same snapshot as their
    rows, so a save based on a slice conflicts on any save since the read (one that touched only
    closed entries included): exactly the check a whole load gave. A caller combining two reads
    saves with the version of the first.

    An SQL adapter keeps, beside each body, the columns the slice filters on (an entry's status
    and expiry, an offer's entry, status and hold) with indexes on the open rows, so the slice
    costs the open rows, whatever the size of the history.
    """

    def load(self) -> StoredWaitlist:
        """Every entry and offer ever stored, and the current version.

        It costs the whole history: operations read ``load_open`` instead.
        """
        ...

    def load_open(self, now: datetime) -> StoredWaitlist:
        """From one snapshot: the entries open at ``now`` and their offers, every offer live at
        ``now``, each in the order first stored, and the current version."""
        ...

    def find(
        self, *, entry_ids: Collection[str] = (), offer_ids: Collection[str] = ()
    ) -> StoredWaitlist:
        """From one snapshot: the stored entries and offers with these ids (unknown ids are
        left out), whatever their status, and the current version."""
        ...

    def history(self, start: datetime, end: datetime) -> StoredWaitlist:
        """From one snapshot: the entries created from ``start`` (inclusive) to ``end``
        (exclusive), whatever their status, their offers, and the current version."""
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
