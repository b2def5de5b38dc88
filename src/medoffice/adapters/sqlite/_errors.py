"""SQLite's failures in words: every one becomes a :class:`~medoffice.kernel.DatabaseError`.

SQLite reports a full disk, a file-size limit, a read-only or damaged file and a lock held too
long as ``sqlite3.OperationalError`` or ``sqlite3.DatabaseError`` with a result code. The
adapters turn each into a :class:`~medoffice.kernel.DatabaseError` naming the file, the
operation (``open``, ``appointments.save``) and the problem, so that callers catch one medoffice
exception and the command line prints one line instead of a traceback. A row whose stored text
no longer decodes (bytes damaged on disk) is reported the same way, never as a ``ValueError``
from deep inside a decoder.

>>> import sqlite3
>>> error = sqlite3.OperationalError("database or disk is full")
>>> error.sqlite_errorname = "SQLITE_FULL"
>>> print(database_error(error, file="office.db", operation="audit.append"))
office.db: audit.append: the disk is full, or the database reached its size limit; nothing ...
"""

from __future__ import annotations

import contextlib
import functools
import sqlite3
from collections.abc import Callable, Iterator
from typing import Any, Final, ParamSpec, TypeVar, final

import cattrs

from medoffice.kernel import DatabaseError, MedofficeError

__all__ = ["damaged", "database_error", "decoding", "guarded", "translating"]

P = ParamSpec("P")
R = TypeVar("R")
C = TypeVar("C", bound=type)

_NOTHING_WRITTEN: Final = "; nothing was written"
_PROBLEMS: Final = {
    "SQLITE_FULL": "the disk is full, or the database reached its size limit" + _NOTHING_WRITTEN,
    "SQLITE_READONLY": "the database is read-only here (permissions, or opened read-only)"
    + _NOTHING_WRITTEN,
    "SQLITE_CORRUPT": "the database file is damaged: restore it from a backup",
    "SQLITE_NOTADB": "the file is not a SQLite database, or its header is damaged",
    "SQLITE_BUSY": "another connection held the database locked past the busy timeout"
    + _NOTHING_WRITTEN,
    "SQLITE_LOCKED": "another connection holds the database locked" + _NOTHING_WRITTEN,
    "SQLITE_IOERR": "the operating system reported an input/output error (a full disk, a file "
    "size limit, a failing drive or a removed file)",
    "SQLITE_CANTOPEN": "the file cannot be opened (a missing folder or no permission)",
    "SQLITE_PERM": "the operating system refused access to the file",
    "SQLITE_TOOBIG": "a value is larger than the database allows",
    "SQLITE_CONSTRAINT": "the database refused the write (a constraint of its schema)",
    "SQLITE_NOMEM": "out of memory",
}

# What decoding a damaged row can raise, besides medoffice's own refusals of impossible values.
_DECODE_FAILURES: Final = (
    ValueError,
    TypeError,
    KeyError,
    IndexError,
    OverflowError,
    AttributeError,
    RecursionError,
    cattrs.BaseValidationError,
)


def _problem(error: sqlite3.Error) -> str:
    name = str(getattr(error, "sqlite_errorname", "") or "")
    for prefix, problem in _PROBLEMS.items():
        if name.startswith(prefix):
            return problem
    text = str(error).lower()
    if "malformed" in text or "corrupt" in text:
        return "the database file is damaged: restore it from a backup"
    return f"SQLite failed ({name or type(error).__name__})"


def database_error(error: sqlite3.Error, *, file: str, operation: str) -> DatabaseError:
    """The :class:`~medoffice.kernel.DatabaseError` that says what ``error`` means."""
    return DatabaseError(_problem(error), file=file, operation=operation)


def damaged(what: str) -> DatabaseError:
    """The error for a stored ``what`` that no longer decodes (its file is filled in later)."""
    return DatabaseError(f"a stored {what} is damaged: restore the database from a backup")


_TRANSLATED: Final = (MedofficeError, *_DECODE_FAILURES)


@final
class decoding:  # noqa: N801 - used as a function: ``with decoding("posting"):``
    """Turn any failure to decode a stored ``what`` into :func:`damaged`.

    A class rather than a generator: it wraps every row read, and costs a fifth as much.
    """

    __slots__ = ("_what",)

    def __init__(self, what: str) -> None:
        self._what = what

    def __enter__(self) -> None:
        return None

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, _: object
    ) -> None:
        # Never swallows: an error it does not translate goes on as it was.
        if isinstance(error, _TRANSLATED) and not isinstance(error, DatabaseError):
            raise damaged(self._what) from error


@contextlib.contextmanager
def translating(file: str, operation: str | None) -> Iterator[None]:
    """Turn SQLite's errors (and text it cannot decode) inside the block into DatabaseError.

    An error already translated keeps what it says and gains the file and the operation when it
    did not name them (the innermost block that knows the operation names it).
    """
    try:
        yield
    except DatabaseError as error:
        if error.file is None or error.operation is None:
            raise DatabaseError(
                error.problem, file=error.file or file, operation=error.operation or operation
            ) from error
        raise
    except UnicodeDecodeError as error:
        raise DatabaseError(damaged("text").problem, file=file, operation=operation) from error
    except sqlite3.ProgrammingError:
        raise  # a closed connection or a misuse: the caller's mistake, not the file's
    except sqlite3.Error as error:
        raise DatabaseError(_problem(error), file=file, operation=operation) from error


def guarded(role: str) -> Callable[[C], C]:
    """A class decorator: every public method of a repository translates SQLite's errors.

    The operation is named ``role.method`` (``appointments.save``); the file is the one of the
    repository's database (its ``_database.path``).
    """

    def decorate(cls: C) -> C:
        for name, member in list(vars(cls).items()):
            if name.startswith("_") or not callable(member):
                continue
            setattr(cls, name, _guard(member, f"{role}.{name}"))
        return cls

    return decorate


def _guard(method: Callable[..., R], operation: str) -> Callable[..., R]:
    @functools.wraps(method)
    def run(self: Any, *args: Any, **kwargs: Any) -> R:
        with translating(str(self._database.path), operation):
            return method(self, *args, **kwargs)

    return run
