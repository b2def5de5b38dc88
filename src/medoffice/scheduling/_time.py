"""Wall-clock times to instants: the documented daylight-saving policy.

A clinic's template says "09:00 to 12:00 on Mondays" in its own IANA zone. Turning that into
instants is ambiguous twice a year in most zones, so the choice is made here, explicitly, and
never left to a library default:

- **Spring-forward gap** (a wall time that does not exist, 02:30 on 2026-03-08 in New York):
  ``GapPolicy.SHIFT_FORWARD`` moves it to the first valid instant after the gap (03:00 EDT);
  ``GapPolicy.DROP`` drops a window that *starts* in the gap. A window *ending* in the gap always
  ends at the first valid instant, so its real length is what the clock on the wall showed.
- **Fall-back overlap** (a wall time that happens twice, 01:30 on 2026-11-01 in New York):
  ``OverlapPolicy.EARLIER`` takes the first occurrence (``fold=0``, still daylight time);
  ``OverlapPolicy.LATER`` the second (``fold=1``, standard time).

Lengths are always real elapsed minutes between the two resolved instants, computed in UTC.

More information: PEP 495 (local time disambiguation, https://peps.python.org/pep-0495/) and the
IANA time zone database (https://www.iana.org/time-zones).

>>> from datetime import date, time
>>> new_york = zone("America/New_York")
>>> resolve(date(2026, 3, 8), time(2, 30), new_york, DstPolicy()).isoformat()
'2026-03-08T07:00:00+00:00'
>>> resolve(date(2026, 3, 8), time(2, 30), new_york, DstPolicy(gap=GapPolicy.DROP)) is None
True
>>> resolve(date(2026, 11, 1), time(1, 30), new_york, DstPolicy()).isoformat()
'2026-11-01T05:30:00+00:00'
>>> later = DstPolicy(overlap=OverlapPolicy.LATER)
>>> resolve(date(2026, 11, 1), time(1, 30), new_york, later).isoformat()
'2026-11-01T06:30:00+00:00'
"""

from __future__ import annotations

import enum
import functools
import math
from datetime import UTC, date, datetime, time, timedelta
from typing import Final, final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs

from medoffice.kernel import InvalidValue

__all__ = [
    "DstPolicy",
    "GapPolicy",
    "OverlapPolicy",
    "RepeatedLabels",
    "is_repeated",
    "resolve",
    "to_seconds",
    "wall_label",
    "zone",
]

_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)


@final
class GapPolicy(enum.StrEnum):
    """What a wall time inside the spring-forward gap becomes."""

    SHIFT_FORWARD = "shift-forward"
    DROP = "drop"


@final
class OverlapPolicy(enum.StrEnum):
    """Which occurrence of a wall time repeated by the fall-back overlap is meant."""

    EARLIER = "earlier"
    LATER = "later"


@final
class RepeatedLabels(enum.StrEnum):
    """Which slots of the fall-back hour are offered, when a clock shows its labels twice.

    ``FIRST`` (the default) offers each wall-clock label once, at its first free occurrence;
    ``BOTH`` offers both, each slot's label then naming its UTC offset ("01:30 UTC-04:00").
    """

    FIRST = "first"
    BOTH = "both"


@final
@attrs.frozen(kw_only=True, cache_hash=True)
class DstPolicy:
    """The explicit daylight-saving choice used when expanding wall-clock templates, and how
    the labels of the repeated fall-back hour are offered."""

    gap: GapPolicy = attrs.field(default=GapPolicy.SHIFT_FORWARD, converter=GapPolicy)
    overlap: OverlapPolicy = attrs.field(default=OverlapPolicy.EARLIER, converter=OverlapPolicy)
    repeated: RepeatedLabels = attrs.field(default=RepeatedLabels.FIRST, converter=RepeatedLabels)


def is_repeated(local: datetime) -> bool:
    """Whether the wall time of ``local`` (an instant seen in its zone, never a wall time of a
    spring-forward gap) happens twice that day: the fall-back hour."""
    return local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset()


