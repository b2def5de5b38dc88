"""The waitlist: ranking, offers that hold a slot, and acceptance through the booking decision."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medoffice.adapters.memory import InMemoryStore
from medoffice.kernel import InvalidArgument, InvalidValue, TimeRange
from medoffice.scheduling._appointments import Appointment, AppointmentStatus
from medoffice.scheduling._booking import Booked, BookingPolicy, Rejected
from medoffice.scheduling._conflicts import ConflictKind
from medoffice.scheduling._metrics import waitlist_conversion
from medoffice.scheduling._slots import Slot
from medoffice.scheduling._snapshot import ScheduleSnapshot
from medoffice.scheduling._types import Patient
from medoffice.scheduling._waitlist import (
    Offer,
    OfferMode,
    OfferNotLive,
    OfferPolicy,
    OfferStatus,
    WaitlistEntry,
    WaitlistStatus,
    decide_acceptance,
    make_offers,
    offered_entries,
    overlapping_offers,
    settle_acceptance,
    waitlist_matches,
)
from medoffice.scheduling.services import Scheduling
from medoffice.testing import FrozenClock
from medoffice.testing._scheduling_contracts import stored_appointments
from medoffice.testing._scheduling_strategies import weekday_setup
from medoffice.testing._waitlist_contracts import sample_entry, sample_offer

SETUP = weekday_setup(providers=2, zone="UTC")
MONDAY = datetime(2026, 3, 2, tzinfo=UTC)
NOW = MONDAY - timedelta(days=1)
OPENING = TimeRange(MONDAY + timedelta(hours=9), MONDAY + timedelta(hours=10))


def matches_for(
    entries: list[WaitlistEntry], *, now: datetime = NOW, snapshot: ScheduleSnapshot | None = None
) -> list[str]:
    found = waitlist_matches(
        snapshot or ScheduleSnapshot(setup=SETUP),
        entries,
        opening=OPENING,
        providers=["dr-0"],
        now=now,
    )
    return [m.entry.id for m in found]


class TestRanking:
    """Matches come highest priority first, first come first served within a priority."""

    def test_higher_priority_first(self) -> None:
        """An urgent entry outranks an older routine one."""
        old = attrs.evolve(sample_entry("w-old"), created=NOW - timedelta(days=3))
        urgent = attrs.evolve(sample_entry("w-urgent", priority=2), created=NOW)
        assert matches_for([old, urgent]) == ["w-urgent", "w-old"]

    def test_first_come_first_served_within_a_priority(self) -> None:
        """Of two routine entries the one waiting longer comes first."""
        first = attrs.evolve(sample_entry("w-b"), created=NOW - timedelta(days=2))
        second = attrs.evolve(sample_entry("w-a"), created=NOW - timedelta(days=1))
        assert matches_for([second, first]) == ["w-b", "w-a"]

    def test_ageing_lifts_a_long_wait(self) -> None:
        """Fifteen days of waiting lift a routine entry above a priority-1 newcomer."""
        aged = attrs.evolve(sample_entry("w-aged"), created=NOW - timedelta(days=15))
        newer = attrs.evolve(sample_entry("w-new", priority=1), created=NOW)
        assert matches_for([newer, aged]) == ["w-aged", "w-new"]

    def test_entry_outside_its_requested_periods_is_not_matched(self) -> None:
        """An entry asking for next month does not match this opening."""
        later = TimeRange(MONDAY + timedelta(days=30), MONDAY + timedelta(days=35))
        entry = attrs.evolve(sample_entry("w-1"), requested_periods=[later])
        assert matches_for([entry]) == []

    def test_entry_for_another_provider_is_not_matched(self) -> None:
        """An entry that only wants dr-1 does not match an opening with dr-0."""
        entry = attrs.evolve(sample_entry("w-1"), providers=["dr-1"])
        assert matches_for([entry]) == []


class TestNeverOffered:
    """Expired, booked or withdrawn entries and entries holding a live offer get no offer."""

    @settings(max_examples=40, deadline=None)
    @given(
        status=st.sampled_from(list(WaitlistStatus)),
        expires_in=st.one_of(st.none(), st.integers(-10, 10)),
        live_offer=st.booleans(),
    )
    def test_offers_only_open_entries_without_a_live_offer(
        self, status: WaitlistStatus, expires_in: int | None, live_offer: bool
    ) -> None:
        """Whatever the entry's state, an offer targets only an open entry without one."""
        expires = None if expires_in is None else NOW + timedelta(hours=expires_in)
        entry = attrs.evolve(sample_entry("w-1"), status=status, expires=expires)
        existing = make_offers(
            waitlist_matches(
                ScheduleSnapshot(setup=SETUP),
                [sample_entry("w-1")],
                opening=OPENING,
                providers=["dr-0"],
                now=NOW,
            ),
            now=NOW,
            policy=OfferPolicy(),
        )
        offers = make_offers(
            waitlist_matches(
                ScheduleSnapshot(setup=SETUP),
                [entry],
                opening=OPENING,
                providers=["dr-0"],
                now=NOW,
                offers=existing if live_offer else (),
            ),
            now=NOW,
            policy=OfferPolicy(),
        )
        for offer in offers:
            assert offer.entry_id == entry.id
            assert entry.is_open(NOW)
            assert not live_offer

    def test_a_slot_held_by_a_live_offer_is_not_offered_again(self) -> None:
        """Two entries and a one-slot opening: the second gets nothing while the hold lasts."""
        one_slot = TimeRange(OPENING.start, OPENING.start + timedelta(minutes=30))
        snapshot = ScheduleSnapshot(setup=SETUP)
        first = waitlist_matches(
            snapshot, [sample_entry("w-1")], opening=one_slot, providers=["dr-0"], now=NOW
        )
        held = make_offers(first, now=NOW, policy=OfferPolicy())
        second = waitlist_matches(
            snapshot,
            [sample_entry("w-2")],
            opening=one_slot,
            providers=["dr-0"],
            now=NOW,
            offers=held,
        )
        assert second == ()
        later = NOW + timedelta(hours=2)
        assert waitlist_matches(
            snapshot,
            [sample_entry("w-2")],
            opening=one_slot,
            providers=["dr-0"],
            now=later,
            offers=held,
        )


