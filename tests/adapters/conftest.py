"""Fixtures of the database adapters' tests: a PostgreSQL database of this test run.

The PostgreSQL tests read ``MEDOFFICE_POSTGRES_URL``. Unset, they skip, saying so (a machine
without a server); set but unreachable, they fail. Each run creates a database of its own on that
server (``medoffice_test_<token>``), gives every test practice a schema of its own in it, and
drops the database, and any role it created, at the end.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import count
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from psycopg_pool import ConnectionPool

from medoffice.adapters.postgres import PostgresDatabase, open_practice
from medoffice.adapters.postgres._connection import make_pool
from medoffice.testing._postgres import ServerUnreachable, scratch_database, server_url

_NEXT = count()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """The URL of a new, empty database of this run (dropped at the end)."""
    server = server_url()
    if server is None:
        pytest.skip("MEDOFFICE_POSTGRES_URL is not set: no PostgreSQL server to test against")
    try:
        with scratch_database(server) as url:
            yield url
    except ServerUnreachable as error:
        pytest.fail(str(error))


@pytest.fixture(scope="session")
def postgres_pool(
    postgres_url: str,
) -> Iterator[ConnectionPool[psycopg.Connection[tuple[object, ...]]]]:
    """A pool of connections to the run's database, shared by every test practice."""
    pool = make_pool(
        postgres_url, size=20, statement_timeout=None, application_name="medoffice-tests"
    )
    yield pool
    pool.close()


@pytest.fixture(scope="session")
def _emptied_practices() -> list[str]:
    """Practices of this run that a finished test used and that were emptied since."""
    return []


def _empty(pool: ConnectionPool[psycopg.Connection[tuple[object, ...]]], schema: str) -> bool:
    """Delete every row of a test practice, the audit log's too: the test run's own superuser
    session skips the triggers (``session_replication_role``), which no application role can.
    Without that privilege the practice is left as it is (``False``), for a new one next time."""
    try:
        _delete_every_row(pool, schema)
    except psycopg.errors.InsufficientPrivilege:
        return False
    return True


def _delete_every_row(
    pool: ConnectionPool[psycopg.Connection[tuple[object, ...]]], schema: str
) -> None:
    with pool.connection() as connection, connection.transaction():
        connection.execute("SET LOCAL session_replication_role = replica")
        tables = connection.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = %s AND tablename <> ALL(%s)",
            (schema, ["schema_version", "store_secret"]),  # a practice keeps its own secret
        ).fetchall()
        for (table,) in tables:
            connection.execute(f'DELETE FROM "{schema}"."{table}"')


@pytest.fixture
def new_practice(
    postgres_pool: ConnectionPool[psycopg.Connection[tuple[object, ...]]],
    _emptied_practices: list[str],
) -> Iterator[Callable[[], PostgresDatabase]]:
    """Opens an empty practice (a schema of its own) on the run's database.

    Creating a schema costs a tenth of a second, and the contracts' state machines ask for dozens:
    a practice a test used is emptied when the test ends and handed to a later one.
    """
    used: list[PostgresDatabase] = []

    def make() -> PostgresDatabase:
        name = _emptied_practices.pop() if _emptied_practices else f"t{next(_NEXT)}"
        used.append(open_practice(postgres_pool, practice=name))
        return used[-1]

    yield make
    for database in used:
        if _empty(postgres_pool, database.schema):
            _emptied_practices.append(database.practice)


@pytest.fixture(scope="session")
def role_name(postgres_url: str) -> Callable[[str], str]:
    """Names for roles this run creates (dropped with the run's database)."""
    prefix = urlsplit(postgres_url).path.strip("/")
    return lambda suffix: f"{prefix}_{suffix}"


@pytest.fixture(scope="session")
def as_role() -> Callable[[str, str], str]:
    """``url`` connecting as ``role`` instead (trust authentication, as on the test server)."""

    def replace(url: str, role: str) -> str:
        parts = urlsplit(url)
        host = parts.netloc.rsplit("@", 1)[-1]
        return urlunsplit(parts._replace(netloc=f"{role}@{host}"))

    return replace
