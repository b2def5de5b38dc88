"""Work queues: expiring, exhausted with bookings, stale requests, open referral loops."""

from __future__ import annotations

from datetime import UTC, date, datetime

import attrs
import pytest

from medoffice.authorizations._index import AuthorizationIndex
from medoffice.authorizations._queues import Queue, QueueSettings, work_queues
from medoffice.authorizations._records import PriorAuthorization, Referral, change_status
from medoffice.authorizations._usage import Use, UseKind
from medoffice.kernel import DateRange, InvalidValue

ON = date(2026, 3, 20)
AT = datetime(2026, 3, 1, tzinfo=UTC)
AUTH = PriorAuthorization(
    id="PA-1",
    patient="p-1",
    payer_id="ACME1",
    procedures={"97110"},
    approved=2,
    valid=DateRange(date(2026, 3, 1), date(2026, 3, 31)),
    status="approved",
)


def booked(day: date, source: str) -> Use:
    return Use(record="PA-1", source=source, kind=UseKind.BOOKED, day=day, quantity=1, at=AT)


def queues(**records: object) -> list[tuple[str, str]]:
    index = AuthorizationIndex.build(**records)  # type: ignore[arg-type]
    return [(i.queue.value, i.record) for i in work_queues(index, on=ON)]


class TestQueues:
    def test_an_authorization_ending_soon_with_visits_left_is_expiring(self) -> None:
        """Within the window and with room: expiring, with the visits left in the reason."""
        index = AuthorizationIndex.build(authorizations=[AUTH])
        (item,) = work_queues(index, on=ON)
        assert (item.queue, item.due) == (Queue.EXPIRING, date(2026, 3, 31))
        assert "2 visits left" in item.reason
        assert item.to_dict()["queue"] == "expiring"
        assert work_queues(index, on=ON, settings=QueueSettings(expiring_days=5)) == ()

    def test_a_used_up_authorization_with_future_bookings_is_exhausted(self) -> None:
        """All visits used and one still booked ahead: ask for more."""
        uses = [booked(date(2026, 3, 2), "a:1"), booked(date(2026, 3, 25), "a:2")]
        assert queues(authorizations=[AUTH], uses=uses) == [("exhausted", "PA-1")]

    def test_a_used_up_authorization_without_bookings_needs_nothing(self) -> None:
        """Exhausted with nothing booked ahead is not work."""
        uses = [booked(date(2026, 3, 2), "a:1"), booked(date(2026, 3, 3), "a:2")]
        assert queues(authorizations=[AUTH], uses=uses) == []

    def test_a_request_waiting_too_long_is_pending(self) -> None:
        """Requested five days ago or more: call the payer."""
        old = attrs.evolve(AUTH, status="requested", requested_on=date(2026, 3, 10))
        fresh = attrs.evolve(AUTH, id="PA-2", status="requested", requested_on=date(2026, 3, 18))
        pending = change_status(attrs.evolve(AUTH, id="PA-3", status="requested"), "pending", at=AT)
        assert queues(authorizations=[old, fresh, pending]) == [
            ("pending", "PA-3"),
            ("pending", "PA-1"),
        ]

    def test_a_referral_without_a_report_is_an_open_loop(self) -> None:
        """Sent thirty days ago or more, seen, and no report: the loop is open."""
        referral = Referral(
            id="R-1",
            patient="p-1",
            payer_id="ACME1",
            referring="dr-pcp",
            visits=1,
            valid=DateRange(date(2026, 1, 1), date(2026, 6, 30)),
        )
        sent = change_status(referral, "sent", at=datetime(2026, 2, 1, tzinfo=UTC))
        seen = change_status(sent, "seen", at=datetime(2026, 2, 10, tzinfo=UTC))
        assert queues(referrals=[seen]) == [("open-referral", "R-1")]
        reported = change_status(seen, "report-received", at=datetime(2026, 2, 20, tzinfo=UTC))
        assert queues(referrals=[reported, referral]) == []
        recent = change_status(referral, "sent", at=datetime(2026, 3, 10, tzinfo=UTC))
        assert queues(referrals=[recent]) == []

    def test_settings_are_whole_days(self) -> None:
        """Negative windows are refused."""
        with pytest.raises(InvalidValue):
            QueueSettings(report_days=-1)
