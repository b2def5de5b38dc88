"""The clock port.

Domain code never reads the system clock: it takes ``now`` or ``on`` as an argument. Only use-case
functions (services) read a :class:`Clock`, once per use case. ``SystemClock`` lives in
``adapters.clock``; ``FrozenClock`` (with ``advance``) in ``medoffice.testing``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:  # pendulum costs ~80 ms to import; the protocol needs it only for typing
    import pendulum

__all__ = ["Clock"]


@runtime_checkable
class Clock(Protocol):
    """Where the current instant comes from."""

    def now(self) -> pendulum.DateTime:
        """The current instant, timezone-aware in UTC."""
        ...
