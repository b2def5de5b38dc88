"""Credentials use cases record one audit event per call, with the outcome and no PHI."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medoffice.adapters.memory import InMemoryAuditLog, InMemoryStore
from medoffice.credentials._model import Credential, StaffMember
from medoffice.credentials._monitoring import Screening
from medoffice.credentials.services import Credentialing
from medoffice.kernel import AuditOutcome, InvalidArgument, Refused
from medoffice.testing._clock import FrozenClock

CLOCK = FrozenClock(datetime(2026, 6, 15, 12, tzinfo=UTC))
CARD = Credential(kind="bls", issuer="AHA", jurisdiction="US", issued_on=date(2026, 6, 10))


def _store(member: StaffMember | None = None) -> InMemoryStore:
    store = InMemoryStore()
    if member is not None:
        store.credentials.save(member, expected_version=0)
    return store


def _service(store: InMemoryStore, log: InMemoryAuditLog) -> Credentialing:
    return Credentialing(store, clock=CLOCK, audit=log)


class TestRecordCredentialRecordsOneEvent:
    """Recording a credential appends exactly one ``credential.record`` event."""

    def test_success_names_the_staff_id_and_kind(self) -> None:
        """A recorded credential gives one success event about the staff id."""
        log = InMemoryAuditLog()
        service = _service(_store(StaffMember(id="S-1", role="rn")), log)
        service.record_credential("S-1", CARD, actor="hr")
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
            _service(_store(), log).record_credential("S-9", CARD)
        assert [(e.record_id, e.outcome) for e in log.events()] == [("S-9", AuditOutcome.ERROR)]


class TestRecordScreeningRecordsOneEvent:
    """Logging a screening appends exactly one ``screening.record`` event."""

    def test_success_and_future_dated_rejection(self) -> None:
        """A screening today succeeds; one dated tomorrow is refused and recorded as rejected."""
        log = InMemoryAuditLog()
        service = _service(_store(), log)
        today = Screening(person_id="S-1", source="LEIE", on=date(2026, 6, 15), result="clear")
        assert service.record_screening(today) == today
        tomorrow = Screening(person_id="S-1", source="LEIE", on=date(2026, 6, 16), result="clear")
        assert isinstance(service.record_screening(tomorrow), Refused)
        assert [(e.action, e.outcome) for e in log.events()] == [
            ("screening.record", AuditOutcome.SUCCESS),
            ("screening.record", AuditOutcome.REJECTED),
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
        _service(_store(member), log).record_credential("S-1", card)
        (event,) = log.events()
        text = f"{event!r} {event.details}"
        for secret in (name, birth.isoformat(), number):
            assert secret not in text
