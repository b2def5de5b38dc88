"""Junk never reaches the server: every PostgreSQL repository refuses what is not its value, and
reprs name the practice only."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import psycopg
import pytest

from medoffice.adapters.postgres import DatabaseError, PostgresDatabase, open_database
from medoffice.adapters.postgres._connection import make_pool
from medoffice.adapters.postgres._schema import grant_sql
from medoffice.kernel import InvalidArgument, InvalidValue


def _junk_calls(database: PostgresDatabase) -> list[Callable[[], object]]:
    return [
        lambda: database.audit.append("junk"),  # type: ignore[arg-type]
        lambda: database.postings.append("junk"),  # type: ignore[arg-type]
        lambda: database.encumbrances.save("junk", expected_version=0),  # type: ignore[arg-type]
        lambda: database.transfers.append("junk", expected_length=0),  # type: ignore[arg-type]
        lambda: database.claims.record("junk"),  # type: ignore[arg-type]
        lambda: database.credentials.save("junk", expected_version=0),  # type: ignore[arg-type]
        lambda: database.credentials.save_location("junk"),  # type: ignore[arg-type]
        lambda: database.screenings.append("junk"),  # type: ignore[arg-type]
        lambda: database.appointments.save(["junk"], expected={}),  # type: ignore[list-item]
        lambda: database.appointments.save([], expected="0"),  # type: ignore[arg-type]
        lambda: database.appointments.load("junk"),  # type: ignore[arg-type]
        lambda: database.waitlist.save(entries=["junk"], expected_version=0),  # type: ignore[list-item]
        lambda: database.waitlist.save(offers=["junk"], expected_version=0),  # type: ignore[list-item]
    ]


class TestJunkIsRefused:
    """Wrong types are a medoffice error before any SQL; nothing is stored."""

    def test_every_repository_refuses_what_is_not_its_value(
        self, new_practice: Callable[[], PostgresDatabase]
    ) -> None:
        """Each junk call raises InvalidValue or InvalidArgument, and the practice stays empty."""
        database = new_practice()
        for call in _junk_calls(database):
            with pytest.raises((InvalidValue, InvalidArgument)):
                call()
        assert list(database.audit.events()) == []
        assert database.appointments.find(["junk"]) == ()
        assert database.waitlist.load().version == 0
        assert list(database.credentials.staff_ids()) == []

    def test_reprs_name_the_class_and_practice(
        self, new_practice: Callable[[], PostgresDatabase]
    ) -> None:
        """Every repository's repr names it and the practice, never a stored value."""
        database = new_practice()
        for repository in (
            database.audit,
            database.postings,
            database.encumbrances,
            database.transfers,
            database.claims,
            database.credentials,
            database.screenings,
            database.appointments,
            database.waitlist,
        ):
            assert repr(repository) == f"{type(repository).__name__}({database!r})"

    def test_bad_pool_and_role_arguments_are_refused(self) -> None:
        """Pool sizes, timeouts and role names are checked before anything connects."""
        sizes: list[object] = [0, True, "3"]
        for size in sizes:
            with pytest.raises(InvalidArgument):
                make_pool("h", size=size, statement_timeout=None, application_name="x")  # type: ignore[arg-type]
        timeouts: list[object] = [timedelta(0), 5]
        for timeout in timeouts:
            with pytest.raises(InvalidArgument):
                make_pool("h", size=1, statement_timeout=timeout, application_name="x")  # type: ignore[arg-type]
        with pytest.raises(InvalidArgument):
            grant_sql("medoffice_x", 'app"; DROP ROLE postgres; --')

    def test_units_are_not_reentrant_and_need_opening(
        self, new_practice: Callable[[], PostgresDatabase]
    ) -> None:
        """A unit inside a unit on one thread is refused; ending a unit never begun too."""
        database = new_practice()
        with database.unit_of_work(), pytest.raises(InvalidArgument):
            database.begin_unit()
        with pytest.raises(InvalidArgument):
            database.end_unit(commit=True)


class TestARoleThatMayNotMigrate:
    """A role without CREATE on the database cannot open a new practice: a DatabaseError."""

    def test_the_failed_migration_names_itself_and_creates_nothing(
        self,
        postgres_url: str,
        role_name: Callable[[str], str],
        as_role: Callable[[str, str], str],
    ) -> None:
        """``migrating`` and SQLSTATE 42501 in the error; no schema left behind."""
        role = role_name("no_create")
        with psycopg.connect(postgres_url, autocommit=True) as admin:
            admin.execute(f'CREATE ROLE "{role}" LOGIN')
            admin.execute(
                f'REVOKE CREATE ON DATABASE "{postgres_url.rsplit("/", 1)[-1]}" FROM PUBLIC'
            )
        with pytest.raises(DatabaseError, match=r"migrating medoffice_forbidden.*42501"):
            open_database(as_role(postgres_url, role), practice="forbidden")
        with psycopg.connect(postgres_url) as connection:
            found = connection.execute(
                "SELECT count(*) FROM pg_namespace WHERE nspname = 'medoffice_forbidden'"
            ).fetchone()
        assert found == (0,)
