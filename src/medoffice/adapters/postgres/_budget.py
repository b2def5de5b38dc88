"""The budget repositories on PostgreSQL: postings, encumbrances and the transfer journal.

A transaction is one row of ``ledger_transaction`` and its postings rows of ``posting`` (account,
``bigint`` minor units, currency code, dimensions), written in one transaction, so a failure
never leaves half a transaction behind and an amount is never a float. An encumbrance's version
is checked by the database: a new one is an insert that must not find the id, a change an
``UPDATE ... WHERE version = %s`` that must find its row. The transfer journal numbers its
entries, and an append claims the number after the length it read: a primary key, so two
appends made on the same reading cannot both be stored.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Final, final

from medoffice.adapters.sqlite._codec import Codec
from medoffice.budget import Dimensions, Posting, Transaction
from medoffice.budget._encumbrance import Encumbrance
from medoffice.budget._transfers import JournalEntry
from medoffice.kernel import (
    ConcurrencyConflict,
    DateRange,
    InvalidArgument,
    InvalidValue,
    Money,
)

if TYPE_CHECKING:
    from medoffice.adapters.postgres._database import PostgresDatabase

__all__ = [
    "PostgresEncumbranceRepository",
    "PostgresPostingStore",
    "PostgresTransferJournal",
    "expected_int",
    "save_versioned",
]

_CODEC: Final = Codec()
_POSTING: Final = """
INSERT INTO {s}.posting (transaction_id, on_day, account, minor_units, currency, dimensions)
VALUES (%s, %s, %s, %s, %s, %s)
"""
_POSTINGS: Final = (
    "SELECT transaction_id, on_day, account, minor_units, currency, dimensions "
    "FROM {s}.posting WHERE on_day BETWEEN %s AND %s ORDER BY seq"
)


def expected_int(value: object, name: str) -> int:
    """``value`` when it is an int (not a bool); ``InvalidArgument`` if not."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidArgument(f"{name} is the int that was read")
    return value


@final
class PostgresPostingStore:
    """A :class:`~medoffice.budget.ports.PostingStore` in a practice's schema."""

    __slots__ = ("_database",)

    def __init__(self, database: PostgresDatabase) -> None:
        self._database = database

    def append(self, transaction: Transaction) -> None:
        """Record a balanced transaction's postings; a repeated id is refused."""
        if not isinstance(transaction, Transaction):
            raise InvalidValue("the store records Transaction values")
        if transaction.imbalance():
            raise InvalidArgument(f"transaction {transaction.id} does not balance")
        rows = [
            (
                p.transaction,
                p.on,
                p.account,
                p.amount.minor_units,
                p.amount.currency.code,
                json.dumps(p.dimensions.to_dict(), sort_keys=True),
            )
            for p in transaction.postings()
        ]
        sql = self._database.sql
        with self._database.writing("appending a ledger transaction") as connection:
            inserted = connection.execute(
                sql(
                    "INSERT INTO {s}.ledger_transaction (id, on_day) VALUES (%s, %s) "
                    "ON CONFLICT (id) DO NOTHING RETURNING id"
                ),
                (transaction.id, transaction.on),
            ).fetchone()
            if inserted is None:
                raise InvalidArgument(f"transaction {transaction.id} is already recorded")
            with connection.cursor() as cursor:
                cursor.executemany(sql(_POSTING), rows)

    def postings(self, days: DateRange) -> Iterator[Posting]:
        """The postings dated within ``days``, in the order recorded."""
        with self._database.reading("reading postings") as connection:
            rows = connection.execute(
                self._database.sql(_POSTINGS), (days.first, days.last)
            ).fetchall()
        return iter([_posting(row) for row in rows])

    def __repr__(self) -> str:
        return f"PostgresPostingStore({self._database!r})"


def _posting(row: tuple[object, ...]) -> Posting:
    transaction, on, account, units, currency, dimensions = row
    if not isinstance(on, date) or not isinstance(units, int):
        raise InvalidValue("a stored posting is damaged")
    return Posting(
        transaction=str(transaction),
        on=on,
        account=str(account),
        amount=Money.from_minor_units(units, str(currency)),
        dimensions=Dimensions.from_mapping(json.loads(str(dimensions))),
    )


