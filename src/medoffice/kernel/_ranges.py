"""Two kinds of range, on purpose.

:class:`TimeRange` is a half-open range of timezone-aware instants, ``[start, end)``: a visit from
09:00 to 09:30 and the next from 09:30 to 10:00 are back to back and do not overlap.
:class:`DateRange` is an inclusive range of calendar days, ``[first, last]``: a licence "valid
through 2027-06-30" covers that whole day. Mixing the two meanings is the classic off-by-one of
scheduling and credentialing code, so each has its own type.

>>> from datetime import UTC, date, datetime
>>> nine = datetime(2026, 3, 2, 9, tzinfo=UTC)
>>> half_past = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
>>> ten = datetime(2026, 3, 2, 10, tzinfo=UTC)
>>> TimeRange(nine, half_past).overlaps(TimeRange(half_past, ten))
False
>>> DateRange(date(2026, 1, 1), date(2026, 6, 30)).contains(date(2026, 6, 30))
True
>>> january = DateRange(date(2026, 1, 1), date(2026, 1, 31))
>>> january.subtract(DateRange(date(2026, 1, 10), date(2026, 1, 20)))
(DateRange('2026-01-01', '2026-01-09'), DateRange('2026-01-21', '2026-01-31'))
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import final

import attrs

from medoffice.kernel._errors import InvalidArgument, InvalidValue

__all__ = ["DateRange", "TimeRange"]

_ONE_DAY = timedelta(days=1)


def _aware(given: datetime) -> datetime:
    value: object = given  # checked at run time: not every caller is type-checked
    """The instant in UTC.

    Python compares and subtracts two datetimes that share a ``tzinfo`` by wall clock, ignoring
    DST (01:30 to 03:30 on a spring-forward night is "two hours"). Normalising every instant to
    UTC makes comparison, overlap and duration follow real elapsed time.
    """
    if not isinstance(value, datetime):
        raise InvalidValue(f"an instant is a datetime, not {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidValue("an instant must be timezone-aware (naive datetimes are refused)")
    return value.astimezone(UTC)


def _calendar_day(given: date) -> date:
    value: object = given  # checked at run time: not every caller is type-checked
    if isinstance(value, datetime) or not isinstance(value, date):
        raise InvalidValue(f"a calendar day is a date, not {type(value).__name__}")
    return value


@final
@attrs.frozen
class TimeRange:
    """A half-open range ``[start, end)`` of timezone-aware instants; never empty.

    Both ends are stored in UTC (see ``_aware``); convert to a zone for display.
    """

    start: datetime = attrs.field(converter=_aware)
    end: datetime = attrs.field(converter=_aware)

    @end.validator
    def _end_after_start(self, _: attrs.Attribute[datetime], end: datetime) -> None:
        if end <= self.start:
            raise InvalidValue("a time range must end after it starts")

    @classmethod
    def of_length(cls, start: datetime, length: timedelta) -> TimeRange:
        """The range of ``length`` real (elapsed) time from ``start``."""
        begin = _aware(start)
        return cls(begin, begin + length)

    @property
    def duration(self) -> timedelta:
        """The elapsed time between start and end, whatever the zones."""
        return self.end - self.start

    def contains(self, other: datetime | TimeRange) -> bool:
        """Whether an instant falls in the range, or another range lies wholly inside it."""
        if isinstance(other, TimeRange):
            return self.start <= other.start and other.end <= self.end
        return self.start <= _aware(other) < self.end

    def overlaps(self, other: TimeRange) -> bool:
        """Whether the two share any instant (touching ends do not)."""
        return self.start < other.end and other.start < self.end

    def intersect(self, other: TimeRange) -> TimeRange | None:
        """The common part, or ``None`` when they do not overlap."""
        if not self.overlaps(other):
            return None
        return TimeRange(max(self.start, other.start), min(self.end, other.end))

    def subtract(self, other: TimeRange) -> tuple[TimeRange, ...]:
        """What is left of this range once ``other`` is removed (zero, one or two pieces)."""
        if not self.overlaps(other):
            return (self,)
        pieces = []
        if self.start < other.start:
            pieces.append(TimeRange(self.start, other.start))
        if other.end < self.end:
            pieces.append(TimeRange(other.end, self.end))
        return tuple(pieces)

    @staticmethod
    def merge(ranges: Iterable[TimeRange]) -> tuple[TimeRange, ...]:
        """Sort and join overlapping or back-to-back ranges into the fewest ranges."""
        merged: list[TimeRange] = []
        for item in sorted(ranges, key=lambda r: (r.start, r.end)):
            if merged and item.start <= merged[-1].end:
                if item.end > merged[-1].end:
                    merged[-1] = TimeRange(merged[-1].start, item.end)
            else:
                merged.append(item)
        return tuple(merged)


@final
@attrs.frozen(repr=False)
class DateRange:
    """An inclusive range ``[first, last]`` of calendar days; ``last`` may be ``date.max``."""

    first: date = attrs.field(converter=_calendar_day)
    last: date = attrs.field(converter=_calendar_day)

    @last.validator
    def _last_not_before_first(self, _: attrs.Attribute[date], last: date) -> None:
        if last < self.first:
            raise InvalidValue("a date range must not end before it starts")

    def __repr__(self) -> str:
        last = "open" if self.is_open_ended else self.last.isoformat()
        return f"DateRange({self.first.isoformat()!r}, {last!r})"

    @classmethod
    def starting(cls, first: date) -> DateRange:
        """An open-ended range: from ``first`` with no end date yet."""
        return cls(first, date.max)

    @classmethod
    def single(cls, day: date) -> DateRange:
        """The range of one day."""
        return cls(day, day)

    @property
    def is_open_ended(self) -> bool:
        """Whether the range has no end date (``last`` is ``date.max``)."""
        return self.last == date.max

    @property
    def days(self) -> int:
        """How many calendar days the range covers, both ends included."""
        return (self.last - self.first).days + 1

    def __iter__(self) -> Iterator[date]:
        if self.is_open_ended:
            raise InvalidArgument("cannot list the days of an open-ended range")
        day = self.first
        while True:
            yield day
            if day == self.last:
                return
            day += _ONE_DAY

    def contains(self, other: date | DateRange) -> bool:
        """Whether a day falls in the range, or another range lies wholly inside it."""
        if isinstance(other, DateRange):
            return self.first <= other.first and other.last <= self.last
        day = _calendar_day(other)
        return self.first <= day <= self.last

    def overlaps(self, other: DateRange) -> bool:
        """Whether the two share at least one day."""
        return self.first <= other.last and other.first <= self.last

    def intersect(self, other: DateRange) -> DateRange | None:
        """The common days, or ``None`` when there are none."""
        if not self.overlaps(other):
            return None
        return DateRange(max(self.first, other.first), min(self.last, other.last))

    def subtract(self, other: DateRange) -> tuple[DateRange, ...]:
        """The days of this range that are not in ``other`` (zero, one or two pieces)."""
        if not self.overlaps(other):
            return (self,)
        pieces = []
        if self.first < other.first:
            pieces.append(DateRange(self.first, other.first - _ONE_DAY))
        if other.last < self.last:
            pieces.append(DateRange(other.last + _ONE_DAY, self.last))
        return tuple(pieces)

    @staticmethod
    def merge(ranges: Iterable[DateRange]) -> tuple[DateRange, ...]:
        """Sort and join overlapping or adjacent ranges (``..05`` and ``06..`` join)."""
        merged: list[DateRange] = []
        for item in sorted(ranges, key=lambda r: (r.first, r.last)):
            if merged and (merged[-1].is_open_ended or item.first <= merged[-1].last + _ONE_DAY):
                if item.last > merged[-1].last:
                    merged[-1] = DateRange(merged[-1].first, item.last)
            else:
                merged.append(item)
        return tuple(merged)
