"""The Clock port: every clock medoffice ships passes the same contract suite."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pendulum
import pytest

from medoffice.kernel import Clock, InvalidArgument, InvalidValue
from medoffice.testing import ClockContract, FrozenClock


class TestFrozenClock(ClockContract):
    def make_clock(self) -> Clock:
        return FrozenClock(datetime(2026, 3, 8, 6, 59, tzinfo=UTC))

    def test_stays_frozen_until_advanced(self) -> None:
        """now() does not move by itself; advance moves it by real time."""
        clock = FrozenClock(datetime(2026, 3, 8, 6, 59, tzinfo=UTC))
        assert clock.now() == clock.now()
        clock.advance(minutes=2)
        assert clock.now() == pendulum.datetime(2026, 3, 8, 7, 1, tz="UTC")
        clock.advance(timedelta(days=1), hours=1)
        assert clock.now() == pendulum.datetime(2026, 3, 9, 8, 1, tz="UTC")

    def test_converts_other_zones_to_utc(self) -> None:
        """An instant given in New York time reads back in UTC, same instant."""
        clock = FrozenClock(datetime(2026, 1, 1, 9, tzinfo=timezone(timedelta(hours=-5))))
        assert clock.now().isoformat() == "2026-01-01T14:00:00+00:00"
        assert "2026-01-01T14:00:00" in repr(clock)

    def test_refuses_naive_instants_and_backwards_advance(self) -> None:
        """Naive datetimes and negative steps are errors; set() may go back."""
        with pytest.raises(InvalidValue):
            FrozenClock(datetime(2026, 1, 1))  # noqa: DTZ001
        clock = FrozenClock(datetime(2026, 1, 2, tzinfo=UTC))
        with pytest.raises(InvalidArgument):
            clock.advance(minutes=-1)
        clock.set(datetime(2026, 1, 1, tzinfo=UTC))
        assert clock.now().day == 1
