"""Typing tests of the public constructors and the service objects: mypy checks this file.

A constructor's annotation says what its converter accepts, so a user's type checker catches a
wrong type before the run-time check does. Each ``type: ignore[code]`` pins a mistake that must
stay a type error (``warn_unused_ignores`` under ``--strict`` fails if it stops being one).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import assert_type

from medoffice.adapters.memory import InMemoryStore
from medoffice.adapters.sqlite import open_database
from medoffice.budget._accounts import Account
from medoffice.budget._ledger import Leg
from medoffice.budget._transfers import JournalEntry, Transfer, TransferLeg, TransferStatus
from medoffice.budget.ports import BudgetStore
from medoffice.budget.services import Budgeting
from medoffice.claims._check import CheckContext
from medoffice.claims._model import ServiceLine
from medoffice.claims.ports import ClaimsStore, DiagnosisCodes
from medoffice.claims.services import Billing, CheckedBatch
from medoffice.credentials._model import Credential, StaffMember
from medoffice.credentials._monitoring import Screening
from medoffice.credentials.ports import CredentialsStore
from medoffice.credentials.services import Credentialing
from medoffice.kernel import AuditEvent, DateRange, Money, Refused, TimeRange
from medoffice.scheduling._booking import Booked, BookingRequest, Rejected, Rescheduled
from medoffice.scheduling._snapshot import PracticeSetup
from medoffice.scheduling.ports import SchedulingStore
from medoffice.scheduling.services import Scheduling
from medoffice.testing import FrozenClock

DAY = date(2026, 3, 2)
NOW = datetime(2026, 3, 2, 9, tzinfo=UTC)


def credentials_constructors() -> None:
    Credential(kind="bls", issuer="AHA", jurisdiction="US", issued_on=DAY)
    Credential(kind="bls", issuer="AHA", jurisdiction="US", issued_on="2026-03-02")  # type: ignore[arg-type]
    Credential(kind="bls", issuer=None, jurisdiction="US", issued_on=DAY)  # type: ignore[arg-type]
    StaffMember(id="S-1", role="ma", states={"TX"})
    StaffMember(id=1, role="ma")  # type: ignore[arg-type]
    StaffMember(id="S-1", role="ma", birth_date="1990-05-01")  # type: ignore[arg-type]
    Credential(
        kind="malpractice_coi",
        issuer="Carrier",
        jurisdiction="US",
        issued_on=DAY,
        details={"per_claim": "1000000 USD"},
    )
    Credential(
        kind="tb_screening", issuer="X", jurisdiction="US", issued_on=DAY, details=[("a", "b")]
    )
    Credential(kind=3, issuer="AHA", jurisdiction="US", issued_on=DAY)  # type: ignore[arg-type]
    Credential(kind="bls", issuer="AHA", jurisdiction="US", issued_on=DAY, details="a=b")  # type: ignore[arg-type]
    StaffMember(id="S-1", role="pa", taxonomy="363A00000X")
    StaffMember(id="S-1", role="pa", taxonomy=363)  # type: ignore[arg-type]
    Screening(person_id="S-1", source="LEIE", on=DAY, result="clear")
    Screening(person_id="S-1", source="LEIE", on=NOW.isoformat(), result="clear")  # type: ignore[arg-type]


def claims_constructors(codes: DiagnosisCodes) -> None:
    CheckContext(on=DAY, diagnoses=codes)
    CheckContext(on="2026-03-02", diagnoses=codes)  # type: ignore[arg-type]
    usd = Money.of("10.00", "USD")
    ServiceLine(service_from=DAY, procedure="99213", charge=usd, units=Decimal(2))
    ServiceLine(service_from=DAY, procedure="99213", charge=usd, units=1.5)  # type: ignore[arg-type]


def budget_constructors() -> None:
    usd = Money.of("10.00", "USD")
    Leg(account="6100", amount=usd)
    Leg(account="6100", amount=Decimal("10.00"))  # type: ignore[arg-type]
    TransferLeg(account="6100", period=1, amount=10)  # type: ignore[arg-type]
    Account(code=6100, name="Supplies", type="expense")  # type: ignore[arg-type]
    JournalEntry(transfer_id="T", status=TransferStatus.PENDING, actor="a", recorded=NOW)
    JournalEntry(transfer_id="T", status=TransferStatus.PENDING, actor="a", recorded=DAY)  # type: ignore[arg-type]


def kernel_constructors() -> None:
    TimeRange(NOW, NOW.replace(hour=10))
    TimeRange(DAY, DAY)  # type: ignore[arg-type]
    DateRange(DAY, DAY)
    Money(amount=Decimal("1.00"), currency="USD")
    Money(amount=0.1, currency="USD")  # type: ignore[arg-type]
    AuditEvent(
        at=NOW,
        actor="u",
        action="claim.check",
        record_type="claim",
        record_id="1",
        outcome="success",
        details={"batch": "B-1"},
    )
    AuditEvent(at=DAY, actor="u", action="a.b", record_type="c", record_id="1", outcome="success")  # type: ignore[arg-type]


_Stores = tuple[SchedulingStore, BudgetStore, CredentialsStore, ClaimsStore]


def memory_store_is_every_domains_store() -> _Stores:
    store = InMemoryStore()
    return store, store, store, store


def sqlite_database_is_every_domains_store(path: Path) -> _Stores:
    database = open_database(path)
    return database, database, database, database


def services(
    setup: PracticeSetup,
    request: BookingRequest,
    transfer: Transfer,
    credential: Credential,
    context: CheckContext,
) -> None:
    store, clock = InMemoryStore(), FrozenClock(NOW)
    scheduling = Scheduling(store, setup=setup, clock=clock)
    assert_type(scheduling.book(request, actor="user:1"), Booked | Rejected)
    assert_type(scheduling.reschedule("a-1", request), Rescheduled | Rejected)
    budgeting = Budgeting(store, clock=clock)
    assert_type(budgeting.submit_transfer(transfer), JournalEntry | Refused)
    credentialing = Credentialing(store, clock=clock, zone="America/Chicago")
    assert_type(credentialing.record_credential("S-1", credential), StaffMember | Refused)
    assert_type(credentialing.today(), date)
    billing = Billing(store, clock=clock)
    assert_type(billing.check_and_record([], context=context, batch_id="B-1"), CheckedBatch)
    Scheduling(store, setup=setup, clock=clock, attempts="5")  # type: ignore[arg-type]
    Scheduling(store, setup=setup)  # type: ignore[call-arg]
    scheduling.book(request, "user:1")  # type: ignore[call-arg]
