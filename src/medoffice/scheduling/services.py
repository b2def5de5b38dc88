"""Use cases: book, cancel and reschedule against a repository, with retries on conflict.

Each use case reads the :class:`~medoffice.kernel.Clock` once, loads the calendar from the
:class:`~medoffice.scheduling.ports.AppointmentRepository`, lets the pure core decide, and saves
with the version it read. When another booking got in first, the save raises
:class:`~medoffice.kernel.ConcurrencyConflict`; the use case re-reads and decides again, up to
``attempts`` times, so two clerks racing for one slot get one booking and one clear refusal.

>>> from datetime import UTC, date, datetime, time
>>> from medoffice.testing import InMemoryAppointmentRepository
>>> from medoffice.kernel import DateRange
>>> from medoffice.testing._clock import FrozenClock
>>> from medoffice.scheduling import (
...     AppointmentType,
...     BookingPolicy,
...     BookingRequest,
...     Patient,
...     PracticeSetup,
...     Schedule,
...     WeeklyTemplate,
...     Window,
... )
>>> week = WeeklyTemplate(
...     effective=DateRange.starting(date(2026, 1, 5)),
...     windows=[Window(weekday=d, start=time(9), end=time(17)) for d in range(5)],
... )
>>> setup = PracticeSetup(
...     schedules=[Schedule(resource="dr-a", zone="UTC", templates=[week])],
...     appointment_types=[AppointmentType(code="FU", duration_minutes=30)],
...     practice_zone="UTC",
... )
>>> repo = InMemoryAppointmentRepository()
>>> clock = FrozenClock(datetime(2026, 3, 1, tzinfo=UTC))
>>> request = BookingRequest(
...     appointment_id="a-1",
...     type_code="FU",
...     provider="dr-a",
...     start=datetime(2026, 3, 2, 9, tzinfo=UTC),
...     patient=Patient(ref="p-1"),
... )
>>> book(
...     request, setup=setup, repository=repo, clock=clock, policy=BookingPolicy()
... ).__class__.__name__
'Booked'
>>> repo.load().version
1
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from typing import TypeVar

import attrs

from medoffice.kernel import (
    AuditEvent,
    AuditLog,
    AuditOutcome,
    Clock,
    ConcurrencyConflict,
    InvalidArgument,
    TimeRange,
    audited,
)
from medoffice.scheduling._appointments import (
    Appointment,
    AppointmentStatus,
    CancelReason,
)
from medoffice.scheduling._appointments import (
    cancel as _cancel,
)
from medoffice.scheduling._appointments import transition as _transition
from medoffice.scheduling._booking import (
    Booked,
    BookingPolicy,
    BookingRequest,
    Rejected,
    Rescheduled,
    decide_booking,
    decide_reschedule,
)
from medoffice.scheduling._series import SeriesDecision, SeriesMode, SeriesRequest, decide_series
from medoffice.scheduling._snapshot import PracticeSetup, ScheduleSnapshot
from medoffice.scheduling._waitlist import (
    Offer,
    OfferPolicy,
    OfferStatus,
    WaitlistStatus,
    decide_acceptance,
    make_offers,
    waitlist_matches,
)
from medoffice.scheduling.ports import (
    AppointmentRepository,
    ClosureCalendar,
    ProviderEligibility,
    WaitlistRepository,
)

__all__ = [
    "accept_offer",
    "book",
    "book_series",
    "cancel",
    "mark",
    "offer_from_waitlist",
    "reschedule",
]

T = TypeVar("T")
_CLOSURE_REACH = 400  # days of closures loaded around a decision


def _snapshot(
    setup: PracticeSetup,
    repository: AppointmentRepository,
    closures: ClosureCalendar | None,
    now: datetime,
) -> ScheduleSnapshot:
    stored = repository.load()
    closed: frozenset[date] = frozenset()
    if closures is not None:
        today = now.date()
        closed = closures.closed_days(
            today - timedelta(days=2), today + timedelta(days=_CLOSURE_REACH)
        )
    return ScheduleSnapshot(
        setup=setup, appointments=stored.appointments, closures=closed, version=stored.version
    )


def _retrying(
    attempts: int,
    decide: Callable[[ScheduleSnapshot], tuple[T, Sequence[Appointment]]],
    load: Callable[[], ScheduleSnapshot],
    repository: AppointmentRepository,
) -> T:
    if attempts < 1:
        raise InvalidArgument("attempts must be at least 1")
    for attempt in range(attempts):
        snapshot = load()
        result, changed = decide(snapshot)
        if not changed:
            return result
        try:
            repository.save(changed, expected_version=snapshot.version)
        except ConcurrencyConflict:
            if attempt == attempts - 1:
                raise
            continue
        return result
    raise AssertionError("unreachable")  # pragma: no cover


def _audited(
    audit: AuditLog | None,
    event: AuditEvent,
    run: Callable[[], T],
    rejected: Callable[[T], bool] = lambda result: isinstance(result, Rejected),
) -> T:
    """:func:`~medoffice.kernel.audited`, where a :class:`Rejected` decision is the rejection."""
    return audited(audit, event, run, rejected=rejected)


def _event(now: datetime, actor: str, action: str, record_id: str, **details: str) -> AuditEvent:
    # Record ids only: never the patient reference, a name or a date of birth.
    return AuditEvent(
        at=now,
        actor=actor,
        action=action,
        record_type="appointment",
        record_id=record_id,
        outcome=AuditOutcome.SUCCESS,
        details=details,
    )


def book(
    request: BookingRequest,
    *,
    setup: PracticeSetup,
    repository: AppointmentRepository,
    clock: Clock,
    policy: BookingPolicy,
    closures: ClosureCalendar | None = None,
    eligibility: ProviderEligibility | None = None,
    attempts: int = 5,
    audit: AuditLog | None = None,
    actor: str = "system",
) -> Booked | Rejected:
    """Book ``request``; on a concurrent save, decide again on the fresh calendar.

    With an ``audit`` log, one ``appointment.book`` event records the outcome.
    """
    now = clock.now()

    def decide(snapshot: ScheduleSnapshot) -> tuple[Booked | Rejected, Sequence[Appointment]]:
        decision = decide_booking(snapshot, request, policy, now, eligibility=eligibility)
        return decision, [decision.appointment] if isinstance(decision, Booked) else []

    event = _event(
        now, actor, "appointment.book", request.appointment_id, provider=request.provider
    )
    return _audited(
        audit,
        event,
        lambda: _retrying(
            attempts, decide, lambda: _snapshot(setup, repository, closures, now), repository
        ),
    )


def book_series(
    request: SeriesRequest,
    *,
    setup: PracticeSetup,
    repository: AppointmentRepository,
    clock: Clock,
    policy: BookingPolicy,
    mode: SeriesMode = SeriesMode.ALL_OR_NOTHING,
    closures: ClosureCalendar | None = None,
    attempts: int = 5,
    audit: AuditLog | None = None,
    actor: str = "system",
) -> SeriesDecision:
    """Book a recurring series: every occurrence checked, all saved in one compare-and-set.

    With an ``audit`` log, one ``appointment.book_series`` event records the outcome (rejected
    when no occurrence was booked).
    """
    now = clock.now()

    def decide(snapshot: ScheduleSnapshot) -> tuple[SeriesDecision, Sequence[Appointment]]:
        decision = decide_series(snapshot, request, policy, now, mode=mode)
        return decision, decision.booked

    event = attrs.evolve(
        _event(now, actor, "appointment.book_series", request.series_id),
        record_type="series",
    )
    return _audited(
        audit,
        event,
        lambda: _retrying(
            attempts, decide, lambda: _snapshot(setup, repository, closures, now), repository
        ),
        lambda decision: not decision.booked,
    )


def reschedule(
    appointment_id: str,
    request: BookingRequest,
    *,
    setup: PracticeSetup,
    repository: AppointmentRepository,
    clock: Clock,
    policy: BookingPolicy,
    closures: ClosureCalendar | None = None,
    eligibility: ProviderEligibility | None = None,
    attempts: int = 5,
    audit: AuditLog | None = None,
    actor: str = "system",
) -> Rescheduled | Rejected:
    """Cancel ``appointment_id`` and book ``request`` in one save: both happen or neither.

    With an ``audit`` log, one ``appointment.reschedule`` event records the outcome.
    """
    now = clock.now()

    def decide(snapshot: ScheduleSnapshot) -> tuple[Rescheduled | Rejected, Sequence[Appointment]]:
        decision = decide_reschedule(
            snapshot, appointment_id, request, policy, now, eligibility=eligibility
        )
        if isinstance(decision, Rejected):
            return decision, []
        return decision, [decision.cancelled, decision.booked.appointment]

    event = _event(
        now, actor, "appointment.reschedule", appointment_id, new_id=request.appointment_id
    )
    return _audited(
        audit,
        event,
        lambda: _retrying(
            attempts, decide, lambda: _snapshot(setup, repository, closures, now), repository
        ),
    )


def cancel(
    appointment_id: str,
    *,
    reason: CancelReason,
    repository: AppointmentRepository,
    clock: Clock,
    policy: BookingPolicy,
    attempts: int = 5,
    audit: AuditLog | None = None,
    actor: str = "system",
) -> Appointment:
    """Cancel an appointment (flagged late inside the policy's window).

    With an ``audit`` log, one ``appointment.cancel`` event records the outcome.
    """
    now = clock.now()

    def decide(snapshot: ScheduleSnapshot) -> tuple[Appointment, Sequence[Appointment]]:
        found = _find(snapshot, appointment_id)
        done = _cancel(found, at=now, reason=reason, late_window_hours=policy.late_cancel_hours)
        return done, [done]

    event = _event(now, actor, "appointment.cancel", appointment_id, reason=str(reason))
    return _audited(
        audit, event, lambda: _retrying(attempts, decide, lambda: _stored(repository), repository)
    )


def mark(
    appointment_id: str,
    status: AppointmentStatus,
    *,
    repository: AppointmentRepository,
    clock: Clock,
    reason: str | None = None,
    attempts: int = 5,
    audit: AuditLog | None = None,
    actor: str = "system",
) -> Appointment:
    """Move an appointment to ``status`` (arrived, fulfilled, noshow, ...) as FHIR allows.

    With an ``audit`` log, one ``appointment.mark`` event records the outcome.
    """
    now = clock.now()

    def decide(snapshot: ScheduleSnapshot) -> tuple[Appointment, Sequence[Appointment]]:
        done = _transition(_find(snapshot, appointment_id), status, at=now, reason=reason)
        return done, [done]

    event = _event(now, actor, "appointment.mark", appointment_id, status=str(status))
    return _audited(
        audit, event, lambda: _retrying(attempts, decide, lambda: _stored(repository), repository)
    )


def _stored(repository: AppointmentRepository) -> ScheduleSnapshot:
    stored = repository.load()
    empty = PracticeSetup(schedules=(), appointment_types=(), practice_zone="UTC")
    return ScheduleSnapshot(setup=empty, appointments=stored.appointments, version=stored.version)


def _find(snapshot: ScheduleSnapshot, appointment_id: str) -> Appointment:
    found = snapshot.get(appointment_id)
    if found is None:
        raise InvalidArgument("no appointment has that id")
    return found


def offer_from_waitlist(
    opening: TimeRange,
    providers: Sequence[str],
    *,
    setup: PracticeSetup,
    repository: AppointmentRepository,
    waitlist: WaitlistRepository,
    clock: Clock,
    policy: OfferPolicy,
    closures: ClosureCalendar | None = None,
    eligibility: ProviderEligibility | None = None,
    attempts: int = 5,
    audit: AuditLog | None = None,
    actor: str = "system",
) -> tuple[Offer, ...]:
    """Offer freed time (``opening`` with ``providers``) to the best waitlist matches.

    The offers and their entries (now ``offered``) are saved in one compare-and-set; on a
    concurrent save the waitlist is read again and the offers decided again. With an ``audit``
    log, one ``waitlist.offer`` event about the opening's start records the outcome (rejected
    when nobody matched).
    """
    now = clock.now()
    event = attrs.evolve(
        _event(now, actor, "waitlist.offer", opening.start.isoformat()), record_type="opening"
    )
    return _audited(
        audit,
        event,
        lambda: _offer(
            opening,
            providers,
            now=now,
            setup=setup,
            repository=repository,
            waitlist=waitlist,
            policy=policy,
            closures=closures,
            eligibility=eligibility,
            attempts=attempts,
        ),
        lambda made: not made,
    )


def _offer(
    opening: TimeRange,
    providers: Sequence[str],
    *,
    now: datetime,
    setup: PracticeSetup,
    repository: AppointmentRepository,
    waitlist: WaitlistRepository,
    policy: OfferPolicy,
    closures: ClosureCalendar | None,
    eligibility: ProviderEligibility | None,
    attempts: int,
) -> tuple[Offer, ...]:
    if attempts < 1:
        raise InvalidArgument("attempts must be at least 1")
    snapshot = _snapshot(setup, repository, closures, now)
    for attempt in range(attempts):
        stored = waitlist.load()
        found = waitlist_matches(
            snapshot,
            stored.entries,
            opening=opening,
            providers=providers,
            now=now,
            offers=stored.offers,
            policy=policy,
            eligibility=eligibility,
        )
        offers = make_offers(found, now=now, policy=policy)
        if not offers:
            return ()
        chosen = {o.entry_id for o in offers}
        entries = [
            attrs.evolve(m.entry, status=WaitlistStatus.OFFERED)
            for m in found
            if m.entry.id in chosen
        ]
        try:
            waitlist.save(entries=entries, offers=offers, expected_version=stored.version)
        except ConcurrencyConflict:
            if attempt == attempts - 1:
                raise
            continue
        return offers
    raise AssertionError("unreachable")  # pragma: no cover


def accept_offer(
    offer_id: str,
    *,
    appointment_id: str,
    setup: PracticeSetup,
    repository: AppointmentRepository,
    waitlist: WaitlistRepository,
    clock: Clock,
    policy: BookingPolicy,
    closures: ClosureCalendar | None = None,
    eligibility: ProviderEligibility | None = None,
    attempts: int = 5,
    audit: AuditLog | None = None,
    actor: str = "system",
) -> Booked | Rejected:
    """Accept an offer: book it like any booking, then mark the entry booked.

    Other live offers overlapping the slot (a broadcast) are withdrawn. A refused booking leaves
    the waitlist as it was (the offer stays open until it expires). With an ``audit`` log, one
    ``waitlist.accept`` event about the offer records the outcome.
    """
    now = clock.now()
    event = attrs.evolve(
        _event(now, actor, "waitlist.accept", offer_id, appointment_id=appointment_id),
        record_type="offer",
    )
    return _audited(
        audit,
        event,
        lambda: _accept(
            offer_id,
            appointment_id=appointment_id,
            now=now,
            setup=setup,
            repository=repository,
            waitlist=waitlist,
            policy=policy,
            closures=closures,
            eligibility=eligibility,
            attempts=attempts,
        ),
    )


def _accept(
    offer_id: str,
    *,
    appointment_id: str,
    now: datetime,
    setup: PracticeSetup,
    repository: AppointmentRepository,
    waitlist: WaitlistRepository,
    policy: BookingPolicy,
    closures: ClosureCalendar | None,
    eligibility: ProviderEligibility | None,
    attempts: int,
) -> Booked | Rejected:
    stored = waitlist.load()
    offer = next((o for o in stored.offers if o.id == offer_id), None)
    if offer is None:
        raise InvalidArgument("no offer has that id")
    entry = next((e for e in stored.entries if e.id == offer.entry_id), None)
    if entry is None:
        raise InvalidArgument("the offer's entry is not on the waitlist")

    def decide(snapshot: ScheduleSnapshot) -> tuple[Booked | Rejected, Sequence[Appointment]]:
        decision = decide_acceptance(
            snapshot,
            entry,
            offer,
            appointment_id=appointment_id,
            policy=policy,
            now=now,
            eligibility=eligibility,
        )
        return decision, [decision.appointment] if isinstance(decision, Booked) else []

    decision = _retrying(
        attempts, decide, lambda: _snapshot(setup, repository, closures, now), repository
    )
    if isinstance(decision, Rejected):
        return decision
    for attempt in range(attempts):
        current = waitlist.load()
        fresh = next(e for e in current.entries if e.id == entry.id)
        siblings = [
            attrs.evolve(o, status=OfferStatus.WITHDRAWN)
            for o in current.offers
            if o.id != offer.id
            and o.is_live(now)
            and o.slot.provider == offer.slot.provider
            and o.slot.start < offer.slot.end
            and offer.slot.start < o.slot.end
        ]
        accepted = attrs.evolve(offer, status=OfferStatus.ACCEPTED)
        booked = attrs.evolve(
            fresh, status=WaitlistStatus.BOOKED, appointment_id=decision.appointment.id
        )
        try:
            waitlist.save(
                entries=[booked], offers=[accepted, *siblings], expected_version=current.version
            )
        except ConcurrencyConflict:
            if attempt == attempts - 1:
                raise
            continue
        break
    return decision
