"""The authorizations stage of ``medoffice demo``: a referral and a therapy series, end to end.

An HMO patient's specialist visit is refused at the front desk until the primary care
provider's referral is on file (``REF-MISSING``), then booked and counted against it. A physical
therapy series of eight weekly visits, booked as one series in the mode that books what fits,
meets a prior authorization of six: six are booked, the rest refused as ``AUTH-EXHAUSTED``; a
cancellation gives a visit back and the next booking takes it. The visits are billed: the claim
check asks the same decision through its own port, flags the claim that lacks the authorization
number (``AUTH-NUMBER-MISSING``) and records the submitted lines as used. The work queues of 25
March close the loop: the exhausted authorization with visits still booked, a request pending
too long, a referral without a report. Every use case saves through the SQLite database and
records audit events.

More information: docs/authorizations.md, docs/demo.md.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, Final
from zoneinfo import ZoneInfo

import attrs

from medoffice.adapters.bridges import (
    BookingAuthorizationCheck,
    ClaimAuthorizationCheck,
    ServiceMap,
)
from medoffice.authorizations import (
    Authorizations,
    Coverage,
    PriorAuthorization,
    Referral,
    Requirement,
    RequirementBook,
    StatusChange,
    work_queues,
)
from medoffice.claims import Claim, Patient, Payer, PayerType, Provider, ServiceLine, Subscriber
from medoffice.cli._demo_practice import NOW, ZONE, DemoPractice
from medoffice.cli._demo_stages import DemoClock
from medoffice.kernel import AuditLog, DateRange, Money
from medoffice.scheduling import (
    AppointmentType,
    Booked,
    BookingRequest,
    CancelReason,
    PracticeSetup,
    Schedule,
    Scheduling,
    WeeklyTemplate,
    Window,
)
from medoffice.scheduling import Patient as BookingPatient
from medoffice.scheduling._series import Frequency, Recurrence, SeriesMode, SeriesRequest

if TYPE_CHECKING:
    from medoffice.adapters.databases import Database

__all__ = ["authorizations_stage"]

THERAPIST_NPI: Final = "1245319599"
SPECIALIST_NPI: Final = "1987654328"
PCP_NPI: Final = "1456789019"
BILLING_NPI: Final = "1234567893"
#: The day the work queues are read.
QUEUES_ON: Final = date(2026, 3, 25)
_SINCE: Final = DateRange.starting(date(2026, 1, 1))
#: The demo payer's rules (an illustrative HMO, as in examples/authorizations/requirements.toml).
REQUIREMENTS: Final = RequirementBook(
    [
        Requirement(
            id="ACME-THERAPY-PA",
            kind="prior-authorization",
            payer_ids={"ACME1"},
            procedures={"97110-97546", "97161-97168"},
            effective=_SINCE,
            source="Acme Health provider manual, outpatient therapy (illustrative)",
        ),
        Requirement(
            id="ACME-HMO-SPECIALIST-REFERRAL",
            kind="referral",
            payer_ids={"ACME1"},
            plan_types={"hmo"},
            specialists=True,
            effective=_SINCE,
            source="Acme Health HMO member handbook (illustrative)",
        ),
    ]
)
SERVICES: Final = ServiceMap(
    visit_types={"PT": ("97110",), "SPEC": ("99204",)},
    npis={"pt-01": THERAPIST_NPI, "dr-spec": SPECIALIST_NPI},
    specialists={"dr-spec"},
)


def _setup(base: PracticeSetup) -> PracticeSetup:
    """The demo practice with a physical therapist and a visiting specialist added."""
    effective = DateRange.starting(date(2026, 1, 5))
    therapist = WeeklyTemplate(
        effective=effective, windows=[Window(weekday=1, start=time(9), end=time(16))]
    )
    specialist = WeeklyTemplate(
        effective=effective, windows=[Window(weekday=0, start=time(9), end=time(12))]
    )
    return attrs.evolve(
        base,
        schedules=(
            *base.schedules,
            Schedule(resource="pt-01", zone=ZONE, templates=[therapist]),
            Schedule(resource="dr-spec", zone=ZONE, templates=[specialist]),
        ),
        appointment_types=(
            *base.appointment_types,
            AppointmentType(code="PT", duration_minutes=45, grid_minutes=15),
            AppointmentType(code="SPEC", duration_minutes=40),
        ),
    )


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), ZoneInfo(ZONE)).astimezone(UTC)


def _visit(ident: str, kind: str, patient: str, start: datetime) -> BookingRequest:
    return BookingRequest(
        appointment_id=ident,
        type_code=kind,
        provider="dr-spec" if kind == "SPEC" else "pt-01",
        start=start,
        patient=BookingPatient(ref=patient),
    )


def _claim(number: str, day: date, *, authorization: str | None) -> Claim:
    return Claim(
        patient_control_number=number,
        billing=Provider(npi=BILLING_NPI, name="Synthetic Family Practice"),
        patient=Patient(sex="F"),
        subscriber=Subscriber(),
        payer=Payer(payer_id="ACME1", type=PayerType.COMMERCIAL, name="Acme Health HMO"),
        diagnoses=("M54.50",),
        lines=(
            ServiceLine(
                service_from=day,
                procedure="97110",
                charge=Money.of("95.00", "USD"),
                pointers=(1,),
            ),
        ),
        rendering=Provider(npi=THERAPIST_NPI),
        prior_authorization=authorization,
    )


def _patient_of(claim: Claim) -> str:
    """The demo's control numbers are the patient's account and the visit: ``pt-a.1``."""
    return claim.patient_control_number.partition(".")[0]


def authorizations_stage(
    practice: DemoPractice,
    database: Database,
    audit: AuditLog,
    advance: Callable[[int], None],
) -> dict[str, Any]:
    """Book a referred specialist visit and a therapy series, bill them, read the queues."""
    clock = DemoClock(NOW)
    records = Authorizations(
        database, clock=clock, requirements=REQUIREMENTS, zone=ZONE, audit=audit
    )
    for patient in ("pt-a", "pt-b", "pt-c"):
        records.add_coverage(Coverage(patient=patient, payer_id="ACME1", plan_type="hmo"))
    scheduling = Scheduling(
        database,
        setup=_setup(practice.setup),
        clock=clock,
        audit=audit,
        authorizations=BookingAuthorizationCheck(records, services=SERVICES),
    )
    refused: Counter[str] = Counter()
    outcomes: Counter[str] = Counter()

    def book(request: BookingRequest) -> bool:
        decision = scheduling.book(request, actor="user:frontdesk-1")
        advance(1)
        booked = isinstance(decision, Booked)
        outcomes["booked" if booked else "refused"] += 1
        if not isinstance(decision, Booked):
            refused.update(c.rule.value for c in decision.conflicts)
        return booked

    # A specialist visit for an HMO patient: refused without a referral, booked with one.
    specialist = _visit("auth-spec-1", "SPEC", "pt-b", _at(date(2026, 3, 9), 10))
    first_try = book(specialist)
    records.record_referral(
        Referral(
            id="REF-2026-031",
            patient="pt-b",
            payer_id="ACME1",
            referring=PCP_NPI,
            receiving=SPECIALIST_NPI,
            diagnoses=("M54.50",),
            visits=2,
            valid=DateRange(date(2026, 3, 1), date(2026, 5, 31)),
            number="R-88231",
            requested_on=date(2026, 3, 2),
        ),
        actor="user:referrals",
    )
    records.change_status("REF-2026-031", "sent", actor="user:referrals")
    second_try = book(specialist)

    # A therapy series: six visits approved, eight weekly visits asked for.
    records.record_authorization(
        PriorAuthorization(
            id="PA-2026-014",
            patient="pt-a",
            payer_id="ACME1",
            number="A-55102",
            procedures={"97110", "97140"},
            approved=6,
            valid=DateRange(date(2026, 3, 1), date(2026, 4, 30)),
            requested_on=date(2026, 2, 23),
        ),
        actor="user:auth-desk",
    )
    records.change_status("PA-2026-014", "approved", note="payer portal", actor="user:auth-desk")
    tuesdays = [date(2026, 3, 3) + timedelta(weeks=n) for n in range(8)]
    series = scheduling.book_series(
        SeriesRequest(
            series_id="auth-pt",
            type_code="PT",
            provider="pt-01",
            patient=BookingPatient(ref="pt-a"),
            first=datetime.combine(tuesdays[0], time(10)),
            recurrence=Recurrence(frequency=Frequency.WEEKLY, count=len(tuesdays)),
        ),
        mode=SeriesMode.FEASIBLE,
        actor="user:frontdesk-1",
    )
    advance(1)
    refused.update(c.rule.value for r in series.rejected for c in r.conflicts)
    # The second visit is cancelled: its authorized visit returns, and the seventh gets it.
    scheduling.cancel("auth-pt-2", reason=CancelReason.PATIENT, actor="user:frontdesk-1")
    rebooked = book(_visit("auth-pt-7b", "PT", "pt-a", _at(tuesdays[6], 10)))

    # A stale request and an old referral still waiting for its report, for the work queues.
    records.record_authorization(
        PriorAuthorization(
            id="PA-2026-019",
            patient="pt-c",
            payer_id="ACME1",
            procedures={"97161"},
            approved=1,
            valid=DateRange(date(2026, 3, 15), date(2026, 6, 15)),
            requested_on=date(2026, 3, 12),
        ),
        actor="user:auth-desk",
    )
    records.change_status("PA-2026-019", "pending", actor="user:auth-desk")
    old = records.record_referral(
        Referral(
            id="REF-2026-007",
            patient="pt-c",
            payer_id="ACME1",
            referring=PCP_NPI,
            receiving=SPECIALIST_NPI,
            visits=1,
            valid=DateRange(date(2026, 2, 1), date(2026, 4, 30)),
            requested_on=date(2026, 2, 2),
            status="sent",
            history=[StatusChange(status="sent", at=datetime(2026, 2, 3, 15, tzinfo=UTC))],
        ),
        actor="user:referrals",
    )

    # Billing the first two therapy visits: one claim carries the number, one forgot it.
    check = ClaimAuthorizationCheck(records, services=SERVICES, patient_of=_patient_of)
    claims = [
        _claim("pt-a.1", tuesdays[0], authorization="A-55102"),
        _claim("pt-a.3", tuesdays[2], authorization=None),
    ]
    findings: Counter[str] = Counter()
    for claim in claims:
        issues = check.issues(claim)
        findings.update(issue.rule for issue in issues)
        if not issues:
            check.record_submitted(claim)
        advance(1)

    index = records.refresh()
    therapy = index.patient("pt-a").used("PA-2026-014")
    queue = work_queues(index, on=QUEUES_ON)
    return {
        "specialist_visit": {
            "without_referral": "booked" if first_try else "refused",
            "with_referral": "booked" if second_try else "refused",
            "referral_visits_used": index.patient("pt-b").used("REF-2026-031").total,
        },
        "therapy_series": {
            "requested": len(tuesdays),
            "approved_visits": 6,
            "booked": len(series.booked),
            "refused": len(series.rejected),
            "cancelled_and_rebooked": 1 if rebooked else 0,
            "visits_used": therapy.total,
        },
        "appointments": {**dict(sorted(outcomes.items())), "cancelled": 1},
        "refused_by_rule": dict(sorted(refused.items())),
        "claim_findings_by_rule": dict(sorted(findings.items())),
        "queues_on": QUEUES_ON.isoformat(),
        "queues": dict(sorted(Counter(item.queue.value for item in queue).items())),
        "open_referral": old.id,
    }
