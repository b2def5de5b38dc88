"""Contract suites: one base test class per port, subclassed by every adapter's tests.

A contract suite is an ordinary pytest class whose tests talk to the port only through a
``make_*`` factory method. Each adapter's test module subclasses it and supplies the factory; a
user writing an adapter of their own runs the same suite against it::

    from medoffice.testing import ClockContract


    class TestMyClock(ClockContract):
        def make_clock(self) -> Clock:
            return MyClock()

Suites never rely on an adapter's internals, so fakes and real adapters pass or fail alike.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from medoffice.kernel import Clock

__all__ = ["ClockContract"]


class ClockContract:
    """What every :class:`~medoffice.kernel.Clock` must do."""

    def make_clock(self) -> Clock:
        """Build the clock under test."""
        raise NotImplementedError

    def test_now_is_timezone_aware_utc(self) -> None:
        """``now()`` is an aware instant whose offset is zero."""
        now = self.make_clock().now()
        assert now.tzinfo is not None
        assert now.utcoffset() == timedelta(0)

    def test_now_is_a_standard_library_datetime(self) -> None:
        """``now()`` is a plain ``datetime`` (not a subclass), the API's one time type."""
        assert type(self.make_clock().now()) is datetime

    def test_now_never_goes_backwards_by_itself(self) -> None:
        """Two reads without anything in between never go back in time."""
        clock = self.make_clock()
        first = clock.now()
        assert clock.now() >= first

    def test_satisfies_the_protocol(self) -> None:
        """The clock is recognised as a ``Clock`` at run time."""
        assert isinstance(self.make_clock(), Clock)
