"""The unit of work on SQLite: the writes of every repository in one transaction.

Inside ``with database.unit_of_work() as uow:`` every write on this thread, through any
repository of the database, joins one transaction. It begins with ``BEGIN IMMEDIATE`` at the
first write (reads before it take their own snapshots, so a unit that only reads never blocks a
writer), each repository's compare-and-set is checked inside it as always, and the transaction
is committed when the block ends cleanly and rolled back when it raises. A process killed
between two writes of a unit leaves neither: SQLite's journal undoes the open transaction on the
next open.

>>> import tempfile, pathlib
>>> from medoffice.adapters.sqlite import open_database
>>> from medoffice.scheduling._slices import SliceKey, SliceQuery
>>> key = SliceKey(lane="resource:dr-a", day=None)
>>> folder = tempfile.TemporaryDirectory()
>>> database = open_database(pathlib.Path(folder.name) / "office.db")
>>> try:
...     with database.unit_of_work() as uow:
...         _ = uow.appointments.save([], expected={key: 0})
...         _ = uow.waitlist.save(expected_version=7)  # stale: the whole unit rolls back
... except Exception as error:
...     type(error).__name__
'ConcurrencyConflict'
>>> (
...     database.appointments.load(SliceQuery(keys=[key])).version(key),
...     database.waitlist.load().version,
... )
(0, 0)
>>> database.close()
>>> folder.cleanup()

More information: https://www.sqlite.org/lang_transaction.html, https://www.sqlite.org/lang_savepoint.html
"""

from __future__ import annotations

from typing import TYPE_CHECKING, final

from medoffice.adapters._units import DatabaseUnit
from medoffice.adapters.sqlite._authorizations import SqliteAuthorizationRepository
from medoffice.adapters.sqlite._budget import (
    SqliteEncumbranceRepository,
    SqlitePostingStore,
    SqliteTransferJournal,
)
from medoffice.adapters.sqlite._claims import SqliteClaimHistory
from medoffice.adapters.sqlite._credentials import SqliteCredentialRepository, SqliteScreeningLog
from medoffice.adapters.sqlite._revenue import SqliteReceivables
from medoffice.adapters.sqlite._scheduling import SqliteAppointmentRepository
from medoffice.adapters.sqlite._waitlist import SqliteWaitlistRepository

if TYPE_CHECKING:  # the database imports this module
    from medoffice.adapters.sqlite._database import SqliteDatabase  # noqa: F401 - the base's type argument

__all__ = ["SqliteUnitOfWork"]


@final
class SqliteUnitOfWork(DatabaseUnit["SqliteDatabase"]):
    """One transaction over every repository of a :class:`SqliteDatabase`, on this thread."""

    __slots__ = ()

    @property
    def appointments(self) -> SqliteAppointmentRepository:
        """The scheduling ``AppointmentRepository``, inside this unit."""
        return SqliteAppointmentRepository(self._database)

    @property
    def waitlist(self) -> SqliteWaitlistRepository:
        """The scheduling ``WaitlistRepository``, inside this unit."""
        return SqliteWaitlistRepository(self._database)

    @property
    def claims(self) -> SqliteClaimHistory:
        """The claims ``ClaimHistory``, inside this unit."""
        return SqliteClaimHistory(self._database)

    @property
    def credentials(self) -> SqliteCredentialRepository:
        """The credentials ``CredentialRepository``, inside this unit."""
        return SqliteCredentialRepository(self._database)

    @property
    def screenings(self) -> SqliteScreeningLog:
        """The credentials ``ScreeningLog``, inside this unit."""
        return SqliteScreeningLog(self._database)

    @property
    def postings(self) -> SqlitePostingStore:
        """The budget ``PostingStore``, inside this unit."""
        return SqlitePostingStore(self._database)

    @property
    def encumbrances(self) -> SqliteEncumbranceRepository:
        """The budget ``EncumbranceRepository``, inside this unit."""
        return SqliteEncumbranceRepository(self._database)

    @property
    def transfers(self) -> SqliteTransferJournal:
        """The budget ``TransferJournal``, inside this unit."""
        return SqliteTransferJournal(self._database)

    @property
    def receivables(self) -> SqliteReceivables:
        """The revenue ``ReceivablesRepository``, inside this unit."""
        return SqliteReceivables(self._database)

    @property
    def authorizations(self) -> SqliteAuthorizationRepository:
        """The authorizations ``AuthorizationRepository``, inside this unit."""
        return SqliteAuthorizationRepository(self._database)

    def __repr__(self) -> str:
        return f"SqliteUnitOfWork({self._database!r})"
