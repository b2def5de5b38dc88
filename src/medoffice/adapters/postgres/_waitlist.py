"""The scheduling ``WaitlistRepository`` on PostgreSQL.

Entries and offers are rows (id and the value as JSON) of ``waitlist_entry`` and
``waitlist_offer``; the waitlist's one version is a row of ``store_version``, moved on by a
conditional ``UPDATE`` before the rows are written, so a stale save raises
:class:`~medoffice.kernel.ConcurrencyConflict` and stores nothing, and the entries and offers of
one save land together.

Beside each body are the columns the open slice is filtered on (an entry's status, expiry and
creation; an offer's entry, status and hold), with partial indexes on the open rows (schema
migration 4), so ``load_open`` reads the open entries and the live offers by index, whatever the
size of the history.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Final, final

import psycopg

from medoffice.adapters.postgres._budget import expected_int
from medoffice.adapters.sqlite._codec import Codec
from medoffice.kernel import ConcurrencyConflict, InvalidValue, MedofficeError
from medoffice.scheduling._waitlist import Offer, OfferStatus, WaitlistEntry, WaitlistStatus
from medoffice.scheduling._waitlist_slice import checked_ids, checked_instant
from medoffice.scheduling.ports import StoredWaitlist

if TYPE_CHECKING:
    from medoffice.adapters.postgres._database import Connection, PostgresDatabase

__all__ = ["PostgresWaitlistRepository", "fill_waitlist_columns"]

_STORE: Final = "waitlist"
_CODEC: Final = Codec()
_UPSERT_ENTRY: Final = (
    "INSERT INTO {s}.waitlist_entry (id, body, status, expires, created) "
    "VALUES (%s, %s, %s, %s, %s) "
    "ON CONFLICT (id) DO UPDATE SET body = excluded.body, status = excluded.status, "
    "expires = excluded.expires, created = excluded.created"
)
_UPSERT_OFFER: Final = (
    "INSERT INTO {s}.waitlist_offer (id, body, entry_id, status, hold_until) "
    "VALUES (%s, %s, %s, %s, %s) "
    "ON CONFLICT (id) DO UPDATE SET body = excluded.body, entry_id = excluded.entry_id, "
    "status = excluded.status, hold_until = excluded.hold_until"
)
# The open slice (the partial indexes waitlist_entry_open and waitlist_offer_live serve it).
_OPEN_ENTRY: Final = "status IN ('waiting', 'offered') AND (expires IS NULL OR expires > %(now)s)"
_OPEN_ENTRIES: Final = f"SELECT body FROM {{s}}.waitlist_entry WHERE {_OPEN_ENTRY} ORDER BY seq"  # noqa: S608
_OPEN_OFFERS: Final = f"""
SELECT body FROM {{s}}.waitlist_offer WHERE seq IN (
    SELECT seq FROM {{s}}.waitlist_offer
    WHERE entry_id IN (SELECT id FROM {{s}}.waitlist_entry WHERE {_OPEN_ENTRY})
    UNION ALL
    SELECT seq FROM {{s}}.waitlist_offer WHERE status = 'open' AND hold_until > %(now)s
) ORDER BY seq
"""  # noqa: S608
_FIND: Final = "SELECT body FROM {s}.%(table)s WHERE id = ANY(%%s) ORDER BY seq"
_PERIOD: Final = "created >= %(start)s AND created < %(end)s"
_PERIOD_ENTRIES: Final = f"SELECT body FROM {{s}}.waitlist_entry WHERE {_PERIOD} ORDER BY seq"  # noqa: S608
_PERIOD_OFFERS: Final = f"""
SELECT body FROM {{s}}.waitlist_offer
WHERE entry_id IN (SELECT id FROM {{s}}.waitlist_entry WHERE {_PERIOD}) ORDER BY seq
"""  # noqa: S608
_FOREVER: Final = datetime(9999, 1, 1, tzinfo=UTC)


def _entry_row(entry: WaitlistEntry) -> tuple[str, str, str, datetime | None, datetime]:
    return (entry.id, _CODEC.dumps(entry), entry.status.value, entry.expires, entry.created)


def _offer_row(offer: Offer) -> tuple[str, str, str, str, datetime]:
    return (offer.id, _CODEC.dumps(offer), offer.entry_id, offer.status.value, offer.hold_until)


def fill_waitlist_columns(connection: psycopg.Connection[tuple[object, ...]]) -> None:
    """Fill the slice columns of the rows stored before migration 4, from their bodies (the
    practice's schema first on the search path).

    A body that no longer decodes is filed as open (an entry waiting for ever, an offer live for
    ever), so the slice still reads it and reports the damage, as the whole load did.
    """
    entries: list[tuple[object, ...]] = []
    for seq, body in connection.execute("SELECT seq, body FROM waitlist_entry").fetchall():
        try:
            _, _, status, expires, created = _entry_row(_CODEC.loads(str(body), WaitlistEntry))
        except MedofficeError:
            status, expires, created = WaitlistStatus.WAITING.value, None, _FOREVER
        entries.append((status, expires, created, seq))
    offers: list[tuple[object, ...]] = []
    for seq, body in connection.execute("SELECT seq, body FROM waitlist_offer").fetchall():
        try:
            _, _, entry_id, status, hold = _offer_row(_CODEC.loads(str(body), Offer))
        except MedofficeError:
            entry_id, status, hold = "", OfferStatus.OPEN.value, _FOREVER
        offers.append((entry_id, status, hold, seq))
    with connection.cursor() as cursor:
        cursor.executemany(
            "UPDATE waitlist_entry SET status = %s, expires = %s, created = %s WHERE seq = %s",
            entries,
        )
        cursor.executemany(
            "UPDATE waitlist_offer SET entry_id = %s, status = %s, hold_until = %s WHERE seq = %s",
            offers,
        )


_FIRST: Final = (
    "INSERT INTO {s}.store_version (store, version) VALUES (%s, 1) "
    "ON CONFLICT (store) DO NOTHING RETURNING version"
)
_NEXT: Final = (
    "UPDATE {s}.store_version SET version = version + 1 "
    "WHERE store = %s AND version = %s RETURNING version"
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


def _entry_rows(items: Sequence[object]) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    for item in items:
        if not isinstance(item, WaitlistEntry):
            raise InvalidValue(f"the waitlist stores WaitlistEntries, not {type(item).__name__}")
        rows.append(_entry_row(item))
    return rows


def _offer_rows(items: Sequence[object]) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    for item in items:
        if not isinstance(item, Offer):
            raise InvalidValue(f"the waitlist stores Offers, not {type(item).__name__}")
        rows.append(_offer_row(item))
    return rows


def _stored(
    entries: list[tuple[object, ...]], offers: list[tuple[object, ...]], version: int
) -> StoredWaitlist:
    return StoredWaitlist(
        entries=tuple(_CODEC.loads(str(row[0]), WaitlistEntry) for row in entries),
        offers=tuple(_CODEC.loads(str(row[0]), Offer) for row in offers),
        version=version,
    )


@final
class PostgresWaitlistRepository:
    """A :class:`~medoffice.scheduling.ports.WaitlistRepository` in a practice's schema."""

    __slots__ = ("_database",)

    def __init__(self, database: PostgresDatabase) -> None:
        self._database = database

    def load(self) -> StoredWaitlist:
        """Every entry and offer, in the order first stored, and the version, from one snapshot."""
        database = self._database
        with database.reading("loading the waitlist") as connection:
            version = stored_version(database, connection, _STORE)
            entries = connection.execute(
                database.sql("SELECT body FROM {s}.waitlist_entry ORDER BY seq")
            ).fetchall()
            offers = connection.execute(
                database.sql("SELECT body FROM {s}.waitlist_offer ORDER BY seq")
            ).fetchall()
        return _stored(entries, offers, version)

    def load_open(self, now: datetime) -> StoredWaitlist:
        """The entries open at ``now`` and their offers, the offers live at ``now``, in the
        order first stored, and the version, from one snapshot (by the partial indexes)."""
        at = {"now": checked_instant(now, "now")}
        return self._read("loading the open waitlist", _OPEN_ENTRIES, _OPEN_OFFERS, at)

    def find(
        self, *, entry_ids: Collection[str] = (), offer_ids: Collection[str] = ()
    ) -> StoredWaitlist:
        """The stored entries and offers with these ids, and the version, from one snapshot."""
        entry_list = sorted(checked_ids(entry_ids, "entry_ids"))
        offer_list = sorted(checked_ids(offer_ids, "offer_ids"))
        database = self._database
        with database.reading("finding waitlist entries") as connection:
            version = stored_version(database, connection, _STORE)
            entries = connection.execute(
                database.sql(_FIND % {"table": "waitlist_entry"}), (entry_list,)
            ).fetchall()
            offers = connection.execute(
                database.sql(_FIND % {"table": "waitlist_offer"}), (offer_list,)
            ).fetchall()
        return _stored(entries, offers, version)

    def history(self, start: datetime, end: datetime) -> StoredWaitlist:
        """The entries created from ``start`` to ``end`` (exclusive), their offers, and the
        version, from one snapshot."""
        period = {"start": checked_instant(start, "start"), "end": checked_instant(end, "end")}
        return self._read("reading the waitlist history", _PERIOD_ENTRIES, _PERIOD_OFFERS, period)

    def _read(
        self, operation: str, entry_query: str, offer_query: str, parameters: dict[str, Any]
    ) -> StoredWaitlist:
        database = self._database
        with database.reading(operation) as connection:
            version = stored_version(database, connection, _STORE)
            entries = connection.execute(database.sql(entry_query), parameters).fetchall()
            offers = connection.execute(database.sql(offer_query), parameters).fetchall()
        return _stored(entries, offers, version)

    def save(
        self,
        *,
        entries: Sequence[WaitlistEntry] = (),
        offers: Sequence[Offer] = (),
        expected_version: int,
    ) -> int:
        """Store ``entries`` and ``offers`` together if nobody saved since ``expected_version``."""
        entry_rows = _entry_rows(entries)
        offer_rows = _offer_rows(offers)
        expected = expected_int(expected_version, "expected_version")
        database = self._database
        with database.writing("saving the waitlist") as connection:
            version = bump_version(database, connection, _STORE, expected, "the waitlist")
            with connection.cursor() as cursor:
                cursor.executemany(database.sql(_UPSERT_ENTRY), entry_rows)
                cursor.executemany(database.sql(_UPSERT_OFFER), offer_rows)
            return version

    def __repr__(self) -> str:
        return f"PostgresWaitlistRepository({self._database!r})"
