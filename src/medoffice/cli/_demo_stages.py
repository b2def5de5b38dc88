"""The stages of ``medoffice demo``: credentials, scheduling, claims, budget.

Each stage drives the library's own use cases and pure cores over the synthetic practice of
:mod:`medoffice.cli._demo_practice` and returns a JSON-ready summary. ``advance`` is called once
per unit of work so the command can draw progress bars; the stages never print.

More information: docs/demo.md.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Final, final
from zoneinfo import ZoneInfo

import attrs
import pendulum

from medoffice.adapters.credentials import roster_from_mapping
from medoffice.adapters.credentials_eligibility import CredentialEligibility
from medoffice.adapters.scheduling_waitlist import InMemoryWaitlistRepository
from medoffice.cli._demo_practice import MONTH, NOW, STATE, ZONE, DemoPractice, month_days
from medoffice.credentials import Standing, StatusIndex, plan_alerts, status
from medoffice.credentials.ports import CredentialRepository
from medoffice.credentials.services import record_credential
from medoffice.kernel import AuditEvent, AuditLog, AuditOutcome, ConcurrencyConflict, TimeRange
from medoffice.scheduling import (
    AllocationRequest,
    Appointment,
    AppointmentStatus,
    Booked,
    BookingPolicy,
    BookingRequest,
    CancelReason,
    OfferPolicy,
    Rejected,
    ScheduleSnapshot,
    WaitlistEntry,
    allocate,
    book_allocation,
    next_available,
    open_windows,
)
from medoffice.scheduling import services as scheduling
from medoffice.scheduling.ports import AppointmentRepository, StoredAppointments

__all__ = [
    "Advance",
    "DemoClock",
    "Eligibility",
    "RememberingAppointments",
    "credentials_stage",
    "scheduling_stage",
]

Advance = Callable[[int], None]
_NOT_IN_FORCE: Final = frozenset(
    {Standing.IN_GRACE, Standing.LAPSED_REINSTATABLE, Standing.EXPIRED, Standing.MISSING}
)
_CANCEL_EVERY: Final = 12  # one booked visit in twelve is cancelled and offered to the waitlist


@final
class DemoClock:
    """A clock fixed at one instant: the demo replays a month, so its time is chosen, not read."""

    __slots__ = ("_now",)

    def __init__(self, now: datetime) -> None:
        self._now = pendulum.instance(now)

    def __repr__(self) -> str:
        return f"DemoClock({self._now.isoformat()})"

    def now(self) -> pendulum.DateTime:
        """The chosen instant."""
        return self._now


@final
class Eligibility:
    """Scheduling's eligibility port answered from the credential repository (one state)."""

    __slots__ = ("_answers", "_credentials", "_state")

    def __init__(self, credentials: CredentialEligibility, state: str) -> None:
        self._credentials = credentials
        self._state = state
        self._answers: dict[tuple[str, date], bool] = {}

    def is_eligible(self, provider: str, type_code: str, on: date) -> bool:
        """True when the provider's credentials let them practise in the state on ``on``."""
        key = (provider, on)
        if key not in self._answers:
            self._answers[key] = self._credentials.is_eligible(provider, self._state, on)[0]
        return self._answers[key]


@final
class RememberingAppointments:
    """An ``AppointmentRepository`` that remembers what it read and wrote, in front of another.

    Every save still goes to the repository behind, which checks the version; a conflict
    forgets what was remembered, so the use case's retry reads afresh. Reading is then free
    while this process is the only writer, which is what a batch of bookings needs.
    """

    __slots__ = ("_inner", "_stored")

    def __init__(self, inner: AppointmentRepository) -> None:
        self._inner = inner
        self._stored: StoredAppointments | None = None

    def __repr__(self) -> str:
        return f"RememberingAppointments({self._inner!r})"

    def load(self) -> StoredAppointments:
        """What was last read or written, or a fresh read."""
        if self._stored is None:
            self._stored = self._inner.load()
        return self._stored

    def save(self, changed: Sequence[Appointment], *, expected_version: int) -> int:
        """Save behind; remember the result only when the save succeeded."""
        try:
            version = self._inner.save(changed, expected_version=expected_version)
        except ConcurrencyConflict:
            self._stored = None
            raise
        known = self._stored
        if known is None or known.version != expected_version:
            self._stored = None
            return version
        replaced = {a.id: a for a in changed}
        kept = [replaced.pop(a.id, a) for a in known.appointments]
        kept.extend(replaced.values())
        self._stored = StoredAppointments(appointments=kept, version=version)
        return version


