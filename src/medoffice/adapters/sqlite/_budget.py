"""The budget repositories on SQLite: postings, encumbrances and the transfer journal.

A transaction is one row of ``ledger_transaction`` and its postings rows of ``posting`` (account,
integer minor units, currency code, dimensions), written in one transaction, so a crash never
leaves half a transaction behind and an amount is never a float. Encumbrances carry a version
checked inside ``BEGIN IMMEDIATE``; the transfer journal is append-only, and an append names the
length it was read at.

>>> import tempfile, pathlib
>>> from datetime import date
>>> from medoffice.adapters.sqlite import open_database
>>> from medoffice.budget import Leg, Transaction
>>> from medoffice.kernel import DateRange, Money
>>> folder = tempfile.TemporaryDirectory()
>>> database = open_database(pathlib.Path(folder.name) / "office.db")
>>> database.postings.append(
...     Transaction(
...         id="T1",
...         on=date(2026, 3, 1),
...         legs=(
...             Leg(account="6100", amount=Money.of("10.00", "USD")),
...             Leg(account="2000", amount=Money.of("-10.00", "USD")),
...         ),
...     )
... )
>>> [
...     str(p.amount)
...     for p in database.postings.postings(DateRange(date(2026, 3, 1), date(2026, 3, 31)))
... ]
['10.00 USD', '-10.00 USD']
>>> database.close()
>>> folder.cleanup()
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Final, final

from medoffice.adapters.sqlite._codec import Codec, posting_checksum
from medoffice.adapters.sqlite._errors import damaged, decoding, guarded
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
    from medoffice.adapters.sqlite._database import SqliteDatabase

__all__ = ["SqliteEncumbranceRepository", "SqlitePostingStore", "SqliteTransferJournal"]

_CODEC: Final = Codec()
_POSTING: Final = """
INSERT INTO posting (transaction_id, on_day, account, minor_units, currency, dimensions, checksum)
VALUES (?, ?, ?, ?, ?, ?, ?)
"""


def _expected(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidArgument(f"{name} is the int that was read")
    return value


@final
@guarded("postings")
class SqlitePostingStore:
    """A :class:`~medoffice.budget.ports.PostingStore` in a SQLite database."""

    __slots__ = ("_database",)

    def __init__(self, database: SqliteDatabase) -> None:
        self._database = database

    def append(self, transaction: Transaction) -> None:
        """Record a balanced transaction's postings; a repeated id is refused."""
        if not isinstance(transaction, Transaction):
            raise InvalidValue("the store records Transaction values")
        if transaction.imbalance():
            raise InvalidArgument(f"transaction {transaction.id} does not balance")
        columns = [
            (
                p.transaction,
                p.on.isoformat(),
                p.account,
                p.amount.minor_units,
                p.amount.currency.code,
                json.dumps(p.dimensions.to_dict(), sort_keys=True),
            )
            for p in transaction.postings()
        ]
        rows = [(*row, posting_checksum(row)) for row in columns]
        with self._database.writing() as connection:
            known = connection.execute(
                "SELECT 1 FROM ledger_transaction WHERE id = ?", (transaction.id,)
            ).fetchone()
            if known is not None:
                raise InvalidArgument(f"transaction {transaction.id} is already recorded")
            connection.execute(
                "INSERT INTO ledger_transaction (id, on_day) VALUES (?, ?)",
                (transaction.id, transaction.on.isoformat()),
            )
            connection.executemany(_POSTING, rows)

    def postings(self, days: DateRange) -> Iterator[Posting]:
        """The postings dated within ``days``, in the order recorded."""
        with self._database.reading() as connection:
            rows = connection.execute(
                "SELECT transaction_id, on_day, account, minor_units, currency, dimensions, "
                "checksum FROM posting WHERE on_day BETWEEN ? AND ? ORDER BY seq",
                (days.first.isoformat(), days.last.isoformat()),
            ).fetchall()
        return iter([_posting(row) for row in rows])

    def __repr__(self) -> str:
        return f"SqlitePostingStore({self._database!r})"


