"""The scheduling service: book, cancel, reschedule, mark and the waitlist, for one practice.

:class:`Scheduling` holds what every use case of a practice shares: the store (a
:class:`~medoffice.scheduling.ports.SchedulingStore`), the clock, the practice's setup and
policies, the closure calendar, the eligibility port and the audit log. Each use case reads the
clock once, opens a unit of work, loads the calendar, lets the pure core decide, saves with the
version it read, and records one audit event. When another booking got in first, the save
raises :class:`~medoffice.kernel.ConcurrencyConflict`, the unit rolls back, and
:func:`~medoffice.kernel.retry_on_conflict` decides again on the fresh calendar (up to
``attempts`` times), so two clerks racing for one slot get one booking and one clear refusal.

The actor is given per call (``actor="user:frontdesk-2"``): one service serves every clerk of
the practice, and each call names who acted.

>>> from datetime import UTC, date, datetime, time
>>> from medoffice.kernel import DateRange
>>> from medoffice.testing import FrozenClock, InMemoryStore
>>> from medoffice.scheduling import (
...     AppointmentType,
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
>>> store = InMemoryStore()
>>> scheduling = Scheduling(store, setup=setup, clock=FrozenClock(datetime(2026, 3, 1, tzinfo=UTC)))
>>> request = BookingRequest(
...     appointment_id="a-1",
...     type_code="FU",
...     provider="dr-a",
...     start=datetime(2026, 3, 2, 9, tzinfo=UTC),
...     patient=Patient(ref="p-1"),
... )
>>> scheduling.book(request, actor="user:frontdesk-2").__class__.__name__
'Booked'
>>> store.appointments.load().version
1
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Final, TypeVar, final
from zoneinfo import ZoneInfo

from medoffice.kernel import (
    AuditLog,
    Clock,
    InvalidArgument,
    TimeRange,
    audited,
    check_attempts,
)
from medoffice.scheduling._appointments import Appointment, AppointmentStatus, CancelReason
from medoffice.scheduling._appointments import cancel as _cancel
from medoffice.scheduling._appointments import transition as _transition
from medoffice.scheduling._booking import (
    Booked,
    BookingPolicy,
    BookingRequest,
    Rejected,
    Rescheduled,
    decide_booking,
    decide_reschedule,
    visit_of,
)
from medoffice.scheduling._series import SeriesDecision, SeriesMode, SeriesRequest, decide_series
from medoffice.scheduling._snapshot import PracticeSetup, ScheduleSnapshot
from medoffice.scheduling._waitlist import (
    Offer,
    OfferPolicy,
    decide_acceptance,
    make_offers,
    offered_entries,
    settle_acceptance,
    waitlist_matches,
)
from medoffice.scheduling.ports import (
    ClosureCalendar,
    ProviderEligibility,
    SchedulingStore,
    SchedulingUnitOfWork,
    Visit,
    VisitAuthorizations,
)

__all__ = ["Scheduling"]

T = TypeVar("T")
_CLOSURE_REACH: Final = 400  # days of closures loaded around a decision
_BOOKING_POLICY: Final = BookingPolicy()
_OFFER_POLICY: Final = OfferPolicy()
# A visit that did not happen uses no authorized visit.
_RELEASING: Final = frozenset(
    {AppointmentStatus.NOSHOW, AppointmentStatus.ENTERED_IN_ERROR, AppointmentStatus.CANCELLED}
)


def _rejected(result: object) -> bool:
    return isinstance(result, Rejected)


@final
class Scheduling:
    """The use cases of one practice's appointment book, over a store of appointments.

    ``policy`` says which conflicts block a booking and the late-cancellation window; ``offers``
    how freed time is offered to the waitlist. ``closures`` and ``eligibility`` are optional
    ports (practice-wide closed days; whether a provider may see a type of visit on a day).
    ``authorizations`` is the optional prior authorization and referral port: a booking is
    checked against it under ``policy``, a booked visit is counted against what it uses once
    saved, and a cancelled, moved or missed visit is released.
    With an ``audit`` log every use case appends one event. ``attempts`` bounds the retries
    after a concurrent save.
    """

    __slots__ = (
        "_attempts",
        "_audit",
        "_authorizations",
        "_clock",
        "_closures",
        "_eligibility",
        "_offers",
        "_policy",
        "_setup",
        "_store",
    )

    def __init__(
        self,
        store: SchedulingStore,
        *,
        setup: PracticeSetup,
        clock: Clock,
        policy: BookingPolicy = _BOOKING_POLICY,
        offers: OfferPolicy = _OFFER_POLICY,
        closures: ClosureCalendar | None = None,
        eligibility: ProviderEligibility | None = None,
        audit: AuditLog | None = None,
        attempts: int = 5,
        authorizations: VisitAuthorizations | None = None,
    ) -> None:
        if not isinstance(setup, PracticeSetup):
            raise InvalidArgument("setup is the practice's PracticeSetup")
        self._store = store
        self._setup = setup
        self._clock = clock
        self._policy = policy
        self._offers = offers
        self._closures = closures
        self._eligibility = eligibility
        self._audit = audit
        self._attempts = check_attempts(attempts)
        self._authorizations = authorizations

    def __repr__(self) -> str:
        return f"Scheduling({self._store!r}, attempts={self._attempts})"

    # -- the appointment book -------------------------------------------------------------

    def book(self, request: BookingRequest, *, actor: str = "system") -> Booked | Rejected:
        """Book ``request``; on a concurrent save, decide again on the fresh calendar.

        One ``appointment.book`` event records the outcome (rejected when refused).
        """
        now = self._clock.now()

        def decide(snapshot: ScheduleSnapshot) -> tuple[Booked | Rejected, list[Appointment]]:
            decision = decide_booking(
                snapshot,
                request,
                self._policy,
                now,
                eligibility=self._eligibility,
                authorizations=self._authorizations,
            )
            return decision, [decision.appointment] if isinstance(decision, Booked) else []

        # Record ids only in the event: never the patient reference, a name or a birth date.
        decision = audited(
            self._audit,
            self._on_calendar(decide, self._closed(now)),
            attempts=self._attempts,
            at=now,
            actor=actor,
            action="appointment.book",
            record_type="appointment",
            record_id=request.appointment_id,
            details={"provider": request.provider},
            rejected=_rejected,
        )
        if isinstance(decision, Booked) and self._authorizations is not None:
            # After the save: counting is idempotent per appointment, so a retry cannot
            # count a visit twice, and a claim line counts the visit even if this is lost.
            self._authorizations.consume(visit_of(request, self._setup.practice_zone))
        return decision

    def book_series(
        self,
        request: SeriesRequest,
        *,
        mode: SeriesMode = SeriesMode.ALL_OR_NOTHING,
        actor: str = "system",
    ) -> SeriesDecision:
        """Book a recurring series: every occurrence checked, all saved in one compare-and-set.

        One ``appointment.book_series`` event records the outcome (rejected when no occurrence
        was booked).
        """
        now = self._clock.now()

        def decide(snapshot: ScheduleSnapshot) -> tuple[SeriesDecision, Sequence[Appointment]]:
            decision = decide_series(
                snapshot, request, self._policy, now, mode=mode, authorizations=self._authorizations
            )
            return decision, decision.booked

        series = audited(
            self._audit,
            self._on_calendar(decide, self._closed(now)),
            attempts=self._attempts,
            at=now,
            actor=actor,
            action="appointment.book_series",
            record_type="series",
            record_id=request.series_id,
            rejected=lambda decision: not decision.booked,
        )
        if self._authorizations is not None:
            for appointment in series.booked:
                self._authorizations.consume(self._visit(appointment))
        return series

    def reschedule(
        self, appointment_id: str, request: BookingRequest, *, actor: str = "system"
    ) -> Rescheduled | Rejected:
        """Cancel ``appointment_id`` and book ``request`` in one save: both happen or neither.

        One ``appointment.reschedule`` event records the outcome.
        """
        now = self._clock.now()

        def decide(snapshot: ScheduleSnapshot) -> tuple[Rescheduled | Rejected, list[Appointment]]:
            decision = decide_reschedule(
                snapshot,
                appointment_id,
                request,
                self._policy,
                now,
                eligibility=self._eligibility,
                authorizations=self._authorizations,
            )
            if isinstance(decision, Rejected):
                return decision, []
            return decision, [decision.cancelled, decision.booked.appointment]

        moved = audited(
            self._audit,
            self._on_calendar(decide, self._closed(now)),
            attempts=self._attempts,
            at=now,
            actor=actor,
            action="appointment.reschedule",
            record_type="appointment",
            record_id=appointment_id,
            details={"new_id": request.appointment_id},
            rejected=_rejected,
        )
        if isinstance(moved, Rescheduled) and self._authorizations is not None:
            self._authorizations.release(appointment_id)
            self._authorizations.consume(visit_of(request, self._setup.practice_zone))
        return moved

    def cancel(
        self, appointment_id: str, *, reason: CancelReason, actor: str = "system"
    ) -> Appointment:
        """Cancel an appointment (flagged late inside the policy's window).

        One ``appointment.cancel`` event records the outcome.
        """
        now = self._clock.now()
        late = self._policy.late_cancel_hours
        cancelled = self._change(
            appointment_id,
            lambda found: _cancel(found, at=now, reason=reason, late_window_hours=late),
            now=now,
            actor=actor,
            action="appointment.cancel",
            details={"reason": str(reason)},
        )
        if self._authorizations is not None:
            self._authorizations.release(appointment_id)
        return cancelled

    def mark(
        self,
        appointment_id: str,
        status: AppointmentStatus,
        *,
        reason: str | None = None,
        actor: str = "system",
    ) -> Appointment:
        """Move an appointment to ``status`` (arrived, fulfilled, noshow, ...) as FHIR allows.

        One ``appointment.mark`` event records the outcome.
        """
        now = self._clock.now()
        marked = self._change(
            appointment_id,
            lambda found: _transition(found, status, at=now, reason=reason),
            now=now,
            actor=actor,
            action="appointment.mark",
            details={"status": str(status)},
        )
        if self._authorizations is not None and marked.status in _RELEASING:
            self._authorizations.release(appointment_id)
        return marked

    # -- the waitlist ---------------------------------------------------------------------

    def offer_from_waitlist(
        self, opening: TimeRange, providers: Sequence[str], *, actor: str = "system"
    ) -> tuple[Offer, ...]:
        """Offer freed time (``opening`` with ``providers``) to the best waitlist matches.

        The offers and their entries (now ``offered``) are saved in one compare-and-set. One
        ``waitlist.offer`` event about the opening's start records the outcome (rejected when
        nobody matched).
        """
        now = self._clock.now()
        closed = self._closed(now)

        def attempt() -> tuple[Offer, ...]:
            with self._store.unit_of_work() as uow:
                snapshot = self._snapshot(uow, closed)
                stored = uow.waitlist.load()
                found = waitlist_matches(
                    snapshot,
                    stored.entries,
                    opening=opening,
                    providers=providers,
                    now=now,
                    offers=stored.offers,
                    policy=self._offers,
                    eligibility=self._eligibility,
                )
                offers = make_offers(found, now=now, policy=self._offers)
                if offers:
                    uow.waitlist.save(
                        entries=offered_entries(found, offers),
                        offers=offers,
                        expected_version=stored.version,
                    )
                return offers

        return audited(
            self._audit,
            attempt,
            attempts=self._attempts,
            at=now,
            actor=actor,
            action="waitlist.offer",
            record_type="opening",
            record_id=opening.start.isoformat(),
            rejected=lambda made: not made,
        )

    def accept_offer(
        self, offer_id: str, *, appointment_id: str, actor: str = "system"
    ) -> Booked | Rejected:
        """Accept an offer: book it like any booking and mark its entry booked, in one unit.

        The appointment and the waitlist (entry booked, offer accepted, overlapping live offers
        of a broadcast withdrawn) are committed together or not at all. A refused booking
        leaves the waitlist as it was (the offer stays open until it expires). One
        ``waitlist.accept`` event about the offer records the outcome.
        """
        now = self._clock.now()
        closed = self._closed(now)

        def attempt() -> Booked | Rejected:
            with self._store.unit_of_work() as uow:
                stored = uow.waitlist.load()
                offer = next((o for o in stored.offers if o.id == offer_id), None)
                if offer is None:
                    raise InvalidArgument("no offer has that id")
                entry = next((e for e in stored.entries if e.id == offer.entry_id), None)
                if entry is None:
                    raise InvalidArgument("the offer's entry is not on the waitlist")
                snapshot = self._snapshot(uow, closed)
                decision = decide_acceptance(
                    snapshot,
                    entry,
                    offer,
                    appointment_id=appointment_id,
                    policy=self._policy,
                    now=now,
                    eligibility=self._eligibility,
                    authorizations=self._authorizations,
                )
                if isinstance(decision, Rejected):
                    return decision
                uow.appointments.save([decision.appointment], expected_version=snapshot.version)
                booked, answered = settle_acceptance(
                    entry, offer, stored.offers, appointment_id=appointment_id, now=now
                )
                uow.waitlist.save(
                    entries=[booked], offers=answered, expected_version=stored.version
                )
                return decision

        accepted = audited(
            self._audit,
            attempt,
            attempts=self._attempts,
            at=now,
            actor=actor,
            action="waitlist.accept",
            record_type="offer",
            record_id=offer_id,
            details={"appointment_id": appointment_id},
            rejected=_rejected,
        )
        if isinstance(accepted, Booked) and self._authorizations is not None:
            self._authorizations.consume(self._visit(accepted.appointment))
        return accepted

    # -- shared steps ---------------------------------------------------------------------

    def _visit(self, appointment: Appointment) -> Visit:
        day = appointment.span.start.astimezone(ZoneInfo(self._setup.practice_zone)).date()
        return Visit(
            appointment_id=appointment.id,
            patient=appointment.patient,
            type_code=appointment.type_code,
            provider=appointment.provider,
            day=day,
        )

    def _closed(self, now: datetime) -> frozenset[date]:
        if self._closures is None:
            return frozenset()
        today = now.date()
        return self._closures.closed_days(
            today - timedelta(days=2), today + timedelta(days=_CLOSURE_REACH)
        )

    def _snapshot(self, uow: SchedulingUnitOfWork, closed: frozenset[date]) -> ScheduleSnapshot:
        stored = uow.appointments.load()
        return ScheduleSnapshot(
            setup=self._setup,
            appointments=stored.appointments,
            closures=closed,
            version=stored.version,
        )

    def _on_calendar(
        self,
        decide: Callable[[ScheduleSnapshot], tuple[T, Sequence[Appointment]]],
        closed: frozenset[date],
    ) -> Callable[[], T]:
        """One attempt: load the calendar in a unit of work, decide, save what changed."""

        def attempt() -> T:
            with self._store.unit_of_work() as uow:
                snapshot = self._snapshot(uow, closed)
                result, changed = decide(snapshot)
                if changed:
                    uow.appointments.save(changed, expected_version=snapshot.version)
                return result

        return attempt

    def _change(
        self,
        appointment_id: str,
        change: Callable[[Appointment], Appointment],
        *,
        now: datetime,
        actor: str,
        action: str,
        details: Mapping[str, str],
    ) -> Appointment:
        def decide(snapshot: ScheduleSnapshot) -> tuple[Appointment, list[Appointment]]:
            found = snapshot.get(appointment_id)
            if found is None:
                raise InvalidArgument("no appointment has that id")
            done = change(found)
            return done, [done]

        return audited(
            self._audit,
            self._on_calendar(decide, frozenset()),
            attempts=self._attempts,
            at=now,
            actor=actor,
            action=action,
            record_type="appointment",
            record_id=appointment_id,
            details=details,
        )
