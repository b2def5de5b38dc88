"""The unit of work on PostgreSQL: the writes of every repository in one transaction.

Inside ``with database.unit_of_work() as uow:`` the thread holds one pooled connection in a
``REPEATABLE READ`` transaction: every read sees one snapshot and the unit's own writes, every
write through any repository of the practice is a savepoint of it (checked by the database's
compare-and-set as always), and the transaction commits when the block ends cleanly and rolls
back when it raises. A row another transaction changed after the snapshot makes the write a
serialization failure, raised as :class:`~medoffice.kernel.ConcurrencyConflict`; the services'
retry opens a fresh unit. A process killed inside a unit leaves nothing of it: the server rolls
back the open transaction of a connection that is gone.

More information: https://www.postgresql.org/docs/15/transaction-iso.html
"""

from __future__ import annotations

from typing import TYPE_CHECKING, final

from medoffice.adapters._units import DatabaseUnit
from medoffice.adapters.postgres._authorizations import PostgresAuthorizationRepository
from medoffice.adapters.postgres._budget import (
    PostgresEncumbranceRepository,
    PostgresPostingStore,
    PostgresTransferJournal,
)
from medoffice.adapters.postgres._claims import PostgresClaimHistory
from medoffice.adapters.postgres._credentials import (
    PostgresCredentialRepository,
    PostgresScreeningLog,
)
from medoffice.adapters.postgres._revenue import PostgresReceivables
from medoffice.adapters.postgres._scheduling import PostgresAppointmentRepository
from medoffice.adapters.postgres._waitlist import PostgresWaitlistRepository

if TYPE_CHECKING:  # the database imports this module
    from medoffice.adapters.postgres._database import PostgresDatabase  # noqa: F401 - the base's type argument

__all__ = ["PostgresUnitOfWork"]


@final
class PostgresUnitOfWork(DatabaseUnit["PostgresDatabase"]):
    """One transaction over every repository of a :class:`PostgresDatabase`, on this thread."""

    __slots__ = ()

    @property
    def appointments(self) -> PostgresAppointmentRepository:
        """The scheduling ``AppointmentRepository``, inside this unit."""
        return PostgresAppointmentRepository(self._database)

    @property
    def waitlist(self) -> PostgresWaitlistRepository:
        """The scheduling ``WaitlistRepository``, inside this unit."""
        return PostgresWaitlistRepository(self._database)

    @property
    def claims(self) -> PostgresClaimHistory:
        """The claims ``ClaimHistory``, inside this unit."""
        return PostgresClaimHistory(self._database)

    @property
    def credentials(self) -> PostgresCredentialRepository:
        """The credentials ``CredentialRepository``, inside this unit."""
        return PostgresCredentialRepository(self._database)

    @property
    def screenings(self) -> PostgresScreeningLog:
        """The credentials ``ScreeningLog``, inside this unit."""
        return PostgresScreeningLog(self._database)

    @property
    def postings(self) -> PostgresPostingStore:
        """The budget ``PostingStore``, inside this unit."""
        return PostgresPostingStore(self._database)

    @property
    def encumbrances(self) -> PostgresEncumbranceRepository:
        """The budget ``EncumbranceRepository``, inside this unit."""
        return PostgresEncumbranceRepository(self._database)

    @property
    def transfers(self) -> PostgresTransferJournal:
        """The budget ``TransferJournal``, inside this unit."""
        return PostgresTransferJournal(self._database)

    @property
    def receivables(self) -> PostgresReceivables:
        """The revenue ``ReceivablesRepository``, inside this unit."""
        return PostgresReceivables(self._database)

    @property
    def authorizations(self) -> PostgresAuthorizationRepository:
        """The authorizations ``AuthorizationRepository``, inside this unit."""
        return PostgresAuthorizationRepository(self._database)

    def __repr__(self) -> str:
        return f"PostgresUnitOfWork({self._database!r})"
