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
from medoffice.adapters.sqlite._budget import (
    SqliteEncumbranceRepository,
    SqlitePostingStore,
    SqliteTransferJournal,
)
from medoffice.adapters.sqlite._claims import SqliteClaimHistory
from medoffice.adapters.sqlite._connection import connect, write
from medoffice.adapters.sqlite._credentials import SqliteCredentialRepository, SqliteScreeningLog
from medoffice.adapters.sqlite._scheduling import SqliteAppointmentRepository
from medoffice.adapters.sqlite._unit_of_work import SqliteUnitOfWork
from medoffice.adapters.sqlite._waitlist import SqliteWaitlistRepository
from medoffice.kernel import InvalidArgument

__all__ = ["SqliteDatabase", "open_database"]


@final
class _Unit:
    """This thread's open unit of work: whether its transaction has begun (at the first write)."""

    __slots__ = ("begun",)

    def __init__(self) -> None:
        self.begun = False


@final
class SqliteDatabase:
    """A medoffice database file: per-thread connections and every repository on it."""

    __slots__ = ("_connections", "_local", "_lock", "_path")

    def __init__(self, path: str | os.PathLike[str]) -> None:
        if not isinstance(path, str | os.PathLike):
            raise InvalidArgument("the database path is a str or a path")
        self._path = Path(path)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._connections: list[sqlite3.Connection] = []
        self.connection()  # create and migrate now, so a bad file fails here

    @property
    def path(self) -> Path:
        """Where the database file is."""
        return self._path

    def connection(self) -> sqlite3.Connection:
        """This thread's connection (opened on first use)."""
        found: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if found is None:
            found = connect(self._path)
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
        connection.execute("BEGIN")
        try:
            yield connection
        finally:
            connection.execute("COMMIT")

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
            with write(connection):
                yield connection
            return
        if not unit.begun:
            connection.execute("BEGIN IMMEDIATE")
            unit.begun = True
        connection.execute("SAVEPOINT medoffice_write")
        try:
            yield connection
        except BaseException:
            connection.execute("ROLLBACK TO medoffice_write")
            connection.execute("RELEASE medoffice_write")
            raise
        connection.execute("RELEASE medoffice_write")

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
        if commit:
            try:
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                raise
        else:
            connection.execute("ROLLBACK")

    def integrity_check(self) -> str:
        """SQLite's ``PRAGMA integrity_check`` answer (``'ok'`` when the file is sound)."""
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
    def audit(self) -> SqliteAuditLog:
        """The append-only ``AuditLog``."""

        return SqliteAuditLog(self)


def open_database(path: str | os.PathLike[str]) -> SqliteDatabase:
    """Open (creating and migrating when needed) the medoffice database at ``path``."""
    return SqliteDatabase(path)
