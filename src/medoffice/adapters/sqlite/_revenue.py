"""The revenue repository on SQLite: claims billed and the postings against them.

A posting is one row of ``revenue_posting`` (its key is unique) and its ledger entries, denials
and work items, written in one transaction: a crash never leaves half a remittance posted, and a
remittance is never posted twice. Ledger entries are rows with integer minor units beside their
currency code (never a float), and triggers refuse any update or delete: the ledger is
append-only. Claims billed, denials and work items are JSON beside the columns queried.

>>> import tempfile, pathlib
>>> from medoffice.adapters.sqlite import open_database
>>> from medoffice.revenue import Posting
>>> folder = tempfile.TemporaryDirectory()
>>> database = open_database(pathlib.Path(folder.name) / "office.db")
>>> database.receivables.record(Posting(key="1P/T1"), expected_count=0)
>>> database.receivables.is_posted("1P/T1"), database.receivables.count()
(True, 1)
>>> database.close()
>>> folder.cleanup()
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Final, final

from medoffice.adapters.sqlite._codec import Codec
from medoffice.kernel import ConcurrencyConflict, InvalidArgument
from medoffice.revenue._denials import Denial
from medoffice.revenue._ledger import LedgerEntry
from medoffice.revenue._model import BilledClaim
from medoffice.revenue._posting import Posting, WorkItem

if TYPE_CHECKING:
    from medoffice.adapters.sqlite._database import SqliteDatabase

__all__ = ["SqliteReceivables"]

_CODEC: Final = Codec()
_ENTRY: Final = """
INSERT INTO revenue_entry
    (posting, on_day, claim, line, kind, minor_units, currency, party, code, source, reference)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
