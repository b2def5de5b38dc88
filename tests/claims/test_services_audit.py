"""Checking and recording a batch of claims: clean claims recorded, one audit event, no PHI."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medoffice.adapters.memory import InMemoryAuditLog, InMemoryClaimHistory, InMemoryDiagnosisCodes
from medoffice.claims import CheckContext, Claim, Patient, patient_key, provider_key
from medoffice.claims.services import check_and_record
from medoffice.kernel import AuditOutcome
from medoffice.testing import sample_claim
from medoffice.testing._clock import FrozenClock

CLOCK = FrozenClock(datetime(2026, 3, 20, 15, tzinfo=UTC))
DAY = date(2026, 3, 2)


def _context() -> CheckContext:
    return CheckContext(on=date(2026, 3, 20), diagnoses=InMemoryDiagnosisCodes.sample())


def _lines(history: InMemoryClaimHistory, claim: Claim) -> int:
    found = history.lines_on(patient=patient_key(claim), provider=provider_key(claim), day=DAY)
    return len(list(found))


class TestCheckAndRecord:
    """Clean claims are recorded in the history; claims with errors are held back."""

    def test_a_clean_claim_is_recorded_and_the_event_says_success(self) -> None:
        """One clean claim: recorded, and one success event naming the batch."""
        history, log = InMemoryClaimHistory(), InMemoryAuditLog()
        claim = sample_claim()
        batch = check_and_record(
            [claim], context=_context(), history=history, clock=CLOCK, batch_id="B-1", audit=log
        )
        assert (batch.recorded, batch.held) == (1, 0)
        assert _lines(history, claim) == len(claim.lines)
        (event,) = log.events()
        assert (event.action, event.record_id, event.outcome, event.at) == (
            "claims.check_batch",
            "B-1",
            AuditOutcome.SUCCESS,
            CLOCK.now(),
        )
        assert ("recorded", "1") in event.details

    def test_a_claim_with_errors_is_held_and_the_event_says_rejected(self) -> None:
        """A claim with an unknown diagnosis is not recorded; the batch is recorded as rejected."""
        history, log = InMemoryClaimHistory(), InMemoryAuditLog()
        bad = sample_claim(patient_control_number="PCN-BAD", diagnoses=("Q99.999X",))
        batch = check_and_record(
            [sample_claim(), bad],
            context=_context(),
            history=history,
            clock=CLOCK,
            batch_id="B-2",
            audit=log,
        )
        assert (batch.recorded, batch.held) == (1, 1)
        assert not batch.results[1][1].ok
        assert [e.outcome for e in log.events()] == [AuditOutcome.REJECTED]

    def test_a_failing_history_records_error_and_raises(self) -> None:
        """When recording fails the exception propagates and the event says error."""

        class Refusing:
            def lines_on(self, *, patient: str, provider: str, day: date) -> tuple[()]:
                return ()

            def record(self, claim: Claim) -> None:
                raise OSError("disk full")

        log = InMemoryAuditLog()
        with pytest.raises(OSError, match="disk full"):
            check_and_record(
                [sample_claim()],
                context=_context(),
                history=Refusing(),
                clock=CLOCK,
                batch_id="B-3",
                audit=log,
            )
        assert [e.outcome for e in log.events()] == [AuditOutcome.ERROR]


class TestNoPhiInClaimEvents:
    """The batch event never carries a patient's name or date of birth."""

    @settings(max_examples=25, deadline=None)
    @given(
        name=st.text(st.characters(categories=["L"]), min_size=6, max_size=20),
        born=st.dates(date(1920, 1, 1), date(2020, 12, 31)),
    )
    def test_no_event_holds_the_name_or_birth_date(self, name: str, born: date) -> None:
        """Whatever the patient, the event text mentions neither name nor birth date."""
        log = InMemoryAuditLog()
        claim = sample_claim(patient=Patient(name=name, date_of_birth=born, sex="F"))
        check_and_record(
            [claim],
            context=_context(),
            history=InMemoryClaimHistory(),
            clock=CLOCK,
            batch_id="B-4",
            audit=log,
        )
        (event,) = log.events()
        text = f"{event!r} {event.details}"
        assert name not in text
        assert born.isoformat() not in text
