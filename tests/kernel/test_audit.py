"""Audit events: who, what, which record, when, outcome; never PHI."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from medoffice.adapters.memory import InMemoryAuditLog
from medoffice.kernel import AuditEvent, AuditOutcome, ConcurrencyConflict, InvalidValue, audited


def event(**changes: object) -> AuditEvent:
    fields: dict[str, object] = {
        "at": datetime(2026, 3, 2, 9, tzinfo=timezone(timedelta(hours=-5))),
        "actor": "user:biller-1",
        "action": "claim.check",
        "record_type": "claim",
        "record_id": "PCN-1",
        "outcome": "success",
    }
    fields.update(changes)
    return AuditEvent(**fields)  # type: ignore[arg-type]


class TestAuditEvent:
    def test_instants_are_stored_in_utc(self) -> None:
        """09:00 at UTC-5 is 14:00 UTC."""
        assert event().at == datetime(2026, 3, 2, 14, tzinfo=UTC)
        assert event().at.utcoffset() == timedelta(0)

    def test_details_are_sorted_pairs_from_a_mapping_or_pairs(self) -> None:
        """Details become sorted (name, id) string pairs."""
        assert event(details={"z": 1, "a": "x"}).details == (("a", "x"), ("z", "1"))
        assert event(details=[("b", "2")]).details == (("b", "2"),)

    @pytest.mark.parametrize(
        "changes",
        [
            {"at": datetime(2026, 1, 1)},  # noqa: DTZ001
            {"actor": ""},
            {"action": "Book"},
            {"action": "book"},
            {"outcome": "maybe"},
            {"details": "abc"},
            {"details": [("a", "b", "c")]},
            {"details": 5},
        ],
    )
    def test_impossible_events_are_refused(self, changes: dict[str, object]) -> None:
        """Naive instants, unnamed actors, undotted actions, unknown outcomes, bad details."""
        with pytest.raises((InvalidValue, ValueError)):
            event(**changes)

    def test_outcomes(self) -> None:
        """The four outcomes are stable strings."""
        assert [o.value for o in AuditOutcome] == ["success", "rejected", "conflict", "error"]


class TestAudited:
    def test_records_success_rejection_conflict_and_error(self) -> None:
        """Each way a use case can end is recorded once, and exceptions go on."""
        log = InMemoryAuditLog()
        assert audited(log, event(), lambda: 1) == 1
        assert audited(log, event(), lambda: 0, rejected=lambda result: result == 0) == 0

        def conflict() -> int:
            raise ConcurrencyConflict("stale")

        def broken() -> int:
            raise RuntimeError("boom")

        with pytest.raises(ConcurrencyConflict):
            audited(log, event(), conflict)
        with pytest.raises(RuntimeError):
            audited(log, event(), broken)
        assert [e.outcome for e in log.events()] == [
            AuditOutcome.SUCCESS,
            AuditOutcome.REJECTED,
            AuditOutcome.CONFLICT,
            AuditOutcome.ERROR,
        ]

    def test_without_a_log_the_use_case_just_runs(self) -> None:
        """No audit log: the result comes back and nothing is recorded anywhere."""
        assert audited(None, event(), lambda: "done") == "done"
