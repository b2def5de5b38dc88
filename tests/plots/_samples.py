"""Small report objects of each domain, built by hand, for the pictures' and frames' tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from medoffice.budget import (
    Account,
    AccountType,
    Budget,
    ChartOfAccounts,
    FiscalCalendar,
    Leg,
    Transaction,
    VarianceReport,
    aggregate,
    budget_vs_actual,
)
from medoffice.budget.forecast import Forecast, ForecastMethod
from medoffice.credentials import CredentialStatus, Standing, parse_requirement
from medoffice.kernel import DateRange, Finding, Money, Report, TimeRange
from medoffice.revenue import Aging, Denial, DenialCategory, NextAction, age
from medoffice.revenue.aging import OpenItem
from medoffice.scheduling import (
    Appointment,
    AppointmentStatus,
    AppointmentType,
    PracticeSetup,
    Schedule,
    ScheduleSnapshot,
    WeeklyTemplate,
    Window,
)

#: Monday 2 March 2026; the snapshot covers two weeks from it.
MONDAY = date(2026, 3, 2)
AS_OF = date(2026, 6, 30)


def snapshot() -> ScheduleSnapshot:
    """dr-a open Monday and Tuesday 9-11, dr-b Monday 9-10 only; three visits in week one and
    one in week two (dr-a, Monday 9-9:30, fulfilled)."""
    effective = DateRange.starting(date(2026, 1, 5))
    a = WeeklyTemplate(
        effective=effective,
        windows=[Window(weekday=d, start=time(9), end=time(11)) for d in (0, 1)],
    )
    b = WeeklyTemplate(
        effective=effective, windows=[Window(weekday=0, start=time(9), end=time(10))]
    )
    setup = PracticeSetup(
        schedules=[
            Schedule(resource="dr-a", zone="UTC", templates=[a]),
            Schedule(resource="dr-b", zone="UTC", templates=[b]),
        ],
        appointment_types=[AppointmentType(code="FU", duration_minutes=30)],
        practice_zone="UTC",
    )

    def visit(n: int, provider: str, day: date, hour: int, minutes: int, done: bool) -> Appointment:
        start = datetime.combine(day, time(hour), UTC)
        return Appointment(
            id=f"a-{n}",
            type_code="FU",
            provider=provider,
            patient=f"p-{n}",
            span=TimeRange(start, start + timedelta(minutes=minutes)),
            status=AppointmentStatus.FULFILLED if done else AppointmentStatus.BOOKED,
        )

    tuesday, next_monday = MONDAY + timedelta(days=1), MONDAY + timedelta(days=7)
    return ScheduleSnapshot(
        setup=setup,
        appointments=[
            visit(1, "dr-a", MONDAY, 9, 60, done=True),  # half of Monday's 120 minutes
            visit(2, "dr-a", tuesday, 9, 30, done=False),  # a quarter of Tuesday's
            visit(3, "dr-b", MONDAY, 9, 60, done=True),  # all of dr-b's Monday
            visit(4, "dr-a", next_monday, 9, 30, done=True),
        ],
    )


def variance() -> VarianceReport:
    """Supplies (6100) budgeted 100.00 a month for four months; January and February posted
    (120.00 and 80.00)."""
    chart = ChartOfAccounts.of(
        [
            Account(code="6100", name="Supplies", type=AccountType.EXPENSE),
            Account(code="1000", name="Cash", type=AccountType.ASSET),
        ]
    )
    budget = Budget(name="b", fiscal_year=2026, currency="USD", calendar=FiscalCalendar())
    for period in range(1, 5):
        budget = budget.set("6100", period, Money.of("100.00", "USD"))
    postings = [
        p
        for n, (day, amount) in enumerate(
            [(date(2026, 1, 9), "120.00"), (date(2026, 2, 9), "80.00")]
        )
        for p in Transaction(
            id=f"T{n}",
            on=day,
            legs=(
                Leg(account="6100", amount=Money.of(amount, "USD")),
                Leg(account="1000", amount=-Money.of(amount, "USD")),
            ),
        ).postings()
    ]
    actuals = aggregate(postings, budget.calendar, 2026, "USD")
    return budget_vs_actual(budget, actuals, chart)


def forecasts() -> tuple[Forecast, ...]:
    """Three year-end totals for 6100 after two of four periods (actual so far 200.00)."""
    return tuple(
        Forecast(
            method=method,
            amount=Money.of(amount, "USD"),
            periods_closed=2,
            periods=4,
        )
        for method, amount in (
            (ForecastMethod.RUN_RATE, "400.00"),
            (ForecastMethod.ACTUAL_PLUS_REMAINING_BUDGET, "400.00"),
            (ForecastMethod.TRAILING_AVERAGE, "360.00"),
        )
    )


def statuses() -> dict[str, tuple[CredentialStatus, ...]]:
    """One staff member with a licence in force and BLS expiring; one in grace and one missing."""
    licence, bls = parse_requirement("state_license/NY"), parse_requirement("bls")
    return {
        "S-1": (
            CredentialStatus(
                requirement=licence,
                required=True,
                standing=Standing.SATISFIED,
                valid_through=date(2027, 6, 30),
            ),
            CredentialStatus(
                requirement=bls,
                required=True,
                standing=Standing.SATISFIED,
                valid_through=date(2026, 7, 31),
                window=DateRange(date(2026, 5, 1), date(2026, 7, 31)),
                expiring=True,
            ),
        ),
        "S-2": (
            CredentialStatus(
                requirement=licence,
                required=True,
                standing=Standing.IN_GRACE,
                valid_through=date(2026, 6, 15),
                window=DateRange(date(2026, 6, 16), date(2026, 7, 15)),
            ),
            CredentialStatus(requirement=bls, required=True, standing=Standing.MISSING),
        ),
    }


def findings() -> Report:
    """Three findings of CLM-DX-002, one of CLM-NPI-001 (error) and one warning."""
    return Report.of(
        [
            *(
                Finding(
                    rule="CLM-DX-002", severity="error", message="not billable", path=f"dx[{i}]"
                )
                for i in range(3)
            ),
            Finding(rule="CLM-NPI-001", severity="error", message="bad check digit", path="npi"),
            Finding(
                rule="CLM-POS-001", severity="warning", message="check", path="pos", value="99"
            ),
        ]
    )


def denials() -> list[Denial]:
    """Three coding denials (CARC 97, two caught by CLM-NCCI-001), two eligibility (CARC 27) and
    one missing information (CARC 16)."""
    spec = [
        ("97", DenialCategory.CODING, "CLM-NCCI-001"),
        ("97", DenialCategory.CODING, "CLM-NCCI-001"),
        ("97", DenialCategory.CODING, None),
        ("16", DenialCategory.MISSING_INFORMATION, None),
        ("27", DenialCategory.ELIGIBILITY, None),
        ("27", DenialCategory.ELIGIBILITY, None),
    ]
    return [
        Denial(
            source="TRACE-1",
            claim=f"C{n}",
            line=1,
            on=date(2026, 4, 24),
            group="CO",
            reason=reason,
            remarks=(),
            cents=10000,
            currency="USD",
            category=category,
            action=NextAction.CORRECT_AND_RESUBMIT,
            claims_rule=rule,
        )
        for n, (reason, category, rule) in enumerate(spec)
    ]


def aging() -> Aging:
    """Two payers: P1 owes 100.00 (10 days) and 50.50 (45 days), P2 owes 200.00 (200 days)."""
    base = AS_OF.toordinal()
    return age(
        [
            OpenItem("C1", "P1", "k1", base - 10, 10000, "USD"),
            OpenItem("C2", "P1", "k2", base - 45, 5050, "USD"),
            OpenItem("C3", "P2", "k3", base - 200, 20000, "USD"),
        ],
        as_of=AS_OF,
    )