class TestOfferModes:
    """Sequential offers go to one entry; a broadcast to several, for one slot."""

    def entries(self) -> list[WaitlistEntry]:
        return [
            attrs.evolve(sample_entry(f"w-{n}"), created=NOW - timedelta(days=n)) for n in range(5)
        ]

    def test_sequential_offers_to_the_best_match_only(self) -> None:
        """Sequential mode makes one offer, to the longest-waiting entry."""
        found = waitlist_matches(
            ScheduleSnapshot(setup=SETUP),
            self.entries(),
            opening=OPENING,
            providers=["dr-0"],
            now=NOW,
        )
        offers = make_offers(found, now=NOW, policy=OfferPolicy(hold_minutes=30))
        assert [o.entry_id for o in offers] == ["w-4"]
        assert offers[0].hold_until == NOW + timedelta(minutes=30)

    def test_broadcast_offers_one_slot_to_several(self) -> None:
        """Broadcast mode offers the same slot to the first three."""
        found = waitlist_matches(
            ScheduleSnapshot(setup=SETUP),
            self.entries(),
            opening=OPENING,
            providers=["dr-0"],
            now=NOW,
        )
        policy = OfferPolicy(mode=OfferMode.BROADCAST, broadcast_to=3)
        offers = make_offers(found, now=NOW, policy=policy)
        assert [o.entry_id for o in offers] == ["w-4", "w-3", "w-2"]
        assert len({o.slot for o in offers}) == 1


