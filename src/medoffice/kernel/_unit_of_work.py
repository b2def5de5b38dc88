"""The unit-of-work port: one transaction over the repositories a use case touches.

A service opens a unit of work on its store, loads through the repositories the unit exposes,
lets the pure core decide, and saves. Leaving the ``with`` block normally commits every save
made through the unit together; leaving it with an exception rolls every one of them back, so an
operation that changes two aggregates (an appointment booked and its waitlist entry marked
booked) stores both or neither, even if the process dies between the two saves. Saves inside a
unit still compare versions: a stale one raises :class:`~medoffice.kernel.ConcurrencyConflict`,
which rolls the unit back, and the service's retry (:func:`~medoffice.kernel.retry_on_conflict`)
opens a fresh unit.

Each domain's ``ports`` module names the repositories its unit exposes (for example
``medoffice.scheduling.ports.SchedulingUnitOfWork`` with ``appointments`` and ``waitlist``) and
the store that opens one. A unit belongs to the thread that opened it and is not re-entrant.

>>> class Unit:
...     def __init__(self) -> None:
...         self.committed = False
...
...     def __enter__(self) -> "Unit":
...         return self
...
...     def __exit__(self, kind: object, error: object, trace: object) -> None:
...         self.committed = kind is None
>>> with Unit() as unit:
...     pass
>>> isinstance(unit, UnitOfWork), unit.committed
(True, True)
"""

from __future__ import annotations

from types import TracebackType
from typing import Protocol, Self, runtime_checkable

__all__ = ["UnitOfWork"]


@runtime_checkable
class UnitOfWork(Protocol):
    """A transaction as a context manager: commit on a clean exit, roll back on an exception."""

    def __enter__(self) -> Self:
        """Begin the unit; returns the unit, whose repositories join it."""
        ...

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        """Commit when ``kind`` is ``None``, otherwise roll back (the exception goes on)."""
        ...
