"""Opening a medoffice SQLite database: permissions, pragmas and migrations.

:func:`connect` creates the file with owner-only permissions (``0600``) *before* SQLite opens
it, so there is never a moment when other users can read it; turns on write-ahead logging
(readers never block the writer), foreign keys and a busy timeout; and runs the forward
migrations of :mod:`medoffice.adapters.sqlite._schema`. Connections run in autocommit mode:
every write is one explicit ``BEGIN IMMEDIATE`` transaction (see :func:`write`).

>>> import tempfile, pathlib
>>> folder = tempfile.TemporaryDirectory()
>>> path = pathlib.Path(folder.name) / "office.db"
>>> connection = connect(path)
>>> connection.execute("PRAGMA journal_mode").fetchone()[0]
'wal'
>>> oct(path.stat().st_mode & 0o777)
'0o600'
>>> connection.close()
>>> folder.cleanup()

More information: https://www.sqlite.org/wal.html, https://www.sqlite.org/lang_transaction.html
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Final

from medoffice.adapters.sqlite._schema import migrate
from medoffice.kernel import InvalidArgument, MedofficeError

__all__ = ["DatabaseError", "connect", "write"]

BUSY_TIMEOUT_MS: Final = 30_000


class DatabaseError(MedofficeError):
    """The database file cannot be opened or is not a medoffice database."""


def _create_private(path: Path) -> None:
    try:
        descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    except OSError as error:
        raise DatabaseError(f"cannot create the database file: {error.strerror}") from None
    os.close(descriptor)


def connect(path: str | os.PathLike[str]) -> sqlite3.Connection:
    """An open, migrated connection to the database at ``path`` (created when missing)."""
    if not isinstance(path, str | os.PathLike):
        raise InvalidArgument("the database path is a str or a path")
    target = Path(path)
    if not target.parent.is_dir():
        raise DatabaseError(f"the folder {target.parent} does not exist")
    _create_private(target)
    try:
        connection = sqlite3.connect(
            target, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
        )
    except sqlite3.Error as error:
        raise DatabaseError(f"cannot open the database: {error}") from None
    try:
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute("PRAGMA recursive_triggers = ON")
        migrate(connection)
    except sqlite3.DatabaseError as error:
        connection.close()
        raise DatabaseError(f"{target.name} is not a usable medoffice database: {error}") from None
    except BaseException:
        connection.close()
        raise
    return connection


@contextlib.contextmanager
def write(connection: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction, taken with ``BEGIN IMMEDIATE`` so that a compare-and-set read
    inside it cannot be overtaken; committed on success, rolled back on any exception."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield connection
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")
