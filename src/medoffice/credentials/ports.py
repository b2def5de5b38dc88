"""The ports of the credentials domain: where staff, screenings and business days come from.

- :class:`CredentialRepository` stores staff members (with their credentials) and locations,
  with optimistic concurrency: a save names the version it was based on, and a stale save raises
  :class:`~medoffice.kernel.ConcurrencyConflict` without losing what is stored.
- :class:`ScreeningLog` is an append-only log of exclusion and licence screenings.
- :class:`BusinessCalendar` says which days are business days (weekends and holidays).
- :class:`CredentialsStore` opens a :class:`CredentialsUnitOfWork` over the staff records and
  the screening log.

Adapters live in ``adapters.memory``, ``adapters.sqlite`` and
``adapters.calendars``; every adapter passes the contract
suites in :mod:`medoffice.testing._credentials_contracts`.

More information: see docs/credentials.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Protocol, runtime_checkable

from medoffice.credentials._model import Location, StaffMember
from medoffice.credentials._monitoring import Screening
from medoffice.kernel import UnitOfWork

__all__ = [
    "BusinessCalendar",
    "CredentialRepository",
    "CredentialsStore",
    "CredentialsUnitOfWork",
    "ScreeningLog",
]


@runtime_checkable
class CredentialRepository(Protocol):
    """Staff members and locations, each saved with a version number."""

    def get(self, staff_id: str) -> StaffMember | None:
        """The staff member with ``staff_id``, or ``None``."""
        ...

    def version(self, staff_id: str) -> int:
        """The stored version of ``staff_id`` (0 when absent)."""
        ...

    def save(self, staff: StaffMember, *, expected_version: int) -> int:
        """Store ``staff`` if its stored version is ``expected_version``; return the new one."""
        ...

    def staff_ids(self) -> Iterator[str]:
        """Every stored staff id, in sorted order."""
        ...

    def location(self, location_id: str) -> Location | None:
        """The location with ``location_id``, or ``None``."""
        ...

    def save_location(self, location: Location) -> None:
        """Store (or replace) a location."""
        ...


@runtime_checkable
class ScreeningLog(Protocol):
    """An append-only log of screenings."""

    def append(self, screening: Screening) -> None:
        """Add one screening; a duplicate of a logged one is ignored."""
        ...

    def for_person(self, person_id: str) -> tuple[Screening, ...]:
        """The screenings of ``person_id``, oldest first."""
        ...

    def between(self, first: date, last: date) -> tuple[Screening, ...]:
        """Every screening dated ``first``..``last`` inclusive, oldest first."""
        ...


@runtime_checkable
class BusinessCalendar(Protocol):
    """Which days are business days."""

    def is_business_day(self, day: date) -> bool:
        """Whether ``day`` is a business day."""
        ...


@runtime_checkable
class CredentialsUnitOfWork(UnitOfWork, Protocol):
    """One transaction over the staff records and the screening log."""

    @property
    def credentials(self) -> CredentialRepository:
        """The staff records, inside this unit."""
        ...

    @property
    def screenings(self) -> ScreeningLog:
        """The screening log, inside this unit."""
        ...


@runtime_checkable
class CredentialsStore(Protocol):
    """Where credentials are kept: it opens units of work."""

    def unit_of_work(self) -> CredentialsUnitOfWork:
        """A new unit of work, to be used as ``with store.unit_of_work() as uow:``."""
        ...
