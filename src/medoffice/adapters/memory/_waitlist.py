"""An in-memory waitlist: :class:`InMemoryWaitlistRepository`.

Entries and offers live in dicts guarded by a lock; ``load_open`` filters them with
:func:`~medoffice.scheduling._waitlist_slice.open_slice` (memory has no index to gain from);
``save`` stores entries and offers together
when nobody saved since the version the caller read, and raises
:class:`~medoffice.kernel.ConcurrencyConflict` (storing nothing) otherwise. It passes the
contract suite :class:`medoffice.testing._waitlist_contracts.WaitlistRepositoryContract`.

>>> repository = InMemoryWaitlistRepository()
>>> repository.load().version
0
>>> repository.save(expected_version=0)
1
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Sequence
from datetime import datetime
from typing import TypeVar, final

from medoffice.kernel import ConcurrencyConflict, InvalidArgument, InvalidValue
from medoffice.scheduling._waitlist import Offer, WaitlistEntry
from medoffice.scheduling._waitlist_slice import (
    checked_ids,
    checked_instant,
    in_period,
    open_slice,
)
from medoffice.scheduling.ports import StoredWaitlist

__all__ = ["InMemoryWaitlistRepository"]

T = TypeVar("T")


@final
class InMemoryWaitlistRepository:
    """A thread-safe :class:`~medoffice.scheduling.ports.WaitlistRepository` in memory."""

    __slots__ = ("_entries", "_lock", "_offers", "_version")

    def __init__(self, *, lock: threading.RLock | None = None) -> None:
        # A lock shared with other repositories lets a unit of work hold them all at once.
        self._lock: threading.RLock | threading.Lock = lock or threading.Lock()
        self._entries: dict[str, WaitlistEntry] = {}
        self._offers: dict[str, Offer] = {}
        self._version = 0

    def load(self) -> StoredWaitlist:
        """Every entry and offer, in insertion order, and the current version."""
        with self._lock:
            return StoredWaitlist(
                entries=tuple(self._entries.values()),
                offers=tuple(self._offers.values()),
                version=self._version,
            )

    def load_open(self, now: datetime) -> StoredWaitlist:
        """The entries open at ``now`` and their offers, the offers live at ``now``, and the
        current version."""
        at = checked_instant(now, "now")
        with self._lock:
            entries, offers = open_slice(self._entries.values(), self._offers.values(), at)
            return StoredWaitlist(entries=entries, offers=offers, version=self._version)

    def find(
        self, *, entry_ids: Collection[str] = (), offer_ids: Collection[str] = ()
    ) -> StoredWaitlist:
        """The stored entries and offers with these ids, and the current version."""
        entry_set = checked_ids(entry_ids, "entry_ids")
        offer_set = checked_ids(offer_ids, "offer_ids")
        with self._lock:
            return StoredWaitlist(
                entries=tuple(e for i, e in self._entries.items() if i in entry_set),
                offers=tuple(o for i, o in self._offers.items() if i in offer_set),
                version=self._version,
            )

    def history(self, start: datetime, end: datetime) -> StoredWaitlist:
        """The entries created from ``start`` to ``end`` (exclusive), their offers, and the
        current version."""
        first, last = checked_instant(start, "start"), checked_instant(end, "end")
        with self._lock:
            entries, offers = in_period(self._entries.values(), self._offers.values(), first, last)
            return StoredWaitlist(entries=entries, offers=offers, version=self._version)

    def save(
        self,
        *,
        entries: Sequence[WaitlistEntry] = (),
        offers: Sequence[Offer] = (),
        expected_version: int,
    ) -> int:
        """Store ``entries`` and ``offers`` together if nobody saved since ``expected_version``."""
        new_entries = [_checked(item, WaitlistEntry) for item in entries]
        new_offers = [_checked(item, Offer) for item in offers]
        if isinstance(expected_version, bool) or not isinstance(expected_version, int):
            raise InvalidArgument("expected_version is the int version that was loaded")
        with self._lock:
            if expected_version != self._version:
                raise ConcurrencyConflict("the waitlist changed since it was read; read again")
            for entry in new_entries:
                self._entries[entry.id] = entry
            for offer in new_offers:
                self._offers[offer.id] = offer
            self._version += 1
            return self._version

    def checkpoint(self) -> Callable[[], None]:
        """A function that puts back what the repository holds now (a unit of work's rollback)."""
        with self._lock:
            entries, offers, version = dict(self._entries), dict(self._offers), self._version

        def restore() -> None:
            with self._lock:
                self._entries, self._offers, self._version = entries, offers, version

        return restore

    def __repr__(self) -> str:
        return (
            f"InMemoryWaitlistRepository(entries={len(self._entries)}, "
            f"offers={len(self._offers)}, version={self._version})"
        )


def _checked(item: object, kind: type[T]) -> T:
    if not isinstance(item, kind):
        raise InvalidValue(f"the waitlist stores {kind.__name__}s, not {type(item).__name__}")
    return item
