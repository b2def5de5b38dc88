"""The scheduling ``AppointmentRepository`` on PostgreSQL: appointments by lane and day.

Appointments are rows (id, provider, start and end as ``timestamptz``, status, and the whole
value as JSON), filed in ``appointment_lane`` under each lane (provider, resources, patient) and
each UTC day their held time touches; versions are rows of ``slice_version`` per lane and day
(``*`` for a whole lane). A load is one ``REPEATABLE READ`` snapshot: the versions asked for and,
per lane, a range scan of the ``(lane, utc_day)`` primary key, so its cost follows the slice
asked for, not the years of history stored.

A save moves every expected key on in the database, in key order (so two saves never deadlock):
a key never saved is an insert that must not find its row, any other an
``UPDATE ... WHERE version = %s`` that must find it. If one key moved, the save raises
:class:`~medoffice.kernel.ConcurrencyConflict` and the transaction stores nothing; bookings of
two providers, or of one provider on two days, never touch the same row.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Final, final

from medoffice.adapters.sqlite._codec import Codec
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
    from medoffice.adapters.postgres._database import Connection, PostgresDatabase

__all__ = ["PostgresAppointmentRepository"]

_WHOLE_LANE: Final = "*"
_CODEC: Final = Codec()
_UPSERT: Final = """
INSERT INTO {s}.appointment (id, provider, start_at, end_at, status, body)
VALUES (%s, %s, %s, %s, %s, %s)
ON CONFLICT (id) DO UPDATE SET
    provider = excluded.provider, start_at = excluded.start_at, end_at = excluded.end_at,
    status = excluded.status, body = excluded.body
"""
_SLICE: Final = """
SELECT a.id, a.body FROM {s}.appointment_lane AS l JOIN {s}.appointment AS a
ON a.id = l.appointment_id
WHERE l.lane = %s AND l.utc_day BETWEEN %s AND %s
"""
_VERSIONS: Final = """
SELECT v.lane, v.day, v.version FROM {s}.slice_version AS v
JOIN unnest(%s::text[], %s::text[]) AS k (lane, day) ON v.lane = k.lane AND v.day = k.day
"""
_FIRST: Final = (
    "INSERT INTO {s}.slice_version (lane, day, version) VALUES (%s, %s, 1) "
    "ON CONFLICT (lane, day) DO NOTHING RETURNING version"
)
_NEXT: Final = (
    "UPDATE {s}.slice_version SET version = version + 1 "
    "WHERE lane = %s AND day = %s AND version = %s RETURNING version"
)
_FILE: Final = (
    "INSERT INTO {s}.appointment_lane (lane, utc_day, appointment_id) VALUES (%s, %s, %s) "
    "ON CONFLICT DO NOTHING"
)


@lru_cache(maxsize=4096)
def _appointment(body: str) -> Appointment:
    # Appointments are immutable, so equal JSON decodes to equal values; the cache is bounded
    # (a few busy weeks of a large practice), never the size of the table.
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


def _day_text(key: SliceKey) -> str:
    return _WHOLE_LANE if key.day is None else key.day.isoformat()


def _versions(
    database: PostgresDatabase, connection: Connection, keys: Collection[SliceKey]
) -> dict[SliceKey, int]:
    """The stored version of every key (0 for a key never saved)."""
    wanted = {(key.lane, _day_text(key)): key for key in keys}
    if not wanted:
        return {}
    lanes, days = zip(*wanted, strict=True)
    rows = connection.execute(database.sql(_VERSIONS), (list(lanes), list(days))).fetchall()
    stored = {(str(lane), str(day)): int(str(version)) for lane, day, version in rows}
    return {key: stored.get(pair, 0) for pair, key in wanted.items()}


def _move(
    database: PostgresDatabase, connection: Connection, wanted: Mapping[SliceKey, int]
) -> dict[SliceKey, int]:
    """Move each key from its expected version to the next, in key order, or raise."""
    moved: dict[SliceKey, int] = {}
    for key in sorted(wanted):
        expected = wanted[key]
        if expected == 0:
            row = connection.execute(database.sql(_FIRST), (key.lane, _day_text(key))).fetchone()
        else:
            row = connection.execute(
                database.sql(_NEXT), (key.lane, _day_text(key), expected)
            ).fetchone()
        if row is None:
            raise ConcurrencyConflict(
                "the appointments of that day changed since they were read; read again"
            )
        moved[key] = int(str(row[0]))
    return moved


@final
class PostgresAppointmentRepository:
    """An :class:`~medoffice.scheduling.ports.AppointmentRepository` in a practice's schema."""

    __slots__ = ("_database",)

    def __init__(self, database: PostgresDatabase) -> None:
        self._database = database

    def load(self, query: SliceQuery) -> StoredSlice:
        """The appointments and versions ``query`` asks for, from one snapshot."""
        if not isinstance(query, SliceQuery):
            raise InvalidArgument("load takes a SliceQuery")
        database = self._database
        found: dict[str, Appointment] = {}
        with database.reading("loading appointments") as connection:
            versions = _versions(database, connection, query.keys)
            for read in query.reads:
                first, last = utc_day_span(read.window)
                rows = connection.execute(database.sql(_SLICE), (read.lane, first, last)).fetchall()
                for ident, body in rows:
                    if str(ident) in found:
                        continue
                    item = _appointment(str(body))
                    if held_overlaps(item, read.window):
                        found[str(ident)] = item
        return StoredSlice(appointments=tuple(found.values()), versions=versions)

    def find(self, appointment_ids: Collection[str]) -> tuple[Appointment, ...]:
        """The stored appointments with these ids, by id."""
        ids = sorted({str(i) for i in appointment_ids})
        with self._database.reading("finding appointments") as connection:
            rows = connection.execute(
                self._database.sql(
                    "SELECT body FROM {s}.appointment WHERE id = ANY(%s) ORDER BY id"
                ),
                (ids,),
            ).fetchall()
        return tuple(_appointment(str(row[0])) for row in rows)

    def save(
        self, changed: Sequence[Appointment], *, expected: Mapping[SliceKey, int]
    ) -> dict[SliceKey, int]:
        """Store ``changed`` together if no key of ``expected`` moved since it was read."""
        rows = [_row(item) for item in changed]
        wanted = expected_versions(expected)
        filed = [
            (lane, day, item.id)
            for item in changed
            for lane in sorted(appointment_lanes(item))
            for day in index_days(item)
        ]
        database = self._database
        with database.writing("saving appointments") as connection:
            moved = _move(database, connection, wanted)
            connection.execute(
                database.sql("DELETE FROM {s}.appointment_lane WHERE appointment_id = ANY(%s)"),
                ([row[0] for row in rows],),
            )
            with connection.cursor() as cursor:
                cursor.executemany(database.sql(_UPSERT), rows)
                cursor.executemany(database.sql(_FILE), filed)
            return moved

    def __repr__(self) -> str:
        return f"PostgresAppointmentRepository({self._database!r})"
