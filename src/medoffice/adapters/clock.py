"""The real clock: the one place outside tests where medoffice reads the system time."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import final

__all__ = ["SystemClock"]


@final
class SystemClock:
    """A :class:`~medoffice.kernel.Clock` reading the operating system's clock, in UTC."""

    __slots__ = ()

    def now(self) -> datetime:
        """The current instant, an aware ``datetime`` in UTC."""
        return datetime.now(UTC)

    def __repr__(self) -> str:
        return "SystemClock()"
