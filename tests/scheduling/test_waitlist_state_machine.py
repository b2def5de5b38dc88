"""The waitlist services as a state machine: offers never target closed entries, nothing doubles.

Entries join, openings are offered (sequential or broadcast), offers are accepted or left to
expire as the clock moves. Invariants: an offer made at some instant targeted an entry that was
open then and had no live offer; each booked entry has exactly one appointment in the calendar;
no two appointments of one provider overlap; a booked entry's offer is accepted.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import pairwise

import attrs
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from medoffice.adapters.memory import InMemoryStore
from medoffice.kernel import TimeRange
from medoffice.scheduling import (
    OfferMode,
    OfferNotLive,
    OfferPolicy,
    OfferStatus,
    Scheduling,
    WaitlistStatus,
)
from medoffice.testing import FrozenClock
from medoffice.testing._scheduling_contracts import stored_appointments
from medoffice.testing._scheduling_strategies import weekday_setup
from medoffice.testing._waitlist_contracts import sample_entry

SETUP = weekday_setup(providers=2, zone="UTC")
MONDAY = datetime(2026, 3, 2, tzinfo=UTC)
START = MONDAY - timedelta(days=2)


class WaitlistMachine(RuleBasedStateMachine):
    """Random use of the waitlist services against in-memory repositories."""

    def __init__(self) -> None:
        super().__init__()
        self.store = InMemoryStore()
        self.appointments = self.store.appointments
        self.waitlist = self.store.waitlist
        self.clock = FrozenClock(START)
        self.count = 0
        self.booked_ids = 0

    @rule(
        priority=st.integers(0, 2),
        expires_in=st.one_of(st.none(), st.integers(1, 48)),
    )
    def join(self, priority: int, expires_in: int | None) -> None:
        """A patient joins the waitlist."""
        now = self.clock.now()
        entry = attrs.evolve(
            sample_entry(f"w-{self.count}", priority=priority),
            created=now,
            expires=None if expires_in is None else now + timedelta(hours=expires_in),
        )
        self.count += 1
        version = self.waitlist.load().version
        self.waitlist.save(entries=[entry], expected_version=version)

    @rule(
        hour=st.integers(9, 16),
        provider=st.sampled_from(["dr-0", "dr-1"]),
        broadcast=st.booleans(),
    )
    def open_time(self, hour: int, provider: str, broadcast: bool) -> None:
        """An hour opens; the best matches get offers, each to an open entry without one."""
        now = self.clock.now()
        before = {e.id: e for e in self.waitlist.load().entries}
        live = {o.entry_id for o in self.waitlist.load().offers if o.is_live(now)}
        opening = TimeRange(MONDAY + timedelta(hours=hour), MONDAY + timedelta(hours=hour + 1))
        mode = OfferMode.BROADCAST if broadcast else OfferMode.SEQUENTIAL
        service = Scheduling(
            self.store,
            setup=SETUP,
            clock=self.clock,
            offers=OfferPolicy(mode=mode, hold_minutes=240),
        )
        offers = service.offer_from_waitlist(opening, [provider])
        for offer in offers:
            target = before[offer.entry_id]
            assert target.is_open(now)
            assert target.id not in live

    @rule(pick=st.integers(0, 1000))
    def accept(self, pick: int) -> None:
        """Someone accepts an offer (a live one when there is one)."""
        everything = self.waitlist.load().offers
        offers = [o for o in everything if o.is_live(self.clock.now())] or everything
        if not offers:
            return
        offer = offers[pick % len(offers)]
        try:
            Scheduling(self.store, setup=SETUP, clock=self.clock).accept_offer(
                offer.id, appointment_id=f"a-{self.booked_ids}"
            )
        except OfferNotLive:
            return
        finally:
            self.booked_ids += 1

    @rule(minutes=st.integers(1, 120))
    def wait(self, minutes: int) -> None:
        """Time passes; holds and entries may expire."""
        self.clock.advance(minutes=minutes)

    @invariant()
    def booked_entries_have_one_appointment(self) -> None:
        """Each booked entry points at a stored appointment, each appointment at one entry."""
        stored = self.waitlist.load()
        ids = {a.id for a in stored_appointments(self.appointments, *SETUP.providers)}
        booked = [e for e in stored.entries if e.status is WaitlistStatus.BOOKED]
        assert all(e.appointment_id in ids for e in booked)
        assert len({e.appointment_id for e in booked}) == len(booked) == len(ids)
        accepted = {o.entry_id for o in stored.offers if o.status is OfferStatus.ACCEPTED}
        assert accepted == {e.id for e in booked}

    @invariant()
    def no_provider_is_double_booked(self) -> None:
        """No two appointments of one provider overlap."""
        items = sorted(
            (a.provider, a.span.start, a.span.end)
            for a in stored_appointments(self.appointments, *SETUP.providers)
        )
        for (p1, _, e1), (p2, s2, _) in pairwise(items):
            assert p1 != p2 or e1 <= s2


def test_waitlist_services_keep_their_invariants() -> None:
    """Random joins, openings, acceptances and waiting never break the waitlist's invariants."""
    run_state_machine_as_test(
        WaitlistMachine, settings=settings(max_examples=40, stateful_step_count=20, deadline=None)
    )
