"""A clock for tests: it shows the instant you set and moves only when told."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import final

from medoffice.kernel import InvalidArgument, InvalidValue

__all__ = ["FrozenClock"]


@final
class FrozenClock:
    """A :class:`~medoffice.kernel.Clock` frozen at an instant until ``advance`` or ``set``.

    >>> clock = FrozenClock(datetime(2026, 3, 8, 6, 30, tzinfo=UTC))
    >>> clock.advance(minutes=45).now().isoformat()
    '2026-03-08T07:15:00+00:00'
    """

    __slots__ = ("_now",)

    def __init__(self, now: datetime) -> None:
        self._now = _utc(now)

    def now(self) -> datetime:
        """The frozen instant, in UTC."""
        return self._now

    def set(self, now: datetime) -> FrozenClock:
        """Move to ``now`` (forwards or backwards); returns the clock for chaining."""
        self._now = _utc(now)
        return self

    def advance(
        self,
        delta: timedelta | None = None,
        *,
        days: float = 0,
        hours: float = 0,
        minutes: float = 0,
        seconds: float = 0,
    ) -> FrozenClock:
        """Move forward by real (elapsed) time; moving backwards is an error."""
        step = (delta or timedelta()) + timedelta(
            days=days, hours=hours, minutes=minutes, seconds=seconds
        )
        if step < timedelta():
            raise InvalidArgument("advance moves forward only; use set() to go back")
        self._now = self._now + step
        return self

    def __repr__(self) -> str:
        return f"FrozenClock({self._now.isoformat()!r})"


def _utc(value: object) -> datetime:
    if not isinstance(value, datetime) or value.tzinfo is None or value.utcoffset() is None:
        raise InvalidValue("a clock needs a timezone-aware datetime")
    # A plain datetime in UTC, whatever subclass (pendulum's) or zone it was given in.
    utc = value.astimezone(UTC)
    return datetime(
        utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second, utc.microsecond, tzinfo=UTC
    )
