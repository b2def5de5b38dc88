"""The system clock passes the Clock contract suite."""

from __future__ import annotations

from medoffice.adapters.clock import SystemClock
from medoffice.kernel import Clock
from medoffice.testing import ClockContract


class TestSystemClock(ClockContract):
    def make_clock(self) -> Clock:
        return SystemClock()

    def test_repr(self) -> None:
        """The repr names the clock."""
        assert repr(SystemClock()) == "SystemClock()"
