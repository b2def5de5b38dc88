"""Audit events: who, what, which record, when, outcome; never PHI."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, TypeVar

import pytest

from medoffice.adapters.memory import InMemoryAuditLog
from medoffice.kernel import (
    AuditEvent,
    AuditOutcome,
    ConcurrencyConflict,
    InvalidValue,
    Refused,
    audited,
)

T = TypeVar("T")


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


def run_audited(log: InMemoryAuditLog | None, run: Callable[[], T], **options: Any) -> T:
    """``audited`` with the event of :func:`event` (the fields it takes as keywords)."""
    fields: dict[str, Any] = {
        "at": datetime(2026, 3, 2, 14, tzinfo=UTC),
        "actor": "user:biller-1",
        "action": "claim.check",
        "record_type": "claim",
        "record_id": "PCN-1",
    }
    fields.update(options)
    result: T = audited(log, run, **fields)
    return result


class TestAudited:
    def test_records_success_rejection_conflict_and_error(self) -> None:
        """Each way a use case can end is recorded once, and exceptions go on."""
        log = InMemoryAuditLog()
        assert run_audited(log, lambda: 1) == 1
        assert run_audited(log, lambda: 0, rejected=lambda result: result == 0) == 0

        def conflict() -> int:
            raise ConcurrencyConflict("stale")

        def broken() -> int:
            raise RuntimeError("boom")

        with pytest.raises(ConcurrencyConflict):
            run_audited(log, conflict)
        with pytest.raises(RuntimeError):
            run_audited(log, broken)
        assert [e.outcome for e in log.events()] == [
            AuditOutcome.SUCCESS,
            AuditOutcome.REJECTED,
            AuditOutcome.CONFLICT,
            AuditOutcome.ERROR,
        ]

    def test_a_refused_result_is_a_rejection_by_default(self) -> None:
        """Without a ``rejected`` predicate, a ``Refused`` result is recorded as rejected."""
        log = InMemoryAuditLog()
        refused = Refused.because("BUD-TRANSFER-004", "not your own", path="actor")
        assert run_audited(log, lambda: refused) is refused
        assert [e.outcome for e in log.events()] == [AuditOutcome.REJECTED]

    def test_the_event_carries_its_fields_and_details(self) -> None:
        """Time, actor, action, record and details come from the keywords, in UTC."""
        log = InMemoryAuditLog()
        run_audited(log, lambda: None, details={"provider": "prv-7"})
        (recorded,) = log.events()
        assert recorded == event(details={"provider": "prv-7"})

    def test_late_details_are_read_when_the_event_is_appended(self) -> None:
        """Counts known only at the end are in the event, also when the run fails."""
        log = InMemoryAuditLog()
        done: list[int] = []

        def run() -> int:
            done.append(1)
            raise OSError("disk full")

        with pytest.raises(OSError, match="disk full"):
            run_audited(log, run, late_details=lambda: {"checked": str(len(done))})
        (recorded,) = log.events()
        assert (recorded.outcome, recorded.details) == (AuditOutcome.ERROR, (("checked", "1"),))

    def test_attempts_retry_a_conflict_and_the_event_tells_the_last_outcome(self) -> None:
        """Two conflicts then a success, with three attempts: one success event."""
        log = InMemoryAuditLog()
        calls: list[int] = []

        def run() -> str:
            calls.append(1)
            if len(calls) < 3:
                raise ConcurrencyConflict("stale")
            return "saved"

        assert run_audited(log, run, attempts=3) == "saved"
        assert [e.outcome for e in log.events()] == [AuditOutcome.SUCCESS]

    def test_a_bad_event_is_refused_before_the_use_case_runs(self) -> None:
        """An empty actor raises InvalidValue and the use case never runs."""
        ran: list[int] = []
        with pytest.raises(InvalidValue):
            run_audited(InMemoryAuditLog(), lambda: ran.append(1), actor="")
        assert ran == []

    def test_without_a_log_the_use_case_just_runs(self) -> None:
        """No audit log: the result comes back and nothing is recorded anywhere."""
        assert run_audited(None, lambda: "done") == "done"
