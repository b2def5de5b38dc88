"""The scheduling ``WaitlistRepository`` on SQLite.

Entries and offers are rows (id and the value as JSON) of ``waitlist_entry`` and
``waitlist_offer``; the waitlist's one version is a row of ``store_version``. Beside each body
are the columns the open slice is filtered on (an entry's status, expiry and creation; an
offer's entry, status and hold; instants as integer microseconds since the epoch), with partial
indexes on the open rows (schema V10), so ``load_open`` reads the open entries and the live
offers by index, whatever the size of the history. A save compares it
inside ``BEGIN IMMEDIATE``, so a stale save raises :class:`~medoffice.kernel.ConcurrencyConflict`
and stores nothing, and the entries and offers of one save land together.

>>> import tempfile, pathlib
>>> from medoffice.adapters.sqlite import open_database
>>> folder = tempfile.TemporaryDirectory()
>>> database = open_database(pathlib.Path(folder.name) / "office.db")
>>> database.waitlist.save(expected_version=0)
1
>>> database.waitlist.load().version
1
>>> database.close()
>>> folder.cleanup()
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Final, final

from medoffice.adapters.sqlite._codec import Codec
from medoffice.adapters.sqlite._errors import guarded
from medoffice.kernel import ConcurrencyConflict, InvalidArgument, InvalidValue, MedofficeError
from medoffice.scheduling._waitlist import Offer, OfferStatus, WaitlistEntry, WaitlistStatus
from medoffice.scheduling._waitlist_slice import checked_ids, checked_instant
from medoffice.scheduling.ports import StoredWaitlist

if TYPE_CHECKING:
    from medoffice.adapters.sqlite._database import SqliteDatabase

__all__ = ["SqliteWaitlistRepository", "fill_waitlist_columns", "micros"]

_STORE: Final = "waitlist"
_CODEC: Final = Codec()
_BUMP: Final = """
INSERT INTO store_version (store, version) VALUES (?, 1)
ON CONFLICT (store) DO UPDATE SET version = version + 1
RETURNING version
"""
_UPSERT_ENTRY: Final = (
    "INSERT INTO waitlist_entry (id, body, status, expires_us, created_us) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT (id) DO UPDATE SET body = excluded.body, status = excluded.status, "
    "expires_us = excluded.expires_us, created_us = excluded.created_us"
)
_UPSERT_OFFER: Final = (
    "INSERT INTO waitlist_offer (id, body, entry_id, status, hold_until_us) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT (id) DO UPDATE SET body = excluded.body, entry_id = excluded.entry_id, "
    "status = excluded.status, hold_until_us = excluded.hold_until_us"
)
# The open slice (the partial indexes waitlist_entry_open and waitlist_offer_live serve it).
_OPEN_ENTRY: Final = (
    "status IN ('waiting', 'offered') AND (expires_us IS NULL OR expires_us > :now)"
)
_OPEN_ENTRIES: Final = f"""
SELECT body FROM waitlist_entry
WHERE rowid IN (SELECT rowid FROM waitlist_entry WHERE {_OPEN_ENTRY}) ORDER BY rowid
"""  # noqa: S608
_OPEN_OFFERS: Final = f"""
SELECT body FROM waitlist_offer WHERE rowid IN (
    SELECT waitlist_offer.rowid FROM waitlist_offer
    WHERE entry_id IN (SELECT id FROM waitlist_entry WHERE {_OPEN_ENTRY})
    UNION ALL
    SELECT rowid FROM waitlist_offer WHERE status = 'open' AND hold_until_us > :now
) ORDER BY rowid
"""  # noqa: S608
_PERIOD_ENTRIES: Final = (
    "SELECT body FROM waitlist_entry WHERE created_us >= :start AND created_us < :end "
    "ORDER BY rowid"
)
_PERIOD_OFFERS: Final = """
SELECT body FROM waitlist_offer WHERE entry_id IN (
    SELECT id FROM waitlist_entry WHERE created_us >= :start AND created_us < :end
) ORDER BY rowid
"""
_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
_MICRO: Final = timedelta(microseconds=1)
_IDS_PER_QUERY: Final = 500
_OPEN_STATUSES: Final = (WaitlistStatus.WAITING.value, WaitlistStatus.OFFERED.value)


def micros(instant: datetime) -> int:
    """An aware instant as integer microseconds since the epoch (exact, and sorts as time)."""
    return (instant - _EPOCH) // _MICRO


def _optional_micros(instant: datetime | None) -> int | None:
    return None if instant is None else micros(instant)


def _entry_row(entry: WaitlistEntry) -> tuple[str, str, str, int | None, int]:
    return (
        entry.id,
        _CODEC.dumps(entry),
        entry.status.value,
        _optional_micros(entry.expires),
        micros(entry.created),
    )


def _offer_row(offer: Offer) -> tuple[str, str, str, str, int]:
    return (
        offer.id,
        _CODEC.dumps(offer),
        offer.entry_id,
        offer.status.value,
        micros(offer.hold_until),
    )


def _entry_rows(items: Sequence[object]) -> list[tuple[str, str, str, int | None, int]]:
    rows = []
    for item in items:
        if not isinstance(item, WaitlistEntry):
            raise InvalidValue(f"the waitlist stores WaitlistEntries, not {type(item).__name__}")
        rows.append(_entry_row(item))
    return rows


def _offer_rows(items: Sequence[object]) -> list[tuple[str, str, str, str, int]]:
    rows = []
    for item in items:
        if not isinstance(item, Offer):
            raise InvalidValue(f"the waitlist stores Offers, not {type(item).__name__}")
        rows.append(_offer_row(item))
    return rows


def fill_waitlist_columns(connection: sqlite3.Connection) -> None:
    """Fill the slice columns of the rows stored before schema V10, from their bodies.

    A body that no longer decodes is filed as open (an entry waiting for ever, an offer live for
    ever), so the slice still reads it and reports the damage, as the whole load did.
    """
    forever = micros(datetime(9999, 1, 1, tzinfo=UTC))
    entries = []
    for rowid, body in connection.execute("SELECT rowid, body FROM waitlist_entry").fetchall():
        try:
            _, _, status, expires, created = _entry_row(_CODEC.loads(body, WaitlistEntry))
        except MedofficeError:
            status, expires, created = WaitlistStatus.WAITING.value, None, 0
        entries.append((status, expires, created, rowid))
    connection.executemany(
        "UPDATE waitlist_entry SET status = ?, expires_us = ?, created_us = ? WHERE rowid = ?",
        entries,
    )
    offers = []
    for rowid, body in connection.execute("SELECT rowid, body FROM waitlist_offer").fetchall():
        try:
            _, _, entry_id, status, hold = _offer_row(_CODEC.loads(body, Offer))
        except MedofficeError:
            entry_id, status, hold = "", OfferStatus.OPEN.value, forever
        offers.append((entry_id, status, hold, rowid))
    connection.executemany(
        "UPDATE waitlist_offer SET entry_id = ?, status = ?, hold_until_us = ? WHERE rowid = ?",
        offers,
    )


def _bodies(
    connection: sqlite3.Connection, query: str, parameters: dict[str, int] | None = None
) -> list[str]:
    return [str(row[0]) for row in connection.execute(query, parameters or {}).fetchall()]


def _by_ids(connection: sqlite3.Connection, table: str, ids: frozenset[str]) -> list[str]:
    found: list[tuple[int, str]] = []
    ordered = sorted(ids)
    for at in range(0, len(ordered), _IDS_PER_QUERY):
        chunk = ordered[at : at + _IDS_PER_QUERY]
        marks = ", ".join("?" * len(chunk))
        found += connection.execute(
            f"SELECT rowid, body FROM {table} WHERE id IN ({marks})",  # noqa: S608
            chunk,
        ).fetchall()
    return [str(body) for _, body in sorted(found)]


def store_version(connection: sqlite3.Connection, store: str) -> int:
    """The stored version of ``store`` (0 before the first save)."""
    row = connection.execute(
        "SELECT version FROM store_version WHERE store = ?", (store,)
    ).fetchone()
    return 0 if row is None else int(row[0])


@final
@guarded("waitlist")
class SqliteWaitlistRepository:
    """A :class:`~medoffice.scheduling.ports.WaitlistRepository` in a SQLite database."""

    __slots__ = ("_database",)

    def __init__(self, database: SqliteDatabase) -> None:
        self._database = database

    def load(self) -> StoredWaitlist:
        """Every entry and offer, in the order first stored, and the version, from one snapshot."""
        with self._database.reading() as connection:
            version = store_version(connection, _STORE)
            entries = _bodies(connection, "SELECT body FROM waitlist_entry ORDER BY rowid")
            offers = _bodies(connection, "SELECT body FROM waitlist_offer ORDER BY rowid")
        return StoredWaitlist(
            entries=tuple(_CODEC.loads(body, WaitlistEntry) for body in entries),
            offers=tuple(_CODEC.loads(body, Offer) for body in offers),
            version=version,
        )

    def load_open(self, now: datetime) -> StoredWaitlist:
        """The entries open at ``now`` and their offers, the offers live at ``now``, in the
        order first stored, and the version, from one snapshot (by the partial indexes)."""
        at = {"now": micros(checked_instant(now, "now"))}
        with self._database.reading() as connection:
            version = store_version(connection, _STORE)
            entries = _bodies(connection, _OPEN_ENTRIES, at)
            offers = _bodies(connection, _OPEN_OFFERS, at)
        return self._stored(entries, offers, version)

    def find(
        self, *, entry_ids: Collection[str] = (), offer_ids: Collection[str] = ()
    ) -> StoredWaitlist:
        """The stored entries and offers with these ids, and the version, from one snapshot."""
        entry_set = checked_ids(entry_ids, "entry_ids")
        offer_set = checked_ids(offer_ids, "offer_ids")
        with self._database.reading() as connection:
            version = store_version(connection, _STORE)
            entries = _by_ids(connection, "waitlist_entry", entry_set)
            offers = _by_ids(connection, "waitlist_offer", offer_set)
        return self._stored(entries, offers, version)

    def history(self, start: datetime, end: datetime) -> StoredWaitlist:
        """The entries created from ``start`` to ``end`` (exclusive), their offers, and the
        version, from one snapshot."""
        period = {
            "start": micros(checked_instant(start, "start")),
            "end": micros(checked_instant(end, "end")),
        }
        with self._database.reading() as connection:
            version = store_version(connection, _STORE)
            entries = _bodies(connection, _PERIOD_ENTRIES, period)
            offers = _bodies(connection, _PERIOD_OFFERS, period)
        return self._stored(entries, offers, version)

    @staticmethod
    def _stored(entries: list[str], offers: list[str], version: int) -> StoredWaitlist:
        return StoredWaitlist(
            entries=tuple(_CODEC.loads(body, WaitlistEntry) for body in entries),
            offers=tuple(_CODEC.loads(body, Offer) for body in offers),
            version=version,
        )

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
        if isinstance(expected_version, bool) or not isinstance(expected_version, int):
            raise InvalidArgument("expected_version is the int version that was loaded")
        with self._database.writing() as connection:
            if store_version(connection, _STORE) != expected_version:
                raise ConcurrencyConflict("the waitlist changed since it was read; read again")
            connection.executemany(_UPSERT_ENTRY, entry_rows)
            connection.executemany(_UPSERT_OFFER, offer_rows)
            return int(connection.execute(_BUMP, (_STORE,)).fetchone()[0])

    def __repr__(self) -> str:
        return f"SqliteWaitlistRepository({self._database!r})"
