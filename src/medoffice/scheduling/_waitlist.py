"""The waitlist: patients waiting for an earlier visit, offered freed time first.

A :class:`WaitlistEntry` asks for a type of visit within requested periods (FHIR
``Appointment.requestedPeriod``), optionally with chosen providers, at a priority, until it
expires. When time opens (a cancellation, a no-show, new capacity), :func:`waitlist_matches`
ranks the open entries that can use it: highest priority first, where waiting ``ageing_days``
raises an entry's priority by one so nobody waits forever, then first come first served. Each
match carries the first open slot for that patient inside the opening, found by the same slot
search as any booking. :func:`make_offers` turns matches into :class:`Offer`\\ s that hold the
slot until ``hold_until``: one at a time (``sequential``) or to the first few at once
(``broadcast``, first to accept wins). :func:`decide_acceptance` books an accepted offer through
:func:`~medoffice.scheduling.decide_booking`, so it meets every rule a booking meets.

An entry that expired, was booked or withdrawn, or already holds a live offer, is never offered.

More information: HL7 FHIR R4 Appointment (status ``waitlist``, ``requestedPeriod``)
(https://hl7.org/fhir/R4/appointment.html).

>>> from datetime import UTC, datetime, timedelta
>>> from medoffice.kernel import TimeRange
>>> from medoffice.scheduling import Patient
>>> monday = datetime(2026, 3, 2, tzinfo=UTC)
>>> entry = WaitlistEntry(
...     id="w-1",
...     patient=Patient(ref="p-1"),
...     type_code="FU",
...     requested_periods=[TimeRange(monday, monday + timedelta(days=5))],
...     created=monday - timedelta(days=20),
... )
>>> entry.effective_priority(monday, ageing_days=7)
2
>>> entry.is_open(monday), entry.is_open(monday + timedelta(days=400))
(True, True)
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import final

import attrs

from medoffice.kernel import DateRange, InvalidArgument, InvalidValue, TimeRange
from medoffice.kernel._validators import member_of
from medoffice.scheduling._booking import Booked, BookingPolicy, BookingRequest, Rejected
from medoffice.scheduling._booking import decide_booking as _decide
from medoffice.scheduling._convert import aware, instance_of, text, to_frozenset
from medoffice.scheduling._search import Slot
from medoffice.scheduling._slots import open_slots
from medoffice.scheduling._snapshot import ScheduleSnapshot
from medoffice.scheduling._types import Patient
from medoffice.scheduling.ports import ProviderEligibility, VisitAuthorizations

__all__ = [
    "Offer",
    "OfferMode",
    "OfferNotLive",
    "OfferPolicy",
    "OfferStatus",
    "WaitlistEntry",
    "WaitlistMatch",
    "WaitlistStatus",
    "decide_acceptance",
    "make_offers",
    "offered_entries",
    "overlapping_offers",
    "settle_acceptance",
    "waitlist_matches",
]


def _waitlist_status(value: object) -> WaitlistStatus:
    return member_of(WaitlistStatus, value)


def _offer_status(value: object) -> OfferStatus:
    return member_of(OfferStatus, value)


@final
class WaitlistStatus(enum.StrEnum):
    """Where an entry stands."""

    WAITING = "waiting"
    OFFERED = "offered"
    BOOKED = "booked"
    WITHDRAWN = "withdrawn"


@final
class OfferStatus(enum.StrEnum):
    """Where an offer stands; an open offer past its hold counts as expired."""

    OPEN = "open"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


@final
class OfferMode(enum.StrEnum):
    """Offer freed time to one entry at a time, or to several at once."""

    SEQUENTIAL = "sequential"
    BROADCAST = "broadcast"


def _periods(value: Iterable[TimeRange]) -> tuple[TimeRange, ...]:
    items = tuple(value)
    if not items or not all(isinstance(p, TimeRange) for p in items):
        raise InvalidValue("an entry needs at least one requested period, each a TimeRange")
    return items


@final
@attrs.frozen(kw_only=True)
class WaitlistEntry:
    """A patient waiting for a type of visit within ``requested_periods``."""

    id: str = attrs.field(validator=text)
    patient: Patient = attrs.field(validator=instance_of(Patient))
    type_code: str = attrs.field(validator=text)
    requested_periods: tuple[TimeRange, ...] = attrs.field(converter=_periods)
    created: datetime = attrs.field(validator=aware)
    providers: frozenset[str] = attrs.field(default=frozenset(), converter=to_frozenset)
    priority: int = 0
    expires: datetime | None = None
    status: WaitlistStatus = attrs.field(default=WaitlistStatus.WAITING, converter=_waitlist_status)
    appointment_id: str | None = None

    def is_open(self, now: datetime) -> bool:
        """Still waiting (or offered) and not expired at ``now``."""
        alive = self.expires is None or now < self.expires
        return alive and self.status in (WaitlistStatus.WAITING, WaitlistStatus.OFFERED)

    def effective_priority(self, now: datetime, *, ageing_days: int) -> int:
        """The priority, plus one for every ``ageing_days`` waited."""
        waited = max(timedelta(0), now - self.created)
        return self.priority + (waited.days // ageing_days if ageing_days > 0 else 0)


@final
@attrs.frozen(kw_only=True)
class Offer:
    """A slot held for an entry until ``hold_until``."""

    id: str = attrs.field(validator=text)
    entry_id: str = attrs.field(validator=text)
    slot: Slot
    made: datetime = attrs.field(validator=aware)
    hold_until: datetime = attrs.field(validator=aware)
    status: OfferStatus = attrs.field(default=OfferStatus.OPEN, converter=_offer_status)

    def is_live(self, now: datetime) -> bool:
        """Open and still held at ``now``."""
        return self.status is OfferStatus.OPEN and now < self.hold_until


@final
@attrs.frozen(kw_only=True)
class OfferPolicy:
    """How offers are made: mode, hold time, how many a broadcast reaches, ageing."""

    mode: OfferMode = attrs.field(default=OfferMode.SEQUENTIAL, converter=OfferMode)
    hold_minutes: int = attrs.field(default=60)
    broadcast_to: int = 3
    ageing_days: int = 7

    @hold_minutes.validator
    def _positive(self, _: attrs.Attribute[int], value: object) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise InvalidValue("an offer holds its slot for at least a minute")


@final
@attrs.frozen(kw_only=True)
class WaitlistMatch:
    """An entry that can use the opening, the slot it would get, and its ranked priority."""

    entry: WaitlistEntry
    slot: Slot
    priority: int


def _held(offers: Iterable[Offer], now: datetime) -> tuple[set[str], list[Slot]]:
    entries, slots = set(), []
    for offer in offers:
        if offer.is_live(now):
            entries.add(offer.entry_id)
            slots.append(offer.slot)
    return entries, slots


def waitlist_matches(
    snapshot: ScheduleSnapshot,
    entries: Sequence[WaitlistEntry],
    *,
    opening: TimeRange,
    providers: Sequence[str],
    now: datetime,
    offers: Sequence[Offer] = (),
    policy: OfferPolicy = OfferPolicy(),
    eligibility: ProviderEligibility | None = None,
) -> tuple[WaitlistMatch, ...]:
    """Open entries that fit inside ``opening`` with one of ``providers``, best first."""
    offered, held = _held(offers, now)
    days = DateRange(
        first=opening.start.date() - timedelta(days=1), last=opening.end.date() + timedelta(days=1)
    )
    found = []
    for entry in entries:
        if not entry.is_open(now) or entry.id in offered:
            continue
        slot = _first_slot(
            snapshot,
            entry,
            opening=opening,
            providers=providers,
            days=days,
            now=now,
            held=held,
            eligibility=eligibility,
        )
        if slot is not None:
            found.append(
                WaitlistMatch(
                    entry=entry,
                    slot=slot,
                    priority=entry.effective_priority(now, ageing_days=policy.ageing_days),
                )
            )
    found.sort(key=lambda m: (-m.priority, m.entry.created, m.entry.id))
    return tuple(found)


def _first_slot(
    snapshot: ScheduleSnapshot,
    entry: WaitlistEntry,
    *,
    opening: TimeRange,
    providers: Sequence[str],
    days: DateRange,
    now: datetime,
    held: list[Slot],
    eligibility: ProviderEligibility | None,
) -> Slot | None:
    try:
        snapshot.appointment_type(entry.type_code)
    except InvalidArgument:
        return None
    best: Slot | None = None
    for provider in providers:
        if entry.providers and provider not in entry.providers:
            continue
        for slot in open_slots(
            snapshot,
            type_code=entry.type_code,
            provider=provider,
            days=days,
            now=now,
            patient=entry.patient,
            eligibility=eligibility,
        ):
            span = TimeRange(slot.start, slot.end)
            if not opening.contains(span) or not any(
                p.contains(span) for p in entry.requested_periods
            ):
                continue
            if any(
                h.provider == provider and h.start < slot.end and slot.start < h.end for h in held
            ):
                continue
            if best is None or slot.start < best.start:
                best = slot
            break
    return best


def make_offers(
    matches: Sequence[WaitlistMatch], *, now: datetime, policy: OfferPolicy
) -> tuple[Offer, ...]:
    """Offers for the best match (sequential) or the best ``broadcast_to`` (broadcast).

    Each offer holds the match's own slot (the first that fits that patient and visit type), so
    a broadcast usually offers one slot to several; the first to accept books it and the other
    offers overlapping it are withdrawn.
    """
    if not matches:
        return ()
    chosen = matches[:1] if policy.mode is OfferMode.SEQUENTIAL else matches[: policy.broadcast_to]
    hold = now + timedelta(minutes=policy.hold_minutes)
    stamp = int(now.timestamp())
    return tuple(
        Offer(
            id=f"offer-{m.entry.id}-{stamp}",
            entry_id=m.entry.id,
            slot=m.slot,
            made=now,
            hold_until=hold,
        )
        for m in chosen
    )


def offered_entries(
    matches: Sequence[WaitlistMatch], offers: Sequence[Offer]
) -> tuple[WaitlistEntry, ...]:
    """The entries of ``matches`` that one of ``offers`` went to, now ``offered``."""
    chosen = {o.entry_id for o in offers}
    return tuple(
        attrs.evolve(m.entry, status=WaitlistStatus.OFFERED)
        for m in matches
        if m.entry.id in chosen
    )


def overlapping_offers(
    offers: Iterable[Offer], accepted: Offer, *, now: datetime
) -> tuple[Offer, ...]:
    """The other live offers holding time of ``accepted``'s provider that overlaps its slot.

    A broadcast offers one opening to several patients; once one accepts, these are the offers
    that can no longer be honoured. Offers of other providers, offers that touch the slot end to
    end, and offers already answered or expired are not among them.
    """
    slot = accepted.slot
    return tuple(
        o
        for o in offers
        if o.id != accepted.id
        and o.is_live(now)
        and o.slot.provider == slot.provider
        and o.slot.start < slot.end
        and slot.start < o.slot.end
    )


def settle_acceptance(
    entry: WaitlistEntry,
    offer: Offer,
    offers: Iterable[Offer],
    *,
    appointment_id: str,
    now: datetime,
) -> tuple[WaitlistEntry, tuple[Offer, ...]]:
    """What accepting ``offer`` (booked as ``appointment_id``) changes on the waitlist.

    The entry becomes ``booked`` with the appointment's id, the offer ``accepted``, and the live
    offers overlapping it (:func:`overlapping_offers` among ``offers``) ``withdrawn``.
    """
    if offer.entry_id != entry.id:
        raise InvalidArgument("the offer belongs to another entry")
    booked = attrs.evolve(entry, status=WaitlistStatus.BOOKED, appointment_id=appointment_id)
    withdrawn = tuple(
        attrs.evolve(o, status=OfferStatus.WITHDRAWN)
        for o in overlapping_offers(offers, offer, now=now)
    )
    return booked, (attrs.evolve(offer, status=OfferStatus.ACCEPTED), *withdrawn)


class OfferNotLive(InvalidArgument):
    """The offer expired, was answered or withdrawn, or its entry is no longer waiting."""


def decide_acceptance(
    snapshot: ScheduleSnapshot,
    entry: WaitlistEntry,
    offer: Offer,
    *,
    appointment_id: str,
    policy: BookingPolicy,
    now: datetime,
    eligibility: ProviderEligibility | None = None,
    authorizations: VisitAuthorizations | None = None,
) -> Booked | Rejected:
    """Book an accepted offer through the booking decision (it may still be refused)."""
    if offer.entry_id != entry.id:
        raise InvalidArgument("the offer belongs to another entry")
    if not offer.is_live(now) or not entry.is_open(now):
        raise OfferNotLive("the offer can no longer be accepted")
    request = BookingRequest(
        appointment_id=appointment_id,
        type_code=offer.slot.type_code,
        provider=offer.slot.provider,
        start=offer.slot.start,
        patient=entry.patient,
        duration_minutes=int((offer.slot.end - offer.slot.start).total_seconds()) // 60,
        resources=offer.slot.resources,
    )
    return _decide(
        snapshot, request, policy, now, eligibility=eligibility, authorizations=authorizations
    )
