"""What the SQL units of work share: entering begins the database's unit, leaving ends it.

Each SQL adapter's unit of work (SQLite, PostgreSQL) subclasses :class:`DatabaseUnit` and adds
its repositories as properties; how a unit begins, commits and rolls back is the database's own
(``begin_unit`` and ``end_unit(commit=...)``).
"""

from __future__ import annotations

from types import TracebackType
from typing import Generic, Protocol, Self, TypeVar

__all__ = ["DatabaseUnit", "UnitDatabase"]


class UnitDatabase(Protocol):
    """A database that runs one transaction per unit of work on the calling thread."""

    def begin_unit(self) -> None:
        """Start the thread's unit (or join the one already open)."""
        ...

    def end_unit(self, *, commit: bool) -> None:
        """Commit or roll back the thread's unit."""
        ...


D = TypeVar("D", bound=UnitDatabase)


class DatabaseUnit(Generic[D]):
    """``with`` begins the database's unit; leaving commits it, or rolls it back on an error."""

    __slots__ = ("_database",)

    def __init__(self, database: D) -> None:
        self._database = database

    def __enter__(self) -> Self:
        self._database.begin_unit()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._database.end_unit(commit=kind is None)
