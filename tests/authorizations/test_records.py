"""Referral and prior authorization records: statuses, history and their invariants."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from medoffice.authorizations._records import (
    AuthorizationStatus,
    Coverage,
    PriorAuthorization,
    Referral,
    ReferralStatus,
    TransitionNotAllowed,
    change_status,
)
from medoffice.kernel import DateRange, InvalidArgument, InvalidValue

AT = datetime(2026, 3, 2, 9, tzinfo=UTC)
MARCH = DateRange(date(2026, 3, 1), date(2026, 3, 31))


def auth(**changes: object) -> PriorAuthorization:
    fields: dict[str, object] = {
        "id": "PA-1",
        "patient": "p-1",
        "payer_id": "ACME1",
        "procedures": {"97110"},
        "approved": 4,
        "valid": MARCH,
    }
    fields.update(changes)
    return PriorAuthorization(**fields)  # type: ignore[arg-type]


def referral(**changes: object) -> Referral:
    fields: dict[str, object] = {
        "id": "R-1",
        "patient": "p-1",
        "payer_id": "ACME1",
        "referring": "dr-pcp",
        "visits": 2,
        "valid": MARCH,
    }
    fields.update(changes)
    return Referral(**fields)  # type: ignore[arg-type]


class TestAuthorizationStatus:
    def test_approval_is_recorded_in_the_history(self) -> None:
        """Each change of status appends who-knows-when to the history, in order."""
        pending = change_status(auth(), AuthorizationStatus.PENDING, at=AT)
        approved = change_status(pending, "approved", at=AT, note="fax 12")
        assert approved.status is AuthorizationStatus.APPROVED
        assert [c.status for c in approved.history] == ["pending", "approved"]
        assert approved.history[-1].note == "fax 12"
        assert approved.is_usable

    def test_an_expired_authorization_cannot_come_back(self) -> None:
        """Expired is final: approving it again is refused."""
        expired = change_status(auth(status="approved"), "expired", at=AT)
        with pytest.raises(TransitionNotAllowed):
            change_status(expired, "approved", at=AT)

    def test_a_denial_can_be_appealed(self) -> None:
        """A denied request goes back to pending on appeal."""
        denied = change_status(auth(), "denied", at=AT)
        assert change_status(denied, "pending", at=AT).status is AuthorizationStatus.PENDING

    def test_an_unknown_status_is_refused(self) -> None:
        """A status that does not exist is a programmer's mistake."""
        with pytest.raises(InvalidArgument):
            change_status(auth(), "maybe", at=AT)
        with pytest.raises(InvalidArgument):
            change_status(referral(), "approved", at=AT)

    def test_a_naive_instant_is_refused(self) -> None:
        """The history needs timezone-aware instants."""
        with pytest.raises(InvalidValue):
            change_status(auth(), "pending", at=datetime(2026, 3, 2))  # noqa: DTZ001


class TestReferralStatus:
    def test_the_loop_closes_after_the_report(self) -> None:
        """Requested, sent, seen, report received, closed: each move allowed once in order."""
        record = referral()
        assert not record.is_usable
        for status in ("sent", "scheduled", "seen", "report-received", "closed"):
            record = change_status(record, status, at=AT)
        assert record.status is ReferralStatus.CLOSED
        assert not record.is_usable
        with pytest.raises(TransitionNotAllowed):
            change_status(record, "sent", at=AT)

    def test_an_open_referral_sends_to_any_provider(self) -> None:
        """Without a receiving provider the referral sends the patient to any specialist."""
        assert referral().sends_to("dr-x")
        assert not referral(receiving="dr-y").sends_to("dr-x")


class TestValues:
    def test_codes_are_normalised(self) -> None:
        """Procedure codes are stripped and upper-cased; diagnoses sorted."""
        assert auth(procedures=[" g0283 "]).procedures == frozenset({"G0283"})
        assert referral(diagnoses=["M54.5", "E11.9"]).diagnoses == ("E11.9", "M54.5")

    @pytest.mark.parametrize(
        "changes",
        [
            {"id": ""},
            {"approved": -1},
            {"approved": True},
            {"procedures": "97110"},
            {"procedures": [""]},
            {"valid": (date(2026, 3, 1), date(2026, 3, 2))},
            {"number": "  "},
        ],
    )
    def test_impossible_values_are_refused(self, changes: dict[str, object]) -> None:
        """Empty ids, negative counts, a bare string of codes: refused on construction."""
        with pytest.raises(InvalidValue):
            auth(**changes)

    def test_coverage_defaults_to_any_day(self) -> None:
        """A coverage without dates is in force every day."""
        coverage = Coverage(patient="p-1", payer_id="ACME1", plan_type="hmo")
        assert coverage.valid.contains(date(2030, 1, 1))
