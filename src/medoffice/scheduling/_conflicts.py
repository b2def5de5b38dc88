"""Why a time cannot be booked: every conflict of a candidate appointment, as data.

:func:`explain` answers "why is 10:40 with Dr A not offered?" with every reason at once
(outside the working hours, on leave, a day off, a practice closure, booked, inside another
visit's buffer, too little notice, beyond the horizon, a limit reached, a resource missing,
the patient already busy, the group full). The booking decision uses the same check, so what
is offered and what is accepted can never drift apart.

Each :class:`Conflict` carries a :class:`ConflictKind` whose stable rule id is ``SCH-`` plus
the kind in capitals (``SCH-PROVIDER-OVERLAP``), the resource concerned and the id of the other
appointment when there is one, never a patient's details.

More information: HL7 FHIR R4 Appointment and Slot (https://hl7.org/fhir/R4/appointment.html).

>>> ConflictKind.PROVIDER_OVERLAP.rule
RuleId('SCH-PROVIDER-OVERLAP')
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Final, final

import attrs

from medoffice.kernel import Finding, InvalidArgument, RuleId, Severity
from medoffice.scheduling._appointments import Appointment
from medoffice.scheduling._convert import aware, text, to_frozenset
from medoffice.scheduling._eligibility import ask_eligibility, eligibility_day
from medoffice.scheduling._snapshot import Busy, ScheduleSnapshot, period_keys
from medoffice.scheduling._templates import Absence, absence, day_windows
from medoffice.scheduling._time import from_seconds, local_day, to_seconds, zone
from medoffice.scheduling._types import AppointmentType, LimitPeriod, Patient
from medoffice.scheduling.ports import ProviderEligibility

__all__ = ["Candidate", "Check", "Conflict", "ConflictKind", "check", "explain"]

_MINUTE: Final = 60


@final
class ConflictKind(enum.StrEnum):
    """Every reason a time is not offered or a booking is refused."""

    OUTSIDE_TEMPLATE = "outside-template"
    CLOSED = "closed"
    LEAVE = "leave"
    DAY_OFF = "day-off"
    TYPE_NOT_ALLOWED = "type-not-allowed"
    OFF_GRID = "off-grid"
    NOTICE = "notice"
    HORIZON = "horizon"
    PROVIDER_NOT_ELIGIBLE = "provider-not-eligible"
    PROVIDER_OVERLAP = "provider-overlap"
    BUFFER = "buffer"
    CAPACITY_FULL = "capacity-full"
    RESOURCE_MISSING = "resource-missing"
    RESOURCE_OVERLAP = "resource-overlap"
    PATIENT_OVERLAP = "patient-overlap"
    PATIENT_RULE = "patient-rule"
    ONE_OPEN = "one-open"
    LIMIT_REACHED = "limit-reached"

    @property
    def rule(self) -> RuleId:
        """The stable rule id, ``SCH-`` and the kind in capitals."""
        return RuleId("SCH-" + self.value.upper())


@final
@attrs.frozen(kw_only=True)
class Conflict:
    """One reason against a candidate time; ``with_appointment`` is the other visit's id."""

    kind: ConflictKind
    message: str
    resource: str | None = None
    with_appointment: str | None = None

    @property
    def rule(self) -> RuleId:
        """The conflict kind's rule id."""
        return self.kind.rule

    def to_finding(self, severity: Severity = Severity.ERROR) -> Finding:
        """The conflict as a kernel finding (``path`` names the resource)."""
        return Finding(
            rule=self.rule,
            severity=severity,
            message=self.message,
            path=self.resource or "",
            value=self.with_appointment,
        )


@final
@attrs.frozen(kw_only=True)
class Candidate:
    """A visit someone might book: type, provider, start, length and, optionally, who and with what.

    ``ignore`` lists appointment ids to leave out (the visit being rescheduled).
    """

    type_code: str = attrs.field(validator=text)
    provider: str = attrs.field(validator=text)
    start: datetime = attrs.field(validator=aware)
    duration_minutes: int | None = None
    patient: Patient | None = None
    resources: frozenset[str] = attrs.field(default=frozenset(), converter=to_frozenset)
    overbook: bool = False
    ignore: frozenset[str] = attrs.field(default=frozenset(), converter=to_frozenset)


@final
@attrs.frozen(kw_only=True)
class Check:
    """What checking a candidate found: its conflicts, the resources it would use, overbooking."""

    conflicts: tuple[Conflict, ...]
    resources: frozenset[str]
    overbooked: bool


def explain(
    snapshot: ScheduleSnapshot,
    candidate: Candidate,
    *,
    now: datetime,
    eligibility: ProviderEligibility | None = None,
) -> tuple[Conflict, ...]:
    """Every reason ``candidate`` is not offered; empty when it is bookable."""
    return check(snapshot, candidate, now=now, eligibility=eligibility).conflicts


