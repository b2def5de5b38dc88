"""The clock port.

Domain code never reads the system clock: it takes ``now`` or ``on`` as an argument. Only use-case
services read a :class:`Clock`, once per use case. ``SystemClock`` lives in
``adapters.clock``; ``FrozenClock`` (with ``advance``) in ``medoffice.testing``.

The instant is a standard-library :class:`~datetime.datetime`, timezone-aware, in UTC: the one
time type of the public API (pendulum stays inside the modules that do calendar arithmetic).

>>> from datetime import UTC, datetime
>>> class Noon:
...     def now(self) -> datetime:
...         return datetime(2026, 3, 2, 12, tzinfo=UTC)
>>> isinstance(Noon(), Clock)
True
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol, runtime_checkable

__all__ = ["Clock"]


@runtime_checkable
class Clock(Protocol):
    """Where the current instant comes from."""

    def now(self) -> datetime:
        """The current instant, timezone-aware in UTC."""
        ...
