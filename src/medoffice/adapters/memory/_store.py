"""Every repository in memory, with units of work: the in-memory twin of the SQLite database.

:class:`InMemoryStore` holds one in-memory repository of each port (appointments, waitlist,
claim history, credentials, screenings, postings, encumbrances, the transfer journal, the
receivables, the authorization records), all sharing one re-entrant lock, and opens
:class:`InMemoryUnitOfWork`\\ s over them, so it is the store of every domain's service
(``Scheduling(store, ...)``, ``Budgeting(store, ...)``, ...).

A unit of work holds the store's lock from ``__enter__`` to ``__exit__`` and takes a checkpoint
of every repository on entry: a clean exit keeps what was saved, an exception puts every
repository back as it was. Units of one store therefore run one after another; other threads
reading a repository wait for the unit to end, so nobody sees a write that is later rolled
back. Saves inside a unit still compare versions as always. For tests, notebooks and
single-process tools; :func:`medoffice.adapters.sqlite.open_database` is the durable store.

>>> from datetime import UTC, date, datetime
>>> from medoffice.budget import Leg, Transaction
>>> from medoffice.kernel import DateRange, Money
>>> store = InMemoryStore()
>>> t = Transaction(
...     id="T1",
...     on=date(2026, 3, 1),
...     legs=(
...         Leg(account="6100", amount=Money.of("10.00", "USD")),
...         Leg(account="2000", amount=Money.of("-10.00", "USD")),
...     ),
... )
>>> try:
...     with store.unit_of_work() as uow:
...         uow.postings.append(t)
...         raise RuntimeError("the invoice could not be booked")
... except RuntimeError:
...     pass
>>> list(store.postings.postings(DateRange.single(date(2026, 3, 1))))
[]
>>> with store.unit_of_work() as uow:
...     uow.postings.append(t)
>>> len(list(store.postings.postings(DateRange.single(date(2026, 3, 1)))))
2
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from types import TracebackType
from typing import Protocol, Self, final

from medoffice.adapters.memory._appointments import InMemoryAppointmentRepository
from medoffice.adapters.memory._authorizations import InMemoryAuthorizationRepository
from medoffice.adapters.memory._budget import (
    InMemoryEncumbranceRepository,
    InMemoryPostingStore,
    InMemoryTransferJournal,
)
from medoffice.adapters.memory._claim_history import InMemoryClaimHistory
from medoffice.adapters.memory._credentials import (
    InMemoryCredentialRepository,
    InMemoryScreeningLog,
)
from medoffice.adapters.memory._receivables import InMemoryReceivables
from medoffice.adapters.memory._waitlist import InMemoryWaitlistRepository
from medoffice.kernel import InvalidArgument
from medoffice.scheduling._appointments import Appointment

__all__ = ["InMemoryStore", "InMemoryUnitOfWork"]


class _Checkpointed(Protocol):
    def checkpoint(self) -> Callable[[], None]: ...


@final
class _Gate:
    """The store's lock and whether a unit of work is open (only its holder reads the flag)."""

    __slots__ = ("lock", "open")

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.open = False