def save_versioned(
    database: PostgresDatabase,
    table: str,
    key: str,
    body: str,
    *,
    expected: int,
    what: str,
) -> int:
    """Store ``body`` under ``key`` in ``table`` (id, version, body) if the stored version is
    ``expected`` (0: absent), decided by the database; the new version."""
    sql = database.sql
    with database.writing(f"saving {what}") as connection:
        if expected == 0:
            row = connection.execute(
                sql(
                    # ``table`` is one of this package's constants, never input.
                    f"INSERT INTO {{s}}.{table} (id, version, body) VALUES (%s, 1, %s) "  # noqa: S608
                    "ON CONFLICT (id) DO NOTHING RETURNING version"
                ),
                (key, body),
            ).fetchone()
        else:
            row = connection.execute(
                sql(
                    f"UPDATE {{s}}.{table} SET version = version + 1, body = %s "  # noqa: S608
                    "WHERE id = %s AND version = %s RETURNING version"
                ),
                (body, key, expected),
            ).fetchone()
        if row is None:
            raise ConcurrencyConflict(
                f"{what} changed since it was read (not at version {expected})"
            )
        return int(str(row[0]))


@final
class PostgresEncumbranceRepository:
    """An :class:`~medoffice.budget.ports.EncumbranceRepository` in a practice's schema."""

    __slots__ = ("_database",)

    def __init__(self, database: PostgresDatabase) -> None:
        self._database = database

    def get(self, encumbrance_id: str) -> Encumbrance | None:
        """The stored encumbrance, or ``None``."""
        with self._database.reading("reading an encumbrance") as connection:
            row = connection.execute(
                self._database.sql("SELECT body FROM {s}.encumbrance WHERE id = %s"),
                (encumbrance_id,),
            ).fetchone()
        return None if row is None else _CODEC.loads(str(row[0]), Encumbrance)

    def save(self, encumbrance: Encumbrance, *, expected_version: int) -> None:
        """Store it if the stored version is ``expected_version`` (0 for a new one)."""
        if not isinstance(encumbrance, Encumbrance):
            raise InvalidValue("the repository stores Encumbrance values")
        expected = expected_int(expected_version, "expected_version")
        body = _CODEC.dumps(encumbrance.with_version(expected + 1))
        save_versioned(
            self._database,
            "encumbrance",
            encumbrance.id,
            body,
            expected=expected,
            what=f"encumbrance {encumbrance.id}",
        )

    def all(self) -> tuple[Encumbrance, ...]:
        """Every encumbrance, by id."""
        with self._database.reading("reading encumbrances") as connection:
            rows = connection.execute(
                self._database.sql("SELECT body FROM {s}.encumbrance ORDER BY id")
            ).fetchall()
        return tuple(_CODEC.loads(str(row[0]), Encumbrance) for row in rows)

    def __repr__(self) -> str:
        return f"PostgresEncumbranceRepository({self._database!r})"


@final
class PostgresTransferJournal:
    """A :class:`~medoffice.budget.ports.TransferJournal` in a practice's schema (append-only)."""

    __slots__ = ("_database",)

    def __init__(self, database: PostgresDatabase) -> None:
        self._database = database

    def entries(self) -> tuple[JournalEntry, ...]:
        """Every entry in the order recorded."""
        with self._database.reading("reading the transfer journal") as connection:
            rows = connection.execute(
                self._database.sql("SELECT body FROM {s}.transfer_journal ORDER BY position")
            ).fetchall()
        return tuple(_CODEC.loads(str(row[0]), JournalEntry) for row in rows)

    def append(self, entry: JournalEntry, *, expected_length: int) -> None:
        """Append if nobody appended since the caller read ``expected_length`` entries."""
        if not isinstance(entry, JournalEntry):
            raise InvalidValue("the journal records JournalEntry values")
        expected_length = expected_int(expected_length, "expected_length")
        body = _CODEC.dumps(entry)
        sql = self._database.sql
        with self._database.writing("appending to the transfer journal") as connection:
            found = connection.execute(sql("SELECT count(*) FROM {s}.transfer_journal")).fetchone()
            length = 0 if found is None else int(str(found[0]))
            inserted = None
            if length == expected_length:
                inserted = connection.execute(
                    sql(
                        "INSERT INTO {s}.transfer_journal (position, transfer_id, body) "
                        "VALUES (%s, %s, %s) ON CONFLICT (position) DO NOTHING RETURNING position"
                    ),
                    (expected_length + 1, entry.transfer_id, body),
                ).fetchone()
            if inserted is None:
                raise ConcurrencyConflict(
                    f"the journal has {length} entries, not {expected_length}"
                )

    def __repr__(self) -> str:
        return f"PostgresTransferJournal({self._database!r})"
