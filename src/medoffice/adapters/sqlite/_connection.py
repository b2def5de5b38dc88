"""Opening a medoffice SQLite database: permissions, pragmas and migrations.

:func:`connect` creates the file with owner-only permissions (``0600``) *before* SQLite opens
it, so there is never a moment when other users can read it; turns on write-ahead logging
(readers never block the writer), foreign keys and a busy timeout; and runs the forward
migrations of :mod:`medoffice.adapters.sqlite._schema`. A symbolic link at the path is refused,
and an existing file that other users could read is tightened to ``0600`` (or refused when it
cannot be). A damaged file is refused on open (``PRAGMA quick_check``). Connections run in
autocommit mode: every write is one explicit ``BEGIN IMMEDIATE`` transaction (see :func:`write`).

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
import stat
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Final

from medoffice.adapters.sqlite._errors import translating
from medoffice.adapters.sqlite._schema import SCHEMA_VERSION, migrate
from medoffice.kernel import DatabaseError, InvalidArgument

__all__ = ["BUSY_TIMEOUT_S", "DatabaseError", "connect", "rollback", "write"]

BUSY_TIMEOUT_S: Final = 30.0
_PRIVATE: Final = 0o600
_COMPANIONS: Final = ("", "-wal", "-shm", "-journal")


def _refuse_links(target: Path) -> None:
    """A symbolic link at the path, or at its ``-wal`` and ``-shm`` files, is refused: it could
    point the database (and its patients' data) anywhere, or at a file another user reads."""
    for suffix in _COMPANIONS:
        companion = target.with_name(target.name + suffix)
        if companion.is_symlink():
            raise DatabaseError(
                "is a symbolic link; open the file it points to by its own path",
                file=str(companion),
                operation="open",
            )


def _make_private(target: Path, *, read_only: bool) -> None:
    """Create the file owner-only before SQLite opens it; tighten an existing one to 0600."""
    flags = os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0)
    if not read_only:
        try:
            os.close(os.open(target, flags, _PRIVATE))
        except FileExistsError:
            pass
        except OSError as error:
            raise DatabaseError(
                f"cannot create the file: {error.strerror}", file=str(target), operation="open"
            ) from None
    for suffix in _COMPANIONS:
        companion = target.with_name(target.name + suffix)
        try:
            found = companion.lstat()
        except FileNotFoundError:
            continue
        if not stat.S_ISREG(found.st_mode):
            raise DatabaseError("is not a regular file", file=str(companion), operation="open")
        if stat.S_IMODE(found.st_mode) & 0o077:
            try:
                companion.chmod(stat.S_IMODE(found.st_mode) & 0o700)
            except OSError:
                raise DatabaseError(
                    f"other users may read it (mode {stat.S_IMODE(found.st_mode):04o}) and it "
                    "cannot be made owner-only: chmod 600 it, or open it as its owner",
                    file=str(companion),
                    operation="open",
                ) from None


def _quick_check(connection: sqlite3.Connection, target: Path) -> None:
    problems = [str(row[0]) for row in connection.execute("PRAGMA quick_check(3)")]
    if problems != ["ok"]:
        raise DatabaseError(
            f"the database file is damaged (SQLite quick_check: {problems[0]}): "
            "restore it from a backup",
            file=str(target),
            operation="open",
        )


def connect(
    path: str | os.PathLike[str],
    *,
    read_only: bool = False,
    busy_timeout: float = BUSY_TIMEOUT_S,
    check: bool = True,
) -> sqlite3.Connection:
    """An open, migrated connection to the database at ``path`` (created when missing).

    ``read_only`` opens an existing, current database without ever writing to it (no
    migration; a write raises :class:`~medoffice.kernel.DatabaseError`). ``busy_timeout`` is how
    many seconds a write waits for another connection's lock. ``check`` runs SQLite's
    ``PRAGMA quick_check`` first, so that a damaged file is refused here rather than misread
    later. Every failure is a :class:`~medoffice.kernel.DatabaseError` naming the file.
    """
    if not isinstance(path, str | os.PathLike):
        raise InvalidArgument("the database path is a str or a path")
    if isinstance(busy_timeout, bool) or not isinstance(busy_timeout, int | float):
        raise InvalidArgument("busy_timeout is a number of seconds")
    if not 0 <= busy_timeout <= 3600:
        raise InvalidArgument("busy_timeout is between 0 and 3,600 seconds")
    target = Path(path)
    if not target.parent.is_dir():
        raise DatabaseError(
            f"the folder {target.parent} does not exist", file=str(target), operation="open"
        )
    _refuse_links(target)
    if read_only and not target.is_file():
        raise DatabaseError("there is no database file to read", file=str(target), operation="open")
    _make_private(target, read_only=read_only)
    with translating(str(target), "open"):
        if read_only:
            uri = f"file:{urllib.parse.quote(str(target.resolve()))}?mode=ro"
            connection = sqlite3.connect(
                uri, uri=True, timeout=busy_timeout, isolation_level=None, check_same_thread=False
            )
        else:
            connection = sqlite3.connect(
                target, timeout=busy_timeout, isolation_level=None, check_same_thread=False
            )
    try:
        with translating(str(target), "open"):
            _configure(connection, target, read_only=read_only, busy_timeout=busy_timeout)
            if check:
                _quick_check(connection, target)
            if read_only:
                _require_current(connection, target)
            else:
                migrate(connection)
    except BaseException:
        connection.close()
        raise
    return connection


def _configure(
    connection: sqlite3.Connection, target: Path, *, read_only: bool, busy_timeout: float
) -> None:
    connection.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
    if not read_only:
        mode = str(connection.execute("PRAGMA journal_mode = WAL").fetchone()[0])
        if mode != "wal":
            raise DatabaseError(
                f"cannot use write-ahead logging (journal mode {mode})",
                file=str(target),
                operation="open",
            )
    connection.execute("PRAGMA synchronous = NORMAL")
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("PRAGMA recursive_triggers = ON")
    connection.execute("PRAGMA cell_size_check = ON")


def _require_current(connection: sqlite3.Connection, target: Path) -> None:
    version = int(connection.execute("PRAGMA user_version").fetchone()[0])
    if version != SCHEMA_VERSION:
        raise DatabaseError(
            f"has schema version {version}, not {SCHEMA_VERSION}: open it once for writing "
            "to migrate it",
            file=str(target),
            operation="open read-only",
        )


@contextlib.contextmanager
def write(connection: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction, taken with ``BEGIN IMMEDIATE`` so that a compare-and-set read
    inside it cannot be overtaken; committed on success, rolled back on any exception (unless
    SQLite already rolled it back, as it does after a full disk)."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield connection
    except BaseException:
        rollback(connection)
        raise
    try:
        connection.execute("COMMIT")
    except BaseException:
        rollback(connection)
        raise


def rollback(connection: sqlite3.Connection, savepoint: str | None = None) -> None:
    """Roll back the open transaction (or to ``savepoint``), if SQLite has not done so already.

    A failure to roll back is not allowed to hide the error that caused it; SQLite undoes an
    unfinished transaction on the next open in any case.
    """
    if not connection.in_transaction:
        return
    with contextlib.suppress(sqlite3.Error):
        if savepoint is None:
            connection.execute("ROLLBACK")
        else:
            connection.execute(f"ROLLBACK TO {savepoint}")
            connection.execute(f"RELEASE {savepoint}")
