"""The credentials repositories on PostgreSQL: staff members with versions, locations, screenings.

A staff member (with every credential and verification) is one row of ``staff``: its id, its
version and the value as JSON. A save is decided by the database (an insert that must not find
the id, or an ``UPDATE ... WHERE version = %s``), so a stale save raises
:class:`~medoffice.kernel.ConcurrencyConflict` and leaves the stored member as it was. The
screening log is append-only; a screening already logged is ignored (a unique digest of the
value), as the port asks.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Final, final

from medoffice.adapters.postgres._budget import expected_int, save_versioned
from medoffice.adapters.sqlite._codec import Codec
from medoffice.credentials import Location, Screening, StaffMember
from medoffice.kernel import InvalidValue

if TYPE_CHECKING:
    from medoffice.adapters.postgres._database import PostgresDatabase

__all__ = ["PostgresCredentialRepository", "PostgresScreeningLog"]

_CODEC: Final = Codec()
_FOR_PERSON: Final = (
    "SELECT body FROM {s}.screening WHERE person_id = %s "
    "ORDER BY on_day, person_id, source, result, seq"
)
_BETWEEN: Final = (
    "SELECT body FROM {s}.screening WHERE on_day BETWEEN %s AND %s "
    "ORDER BY on_day, person_id, source, result, seq"
)
_SCREENING: Final = """
INSERT INTO {s}.screening (person_id, on_day, source, result, digest, body)
VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (digest) DO NOTHING
"""
_LOCATION: Final = (
    "INSERT INTO {s}.location (id, body) VALUES (%s, %s) "
    "ON CONFLICT (id) DO UPDATE SET body = excluded.body"
)


@final
class PostgresCredentialRepository:
    """A :class:`~medoffice.credentials.ports.CredentialRepository` in a practice's schema."""

    __slots__ = ("_database",)

    def __init__(self, database: PostgresDatabase) -> None:
        self._database = database

    def _one(self, query: str, key: str, operation: str) -> object | None:
        with self._database.reading(operation) as connection:
            row = connection.execute(self._database.sql(query), (key,)).fetchone()
        return None if row is None else row[0]

    def get(self, staff_id: str) -> StaffMember | None:
        """The staff member with ``staff_id``, or ``None``."""
        body = self._one("SELECT body FROM {s}.staff WHERE id = %s", staff_id, "reading staff")
        return None if body is None else _CODEC.loads(str(body), StaffMember)

    def version(self, staff_id: str) -> int:
        """The stored version (0 when absent)."""
        found = self._one(
            "SELECT version FROM {s}.staff WHERE id = %s", staff_id, "reading a staff version"
        )
        return 0 if found is None else int(str(found))

    def save(self, staff: StaffMember, *, expected_version: int) -> int:
        """Store ``staff`` if nobody saved it since ``expected_version``."""
        if not isinstance(staff, StaffMember):
            raise InvalidValue("the repository stores StaffMember values")
        expected = expected_int(expected_version, "expected_version")
        return save_versioned(
            self._database,
            "staff",
            staff.id,
            _CODEC.dumps(staff),
            expected=expected,
            what="the staff record",
        )

    def staff_ids(self) -> Iterator[str]:
        """Every stored staff id, sorted."""
        with self._database.reading("reading staff ids") as connection:
            rows = connection.execute(
                self._database.sql('SELECT id FROM {s}.staff ORDER BY id COLLATE "C"')
            ).fetchall()
        return iter([str(row[0]) for row in rows])

    def location(self, location_id: str) -> Location | None:
        """The location with ``location_id``, or ``None``."""
        body = self._one(
            "SELECT body FROM {s}.location WHERE id = %s", location_id, "reading a location"
        )
        return None if body is None else _CODEC.loads(str(body), Location)

    def save_location(self, location: Location) -> None:
        """Store or replace a location."""
        if not isinstance(location, Location):
            raise InvalidValue("the repository stores Location values")
        with self._database.writing("saving a location") as connection:
            connection.execute(self._database.sql(_LOCATION), (location.id, _CODEC.dumps(location)))

    def __repr__(self) -> str:
        return f"PostgresCredentialRepository({self._database!r})"


@final
class PostgresScreeningLog:
    """A :class:`~medoffice.credentials.ports.ScreeningLog` in a practice's schema."""

    __slots__ = ("_database",)

    def __init__(self, database: PostgresDatabase) -> None:
        self._database = database

    def append(self, screening: Screening) -> None:
        """Log one screening; one already logged is ignored."""
        if not isinstance(screening, Screening):
            raise InvalidValue("the log holds Screening values")
        body = _CODEC.dumps(screening)
        with self._database.writing("logging a screening") as connection:
            connection.execute(
                self._database.sql(_SCREENING),
                (
                    screening.person_id,
                    screening.on,
                    screening.source.value,
                    screening.result.value,
                    hashlib.sha256(body.encode()).hexdigest(),
                    body,
                ),
            )

    def _read(self, query: str, parameters: tuple[object, ...]) -> tuple[Screening, ...]:
        with self._database.reading("reading screenings") as connection:
            rows = connection.execute(self._database.sql(query), parameters).fetchall()
        return tuple(_CODEC.loads(str(row[0]), Screening) for row in rows)

    def for_person(self, person_id: str) -> tuple[Screening, ...]:
        """The screenings of ``person_id``, oldest first."""
        return self._read(_FOR_PERSON, (person_id,))

    def between(self, first: date, last: date) -> tuple[Screening, ...]:
        """The screenings dated ``first``..``last``, oldest first."""
        return self._read(_BETWEEN, (first, last))

    def __repr__(self) -> str:
        return f"PostgresScreeningLog({self._database!r})"
