"""The demo's authorizations stage: a referred specialist visit and a therapy series."""

from __future__ import annotations

from pathlib import Path

from medoffice.adapters.sqlite import open_database
from medoffice.cli._demo_authorizations import authorizations_stage
from medoffice.cli._demo_practice import SIZES, generate_practice


def test_the_stage_refuses_counts_bills_and_queues(tmp_path: Path) -> None:
    """Without a referral refused, with one booked; six of eight therapy visits; queues filled."""
    practice = generate_practice(seed=3, size=SIZES["small"])
    done: list[int] = []
    with open_database(tmp_path / "d.db") as database:
        summary = authorizations_stage(practice, database, database.audit, done.append)
        stored = database.authorizations.load()
    assert summary["specialist_visit"] == {
        "without_referral": "refused",
        "with_referral": "booked",
        "referral_visits_used": 1,
    }
    series = summary["therapy_series"]
    assert (series["booked"], series["refused"], series["visits_used"]) == (6, 2, 6)
    assert summary["appointments"] == {"booked": 2, "refused": 1, "cancelled": 1}
    assert summary["refused_by_rule"] == {"SCH-AUTH-EXHAUSTED": 2, "SCH-REF-MISSING": 1}
    assert summary["claim_findings_by_rule"] == {"AUTH-NUMBER-MISSING": 1}
    assert summary["queues"] == {"exhausted": 1, "open-referral": 1, "pending": 1}
    assert sum(done) == 6
    # The ledger holds the bookings, the release of the cancelled visit, and one billed line.
    kinds = sorted(use.kind.value for use in stored.uses)
    assert kinds.count("released") == 1
    assert kinds.count("billed") == 1