class TestAcceptance:
    """An accepted offer books through the booking decision."""

    def test_accepting_books_the_held_slot(self) -> None:
        """Accepting a live offer books the slot for the entry's patient."""
        snapshot = ScheduleSnapshot(setup=SETUP)
        entry = sample_entry("w-1")
        found = waitlist_matches(snapshot, [entry], opening=OPENING, providers=["dr-0"], now=NOW)
        (offer,) = make_offers(found, now=NOW, policy=OfferPolicy())
        decision = decide_acceptance(
            snapshot, entry, offer, appointment_id="a-1", policy=BookingPolicy(), now=NOW
        )
        assert isinstance(decision, Booked)
        assert decision.appointment.span.start == offer.slot.start
        assert decision.appointment.patient == entry.patient.ref

    def test_a_slot_taken_meanwhile_is_refused_like_any_booking(self) -> None:
        """If someone booked the slot in the meantime the decision is a provider overlap."""
        snapshot = ScheduleSnapshot(setup=SETUP)
        entry = sample_entry("w-1")
        found = waitlist_matches(snapshot, [entry], opening=OPENING, providers=["dr-0"], now=NOW)
        (offer,) = make_offers(found, now=NOW, policy=OfferPolicy())
        taken = Appointment(
            id="other",
            type_code="FU",
            provider="dr-0",
            patient="p-other",
            span=TimeRange(offer.slot.start, offer.slot.end),
            status=AppointmentStatus.BOOKED,
        )
        decision = decide_acceptance(
            snapshot.with_appointments([taken]),
            entry,
            offer,
            appointment_id="a-1",
            policy=BookingPolicy(),
            now=NOW,
        )
        assert isinstance(decision, Rejected)
        assert ConflictKind.PROVIDER_OVERLAP in decision.kinds

    def test_an_expired_offer_cannot_be_accepted(self) -> None:
        """Past its hold the offer is refused with OfferNotLive."""
        snapshot = ScheduleSnapshot(setup=SETUP)
        entry = sample_entry("w-1")
        found = waitlist_matches(snapshot, [entry], opening=OPENING, providers=["dr-0"], now=NOW)
        (offer,) = make_offers(found, now=NOW, policy=OfferPolicy(hold_minutes=10))
        with pytest.raises(OfferNotLive):
            decide_acceptance(
                snapshot,
                entry,
                offer,
                appointment_id="a-1",
                policy=BookingPolicy(),
                now=NOW + timedelta(minutes=11),
            )

    def test_an_offer_of_another_entry_is_refused(self) -> None:
        """An offer cannot be accepted on behalf of a different entry."""
        snapshot = ScheduleSnapshot(setup=SETUP)
        found = waitlist_matches(
            snapshot, [sample_entry("w-1")], opening=OPENING, providers=["dr-0"], now=NOW
        )
        (offer,) = make_offers(found, now=NOW, policy=OfferPolicy())
        with pytest.raises(InvalidArgument):
            decide_acceptance(
                snapshot,
                sample_entry("w-2"),
                offer,
                appointment_id="a-1",
                policy=BookingPolicy(),
                now=NOW,
            )


def _offer_at(ident: str, minutes: int, *, provider: str = "dr-0", length: int = 30) -> Offer:
    """An open offer of ``provider``'s time from 09:00 + ``minutes``, held until 10:00 Sunday."""
    start = MONDAY + timedelta(hours=9, minutes=minutes)
    return attrs.evolve(
        sample_offer(ident, f"w-{ident}"),
        slot=Slot(
            start=start, end=start + timedelta(minutes=length), provider=provider, type_code="FU"
        ),
        hold_until=NOW + timedelta(hours=1),
        made=NOW,
    )


