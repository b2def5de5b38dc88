"""In-memory adapters of the credentials ports: staff records and screenings."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import date
from typing import final

from medoffice.credentials._model import Location, StaffMember
from medoffice.credentials._monitoring import Screening
from medoffice.kernel import ConcurrencyConflict, InvalidValue

__all__ = ["InMemoryCredentialRepository", "InMemoryScreeningLog"]


@final
class InMemoryCredentialRepository:
    """Staff and locations in dictionaries, with optimistic concurrency on staff."""

    __slots__ = ("_locations", "_lock", "_staff")

    def __init__(self, *, lock: threading.RLock | None = None) -> None:
        # A lock shared with other repositories lets a unit of work hold them all at once.
        self._lock = lock or threading.RLock()
        self._staff: dict[str, tuple[StaffMember, int]] = {}
        self._locations: dict[str, Location] = {}

    def __repr__(self) -> str:
        return f"InMemoryCredentialRepository({len(self._staff)} staff)"

    def get(self, staff_id: str) -> StaffMember | None:
        """The staff member with ``staff_id``, or ``None``."""
        with self._lock:
            found = self._staff.get(staff_id)
        return found[0] if found else None

    def version(self, staff_id: str) -> int:
        """The stored version (0 when absent)."""
        with self._lock:
            found = self._staff.get(staff_id)
        return found[1] if found else 0

    def save(self, staff: StaffMember, *, expected_version: int) -> int:
        """Store ``staff`` if nobody saved it since ``expected_version``."""
        if not isinstance(staff, StaffMember):
            raise InvalidValue("the repository stores StaffMember values")
        with self._lock:
            current = self.version(staff.id)
            if current != expected_version:
                raise ConcurrencyConflict("the staff record changed since it was read; re-read it")
            self._staff[staff.id] = (staff, current + 1)
        return current + 1

    def staff_ids(self) -> Iterator[str]:
        """Every stored staff id, sorted."""
        with self._lock:
            return iter(sorted(self._staff))

    def location(self, location_id: str) -> Location | None:
        """The location with ``location_id``, or ``None``."""
        with self._lock:
            return self._locations.get(location_id)

    def save_location(self, location: Location) -> None:
        """Store or replace a location."""
        if not isinstance(location, Location):
            raise InvalidValue("the repository stores Location values")
        with self._lock:
            self._locations[location.id] = location

    def checkpoint(self) -> Callable[[], None]:
        """A function that puts back what the repository holds now (a unit of work's rollback)."""
        with self._lock:
            staff, locations = dict(self._staff), dict(self._locations)

        def restore() -> None:
            with self._lock:
                self._staff, self._locations = staff, locations

        return restore


@final
class InMemoryScreeningLog:
    """An append-only list of screenings; duplicates are ignored."""

    __slots__ = ("_items", "_lock")

    def __init__(self, *, lock: threading.RLock | None = None) -> None:
        self._lock = lock or threading.RLock()
        self._items: dict[Screening, None] = {}

    def __repr__(self) -> str:
        return f"InMemoryScreeningLog({len(self._items)} screenings)"

    def append(self, screening: Screening) -> None:
        """Log one screening."""
        if not isinstance(screening, Screening):
            raise InvalidValue("the log holds Screening values")
        with self._lock:
            self._items.setdefault(screening, None)

    def for_person(self, person_id: str) -> tuple[Screening, ...]:
        """The screenings of ``person_id``, oldest first."""
        with self._lock:
            found = [s for s in self._items if s.person_id == person_id]
        return tuple(sorted(found, key=_by_day))

    def between(self, first: date, last: date) -> tuple[Screening, ...]:
        """The screenings dated ``first``..``last``, oldest first."""
        with self._lock:
            found = [s for s in self._items if first <= s.on <= last]
        return tuple(sorted(found, key=_by_day))

    def checkpoint(self) -> Callable[[], None]:
        """A function that puts back what the log holds now (a unit of work's rollback)."""
        with self._lock:
            items = dict(self._items)

        def restore() -> None:
            with self._lock:
                self._items = items

        return restore


def _by_day(screening: Screening) -> tuple[date, str, str, str]:
    return (screening.on, screening.person_id, screening.source.value, screening.result.value)
