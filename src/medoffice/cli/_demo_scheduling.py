"""The scheduling stage of ``medoffice demo``: book, cancel, offer from the waitlist, allocate.

Every request goes through ``Scheduling.book`` with credentials as the eligibility port;
refused requests join the waitlist; one booked visit in twelve is cancelled and its time offered
and accepted through the waitlist use cases; what still waits is allocated in one batch. The
summary measures the month: utilisation and the third-next-available follow-up per provider.

More information: docs/demo.md, docs/scheduling.md.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Final
from zoneinfo import ZoneInfo

from medoffice.adapters.bridges import CredentialEligibility
from medoffice.cli._demo_practice import MONTH, NOW, STATE, ZONE, DemoPractice, month_days
from medoffice.cli._demo_stages import Advance, DemoClock, Eligibility
from medoffice.credentials.ports import CredentialRepository
from medoffice.kernel import AuditLog, TimeRange
from medoffice.scheduling import (
    AllocationRequest,
    AppointmentStatus,
    Booked,
    BookingPolicy,
    BookingRequest,
    CancelReason,
    OfferPolicy,
    ScheduleSnapshot,
    Scheduling,
    WaitlistEntry,
    next_available,
    open_windows,
)
from medoffice.scheduling.ports import SchedulingStore

__all__ = ["scheduling_stage"]

_CANCEL_EVERY: Final = 12  # one booked visit in twelve is cancelled and offered to the waitlist


def _open_minutes(snapshot: ScheduleSnapshot, provider: str, days: Iterable[date]) -> int:
    schedule = next(s for s in snapshot.setup.schedules if s.resource == provider)
    return sum(
        int(w.span.duration / timedelta(minutes=1))
        for day in days
        for w in open_windows(schedule, day)
    )


def scheduling_stage(
    practice: DemoPractice,
    store: SchedulingStore,
    credentials: CredentialRepository,
    audit: AuditLog,
    advance: Advance,
) -> dict[str, Any]:
    """Book every request, cancel some, fill them from the waitlist, then measure the month."""
    eligibility = Eligibility(CredentialEligibility(credentials), STATE)
    scheduling = Scheduling(
        store,
        setup=practice.setup,
        clock=DemoClock(NOW),
        policy=BookingPolicy(),
        offers=OfferPolicy(),
        eligibility=eligibility,
        audit=audit,
    )
    waiting: list[BookingRequest] = []
    refused: Counter[str] = Counter()
    booked: list[Booked] = []
    for request in practice.requests:
        decision = scheduling.book(request)
        if isinstance(decision, Booked):
            booked.append(decision)
        else:
            refused.update({c.kind.rule.value for c in decision.conflicts})
            waiting.append(request)
        advance(1)
    with store.unit_of_work() as uow:
        uow.waitlist.save(entries=[_entry(r) for r in waiting], expected_version=0)
    cancelled = booked[::_CANCEL_EVERY]
    offered = filled = 0
    taken: set[str] = set()
    for done in cancelled:
        freed = done.appointment
        scheduling.cancel(freed.id, reason=CancelReason.PATIENT)
        offers = scheduling.offer_from_waitlist(freed.span, [freed.provider])
        offered += len(offers)
        for offer in offers:
            accepted = scheduling.accept_offer(offer.id, appointment_id=f"{offer.entry_id}-booked")
            if isinstance(accepted, Booked):
                filled += 1
                taken.add(offer.entry_id)
        advance(1)
    rest = [r for r in waiting if _entry(r).id not in taken]
    batch = _allocate_rest(practice, scheduling, rest)
    advance(1)
    return _measure(practice, scheduling, eligibility) | {
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
    practice: DemoPractice, scheduling: Scheduling, rest: Sequence[BookingRequest]
) -> dict[str, Any]:
    """Place what is still waiting in one batch, any time from its day to the month's end,
    preferring the provider first asked for; book and save the placements in one
    compare-and-set."""
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
    result = scheduling.allocate(requests, actor="demo")
    allocation = result.allocation
    return {
        "requests": len(requests),
        "placed": len(allocation.placements),
        "booked": len(result.booked),
        "unplaced_by_reason": dict(
            sorted(Counter(u.reason.value for u in allocation.unplaced).items())
        ),
        "gap": round(allocation.gap, 4),
    }


def _measure(
    practice: DemoPractice, scheduling: Scheduling, eligibility: Eligibility
) -> dict[str, Any]:
    tz = ZoneInfo(ZONE)
    # The month, and the sixty days after NOW that the third-next-available looks at.
    until = max(
        datetime.combine(MONTH.last + timedelta(days=1), time(0), tzinfo=tz),
        NOW + timedelta(days=61),
    )
    snapshot = scheduling.calendar(
        [s.resource for s in practice.setup.schedules],
        TimeRange(datetime.combine(MONTH.first, time(0), tzinfo=tz), until),
    )
    stored = [
        a
        for a in snapshot.appointments
        if MONTH.first <= a.span.start.astimezone(tz).date() <= MONTH.last
    ]
    days = month_days()
    minutes: Counter[str] = Counter()
    for appointment in stored:
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
        "appointments_booked": sum(a.status is AppointmentStatus.BOOKED for a in stored),
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
