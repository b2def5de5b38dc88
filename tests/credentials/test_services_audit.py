"""Credentials use cases record one audit event per call, with the outcome and no PHI."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medoffice.adapters.memory import (
    InMemoryAuditLog,
    InMemoryCredentialRepository,
    InMemoryScreeningLog,
)
from medoffice.credentials import Credential, Screening, StaffMember
from medoffice.credentials.services import record_credential, record_screening
from medoffice.kernel import AuditOutcome, InvalidArgument
from medoffice.testing._clock import FrozenClock

CLOCK = FrozenClock(datetime(2026, 6, 15, 12, tzinfo=UTC))
CARD = Credential(kind="bls", issuer="AHA", jurisdiction="US", issued_on=date(2026, 6, 10))


def _repository(member: StaffMember) -> InMemoryCredentialRepository:
    repository = InMemoryCredentialRepository()
    repository.save(member, expected_version=0)
    return repository


class TestRecordCredentialRecordsOneEvent:
    """Recording a credential appends exactly one ``credential.record`` event."""

    def test_success_names_the_staff_id_and_kind(self) -> None:
        """A recorded credential gives one success event about the staff id."""
        log = InMemoryAuditLog()
        repository = _repository(StaffMember(id="S-1", role="rn"))
        record_credential("S-1", CARD, repository=repository, clock=CLOCK, audit=log, actor="hr")
        (event,) = log.events()
        assert (event.action, event.record_type, event.record_id, event.outcome) == (
            "credential.record",
            "staff",
            "S-1",
            AuditOutcome.SUCCESS,
        )
        assert ("kind", "bls") in event.details
        assert event.actor == "hr"

    def test_an_unknown_staff_id_records_error_and_raises(self) -> None:
        """Recording for someone not stored raises and is recorded as an error."""
        log = InMemoryAuditLog()
        with pytest.raises(InvalidArgument):
            record_credential(
                "S-9", CARD, repository=InMemoryCredentialRepository(), clock=CLOCK, audit=log
            )
        assert [(e.record_id, e.outcome) for e in log.events()] == [("S-9", AuditOutcome.ERROR)]


class TestRecordScreeningRecordsOneEvent:
    """Logging a screening appends exactly one ``screening.record`` event."""

    def test_success_and_future_dated_error(self) -> None:
        """A screening today succeeds; one dated tomorrow is refused and recorded as an error."""
        log, screenings = InMemoryAuditLog(), InMemoryScreeningLog()
        today = Screening(person_id="S-1", source="LEIE", on=date(2026, 6, 15), result="clear")
        record_screening(today, log=screenings, clock=CLOCK, audit=log)
        tomorrow = Screening(person_id="S-1", source="LEIE", on=date(2026, 6, 16), result="clear")
        with pytest.raises(InvalidArgument):
            record_screening(tomorrow, log=screenings, clock=CLOCK, audit=log)
        assert [(e.action, e.outcome) for e in log.events()] == [
            ("screening.record", AuditOutcome.SUCCESS),
            ("screening.record", AuditOutcome.ERROR),
        ]


class TestNoPhiInCredentialEvents:
    """Events carry the staff id and codes, never the name, birth date or licence number."""

    @settings(max_examples=30, deadline=None)
    @given(
        name=st.text(st.characters(categories=["L"]), min_size=6, max_size=20),
        birth=st.dates(date(1940, 1, 1), date(2005, 12, 31)),
        number=st.from_regex(r"[A-Z]{2}[0-9]{7}", fullmatch=True),
    )
    def test_no_event_holds_the_name_birth_date_or_number(
        self, name: str, birth: date, number: str
    ) -> None:
        """Whatever the person's name, birth date and licence number, no event mentions them."""
        log = InMemoryAuditLog()
        member = StaffMember(id="S-1", role="rn", name=name, birth_date=birth)
        card = Credential(
            kind="bls", issuer="AHA", jurisdiction="US", issued_on=date(2026, 6, 10), number=number
        )
        record_credential("S-1", card, repository=_repository(member), clock=CLOCK, audit=log)
        (event,) = log.events()
        text = f"{event!r} {event.details}"
        for secret in (name, birth.isoformat(), number):
            assert secret not in text
