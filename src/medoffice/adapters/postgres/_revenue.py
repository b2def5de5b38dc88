"""The revenue ``ReceivablesRepository`` on PostgreSQL: claims billed and the postings against
them.

As on SQLite (:mod:`medoffice.adapters.sqlite._revenue`): a posting is one row of
``revenue_posting`` (its key is unique) and its ledger entries, denials and work items, written
in one transaction, so a failure never leaves half a remittance posted and a remittance is never
posted twice. Ledger entries are rows with ``bigint`` minor units beside their currency code
(never a float), and triggers refuse any ``UPDATE``, ``DELETE`` or ``TRUNCATE``: the ledger is
append-only. The count of postings is also the ``revenue`` row of ``store_version``, moved on
by a conditional ``UPDATE``: of two servers posting on the same count, the database lets one
through and the other gets :class:`~medoffice.kernel.ConcurrencyConflict`, with nothing stored.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Final, final

from medoffice.adapters.postgres._budget import expected_int
from medoffice.adapters.postgres._waitlist import bump_version
from medoffice.adapters.sqlite._codec import Codec
from medoffice.kernel import ConcurrencyConflict, InvalidArgument
from medoffice.revenue._denials import Denial
from medoffice.revenue._ledger import LedgerEntry
from medoffice.revenue._model import BilledClaim
from medoffice.revenue._posting import Posting, WorkItem

if TYPE_CHECKING:
    from medoffice.adapters.postgres._database import PostgresDatabase

__all__ = ["PostgresReceivables"]

_STORE: Final = "revenue"
_CODEC: Final = Codec()
_TWICE: Final = "a claim's control number was billed before"
_ENTRY: Final = """
INSERT INTO {s}.revenue_entry
    (posting, on_day, claim, line, kind, minor_units, currency, party, code, source, reference)
VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)
"""
_ENTRIES: Final = """
SELECT on_day, claim, line, kind, minor_units, currency, party, code, source, reference
FROM {s}.revenue_entry ORDER BY seq
"""
_PAYER_CLAIMS: Final = """
SELECT reference, claim FROM {s}.revenue_entry
WHERE reference = ANY(%s) AND claim <> '' ORDER BY seq
"""


@final
class PostgresReceivables:
    """A :class:`~medoffice.revenue.ports.ReceivablesRepository` in a practice's schema."""

    __slots__ = ("_database",)

    def __init__(self, database: PostgresDatabase) -> None:
        self._database = database

    def add_billed(self, claims: Iterable[BilledClaim]) -> None:
        """Remember claims as billed; a control number billed before is refused."""
        rows = [(c.control_number, _CODEC.dumps(c)) for c in claims]
        numbers = [number for number, _ in rows]
        if len(set(numbers)) != len(rows):
            raise InvalidArgument(_TWICE)
        database = self._database
        with database.writing("recording billed claims") as connection:
            known = connection.execute(
                database.sql(
                    "SELECT 1 FROM {s}.revenue_claim WHERE control_number = ANY(%s) LIMIT 1"
                ),
                (numbers,),
            ).fetchone()
            if known is not None:
                raise InvalidArgument(_TWICE)
            with connection.cursor() as cursor:
                cursor.executemany(
                    database.sql(
                        "INSERT INTO {s}.revenue_claim (control_number, body) VALUES (%s, %s)"
                    ),
                    rows,
                )

    def billed(self, control_numbers: Iterable[str]) -> dict[str, BilledClaim]:
        """The billed claims among ``control_numbers``."""
        database = self._database
        with database.reading("reading billed claims") as connection:
            rows = connection.execute(
                database.sql(
                    "SELECT control_number, body FROM {s}.revenue_claim "
                    "WHERE control_number = ANY(%s)"
                ),
                (list(control_numbers),),
            ).fetchall()
        return {str(number): _CODEC.loads(str(body), BilledClaim) for number, body in rows}

    def all_billed(self) -> tuple[BilledClaim, ...]:
        """Every billed claim, by control number."""
        database = self._database
        with database.reading("reading billed claims") as connection:
            rows = connection.execute(
                database.sql("SELECT body FROM {s}.revenue_claim ORDER BY control_number")
            ).fetchall()
        return tuple(_CODEC.loads(str(row[0]), BilledClaim) for row in rows)

    def payer_claims(self, numbers: Iterable[str]) -> dict[str, str]:
        """The control numbers of payer claim numbers posted before."""
        database = self._database
        with database.reading("reading payer claim numbers") as connection:
            rows = connection.execute(database.sql(_PAYER_CLAIMS), (list(numbers),)).fetchall()
        found: dict[str, str] = {}
        for reference, claim in rows:
            found.setdefault(str(reference), str(claim))
        return found

    def is_posted(self, key: str) -> bool:
        """Whether ``key`` was recorded."""
        database = self._database
        with database.reading("reading the postings") as connection:
            row = connection.execute(
                database.sql("SELECT 1 FROM {s}.revenue_posting WHERE key = %s"), (key,)
            ).fetchone()
        return row is not None

    def count(self) -> int:
        """How many postings were recorded."""
        database = self._database
        with database.reading("counting the postings") as connection:
            row = connection.execute(
                database.sql("SELECT count(*) FROM {s}.revenue_posting")
            ).fetchone()
        return 0 if row is None else int(str(row[0]))

    def record(self, posting: Posting, *, expected_count: int) -> None:
        """Record ``posting`` if the count is still ``expected_count`` and its key is new."""
        expected = expected_int(expected_count, "expected_count")
        database = self._database
        with database.writing("recording a posting") as connection:
            bump_version(database, connection, _STORE, expected, "the postings")
            if connection.execute(
                database.sql("SELECT 1 FROM {s}.revenue_posting WHERE key = %s"), (posting.key,)
            ).fetchone():
                raise ConcurrencyConflict(f"{posting.key!r} is already posted")
            row = connection.execute(
                database.sql("INSERT INTO {s}.revenue_posting (key) VALUES (%s) RETURNING seq"),
                (posting.key,),
            ).fetchone()
            seq = None if row is None else row[0]
            with connection.cursor() as cursor:
                cursor.executemany(
                    database.sql(_ENTRY), [(seq, *entry) for entry in posting.entries]
                )
                cursor.executemany(
                    database.sql(
                        "INSERT INTO {s}.revenue_denial (posting, on_day, body) VALUES (%s, %s, %s)"
                    ),
                    [(seq, d.on, _CODEC.dumps(d)) for d in posting.denials],
                )
                cursor.executemany(
                    database.sql("INSERT INTO {s}.revenue_work (posting, body) VALUES (%s, %s)"),
                    [(seq, _CODEC.dumps(w)) for w in posting.work],
                )

    def entries(self) -> tuple[LedgerEntry, ...]:
        """Every entry, in the order recorded."""
        database = self._database
        with database.reading("reading the A/R ledger") as connection:
            rows = connection.execute(database.sql(_ENTRIES)).fetchall()
        return tuple(LedgerEntry(*row) for row in rows)  # type: ignore[arg-type]

    def denials(self, *, since: date | None = None) -> tuple[Denial, ...]:
        """The denials dated on or after ``since``."""
        database = self._database
        with database.reading("reading the denials") as connection:
            rows = connection.execute(
                database.sql("SELECT body FROM {s}.revenue_denial WHERE on_day >= %s ORDER BY seq"),
                (since or date.min,),
            ).fetchall()
        return tuple(_CODEC.loads(str(row[0]), Denial) for row in rows)

    def work_queue(self) -> tuple[WorkItem, ...]:
        """The work items, in the order recorded."""
        database = self._database
        with database.reading("reading the work queue") as connection:
            rows = connection.execute(
                database.sql("SELECT body FROM {s}.revenue_work ORDER BY seq")
            ).fetchall()
        return tuple(_CODEC.loads(str(row[0]), WorkItem) for row in rows)

    def __repr__(self) -> str:
        return f"PostgresReceivables({self._database!r})"
