"""The scheduling ``AppointmentRepository`` on SQLite.

Appointments are rows (id, provider, UTC start and end, status, and the whole value as JSON);
the version of the calendar is one row of ``store_version``. :meth:`save` reads that version
inside ``BEGIN IMMEDIATE``, so between the check and the write no other connection (thread or
process) can commit: a stale save raises :class:`~medoffice.kernel.ConcurrencyConflict` and
stores nothing, and all the appointments of one save land together or not at all.

>>> import tempfile, pathlib
>>> from medoffice.adapters.sqlite import open_database
>>> folder = tempfile.TemporaryDirectory()
>>> database = open_database(pathlib.Path(folder.name) / "office.db")
>>> repository = database.appointments
>>> repository.save([], expected_version=0)
1
>>> repository.save([], expected_version=0)
Traceback (most recent call last):
...
medoffice.kernel._errors.ConcurrencyConflict: the appointments changed since they were read; ...
>>> database.close()
>>> folder.cleanup()
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Final, final

from medoffice.adapters.sqlite._codec import Codec, instant_to_text
from medoffice.adapters.sqlite._errors import guarded
from medoffice.kernel import ConcurrencyConflict, InvalidArgument, InvalidValue
from medoffice.scheduling._appointments import Appointment
from medoffice.scheduling.ports import StoredAppointments

if TYPE_CHECKING:
    from medoffice.adapters.sqlite._database import SqliteDatabase

__all__ = ["SqliteAppointmentRepository"]

_STORE: Final = "appointments"
_CODEC: Final = Codec()
_UPSERT: Final = """
INSERT INTO appointment (id, provider, start_utc, end_utc, status, body)
VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET
    provider = excluded.provider, start_utc = excluded.start_utc, end_utc = excluded.end_utc,
    status = excluded.status, body = excluded.body
"""
_BUMP: Final = """
INSERT INTO store_version (store, version) VALUES (?, 1)
ON CONFLICT (store) DO UPDATE SET version = version + 1
RETURNING version
"""


@lru_cache(maxsize=65_536)
def _appointment(body: str) -> Appointment:
    # Appointments are immutable, so equal JSON decodes to equal values: every booking re-reads
    # the calendar, and decoding only the rows that changed makes that read cheap.
    return _CODEC.loads(body, Appointment)


def _row(item: object) -> tuple[str, str, str, str, str, str]:
    if not isinstance(item, Appointment):
        raise InvalidValue(f"the repository stores appointments, not {type(item).__name__}")
    return (
        item.id,
        item.provider,
        instant_to_text(item.span.start),
        instant_to_text(item.span.end),
        item.status.value,
        _CODEC.dumps(item),
    )


def store_version(connection: sqlite3.Connection, store: str) -> int:
    """The stored version of ``store`` (0 before the first save)."""
    row = connection.execute(
        "SELECT version FROM store_version WHERE store = ?", (store,)
    ).fetchone()
    return 0 if row is None else int(row[0])


@final
@guarded("appointments")
class SqliteAppointmentRepository:
    """An :class:`~medoffice.scheduling.ports.AppointmentRepository` in a SQLite database."""

    __slots__ = ("_database",)

    def __init__(self, database: SqliteDatabase) -> None:
        self._database = database

    def load(self) -> StoredAppointments:
        """Every appointment, in the order first stored, and the version, from one snapshot."""
        with self._database.reading() as connection:
            version = store_version(connection, _STORE)
            rows = connection.execute("SELECT body FROM appointment ORDER BY rowid").fetchall()
        return StoredAppointments(
            appointments=tuple(_appointment(row[0]) for row in rows), version=version
        )

    def save(self, changed: Sequence[Appointment], *, expected_version: int) -> int:
        """Store ``changed`` together if nobody saved since ``expected_version``."""
        rows = [_row(item) for item in changed]
        if isinstance(expected_version, bool) or not isinstance(expected_version, int):
            raise InvalidArgument("expected_version is the int version that was loaded")
        with self._database.writing() as connection:
            if store_version(connection, _STORE) != expected_version:
                raise ConcurrencyConflict(
                    "the appointments changed since they were read; read again"
                )
            connection.executemany(_UPSERT, rows)
            return int(connection.execute(_BUMP, (_STORE,)).fetchone()[0])

    def __repr__(self) -> str:
        return f"SqliteAppointmentRepository({self._database!r})"
