"""One medoffice SQLite database and the repositories it hands out.

:func:`open_database` opens (creating and migrating when needed) the file and returns a
:class:`SqliteDatabase`, whose properties are the repositories of every domain, all sharing the
file. Each thread gets its own connection, so one database object may be used from many
threads; each process opens its own. :meth:`SqliteDatabase.unit_of_work` makes the writes of
several repositories one transaction (the unit of work of every domain's service).

>>> import tempfile, pathlib
>>> folder = tempfile.TemporaryDirectory()
>>> database = open_database(pathlib.Path(folder.name) / "office.db")
>>> database.appointments.find(["a-1"])
()
>>> database.close()
>>> folder.cleanup()
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import final

from medoffice.adapters.sqlite._audit import SqliteAuditLog
from medoffice.adapters.sqlite._authorizations import SqliteAuthorizationRepository
from medoffice.adapters.sqlite._budget import (
    SqliteEncumbranceRepository,
    SqlitePostingStore,
    SqliteTransferJournal,
)
from medoffice.adapters.sqlite._claims import SqliteClaimHistory
from medoffice.adapters.sqlite._connection import BUSY_TIMEOUT_S, connect, rollback, write
from medoffice.adapters.sqlite._credentials import SqliteCredentialRepository, SqliteScreeningLog
from medoffice.adapters.sqlite._errors import translating
from medoffice.adapters.sqlite._revenue import SqliteReceivables
from medoffice.adapters.sqlite._scheduling import SqliteAppointmentRepository
from medoffice.adapters.sqlite._unit_of_work import SqliteUnitOfWork
from medoffice.adapters.sqlite._waitlist import SqliteWaitlistRepository
from medoffice.kernel import DatabaseError, InvalidArgument

__all__ = ["SqliteDatabase", "open_database"]


@final
class _Unit:
    """This thread's open unit of work: whether its transaction has begun (at the first write),
    and whether a write inside it failed in the database (then it can only roll back)."""

    __slots__ = ("begun", "failed")

    def __init__(self) -> None:
        self.begun = False
        self.failed = False


@final
class SqliteDatabase:
    """A medoffice database file: per-thread connections and every repository on it."""

    __slots__ = (
        "_busy_timeout",
        "_connections",
        "_local",
        "_lock",
        "_path",
        "_read_only",
        "_secrets",
    )

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        read_only: bool = False,
        busy_timeout: float = BUSY_TIMEOUT_S,
        quick_check: bool = True,
    ) -> None:
        if not isinstance(path, str | os.PathLike):
            raise InvalidArgument("the database path is a str or a path")
        self._path = Path(path)
        self._read_only = bool(read_only)
        self._busy_timeout = busy_timeout
        self._local = threading.local()
        self._lock = threading.Lock()
        self._connections: list[sqlite3.Connection] = []
        self._secrets: dict[str, bytes] = {}
        # Open, check and migrate now, so that a bad file fails here; only this first
        # connection runs the quick check (it reads every page).
        self._local.connection = connect(
            self._path, read_only=self._read_only, busy_timeout=busy_timeout, check=quick_check
        )
        self._connections.append(self._local.connection)

    @property
    def path(self) -> Path:
        """Where the database file is."""
        return self._path

    def connection(self) -> sqlite3.Connection:
        """This thread's connection (opened on first use)."""
        found: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if found is None:
            found = connect(
                self._path, read_only=self._read_only, busy_timeout=self._busy_timeout, check=False
            )
            self._local.connection = found
            with self._lock:
                self._connections.append(found)
        return found

    @contextlib.contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """One read transaction: every query inside sees the same snapshot.

        Inside a unit of work that has written, the reads join its transaction (and see its
        writes).
        """
        connection = self.connection()
        unit: _Unit | None = getattr(self._local, "unit", None)
        if unit is not None and unit.begun:
            yield connection
            return
        with translating(str(self._path), None):
            connection.execute("BEGIN")
        try:
            yield connection
        finally:
            rollback(connection)  # a read has nothing to commit

    @contextlib.contextmanager
    def writing(self) -> Iterator[sqlite3.Connection]:
        """One ``BEGIN IMMEDIATE`` write transaction, committed at the end of the block.

        Inside a unit of work the write joins the unit's transaction instead (begun with
        ``BEGIN IMMEDIATE`` at its first write) as a savepoint: a write that fails is undone by
        itself, and nothing is committed before the unit is.
        """
        connection = self.connection()
        unit: _Unit | None = getattr(self._local, "unit", None)
        if unit is None:
            with translating(str(self._path), None), write(connection):
                yield connection
            return
        with translating(str(self._path), None):
            self._join(unit, connection)
        try:
            yield connection
        except BaseException as error:
            if isinstance(error, sqlite3.Error | DatabaseError):
                unit.failed = True
            rollback(connection, "medoffice_write")
            raise
        connection.execute("RELEASE medoffice_write")

    def _join(self, unit: _Unit, connection: sqlite3.Connection) -> None:
        if unit.failed or (unit.begun and not connection.in_transaction):
            # SQLite rolls a whole transaction back after some failures (a full disk): the
            # unit's earlier writes are gone, so no later write may commit without them.
            unit.failed = True
            raise DatabaseError(
                "an earlier write of this unit of work failed; the unit can only roll back"
            )
        if not unit.begun:
            connection.execute("BEGIN IMMEDIATE")
            unit.begun = True
        connection.execute("SAVEPOINT medoffice_write")

    def unit_of_work(self) -> SqliteUnitOfWork:
        """A unit of work: every repository write on this thread inside it is one transaction.

        Use it as ``with database.unit_of_work() as uow:``; the repositories of ``uow`` (the
        same as the database's own, on this thread) commit together on a clean exit and roll
        back together on an exception.
        """
        return SqliteUnitOfWork(self)

    def begin_unit(self) -> None:
        """Start a unit of work on this thread (called by :class:`SqliteUnitOfWork`)."""
        if getattr(self._local, "unit", None) is not None:
            raise InvalidArgument("a unit of work is already open on this thread")
        self.connection()
        self._local.unit = _Unit()

    def end_unit(self, *, commit: bool) -> None:
        """Commit (or roll back) this thread's unit of work and close it."""
        unit: _Unit | None = getattr(self._local, "unit", None)
        if unit is None:
            raise InvalidArgument("no unit of work is open on this thread")
        self._local.unit = None
        if not unit.begun:
            return
        connection = self.connection()
        if not commit:
            rollback(connection)
            return
        if unit.failed or not connection.in_transaction:
            rollback(connection)
            raise DatabaseError(
                "a write of this unit of work failed; nothing of it was committed",
                file=str(self._path),
                operation="commit",
            )
        try:
            with translating(str(self._path), "commit"):
                connection.execute("COMMIT")
        except BaseException:
            rollback(connection)
            raise

    def secret(self, name: str) -> bytes:
        """The database's own random secret ``name`` (drawn when the schema was created), such
        as the one its patient keys are made with."""
        found = self._secrets.get(name)
        if found is None:
            with self.reading() as connection:
                row = connection.execute(
                    "SELECT value FROM store_secret WHERE name = ?", (name,)
                ).fetchone()
            if row is None or not isinstance(row[0], bytes):
                raise DatabaseError(
                    f"the secret {name!r} is missing or damaged",
                    file=str(self._path),
                    operation="secret",
                )
            found = self._secrets[name] = row[0]
        return found

    def integrity_check(self) -> str:
        """SQLite's ``PRAGMA integrity_check`` answer (``'ok'`` when the file is sound)."""
        with translating(str(self._path), "integrity_check"):
            return str(self.connection().execute("PRAGMA integrity_check").fetchone()[0])

    def close(self) -> None:
        """Close every connection this object opened."""
        with self._lock:
            for connection in self._connections:
                connection.close()
            self._connections.clear()
            self._local = threading.local()

    def __enter__(self) -> SqliteDatabase:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"SqliteDatabase({self._path.name!r})"

    # -- repositories --------------------------------------------------------------------

    @property
    def appointments(self) -> SqliteAppointmentRepository:
        """The scheduling ``AppointmentRepository``."""

        return SqliteAppointmentRepository(self)

    @property
    def waitlist(self) -> SqliteWaitlistRepository:
        """The scheduling ``WaitlistRepository``."""
        return SqliteWaitlistRepository(self)

    @property
    def claims(self) -> SqliteClaimHistory:
        """The claims ``ClaimHistory`` (lines of claims already submitted)."""
        return SqliteClaimHistory(self)

    @property
    def credentials(self) -> SqliteCredentialRepository:
        """The credentials ``CredentialRepository``."""

        return SqliteCredentialRepository(self)

    @property
    def screenings(self) -> SqliteScreeningLog:
        """The credentials ``ScreeningLog``."""

        return SqliteScreeningLog(self)

    @property
    def postings(self) -> SqlitePostingStore:
        """The budget ``PostingStore``."""

        return SqlitePostingStore(self)

    @property
    def encumbrances(self) -> SqliteEncumbranceRepository:
        """The budget ``EncumbranceRepository``."""

        return SqliteEncumbranceRepository(self)

    @property
    def transfers(self) -> SqliteTransferJournal:
        """The budget ``TransferJournal``."""

        return SqliteTransferJournal(self)

    @property
    def receivables(self) -> SqliteReceivables:
        """The revenue ``ReceivablesRepository``."""
        return SqliteReceivables(self)

    @property
    def authorizations(self) -> SqliteAuthorizationRepository:
        """The authorizations ``AuthorizationRepository``."""
        return SqliteAuthorizationRepository(self)

    @property
    def audit(self) -> SqliteAuditLog:
        """The append-only ``AuditLog``."""

        return SqliteAuditLog(self)


def open_database(
    path: str | os.PathLike[str],
    *,
    read_only: bool = False,
    busy_timeout: float = BUSY_TIMEOUT_S,
    quick_check: bool = True,
) -> SqliteDatabase:
    """Open (creating and migrating when needed) the medoffice database at ``path``.

    ``read_only`` opens an existing, current database without writing to it (every write then
    raises :class:`~medoffice.kernel.DatabaseError`); ``busy_timeout`` is how many seconds a
    write waits for another connection's lock before it gives up with a ``DatabaseError``.
    ``quick_check`` (on by default) reads every page once to refuse a damaged file now; it
    costs about 0.4 s per 100 MB, and a long-running process that opens a large file often may
    turn it off and run :meth:`SqliteDatabase.integrity_check` on its own schedule (stored values
    are still checked against their checksums on every read).
    """
    return SqliteDatabase(
        path, read_only=read_only, busy_timeout=busy_timeout, quick_check=quick_check
    )