"""
_ENTRIES: Final = """
SELECT on_day, claim, line, kind, minor_units, currency, party, code, source, reference
FROM revenue_entry ORDER BY seq
"""
_BATCH: Final = 500  # SQLite's host parameters per statement stay far below its limit


def _chunks(values: Iterable[str]) -> Iterable[list[str]]:
    chunk: list[str] = []
    for value in values:
        chunk.append(value)
        if len(chunk) == _BATCH:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@final
class SqliteReceivables:
    """A :class:`~medoffice.revenue.ports.ReceivablesRepository` in a SQLite database."""

    __slots__ = ("_database",)

    def __init__(self, database: SqliteDatabase) -> None:
        self._database = database

    def add_billed(self, claims: Iterable[BilledClaim]) -> None:
        """Remember claims as billed; a control number billed before is refused."""
        rows = [(c.control_number, _CODEC.dumps(c)) for c in claims]
        if len({number for number, _ in rows}) != len(rows):
            raise InvalidArgument("a claim's control number was billed before")
        with self._database.writing() as connection:
            known = self._known(connection, [number for number, _ in rows])
            if known:
                raise InvalidArgument("a claim's control number was billed before")
            connection.executemany(
                "INSERT INTO revenue_claim (control_number, body) VALUES (?, ?)", rows
            )

    @staticmethod
    def _known(connection: sqlite3.Connection, numbers: list[str]) -> bool:
        execute = connection.execute
        for chunk in _chunks(numbers):
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT 1 FROM revenue_claim WHERE control_number IN ({marks}) LIMIT 1"  # noqa: S608 - only placeholders are formatted in
            if execute(sql, chunk).fetchone() is not None:
                return True
        return False

    def billed(self, control_numbers: Iterable[str]) -> dict[str, BilledClaim]:
        """The billed claims among ``control_numbers``."""
        found: dict[str, BilledClaim] = {}
        with self._database.reading() as connection:
            for chunk in _chunks(control_numbers):
                marks = ",".join("?" * len(chunk))
                sql = f"SELECT control_number, body FROM revenue_claim WHERE control_number IN ({marks})"  # noqa: S608, E501 - only placeholders are formatted in
                for number, body in connection.execute(sql, chunk):
                    found[number] = _CODEC.loads(body, BilledClaim)
        return found

    def all_billed(self) -> tuple[BilledClaim, ...]:
        """Every billed claim, by control number."""
        with self._database.reading() as connection:
            rows = connection.execute(
                "SELECT body FROM revenue_claim ORDER BY control_number"
            ).fetchall()
        return tuple(_CODEC.loads(row[0], BilledClaim) for row in rows)

    def payer_claims(self, numbers: Iterable[str]) -> dict[str, str]:
        """The control numbers of payer claim numbers posted before."""
        found: dict[str, str] = {}
        with self._database.reading() as connection:
            for chunk in _chunks(numbers):
                marks = ",".join("?" * len(chunk))
                sql = (
                    "SELECT reference, claim FROM revenue_entry "  # noqa: S608 - placeholders only
                    f"WHERE reference IN ({marks}) AND claim != '' ORDER BY seq"
                )
                for reference, claim in connection.execute(sql, chunk):
                    found.setdefault(reference, claim)
        return found

    def is_posted(self, key: str) -> bool:
        """Whether ``key`` was recorded."""
        row = (
            self._database.connection()
            .execute("SELECT 1 FROM revenue_posting WHERE key = ?", (key,))
            .fetchone()
        )
        return row is not None

    def count(self) -> int:
        """How many postings were recorded."""
        row = self._database.connection().execute("SELECT count(*) FROM revenue_posting").fetchone()
        return int(row[0])

    def record(self, posting: Posting, *, expected_count: int) -> None:
        """Record ``posting`` if the count is still ``expected_count`` and its key is new."""
        if isinstance(expected_count, bool) or not isinstance(expected_count, int):
            raise InvalidArgument("expected_count is the int that was read")
        with self._database.writing() as connection:
            (count,) = connection.execute("SELECT count(*) FROM revenue_posting").fetchone()
            if count != expected_count:
                raise ConcurrencyConflict(f"{count} postings are recorded, not {expected_count}")
            if connection.execute(
                "SELECT 1 FROM revenue_posting WHERE key = ?", (posting.key,)
            ).fetchone():
                raise ConcurrencyConflict(f"{posting.key!r} is already posted")
            seq = connection.execute(
                "INSERT INTO revenue_posting (key) VALUES (?)", (posting.key,)
            ).lastrowid
            connection.executemany(
                _ENTRY,
                ((seq, e.on.isoformat(), *e[1:]) for e in posting.entries),
            )
            connection.executemany(
                "INSERT INTO revenue_denial (posting, on_day, body) VALUES (?, ?, ?)",
                ((seq, d.on.isoformat(), _CODEC.dumps(d)) for d in posting.denials),
            )
            connection.executemany(
                "INSERT INTO revenue_work (posting, body) VALUES (?, ?)",
                ((seq, _CODEC.dumps(w)) for w in posting.work),
            )

    def entries(self) -> tuple[LedgerEntry, ...]:
        """Every entry, in the order recorded."""
        with self._database.reading() as connection:
            rows = connection.execute(_ENTRIES).fetchall()
        fromisoformat = date.fromisoformat
        return tuple(LedgerEntry(fromisoformat(row[0]), *row[1:]) for row in rows)

    def denials(self, *, since: date | None = None) -> tuple[Denial, ...]:
        """The denials dated on or after ``since``."""
        with self._database.reading() as connection:
            rows = connection.execute(
                "SELECT body FROM revenue_denial WHERE on_day >= ? ORDER BY seq",
                ((since or date.min).isoformat(),),
            ).fetchall()
        return tuple(_CODEC.loads(row[0], Denial) for row in rows)

    def work_queue(self) -> tuple[WorkItem, ...]:
        """The work items, in the order recorded."""
        with self._database.reading() as connection:
            rows = connection.execute("SELECT body FROM revenue_work ORDER BY seq").fetchall()
        return tuple(_CODEC.loads(row[0], WorkItem) for row in rows)

    def __repr__(self) -> str:
        return f"SqliteReceivables({self._database!r})"
