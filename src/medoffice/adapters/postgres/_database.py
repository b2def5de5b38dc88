"""One practice in a PostgreSQL database, and the repositories it hands out.

:func:`open_database` connects to ``postgresql://...``, migrates the practice's schema (see
:mod:`medoffice.adapters.postgres._schema`) and returns a :class:`PostgresDatabase` holding a
connection pool (``read_only=True`` opens an existing, current practice and changes nothing: no
schema created, no migration, every transaction read-only); :func:`open_practice` opens another
practice on a pool already open (one pool, many practices, as a vendor's server holds them).
Every repository names its tables with the practice's schema, so no session setting decides
which practice a statement touches.

Transactions: a read is one ``REPEATABLE READ, READ ONLY`` transaction (every query inside sees
one snapshot); a write outside a unit of work is one ``READ COMMITTED`` transaction whose
compare-and-set is a conditional ``UPDATE ... WHERE version = %s`` (or an insert that must not
find the row), so the database itself decides who was first; :meth:`unit_of_work` holds one
connection for the thread in a ``REPEATABLE READ`` transaction, each write a savepoint in it,
committed at a clean exit and rolled back on an exception. A serialization failure is a
:class:`~medoffice.kernel.ConcurrencyConflict`, which the services' retry runs again.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from datetime import timedelta
from functools import lru_cache
from typing import Final, final

import psycopg
from psycopg_pool import ConnectionPool

from medoffice.adapters.postgres._audit import PostgresAuditLog
from medoffice.adapters.postgres._authorizations import PostgresAuthorizationRepository
from medoffice.adapters.postgres._budget import (
    PostgresEncumbranceRepository,
    PostgresPostingStore,
    PostgresTransferJournal,
)
from medoffice.adapters.postgres._claims import PostgresClaimHistory
from medoffice.adapters.postgres._connection import (
    DatabaseError,
    connection_refused,
    failures,
    make_pool,
    rollback_quietly,
    session_options,
)
from medoffice.adapters.postgres._credentials import (
    PostgresCredentialRepository,
    PostgresScreeningLog,
)
from medoffice.adapters.postgres._revenue import PostgresReceivables
from medoffice.adapters.postgres._scheduling import PostgresAppointmentRepository
from medoffice.adapters.postgres._schema import grant_sql, migrate, require_current, schema_name
from medoffice.adapters.postgres._unit_of_work import PostgresUnitOfWork
from medoffice.adapters.postgres._waitlist import PostgresWaitlistRepository
from medoffice.kernel import InvalidArgument

__all__ = ["Connection", "PostgresDatabase", "open_database", "open_practice"]

Connection = psycopg.Connection[tuple[object, ...]]
Pool = ConnectionPool[Connection]

_READ: Final = "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY"
_WRITE: Final = "BEGIN ISOLATION LEVEL READ COMMITTED"
_UNIT: Final = "BEGIN ISOLATION LEVEL REPEATABLE READ"


@lru_cache(maxsize=4096)
def _qualified(template: str, schema: str) -> str:
    return template.replace("{s}", f'"{schema}"')


@final
class _Unit:
    """This thread's open unit of work: its connection, taken from the pool until the end."""

    __slots__ = ("connection",)

    def __init__(self, connection: Connection) -> None:
        self.connection = connection


