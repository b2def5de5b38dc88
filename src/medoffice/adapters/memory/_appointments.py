"""The appointment repository in memory: :class:`InMemoryAppointmentRepository`.

:class:`InMemoryAppointmentRepository` keeps appointments in a dict guarded by a lock; ``save``
is a compare-and-set on one version number, so under any number of threads exactly one of two
racing bookings is stored and the other gets
:class:`~medoffice.kernel.ConcurrencyConflict`.

>>> repository = InMemoryAppointmentRepository()
>>> repository.load().version, repository.save([], expected_version=0)
(0, 1)
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from typing import final

from medoffice.kernel import ConcurrencyConflict, InvalidArgument, InvalidValue
from medoffice.scheduling._appointments import Appointment
from medoffice.scheduling.ports import StoredAppointments

__all__ = ["InMemoryAppointmentRepository"]


@final
class InMemoryAppointmentRepository:
    """A thread-safe :class:`~medoffice.scheduling.ports.AppointmentRepository` in memory."""

    __slots__ = ("_appointments", "_lock", "_version")

    def __init__(
        self, appointments: Iterable[Appointment] = (), *, lock: threading.RLock | None = None
    ) -> None:
        # A lock shared with other repositories lets a unit of work hold them all at once.
        self._lock: threading.RLock | threading.Lock = lock or threading.Lock()
        self._appointments: dict[str, Appointment] = {}
        for item in appointments:
            self._appointments[_checked(item).id] = item
        self._version = 0

    def load(self) -> StoredAppointments:
        """Every appointment, in insertion order, and the current version."""
        with self._lock:
            return StoredAppointments(
                appointments=tuple(self._appointments.values()), version=self._version
            )

    def save(self, changed: Sequence[Appointment], *, expected_version: int) -> int:
        """Store ``changed`` together if nobody saved since ``expected_version``."""
        items = [_checked(item) for item in changed]
        if isinstance(expected_version, bool) or not isinstance(expected_version, int):
            raise InvalidArgument("expected_version is the int version that was loaded")
        with self._lock:
            if expected_version != self._version:
                raise ConcurrencyConflict(
                    "the appointments changed since they were read; read again"
                )
            for item in items:
                self._appointments[item.id] = item
            self._version += 1
            return self._version

    def checkpoint(self) -> Callable[[], None]:
        """A function that puts back what the repository holds now (a unit of work's rollback)."""
        with self._lock:
            appointments, version = dict(self._appointments), self._version

        def restore() -> None:
            with self._lock:
                self._appointments, self._version = appointments, version

        return restore

    def __repr__(self) -> str:
        count = len(self._appointments)
        return f"InMemoryAppointmentRepository(appointments={count}, version={self._version})"


def _checked(item: object) -> Appointment:
    if not isinstance(item, Appointment):
        raise InvalidValue(f"the repository stores appointments, not {type(item).__name__}")
    return item
