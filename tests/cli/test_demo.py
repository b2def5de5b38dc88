"""``medoffice demo``: a reduced month runs quickly, and its summary holds together."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from medoffice.cli import main
from medoffice.cli._demo import DEMO_ROSTER
from medoffice.cli._demo_practice import MONTH, SIZES, generate_practice
from medoffice.cli._demo_stages import DemoClock
from medoffice.kernel import Clock
from medoffice.testing._contracts import ClockContract


@pytest.fixture(scope="module")
def small_summary(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The JSON summary of the small demo, run once for the module."""
    folder = tmp_path_factory.mktemp("demo")
    result = CliRunner().invoke(
        main, ["demo", "--size", "small", "--format", "json", "--db", str(folder / "demo.db")]
    )
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.output)
    return data


def _counts_by_rule(counts: dict[str, int]) -> None:
    for rule, count in counts.items():
        assert rule == rule.upper()
        assert "-" in rule
        assert isinstance(count, int)
        assert count > 0


class TestRosterSection:
    def test_the_roster_check_finds_the_planted_mistakes(
        self, small_summary: dict[str, Any]
    ) -> None:
        """The identifiers section checks the whole roster and finds the five planted mistakes."""
        section = small_summary["identifiers"]
        assert len(section["roster"]) == len(DEMO_ROSTER)
        assert section["summary"] == {"checked": 14, "valid": 9, "invalid": 5}
        invalid = {(r["kind"], r["input"]) for r in section["roster"] if not r["valid"]}
        assert ("npi", "1765432130") in invalid
        assert ("clia", "05X0123456") in invalid

    def test_the_table_for_people_names_every_section(self) -> None:
        """The table output ends each section with its figures and the roster's summary line."""
        result = CliRunner().invoke(main, ["demo", "--size", "small"])
        assert result.exit_code == 0
        for text in ("5 to fix", "Scheduling", "Claims checked", "Budget 2026", "Credentials"):
            assert text in result.output


class TestSummaryShape:
    def test_the_summary_has_every_section(self, small_summary: dict[str, Any]) -> None:
        """The JSON summary names the run and holds one section per domain."""
        assert set(small_summary) >= {
            "seed",
            "size",
            "storage",
            "identifiers",
            "credentials",
            "scheduling",
            "claims",
            "budget",
        }
        assert small_summary["size"] == "small"
        assert small_summary["storage"] == "sqlite"
        assert small_summary["integrity"] == "ok"

    def test_utilisation_is_a_share_of_open_time(self, small_summary: dict[str, Any]) -> None:
        """Every provider's utilisation, and the overall one, lie between 0 and 1."""
        section = small_summary["scheduling"]
        shares = [*section["utilisation"].values(), section["utilisation_overall"]]
        assert all(0 <= share <= 1 for share in shares)
        assert section["utilisation_overall"] > 0

    def test_every_request_is_accounted_for(self, small_summary: dict[str, Any]) -> None:
        """Requests are booked or wait; cancelled slots are filled at most once each."""
        section = small_summary["scheduling"]
        assert section["requests"] == SIZES["small"].requests
        assert section["waitlist_entries"] == section["requests"] - section["booked_first_time"]
        batch = section["batch"]
        assert section["still_waiting"] == (
            section["waitlist_entries"] - section["filled_from_waitlist"] - batch["booked"]
        )
        assert section["filled_from_waitlist"] <= section["waitlist_offers"]
        assert batch["booked"] <= batch["placed"] <= batch["requests"]
        assert batch["placed"] + sum(batch["unplaced_by_reason"].values()) == batch["requests"]
        assert section["appointments_booked"] == (
            section["booked_first_time"]
            - section["cancelled"]
            + section["filled_from_waitlist"]
            + batch["booked"]
        )

    def test_findings_are_counted_by_rule(self, small_summary: dict[str, Any]) -> None:
        """Claim findings and refusals are counts keyed by stable rule ids."""
        claims = small_summary["claims"]
        _counts_by_rule(claims["json"]["findings_by_rule"])
        _counts_by_rule(claims["x12"]["findings_by_rule"])
        assert claims["x12"]["envelope_ok"] is True
        assert claims["x12"]["same_findings_as_json"] is True
        assert claims["x12"]["claims"] == SIZES["small"].x12_claims
        _counts_by_rule(small_summary["scheduling"]["refused_by_rule"])
        _counts_by_rule(small_summary["budget"]["findings_by_rule"])
        assert claims["json"]["clean"] <= claims["json"]["claims"] == SIZES["small"].claims

    def test_budget_totals_balance(self, small_summary: dict[str, Any]) -> None:
        """Postings sum to zero and each variance is actual minus budget, to the cent."""
        budget = small_summary["budget"]
        assert Decimal(budget["postings_sum"]) == 0
        assert budget["transactions_refused_by_rule"] == {}
        for totals in budget["totals"].values():
            expected = Decimal(totals["actual"]) - Decimal(totals["budget"])
            assert Decimal(totals["variance"]) == expected

    def test_the_folder_keeps_the_database_and_its_files(self, tmp_path: Path) -> None:
        """With --db the database, the claims and the sample edit tables stay in its folder."""
        result = CliRunner().invoke(
            main, ["demo", "--size", "small", "--format", "json", "--db", str(tmp_path / "x.db")]
        )
        assert result.exit_code == 0
        names = {p.name for p in tmp_path.iterdir()}
        assert {"x.db", "claims.json", "claims.837p", "ccipra-v321r0-f1.TXT"} <= names


