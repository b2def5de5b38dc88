"""The Authorizations service: one clock read, one unit of work, one audit event per use case."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import attrs
import pytest

from medoffice.adapters.memory import InMemoryStore
from medoffice.adapters.sqlite import open_database
from medoffice.authorizations import (
    Authorizations,
    AuthorizationStatus,
    Coverage,
    PriorAuthorization,
    Queue,
    Referral,
    Requirement,
    RequirementBook,
    ServiceFacts,
    TransitionNotAllowed,
)
from medoffice.authorizations.ports import AuthorizationsStore
from medoffice.kernel import DateRange, InvalidArgument
from medoffice.testing import FrozenClock, InMemoryAuditLog

NOW = datetime(2026, 3, 20, 15, tzinfo=UTC)
MARCH = DateRange(date(2026, 3, 1), date(2026, 3, 31))
BOOK = RequirementBook(
    [
        Requirement(
            id="PT",
            kind="prior-authorization",
            procedures={"97110"},
            effective=DateRange.starting(date(2026, 1, 1)),
            source="manual",
        )
    ]
)
AUTH = PriorAuthorization(
    id="PA-1",
    patient="p-1",
    payer_id="ACME1",
    procedures={"97110"},
    approved=3,
    valid=MARCH,
    requested_on=date(2026, 3, 1),
)


def service(
    store: AuthorizationsStore | None = None, audit: InMemoryAuditLog | None = None
) -> Authorizations:
    records = Authorizations(
        store or InMemoryStore(),
        clock=FrozenClock(NOW),
        requirements=BOOK,
        zone="America/Chicago",
        audit=audit,
    )
    records.add_coverage(Coverage(patient="p-1", payer_id="ACME1"))
    return records


def therapy(day: int, source: str) -> ServiceFacts:
    return ServiceFacts(patient="p-1", day=date(2026, 3, day), procedures=("97110",), source=source)


class TestRecords:
    def test_a_new_record_starts_its_history_now(self) -> None:
        """Recording stamps the first status with the clock's instant."""
        records = service()
        stored = records.record_authorization(AUTH)
        assert [(c.status, c.at) for c in stored.history] == [("requested", NOW)]
        approved = records.change_status("PA-1", "approved", note="portal")
        assert approved.status is AuthorizationStatus.APPROVED
        assert records.records().patient("p-1").authorizations == (approved,)

    def test_referrals_change_status_by_id(self) -> None:
        """change_status finds a referral as well as an authorization."""
        records = service()
        referral = Referral(
            id="R-1",
            patient="p-1",
            payer_id="ACME1",
            referring="1003000126",
            visits=1,
            valid=MARCH,
        )
        records.record_referral(referral)
        assert records.change_status("R-1", "sent").status.value == "sent"

    def test_an_unknown_id_or_a_forbidden_move_is_refused(self) -> None:
        """An unknown id and a move the workflow forbids are errors, and nothing changes."""
        records = service()
        records.record_authorization(AUTH)
        with pytest.raises(InvalidArgument):
            records.change_status("PA-9", "approved")
        with pytest.raises(TransitionNotAllowed):
            records.change_status("PA-1", "expired")
        assert records.records().patient("p-1").authorizations[0].status.value == "requested"

    def test_the_wrong_type_is_refused(self) -> None:
        """Each use case takes its own kind of record."""
        records = service()
        with pytest.raises(InvalidArgument):
            records.record_authorization("PA-1")  # type: ignore[arg-type]
        with pytest.raises(InvalidArgument):
            records.record_referral(AUTH)  # type: ignore[arg-type]
        with pytest.raises(InvalidArgument):
            records.add_coverage(AUTH)  # type: ignore[arg-type]
        with pytest.raises(InvalidArgument):
            Authorizations(InMemoryStore(), clock=FrozenClock(NOW), requirements=[])  # type: ignore[arg-type]
        with pytest.raises(InvalidArgument):
            Authorizations(InMemoryStore(), clock=FrozenClock(NOW), requirements=BOOK, zone="Mars")


class TestUsage:
    def test_bookings_and_claim_lines_are_counted_once_each(self) -> None:
        """A booking recorded twice, and its claim line, count one visit."""
        records = service()
        records.record_authorization(AUTH)
        records.change_status("PA-1", "approved")
        records.record_booking("appointment:a-1", therapy(2, "ignored"))
        records.record_booking("appointment:a-1", therapy(2, "ignored"))
        records.record_billed([attrs_billed(therapy(2, "claim:C-1:1"))])
        records.record_billed([attrs_billed(therapy(2, "claim:C-1:1"))])
        assert records.records().patient("p-1").used("PA-1").total == 1
        records.release_booking("appointment:a-1")
        assert records.records().patient("p-1").used("PA-1").total == 1  # still billed
        assert records.check(therapy(9, "appointment:a-2")).ok

    def test_a_released_booking_frees_its_visit(self) -> None:
        """Release appends a released use; releasing again changes nothing."""
        records = service()
        records.record_authorization(AUTH)
        records.change_status("PA-1", "approved")
        records.record_booking("appointment:a-1", therapy(2, "x"))
        records.release_booking("appointment:a-1")
        records.release_booking("appointment:a-1")
        assert records.records().patient("p-1").used("PA-1").total == 0

    def test_a_billed_line_names_its_source(self) -> None:
        """A claim line without a source cannot be counted once."""
        with pytest.raises(InvalidArgument):
            service().record_billed(
                [ServiceFacts(patient="p-1", day=date(2026, 3, 2), procedures=("97110",))]
            )


def attrs_billed(facts: ServiceFacts) -> ServiceFacts:
    return attrs.evolve(facts, billed=True)


class TestAuditAndQueues:
    def test_each_use_case_appends_one_event_without_phi(self) -> None:
        """Record, approve, use: one event each, naming record ids only."""
        audit = InMemoryAuditLog()
        records = service(audit=audit)
        records.record_authorization(AUTH, actor="user:auth-desk")
        records.change_status("PA-1", "approved", actor="user:auth-desk")
        events = list(audit.events())
        assert [e.action for e in events] == [
            "coverage.record",
            "authorization.record",
            "authorization.status",
        ]
        assert events[1].record_id == "PA-1"
        assert all("p-1" not in str(e) for e in events)

    def test_the_queues_are_for_today_in_the_practice_zone(self) -> None:
        """A request pending since 1 March is stale on 20 March."""
        records = service()
        records.record_authorization(AUTH)
        records.change_status("PA-1", "pending")
        assert [i.queue for i in records.work_queues()] == [Queue.PENDING]
        assert records.today() == date(2026, 3, 20)


class TestOnSqlite:
    def test_the_service_works_on_the_database(self, tmp_path: Path) -> None:
        """The same use cases on SQLite, read back by a second service."""
        with open_database(tmp_path / "office.db") as database:
            records = service(database)
            records.record_authorization(AUTH)
            records.change_status("PA-1", "approved")
            records.record_booking("appointment:a-1", therapy(2, "x"))
            again = Authorizations(database, clock=FrozenClock(NOW), requirements=BOOK)
            assert again.records().patient("p-1").used("PA-1").total == 1
            assert "requirements=1" in repr(again)