def credentials_stage(
    practice: DemoPractice, repository: CredentialRepository, audit: AuditLog, advance: Advance
) -> dict[str, Any]:
    """Record the roster's credentials, report standings at month end, plan the reminders."""
    roster = roster_from_mapping(practice.roster)
    clock = DemoClock(NOW)
    for member in roster.staff:
        repository.save(attrs.evolve(member, credentials=()), expected_version=0)
        for credential in member.credentials:
            record_credential(
                member.id, credential, repository=repository, clock=clock, audit=audit
            )
        advance(1)
    end = MONTH.last
    not_in_force: dict[str, list[object]] = {}
    for member in roster.staff:
        for entry in status(member, end, explain=False):
            if entry.standing in _NOT_IN_FORCE:
                not_in_force.setdefault(member.id, []).append(entry.requirement)
    alerts = plan_alerts(
        StatusIndex(roster.staff).due_items(MONTH.first), MONTH.first, horizon_days=30
    )
    eligibility = CredentialEligibility(repository)
    blocked = {}
    for provider in practice.providers:
        last_day = next(
            (d for d in MONTH if not eligibility.is_eligible(provider, STATE, d)[0]), None
        )
        if last_day is not None:
            blocked[provider] = last_day.isoformat()
    return {
        "staff": len(roster.staff),
        "not_in_force_on": end.isoformat(),
        "staff_not_in_force": len(not_in_force),
        "requirements_not_in_force": dict(
            sorted(Counter(str(r) for rs in not_in_force.values() for r in rs).items())
        ),
        "alerts_planned": len(alerts),
        "alerts_by_tier": dict(sorted(Counter(a.tier.value for a in alerts).items())),
        "providers_not_bookable_from": dict(sorted(blocked.items())),
    }


def _open_minutes(snapshot: ScheduleSnapshot, provider: str, days: Iterable[date]) -> int:
    schedule = next(s for s in snapshot.setup.schedules if s.resource == provider)
    return sum(
        int(w.span.duration / timedelta(minutes=1))
        for day in days
        for w in open_windows(schedule, day)
    )


def scheduling_stage(
    practice: DemoPractice,
    repository: AppointmentRepository,
    credentials: CredentialRepository,
    audit: AuditLog,
    advance: Advance,
) -> dict[str, Any]:
    """Book every request, cancel some, fill them from the waitlist, then measure the month."""
    clock = DemoClock(NOW)
    policy = BookingPolicy()
    eligibility = Eligibility(CredentialEligibility(credentials), STATE)

    def book(request: BookingRequest) -> Booked | Rejected:
        return scheduling.book(
            request,
            setup=practice.setup,
            repository=repository,
            clock=clock,
            policy=policy,
            eligibility=eligibility,
            audit=audit,
        )

    waiting: list[BookingRequest] = []
    refused: Counter[str] = Counter()
    booked: list[Booked] = []
    for request in practice.requests:
        decision = book(request)
        if isinstance(decision, Booked):
            booked.append(decision)
        else:
            refused.update({c.kind.rule.value for c in decision.conflicts})
            waiting.append(request)
        advance(1)
    waitlist = InMemoryWaitlistRepository()
    waitlist.save(entries=[_entry(r) for r in waiting], expected_version=0)
    cancelled = booked[::_CANCEL_EVERY]
    offered = filled = 0
    taken: set[str] = set()
    for done in cancelled:
        freed = done.appointment
        scheduling.cancel(
            freed.id,
            reason=CancelReason.PATIENT,
            repository=repository,
            clock=clock,
            policy=policy,
            audit=audit,
        )
        offers = scheduling.offer_from_waitlist(
            freed.span,
            [freed.provider],
            setup=practice.setup,
            repository=repository,
            waitlist=waitlist,
            clock=clock,
            policy=OfferPolicy(),
            eligibility=eligibility,
        )
        offered += len(offers)
        for offer in offers:
            accepted = scheduling.accept_offer(
                offer.id,
                appointment_id=f"{offer.entry_id}-booked",
                setup=practice.setup,
                repository=repository,
                waitlist=waitlist,
                clock=clock,
                policy=policy,
                eligibility=eligibility,
            )
            if isinstance(accepted, Booked):
                filled += 1
                taken.add(offer.entry_id)
        advance(1)
    rest = [r for r in waiting if _entry(r).id not in taken]
    batch = _allocate_rest(practice, repository, rest, eligibility, audit)
    advance(1)
    return _measure(practice, repository, eligibility) | {
        "requests": len(practice.requests),
        "booked_first_time": len(booked),
        "refused_by_rule": dict(sorted(refused.items())),
        "cancelled": len(cancelled),
        "waitlist_entries": len(waiting),
        "waitlist_offers": offered,
        "filled_from_waitlist": filled,
        "still_waiting": len(waiting) - filled - batch["booked"],
        "batch": batch,
    }


