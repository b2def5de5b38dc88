"""The scheduling service: book, cancel, reschedule, mark and the waitlist, for one practice.

:class:`Scheduling` holds what every use case of a practice shares: the store (a
:class:`~medoffice.scheduling.ports.SchedulingStore`), the clock, the practice's setup and
policies, the closure calendar, the eligibility port and the audit log. Each use case reads the
clock once, opens a unit of work, loads the slice of the calendar the decision needs (the local
days of the provider, the resources and the patient concerned:
:mod:`medoffice.scheduling._planning`), lets the pure core decide, saves with the versions of
the lane-days it read, and records one audit event. Bookings of different providers, or of
one provider on different days, never get in each other's way. When another booking got in
first, the save raises :class:`~medoffice.kernel.ConcurrencyConflict`, the unit rolls back, and
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
>>> [a.id for a in store.appointments.find(["a-1"])]
['a-1']
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Final, TypeVar, final
from zoneinfo import ZoneInfo

import attrs

from medoffice.kernel import (
    AuditLog,
    Clock,
    ConcurrencyConflict,
    DateRange,
    InvalidArgument,
    TimeRange,
    audited,
    check_attempts,
)
from medoffice.scheduling._alloc_exact import allocate_exact
from medoffice.scheduling._alloc_greedy import allocate as _allocate
from medoffice.scheduling._alloc_greedy import book_allocation
from medoffice.scheduling._alloc_model import Allocation, AllocationRequest
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
from medoffice.scheduling._convert import to_tuple
from medoffice.scheduling._eligibility import checked_port
from medoffice.scheduling._planning import (
    appointment_query,
    booking_query,
    calendar_query,
    key_query,
    save_keys,
)
from medoffice.scheduling._search import Slot
from medoffice.scheduling._series import (
    SeriesDecision,
    SeriesMode,
    SeriesRequest,
    decide_series,
    series_query,
)
from medoffice.scheduling._slices import (
    SliceKey,
    SliceQuery,
    StoredSlice,
    day_window,
    identity_key,
)
from medoffice.scheduling._slots import open_slots as _open_slots
from medoffice.scheduling._snapshot import PracticeSetup, ScheduleSnapshot
from medoffice.scheduling._time import zone
from medoffice.scheduling._types import Patient
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
    Solver,
    Visit,
    VisitAuthorizations,
)

__all__ = ["BatchResult", "Scheduling"]

T = TypeVar("T")
_CLOSURE_REACH: Final = 400  # days of closures loaded around a decision
_BOOKING_POLICY: Final = BookingPolicy()
_OFFER_POLICY: Final = OfferPolicy()
# A visit that did not happen uses no authorized visit.
_RELEASING: Final = frozenset(
    {AppointmentStatus.NOSHOW, AppointmentStatus.ENTERED_IN_ERROR, AppointmentStatus.CANCELLED}
)
_WIDENINGS: Final = 4  # times a decision may ask for lane-days its plan did not read
_AROUND: Final = timedelta(days=1)  # around a waitlist opening, for zones and buffers


@final
@attrs.frozen(kw_only=True)
class BatchResult:
    """A batch's allocation (objective, bound, gap) and each placement's booking decision."""

    allocation: Allocation
    decisions: tuple[Booked | Rejected, ...] = attrs.field(default=(), converter=to_tuple)

    @property
    def booked(self) -> tuple[Appointment, ...]:
        """The appointments booked (and saved) by the batch."""
        return tuple(d.appointment for d in self.decisions if isinstance(d, Booked))


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
        self._eligibility = checked_port(eligibility)
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

        def plan(_: SchedulingUnitOfWork) -> SliceQuery:
            return self._booking_query(request, now)

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
            self._on_calendar(plan, decide, now, self._closed(now)),
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

        Refused occurrences come with alternatives on nearby days (and, where the type allows,
        with other providers), each bookable on the calendar as read. One
        ``appointment.book_series`` event records the outcome (rejected when no occurrence was
        booked).
        """
        now = self._clock.now()

        def plan(_: SchedulingUnitOfWork) -> SliceQuery:
            return series_query(self._setup, request, now)

        def decide(snapshot: ScheduleSnapshot) -> tuple[SeriesDecision, Sequence[Appointment]]:
            decision = decide_series(
                snapshot,
                request,
                self._policy,
                now,
                mode=mode,
                authorizations=self._authorizations,
                eligibility=self._eligibility,
            )
            return decision, decision.booked

        series = audited(
            self._audit,
            self._on_calendar(plan, decide, now, self._closed(now)),
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

        def plan(uow: SchedulingUnitOfWork) -> SliceQuery:
            old = self._stored(uow, appointment_id)
            return self._booking_query(request, now) | appointment_query(self._setup, old)

        def decide(snapshot: ScheduleSnapshot) -> tuple[Rescheduled | Rejected, list[Appointment]]:
            if snapshot.get(appointment_id) is None:
                raise ConcurrencyConflict("the appointment moved while it was read; read again")
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
            self._on_calendar(plan, decide, now, self._closed(now)),
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

    def allocate(
        self,
        requests: Sequence[AllocationRequest],
        *,
        solver: Solver | None = None,
        book: bool = True,
        actor: str = "system",
    ) -> BatchResult:
        """Place a batch of requests and (unless ``book`` is false) book the placements.

        The calendar read is the slice of every provider and resource over the local days the
        requests' windows touch, and of the requests' patients. The greedy allocator (repaired),
        or ``solver`` exactly, chooses; each placement then goes through the booking decision
        and all the bookings are saved in one compare-and-set. One ``appointment.allocate``
        event records how many were requested and booked.
        """
        now = self._clock.now()
        if not requests:
            return BatchResult(
                allocation=Allocation(placements=(), unplaced=(), objective=0, bound=0)
            )
        window = TimeRange(
            min(w.start for r in requests for w in r.windows),
            max(w.end for r in requests for w in r.windows),
        )
        query = calendar_query(
            self._setup,
            resources=[s.resource for s in self._setup.schedules],
            window=window,
            patients=[r.patient.ref for r in requests],
            now=now,
        ) | SliceQuery(keys=[identity_key(r.id) for r in requests])

        def plan(_: SchedulingUnitOfWork) -> SliceQuery:
            return query

        def decide(snapshot: ScheduleSnapshot) -> tuple[BatchResult, list[Appointment]]:
            if solver is None:
                allocation = _allocate(snapshot, requests, now=now, eligibility=self._eligibility)
            else:
                allocation = allocate_exact(
                    snapshot, requests, now=now, solver=solver, eligibility=self._eligibility
                )
            if not book:
                return BatchResult(allocation=allocation), []
            decisions, _ = book_allocation(
                snapshot,
                allocation,
                requests,
                policy=self._policy,
                now=now,
                eligibility=self._eligibility,
                authorizations=self._authorizations,
            )
            booked = [d.appointment for d in decisions if isinstance(d, Booked)]
            return BatchResult(allocation=allocation, decisions=decisions), booked

        result = audited(
            self._audit,
            self._on_calendar(plan, decide, now, self._closed(now)),
            attempts=self._attempts,
            at=now,
            actor=actor,
            action="appointment.allocate",
            record_type="batch",
            record_id=f"{len(requests)}-requests",
            details={"requests": str(len(requests))},
        )
        if self._authorizations is not None:
            for appointment in result.booked:
                self._authorizations.consume(self._visit(appointment))
        return result

    # -- reading the calendar -------------------------------------------------------------

    def calendar(
        self,
        resources: Sequence[str],
        window: TimeRange,
        *,
        patients: Sequence[str] = (),
    ) -> ScheduleSnapshot:
        """The calendar of ``resources`` over the local days ``window`` touches (and the
        future visits of ``patients``), for searches, reports and exports. Reads only."""
        now = self._clock.now()
        query = calendar_query(
            self._setup, resources=resources, window=window, patients=patients, now=now
        )
        with self._store.unit_of_work() as uow:
            stored = uow.appointments.load(query)
        return self._snapshot(stored, self._closed(now))

    def open_slots(
        self,
        *,
        type_code: str,
        provider: str,
        days: DateRange,
        patient: Patient | None = None,
        duration_minutes: int | None = None,
        resources: Sequence[str] = (),
    ) -> tuple[Slot, ...]:
        """Every open start of ``type_code`` with ``provider`` over ``days`` (the provider's
        local days), read from that provider's and the needed resources' slices only."""
        now = self._clock.now()
        schedule = self._setup.schedule(provider)
        tz = zone(schedule.zone if schedule is not None else self._setup.practice_zone)
        if days.is_open_ended:
            raise InvalidArgument("slot searches need a closed range of days")
        kind = self._setup.appointment_type(type_code)
        pool = [
            r
            for q in kind.resources
            for r in self._setup.in_category(q.category)
            if not q.among or r in q.among
        ]
        snapshot = self.calendar(
            [provider, *resources, *pool],
            day_window(days.first, days.last, tz),
            patients=[patient.ref] if patient is not None else (),
        )
        return _open_slots(
            snapshot,
            type_code=type_code,
            provider=provider,
            days=days,
            now=now,
            patient=patient,
            duration_minutes=duration_minutes,
            resources=resources,
            eligibility=self._eligibility,
        )

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
        others = [s.resource for s in self._setup.schedules if s.resource not in providers]

        def attempt() -> tuple[Offer, ...]:
            with self._store.unit_of_work() as uow:
                stored = uow.waitlist.load_open(now)
                around = TimeRange(opening.start - _AROUND, opening.end + _AROUND)
                query = calendar_query(
                    self._setup,
                    resources=[*providers, *others],
                    window=around,
                    patients=[e.patient.ref for e in stored.entries if e.is_open(now)],
                    now=now,
                )
                snapshot = self._snapshot(uow.appointments.load(query), closed)
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
                # The open slice holds every live offer and every open entry; an offer or entry
                # outside it is read by id, only to refuse it as before (OfferNotLive or unknown).
                stored = uow.waitlist.load_open(now)
                offer = next((o for o in stored.offers if o.id == offer_id), None)
                if offer is None:
                    offer = next(iter(uow.waitlist.find(offer_ids=[offer_id]).offers), None)
                if offer is None:
                    raise InvalidArgument("no offer has that id")
                entry = next((e for e in stored.entries if e.id == offer.entry_id), None)
                if entry is None:
                    entry = next(iter(uow.waitlist.find(entry_ids=[offer.entry_id]).entries), None)
                if entry is None:
                    raise InvalidArgument("the offer's entry is not on the waitlist")
                query = booking_query(
                    self._setup,
                    type_code=offer.slot.type_code,
                    provider=offer.slot.provider,
                    start=offer.slot.start,
                    now=now,
                    patient=entry.patient.ref,
                    duration_minutes=int((offer.slot.end - offer.slot.start).total_seconds()) // 60,
                    resources=offer.slot.resources,
                    appointment_id=appointment_id,
                )
                slice_ = uow.appointments.load(query)
                snapshot = self._snapshot(slice_, closed)
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
                if self._save(uow, snapshot, slice_, [decision.appointment], now):
                    raise ConcurrencyConflict("the booking reached days it had not read")
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

    def _booking_query(self, request: BookingRequest, now: datetime) -> SliceQuery:
        return booking_query(
            self._setup,
            type_code=request.type_code,
            provider=request.provider,
            start=request.start,
            now=now,
            patient=request.patient.ref,
            duration_minutes=request.duration_minutes,
            resources=request.resources,
            appointment_id=request.appointment_id,
        )

    def _snapshot(self, stored: StoredSlice, closed: frozenset[date]) -> ScheduleSnapshot:
        return ScheduleSnapshot(
            setup=self._setup, appointments=stored.appointments, closures=closed
        )

    @staticmethod
    def _stored(uow: SchedulingUnitOfWork, appointment_id: str) -> Appointment:
        found = uow.appointments.find([appointment_id])
        if not found:
            raise InvalidArgument("no appointment has that id")
        return found[0]

    def _save(
        self,
        uow: SchedulingUnitOfWork,
        snapshot: ScheduleSnapshot,
        stored: StoredSlice,
        changed: Sequence[Appointment],
        now: datetime,
    ) -> frozenset[SliceKey]:
        """Save ``changed`` against the versions read; the keys missing from the read, if any.

        A change replacing an appointment the slice did not hold (an id already used elsewhere)
        is refused: saving it would overwrite a visit nobody looked at.
        """
        before = [found for a in changed if (found := snapshot.get(a.id)) is not None]
        unknown = [a.id for a in changed if snapshot.get(a.id) is None]
        if unknown and uow.appointments.find(unknown):
            raise InvalidArgument("an appointment with that id already exists")
        keys = save_keys(self._setup, changed, before=before, now=now)
        read = dict(stored.versions)
        missing = keys - read.keys()
        if not missing:
            uow.appointments.save(changed, expected={k: read[k] for k in keys})
        return frozenset(missing)

    def _on_calendar(
        self,
        plan: Callable[[SchedulingUnitOfWork], SliceQuery],
        decide: Callable[[ScheduleSnapshot], tuple[T, Sequence[Appointment]]],
        now: datetime,
        closed: frozenset[date],
    ) -> Callable[[], T]:
        """One attempt: load the planned slice in a unit of work, decide, save what changed.

        Should the decision touch a lane-day the plan did not read (a resource it was not told
        about), the slice is widened and the decision taken again, so a save is always checked
        against versions read before deciding.
        """

        def attempt() -> T:
            extra = SliceQuery()
            for _ in range(_WIDENINGS):
                with self._store.unit_of_work() as uow:
                    stored = uow.appointments.load(plan(uow) | extra)
                    snapshot = self._snapshot(stored, closed)
                    result, changed = decide(snapshot)
                    if not changed:
                        return result
                    missing = self._save(uow, snapshot, stored, changed, now)
                    if not missing:
                        return result
                extra = extra | key_query(self._setup, missing, now)
            raise ConcurrencyConflict("the decision kept reaching days it had not read")

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
        def plan(uow: SchedulingUnitOfWork) -> SliceQuery:
            return appointment_query(self._setup, self._stored(uow, appointment_id))

        def decide(snapshot: ScheduleSnapshot) -> tuple[Appointment, list[Appointment]]:
            found = snapshot.get(appointment_id)
            if found is None:
                raise ConcurrencyConflict("the appointment moved while it was read; read again")
            done = change(found)
            return done, [done]

        return audited(
            self._audit,
            self._on_calendar(plan, decide, now, frozenset()),
            attempts=self._attempts,
            at=now,
            actor=actor,
            action=action,
            record_type="appointment",
            record_id=appointment_id,
            details=details,
        )
