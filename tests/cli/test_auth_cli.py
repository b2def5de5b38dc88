"""``medoffice auth list|due`` and ``medoffice referrals open`` over a medoffice database."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

from click.testing import CliRunner

from medoffice.adapters.sqlite import open_database
from medoffice.authorizations import (
    Authorizations,
    Coverage,
    PriorAuthorization,
    Referral,
    Requirement,
    RequirementBook,
    ServiceFacts,
)
from medoffice.cli import main
from medoffice.kernel import DateRange
from medoffice.testing import FrozenClock

MARCH = DateRange(date(2026, 3, 1), date(2026, 3, 31))
BOOK = RequirementBook(
    [
        Requirement(
            id="PT",
            kind="prior-authorization",
            procedures={"97110"},
            effective=MARCH,
            source="manual",
        )
    ]
)


def database(tmp_path: Path) -> Path:
    """A database with an approved, a pending and a used authorization, and two referrals."""
    path = tmp_path / "office.db"
    with open_database(path) as db:
        records = Authorizations(
            db, clock=FrozenClock(datetime(2026, 3, 1, tzinfo=UTC)), requirements=BOOK
        )
        records.add_coverage(Coverage(patient="p-1", payer_id="ACME1"))
        for ident, approved in (("PA-1", 2), ("PA-2", 6)):
            records.record_authorization(
                PriorAuthorization(
                    id=ident,
                    patient="p-1",
                    payer_id="ACME1",
                    procedures={"97110"},
                    approved=approved,
                    valid=MARCH,
                    number=f"N-{ident}",
                )
            )
        records.change_status("PA-1", "approved")
        records.change_status("PA-2", "pending")
        for ident in ("R-1", "R-2"):
            records.record_referral(
                Referral(
                    id=ident,
                    patient="p-1",
                    payer_id="ACME1",
                    referring="1003000126",
                    visits=2,
                    valid=MARCH,
                )
            )
            records.change_status(ident, "sent")
        records.change_status("R-2", "seen")
        records.change_status("R-2", "report-received")
        # Usage is counted from bookings: one booked visit uses one of PA-1's two.
        records.record_booking(
            "appointment:a-1",
            ServiceFacts(patient="p-1", day=date(2026, 3, 4), procedures=("97110",)),
        )
    return path


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


class TestAuthList:
    def test_json_shows_used_and_left(self, tmp_path: Path) -> None:
        """Each authorization with its status, used and left; filters narrow the list."""
        path = str(database(tmp_path))
        code, out = run("auth", "list", path, "--format", "json")
        assert code == 0
        rows = {row["id"]: row for row in json.loads(out)["authorizations"]}
        assert (rows["PA-1"]["used"], rows["PA-1"]["left"]) == (1, 1)
        assert rows["PA-2"]["status"] == "pending"
        code, out = run("auth", "list", path, "--status", "pending", "--format", "json")
        assert [r["id"] for r in json.loads(out)["authorizations"]] == ["PA-2"]
        code, out = run("auth", "list", path, "--patient", "p-9", "--format", "json")
        assert json.loads(out)["authorizations"] == []

    def test_the_table_names_ids_only(self, tmp_path: Path) -> None:
        """The table lists the records by id with used/approved."""
        code, out = run("auth", "list", str(database(tmp_path)))
        assert code == 0
        assert "PA-1" in out
        assert "1/2 visits" in out

    def test_a_missing_database_is_bad_input(self, tmp_path: Path) -> None:
        """A path that does not exist exits 2 without creating a database."""
        code, _ = run("auth", "list", str(tmp_path / "none.db"))
        assert code == 2
        assert not (tmp_path / "none.db").exists()


class TestAuthDue:
    def test_the_queues_of_a_day(self, tmp_path: Path) -> None:
        """On 25 March: PA-1 expiring with a visit left, PA-2 pending, R-1 not yet overdue."""
        path = str(database(tmp_path))
        code, out = run("auth", "due", path, "--on", "2026-03-25", "--format", "json")
        assert code == 0
        items = [(i["queue"], i["record"]) for i in json.loads(out)["items"]]
        assert items == [("expiring", "PA-1"), ("pending", "PA-2")]
        code, out = run("auth", "due", path, "--on", "2026-04-05", "--report-days", "30")
        assert code == 0
        assert "open-referral" in out
        assert "R-2" not in out


class TestReferralsOpen:
    def test_open_loops_with_their_age(self, tmp_path: Path) -> None:
        """R-1 is open (sent, no report); R-2 has its report and is not listed."""
        path = str(database(tmp_path))
        code, out = run("referrals", "open", path, "--on", "2026-04-05", "--format", "json")
        assert code == 0
        (row,) = json.loads(out)["referrals"]
        assert (row["id"], row["open_days"], row["overdue"]) == ("R-1", 35, True)
        code, out = run("referrals", "open", path, "--on", "2026-03-05")
        assert code == 0
        assert "R-1" in out
        assert "overdue" not in out
