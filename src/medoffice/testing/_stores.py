"""A store over the repositories you give it, for testing a service against one repository.

The services take a store and open units of work on it. To run a service over a repository of
your own, or over a test double that races or fails on purpose, wrap it in a
:class:`PlainStore`: its unit of work hands out the repositories as they are and commits or
rolls back nothing itself, so each save stands alone (as the repository makes it). Repositories
not given are fresh in-memory ones. It is a test double: it does not pass the unit-of-work
contracts; :class:`medoffice.adapters.memory.InMemoryStore` does.

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

from types import TracebackType
from typing import Self, final

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
from medoffice.scheduling.ports import AppointmentRepository, WaitlistRepository

__all__ = ["PlainStore"]


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
