"""Checking and recording a batch of claims: clean claims recorded, one audit event, no PHI."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medoffice.adapters.memory import (
    InMemoryAuditLog,
    InMemoryClaimHistory,
    InMemoryDiagnosisCodes,
    InMemoryStore,
)
from medoffice.claims import Billing, CheckContext, Claim, Patient, ServiceLine
from medoffice.claims._history import provider_key
from medoffice.claims.ports import ClaimHistory, ClaimsStore
from medoffice.kernel import AuditOutcome
from medoffice.testing import PlainStore, sample_claim
from medoffice.testing._clock import FrozenClock

CLOCK = FrozenClock(datetime(2026, 3, 20, 15, tzinfo=UTC))
DAY = date(2026, 3, 2)


def _context() -> CheckContext:
    return CheckContext(on=date(2026, 3, 20), diagnoses=InMemoryDiagnosisCodes.sample())


def _billing(store: ClaimsStore, log: InMemoryAuditLog) -> Billing:
    return Billing(store, clock=CLOCK, audit=log)


def _lines(history: ClaimHistory, claim: Claim) -> int:
    found = history.lines_on(
        patient=history.patient_key(claim), provider=provider_key(claim), day=DAY
    )
    return len(list(found))


class TestCheckAndRecord:
    """Clean claims are recorded in the history; claims with errors are held back."""

    def test_a_clean_claim_is_recorded_and_the_event_says_success(self) -> None:
        """One clean claim: recorded, and one success event naming the batch."""
        store, log = InMemoryStore(), InMemoryAuditLog()
        claim = sample_claim()
        batch = _billing(store, log).check_and_record([claim], context=_context(), batch_id="B-1")
        assert (batch.recorded, batch.held) == (1, 0)
        assert _lines(store.claims, claim) == len(claim.lines)
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
        log = InMemoryAuditLog()
        bad = sample_claim(patient_control_number="PCN-BAD", diagnoses=("Q99.999X",))
        batch = _billing(InMemoryStore(), log).check_and_record(
            [sample_claim(), bad], context=_context(), batch_id="B-2"
        )
        assert (batch.recorded, batch.held) == (1, 1)
        assert not batch.results[1][1].ok
        assert [e.outcome for e in log.events()] == [AuditOutcome.REJECTED]

    def test_a_failing_history_records_error_and_raises(self) -> None:
        """When recording fails the exception propagates; the event says error, with counts."""

        class Refusing:
            def patient_key(self, claim: Claim) -> str:
                return "p"

            def lines_on(self, *, patient: str, provider: str, day: date) -> tuple[()]:
                return ()

            def record(self, claim: Claim) -> None:
                raise OSError("disk full")

        log = InMemoryAuditLog()
        with pytest.raises(OSError, match="disk full"):
            _billing(PlainStore(claims=Refusing()), log).check_and_record(
                [sample_claim()], context=_context(), batch_id="B-3"
            )
        assert [e.outcome for e in log.events()] == [AuditOutcome.ERROR]
        assert ("checked", "1") in next(log.events()).details

    def test_claims_recorded_before_a_failure_stay_recorded(self) -> None:
        """Each claim is its own unit of work: a later failure keeps the earlier ones."""
        inner = InMemoryClaimHistory()

        class FailingSecond:
            def patient_key(self, claim: Claim) -> str:
                return inner.patient_key(claim)

            def lines_on(self, *, patient: str, provider: str, day: date) -> Sequence[ServiceLine]:
                return inner.lines_on(patient=patient, provider=provider, day=day)

            def record(self, claim: Claim) -> None:
                if len(inner):
                    raise OSError("disk full")
                inner.record(claim)

        other = Patient(name="Other Person", date_of_birth=date(1961, 4, 2), sex="M")
        second = sample_claim(patient_control_number="PCN-0002", patient=other)
        with pytest.raises(OSError, match="disk full"):
            _billing(PlainStore(claims=FailingSecond()), InMemoryAuditLog()).check_and_record(
                [sample_claim(), second], context=_context(), batch_id="B-5"
            )
        assert len(inner) == 1

    def test_progress_is_called_after_each_claim(self) -> None:
        """The progress callback hears 1, 2, ... as claims are done."""
        done: list[int] = []
        _billing(InMemoryStore(), InMemoryAuditLog()).check_and_record(
            [sample_claim(), sample_claim(patient_control_number="PCN-2")],
            context=_context(),
            batch_id="B-6",
            progress=done.append,
        )
        assert done == [1, 2]


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
        _billing(InMemoryStore(), log).check_and_record([claim], context=_context(), batch_id="B-4")
        (event,) = log.events()
        text = f"{event!r} {event.details}"
        assert name not in text
        assert born.isoformat() not in text
