"""The real clock: the one place outside tests where medoffice reads the system time."""

from __future__ import annotations

from typing import final

import pendulum

__all__ = ["SystemClock"]


@final
class SystemClock:
    """A :class:`~medoffice.kernel.Clock` reading the operating system's clock, in UTC."""

    __slots__ = ()

    def now(self) -> pendulum.DateTime:
        """The current instant in UTC."""
        return pendulum.now("UTC")

    def __repr__(self) -> str:
        return "SystemClock()"
