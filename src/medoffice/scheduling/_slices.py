"""Slices of the calendar: what one decision reads, and the versions it saves against.

The unit of consistency is one *lane* on one local day. A lane is a resource (a provider, a
room, a device: ``resource:dr-a``) or a patient (``patient:p-17``); its day is the calendar day
in the resource's own zone (the practice's zone for a patient). A booking reads the lanes it
needs over the days it needs (a :class:`SliceQuery`), gets their appointments and the version of
each :class:`SliceKey`, decides, and saves with the versions of the keys its appointments touch.
Two bookings clash only when they share a key: two providers, or one provider on two days,
never conflict, and a visit that needs a provider and a room versions both in one save.

Why this is sound: two visits that overlap (buffers included) hold one common instant, so they
share the local day of that instant on every lane they share. Rules that read more than the
visit's own days (a weekly limit, one open visit per patient) add the keys of what they read:
the days of the limit's period, or the patient's whole-lane key (``day=None``).

Repositories index each appointment under its lanes and the UTC days its held time (the span
with its buffers) covers (:func:`index_days`), so a query is a range scan of an index, however
long the practice's history.

>>> from datetime import UTC, datetime
>>> from medoffice.kernel import TimeRange
>>> held = TimeRange(datetime(2026, 3, 2, 23, tzinfo=UTC), datetime(2026, 3, 3, 1, tzinfo=UTC))
>>> [d.isoformat() for d in utc_days(held)]
['2026-03-02', '2026-03-03']
>>> resource_lane("dr-a"), patient_lane("p-1")
('resource:dr-a', 'patient:p-1')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Final, final
from zoneinfo import ZoneInfo

import attrs

from medoffice.kernel import InvalidArgument, InvalidValue, TimeRange
from medoffice.scheduling._appointments import Appointment
from medoffice.scheduling._convert import to_tuple
from medoffice.scheduling._time import local_midnight

__all__ = [
    "FOREVER",
    "LaneWindow",
    "SliceKey",
    "SliceQuery",
    "StoredSlice",
    "appointment_lanes",
    "expected_versions",
    "index_days",
    "patient_lane",
    "resource_lane",
    "utc_day_span",
    "utc_days",
]

RESOURCE: Final = "resource:"
PATIENT: Final = "patient:"
#: The end of an open-ended read (a patient's every future visit).
FOREVER: Final = datetime(9999, 1, 1, tzinfo=UTC)
_TICK: Final = timedelta(microseconds=1)


def resource_lane(resource: str) -> str:
    """The lane of a provider, room or device."""
    return RESOURCE + resource


def patient_lane(patient: str) -> str:
    """The lane of a patient (by the practice's patient reference, never a name)."""
    return PATIENT + patient


def appointment_lanes(appointment: Appointment) -> frozenset[str]:
    """Every lane an appointment is filed under: its provider, its resources, its patient."""
    return frozenset(resource_lane(r) for r in appointment.occupies) | {
        patient_lane(appointment.patient)
    }


def utc_day_span(window: TimeRange) -> tuple[date, date]:
    """The first and last UTC calendar days a half-open range of instants touches."""
    return window.start.astimezone(UTC).date(), (window.end - _TICK).astimezone(UTC).date()


def utc_days(window: TimeRange) -> tuple[date, ...]:
    """The UTC calendar days a half-open range of instants touches (a bounded range)."""
    first, last = utc_day_span(window)
    return tuple(first + timedelta(days=n) for n in range((last - first).days + 1))


def index_days(appointment: Appointment) -> tuple[date, ...]:
    """The UTC days under which a repository files ``appointment`` (those of its held time)."""
    return utc_days(appointment.held)


def local_days(window: TimeRange, tz: ZoneInfo) -> tuple[date, ...]:
    """The calendar days in ``tz`` that a half-open range of instants touches."""
    first = window.start.astimezone(tz).date()
    last = (window.end - _TICK).astimezone(tz).date()
    return tuple(first + timedelta(days=n) for n in range((last - first).days + 1))


def day_window(first: date, last: date, tz: ZoneInfo) -> TimeRange:
    """The instants from the start of ``first`` to the end of ``last`` in ``tz``."""
    start = local_midnight(first, tz)
    end = local_midnight(last + timedelta(days=1), tz)
    return TimeRange(datetime.fromtimestamp(start, UTC), datetime.fromtimestamp(end, UTC))


def _lane(_: object, __: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not value.startswith((RESOURCE, PATIENT)):
        raise InvalidValue("a lane is 'resource:<id>' or 'patient:<reference>'")


@final
@attrs.frozen(kw_only=True, order=True)
class SliceKey:
    """One lane on one local day: the unit a repository versions.

    ``day=None`` is the lane as a whole (a rule over a patient's every future visit).
    """

    lane: str = attrs.field(validator=_lane)
    day: date | None = None


@final
@attrs.frozen(kw_only=True)
class LaneWindow:
    """Read the appointments of ``lane`` whose held time overlaps ``window``."""

    lane: str = attrs.field(validator=_lane)
    window: TimeRange


def _windows(value: Iterable[LaneWindow]) -> tuple[LaneWindow, ...]:
    return tuple(sorted(value, key=lambda w: (w.lane, w.window.start, w.window.end)))


def _keys(value: Iterable[SliceKey]) -> frozenset[SliceKey]:
    return frozenset(value)


@final
@attrs.frozen(kw_only=True)
class SliceQuery:
    """What one decision reads: appointments of some lanes over some windows, and versions.

    A repository answers with every appointment filed under a lane of ``reads`` whose held
    time (span and buffers) overlaps that lane's window, each once, and the current version of
    every key in ``keys`` (0 for a key never saved).
    """

    reads: tuple[LaneWindow, ...] = attrs.field(default=(), converter=_windows)
    keys: frozenset[SliceKey] = attrs.field(default=frozenset(), converter=_keys)

    def __or__(self, other: SliceQuery) -> SliceQuery:
        return SliceQuery(reads=(*self.reads, *other.reads), keys=self.keys | other.keys)


def _versions(value: Mapping[SliceKey, int]) -> tuple[tuple[SliceKey, int], ...]:
    return tuple(sorted(dict(value).items()))


@final
@attrs.frozen(kw_only=True)
class StoredSlice:
    """What a repository answered to a :class:`SliceQuery`, read from one snapshot."""

    appointments: tuple[Appointment, ...] = attrs.field(default=(), converter=to_tuple)
    versions: tuple[tuple[SliceKey, int], ...] = attrs.field(default=(), converter=_versions)

    def version(self, key: SliceKey) -> int:
        """The version of ``key`` as read (a key not asked for is a programmer's mistake)."""
        found = dict(self.versions).get(key)
        if found is None:
            raise KeyError(key)
        return found


def held_overlaps(appointment: Appointment, window: TimeRange) -> bool:
    """Whether the appointment's held time overlaps ``window`` (a repository's exact filter)."""
    held = appointment.held
    return held.start < window.end and window.start < held.end


def expected_versions(value: object) -> dict[SliceKey, int]:
    """A save's expected versions, checked: a mapping of :class:`SliceKey` to int versions."""
    message = "expected maps each SliceKey read to the int version read"
    if not isinstance(value, Mapping):
        raise InvalidArgument(message)
    for key, version in value.items():
        if (
            not isinstance(key, SliceKey)
            or isinstance(version, bool)
            or not isinstance(version, int)
        ):
            raise InvalidArgument(message)
    return dict(value)
