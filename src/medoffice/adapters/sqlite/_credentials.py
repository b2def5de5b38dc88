"""The credentials repositories on SQLite: staff members with versions, locations, screenings.

A staff member (with every credential and verification) is one row of ``staff``: its id, its
version and the value as JSON. :meth:`SqliteCredentialRepository.save` compares the stored
version inside ``BEGIN IMMEDIATE``, so a stale save raises
:class:`~medoffice.kernel.ConcurrencyConflict` and leaves the stored member as it was. The
screening log is append-only; a screening already logged is ignored (a unique index on the
value), as the port asks.

>>> import tempfile, pathlib
>>> from datetime import date
>>> from medoffice.adapters.sqlite import open_database
>>> from medoffice.credentials import StaffMember
>>> folder = tempfile.TemporaryDirectory()
>>> database = open_database(pathlib.Path(folder.name) / "office.db")
>>> database.credentials.save(StaffMember(id="S-1", role="ma"), expected_version=0)
1
>>> list(database.credentials.staff_ids())
['S-1']
>>> database.close()
>>> folder.cleanup()
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Final, final

from medoffice.adapters.sqlite._codec import Codec
from medoffice.adapters.sqlite._errors import guarded
from medoffice.credentials import Location, Screening, StaffMember
from medoffice.kernel import ConcurrencyConflict, InvalidArgument, InvalidValue

if TYPE_CHECKING:
    from medoffice.adapters.sqlite._database import SqliteDatabase

__all__ = ["SqliteCredentialRepository", "SqliteScreeningLog"]

_CODEC: Final = Codec()
_FOR_PERSON: Final = (
    "SELECT body FROM screening WHERE person_id = ? ORDER BY on_day, person_id, source, result, seq"
)
_BETWEEN: Final = (
    "SELECT body FROM screening WHERE on_day BETWEEN ? AND ? "
    "ORDER BY on_day, person_id, source, result, seq"
)


@final
@guarded("credentials")
class SqliteCredentialRepository:
    """A :class:`~medoffice.credentials.ports.CredentialRepository` in a SQLite database."""

    __slots__ = ("_database",)

    def __init__(self, database: SqliteDatabase) -> None:
        self._database = database

    def get(self, staff_id: str) -> StaffMember | None:
        """The staff member with ``staff_id``, or ``None``."""
        row = (
            self._database.connection()
            .execute("SELECT body FROM staff WHERE id = ?", (staff_id,))
            .fetchone()
        )
        return None if row is None else _CODEC.loads(row[0], StaffMember)

    def version(self, staff_id: str) -> int:
        """The stored version (0 when absent)."""
        row = (
            self._database.connection()
            .execute("SELECT version FROM staff WHERE id = ?", (staff_id,))
            .fetchone()
        )
        return 0 if row is None else int(row[0])

    def save(self, staff: StaffMember, *, expected_version: int) -> int:
        """Store ``staff`` if nobody saved it since ``expected_version``."""
        if not isinstance(staff, StaffMember):
            raise InvalidValue("the repository stores StaffMember values")
        if isinstance(expected_version, bool) or not isinstance(expected_version, int):
            raise InvalidArgument("expected_version is the int version that was read")
        body = _CODEC.dumps(staff)
        with self._database.writing() as connection:
            row = connection.execute(
                "SELECT version FROM staff WHERE id = ?", (staff.id,)
            ).fetchone()
            current = 0 if row is None else int(row[0])
            if current != expected_version:
                raise ConcurrencyConflict("the staff record changed since it was read; re-read it")
            connection.execute(
                "INSERT INTO staff (id, version, body) VALUES (?, ?, ?) ON CONFLICT (id) "
                "DO UPDATE SET version = excluded.version, body = excluded.body",
                (staff.id, current + 1, body),
            )
        return current + 1

    def staff_ids(self) -> Iterator[str]:
        """Every stored staff id, sorted."""
        rows = self._database.connection().execute("SELECT id FROM staff ORDER BY id").fetchall()
        return iter([str(row[0]) for row in rows])

    def location(self, location_id: str) -> Location | None:
        """The location with ``location_id``, or ``None``."""
        row = (
            self._database.connection()
            .execute("SELECT body FROM location WHERE id = ?", (location_id,))
            .fetchone()
        )
        return None if row is None else _CODEC.loads(row[0], Location)

    def save_location(self, location: Location) -> None:
        """Store or replace a location."""
        if not isinstance(location, Location):
            raise InvalidValue("the repository stores Location values")
        with self._database.writing() as connection:
            connection.execute(
                "INSERT INTO location (id, body) VALUES (?, ?) "
                "ON CONFLICT (id) DO UPDATE SET body = excluded.body",
                (location.id, _CODEC.dumps(location)),
            )

    def __repr__(self) -> str:
        return f"SqliteCredentialRepository({self._database!r})"


@final
@guarded("screenings")
class SqliteScreeningLog:
    """A :class:`~medoffice.credentials.ports.ScreeningLog` in a SQLite database."""

    __slots__ = ("_database",)

    def __init__(self, database: SqliteDatabase) -> None:
        self._database = database

    def append(self, screening: Screening) -> None:
        """Log one screening; one already logged is ignored."""
        if not isinstance(screening, Screening):
            raise InvalidValue("the log holds Screening values")
        with self._database.writing() as connection:
            connection.execute(
                "INSERT INTO screening (person_id, on_day, source, result, body) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (body) DO NOTHING",
                (
                    screening.person_id,
                    screening.on.isoformat(),
                    screening.source.value,
                    screening.result.value,
                    _CODEC.dumps(screening),
                ),
            )

    def for_person(self, person_id: str) -> tuple[Screening, ...]:
        """The screenings of ``person_id``, oldest first."""
        rows = self._database.connection().execute(_FOR_PERSON, (person_id,)).fetchall()
        return tuple(_CODEC.loads(row[0], Screening) for row in rows)

    def between(self, first: date, last: date) -> tuple[Screening, ...]:
        """The screenings dated ``first``..``last``, oldest first."""
        rows = (
            self._database.connection()
            .execute(
                _BETWEEN,
                (first.isoformat(), last.isoformat()),
            )
            .fetchall()
        )
        return tuple(_CODEC.loads(row[0], Screening) for row in rows)

    def __repr__(self) -> str:
        return f"SqliteScreeningLog({self._database!r})"