def _posting(row: tuple[str, str, str, int, str, str, str]) -> Posting:
    transaction, on, account, units, currency, dimensions, sealed = row
    if sealed != posting_checksum(row[:6]):
        raise damaged("posting")
    with decoding("posting"):
        return Posting(
            transaction=transaction,
            on=date.fromisoformat(on),
            account=account,
            amount=Money.from_minor_units(units, currency),
            dimensions=Dimensions.from_mapping(json.loads(dimensions)),
        )


@final
@guarded("encumbrances")
class SqliteEncumbranceRepository:
    """An :class:`~medoffice.budget.ports.EncumbranceRepository` in a SQLite database."""

    __slots__ = ("_database",)

    def __init__(self, database: SqliteDatabase) -> None:
        self._database = database

    def get(self, encumbrance_id: str) -> Encumbrance | None:
        """The stored encumbrance, or ``None``."""
        row = (
            self._database.connection()
            .execute("SELECT body FROM encumbrance WHERE id = ?", (encumbrance_id,))
            .fetchone()
        )
        return None if row is None else _CODEC.loads(row[0], Encumbrance)

    def save(self, encumbrance: Encumbrance, *, expected_version: int) -> None:
        """Store it if the stored version is ``expected_version`` (0 for a new one)."""
        if not isinstance(encumbrance, Encumbrance):
            raise InvalidValue("the repository stores Encumbrance values")
        expected = _expected(expected_version, "expected_version")
        with self._database.writing() as connection:
            row = connection.execute(
                "SELECT version FROM encumbrance WHERE id = ?", (encumbrance.id,)
            ).fetchone()
            stored = 0 if row is None else int(row[0])
            if stored != expected:
                raise ConcurrencyConflict(
                    f"encumbrance {encumbrance.id} is at version {stored}, not {expected}"
                )
            body = _CODEC.dumps(encumbrance.with_version(stored + 1))
            connection.execute(
                "INSERT INTO encumbrance (id, version, body) VALUES (?, ?, ?) ON CONFLICT (id) "
                "DO UPDATE SET version = excluded.version, body = excluded.body",
                (encumbrance.id, stored + 1, body),
            )

    def all(self) -> tuple[Encumbrance, ...]:
        """Every encumbrance, by id."""
        rows = (
            self._database.connection()
            .execute("SELECT body FROM encumbrance ORDER BY id")
            .fetchall()
        )
        return tuple(_CODEC.loads(row[0], Encumbrance) for row in rows)

    def __repr__(self) -> str:
        return f"SqliteEncumbranceRepository({self._database!r})"


@final
@guarded("transfers")
class SqliteTransferJournal:
    """A :class:`~medoffice.budget.ports.TransferJournal` in a SQLite database (append-only)."""

    __slots__ = ("_database",)

    def __init__(self, database: SqliteDatabase) -> None:
        self._database = database

    def entries(self) -> tuple[JournalEntry, ...]:
        """Every entry in the order recorded."""
        rows = (
            self._database.connection()
            .execute("SELECT body FROM transfer_journal ORDER BY seq")
            .fetchall()
        )
        return tuple(_CODEC.loads(row[0], JournalEntry) for row in rows)

    def append(self, entry: JournalEntry, *, expected_length: int) -> None:
        """Append if nobody appended since the caller read ``expected_length`` entries."""
        if not isinstance(entry, JournalEntry):
            raise InvalidValue("the journal records JournalEntry values")
        expected = _expected(expected_length, "expected_length")
        body = _CODEC.dumps(entry)
        with self._database.writing() as connection:
            length = int(connection.execute("SELECT count(*) FROM transfer_journal").fetchone()[0])
            if length != expected:
                raise ConcurrencyConflict(f"the journal has {length} entries, not {expected}")
            connection.execute(
                "INSERT INTO transfer_journal (transfer_id, body) VALUES (?, ?)",
                (entry.transfer_id, body),
            )

    def __repr__(self) -> str:
        return f"SqliteTransferJournal({self._database!r})"