class TestAudit:
    def test_every_use_case_leaves_an_audit_event(self, small_summary: dict[str, Any]) -> None:
        """Bookings, cancellations, offers, batches, credentials and postings are all audited."""
        events = small_summary["audit_events"]
        scheduling = small_summary["scheduling"]
        assert events["appointment.book:success"] == scheduling["booked_first_time"]
        assert events["appointment.book:rejected"] == scheduling["waitlist_entries"]
        assert events["appointment.cancel:success"] == scheduling["cancelled"]
        assert events["appointment.allocate:success"] == 1
        offers = events.get("waitlist.offer:success", 0) + events.get("waitlist.offer:rejected", 0)
        assert offers == scheduling["cancelled"]
        assert events.get("waitlist.accept:success", 0) == scheduling["filled_from_waitlist"]
        assert events["actuals.post:success"] == small_summary["budget"]["transactions_posted"]
        assert events["credential.record:success"] > 0

    def test_an_existing_database_is_never_overwritten(self, tmp_path: Path) -> None:
        """--db naming a file that exists is bad input (exit 2), and the file is untouched."""
        existing = tmp_path / "office.db"
        existing.write_bytes(b"keep me")
        result = CliRunner().invoke(main, ["demo", "--size", "small", "--db", str(existing)])
        assert result.exit_code == 2
        assert existing.read_bytes() == b"keep me"
        assert "Traceback" not in result.output


class TestDeterminism:
    def test_the_same_seed_gives_the_same_summary(self) -> None:
        """Two runs with one seed print identical JSON."""
        args = ["demo", "--size", "small", "--format", "json", "--seed", "11"]
        first = CliRunner().invoke(main, args)
        second = CliRunner().invoke(main, args)
        assert first.exit_code == second.exit_code == 0
        assert first.output == second.output

    @settings(max_examples=10, deadline=None)
    @given(seed=st.integers(min_value=0, max_value=2**32))
    def test_every_generated_request_falls_in_the_demo_month(self, seed: int) -> None:
        """Whatever the seed, requests are aware instants inside March 2026 and ids are unique."""
        practice = generate_practice(seed=seed, size=SIZES["small"])
        assert generate_practice(seed=seed, size=SIZES["small"]) == practice
        ids = [r.appointment_id for r in practice.requests]
        assert len(set(ids)) == len(ids) == SIZES["small"].requests
        for request in practice.requests:
            assert request.start.tzinfo is not None
            assert MONTH.contains(request.start.astimezone(UTC).date())

    def test_an_unknown_size_is_a_usage_error(self) -> None:
        """--size accepts only the documented sizes: anything else exits 2."""
        assert CliRunner().invoke(main, ["demo", "--size", "huge"]).exit_code == 2


class TestDemoClock(ClockContract):
    def make_clock(self) -> Clock:
        return DemoClock(datetime(2026, 3, 1, 14, tzinfo=UTC))

    def test_the_clock_keeps_its_instant(self) -> None:
        """The demo replays a chosen instant, whatever the time of the run."""
        assert self.make_clock().now().date() == date(2026, 3, 1)
