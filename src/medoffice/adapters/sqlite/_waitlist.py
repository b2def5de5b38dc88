"""The scheduling ``WaitlistRepository`` on SQLite.

Entries and offers are rows (id and the value as JSON) of ``waitlist_entry`` and
``waitlist_offer``; the waitlist's one version is a row of ``store_version``. A save compares it
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
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final, final

from medoffice.adapters.sqlite._codec import Codec
from medoffice.kernel import ConcurrencyConflict, InvalidArgument, InvalidValue
from medoffice.scheduling import Offer, WaitlistEntry
from medoffice.scheduling.ports import StoredWaitlist

if TYPE_CHECKING:
    from medoffice.adapters.sqlite._database import SqliteDatabase

__all__ = ["SqliteWaitlistRepository"]

_STORE: Final = "waitlist"
_CODEC: Final = Codec()
_BUMP: Final = """
INSERT INTO store_version (store, version) VALUES (?, 1)
ON CONFLICT (store) DO UPDATE SET version = version + 1
RETURNING version
"""
_UPSERT_ENTRY: Final = (
    "INSERT INTO waitlist_entry (id, body) VALUES (?, ?) "
    "ON CONFLICT (id) DO UPDATE SET body = excluded.body"
)
_UPSERT_OFFER: Final = (
    "INSERT INTO waitlist_offer (id, body) VALUES (?, ?) "
    "ON CONFLICT (id) DO UPDATE SET body = excluded.body"
)


def _entry_rows(items: Sequence[object]) -> list[tuple[str, str]]:
    rows = []
    for item in items:
        if not isinstance(item, WaitlistEntry):
            raise InvalidValue(f"the waitlist stores WaitlistEntries, not {type(item).__name__}")
        rows.append((item.id, _CODEC.dumps(item)))
    return rows


def _offer_rows(items: Sequence[object]) -> list[tuple[str, str]]:
    rows = []
    for item in items:
        if not isinstance(item, Offer):
            raise InvalidValue(f"the waitlist stores Offers, not {type(item).__name__}")
        rows.append((item.id, _CODEC.dumps(item)))
    return rows


def _bodies(connection: sqlite3.Connection, query: str) -> list[str]:
    return [str(row[0]) for row in connection.execute(query).fetchall()]


def store_version(connection: sqlite3.Connection, store: str) -> int:
    """The stored version of ``store`` (0 before the first save)."""
    row = connection.execute(
        "SELECT version FROM store_version WHERE store = ?", (store,)
    ).fetchone()
    return 0 if row is None else int(row[0])


@final
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
