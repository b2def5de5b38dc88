"""The contract suite of :class:`~medoffice.scheduling.ports.WaitlistRepository`.

Subclass :class:`WaitlistRepositoryContract` and supply ``make_repository``; the suite checks
loading, compare-and-set saving of entries and offers together, that a stale save stores nothing,
that saving replaces by id, that threads adding entries with retries lose none, and the open
slice: ``load_open`` holds exactly the open entries, their offers and the live offers (the
reference filter :func:`~medoffice.scheduling._waitlist_slice.open_slice`, also as a property),
closed ones are found by id and by period, and a save based on a slice still conflicts after
any other save::

    class TestMyWaitlist(WaitlistRepositoryContract):
        def make_repository(self) -> WaitlistRepository:
            return MyWaitlist(...)
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from medoffice.kernel import ConcurrencyConflict, TimeRange
from medoffice.scheduling._slots import Slot
from medoffice.scheduling._types import Patient
from medoffice.scheduling._waitlist import Offer, OfferStatus, WaitlistEntry, WaitlistStatus
from medoffice.scheduling._waitlist_slice import in_period, open_slice
from medoffice.scheduling.ports import StoredWaitlist, WaitlistRepository

__all__ = ["WaitlistRepositoryContract", "sample_entry", "sample_offer"]

_MONDAY = datetime(2026, 3, 2, tzinfo=UTC)
_NOW = _MONDAY + timedelta(minutes=30)  # inside sample_offer's hold
_EASTERN = ZoneInfo("America/New_York")
# Instants around _NOW, half an hour apart (so some equal it), in UTC or in New York.
_INSTANTS = st.builds(
    lambda steps, eastern: (_NOW + timedelta(minutes=30 * steps)).astimezone(
        _EASTERN if eastern else UTC
    ),
    st.integers(-3, 3),
    st.booleans(),
)


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

    # -- the open slice -------------------------------------------------------------------

    def _history(self, repository: WaitlistRepository) -> None:
        """Store one entry in each state and offers in each state around ``_NOW``."""
        waiting = sample_entry("w-wait")
        offered = attrs.evolve(sample_entry("w-off"), status=WaitlistStatus.OFFERED)
        booked = attrs.evolve(sample_entry("w-booked"), status=WaitlistStatus.BOOKED)
        withdrawn = attrs.evolve(sample_entry("w-gone"), status=WaitlistStatus.WITHDRAWN)
        expired = attrs.evolve(sample_entry("w-exp"), expires=_NOW)  # expires at _NOW: closed
        later = attrs.evolve(sample_entry("w-later"), expires=_NOW + timedelta(microseconds=1))
        offers = [
            attrs.evolve(sample_offer("o-declined", "w-wait"), status=OfferStatus.DECLINED),
            sample_offer("o-live", "w-off"),
            attrs.evolve(sample_offer("o-accepted", "w-booked"), status=OfferStatus.ACCEPTED),
            sample_offer("o-held-for-closed", "w-gone"),  # live: still holds its slot
            attrs.evolve(sample_offer("o-lapsed", "w-exp"), hold_until=_NOW),  # not live
        ]
        repository.save(
            entries=[waiting, offered, booked, withdrawn, expired, later],
            offers=offers,
            expected_version=repository.load().version,
        )

    def test_the_open_slice_holds_open_entries_their_offers_and_live_offers(self) -> None:
        """Closed entries (booked, withdrawn, expired) and their answered offers are left out."""
        repository = self.make_repository()
        self._history(repository)
        stored = repository.load_open(_NOW)
        assert isinstance(stored, StoredWaitlist)
        assert [e.id for e in stored.entries] == ["w-wait", "w-off", "w-later"]
        assert [o.id for o in stored.offers] == ["o-declined", "o-live", "o-held-for-closed"]
        assert stored.version == repository.load().version

    def test_an_entry_leaves_the_slice_when_saved_closed(self) -> None:
        """Replacing an entry by id moves it out of (and back into) the open slice."""
        repository = self.make_repository()
        version = repository.save(entries=[sample_entry("w-1")], expected_version=0)
        booked = attrs.evolve(sample_entry("w-1"), status=WaitlistStatus.BOOKED)
        version = repository.save(entries=[booked], expected_version=version)
        assert repository.load_open(_NOW).entries == ()
        repository.save(entries=[sample_entry("w-1")], expected_version=version)
        assert [e.id for e in repository.load_open(_NOW).entries] == ["w-1"]

    def test_closed_ones_are_found_by_id(self) -> None:
        """``find`` reads entries and offers by id whatever their status; unknown ids are left
        out; the version is the waitlist's."""
        repository = self.make_repository()
        self._history(repository)
        found = repository.find(
            entry_ids=["w-booked", "w-exp", "w-none"], offer_ids={"o-accepted", "o-none"}
        )
        assert sorted(e.id for e in found.entries) == ["w-booked", "w-exp"]
        assert [o.id for o in found.offers] == ["o-accepted"]
        assert found.version == repository.load().version
        assert repository.find() == StoredWaitlist(entries=(), offers=(), version=found.version)

    def test_the_history_of_a_period(self) -> None:
        """``history`` reads the entries created in a period, whatever their status, and their
        offers."""
        repository = self.make_repository()
        version = repository.save(
            entries=[
                attrs.evolve(sample_entry("w-old"), created=_MONDAY - timedelta(days=400)),
                attrs.evolve(sample_entry("w-new"), created=_MONDAY, status=WaitlistStatus.BOOKED),
            ],
            offers=[sample_offer("o-new", "w-new"), sample_offer("o-old", "w-old")],
            expected_version=0,
        )
        stored = repository.history(_MONDAY - timedelta(days=7), _MONDAY + timedelta(days=1))
        assert [e.id for e in stored.entries] == ["w-new"]
        assert [o.id for o in stored.offers] == ["o-new"]
        assert stored.version == version
        assert repository.history(_MONDAY - timedelta(days=7), _MONDAY).entries == ()

    def test_a_save_based_on_a_slice_conflicts_after_any_save(self) -> None:
        """The slice carries the waitlist's one version: a save since the read, even of a
        closed entry only, makes a save based on the slice raise and store nothing."""
        repository = self.make_repository()
        self._history(repository)
        stored = repository.load_open(_NOW)
        closed = attrs.evolve(sample_entry("w-booked"), status=WaitlistStatus.WITHDRAWN)
        repository.save(entries=[closed], expected_version=repository.load().version)
        offered = attrs.evolve(stored.entries[0], status=WaitlistStatus.OFFERED)
        with pytest.raises(ConcurrencyConflict):
            repository.save(entries=[offered], expected_version=stored.version)
        assert repository.find(entry_ids=["w-wait"]).entries == (sample_entry("w-wait"),)

    @settings(
        max_examples=25, deadline=None, suppress_health_check=[HealthCheck.differing_executors]
    )
    @given(
        entries=st.lists(
            st.tuples(st.sampled_from(WaitlistStatus), st.none() | _INSTANTS, _INSTANTS),
            max_size=5,
        ),
        offers=st.lists(
            st.tuples(st.integers(0, 5), st.sampled_from(OfferStatus), _INSTANTS), max_size=5
        ),
        now=_INSTANTS,
        period=st.tuples(_INSTANTS, _INSTANTS),
    )
    def test_the_slice_is_the_reference_filter(
        self,
        entries: list[tuple[WaitlistStatus, datetime | None, datetime]],
        offers: list[tuple[int, OfferStatus, datetime]],
        now: datetime,
        period: tuple[datetime, datetime],
    ) -> None:
        """Whatever the states and instants (zones mixed, bounds equal), ``load_open`` and
        ``history`` answer what the reference filters answer on the whole load, in its order."""
        repository = self.make_repository()
        stored_entries = [
            attrs.evolve(sample_entry(f"w-{n}"), status=status, expires=expires, created=created)
            for n, (status, expires, created) in enumerate(entries)
        ]
        stored_offers = [
            attrs.evolve(sample_offer(f"o-{n}", f"w-{owner}"), status=status, hold_until=hold)
            for n, (owner, status, hold) in enumerate(offers)
        ]
        repository.save(
            entries=stored_entries,
            offers=stored_offers,
            expected_version=repository.load().version,
        )
        whole = repository.load()
        assert (repository.load_open(now).entries, repository.load_open(now).offers) == (
            open_slice(whole.entries, whole.offers, now)
        )
        history = repository.history(*period)
        assert (history.entries, history.offers) == in_period(whole.entries, whole.offers, *period)
