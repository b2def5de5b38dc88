"""The PostgreSQL audit log is append-only by trigger and by privilege, and exports a hash chain."""

from __future__ import annotations

import json
from collections.abc import Callable

import psycopg
import pytest

from medoffice.adapters.postgres import PostgresDatabase, open_database
from medoffice.kernel import AuditOutcome
from medoffice.kernel._audit_chain import GENESIS, first_broken_line
from medoffice.testing import sample_event

_REWRITES = (
    "UPDATE {s}.audit_event SET actor = 'someone else'",
    "DELETE FROM {s}.audit_event",
    "TRUNCATE {s}.audit_event",
)


class TestTheAuditLogIsAppendOnly:
    """Nobody rewrites history: not the owner (triggers), not the application role (privileges)."""

    @pytest.mark.parametrize("statement", _REWRITES)
    def test_the_owner_is_stopped_by_the_triggers(
        self, new_practice: Callable[[], PostgresDatabase], postgres_url: str, statement: str
    ) -> None:
        """Even the schema's owner (here a superuser) cannot update, delete or truncate events."""
        database = new_practice()
        database.audit.append(sample_event("a-1"))
        with (
            psycopg.connect(postgres_url) as connection,
            pytest.raises(psycopg.errors.RaiseException, match="append-only"),
        ):
            connection.execute(database.sql(statement))
        assert [e.record_id for e in database.audit.events()] == ["a-1"]

    @pytest.mark.parametrize("statement", _REWRITES)
    def test_the_application_role_lacks_the_privilege(
        self, postgres_url: str, role_name: Callable[[str], str], statement: str
    ) -> None:
        """The role granted the practice may read and append events, and nothing else."""
        role = role_name(f"audit_{_REWRITES.index(statement)}")
        with psycopg.connect(postgres_url, autocommit=True) as admin:
            admin.execute(f'CREATE ROLE "{role}"')
        with open_database(postgres_url, practice="audited") as database:
            database.grant(role)
            database.audit.append(sample_event("a-1"))
            with psycopg.connect(postgres_url) as connection:
                connection.execute(f'SET ROLE "{role}"')
                connection.execute(
                    database.sql(
                        "INSERT INTO {s}.audit_event "
                        "(at, actor, action, record_type, record_id, outcome, details) "
                        "VALUES (now(), 'user:1', 'claim.check', 'claim', 'c-1', 'success', '[]')"
                    )
                )
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    connection.execute(database.sql(statement))
            assert "a-1" in [e.record_id for e in database.audit.events()]


class TestTheHashChainExport:
    """The export chains every event to the one before; any edit breaks it from there on."""

    def test_an_export_verifies_and_an_edit_is_found(
        self, new_practice: Callable[[], PostgresDatabase]
    ) -> None:
        """A fresh export is intact; changing one event's outcome breaks the chain at that line."""
        database = new_practice()
        for number in range(4):
            database.audit.append(sample_event(f"a-{number}", number))
        lines = list(database.audit.export_chain())
        assert len(lines) == 4
        assert json.loads(lines[0])["previous"] == GENESIS
        assert first_broken_line(lines) is None
        record = json.loads(lines[2])
        record["outcome"] = AuditOutcome.ERROR.value
        tampered = [*lines[:2], json.dumps(record), *lines[3:]]
        assert first_broken_line(tampered) == 2
        assert first_broken_line(lines[:1] + lines[2:]) == 1
        assert first_broken_line(["not json"]) == 0
