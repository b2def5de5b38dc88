"""What the authorization check adds to a booking decision and to a claim check.

Target: at most 5 % on top of a booking decision (a calendar of 500 bookings) and of a claim
check (a typical 3-line claim with every rule on), on a practice of 2,000 patients with their
coverages, 1,000 prior authorizations, 500 referrals and a ledger of 6,000 uses, under the
example requirement profile (``examples/authorizations/requirements.toml``).

The machine is shared and noisy, so each comparison is measured in the same run: the decision
with and without the authorization port, interleaved round by round (the order alternating),
each round timing a batch of calls in this process's CPU time (time spent waiting for a core
while other processes run is not the check's cost); the figure is the ratio of the two medians.
pytest-benchmark times the "with" side; the medians and the ratio are in ``extra_info``.

Two cases each. A service no requirement concerns (a follow-up visit; a claim of office and lab
codes) is the common case: the port answers from the requirement book's per-code mapping, one
look-up per code, before any patient or payer is looked at. A service that needs a prior
authorization and has one (a therapy visit or claim line) is answered from what the patient's
records prepared for that kind of service (kept with the records, made again when they change):
spans of days with one answer, so a booking is a few look-ups and comparisons on its instant and
a claim line one more comparison of the authorization number it carries. Both bookings and the
claim needing nothing meet the 5 % target (the assertions leave a margin for load, see
``LOADED``); the therapy claim adds about 1 µs to a 21 µs check (1.044-1.051 on an idle
machine, 1.06-1.07 under heavy load), bounded against regressions with room for load
(docs/authorizations.md gives the measured figures and where the time goes).
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any

import attrs
import pytest

from medoffice.adapters.bridges import (
    BookingAuthorizationCheck,
    ClaimAuthorizationCheck,
    ServiceMap,
)
from medoffice.adapters.formats.payer_requirements import load_payer_requirements
from medoffice.adapters.memory import (
    InMemoryDiagnosisCodes,
    InMemoryDiagnosisEdits,
    InMemoryEditTables,
    InMemoryProcedureCodes,
    InMemoryStore,
)
from medoffice.authorizations import (
    Authorizations,
    Coverage,
    PriorAuthorization,
    Referral,
    Use,
    UseKind,
)
from medoffice.claims import (
    CheckContext,
    Claim,
    Payer,
    PayerType,
    Profile,
    Provider,
    RuleSetting,
    ServiceLine,
    check_claim,
)
from medoffice.kernel import DateRange, Money, TimeRange
from medoffice.scheduling import (
    Appointment,
    AppointmentStatus,
    AppointmentType,
    Booked,
    BookingPolicy,
    BookingRequest,
    Patient,
    PracticeSetup,
    Schedule,
    ScheduleSnapshot,
    WeeklyTemplate,
    Window,
    decide_booking,
)
from medoffice.scheduling.ports import Visit
from medoffice.testing import FrozenClock, sample_claim

REQUIREMENTS = Path(__file__).parents[1] / "examples" / "authorizations" / "requirements.toml"
NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)
ON = date(2026, 3, 20)
FIRST_DAY = date(2026, 3, 2)  # a Monday
THERAPIST_NPI = "1245319599"
SERVICES = ServiceMap(
    visit_types={"FU": ("99213",), "PT": ("97110",)},
    npis={"dr-00": THERAPIST_NPI},
    specialists=set(),
)
EVERY_RULE = Profile(name="every-rule", rules={"DX-SEX-CONFLICT": RuleSetting(enabled=True)})
TARGET = 1.05  # a visit no requirement concerns: the 5 % target
# A claim no requirement concerns and a therapy visit meet the target too (1.03-1.05 in most
# runs), but their medians move by a few per cent under heavy load: the assertion leaves that.
LOADED = 1.08
REGRESSION = 1.12  # a therapy claim (1.04-1.05 idle, 1.06-1.07 loaded): bounded with room


def _practice(patients: int, rng: random.Random) -> Authorizations:
    """The records of a practice, saved once into an in-memory store."""
    march = DateRange(date(2026, 3, 1), date(2026, 5, 31))
    coverages = [
        Coverage(patient=f"p-{n}", payer_id="ACME1", plan_type=("hmo", "ppo")[n % 2])
        for n in range(patients)
    ]
    auths = [
        PriorAuthorization(
            id=f"PA-{n}",
            patient=f"p-{n}",
            payer_id="ACME1",
            procedures={"97110", "97140"},
            approved=24,
            valid=march,
            status="approved",
            number=f"A-{n}",
        )
        for n in range(0, patients, 2)
    ]
    referrals = [
        Referral(
            id=f"R-{n}",
            patient=f"p-{n}",
            payer_id="ACME1",
            referring="1456789019",
            visits=3,
            valid=march,
            status="sent",
        )
        for n in range(0, patients, 4)
    ]
    uses = [
        Use(
            record=f"PA-{2 * rng.randrange(patients // 2)}",
            source=f"appointment:u-{n}",
            kind=UseKind.BOOKED,
            day=date(2026, 3, 1) + timedelta(days=rng.randrange(60)),
            quantity=1,
            at=NOW,
        )
        for n in range(patients * 3)
    ]
    store = InMemoryStore()
    store.authorizations.save(
        coverages=coverages,
        authorizations=auths,
        referrals=referrals,
        uses=uses,
        expected_version=0,
    )
    return Authorizations(
        store, clock=FrozenClock(NOW), requirements=load_payer_requirements(REQUIREMENTS)
    )


def _paired(
    without: Callable[[], Any], with_check: Callable[[], Any], rounds: int
) -> dict[str, float]:
    """Medians (microseconds per call) of both sides, interleaved, and their ratio."""
    inner = 25
    a: list[float] = []
    b: list[float] = []
    for n in range(rounds):
        pairs = ((without, a), (with_check, b)) if n % 2 == 0 else ((with_check, b), (without, a))
        for action, out in pairs:
            began = time.process_time_ns()
            for _ in range(inner):
                action()
            out.append((time.process_time_ns() - began) / inner / 1000)
    base, extra = statistics.median(a), statistics.median(b)
    return {
        "median_without_us": round(base, 2),
        "median_with_us": round(extra, 2),
        "ratio": round(extra / base, 4),
    }


def _report(benchmark: Any, figures: dict[str, float], scale: float, *, bound: float) -> None:
    benchmark.extra_info.update(figures)
    print(f"\n{benchmark.name}: {figures}")  # noqa: T201 - the reported figure
    if scale >= 1.0:
        assert figures["ratio"] <= bound, figures


@pytest.fixture(scope="module")
def practice(scale: float) -> Authorizations:
    return _practice(max(8, int(2_000 * scale)), random.Random(21))


def _booking_snapshot(scale: float) -> tuple[ScheduleSnapshot, list[datetime]]:
    zone = "America/New_York"
    week = WeeklyTemplate(
        effective=DateRange.starting(date(2026, 1, 5)),
        windows=[
            Window(weekday=d, start=s, end=e)
            for d in range(5)
            for s, e in ((clock_time(8), clock_time(12)), (clock_time(13), clock_time(17)))
        ],
    )
    setup = PracticeSetup(
        schedules=[Schedule(resource="dr-00", zone=zone, templates=[week])],
        appointment_types=[
            AppointmentType(code="FU", duration_minutes=15),
            AppointmentType(code="PT", duration_minutes=15),
        ],
        practice_zone=zone,
    )
    from zoneinfo import ZoneInfo  # noqa: PLC0415

    tz = ZoneInfo(zone)
    starts = [
        datetime.combine(FIRST_DAY + timedelta(days=d), clock_time(h, m), tz).astimezone(UTC)
        for d in range(31)
        if (FIRST_DAY + timedelta(days=d)).weekday() < 5
        for h in (8, 9, 10, 11, 13, 14, 15, 16)
        for m in (0, 15, 30, 45)
    ]
    taken = random.Random(3).sample(starts, max(1, int(500 * scale)))
    appointments = [
        Appointment(
            id=f"b-{n}",
            type_code="FU",
            provider="dr-00",
            patient=f"q-{n}",
            span=TimeRange(s, s + timedelta(minutes=15)),
            status=AppointmentStatus.BOOKED,
        )
        for n, s in enumerate(taken)
    ]
    snapshot = ScheduleSnapshot(setup=setup, appointments=appointments)
    snapshot.busy("dr-00", 0, 1)  # the index built once, as a long-lived snapshot would
    return snapshot, sorted(set(starts) - set(taken))


@pytest.mark.parametrize("kind", ["FU", "PT"])
def test_booking_decision_with_the_authorization_check(
    benchmark: Any, scale: float, practice: Authorizations, kind: str
) -> None:
    """A booking decision with and without the port: FU needs nothing, PT a valid authorization."""
    snapshot, free = _booking_snapshot(scale)
    start = free[len(free) // 2]
    request = BookingRequest(
        appointment_id="new",
        type_code=kind,
        provider="dr-00",
        start=start,
        patient=Patient(ref="p-2"),
    )
    policy = BookingPolicy()
    port = BookingAuthorizationCheck(practice, services=SERVICES)
    visit = Visit(
        appointment_id="new", patient="p-2", type_code=kind, provider="dr-00", day=start.date()
    )
    assert not port.check_visit(visit)

    def without() -> Any:
        return decide_booking(snapshot, request, policy, NOW)

    def with_check() -> Any:
        return decide_booking(snapshot, request, policy, NOW, authorizations=port)

    assert isinstance(without(), Booked)
    assert isinstance(with_check(), Booked)
    figures = _paired(without, with_check, rounds=max(5, int(400 * scale)))
    benchmark.pedantic(with_check, rounds=max(3, int(50 * scale)), iterations=1)
    _report(benchmark, figures, scale, bound=LOADED if kind == "PT" else TARGET)


def _therapy_claim() -> Claim:
    base = sample_claim()
    therapy = ServiceLine(
        service_from=date(2026, 3, 2),
        procedure="97110",
        charge=Money.of("95.00", "USD"),
        pointers=(1,),
    )
    return attrs.evolve(
        base,
        patient_control_number="p-2",
        payer=Payer(payer_id="ACME1", type=PayerType.COMMERCIAL),
        rendering=Provider(npi=THERAPIST_NPI),
        prior_authorization="A-2",
        lines=(therapy, *base.lines[1:]),
        total_charge=None,
    )


@pytest.mark.parametrize("kind", ["typical", "therapy"])
def test_claim_check_with_the_authorization_check(
    benchmark: Any, scale: float, practice: Authorizations, kind: str
) -> None:
    """A claim check with and without the port: a typical claim, and a therapy claim."""
    claim = sample_claim() if kind == "typical" else _therapy_claim()
    reference = {
        "diagnoses": InMemoryDiagnosisCodes.sample(),
        "edits": InMemoryDiagnosisEdits.sample(),
        "procedures": InMemoryProcedureCodes.sample(),
        "tables": InMemoryEditTables.sample(),
        "profile": EVERY_RULE,
    }
    plain = CheckContext(on=ON, **reference)  # type: ignore[arg-type]
    checked = CheckContext(
        on=ON,
        authorizations=ClaimAuthorizationCheck(practice, services=SERVICES),
        **reference,  # type: ignore[arg-type]
    )
    # The same findings (the plain context also lists the authorization rules as not run).
    assert (
        check_claim(claim, context=checked).findings == check_claim(claim, context=plain).findings
    )

    def without() -> Any:
        return check_claim(claim, context=plain)

    def with_check() -> Any:
        return check_claim(claim, context=checked)

    figures = _paired(without, with_check, rounds=max(5, int(400 * scale)))
    benchmark.pedantic(with_check, rounds=max(3, int(50 * scale)), iterations=10)
    _report(benchmark, figures, scale, bound=REGRESSION if kind == "therapy" else LOADED)