@final
class PostgresDatabase:
    """One practice's schema in a PostgreSQL database: a pool and every repository on it."""

    __slots__ = ("_local", "_owns_pool", "_pool", "_practice", "_schema", "_secrets")

    def __init__(self, pool: Pool, *, practice: str, owns_pool: bool) -> None:
        self._pool = pool
        self._practice = practice
        self._schema = schema_name(practice)
        self._owns_pool = owns_pool
        self._local = threading.local()
        self._secrets: dict[str, bytes] = {}

    @property
    def practice(self) -> str:
        """The practice whose schema this object reads and writes."""
        return self._practice

    @property
    def schema(self) -> str:
        """The PostgreSQL schema of the practice."""
        return self._schema

    def sql(self, template: str) -> str:
        """``template`` with ``{s}`` replaced by the practice's quoted schema."""
        return _qualified(template, self._schema)

    def _unit(self) -> _Unit | None:
        unit: _Unit | None = getattr(self._local, "unit", None)
        return unit

    @contextlib.contextmanager
    def _transaction(self, operation: str, begin: str) -> Iterator[Connection]:
        with failures(operation):
            connection = self._pool.getconn()
        try:
            with failures(operation):
                connection.execute(begin)
                try:
                    yield connection
                except BaseException:
                    rollback_quietly(connection)
                    raise
                connection.execute("COMMIT")
        finally:
            self._pool.putconn(connection)

    @contextlib.contextmanager
    def reading(self, operation: str) -> Iterator[Connection]:
        """One read transaction (one snapshot); inside a unit of work, the unit's transaction."""
        unit = self._unit()
        if unit is not None:
            with failures(operation):
                yield unit.connection
            return
        with self._transaction(operation, _READ) as connection:
            yield connection

    @contextlib.contextmanager
    def writing(self, operation: str) -> Iterator[Connection]:
        """One write transaction; inside a unit of work, a savepoint of the unit's transaction
        (a failed write is undone by itself, and nothing is committed before the unit is)."""
        unit = self._unit()
        if unit is None:
            with self._transaction(operation, _WRITE) as connection:
                yield connection
            return
        connection = unit.connection
        with failures(operation):
            connection.execute("SAVEPOINT medoffice_write")
            try:
                yield connection
            except BaseException:
                with contextlib.suppress(psycopg.Error):
                    connection.execute("ROLLBACK TO SAVEPOINT medoffice_write")
                raise
            connection.execute("RELEASE SAVEPOINT medoffice_write")

    def secret(self, name: str) -> bytes:
        """The practice's own random secret ``name`` (drawn when its schema was migrated), such
        as the one its patient keys are made with."""
        found = self._secrets.get(name)
        if found is None:
            with self.reading("reading a secret") as connection:
                row = connection.execute(
                    self.sql("SELECT value FROM {s}.store_secret WHERE name = %s"), (name,)
                ).fetchone()
            if row is None or not isinstance(row[0], bytes):
                raise DatabaseError(
                    f"the secret {name!r} is missing or damaged",
                    file=self._schema,
                    operation="secret",
                )
            found = self._secrets[name] = row[0]
        return found

    def unit_of_work(self) -> PostgresUnitOfWork:
        """A unit of work: every repository write on this thread inside it is one transaction."""
        return PostgresUnitOfWork(self)

    def begin_unit(self) -> None:
        """Start a unit of work on this thread (called by :class:`PostgresUnitOfWork`)."""
        if self._unit() is not None:
            raise InvalidArgument("a unit of work is already open on this thread")
        with failures("starting a unit of work"):
            connection = self._pool.getconn()
        try:
            with failures("starting a unit of work"):
                connection.execute(_UNIT)
        except BaseException:
            self._pool.putconn(connection)
            raise
        self._local.unit = _Unit(connection)

    def end_unit(self, *, commit: bool) -> None:
        """Commit (or roll back) this thread's unit of work and give its connection back."""
        unit = self._unit()
        if unit is None:
            raise InvalidArgument("no unit of work is open on this thread")
        self._local.unit = None
        try:
            if commit:
                with failures("committing a unit of work"):
                    try:
                        unit.connection.execute("COMMIT")
                    except BaseException:
                        rollback_quietly(unit.connection)
                        raise
            else:
                rollback_quietly(unit.connection)
        finally:
            self._pool.putconn(unit.connection)

    def grant(self, role: str) -> None:
        """Give ``role`` (which must exist) what an application needs in this practice: read
        and write every table, read and append the audit log, nothing on other practices."""
        with self.writing(f"granting the practice to {role}") as connection:
            for statement in grant_sql(self._schema, role):
                connection.execute(statement)

    def integrity_check(self) -> str:
        """``'ok'`` when the practice's schema is at this medoffice's version and reachable."""
        with self.reading("checking the database") as connection:
            row = connection.execute(self.sql("SELECT max(version) FROM {s}.schema_version"))
            found = row.fetchone()
        return "ok" if found is not None and found[0] is not None else "no schema version"

    def close(self) -> None:
        """Close the pool (when this object opened it)."""
        if self._owns_pool:
            self._pool.close()

    def __enter__(self) -> PostgresDatabase:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"PostgresDatabase(practice={self._practice!r})"

    # -- repositories --------------------------------------------------------------------

    @property
    def appointments(self) -> PostgresAppointmentRepository:
        """The scheduling ``AppointmentRepository``."""
        return PostgresAppointmentRepository(self)

    @property
    def waitlist(self) -> PostgresWaitlistRepository:
        """The scheduling ``WaitlistRepository``."""
        return PostgresWaitlistRepository(self)

    @property
    def claims(self) -> PostgresClaimHistory:
        """The claims ``ClaimHistory``."""
        return PostgresClaimHistory(self)

    @property
    def credentials(self) -> PostgresCredentialRepository:
        """The credentials ``CredentialRepository``."""
        return PostgresCredentialRepository(self)

    @property
    def screenings(self) -> PostgresScreeningLog:
        """The credentials ``ScreeningLog``."""
        return PostgresScreeningLog(self)

    @property
    def postings(self) -> PostgresPostingStore:
        """The budget ``PostingStore``."""
        return PostgresPostingStore(self)

    @property
    def encumbrances(self) -> PostgresEncumbranceRepository:
        """The budget ``EncumbranceRepository``."""
        return PostgresEncumbranceRepository(self)

    @property
    def transfers(self) -> PostgresTransferJournal:
        """The budget ``TransferJournal``."""
        return PostgresTransferJournal(self)

    @property
    def receivables(self) -> PostgresReceivables:
        """The revenue ``ReceivablesRepository``."""
        return PostgresReceivables(self)

    @property
    def authorizations(self) -> PostgresAuthorizationRepository:
        """The authorizations ``AuthorizationRepository``."""
        return PostgresAuthorizationRepository(self)

    @property
    def audit(self) -> PostgresAuditLog:
        """The append-only ``AuditLog``."""
        return PostgresAuditLog(self)


