"""The append-only :class:`~medoffice.kernel.AuditLog` on SQLite, kept as a hash chain.

Events are rows of ``audit_event``, numbered 1, 2, 3, ... Triggers refuse, for any SQL
statement run on the file, whatever the connection's settings:

- ``UPDATE`` of an event, and an upsert (``INSERT ... ON CONFLICT DO UPDATE``);
- ``DELETE`` of an event;
- an ``INSERT`` that does not take the next number or carries no digest, and so
  ``INSERT OR REPLACE`` and ``REPLACE INTO`` on an existing event (refused before SQLite
  resolves the conflict, which would otherwise delete the old row without firing any delete
  trigger).

What triggers cannot stop: someone who can write the file can drop them (or the table, or
write the file's bytes). Against that, each event stores the SHA-256 digest of the previous
digest and itself (:func:`~medoffice.kernel.chain_link`); :meth:`SqliteAuditLog.chain` is the
chain to export and keep elsewhere, and :meth:`SqliteAuditLog.check_chain` (the
``medoffice audit verify`` command) finds any event changed, inserted or deleted since, even
when the digests after it were recomputed, as long as it falls within an exported link.

>>> import tempfile, pathlib
>>> from datetime import UTC, datetime
>>> from medoffice.adapters.sqlite import open_database
>>> from medoffice.kernel import AuditEvent
>>> folder = tempfile.TemporaryDirectory()
>>> database = open_database(pathlib.Path(folder.name) / "office.db")
>>> database.audit.append(
...     AuditEvent(
...         at=datetime(2026, 3, 2, 14, tzinfo=UTC),
...         actor="user:1",
...         action="claim.check",
...         record_type="claim",
...         record_id="CLM-1",
...         outcome="success",
...     )
... )
>>> [e.record_id for e in database.audit.events()]
['CLM-1']
>>> database.audit.check_chain(anchor=database.audit.chain()).ok
True
>>> database.close()
>>> folder.cleanup()

More information: 45 CFR 164.312(b), https://www.ecfr.gov/current/title-45/section-164.312
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, Final, final

from medoffice.adapters.sqlite._codec import instant_from_text, instant_to_text
from medoffice.adapters.sqlite._errors import damaged, decoding, guarded
from medoffice.kernel import AuditEvent, InvalidValue, Report
from medoffice.kernel._audit_chain import GENESIS, ChainLink, chain_link, check_audit_chain

if TYPE_CHECKING:
    from medoffice.adapters.sqlite._database import SqliteDatabase

__all__ = ["SqliteAuditLog", "chain_existing_events"]

_INSERT: Final = (
    "INSERT INTO audit_event (seq, at_utc, actor, action, record_type, record_id, outcome, "
    "details, digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_LAST: Final = "SELECT seq, digest FROM audit_event ORDER BY seq DESC LIMIT 1"
_SELECT_CHAIN: Final = (
    "SELECT seq, at_utc, actor, action, record_type, record_id, outcome, details, digest "
    "FROM audit_event ORDER BY seq"
)
# Each event is read with the digest before it, so that every read checks its link.
_SELECT_LINKED: Final = (
    "SELECT e.seq, e.at_utc, e.actor, e.action, e.record_type, e.record_id, e.outcome, "
    "e.details, e.digest, p.digest FROM audit_event AS e "
    "LEFT JOIN audit_event AS p ON p.seq = e.seq - 1 "
)
_SELECT_ALL: Final = _SELECT_LINKED + "ORDER BY e.seq"
_SELECT_RECORD: Final = _SELECT_LINKED + "WHERE e.record_id = ? ORDER BY e.seq"


def _event(row: tuple[str, ...]) -> AuditEvent:
    with decoding("audit event"):
        return _decode_event(row)


def _checked_event(row: tuple[Any, ...]) -> AuditEvent:
    """The event of a linked row, if it still matches its digest (else it was damaged or
    rewritten behind the triggers' back, which ``medoffice audit verify`` tells apart)."""
    seq, digest, previous = row[0], row[8], row[9]
    event = _event(row[1:8])
    if seq != 1 and previous is None:
        raise damaged("audit event (the one before it is missing)")
    with decoding("audit event"):
        if chain_link(previous or GENESIS, seq, event) == digest:
            return event
    raise damaged("audit event (it no longer matches its digest)")


def _decode_event(row: tuple[str, ...]) -> AuditEvent:
    at, actor, action, record_type, record_id, outcome, details = row
    return AuditEvent(
        at=instant_from_text(at),
        actor=actor,
        action=action,
        record_type=record_type,
        record_id=record_id,
        outcome=outcome,
        details=[tuple(pair) for pair in json.loads(details)],
    )


def _row(event: AuditEvent) -> tuple[str, str, str, str, str, str, str]:
    return (
        instant_to_text(event.at),
        event.actor,
        event.action,
        event.record_type,
        event.record_id,
        event.outcome.value,
        json.dumps([list(pair) for pair in event.details]),
    )


def chain_existing_events(connection: sqlite3.Connection) -> None:
    """Give every event written before the chain existed its digest (a migration step)."""
    rows = connection.execute(_SELECT_CHAIN).fetchall()
    previous = GENESIS
    for row in rows:
        previous = chain_link(previous, row[0], _event(row[1:8]))
        connection.execute("UPDATE audit_event SET digest = ? WHERE seq = ?", (previous, row[0]))


@final
@guarded("audit")
class SqliteAuditLog:
    """An append-only :class:`~medoffice.kernel.AuditLog` in a SQLite database."""

    __slots__ = ("_database",)

    def __init__(self, database: SqliteDatabase) -> None:
        self._database = database

    def append(self, event: AuditEvent) -> None:
        """Record ``event`` after every earlier one, linked to the last one's digest."""
        if not isinstance(event, AuditEvent):
            raise InvalidValue("the audit log records AuditEvent values")
        with self._database.writing() as connection:
            last = connection.execute(_LAST).fetchone()
            seq, previous = (1, GENESIS) if last is None else (last[0] + 1, last[1])
            connection.execute(
                _INSERT, (seq, *_row(event), chain_link(previous or GENESIS, seq, event))
            )

    def chain(self) -> tuple[ChainLink, ...]:
        """Every event's number and digest: the chain to export and keep elsewhere."""
        with self._database.reading() as connection:
            rows = connection.execute("SELECT seq, digest FROM audit_event ORDER BY seq")
            with decoding("audit chain link"):
                return tuple(ChainLink(seq=seq, digest=digest) for seq, digest in rows)

    def check_chain(self, *, anchor: Iterable[ChainLink] = ()) -> Report:
        """The log's events checked against their digests and an exported ``anchor``.

        See :func:`~medoffice.kernel.check_audit_chain` for the findings.
        """
        return self.check_chain_counted(anchor=anchor)[0]

    def check_chain_counted(self, *, anchor: Iterable[ChainLink] = ()) -> tuple[Report, int]:
        """:meth:`check_chain`'s report and the number of events it checked, read in one
        statement (an event appended meanwhile is in neither)."""
        with self._database.reading() as connection:
            rows = connection.execute(_SELECT_CHAIN).fetchall()
        report = check_audit_chain(
            ((row[0], _event(row[1:8]), row[8] if isinstance(row[8], str) else "") for row in rows),
            anchor=anchor,
        )
        return report, len(rows)

    def events(self, *, record_id: str | None = None) -> Iterator[AuditEvent]:
        """Every event in append order, or only those about ``record_id``."""
        with self._database.reading() as connection:
            if record_id is None:
                rows = connection.execute(_SELECT_ALL).fetchall()
            else:
                rows = connection.execute(
                    _SELECT_RECORD,
                    (record_id,),
                ).fetchall()
        return iter([_checked_event(row) for row in rows])

    def __repr__(self) -> str:
        return f"SqliteAuditLog({self._database!r})"
