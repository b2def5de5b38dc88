"""The append-only :class:`~medoffice.kernel.AuditLog` on SQLite.

Events are rows of ``audit_event``; triggers abort any ``UPDATE`` or ``DELETE`` on the table, so
not even a hand-written SQL statement through this library's schema can rewrite history. The
adapter itself has no path that changes a row.

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
>>> database.close()
>>> folder.cleanup()

More information: 45 CFR 164.312(b), https://www.ecfr.gov/current/title-45/section-164.312
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Final, final

from medoffice.adapters.sqlite._codec import instant_from_text, instant_to_text
from medoffice.kernel import AuditEvent, InvalidValue

if TYPE_CHECKING:
    from medoffice.adapters.sqlite._database import SqliteDatabase

__all__ = ["SqliteAuditLog"]

_INSERT: Final = (
    "INSERT INTO audit_event (at_utc, actor, action, record_type, record_id, outcome, details) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)"
)
_SELECT_ALL: Final = (
    "SELECT at_utc, actor, action, record_type, record_id, outcome, details "
    "FROM audit_event ORDER BY seq"
)
_SELECT_RECORD: Final = (
    "SELECT at_utc, actor, action, record_type, record_id, outcome, details FROM audit_event "
    "WHERE record_id = ? ORDER BY seq"
)


def _event(row: tuple[str, str, str, str, str, str, str]) -> AuditEvent:
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


@final
class SqliteAuditLog:
    """An append-only :class:`~medoffice.kernel.AuditLog` in a SQLite database."""

    __slots__ = ("_database",)

    def __init__(self, database: SqliteDatabase) -> None:
        self._database = database

    def append(self, event: AuditEvent) -> None:
        """Record ``event`` after every earlier one."""
        if not isinstance(event, AuditEvent):
            raise InvalidValue("the audit log records AuditEvent values")
        row = (
            instant_to_text(event.at),
            event.actor,
            event.action,
            event.record_type,
            event.record_id,
            event.outcome.value,
            json.dumps([list(pair) for pair in event.details]),
        )
        with self._database.writing() as connection:
            connection.execute(_INSERT, row)

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
        return iter([_event(row) for row in rows])

    def __repr__(self) -> str:
        return f"SqliteAuditLog({self._database!r})"
