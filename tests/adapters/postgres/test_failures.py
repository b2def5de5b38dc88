"""Failures on the server: a DatabaseError naming the operation, nothing half-written, and the next
operation works after reconnecting."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import date, timedelta

import psycopg
import pytest

from medoffice.adapters.postgres import DatabaseError, PostgresDatabase, open_database
from medoffice.budget import Leg, Transaction
from medoffice.credentials import StaffMember
from medoffice.kernel import DateRange, Money

_DAY = date(2026, 3, 2)


def _transaction(number: int, legs: int = 2) -> Transaction:
    amount = Money.of(f"{number}.25", "USD")
    half = [Leg(account=f"6{n:03d}", amount=amount) for n in range(legs // 2)]
    return Transaction(
        id=f"T{number}", on=_DAY, legs=half + [Leg(account="2000", amount=-amount)] * (legs // 2)
    )


def _stored(database: PostgresDatabase) -> dict[str, int]:
    counts: dict[str, int] = {}
    for posting in database.postings.postings(DateRange.single(_DAY)):
        counts[posting.transaction] = counts.get(posting.transaction, 0) + 1
    return counts


def _terminate(url: str, practice: str) -> int:
    with psycopg.connect(url, autocommit=True) as admin:
        rows = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE application_name = %s AND pid <> pg_backend_pid()",
            (f"medoffice:{practice}",),
        ).fetchall()
    return len(rows)


def _killed_inside_a_unit(database: PostgresDatabase, url: str) -> None:
    """Append inside a unit, have the server end the unit's connection, append again."""
    with database.unit_of_work() as uow:
        uow.postings.append(_transaction(2))
        assert _terminate(url, database.practice) >= 1
        uow.postings.append(_transaction(3))


class TestADroppedConnection:
    """``pg_terminate_backend`` in the middle of a unit of work."""

    def test_the_unit_fails_whole_and_the_next_one_works(self, postgres_url: str) -> None:
        """The write after the kill is a DatabaseError naming it; nothing of the unit is stored."""
        with open_database(postgres_url, practice="dropped") as database:
            database.postings.append(_transaction(1))
            with pytest.raises(DatabaseError, match="appending a ledger transaction") as raised:
                _killed_inside_a_unit(database, postgres_url)
            assert "connection" in str(raised.value) or "57P01" in str(raised.value)
            assert _stored(database) == {"T1": 2}
            database.postings.append(_transaction(4))
            assert _stored(database) == {"T1": 2, "T4": 2}

    def test_idle_connections_dropped_are_replaced(self, postgres_url: str) -> None:
        """Every pooled connection killed while idle: the next operation reconnects and works."""
        with open_database(postgres_url, practice="idle_drop") as database:
            database.credentials.save(StaffMember(id="S-1", role="ma"), expected_version=0)
            _terminate(postgres_url, "idle_drop")
            assert database.credentials.version("S-1") == 1


class TestAStatementTimeout:
    """A statement that waits longer than the timeout is cancelled, and nothing is kept."""

    def test_a_timed_out_write_names_the_operation(self, postgres_url: str) -> None:
        """Blocked by a lock past the timeout: DatabaseError (57014); afterwards writes work."""
        with open_database(
            postgres_url, practice="timeout", statement_timeout=timedelta(milliseconds=300)
        ) as database:
            locked = threading.Event()
            release = threading.Event()

            def hold_lock() -> None:
                with psycopg.connect(postgres_url) as blocker:
                    blocker.execute(database.sql("LOCK TABLE {s}.posting IN EXCLUSIVE MODE"))
                    locked.set()
                    release.wait(timeout=30)

            holder = threading.Thread(target=hold_lock)
            holder.start()
            try:
                assert locked.wait(timeout=30)
                started = time.monotonic()
                with pytest.raises(DatabaseError, match=r"appending a ledger.*57014"):
                    database.postings.append(_transaction(1))
                assert time.monotonic() - started < 10
            finally:
                release.set()
                holder.join(timeout=30)
            assert _stored(database) == {}
            database.postings.append(_transaction(2))
            assert _stored(database) == {"T2": 2}


class TestAFailingTrigger:
    """A trigger that fails after some rows (as a full disk would) leaves no partial transaction."""

    def test_no_leg_of_the_failed_transaction_is_kept(
        self, new_practice: Callable[[], PostgresDatabase], postgres_url: str
    ) -> None:
        """The 150th posting fails: DatabaseError (P0001), none of the 200 legs nor the header."""
        database = new_practice()
        fail = database.sql(
            "CREATE FUNCTION {s}.full_disk() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "IF (SELECT count(*) FROM {s}.posting WHERE transaction_id = NEW.transaction_id) "
            ">= 149 THEN RAISE EXCEPTION 'no space left'; END IF; RETURN NEW; END $$; "
            "CREATE TRIGGER full_disk BEFORE INSERT ON {s}.posting "
            "FOR EACH ROW EXECUTE FUNCTION {s}.full_disk()"
        )
        with psycopg.connect(postgres_url) as admin:
            admin.execute(fail)
        with pytest.raises(DatabaseError, match=r"appending a ledger transaction.*P0001"):
            database.postings.append(_transaction(1, legs=200))
        assert _stored(database) == {}
        with psycopg.connect(postgres_url) as admin:
            admin.execute(database.sql("DROP TRIGGER full_disk ON {s}.posting"))
        database.postings.append(_transaction(1, legs=200))
        assert _stored(database) == {"T1": 200}
