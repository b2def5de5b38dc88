"""The SQLite audit log passes the audit-log contract and refuses rewrites."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from medoffice.adapters.sqlite import SqliteDatabase, open_database
from medoffice.kernel import AuditLog
from medoffice.testing._audit_contracts import AuditLogContract, sample_event


class TestSqliteAuditLog(AuditLogContract):
    """The SQLite audit log keeps the audit-log contract."""

    @pytest.fixture(autouse=True)
    def _folder(self, tmp_path: Path) -> Iterator[None]:
        self.folder = tmp_path
        self.opened: list[SqliteDatabase] = []
        yield
        for database in self.opened:
            database.close()

    def make_log(self) -> AuditLog:
        database = open_database(self.folder / f"audit-{len(self.opened)}.db")
        self.opened.append(database)
        return database.audit


class TestSqliteAuditLogIsAppendOnly:
    """Rows of the audit table cannot be changed or removed, even with hand-written SQL."""

    @pytest.mark.parametrize(
        "statement",
        ["UPDATE audit_event SET outcome = 'success'", "DELETE FROM audit_event"],
    )
    def test_update_and_delete_are_refused(self, tmp_path: Path, statement: str) -> None:
        """An UPDATE or DELETE on the audit table aborts and the event stays as written."""
        with open_database(tmp_path / "office.db") as database:
            event = sample_event("a-1")
            database.audit.append(event)
            with pytest.raises(sqlite3.IntegrityError):
                database.connection().execute(statement)
            assert list(database.audit.events()) == [event]

    def test_events_survive_reopening(self, tmp_path: Path) -> None:
        """Events appended through one connection are read back after the file is reopened."""
        with open_database(tmp_path / "office.db") as database:
            database.audit.append(sample_event("a-1"))
        with open_database(tmp_path / "office.db") as database:
            assert [e.record_id for e in database.audit.events()] == ["a-1"]