def wall_label(local: datetime) -> str:
    """A slot's label: ``HH:MM``, with the UTC offset when the clock shows it twice that day."""
    if not is_repeated(local):
        return f"{local:%H:%M}"
    offset = local.strftime("%z")
    return f"{local:%H:%M} UTC{offset[:3]}:{offset[3:]}"


@functools.cache
def zone(name: object) -> ZoneInfo:
    """The IANA zone called ``name``; an unknown name is an :class:`InvalidValue`."""
    if not isinstance(name, str) or not name or name.startswith(("/", ".")):
        raise InvalidValue("a time zone is an IANA name such as 'America/New_York'")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long for a path
        raise InvalidValue(f"{name[:60]!r} is not an IANA time zone") from None


def to_seconds(instant: object) -> int:
    """Whole seconds since the Unix epoch (instants are compared in UTC).

    The stdlib method is called directly so that ``pendulum`` instants behave the same.
    """
    if not isinstance(instant, datetime) or instant.utcoffset() is None:
        raise InvalidValue("an instant must be a timezone-aware datetime")
    return math.floor(datetime.timestamp(instant))


def from_seconds(seconds: int) -> datetime:
    """The UTC instant ``seconds`` after the Unix epoch."""
    return datetime.fromtimestamp(seconds, UTC)


def resolve(day: date, wall: time, tz: ZoneInfo, policy: DstPolicy) -> datetime | None:
    """The UTC instant the wall time ``wall`` on ``day`` in ``tz`` stands for, by ``policy``.

    ``None`` only when the wall time is in a spring-forward gap and the policy drops it.
    """
    seconds = resolve_seconds(day, wall, tz, policy, in_gap=None)
    return None if seconds is None else from_seconds(seconds)


def resolve_seconds(
    day: date, wall: time, tz: ZoneInfo, policy: DstPolicy, *, in_gap: GapPolicy | None
) -> int | None:
    """Like :func:`resolve`, in epoch seconds; ``in_gap`` overrides the policy's gap rule."""
    naive = datetime.combine(day, wall)
    first = naive.replace(tzinfo=tz, fold=0)
    second = naive.replace(tzinfo=tz, fold=1)
    off_first, off_second = first.utcoffset(), second.utcoffset()
    if off_first == off_second:
        return to_seconds(first)
    at_first = to_seconds(first)
    # In a gap the fold=0 reading maps to a wall time that differs from the one asked for.
    if from_seconds(at_first).astimezone(tz).replace(tzinfo=None) != naive:
        if (in_gap or policy.gap) is GapPolicy.DROP:
            return None
        return _first_valid_after(to_seconds(second), at_first, tz, naive)
    if policy.overlap is OverlapPolicy.EARLIER:
        return min(at_first, to_seconds(second))
    return max(at_first, to_seconds(second))


def _first_valid_after(low: int, high: int, tz: ZoneInfo, naive: datetime) -> int:
    """The transition instant: the first instant whose wall time is at or after ``naive``."""
    low, high = min(low, high), max(low, high)
    while high - low > 1:
        middle = (low + high) // 2
        if from_seconds(middle).astimezone(tz).replace(tzinfo=None) >= naive:
            high = middle
        else:
            low = middle
    return high


def utc_offset_seconds(seconds: int, tz: ZoneInfo) -> int:
    """The zone's offset from UTC, in seconds, at the instant ``seconds``."""
    offset = from_seconds(seconds).astimezone(tz).utcoffset()
    assert offset is not None
    return offset // timedelta(seconds=1)


def local_day(seconds: int, tz: ZoneInfo) -> date:
    """The calendar day in ``tz`` at the instant ``seconds``."""
    return from_seconds(seconds).astimezone(tz).date()


def local_midnight(day: date, tz: ZoneInfo) -> int:
    """The first instant of ``day`` in ``tz`` (a day may start at 01:00 where midnight is a gap)."""
    result = resolve_seconds(day, time(0), tz, DstPolicy(), in_gap=GapPolicy.SHIFT_FORWARD)
    assert result is not None
    return result
