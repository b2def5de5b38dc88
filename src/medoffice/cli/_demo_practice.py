"""A synthetic practice for ``medoffice demo``: seeded, deterministic, and made up throughout.

:func:`generate_practice` builds one month (March 2026, across the United States' spring-forward
change on 8 March) of a practice in New York: providers and exam rooms with weekly templates,
appointment requests, a staff roster with credentials (some lapse during the month), a year's
budget with prior actuals and open purchase orders, and professional claims in the JSON form of
:mod:`medoffice.claims`. Every name, number and identifier is invented; NPIs carry valid check
digits so that only the planted mistakes are reported. The same seed gives the same practice.

More information: docs/demo.md.

>>> practice = generate_practice(seed=7, size=SIZES["small"])
>>> len(practice.providers), len(practice.requests) == SIZES["small"].requests
(3, True)
>>> generate_practice(seed=7, size=SIZES["small"]) == practice
True
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import UTC, date, datetime, time
from typing import Any, Final, final
from zoneinfo import ZoneInfo

import attrs

from medoffice.cli._demo_claim_data import synthetic_claim
from medoffice.kernel import DateRange
from medoffice.scheduling._booking import BookingRequest
from medoffice.scheduling._snapshot import PracticeSetup
from medoffice.scheduling._templates import Break, ResourceKind, Schedule, WeeklyTemplate, Window
from medoffice.scheduling._types import AppointmentType, Patient, ResourceRequirement

__all__ = ["MONTH", "NOW", "SIZES", "DemoPractice", "DemoSize", "generate_practice"]

ZONE: Final = "America/New_York"
STATE: Final = "NY"
#: The practice's "now" for bookings: the morning of 1 March 2026 in New York.
NOW: Final = datetime(2026, 3, 1, 14, 0, tzinfo=UTC)
MONTH: Final = DateRange(first=date(2026, 3, 1), last=date(2026, 3, 31))


@final
@attrs.frozen(kw_only=True)
class DemoSize:
    """How big the synthetic practice is."""

    providers: int
    staff: int
    requests: int
    claims: int
    x12_claims: int


SIZES: Final[Mapping[str, DemoSize]] = {
    "full": DemoSize(providers=12, staff=40, requests=1000, claims=300, x12_claims=120),
    "small": DemoSize(providers=3, staff=8, requests=60, claims=20, x12_claims=8),
}


@final
@attrs.frozen(kw_only=True)
class DemoPractice:
    """Everything the demo loads, as domain values and the documented JSON layouts."""

    seed: int
    setup: PracticeSetup
    providers: tuple[str, ...]
    requests: tuple[BookingRequest, ...]
    roster: Mapping[str, Any] = attrs.field(repr=False)
    budget: Mapping[str, Any] = attrs.field(repr=False)
    purchase_orders: tuple[tuple[str, str, str], ...]
    claims: tuple[Mapping[str, Any], ...] = attrs.field(repr=False)
    x12_claims: int


def generate_practice(*, seed: int, size: DemoSize) -> DemoPractice:
    """The synthetic practice of ``size`` for ``seed``."""
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not secrets
    providers = tuple(f"dr-{i:02d}" for i in range(1, size.providers + 1))
    return DemoPractice(
        seed=seed,
        setup=_setup(providers),
        providers=providers,
        requests=_requests(rng, providers, size.requests),
        roster=_roster(rng, providers, size.staff),
        budget=_budget(rng),
        purchase_orders=(
            ("PO-2026-031", "6100", "3400.00"),
            ("PO-2026-032", "6500", "4500.00"),
            ("PO-2026-033", "6100", "1875.50"),
        ),
        claims=tuple(synthetic_claim(rng, i, providers) for i in range(size.claims)),
        x12_claims=size.x12_claims,
    )


def _days_off(index: int) -> tuple[int, int]:
    return (index % 5, (index + 2) % 5)


def _setup(providers: tuple[str, ...]) -> PracticeSetup:
    effective = DateRange.starting(date(2026, 1, 5))
    schedules = []
    for index, provider in enumerate(providers):
        # Each provider has two weekdays off (different ones in turn): three clinic days a week.
        days = [d for d in range(5) if d not in _days_off(index)]
        windows = [Window(weekday=d, start=time(9), end=time(12)) for d in days]
        windows += [Window(weekday=d, start=time(13), end=time(16)) for d in days]
        schedules.append(
            Schedule(
                resource=provider,
                zone=ZONE,
                templates=[WeeklyTemplate(effective=effective, windows=windows)],
            )
        )
    rooms = max(2, len(providers) // 2)
    for index in range(1, rooms + 1):
        week = WeeklyTemplate(
            effective=effective,
            windows=[Window(weekday=d, start=time(7, 30), end=time(17, 30)) for d in range(5)],
            breaks=[Break(weekday=d, start=time(12), end=time(13)) for d in range(5)],
        )
        schedules.append(
            Schedule(
                resource=f"room-{index:02d}",
                zone=ZONE,
                templates=[week],
                kind=ResourceKind.ROOM,
                category="exam-room",
            )
        )
    types = [
        AppointmentType(code="FU", duration_minutes=20, grid_minutes=20),
        AppointmentType(
            code="NEW",
            duration_minutes=40,
            grid_minutes=20,
            resources=[ResourceRequirement(category="exam-room")],
        ),
    ]
    return PracticeSetup(schedules=schedules, appointment_types=types, practice_zone=ZONE)


def _requests(
    rng: random.Random, providers: tuple[str, ...], count: int
) -> tuple[BookingRequest, ...]:
    tz = ZoneInfo(ZONE)
    weekdays = [d for d in MONTH if d.weekday() < 5]
    starts = [time(h, m) for h in (9, 10, 11, 13, 14, 15) for m in (0, 20, 40)]
    patients = max(10, count // 3)
    # Requests go to a provider who works that weekday.
    working = {
        d: [p for i, p in enumerate(providers) if d not in _days_off(i)] or list(providers)
        for d in range(5)
    }
    found = []
    for i in range(count):
        kind = "NEW" if rng.random() < 0.25 else "FU"
        day = rng.choice(weekdays)
        wall = rng.choice(starts[:-1] if kind == "NEW" else starts)
        found.append(
            BookingRequest(
                appointment_id=f"apt-{i:05d}",
                type_code=kind,
                provider=rng.choice(working[day.weekday()]),
                start=datetime.combine(day, wall, tzinfo=tz).astimezone(UTC),
                patient=Patient(ref=f"pt-{rng.randrange(patients):05d}", established=kind == "FU"),
            )
        )
    return tuple(found)


def _credential(kind: str, issued: date, expires: date | None, **extra: str) -> dict[str, Any]:
    found: dict[str, Any] = {
        "kind": kind,
        "issuer": "Synthetic issuer",
        "jurisdiction": extra.pop("jurisdiction", "US"),
        "issued_on": issued.isoformat(),
        **extra,
    }
    if expires is not None:
        found["expires_on"] = expires.isoformat()
    return found


def _roster(rng: random.Random, providers: tuple[str, ...], staff: int) -> dict[str, Any]:
    members = []
    roles = ("rn", "ma", "ma", "lpn", "front_desk", "biller", "lab_tech")
    for index in range(max(staff, len(providers))):
        provider = index < len(providers)
        member_id = providers[index] if provider else f"st-{index:03d}"
        role = ("physician" if index % 3 else "np") if provider else roles[index % len(roles)]
        # About one in six licences lapses during the demo month; the rest run to 2027/2028.
        lapses = rng.random() < 0.18
        expires = date(2026, 3, rng.randrange(5, 27)) if lapses else date(2027 + index % 2, 6, 30)
        credentials = [_credential("bls", date(2025, rng.randrange(1, 12), 1), None)]
        credentials.append(_credential("bbp_training", date(2025, 9, 1), None))
        if role in {"physician", "np", "rn", "lpn"}:
            credentials.append(
                _credential(
                    "state_license",
                    date(2024, 7, 1),
                    expires,
                    jurisdiction=STATE,
                    number=f"NY{index:06d}",
                )
            )
        members.append(
            {
                "id": member_id,
                "role": role,
                "name": f"Synthetic Staff {index:03d}",
                "states": [STATE],
                "locations": ["MAIN"],
                "activities": ["exposed_to_blood"],
                "credentials": credentials,
            }
        )
    return {"staff": members}


def _cents(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}"


def _monthly(rng: random.Random, annual: int, low: int, high: int) -> int:
    """A month of ``annual`` dollars, in cents, scaled by ``low``..``high`` per cent."""
    return annual * 100 * rng.randrange(low, high + 1) // 1200


def _amounts(rng: random.Random, annual: int) -> list[str]:
    return [_cents(_monthly(rng, annual, 85, 115)) for _ in range(12)]


def _budget(rng: random.Random) -> dict[str, Any]:
    accounts = [
        ("4000", "Fee-for-service revenue", "revenue", 480_000),
        ("6100", "Medical and surgical supplies", "expense", 24_000),
        ("6200", "Drug supply", "expense", 12_000),
        ("6300", "Support staff salaries", "expense", 300_000),
        ("6500", "Information technology", "expense", 36_000),
    ]
    transactions = []
    for month in (1, 2, 3):
        on = date(2026, month, 28)
        for code, _, kind, annual in accounts:
            amount = _monthly(rng, annual, 80, 120)
            if code == "4000" and month == 3:
                continue  # March revenue is posted from the checked claims
            signed = -amount if kind == "revenue" else amount
            other = "1000" if kind == "revenue" else "2000"
            transactions.append(
                {
                    "id": f"JE-{month:02d}-{code}",
                    "date": on.isoformat(),
                    "legs": [
                        {"account": code, "amount": _cents(signed)},
                        {"account": other, "amount": _cents(-signed)},
                    ],
                }
            )
    return {
        "fiscal_year": 2026,
        "currency": "USD",
        "calendar": {"pattern": "monthly", "start_month": 1, "start_day": 1},
        "accounts": [
            *({"code": c, "name": n, "type": t} for c, n, t, _ in accounts),
            {"code": "1000", "name": "Operating cash", "type": "asset"},
            {"code": "2000", "name": "Accounts payable", "type": "liability"},
        ],
        "budget": {
            "name": "FY2026 original",
            "kind": "original",
            "annual": [
                {"account": c, "amount": f"{a}.00", "method": "days" if c == "4000" else "flat"}
                for c, _, _, a in accounts
            ],
        },
        "transactions": transactions,
        "materiality": {"amount": "2500.00", "percent": "5"},
        "prior_year": {c: _amounts(rng, a) for c, _, _, a in accounts},
    }


def month_days() -> tuple[date, ...]:
    """The weekdays of the demo month."""
    return tuple(d for d in MONTH if d.weekday() < 5)
