"""SQLite's failures in words: the translation into DatabaseError, and what it leaves alone."""

from __future__ import annotations

import pickle
import sqlite3

import pytest

from medoffice.adapters.sqlite._errors import database_error, decoding, translating
from medoffice.kernel import DatabaseError, InvalidValue


def _error(message: str, name: str | None) -> sqlite3.Error:
    error = sqlite3.OperationalError(message)
    if name is not None:
        error.sqlite_errorname = name
    return error


class TestProblems:
    """Each SQLite result code has its sentence; unknown ones are named."""

    @pytest.mark.parametrize(
        ("name", "message", "expected"),
        [
            ("SQLITE_FULL", "database or disk is full", "disk is full"),
            ("SQLITE_READONLY_DBMOVED", "attempt to write", "read-only"),
            ("SQLITE_BUSY", "database is locked", "locked"),
            ("SQLITE_IOERR_WRITE", "disk I/O error", "input/output"),
            (None, "database disk image is malformed", "damaged"),
            ("SQLITE_SOMETHING_NEW", "whatever", "SQLite failed (SQLITE_SOMETHING_NEW)"),
            (None, "whatever", "SQLite failed (OperationalError)"),
        ],
    )
    def test_the_problem_in_words(self, name: str | None, message: str, expected: str) -> None:
        """The message names the file, the operation and the problem."""
        error = database_error(_error(message, name), file="office.db", operation="x.save")
        assert str(error).startswith("office.db: x.save: ")
        assert expected in error.problem


class TestTranslating:
    """What the translation changes and what it leaves alone."""

    def test_a_misuse_stays_a_programming_error(self) -> None:
        """A closed connection is the caller's mistake: not turned into a DatabaseError."""
        connection = sqlite3.connect(":memory:")
        connection.close()
        with pytest.raises(sqlite3.ProgrammingError), translating("office.db", "read"):
            connection.execute("SELECT 1")

    def test_an_error_already_complete_is_kept(self) -> None:
        """An inner block's file and operation win over the outer block's."""
        inner = DatabaseError("full", file="a.db", operation="inner")
        with pytest.raises(DatabaseError) as raised, translating("b.db", "outer"):
            raise inner
        assert raised.value is inner

    def test_decoding_keeps_a_database_error_and_wraps_the_rest(self) -> None:
        """A ValueError or InvalidValue while decoding is 'damaged'; a DatabaseError passes."""
        with pytest.raises(DatabaseError, match="stored posting is damaged"), decoding("posting"):
            raise InvalidValue("bad amount")
        original = DatabaseError("already")
        with pytest.raises(DatabaseError) as raised, decoding("posting"):
            raise original
        assert raised.value is original


def test_a_database_error_survives_pickling() -> None:
    """A DatabaseError crosses a process boundary with its file, operation and problem."""
    error = DatabaseError("the disk is full", file="office.db", operation="audit.append")
    back = pickle.loads(pickle.dumps(error))
    assert (back.problem, back.file, back.operation) == (
        "the disk is full",
        "office.db",
        "audit.append",
    )
    assert str(back) == str(error)