@final
class InMemoryStore:
    """One in-memory repository of each port, sharing a lock, and units of work over them."""

    __slots__ = (
        "_appointments",
        "_authorizations",
        "_claims",
        "_credentials",
        "_encumbrances",
        "_gate",
        "_postings",
        "_receivables",
        "_screenings",
        "_transfers",
        "_waitlist",
    )

    def __init__(self, *, appointments: Iterable[Appointment] = ()) -> None:
        self._gate = _Gate()
        lock = self._gate.lock
        self._appointments = InMemoryAppointmentRepository(appointments, lock=lock)
        self._waitlist = InMemoryWaitlistRepository(lock=lock)
        self._claims = InMemoryClaimHistory(lock=lock)
        self._credentials = InMemoryCredentialRepository(lock=lock)
        self._screenings = InMemoryScreeningLog(lock=lock)
        self._postings = InMemoryPostingStore(lock=lock)
        self._encumbrances = InMemoryEncumbranceRepository(lock=lock)
        self._transfers = InMemoryTransferJournal(lock=lock)
        self._receivables = InMemoryReceivables(lock=lock)
        self._authorizations = InMemoryAuthorizationRepository(lock=lock)

    def unit_of_work(self) -> InMemoryUnitOfWork:
        """A new unit of work over every repository of this store."""
        checkpointed: tuple[_Checkpointed, ...] = (
            self._appointments,
            self._waitlist,
            self._claims,
            self._credentials,
            self._screenings,
            self._postings,
            self._encumbrances,
            self._transfers,
            self._receivables,
            self._authorizations,
        )
        return InMemoryUnitOfWork(self, self._gate, checkpointed)

    @property
    def appointments(self) -> InMemoryAppointmentRepository:
        """The scheduling ``AppointmentRepository``."""
        return self._appointments

    @property
    def waitlist(self) -> InMemoryWaitlistRepository:
        """The scheduling ``WaitlistRepository``."""
        return self._waitlist

    @property
    def claims(self) -> InMemoryClaimHistory:
        """The claims ``ClaimHistory``."""
        return self._claims

    @property
    def credentials(self) -> InMemoryCredentialRepository:
        """The credentials ``CredentialRepository``."""
        return self._credentials

    @property
    def screenings(self) -> InMemoryScreeningLog:
        """The credentials ``ScreeningLog``."""
        return self._screenings

    @property
    def postings(self) -> InMemoryPostingStore:
        """The budget ``PostingStore``."""
        return self._postings

    @property
    def encumbrances(self) -> InMemoryEncumbranceRepository:
        """The budget ``EncumbranceRepository``."""
        return self._encumbrances

    @property
    def transfers(self) -> InMemoryTransferJournal:
        """The budget ``TransferJournal``."""
        return self._transfers

    @property
    def receivables(self) -> InMemoryReceivables:
        """The revenue ``ReceivablesRepository``."""
        return self._receivables

    @property
    def authorizations(self) -> InMemoryAuthorizationRepository:
        """The authorizations ``AuthorizationRepository``."""
        return self._authorizations

    def __repr__(self) -> str:
        return "InMemoryStore()"


@final
class InMemoryUnitOfWork:
    """A unit of work of an :class:`InMemoryStore`: its repositories, committed or put back."""

    __slots__ = ("_checkpointed", "_gate", "_restore", "_store")

    def __init__(
        self, store: InMemoryStore, gate: _Gate, checkpointed: tuple[_Checkpointed, ...]
    ) -> None:
        self._store = store
        self._gate = gate
        self._checkpointed = checkpointed
        self._restore: list[Callable[[], None]] = []

    def __enter__(self) -> Self:
        self._gate.lock.acquire()
        if self._gate.open:
            self._gate.lock.release()
            raise InvalidArgument("a unit of work is already open on this store")
        self._gate.open = True
        self._restore = [repository.checkpoint() for repository in self._checkpointed]
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        try:
            if kind is not None:
                for restore in reversed(self._restore):
                    restore()
        finally:
            self._restore = []
            self._gate.open = False
            self._gate.lock.release()

    @property
    def appointments(self) -> InMemoryAppointmentRepository:
        """The store's appointments, inside this unit."""
        return self._store.appointments

    @property
    def waitlist(self) -> InMemoryWaitlistRepository:
        """The store's waitlist, inside this unit."""
        return self._store.waitlist

    @property
    def claims(self) -> InMemoryClaimHistory:
        """The store's claim history, inside this unit."""
        return self._store.claims

    @property
    def credentials(self) -> InMemoryCredentialRepository:
        """The store's credentials, inside this unit."""
        return self._store.credentials

    @property
    def screenings(self) -> InMemoryScreeningLog:
        """The store's screening log, inside this unit."""
        return self._store.screenings

    @property
    def postings(self) -> InMemoryPostingStore:
        """The store's postings, inside this unit."""
        return self._store.postings

    @property
    def encumbrances(self) -> InMemoryEncumbranceRepository:
        """The store's encumbrances, inside this unit."""
        return self._store.encumbrances

    @property
    def transfers(self) -> InMemoryTransferJournal:
        """The store's transfer journal, inside this unit."""
        return self._store.transfers

    @property
    def receivables(self) -> InMemoryReceivables:
        """The store's receivables, inside this unit."""
        return self._store.receivables

    @property
    def authorizations(self) -> InMemoryAuthorizationRepository:
        """The store's authorization records, inside this unit."""
        return self._store.authorizations

    def __repr__(self) -> str:
        return f"InMemoryUnitOfWork(open={self._gate.open})"