class TestAcceptanceChanges:
    """The pure steps of accepting an offer: which siblings go, what the waitlist saves."""

    def test_only_live_overlapping_offers_of_the_same_provider_are_siblings(self) -> None:
        """Overlap by a minute counts; touching, another provider, answered or expired do not."""
        accepted = _offer_at("o-1", 0)
        overlapping = _offer_at("o-2", 29)
        touching = _offer_at("o-3", 30)
        elsewhere = _offer_at("o-4", 0, provider="dr-1")
        answered = attrs.evolve(_offer_at("o-5", 0), status=OfferStatus.DECLINED)
        expired = attrs.evolve(_offer_at("o-6", 0), hold_until=NOW)
        offers = [accepted, overlapping, touching, elsewhere, answered, expired]
        assert overlapping_offers(offers, accepted, now=NOW) == (overlapping,)

    @given(
        minutes=st.lists(st.integers(-60, 60), min_size=1, max_size=8),
        lengths=st.lists(st.integers(1, 60), min_size=8, max_size=8),
    )
    def test_a_sibling_is_exactly_an_offer_whose_time_meets_the_accepted_one(
        self, minutes: list[int], lengths: list[int]
    ) -> None:
        """For live offers of one provider: a sibling iff the half-open spans intersect."""
        accepted = _offer_at("acc", 0)
        others = [_offer_at(f"o-{n}", m, length=lengths[n]) for n, m in enumerate(minutes)]
        found = {o.id for o in overlapping_offers([accepted, *others], accepted, now=NOW)}
        span = TimeRange(accepted.slot.start, accepted.slot.end)
        expected = {o.id for o in others if TimeRange(o.slot.start, o.slot.end).overlaps(span)}
        assert found == expected

    def test_settling_books_the_entry_accepts_the_offer_and_withdraws_siblings(self) -> None:
        """The entry is booked with the appointment id; offer accepted; sibling withdrawn."""
        entry = attrs.evolve(sample_entry("w-o-1"), status=WaitlistStatus.OFFERED)
        accepted, sibling = _offer_at("o-1", 0), _offer_at("o-2", 15)
        booked, answered = settle_acceptance(
            entry, accepted, [accepted, sibling], appointment_id="a-7", now=NOW
        )
        assert (booked.status, booked.appointment_id) == (WaitlistStatus.BOOKED, "a-7")
        assert [(o.id, o.status) for o in answered] == [
            ("o-1", OfferStatus.ACCEPTED),
            ("o-2", OfferStatus.WITHDRAWN),
        ]

    def test_an_offer_of_another_entry_cannot_be_settled(self) -> None:
        """Settling an entry with someone else's offer is an argument error."""
        with pytest.raises(InvalidArgument):
            settle_acceptance(
                sample_entry("w-x"), _offer_at("o-1", 0), [], appointment_id="a-1", now=NOW
            )

    def test_offered_entries_are_those_an_offer_went_to(self) -> None:
        """Of three matches with one offer made, only that entry is marked offered."""
        entries = [sample_entry(f"w-{n}") for n in range(3)]
        found = waitlist_matches(
            ScheduleSnapshot(setup=SETUP), entries, opening=OPENING, providers=["dr-0"], now=NOW
        )
        offers = make_offers(found, now=NOW, policy=OfferPolicy())
        marked = offered_entries(found, offers)
        assert [(e.id, e.status) for e in marked] == [(offers[0].entry_id, WaitlistStatus.OFFERED)]


