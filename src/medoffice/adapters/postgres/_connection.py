"""Reaching a PostgreSQL server: the connection pool, and what a failure becomes.

:func:`make_pool` opens a ``psycopg_pool.ConnectionPool`` whose connections run in autocommit
mode (every transaction is an explicit ``BEGIN``), talk UTC and carry an application name, and
are checked before they are handed out, so a connection the server dropped is replaced instead
of failing the next operation.

:func:`failures` turns what the driver raises into the two exceptions a caller can act on: a
serialization failure or deadlock (another transaction changed the same rows) becomes
:class:`~medoffice.kernel.ConcurrencyConflict`, which the services' retry runs again; anything
else becomes :class:`DatabaseError` naming the operation and the server's error class and
SQLSTATE, never the values involved (they may be PHI).

>>> with failures("saving an encumbrance"):
...     raise psycopg.errors.QueryCanceled()
Traceback (most recent call last):
...
medoffice.kernel._errors.DatabaseError: saving an encumbrance failed: ...

More information: https://www.psycopg.org/psycopg3/docs/advanced/pool.html,
https://www.postgresql.org/docs/15/errcodes-appendix.html
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Final
from urllib.parse import unquote, urlsplit

import psycopg
import psycopg.errors
from psycopg_pool import ConnectionPool

from medoffice.kernel import ConcurrencyConflict, DatabaseError, InvalidArgument, MedofficeError

__all__ = [
    "DatabaseError",
    "connection_refused",
    "failures",
    "make_pool",
    "rollback_quietly",
    "session_options",
]

_HINTS: Final[dict[str, str]] = {
    "57014": "the statement timed out or was cancelled",
    "57P01": "the server ended the connection",
    "53100": "the server is out of disk space",
    "53200": "the server is out of memory",
    "42501": "the role lacks a privilege",
    "25006": "the database was opened read-only",
    "P0001": "a trigger refused the change",
}


def _describe(error: psycopg.Error) -> str:
    code = error.sqlstate
    if code is None:
        return f"{type(error).__name__}: the connection to the server failed or was lost"
    hint = _HINTS.get(code)
    return f"{type(error).__name__} (SQLSTATE {code})" + (f": {hint}" if hint else "")


@contextlib.contextmanager
def failures(operation: str) -> Iterator[None]:
    """Run a database operation; driver errors become ``ConcurrencyConflict`` or
    :class:`DatabaseError` naming ``operation``."""
    try:
        yield
    except MedofficeError:
        raise
    except (psycopg.errors.SerializationFailure, psycopg.errors.DeadlockDetected) as error:
        raise ConcurrencyConflict(
            f"{operation}: a concurrent transaction changed the same rows ({error.sqlstate}); "
            "read again"
        ) from None
    except psycopg.Error as error:
        raise DatabaseError(f"{operation} failed: {_describe(error)}") from None


# libpq: 'connection to server at "HOST" (ADDRESS), port PORT failed: REASON', or on a socket.
_SERVER: Final = re.compile(
    r'connection to server (?:at "(?P<host>[^"]*)"(?: \([^)]*\))?, port (?P<port>\d+)'
    r'|on socket "(?P<socket>[^"]*)") failed: (?P<reason>.*)'
)
_PREFIX: Final = re.compile(r"^(?:connection failed|connection is bad): ")
_QUOTED: Final = re.compile(r'"[^"]*"')


def _secrets(url: str) -> list[str]:
    """What a message about ``url`` must never show: the URL, and any password in it (as
    written and decoded, in the user information or a ``password=`` parameter)."""
    found = [url]
    with contextlib.suppress(ValueError):
        parts = urlsplit(url)
        userinfo = parts.netloc.rpartition("@")[0]
        if ":" in userinfo:
            found.append(userinfo.partition(":")[2])
        found += [
            part[len("password=") :]
            for part in parts.query.split("&")
            if part.startswith("password=")
        ]
    return [text for secret in found for text in (secret, unquote(secret)) if text]


def _scrubbed(message: str, url: str) -> str | None:
    """``message`` with every quoted token holding a secret of ``url`` replaced by ``"..."``;
    None when a secret still shows elsewhere."""
    secrets = _secrets(url)

    def hide(token: re.Match[str]) -> str:
        return '"..."' if any(secret in token[0] for secret in secrets) else token[0]

    message = _QUOTED.sub(hide, message)
    return None if any(secret in message for secret in secrets) else message


def connection_refused(error: psycopg.Error, url: str) -> str:
    """One line saying why connecting to ``url`` failed, as the server or libpq said it (the
    server's address, never the URL's user information or password).

    >>> error = psycopg.OperationalError(
    ...     'connection failed: connection to server at "db" (10.0.0.5), port 5432 '
    ...     'failed: FATAL:  database "x" does not exist'
    ... )
    >>> connection_refused(error, "postgresql://app:pw@db/x")
    'the PostgreSQL server at db:5432 refused the connection: database "x" does not exist'
    >>> error = psycopg.ProgrammingError('invalid percent-encoded token: "s3cret%zz"')
    >>> connection_refused(error, "postgresql://app:s3cret%zz@db.internal/medoffice")
    'the PostgreSQL URL is not valid: invalid percent-encoded token: "..."'
    """
    lines = str(error).strip().splitlines()
    message = _PREFIX.sub("", lines[0].strip()) if lines else ""
    if isinstance(error, psycopg.ProgrammingError):
        lead = "the PostgreSQL URL is not valid"
    else:
        lead = "cannot reach the PostgreSQL server"
        server = _SERVER.search(message)
        if server is not None:
            where = server["socket"] or f"{server['host']}:{server['port']}"
            reason = server["reason"].strip()
            if reason.startswith("FATAL:"):
                lead = f"the PostgreSQL server at {where} refused the connection"
                message = reason.removeprefix("FATAL:").strip()
            else:
                lead += f" at {where}"
                message = reason[:1].lower() + reason[1:]
    shown = _scrubbed(message, url)
    return f"{lead}: {shown or type(error).__name__}"


def rollback_quietly(connection: psycopg.Connection[tuple[object, ...]]) -> None:
    """Roll back the open transaction; a connection already lost has nothing to roll back."""
    with contextlib.suppress(psycopg.Error):
        connection.execute("ROLLBACK")


def session_options(statement_timeout: timedelta | None = None, *, read_only: bool = False) -> str:
    """The ``options`` of a medoffice connection: UTC, the statement timeout when given, and
    read-only transactions by default when ``read_only``."""
    options = "-c TimeZone=UTC" + (" -c default_transaction_read_only=on" if read_only else "")
    if statement_timeout is not None:
        given: object = statement_timeout  # checked at run time, as every argument
        if not isinstance(given, timedelta) or given <= timedelta(0):
            raise InvalidArgument("statement_timeout is a positive timedelta")
        milliseconds = max(1, int(statement_timeout / timedelta(milliseconds=1)))
        options += f" -c statement_timeout={milliseconds}"
    return options


def make_pool(
    url: str,
    *,
    size: int,
    statement_timeout: timedelta | None,
    application_name: str,
    read_only: bool = False,
) -> ConnectionPool[psycopg.Connection[tuple[object, ...]]]:
    """An open pool of at most ``size`` connections to ``url`` (one is opened now), whose
    transactions are read-only unless they ask otherwise when ``read_only``."""
    given: object = size  # checked at run time, as every argument
    if isinstance(given, bool) or not isinstance(given, int) or given < 1:
        raise InvalidArgument("the pool size is a whole number of at least 1")
    kwargs: dict[str, object] = {
        "autocommit": True,
        "options": session_options(statement_timeout, read_only=read_only),
        "application_name": application_name,
        "connect_timeout": 10,
    }
    pool: ConnectionPool[psycopg.Connection[tuple[object, ...]]] = ConnectionPool(
        url,
        min_size=1,
        max_size=size,
        kwargs=kwargs,
        check=ConnectionPool.check_connection,
        open=False,
        timeout=60,
        name=application_name,
    )
    try:
        pool.open(wait=True, timeout=15)
    except Exception as error:
        pool.close()
        raise DatabaseError(f"cannot reach the PostgreSQL server: {type(error).__name__}") from None
    return pool
