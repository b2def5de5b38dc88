"""The append-only :class:`~medoffice.kernel.AuditLog` on PostgreSQL, with a hash-chain export.

Events are rows of the practice's ``audit_event`` table. Triggers refuse ``UPDATE``, ``DELETE``
and ``TRUNCATE`` on it, whoever asks, and an application role granted the practice
(:meth:`~medoffice.adapters.postgres.PostgresDatabase.grant`) holds only ``SELECT`` and
``INSERT`` there, so history can be neither rewritten through this library nor by hand.
:meth:`PostgresAuditLog.export_chain` writes the log as hash-chained JSON lines
(:func:`medoffice.kernel._audit_chain.chain_lines`, the same export as every database's), so a
copy kept elsewhere proves later that nothing was changed.

More information: 45 CFR 164.312(b), https://www.ecfr.gov/current/title-45/section-164.312
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Final, final

from medoffice.kernel import AuditEvent, InvalidValue
from medoffice.kernel._audit_chain import chain_lines

if TYPE_CHECKING:
    from medoffice.adapters.postgres._database import PostgresDatabase

__all__ = ["PostgresAuditLog"]

_INSERT: Final = (
    "INSERT INTO {s}.audit_event (at, actor, action, record_type, record_id, outcome, details) "
    "VALUES (%s, %s, %s, %s, %s, %s, %s)"
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
        """Record ``event`` after every earlier one."""
        if not isinstance(event, AuditEvent):
            raise InvalidValue("the audit log records AuditEvent values")
        row = (
            event.at,
            event.actor,
            event.action,
            event.record_type,
            event.record_id,
            event.outcome.value,
            json.dumps([list(pair) for pair in event.details]),
        )
        with self._database.writing("appending an audit event") as connection:
            connection.execute(self._database.sql(_INSERT), row)

    def events(self, *, record_id: str | None = None) -> Iterator[AuditEvent]:
        """Every event in append order, or only those about ``record_id``."""
        with self._database.reading("reading the audit log") as connection:
            if record_id is None:
                rows = connection.execute(self._database.sql(_SELECT_ALL)).fetchall()
            else:
                rows = connection.execute(
                    self._database.sql(_SELECT_RECORD), (record_id,)
                ).fetchall()
        return iter([_event(row) for row in rows])

    def export_chain(self) -> Iterator[str]:
        """The whole log as hash-chained JSON lines, oldest first (one snapshot)."""
        return chain_lines(self.events())

    def __repr__(self) -> str:
        return f"PostgresAuditLog({self._database!r})"
