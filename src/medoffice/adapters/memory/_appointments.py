"""The appointment repository in memory: :class:`InMemoryAppointmentRepository`.

Appointments are kept by id, and filed in a sorted index per lane of ``(UTC day, id)``, so a
slice is a bisection, not a scan; versions are a dict per lane-day key. ``save`` is a
compare-and-set on the keys it is given, under a lock: under any number of threads exactly one
of two racing bookings of one day is stored and the other gets
:class:`~medoffice.kernel.ConcurrencyConflict`.

>>> from medoffice.scheduling._slices import SliceKey, SliceQuery
>>> repository = InMemoryAppointmentRepository()
>>> key = SliceKey(lane="resource:dr-a", day=None)
>>> repository.load(SliceQuery(keys=[key])).versions
((SliceKey(lane='resource:dr-a', day=None), 0),)
>>> repository.save([], expected={key: 0})
{SliceKey(lane='resource:dr-a', day=None): 1}
"""

from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right, insort
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from datetime import date
from typing import final

from medoffice.kernel import ConcurrencyConflict, InvalidArgument, InvalidValue
from medoffice.scheduling._appointments import Appointment
from medoffice.scheduling._slices import (
    SliceKey,
    SliceQuery,
    StoredSlice,
    appointment_lanes,
    expected_versions,
    held_overlaps,
    index_days,
    utc_day_span,
)

__all__ = ["InMemoryAppointmentRepository"]

_CONFLICT = "the appointments of that day changed since they were read; read again"


@final
class InMemoryAppointmentRepository:
    """A thread-safe :class:`~medoffice.scheduling.ports.AppointmentRepository` in memory."""

    __slots__ = ("_appointments", "_lanes", "_lock", "_versions")

    def __init__(
        self, appointments: Iterable[Appointment] = (), *, lock: threading.RLock | None = None
    ) -> None:
        # A lock shared with other repositories lets a unit of work hold them all at once.
        self._lock: threading.RLock | threading.Lock = lock or threading.Lock()
        self._appointments: dict[str, Appointment] = {}
        self._lanes: dict[str, list[tuple[date, str]]] = {}
        self._versions: dict[SliceKey, int] = {}
        for item in appointments:
            self._put(_checked(item))

    def load(self, query: SliceQuery) -> StoredSlice:
        """The appointments and versions ``query`` asks for."""
        if not isinstance(query, SliceQuery):
            raise InvalidArgument("load takes a SliceQuery")
        found: dict[str, Appointment] = {}
        with self._lock:
            for read in query.reads:
                first, last = utc_day_span(read.window)
                index = self._lanes.get(read.lane, [])
                low = bisect_left(index, (first, ""))
                high = bisect_right(index, (last, "\U0010ffff"))
                for _, ident in index[low:high]:
                    item = self._appointments[ident]
                    if ident not in found and held_overlaps(item, read.window):
                        found[ident] = item
            versions = {key: self._versions.get(key, 0) for key in query.keys}
        return StoredSlice(appointments=tuple(found.values()), versions=versions)

    def find(self, appointment_ids: Collection[str]) -> tuple[Appointment, ...]:
        """The stored appointments with these ids."""
        with self._lock:
            return tuple(
                self._appointments[i]
                for i in sorted(set(appointment_ids))
                if i in self._appointments
            )

    def save(
        self, changed: Sequence[Appointment], *, expected: Mapping[SliceKey, int]
    ) -> dict[SliceKey, int]:
        """Store ``changed`` together if no key of ``expected`` moved."""
        items = [_checked(item) for item in changed]
        wanted = expected_versions(expected)
        with self._lock:
            if any(self._versions.get(k, 0) != v for k, v in wanted.items()):
                raise ConcurrencyConflict(_CONFLICT)
            for item in items:
                self._remove(item.id)
                self._put(item)
            for key in wanted:
                self._versions[key] = self._versions.get(key, 0) + 1
            return {key: self._versions[key] for key in sorted(wanted)}

    def _put(self, item: Appointment) -> None:
        self._appointments[item.id] = item
        days = index_days(item)
        for lane in appointment_lanes(item):
            index = self._lanes.setdefault(lane, [])
            for day in days:
                insort(index, (day, item.id))

    def _remove(self, ident: str) -> None:
        old = self._appointments.pop(ident, None)
        if old is None:
            return
        days = index_days(old)
        for lane in appointment_lanes(old):
            index = self._lanes[lane]
            for day in days:
                index.pop(bisect_left(index, (day, ident)))

    def checkpoint(self) -> Callable[[], None]:
        """A function that puts back what the repository holds now (a unit of work's rollback)."""
        with self._lock:
            appointments = dict(self._appointments)
            lanes = {k: list(v) for k, v in self._lanes.items()}
            versions = dict(self._versions)

        def restore() -> None:
            with self._lock:
                self._appointments, self._lanes, self._versions = appointments, lanes, versions

        return restore

    def __repr__(self) -> str:
        return f"InMemoryAppointmentRepository(appointments={len(self._appointments)})"


def _checked(item: object) -> Appointment:
    if not isinstance(item, Appointment):
        raise InvalidValue(f"the repository stores appointments, not {type(item).__name__}")
    return item