def check(
    snapshot: ScheduleSnapshot,
    candidate: Candidate,
    *,
    now: datetime,
    eligibility: ProviderEligibility | None = None,
) -> Check:
    """Check ``candidate`` against the snapshot; the booking decision is built on this."""
    return _Checker(snapshot, candidate, now, eligibility).run()


def forbidden(busy: Busy, length: int, before: int, after: int) -> tuple[int, int]:
    """The open interval of starts that clash with ``busy`` (core overlap or a buffer).

    The gap kept between two visits is the larger of the first's buffer after and the second's
    buffer before.
    """
    return (busy.start - length - max(busy.before, after), busy.end + max(busy.after, before))


class _Checker:
    """One check of one candidate; each method adds the conflicts of one rule to ``found``."""

    def __init__(
        self,
        snapshot: ScheduleSnapshot,
        candidate: Candidate,
        now: datetime,
        eligibility: ProviderEligibility | None,
    ) -> None:
        self.snapshot = snapshot
        self.candidate = candidate
        self.kind: AppointmentType = snapshot.appointment_type(candidate.type_code)
        self.minutes = candidate.duration_minutes or self.kind.duration_minutes
        if self.minutes not in self.kind.durations:
            raise InvalidArgument("that duration is not one the appointment type allows")
        self.start = to_seconds(candidate.start)
        self.end = self.start + self.minutes * _MINUTE
        self.before = self.kind.buffer_before_minutes * _MINUTE
        self.after = self.kind.buffer_after_minutes * _MINUTE
        self.now = to_seconds(now)
        self.eligibility = eligibility
        self.practice_tz = zone(snapshot.setup.practice_zone)
        self.found: list[Conflict] = []

    def add(self, kind: ConflictKind, message: str, **where: str | None) -> None:
        self.found.append(Conflict(kind=kind, message=message, **where))

    def run(self) -> Check:
        provider = self.candidate.provider
        self.eligible()
        self.found.extend(self.template(provider, ConflictKind.OUTSIDE_TEMPLATE))
        self.grid()
        self.notice()
        overbooked = self.provider_time()
        resources = self.resources()
        if self.candidate.patient is not None:
            self.patient(self.candidate.patient)
        self.limits()
        return Check(conflicts=tuple(self.found), resources=resources, overbooked=overbooked)

    def eligible(self) -> None:
        provider = self.candidate.provider
        allowed = self.kind.allows_provider(provider)
        if allowed and self.eligibility is not None:
            day = eligibility_day(self.snapshot.setup, self.start)
            allowed = ask_eligibility(self.eligibility, provider, self.kind.code, day)
        if not allowed:
            self.add(
                ConflictKind.PROVIDER_NOT_ELIGIBLE,
                "the provider may not see this appointment type on that day",
                resource=provider,
            )

    def template(self, resource: str, outside: ConflictKind) -> list[Conflict]:
        def one(kind: ConflictKind, message: str) -> list[Conflict]:
            return [Conflict(kind=kind, message=message, resource=resource)]

        schedule = self.snapshot.setup.schedule(resource)
        if schedule is None:
            return one(outside, "the resource has no schedule")
        day = local_day(self.start, zone(schedule.zone))
        if day in self.snapshot.closures:
            return one(ConflictKind.CLOSED, "the practice is closed that day")
        away = absence(schedule, day)
        if away is not None and outside is ConflictKind.OUTSIDE_TEMPLATE:
            if away is Absence.LEAVE:
                return one(ConflictKind.LEAVE, "the provider is on leave that day")
            return one(ConflictKind.DAY_OFF, "the provider has that day off")
        windows = day_windows(schedule, day, self.snapshot.setup.dst)
        inside = [w for w in windows if w[0] <= self.start and self.end <= w[1]]
        if not inside:
            return one(outside, "the time is outside the working hours")
        if not any(not w[2] or self.kind.code in w[2] for w in inside):
            return one(
                ConflictKind.TYPE_NOT_ALLOWED,
                "the working window is reserved for other appointment types",
            )
        return []

    def grid(self) -> None:
        schedule = self.snapshot.setup.schedule(self.candidate.provider)
        tz = zone(schedule.zone) if schedule is not None else self.practice_tz
        wall = from_seconds(self.start).astimezone(tz)
        minute = wall.hour * 60 + wall.minute
        if wall.second or (minute - self.kind.grid_offset_minutes) % self.kind.grid:
            self.add(
                ConflictKind.OFF_GRID,
                "the start is not on the type's start grid",
                resource=self.candidate.provider,
            )

    def notice(self) -> None:
        kind = self.kind
        if self.start < self.now + kind.min_notice_minutes * _MINUTE:
            self.add(ConflictKind.NOTICE, "too little notice before the start")
        if kind.horizon_days is not None and self.start > self.now + kind.horizon_days * 86_400:
            self.add(ConflictKind.HORIZON, "the start is beyond the booking horizon")

    def clash(self, busy: Busy, resource: str, overlap: ConflictKind) -> list[Conflict]:
        low, high = forbidden(busy, self.end - self.start, self.before, self.after)
        if not low < self.start < high:
            return []
        if self.start < busy.end and busy.start < self.end:
            kind, message = overlap, "the time is already booked"
        else:
            kind, message = ConflictKind.BUFFER, "the time falls in the buffer around another visit"
        return [Conflict(kind=kind, message=message, resource=resource, with_appointment=busy.id)]

    def provider_time(self) -> bool:
        kind, candidate = self.kind, self.candidate
        seated = 0
        span = (self.start, self.end)
        for busy in self.snapshot.busy(
            candidate.provider, self.start - self.before, self.end + self.after
        ):
            if busy.id in candidate.ignore:
                continue
            if kind.seats > 1 and busy.type_code == kind.code and (busy.start, busy.end) == span:
                seated += 1
                continue
            self.found.extend(self.clash(busy, candidate.provider, ConflictKind.PROVIDER_OVERLAP))
        if seated < kind.seats:
            return False
        if candidate.overbook and seated < kind.seats + kind.overbook_seats:
            return True
        self.add(
            ConflictKind.CAPACITY_FULL,
            "every seat of the session is taken",
            resource=candidate.provider,
        )
        return False

    def resource_free(self, resource: str) -> list[Conflict]:
        found = self.template(resource, ConflictKind.RESOURCE_MISSING)
        if found:
            return found
        for busy in self.snapshot.busy(resource, self.start - self.before, self.end + self.after):
            if busy.id not in self.candidate.ignore:
                found.extend(self.clash(busy, resource, ConflictKind.RESOURCE_OVERLAP))
        return found

    def resources(self) -> frozenset[str]:
        pinned = self.candidate.resources
        chosen: set[str] = set()
        for named in sorted(pinned):
            chosen.add(named)
            self.found.extend(self.resource_free(named))
        for requirement in self.kind.resources:
            pool = [
                r
                for r in self.snapshot.setup.in_category(requirement.category)
                if not requirement.among or r in requirement.among
            ]
            if any(r in pinned for r in pool):
                continue
            free = next(
                (r for r in pool if r not in chosen and not self.resource_free(r)),
                None,
            )
            if free is None:
                self.add(
                    ConflictKind.RESOURCE_MISSING,
                    "no resource of the required kind is free",
                    resource=requirement.category,
                )
            else:
                chosen.add(free)
        return frozenset(chosen)

    def patient(self, patient: Patient) -> None:
        start, end = self.start, self.end
        ignore = self.candidate.ignore
        for busy in self.snapshot.patient_busy(patient.ref, start, end):
            if busy.id not in ignore and start < busy.end and busy.start < end:
                self.add(
                    ConflictKind.PATIENT_OVERLAP,
                    "the patient already has a visit at that time",
                    with_appointment=busy.id,
                )
        rule = self.kind.patients
        if rule.established is not None and patient.established is not rule.established:
            self.add(ConflictKind.PATIENT_RULE, "the type is not for this kind of patient")
        if rule.min_age is not None or rule.max_age is not None:
            age = patient.age_on(local_day(start, self.practice_tz))
            too_young = age is not None and rule.min_age is not None and age < rule.min_age
            too_old = age is not None and rule.max_age is not None and age > rule.max_age
            if age is None or too_young or too_old:
                self.add(ConflictKind.PATIENT_RULE, "the patient's age does not fit the type")
        if rule.one_open:
            for busy in self.snapshot.patient_appointments(patient.ref):
                if (
                    busy.type_code == self.kind.code
                    and busy.end > self.now
                    and busy.id not in ignore
                ):
                    self.add(
                        ConflictKind.ONE_OPEN,
                        "the patient already has an open appointment of this type",
                        with_appointment=busy.id,
                    )

    def limits(self) -> None:
        if not self.kind.limits:
            return
        provider = self.candidate.provider
        keys = period_keys(self.start, self.practice_tz)
        for limit in self.kind.limits:
            key = keys[0] if limit.period is LimitPeriod.DAY else keys[1]
            count, used = self.snapshot.usage(provider, self.kind.code, key)
            for ignored in self.ignored():
                if key in period_keys(to_seconds(ignored.span.start), self.practice_tz):
                    count -= 1
                    used -= int(ignored.span.duration.total_seconds()) // _MINUTE
            over_count = limit.max_count is not None and count + 1 > limit.max_count
            over_minutes = limit.max_minutes is not None and used + self.minutes > limit.max_minutes
            if over_count or over_minutes:
                self.add(
                    ConflictKind.LIMIT_REACHED,
                    f"the provider's {limit.period} limit for this type is reached",
                    resource=provider,
                )

    def ignored(self) -> list[Appointment]:
        found = (self.snapshot.get(i) for i in sorted(self.candidate.ignore))
        return [
            a
            for a in found
            if a is not None
            and a.holds_time
            and a.provider == self.candidate.provider
            and a.type_code == self.kind.code
        ]
