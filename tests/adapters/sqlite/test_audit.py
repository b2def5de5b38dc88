"""The SQLite audit log passes the audit-log contract and refuses rewrites."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from medoffice.adapters.sqlite import SqliteDatabase, open_database
from medoffice.adapters.sqlite._audit import chain_existing_events
from medoffice.adapters.sqlite._schema import MIGRATIONS
from medoffice.kernel import AuditLog, ChainLink, DatabaseError
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


_COPY_OF_FIRST = (
    "(seq, at_utc, actor, action, record_type, record_id, outcome, details, digest) "
    "SELECT seq, at_utc, 'user:forger', action, record_type, record_id, outcome, details, digest "
    "FROM audit_event WHERE seq = 1"
)

_REWRITES = {
    "update": "UPDATE audit_event SET actor = 'user:forger'",
    "delete": "DELETE FROM audit_event WHERE seq = 1",
    "delete all": "DELETE FROM audit_event",
    "insert or replace": f"INSERT OR REPLACE INTO audit_event {_COPY_OF_FIRST}",
    "replace into": f"REPLACE INTO audit_event {_COPY_OF_FIRST}",
    "upsert": f"INSERT INTO audit_event {_COPY_OF_FIRST} "
    "ON CONFLICT (seq) DO UPDATE SET actor = excluded.actor",
    "insert or ignore": f"INSERT OR IGNORE INTO audit_event {_COPY_OF_FIRST}",
    "backdated insert": "INSERT INTO audit_event "
    "(seq, at_utc, actor, action, record_type, record_id, outcome, details, digest) "
    "SELECT 0, at_utc, actor, action, record_type, record_id, outcome, details, digest "
    "FROM audit_event WHERE seq = 1",
    "insert without a digest": "INSERT INTO audit_event "
    "(at_utc, actor, action, record_type, record_id, outcome, details) "
    "VALUES ('2026-03-02T14:00:00+00:00', 'user:forger', 'claim.check', 'claim', 'c', "
    "'success', '[]')",
}


class TestSqliteAuditLogIsAppendOnly:
    """Rows of the audit table cannot be changed or removed, even with hand-written SQL."""

    @pytest.mark.parametrize("recursive_triggers", ["ON", "OFF"])
    @pytest.mark.parametrize("statement", list(_REWRITES.values()), ids=list(_REWRITES))
    def test_every_rewrite_is_refused(
        self, tmp_path: Path, statement: str, recursive_triggers: str
    ) -> None:
        """UPDATE, DELETE, REPLACE, an upsert or an out-of-turn insert aborts; nothing changes."""
        with open_database(tmp_path / "office.db") as database:
            events = [sample_event("a-1"), sample_event("a-2", minutes=5)]
            for event in events:
                database.audit.append(event)
            connection = database.connection()
            connection.execute(f"PRAGMA recursive_triggers = {recursive_triggers}")
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                connection.execute(statement)
            assert list(database.audit.events()) == events
            assert database.audit.check_chain().ok

    def test_a_plain_connection_cannot_replace_an_event_either(self, tmp_path: Path) -> None:
        """The triggers live in the file: a connection opened without medoffice is refused too."""
        path = tmp_path / "office.db"
        with open_database(path) as database:
            database.audit.append(sample_event("a-1"))
        raw = sqlite3.connect(path)
        try:
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                raw.execute(_REWRITES["insert or replace"])
            raw.rollback()
        finally:
            raw.close()
        with open_database(path) as database:
            assert [e.actor for e in database.audit.events()] == ["user:frontdesk-1"]

    def test_events_survive_reopening(self, tmp_path: Path) -> None:
        """Events appended through one connection are read back after the file is reopened."""
        with open_database(tmp_path / "office.db") as database:
            database.audit.append(sample_event("a-1"))
        with open_database(tmp_path / "office.db") as database:
            assert [e.record_id for e in database.audit.events()] == ["a-1"]


class TestTheHashChain:
    """Each event is linked to the one before it; a rewrite behind the triggers' back is found."""

    def _database(self, path: Path, count: int = 3) -> SqliteDatabase:
        database = open_database(path)
        for number in range(count):
            database.audit.append(sample_event(f"a-{number}", minutes=number))
        return database

    def test_an_untouched_log_checks_clean_against_its_export(self, tmp_path: Path) -> None:
        """The chain of an untouched log passes, with and without its exported copy."""
        with self._database(tmp_path / "office.db") as database:
            chain = database.audit.chain()
            assert [link.seq for link in chain] == [1, 2, 3]
            assert database.audit.check_chain().ok
            assert database.audit.check_chain(anchor=chain).ok

    def test_an_edit_with_the_triggers_dropped_breaks_the_chain(self, tmp_path: Path) -> None:
        """Changing an event without recomputing the digests is AUDIT-CHAIN-BROKEN."""
        with self._database(tmp_path / "office.db") as database:
            connection = database.connection()
            connection.execute("DROP TRIGGER audit_event_no_update")
            connection.execute("UPDATE audit_event SET outcome = 'rejected' WHERE seq = 2")
            report = database.audit.check_chain()
            assert [(str(f.rule), f.path) for f in report] == [("AUDIT-CHAIN-BROKEN", "events[2]")]

    def test_a_deleted_event_leaves_a_gap(self, tmp_path: Path) -> None:
        """Deleting an event with the triggers dropped is AUDIT-CHAIN-GAP."""
        with self._database(tmp_path / "office.db") as database:
            connection = database.connection()
            connection.execute("DROP TRIGGER audit_event_no_delete")
            connection.execute("DELETE FROM audit_event WHERE seq = 2")
            rules = {str(f.rule) for f in database.audit.check_chain()}
            assert "AUDIT-CHAIN-GAP" in rules

    def test_a_rewrite_with_recomputed_digests_is_caught_by_the_export(
        self, tmp_path: Path
    ) -> None:
        """A forger who recomputes every digest still differs from the exported chain."""
        with self._database(tmp_path / "office.db") as database:
            exported = database.audit.chain()
            connection = database.connection()
            connection.execute("DROP TRIGGER audit_event_no_update")
            connection.execute("UPDATE audit_event SET actor = 'user:forger' WHERE seq = 1")
            chain_existing_events(connection)
            assert database.audit.check_chain().ok  # consistent in itself
            report = database.audit.check_chain(anchor=exported)
            assert [(str(f.rule), f.path) for f in report] == [
                ("AUDIT-ANCHOR-MISMATCH", "events[1]")
            ]

    def test_the_head_alone_is_enough_to_anchor(self, tmp_path: Path) -> None:
        """Keeping only the last link still catches a recomputed rewrite of an earlier event."""
        with self._database(tmp_path / "office.db") as database:
            head = database.audit.chain()[-1:]
            connection = database.connection()
            connection.execute("DROP TRIGGER audit_event_no_update")
            connection.execute("UPDATE audit_event SET outcome = 'error' WHERE seq = 1")
            chain_existing_events(connection)
            rules = [str(f.rule) for f in database.audit.check_chain(anchor=head)]
            assert rules == ["AUDIT-ANCHOR-MISMATCH"]

    def test_a_log_cut_short_is_caught_by_the_export(self, tmp_path: Path) -> None:
        """Deleting the last events (no gap left behind) is AUDIT-ANCHOR-MISSING."""
        with self._database(tmp_path / "office.db") as database:
            exported = database.audit.chain()
            connection = database.connection()
            connection.execute("DROP TRIGGER audit_event_no_delete")
            connection.execute("DELETE FROM audit_event WHERE seq = 3")
            assert database.audit.check_chain().ok
            rules = [str(f.rule) for f in database.audit.check_chain(anchor=exported)]
            assert rules == ["AUDIT-ANCHOR-MISSING"]

    def test_reading_a_rewritten_event_is_refused(self, tmp_path: Path) -> None:
        """events() checks each event's link: a changed or orphaned event is a DatabaseError."""
        with self._database(tmp_path / "office.db") as database:
            connection = database.connection()
            connection.execute("DROP TRIGGER audit_event_no_update")
            connection.execute("DROP TRIGGER audit_event_no_delete")
            connection.execute("UPDATE audit_event SET actor = 'user:forger' WHERE seq = 3")
            with pytest.raises(DatabaseError, match="no longer matches its digest"):
                list(database.audit.events())
            connection.execute("DELETE FROM audit_event WHERE seq = 1")
            with pytest.raises(DatabaseError, match="the one before it is missing"):
                list(database.audit.events(record_id="a-1"))

    def test_an_exported_link_reads_back(self) -> None:
        """An exported link round-trips through its dictionary form."""
        link = ChainLink(seq=4, digest="ab" * 32)
        assert ChainLink.from_dict(link.to_dict()) == link


