"""The contract suite of :class:`~medoffice.scheduling.ports.WaitlistRepository`.

Subclass :class:`WaitlistRepositoryContract` and supply ``make_repository``; the suite checks
loading, compare-and-set saving of entries and offers together, that a stale save stores nothing,
that saving replaces by id, and that threads adding entries with retries lose none::

    class TestMyWaitlist(WaitlistRepositoryContract):
        def make_repository(self) -> WaitlistRepository:
            return MyWaitlist(...)
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from medoffice.kernel import ConcurrencyConflict, TimeRange
from medoffice.scheduling._slots import Slot
from medoffice.scheduling._types import Patient
from medoffice.scheduling._waitlist import Offer, WaitlistEntry, WaitlistStatus
from medoffice.scheduling.ports import StoredWaitlist, WaitlistRepository

__all__ = ["WaitlistRepositoryContract", "sample_entry", "sample_offer"]

_MONDAY = datetime(2026, 3, 2, tzinfo=UTC)


def sample_entry(ident: str, *, priority: int = 0) -> WaitlistEntry:
    """A waiting entry for a follow-up within the week of 2 March 2026."""
    return WaitlistEntry(
        id=ident,
        patient=Patient(ref=f"p-{ident}"),
        type_code="FU",
        requested_periods=[TimeRange(_MONDAY, _MONDAY + timedelta(days=5))],
        created=_MONDAY - timedelta(days=10),
        priority=priority,
    )


def sample_offer(ident: str, entry_id: str) -> Offer:
    """An open offer of a 09:00 slot with ``dr-0`` held for an hour."""
    start = _MONDAY + timedelta(hours=9)
    return Offer(
        id=ident,
        entry_id=entry_id,
        slot=Slot(start=start, end=start + timedelta(minutes=30), provider="dr-0", type_code="FU"),
        made=_MONDAY,
        hold_until=_MONDAY + timedelta(hours=1),
    )


class WaitlistRepositoryContract:
    """What every waitlist repository must do."""

    threads: int = 8

    def make_repository(self) -> WaitlistRepository:
        """Build an empty repository under test."""
        raise NotImplementedError

    def test_satisfies_the_protocol(self) -> None:
        """The repository is recognised as a ``WaitlistRepository``."""
        assert isinstance(self.make_repository(), WaitlistRepository)

    def test_starts_empty(self) -> None:
        """A new repository holds nothing."""
        stored = self.make_repository().load()
        assert isinstance(stored, StoredWaitlist)
        assert (stored.entries, stored.offers) == ((), ())

    def test_saves_entries_and_offers_together(self) -> None:
        """One save stores entries and offers and returns a new version."""
        repository = self.make_repository()
        version = repository.load().version
        new = repository.save(
            entries=[sample_entry("w-1")],
            offers=[sample_offer("o-1", "w-1")],
            expected_version=version,
        )
        stored = repository.load()
        assert new != version
        assert stored.version == new
        assert [e.id for e in stored.entries] == ["w-1"]
        assert [o.id for o in stored.offers] == ["o-1"]

    def test_a_stale_save_stores_nothing(self) -> None:
        """Saving with an old version raises and leaves the waitlist as it was."""
        repository = self.make_repository()
        first = repository.load().version
        repository.save(entries=[sample_entry("w-1")], expected_version=first)
        with pytest.raises(ConcurrencyConflict):
            repository.save(entries=[sample_entry("w-2")], expected_version=first)
        assert [e.id for e in repository.load().entries] == ["w-1"]

    def test_saving_replaces_by_id(self) -> None:
        """A saved entry with a known id replaces the stored one."""
        repository = self.make_repository()
        version = repository.save(entries=[sample_entry("w-1")], expected_version=0)
        booked = attrs.evolve(sample_entry("w-1"), status=WaitlistStatus.BOOKED)
        repository.save(entries=[booked], expected_version=version)
        stored = repository.load()
        assert [(e.id, e.status) for e in stored.entries] == [("w-1", WaitlistStatus.BOOKED)]

    # Every adapter's test class runs this same method: that is the point of a contract suite.
    @settings(
        max_examples=20, deadline=None, suppress_health_check=[HealthCheck.differing_executors]
    )
    @given(ids=st.lists(st.text("abc", min_size=1, max_size=3), max_size=6))
    def test_holds_exactly_the_ids_saved(self, ids: list[str]) -> None:
        """After a run of saves the repository holds one entry per distinct id."""
        repository = self.make_repository()
        for ident in ids:
            version = repository.load().version
            repository.save(entries=[sample_entry(ident)], expected_version=version)
        assert sorted(e.id for e in repository.load().entries) == sorted(set(ids))

    def test_concurrent_adds_lose_nothing(self) -> None:
        """Threads adding entries with retries on conflict all end up stored."""
        repository = self.make_repository()

        def add(ident: str) -> None:
            while True:
                version = repository.load().version
                try:
                    repository.save(entries=[sample_entry(ident)], expected_version=version)
                except ConcurrencyConflict:
                    continue
                return

        workers = [threading.Thread(target=add, args=(f"w-{n}",)) for n in range(self.threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        assert len(repository.load().entries) == self.threads