def _migrate(connection: Connection, schema: str) -> None:
    with failures(f"migrating {schema}"):
        migrate(connection, schema)


def open_practice(pool: Pool, *, practice: str) -> PostgresDatabase:
    """Open (migrating when needed) ``practice`` on an open pool, which the caller closes.

    The pool's connections must be in autocommit mode and talk UTC, as :func:`open_database`'s.
    """
    schema = schema_name(practice)
    with failures(f"opening {schema}"):
        connection = pool.getconn()
    try:
        _migrate(connection, schema)
    finally:
        pool.putconn(connection)
    return PostgresDatabase(pool, practice=practice, owns_pool=False)


def open_database(
    url: str,
    *,
    practice: str = "main",
    pool_size: int = 10,
    statement_timeout: timedelta | None = None,
    read_only: bool = False,
) -> PostgresDatabase:
    """Connect to the PostgreSQL database at ``url`` and open ``practice`` (migrated forward).

    The pool holds at most ``pool_size`` connections; ``statement_timeout`` (when given) ends
    any statement running longer with a :class:`DatabaseError`.

    ``read_only`` opens only a practice that exists at this medoffice's schema version, and
    creates or migrates nothing: a missing practice, or one at an older version, is a
    :class:`DatabaseError` (a newer one, :class:`~medoffice.adapters.postgres.NewerSchema`), and
    every transaction is read-only, so a write raises :class:`DatabaseError`.
    """
    given: object = url  # checked at run time: not every caller is type-checked
    if not isinstance(given, str) or not given.startswith(("postgresql://", "postgres://")):
        raise InvalidArgument("a PostgreSQL URL starts with postgresql://")
    schema = schema_name(practice)
    try:
        first = psycopg.connect(
            url,
            autocommit=True,
            connect_timeout=10,
            options=session_options(read_only=bool(read_only)),
        )
    except psycopg.Error as error:
        raise DatabaseError(connection_refused(error, url)) from None
    with first:
        if read_only:
            with failures(f"opening {schema}"):
                require_current(first, schema)
        else:
            _migrate(first, schema)
    pool = make_pool(
        url,
        size=pool_size,
        statement_timeout=statement_timeout,
        application_name=f"medoffice:{practice}",
        read_only=bool(read_only),
    )
    return PostgresDatabase(pool, practice=practice, owns_pool=True)
