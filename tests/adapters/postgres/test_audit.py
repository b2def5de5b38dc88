"""The PostgreSQL audit log is append-only by trigger and by privilege, and exports a hash chain."""

from __future__ import annotations

from collections.abc import Callable

import psycopg
import pytest

from medoffice.adapters.postgres import PostgresDatabase, open_database
from medoffice.kernel import AuditOutcome
from medoffice.kernel._audit_chain import GENESIS, chain_link
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
                        "INSERT INTO {s}.audit_event (seq, at, actor, action, record_type, "
                        "record_id, outcome, details, digest) VALUES ((SELECT max(seq) + 1 "
                        "FROM {s}.audit_event), now(), 'user:1', 'claim.check', 'claim', 'c-1', "
                        "'success', '[]', repeat('0', 64))"
                    )
                )
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    connection.execute(database.sql(statement))
            assert "a-1" in [e.record_id for e in database.audit.events()]


class TestTheHashChain:
    """Each event stores its chain digest; the exported chain finds any later rewrite."""

    def test_an_untouched_log_checks_clean_against_its_export(
        self, new_practice: Callable[[], PostgresDatabase]
    ) -> None:
        """Digests are SQLite's own chain: the log checks clean, with or without the export."""
        database = new_practice()
        events = [sample_event(f"a-{n}", n) for n in range(4)]
        for event in events:
            database.audit.append(event)
        exported = database.audit.chain()
        assert [link.seq for link in exported] == [1, 2, 3, 4]
        previous = GENESIS
        for link, event in zip(exported, events, strict=True):
            previous = chain_link(previous, link.seq, event)
            assert link.digest == previous
        assert database.audit.check_chain(anchor=exported).ok

    def test_a_rewrite_by_the_owner_is_found(
        self, new_practice: Callable[[], PostgresDatabase], postgres_url: str
    ) -> None:
        """The owner drops the trigger and edits an event: the chain check names the break."""
        database = new_practice()
        for number in range(3):
            database.audit.append(sample_event(f"a-{number}", number))
        exported = database.audit.chain()
        with psycopg.connect(postgres_url) as owner:
            owner.execute(database.sql("ALTER TABLE {s}.audit_event DISABLE TRIGGER USER"))
            owner.execute(
                database.sql("UPDATE {s}.audit_event SET outcome = %s WHERE seq = 2"),
                (AuditOutcome.ERROR.value,),
            )
            owner.execute(database.sql("ALTER TABLE {s}.audit_event ENABLE TRIGGER USER"))
        report = database.audit.check_chain(anchor=exported)
        assert [(str(f.rule), f.path) for f in report.findings] == [
            ("AUDIT-CHAIN-BROKEN", "events[2]")
        ]

    def test_an_insert_out_of_turn_is_refused(
        self, new_practice: Callable[[], PostgresDatabase], postgres_url: str
    ) -> None:
        """A hand-written insert that skips a number is stopped by the trigger."""
        database = new_practice()
        database.audit.append(sample_event("a-1"))
        with (
            psycopg.connect(postgres_url) as connection,
            pytest.raises(psycopg.errors.RaiseException, match="next number"),
        ):
            connection.execute(
                database.sql(
                    "INSERT INTO {s}.audit_event (seq, at, actor, action, record_type, "
                    "record_id, outcome, details, digest) VALUES (5, now(), 'u', 'a.b', 'r', "
                    "'x', 'success', '[]', repeat('0', 64))"
                )
            )
