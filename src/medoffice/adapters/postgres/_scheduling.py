"""The scheduling ``AppointmentRepository`` on PostgreSQL.

Appointments are rows (id, provider, start and end as ``timestamptz``, status, and the whole
value as JSON); the calendar's version is one row of ``store_version``. A save moves that row
on with ``UPDATE ... WHERE version = %s`` (or inserts it, for the first save) before it writes
the appointments, all in one transaction: the database decides which of two clerks who read the
same version is first, the other gets :class:`~medoffice.kernel.ConcurrencyConflict` and
nothing of its save is stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Final, final

from medoffice.adapters.postgres._budget import expected_int
from medoffice.adapters.sqlite._codec import Codec
from medoffice.kernel import ConcurrencyConflict, InvalidValue
from medoffice.scheduling import Appointment
from medoffice.scheduling.ports import StoredAppointments

if TYPE_CHECKING:
    from medoffice.adapters.postgres._database import Connection, PostgresDatabase

__all__ = ["PostgresAppointmentRepository", "bump_version", "stored_version"]

_STORE: Final = "appointments"
_CODEC: Final = Codec()
_UPSERT: Final = """
INSERT INTO {s}.appointment (id, provider, start_at, end_at, status, body)
VALUES (%s, %s, %s, %s, %s, %s)
ON CONFLICT (id) DO UPDATE SET
    provider = excluded.provider, start_at = excluded.start_at, end_at = excluded.end_at,
    status = excluded.status, body = excluded.body
"""
_FIRST: Final = (
    "INSERT INTO {s}.store_version (store, version) VALUES (%s, 1) "
    "ON CONFLICT (store) DO NOTHING RETURNING version"
)
_NEXT: Final = (
    "UPDATE {s}.store_version SET version = version + 1 "
    "WHERE store = %s AND version = %s RETURNING version"
)


@lru_cache(maxsize=65_536)
def _appointment(body: str) -> Appointment:
    # Appointments are immutable, so equal JSON decodes to equal values: every booking re-reads
    # the calendar, and decoding only the rows that changed makes that read cheap.
    return _CODEC.loads(body, Appointment)


def _row(item: object) -> tuple[str, str, datetime, datetime, str, str]:
    if not isinstance(item, Appointment):
        raise InvalidValue(f"the repository stores appointments, not {type(item).__name__}")
    return (
        item.id,
        item.provider,
        item.span.start,
        item.span.end,
        item.status.value,
        _CODEC.dumps(item),
    )


def stored_version(database: PostgresDatabase, connection: Connection, store: str) -> int:
    """The stored version of ``store`` (0 before the first save)."""
    row = connection.execute(
        database.sql("SELECT version FROM {s}.store_version WHERE store = %s"), (store,)
    ).fetchone()
    return 0 if row is None else int(str(row[0]))


def bump_version(
    database: PostgresDatabase, connection: Connection, store: str, expected: int, what: str
) -> int:
    """Move ``store`` from version ``expected`` to the next, or raise ``ConcurrencyConflict``."""
    if expected == 0:
        row = connection.execute(database.sql(_FIRST), (store,)).fetchone()
    else:
        row = connection.execute(database.sql(_NEXT), (store, expected)).fetchone()
    if row is None:
        raise ConcurrencyConflict(f"{what} changed since it was read; read again")
    return int(str(row[0]))


@final
class PostgresAppointmentRepository:
    """An :class:`~medoffice.scheduling.ports.AppointmentRepository` in a practice's schema."""

    __slots__ = ("_database",)

    def __init__(self, database: PostgresDatabase) -> None:
        self._database = database

    def load(self) -> StoredAppointments:
        """Every appointment, in the order first stored, and the version, from one snapshot."""
        database = self._database
        with database.reading("loading appointments") as connection:
            version = stored_version(database, connection, _STORE)
            rows = connection.execute(
                database.sql("SELECT body FROM {s}.appointment ORDER BY seq")
            ).fetchall()
        return StoredAppointments(
            appointments=tuple(_appointment(str(row[0])) for row in rows), version=version
        )

    def save(self, changed: Sequence[Appointment], *, expected_version: int) -> int:
        """Store ``changed`` together if nobody saved since ``expected_version``."""
        rows = [_row(item) for item in changed]
        expected = expected_int(expected_version, "expected_version")
        database = self._database
        with database.writing("saving appointments") as connection:
            version = bump_version(database, connection, _STORE, expected, "the appointments")
            with connection.cursor() as cursor:
                cursor.executemany(database.sql(_UPSERT), rows)
            return version

    def __repr__(self) -> str:
        return f"PostgresAppointmentRepository({self._database!r})"
