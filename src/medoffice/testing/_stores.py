"""Stores for testing a service against one repository of your choosing.

The services take a store and open units of work on it. To run a service over a repository of
your own, or over a test double that races or fails on purpose, wrap it in a
:class:`PlainStore`: its unit of work hands out the repositories as they are and commits or
rolls back nothing itself, so each save stands alone (as the repository makes it). Repositories
not given are fresh in-memory ones. It is a test double: it does not pass the unit-of-work
contracts; :class:`medoffice.adapters.memory.InMemoryStore` does.

To keep a real store's units of work (its transactions) and change what one repository does
(count its saves, pause between two writes, read the way older code read), wrap the store in a
:class:`SwappedStore`: each unit enters and leaves the store's own unit and hands out its
repositories, the ones named replaced by what the given function makes of them.

>>> from medoffice.scheduling._slices import SliceKey, SliceQuery
>>> from medoffice.testing import InMemoryAppointmentRepository
>>> repository = InMemoryAppointmentRepository()
>>> store = PlainStore(appointments=repository)
>>> key = SliceKey(lane="resource:dr-a", day=None)
>>> with store.unit_of_work() as uow:
...     uow.appointments.save([], expected={key: 0})[key]
1
>>> repository.load(SliceQuery(keys=[key])).version(key)
1
"""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Any, Self, TypeVar, final

from medoffice.adapters.memory import (
    InMemoryAppointmentRepository,
    InMemoryClaimHistory,
    InMemoryCredentialRepository,
    InMemoryEncumbranceRepository,
    InMemoryPostingStore,
    InMemoryScreeningLog,
    InMemoryTransferJournal,
    InMemoryWaitlistRepository,
)
from medoffice.budget.ports import EncumbranceRepository, PostingStore, TransferJournal
from medoffice.claims.ports import ClaimHistory
from medoffice.credentials.ports import CredentialRepository, ScreeningLog
from medoffice.scheduling.ports import (
    AppointmentRepository,
    SchedulingStore,
    SchedulingUnitOfWork,
    WaitlistRepository,
)

__all__ = ["PlainStore", "SwappedStore"]

_R = TypeVar("_R")


@final
class PlainStore:
    """A store (of every domain) over given repositories; its units of work are pass-through."""

    __slots__ = (
        "appointments",
        "claims",
        "credentials",
        "encumbrances",
        "postings",
        "screenings",
        "transfers",
        "waitlist",
    )

    def __init__(
        self,
        *,
        appointments: AppointmentRepository | None = None,
        waitlist: WaitlistRepository | None = None,
        claims: ClaimHistory | None = None,
        credentials: CredentialRepository | None = None,
        screenings: ScreeningLog | None = None,
        postings: PostingStore | None = None,
        encumbrances: EncumbranceRepository | None = None,
        transfers: TransferJournal | None = None,
    ) -> None:
        self.appointments: AppointmentRepository = (
            InMemoryAppointmentRepository() if appointments is None else appointments
        )
        self.waitlist: WaitlistRepository = (
            InMemoryWaitlistRepository() if waitlist is None else waitlist
        )
        self.claims: ClaimHistory = InMemoryClaimHistory() if claims is None else claims
        self.credentials: CredentialRepository = (
            InMemoryCredentialRepository() if credentials is None else credentials
        )
        self.screenings: ScreeningLog = InMemoryScreeningLog() if screenings is None else screenings
        self.postings: PostingStore = InMemoryPostingStore() if postings is None else postings
        self.encumbrances: EncumbranceRepository = (
            InMemoryEncumbranceRepository() if encumbrances is None else encumbrances
        )
        self.transfers: TransferJournal = (
            InMemoryTransferJournal() if transfers is None else transfers
        )

    def unit_of_work(self) -> Self:
        """The store itself: entering and leaving it does nothing."""
        return self

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        return None

    def __repr__(self) -> str:
        return "PlainStore()"


@final
class SwappedStore:
    """A scheduling store whose units hand out ``store``'s repositories, some swapped.

    ``appointments`` and ``waitlist``, when given, take the unit's own repository and return the
    one to hand out instead (a wrapper that counts, pauses or fails); each is called once per
    unit, on first use.
    """

    __slots__ = ("_appointments", "_store", "_waitlist")

    def __init__(
        self,
        store: SchedulingStore,
        *,
        appointments: Callable[[AppointmentRepository], AppointmentRepository] | None = None,
        waitlist: Callable[[WaitlistRepository], WaitlistRepository] | None = None,
    ) -> None:
        self._store = store
        self._appointments = appointments
        self._waitlist = waitlist

    def unit_of_work(self) -> _SwappedUnit:
        """A unit of the wrapped store, with the repositories swapped."""
        return _SwappedUnit(self._store.unit_of_work(), self._appointments, self._waitlist)

    def __repr__(self) -> str:
        return f"SwappedStore({self._store!r})"


@final
class _SwappedUnit:
    __slots__ = ("_appointments", "_made", "_unit", "_waitlist")

    def __init__(
        self,
        unit: SchedulingUnitOfWork,
        appointments: Callable[[AppointmentRepository], AppointmentRepository] | None,
        waitlist: Callable[[WaitlistRepository], WaitlistRepository] | None,
    ) -> None:
        self._unit = unit
        self._appointments = appointments
        self._waitlist = waitlist
        self._made: dict[str, Any] = {}

    def __enter__(self) -> Self:
        self._unit.__enter__()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._unit.__exit__(kind, error, trace)

    @property
    def appointments(self) -> AppointmentRepository:
        return self._swapped("appointments", self._unit.appointments, self._appointments)

    @property
    def waitlist(self) -> WaitlistRepository:
        return self._swapped("waitlist", self._unit.waitlist, self._waitlist)

    def _swapped(self, name: str, own: _R, make: Callable[[_R], _R] | None) -> _R:
        if make is None:
            return own
        made: _R | None = self._made.get(name)
        if made is None:
            made = self._made[name] = make(own)
        return made