class TestChainingAnOlderDatabase:
    """Events written before the chain existed are chained when the database is migrated."""

    def test_events_of_a_version_three_database_get_their_digests(self, tmp_path: Path) -> None:
        """A schema-3 database with events opens with a chain that checks clean."""
        path = tmp_path / "office.db"
        raw = sqlite3.connect(path)
        for script in MIGRATIONS[:3]:
            assert isinstance(script, str)
            raw.executescript(script)
        for number in range(2):
            raw.execute(
                "INSERT INTO audit_event (at_utc, actor, action, record_type, record_id, "
                "outcome, details) VALUES (?, 'user:1', 'claim.check', 'claim', ?, 'success', "
                "'[]')",
                (f"2026-03-02T14:0{number}:00+00:00", f"c-{number}"),
            )
        raw.execute("PRAGMA user_version = 3")
        raw.commit()
        raw.close()
        with open_database(path) as database:
            assert [link.seq for link in database.audit.chain()] == [1, 2]
            assert database.audit.check_chain().ok
            database.audit.append(sample_event("a-3"))
            assert [e.record_id for e in database.audit.events()] == ["c-0", "c-1", "a-3"]
            assert database.audit.check_chain().ok
            with pytest.raises(sqlite3.IntegrityError):
                database.connection().execute(_REWRITES["update"])