class TestWaitlistServices:
    """Offer from the waitlist and accept, against repositories, with one clock read each."""

    def test_broadcast_then_accept_books_and_withdraws_the_others(self) -> None:
        """The first acceptance books; the other offers of that slot are withdrawn."""
        store = InMemoryStore()
        entries = [
            attrs.evolve(sample_entry(f"w-{n}"), created=NOW - timedelta(days=n)) for n in range(3)
        ]
        store.waitlist.save(entries=entries, expected_version=0)
        service = Scheduling(
            store,
            setup=SETUP,
            clock=FrozenClock(NOW),
            offers=OfferPolicy(mode=OfferMode.BROADCAST),
        )
        offers = service.offer_from_waitlist(OPENING, ["dr-0"])
        assert len(offers) == 3
        stored = store.waitlist.load()
        assert {e.status for e in stored.entries} == {WaitlistStatus.OFFERED}
        decision = service.accept_offer(offers[1].id, appointment_id="a-1")
        assert isinstance(decision, Booked)
        after = store.waitlist.load()
        statuses = {o.id: o.status for o in after.offers}
        assert statuses[offers[1].id] is OfferStatus.ACCEPTED
        assert {statuses[offers[0].id], statuses[offers[2].id]} == {OfferStatus.WITHDRAWN}
        booked = {e.id: e for e in after.entries}[offers[1].entry_id]
        assert booked.status is WaitlistStatus.BOOKED
        assert booked.appointment_id == "a-1"
        assert [a.id for a in stored_appointments(store.appointments, *SETUP.providers)] == ["a-1"]
        assert waitlist_conversion(after.entries, after.offers) == pytest.approx(1 / 3)

    def test_nobody_to_offer_saves_nothing(self) -> None:
        """An empty waitlist makes no offer and leaves the version unchanged."""
        store = InMemoryStore()
        offers = Scheduling(store, setup=SETUP, clock=FrozenClock(NOW)).offer_from_waitlist(
            OPENING, ["dr-0"]
        )
        assert offers == ()
        assert store.waitlist.load().version == 0

    def test_unknown_offer_is_refused(self) -> None:
        """Accepting an offer id nobody made is an InvalidArgument."""
        service = Scheduling(InMemoryStore(), setup=SETUP, clock=FrozenClock(NOW))
        with pytest.raises(InvalidArgument):
            service.accept_offer("nope", appointment_id="a-1")

    def test_an_answered_offer_is_refused_as_not_live(self) -> None:
        """Accepting an offer already accepted, or withdrawn as a sibling, is OfferNotLive (the
        offer lies outside the open slice and is read by id)."""
        store = InMemoryStore()
        entries = [
            attrs.evolve(sample_entry(f"w-{n}"), created=NOW - timedelta(days=n)) for n in range(2)
        ]
        store.waitlist.save(entries=entries, expected_version=0)
        service = Scheduling(
            store, setup=SETUP, clock=FrozenClock(NOW), offers=OfferPolicy(mode="broadcast")
        )
        first, second = service.offer_from_waitlist(OPENING, ["dr-0"])
        assert isinstance(service.accept_offer(first.id, appointment_id="a-1"), Booked)
        for answered in (first, second):
            with pytest.raises(OfferNotLive):
                service.accept_offer(answered.id, appointment_id="a-2")

    def test_a_live_offer_of_a_closed_entry_still_holds_its_slot(self) -> None:
        """An entry withdrawn while its offer is live leaves the open slice, but the offer still
        holds its slot: the next offer takes other time, and the held one cannot be accepted."""
        store = InMemoryStore()
        entries = [
            attrs.evolve(sample_entry(f"w-{n}"), created=NOW - timedelta(days=n)) for n in range(2)
        ]
        version = store.waitlist.save(entries=entries, expected_version=0)
        service = Scheduling(store, setup=SETUP, clock=FrozenClock(NOW))
        (held,) = service.offer_from_waitlist(OPENING, ["dr-0"])
        gone = attrs.evolve(
            store.waitlist.find(entry_ids=[held.entry_id]).entries[0],
            status=WaitlistStatus.WITHDRAWN,
        )
        store.waitlist.save(entries=[gone], expected_version=version + 1)
        (other,) = service.offer_from_waitlist(OPENING, ["dr-0"])
        assert other.entry_id != held.entry_id
        assert other.slot.start >= held.slot.end or other.slot.end <= held.slot.start
        with pytest.raises(OfferNotLive):
            service.accept_offer(held.id, appointment_id="a-1")


class TestEntryValidation:
    """Entries and policies that cannot exist are refused with InvalidValue."""

    def test_an_entry_needs_a_requested_period(self) -> None:
        """No requested period is refused."""
        with pytest.raises(InvalidValue):
            attrs.evolve(sample_entry("w-1"), requested_periods=[])

    def test_the_creation_time_is_aware(self) -> None:
        """A naive creation time is refused."""
        with pytest.raises(InvalidValue):
            attrs.evolve(sample_entry("w-1"), created=datetime(2026, 3, 1))  # noqa: DTZ001

    def test_an_offer_holds_for_at_least_a_minute(self) -> None:
        """A zero hold is refused."""
        with pytest.raises(InvalidValue):
            OfferPolicy(hold_minutes=0)

    def test_the_birth_date_is_not_in_the_repr(self) -> None:
        """The patient's date of birth never shows."""
        entry = attrs.evolve(
            sample_entry("w-1"), patient=Patient(ref="p", birth_date=date(1990, 5, 1))
        )
        assert "1990" not in repr(entry)
