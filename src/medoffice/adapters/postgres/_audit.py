"""The append-only :class:`~medoffice.kernel.AuditLog` on PostgreSQL, kept as a hash chain.

Events are rows of the practice's ``audit_event`` table, numbered 1, 2, 3, ..., each with the
SHA-256 digest of the previous digest and itself (:func:`~medoffice.kernel.chain_link`, the
same chain as the SQLite log's). Appends take a per-practice advisory lock, so two servers
appending at once still number and chain their events one after the other. Triggers refuse
``UPDATE``, ``DELETE``, ``TRUNCATE`` and an insert out of turn, whoever asks, and an application
role granted the practice (:meth:`~medoffice.adapters.postgres.PostgresDatabase.grant`) holds
only ``SELECT`` and ``INSERT`` on the table. Against someone who can drop triggers (the owner,
a superuser), :meth:`PostgresAuditLog.chain` is the chain to export and keep elsewhere, and
:meth:`PostgresAuditLog.check_chain` finds any event changed, inserted or deleted since.

More information: 45 CFR 164.312(b), https://www.ecfr.gov/current/title-45/section-164.312
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Final, final

from medoffice.kernel import AuditEvent, ConcurrencyConflict, InvalidValue, Report
from medoffice.kernel._audit_chain import GENESIS, ChainLink, chain_link, check_audit_chain

if TYPE_CHECKING:
    from medoffice.adapters.postgres._database import PostgresDatabase

__all__ = ["PostgresAuditLog"]

_LOCK: Final = "SELECT pg_advisory_xact_lock(hashtext(%s))"
_LAST: Final = "SELECT seq, digest FROM {s}.audit_event ORDER BY seq DESC LIMIT 1"
_INSERT: Final = (
    "INSERT INTO {s}.audit_event "
    "(seq, at, actor, action, record_type, record_id, outcome, details, digest) "
    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (seq) DO NOTHING RETURNING seq"
)
_SELECT_CHAIN: Final = (
    "SELECT seq, at, actor, action, record_type, record_id, outcome, details, digest "
    "FROM {s}.audit_event ORDER BY seq"
)
_SELECT_ALL: Final = (
    "SELECT at, actor, action, record_type, record_id, outcome, details "
    "FROM {s}.audit_event ORDER BY seq"
)
_SELECT_RECORD: Final = (
    "SELECT at, actor, action, record_type, record_id, outcome, details "
    "FROM {s}.audit_event WHERE record_id = %s ORDER BY seq"
)


def _event(row: tuple[object, ...]) -> AuditEvent:
    at, actor, action, record_type, record_id, outcome, details = row
    if not isinstance(at, datetime):
        raise InvalidValue("a stored audit instant is damaged")
    return AuditEvent(
        at=at,
        actor=str(actor),
        action=str(action),
        record_type=str(record_type),
        record_id=str(record_id),
        outcome=str(outcome),
        details=[tuple(pair) for pair in json.loads(str(details))],
    )


@final
class PostgresAuditLog:
    """An append-only :class:`~medoffice.kernel.AuditLog` in a practice's schema."""

    __slots__ = ("_database",)

    def __init__(self, database: PostgresDatabase) -> None:
        self._database = database

    def append(self, event: AuditEvent) -> None:
        """Record ``event`` after every earlier one, linked to the last one's digest."""
        if not isinstance(event, AuditEvent):
            raise InvalidValue("the audit log records AuditEvent values")
        database = self._database
        fields = (
            event.at,
            event.actor,
            event.action,
            event.record_type,
            event.record_id,
            event.outcome.value,
            json.dumps([list(pair) for pair in event.details]),
        )
        with database.writing("appending an audit event") as connection:
            connection.execute(_LOCK, (f"medoffice:{database.schema}:audit",))
            last = connection.execute(database.sql(_LAST)).fetchone()
            seq, previous = (1, GENESIS) if last is None else (int(str(last[0])) + 1, str(last[1]))
            digest = chain_link(previous, seq, event)
            if connection.execute(database.sql(_INSERT), (seq, *fields, digest)).fetchone() is None:
                # Only inside a unit of work, whose snapshot predates a concurrent append.
                raise ConcurrencyConflict("another event took the next audit number; try again")

    def events(self, *, record_id: str | None = None) -> Iterator[AuditEvent]:
        """Every event in append order, or only those about ``record_id``."""
        database = self._database
        with database.reading("reading the audit log") as connection:
            if record_id is None:
                rows = connection.execute(database.sql(_SELECT_ALL)).fetchall()
            else:
                rows = connection.execute(database.sql(_SELECT_RECORD), (record_id,)).fetchall()
        return iter([_event(row) for row in rows])

    def chain(self) -> tuple[ChainLink, ...]:
        """Every event's number and digest: the chain to export and keep elsewhere."""
        with self._database.reading("exporting the audit chain") as connection:
            rows = connection.execute(
                self._database.sql("SELECT seq, digest FROM {s}.audit_event ORDER BY seq")
            ).fetchall()
        return tuple(ChainLink(seq=int(str(seq)), digest=str(digest)) for seq, digest in rows)

    def check_chain(self, *, anchor: Iterable[ChainLink] = ()) -> Report:
        """The log's events checked against their digests and an exported ``anchor``.

        See :func:`~medoffice.kernel.check_audit_chain` for the findings.
        """
        return self.check_chain_counted(anchor=anchor)[0]

    def check_chain_counted(self, *, anchor: Iterable[ChainLink] = ()) -> tuple[Report, int]:
        """:meth:`check_chain`'s report and the number of events it checked, read in one
        transaction (an event appended meanwhile is in neither)."""
        with self._database.reading("checking the audit chain") as connection:
            rows = connection.execute(self._database.sql(_SELECT_CHAIN)).fetchall()
        report = check_audit_chain(
            ((int(str(row[0])), _event(row[1:8]), str(row[8])) for row in rows), anchor=anchor
        )
        return report, len(rows)

    def __repr__(self) -> str:
        return f"PostgresAuditLog({self._database!r})"
