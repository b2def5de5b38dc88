"""The in-memory audit log: an append-only list of :class:`~medoffice.kernel.AuditEvent`.

For tests, notebooks and single-process tools; :class:`medoffice.adapters.sqlite.SqliteAuditLog`
keeps the same events in a database. Both pass
:class:`medoffice.testing._audit_contracts.AuditLogContract`.

>>> from datetime import UTC, datetime
>>> from medoffice.kernel import AuditEvent, AuditOutcome
>>> log = InMemoryAuditLog()
>>> log.append(
...     AuditEvent(
...         at=datetime(2026, 3, 2, 14, tzinfo=UTC),
...         actor="user:1",
...         action="appointment.book",
...         record_type="appointment",
...         record_id="a-1",
...         outcome=AuditOutcome.SUCCESS,
...     )
... )
>>> [event.action for event in log.events(record_id="a-1")]
['appointment.book']

More information: 45 CFR 164.312(b), https://www.ecfr.gov/current/title-45/section-164.312
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import final

from medoffice.kernel import AuditEvent, InvalidValue

__all__ = ["InMemoryAuditLog"]


@final
class InMemoryAuditLog:
    """A thread-safe, append-only :class:`~medoffice.kernel.AuditLog` in a list."""

    __slots__ = ("_events", "_lock")

    def __init__(self) -> None:
        self._events: list[AuditEvent] = []
        self._lock = threading.Lock()

    def append(self, event: AuditEvent) -> None:
        """Record ``event`` after every earlier one."""
        if not isinstance(event, AuditEvent):
            raise InvalidValue("the audit log records AuditEvent values")
        with self._lock:
            self._events.append(event)

    def events(self, *, record_id: str | None = None) -> Iterator[AuditEvent]:
        """Every event in append order, or only those about ``record_id``."""
        with self._lock:
            found = list(self._events)
        return iter([e for e in found if record_id is None or e.record_id == record_id])

    def __repr__(self) -> str:
        return f"InMemoryAuditLog({len(self._events)} events)"
