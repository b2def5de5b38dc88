"""The scheduling ``WaitlistRepository`` on PostgreSQL.

Entries and offers are rows (id and the value as JSON) of ``waitlist_entry`` and
``waitlist_offer``; the waitlist's one version is a row of ``store_version``, moved on by a
conditional ``UPDATE`` before the rows are written, so a stale save raises
:class:`~medoffice.kernel.ConcurrencyConflict` and stores nothing, and the entries and offers of
one save land together.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Final, final

from medoffice.adapters.postgres._budget import expected_int
from medoffice.adapters.sqlite._codec import Codec
from medoffice.kernel import ConcurrencyConflict, InvalidValue
from medoffice.scheduling._waitlist import Offer, WaitlistEntry
from medoffice.scheduling.ports import StoredWaitlist

if TYPE_CHECKING:
    from medoffice.adapters.postgres._database import Connection, PostgresDatabase

__all__ = ["PostgresWaitlistRepository"]

_STORE: Final = "waitlist"
_CODEC: Final = Codec()
_UPSERT: Final = (
    "INSERT INTO {s}.%(table)s (id, body) VALUES (%%s, %%s) "
    "ON CONFLICT (id) DO UPDATE SET body = excluded.body"
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


def _rows(items: Sequence[object], kind: type[object], name: str) -> list[tuple[str, str]]:
    rows = []
    for item in items:
        if not isinstance(item, kind):
            raise InvalidValue(f"the waitlist stores {name}, not {type(item).__name__}")
        rows.append((str(getattr(item, "id")), _CODEC.dumps(item)))  # noqa: B009
    return rows


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
        return StoredWaitlist(
            entries=tuple(_CODEC.loads(str(row[0]), WaitlistEntry) for row in entries),
            offers=tuple(_CODEC.loads(str(row[0]), Offer) for row in offers),
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
        entry_rows = _rows(entries, WaitlistEntry, "WaitlistEntries")
        offer_rows = _rows(offers, Offer, "Offers")
        expected = expected_int(expected_version, "expected_version")
        database = self._database
        with database.writing("saving the waitlist") as connection:
            version = bump_version(database, connection, _STORE, expected, "the waitlist")
            with connection.cursor() as cursor:
                for table, rows in (("waitlist_entry", entry_rows), ("waitlist_offer", offer_rows)):
                    cursor.executemany(database.sql(_UPSERT % {"table": table}), rows)
            return version

    def __repr__(self) -> str:
        return f"PostgresWaitlistRepository({self._database!r})"
