"""The scheduling ``AppointmentRepository`` on SQLite.

Appointments are rows (id, provider, UTC start and end, status, and the whole value as JSON),
filed in ``appointment_lane`` under each lane (provider, resources, patient) and each UTC day
their held time touches; versions are rows of ``slice_version`` per lane and day. A load is a
range scan of the ``(lane, utc_day)`` primary key per lane, read in one snapshot with the
versions, so its cost follows the slice asked for, not the years of history stored.

:meth:`~SqliteAppointmentRepository.save` checks the expected versions inside
``BEGIN IMMEDIATE``, so between the check and the write no other connection (thread or process)
can commit: a stale save raises :class:`~medoffice.kernel.ConcurrencyConflict` and stores
nothing, and all the appointments of one save land together or not at all.

>>> import tempfile, pathlib
>>> from medoffice.adapters.sqlite import open_database
>>> from medoffice.scheduling._slices import SliceKey
>>> folder = tempfile.TemporaryDirectory()
>>> database = open_database(pathlib.Path(folder.name) / "office.db")
>>> repository = database.appointments
>>> key = SliceKey(lane="resource:dr-a", day=None)
>>> repository.save([], expected={key: 0})
{SliceKey(lane='resource:dr-a', day=None): 1}
>>> repository.save([], expected={key: 0})
Traceback (most recent call last):
...
medoffice.kernel._errors.ConcurrencyConflict: the appointments of that day changed ...
>>> database.close()
>>> folder.cleanup()
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Final, final

from medoffice.adapters.sqlite._codec import Codec, instant_to_text
from medoffice.kernel import ConcurrencyConflict, InvalidArgument, InvalidValue
from medoffice.scheduling._appointments import Appointment
from medoffice.scheduling._slices import (
    SliceKey,
    SliceQuery,
    StoredSlice,
    appointment_lanes,
    expected_versions,
    held_overlaps,
    index_days,
    utc_day_span,
)

if TYPE_CHECKING:
    from medoffice.adapters.sqlite._database import SqliteDatabase

__all__ = ["SqliteAppointmentRepository"]

_CODEC: Final = Codec()
_WHOLE_LANE: Final = "*"
_BATCH: Final = 500
_UPSERT: Final = """
INSERT INTO appointment (id, provider, start_utc, end_utc, status, body)
VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET
    provider = excluded.provider, start_utc = excluded.start_utc, end_utc = excluded.end_utc,
    status = excluded.status, body = excluded.body
"""
_SLICE: Final = """
SELECT a.id, a.body FROM appointment_lane AS l JOIN appointment AS a ON a.id = l.appointment_id
WHERE l.lane = ? AND l.utc_day BETWEEN ? AND ?
"""
_FIND: Final = "SELECT body FROM appointment WHERE id IN ({}) ORDER BY id"
_VERSIONS: Final = "SELECT day, version FROM slice_version WHERE lane = ? AND day IN ({})"
_BUMP: Final = """
INSERT INTO slice_version (lane, day, version) VALUES (?, ?, 1)
ON CONFLICT (lane, day) DO UPDATE SET version = version + 1
RETURNING version
"""


@lru_cache(maxsize=4096)
def _appointment(body: str) -> Appointment:
    # Appointments are immutable, so equal JSON decodes to equal values. The cache is bounded
    # (a few busy weeks of a large practice), never the size of the table.
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


def _day_text(key: SliceKey) -> str:
    return _WHOLE_LANE if key.day is None else key.day.isoformat()


def _versions(connection: sqlite3.Connection, keys: Collection[SliceKey]) -> dict[SliceKey, int]:
    """The stored version of every key (0 for a key never saved)."""
    by_lane: dict[str, list[SliceKey]] = {}
    for key in keys:
        by_lane.setdefault(key.lane, []).append(key)
    found: dict[SliceKey, int] = {}
    for lane, wanted in by_lane.items():
        days = [_day_text(k) for k in wanted]
        stored: dict[str, int] = {}
        for first in range(0, len(days), _BATCH):
            chunk = days[first : first + _BATCH]
            sql = _VERSIONS.format(",".join("?" * len(chunk)))
            stored.update(connection.execute(sql, (lane, *chunk)).fetchall())
        found.update((k, int(stored.get(_day_text(k), 0))) for k in wanted)
    return found


@final
class SqliteAppointmentRepository:
    """An :class:`~medoffice.scheduling.ports.AppointmentRepository` in a SQLite database."""

    __slots__ = ("_database",)

    def __init__(self, database: SqliteDatabase) -> None:
        self._database = database

    def load(self, query: SliceQuery) -> StoredSlice:
        """The appointments and versions ``query`` asks for, from one snapshot."""
        if not isinstance(query, SliceQuery):
            raise InvalidArgument("load takes a SliceQuery")
        found: dict[str, Appointment] = {}
        with self._database.reading() as connection:
            versions = _versions(connection, query.keys)
            for read in query.reads:
                first, last = utc_day_span(read.window)
                rows = connection.execute(
                    _SLICE, (read.lane, first.isoformat(), last.isoformat())
                ).fetchall()
                for ident, body in rows:
                    if ident in found:
                        continue
                    item = _appointment(body)
                    if held_overlaps(item, read.window):
                        found[ident] = item
        return StoredSlice(appointments=tuple(found.values()), versions=versions)

    def find(self, appointment_ids: Collection[str]) -> tuple[Appointment, ...]:
        """The stored appointments with these ids, by id."""
        ids = sorted({str(i) for i in appointment_ids})
        found: list[Appointment] = []
        with self._database.reading() as connection:
            for first in range(0, len(ids), _BATCH):
                chunk = ids[first : first + _BATCH]
                marks = ",".join("?" * len(chunk))  # placeholders only: the ids are parameters
                rows = connection.execute(_FIND.format(marks), chunk).fetchall()
                found.extend(_appointment(row[0]) for row in rows)
        return tuple(found)

    def save(
        self, changed: Sequence[Appointment], *, expected: Mapping[SliceKey, int]
    ) -> dict[SliceKey, int]:
        """Store ``changed`` together if no key of ``expected`` moved since it was read."""
        rows = [_row(item) for item in changed]
        wanted = expected_versions(expected)
        filed = [
            (lane, day.isoformat(), item.id)
            for item in changed
            for lane in sorted(appointment_lanes(item))
            for day in index_days(item)
        ]
        with self._database.writing() as connection:
            if _versions(connection, wanted) != wanted:
                raise ConcurrencyConflict(
                    "the appointments of that day changed since they were read; read again"
                )
            connection.executemany(
                "DELETE FROM appointment_lane WHERE appointment_id = ?", [(r[0],) for r in rows]
            )
            connection.executemany(_UPSERT, rows)
            connection.executemany(
                "INSERT OR IGNORE INTO appointment_lane (lane, utc_day, appointment_id)"
                " VALUES (?, ?, ?)",
                filed,
            )
            return {
                key: int(connection.execute(_BUMP, (key.lane, _day_text(key))).fetchone()[0])
                for key in sorted(wanted)
            }

    def __repr__(self) -> str:
        return f"SqliteAppointmentRepository({self._database!r})"