def _entry(request: BookingRequest) -> WaitlistEntry:
    """A refused request waits for any opening on its day, with any provider."""
    local = request.start.astimezone(ZoneInfo(ZONE)).date()
    start = datetime.combine(local, time(0), tzinfo=ZoneInfo(ZONE))
    return WaitlistEntry(
        id=f"wl-{request.appointment_id}",
        patient=request.patient,
        type_code=request.type_code,
        requested_periods=[TimeRange(start, start + timedelta(days=1))],
        created=NOW,
    )


def _allocate_rest(
    practice: DemoPractice,
    repository: AppointmentRepository,
    rest: Sequence[BookingRequest],
    eligibility: Eligibility,
    audit: AuditLog,
) -> dict[str, Any]:
    """Place what is still waiting in one batch, any time from its day to the month's end,
    preferring the provider first asked for; book and save the placements in one
    compare-and-set."""
    stored = repository.load()
    snapshot = ScheduleSnapshot(
        setup=practice.setup, appointments=stored.appointments, version=stored.version
    )
    tz = ZoneInfo(ZONE)
    month_end = datetime.combine(MONTH.last + timedelta(days=1), time(0), tzinfo=tz)
    requests = [
        AllocationRequest(
            id=f"{r.appointment_id}-batch",
            type_code=r.type_code,
            patient=r.patient,
            windows=[TimeRange(_entry(r).requested_periods[0].start, month_end)],
            preferred=[r.provider],
        )
        for r in rest
    ]
    if not requests:
        return {"requests": 0, "placed": 0, "booked": 0, "unplaced_by_reason": {}, "gap": 0.0}
    allocation = allocate(snapshot, requests, now=NOW, eligibility=eligibility)
    decisions, _ = book_allocation(
        snapshot, allocation, requests, policy=BookingPolicy(), now=NOW, eligibility=eligibility
    )
    booked = [d.appointment for d in decisions if isinstance(d, Booked)]
    if booked:
        repository.save(booked, expected_version=stored.version)
    audit.append(
        AuditEvent(
            at=NOW,
            actor="demo",
            action="appointment.allocate",
            record_type="allocation",
            record_id=f"batch-{stored.version}",
            outcome=AuditOutcome.SUCCESS,
            details={"requests": str(len(requests)), "booked": str(len(booked))},
        )
    )
    return {
        "requests": len(requests),
        "placed": len(allocation.placements),
        "booked": len(booked),
        "unplaced_by_reason": dict(
            sorted(Counter(u.reason.value for u in allocation.unplaced).items())
        ),
        "gap": round(allocation.gap, 4),
    }


def _measure(
    practice: DemoPractice, repository: AppointmentRepository, eligibility: Eligibility
) -> dict[str, Any]:
    stored = repository.load()
    snapshot = ScheduleSnapshot(
        setup=practice.setup, appointments=stored.appointments, version=stored.version
    )
    days = month_days()
    minutes: Counter[str] = Counter()
    for appointment in stored.appointments:
        if appointment.status is AppointmentStatus.BOOKED:
            minutes[appointment.provider] += int(appointment.span.duration / timedelta(minutes=1))
    utilisation = {}
    third = {}
    for provider in practice.providers:
        capacity = _open_minutes(snapshot, provider, days)
        utilisation[provider] = round(minutes[provider] / capacity, 4) if capacity else 0.0
        slots = next_available(
            snapshot,
            type_code="FU",
            providers=[provider],
            now=NOW,
            count=3,
            within_days=60,
            eligibility=eligibility,
        )
        third[provider] = (
            round((slots[2].start - NOW) / timedelta(days=1), 2) if len(slots) == 3 else None
        )
    known = [d for d in third.values() if d is not None]
    return {
        "appointments_booked": sum(
            a.status is AppointmentStatus.BOOKED for a in stored.appointments
        ),
        "utilisation": utilisation,
        "utilisation_overall": round(
            sum(minutes.values())
            / max(1, sum(_open_minutes(snapshot, p, days) for p in practice.providers)),
            4,
        ),
        "third_next_available_days": third,
        "third_next_available_median_days": round(statistics.median(known), 2) if known else None,
        "dst_change": datetime(2026, 3, 8, 7, tzinfo=UTC).isoformat(),
    }
