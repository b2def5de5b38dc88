"""``medoffice demo --database URL``: the whole demo on a PostgreSQL practice, as on SQLite."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from medoffice.cli import main


def _demo(*options: str) -> tuple[int, dict[str, Any] | str]:
    result = CliRunner().invoke(main, ["demo", "--size", "small", "--format", "json", *options])
    if result.exit_code:
        return result.exit_code, result.output
    data: dict[str, Any] = json.loads(result.output)
    return 0, data


def _same_events_but_the_skipped_stages(
    on_postgres: dict[str, int], on_sqlite: dict[str, int]
) -> None:
    """Every audit event on PostgreSQL is counted as on SQLite, but for the bookings of the
    authorization stage; SQLite's other extra events are those of the skipped stages."""
    skipped = ("authorization.", "referral.", "coverage.", "remittance.", "claims.bill:")
    for action, count in on_postgres.items():
        if action.startswith("appointment."):
            assert count <= on_sqlite[action], action
        else:
            assert count == on_sqlite[action], action
    extra = set(on_sqlite) - set(on_postgres)
    assert extra
    assert all(a.startswith(skipped) or a.startswith("appointment.") for a in extra), extra


class TestTheDemoOnPostgres:
    """The same seed gives the same summary on PostgreSQL as on SQLite, but for the stages
    PostgreSQL cannot keep yet (skipped, saying so); a used practice is refused."""

    def test_the_summary_matches_sqlites(self, postgres_url: str, tmp_path: Path) -> None:
        """Every figure of the stages both run is the same, and a second run on the practice is
        refused."""
        code, on_postgres = _demo("--database", f"{postgres_url}?practice=demo")
        assert code == 0, on_postgres
        code, on_sqlite = _demo("--database", f"sqlite:///{tmp_path}/demo.db")
        assert code == 0, on_sqlite
        assert isinstance(on_postgres, dict)
        assert isinstance(on_sqlite, dict)
        assert (on_postgres.pop("storage"), on_sqlite.pop("storage")) == ("postgresql", "sqlite")
        for stage in ("authorizations", "revenue"):  # no such repositories on PostgreSQL yet
            assert "PostgreSQL adapter has no repository" in on_postgres.pop(stage)["skipped"]
            assert "skipped" not in on_sqlite.pop(stage)
        _same_events_but_the_skipped_stages(
            on_postgres.pop("audit_events"), on_sqlite.pop("audit_events")
        )
        assert on_postgres == on_sqlite
        code, refused = _demo("--database", f"{postgres_url}?practice=demo")
        assert code != 0
        assert "holds data already" in str(refused)

    def test_database_and_db_together_are_refused(self, tmp_path: Path) -> None:
        """Naming the database twice is a usage error, not a guess."""
        code, output = _demo("--db", str(tmp_path / "a.db"), "--database", "mysql://h/db")
        assert code != 0
        assert "not both" in str(output)
        code, output = _demo("--database", "mysql://h/db")
        assert code != 0
        assert "sqlite:///" in str(output)


def test_the_printed_summary_says_which_stages_were_skipped(postgres_url: str) -> None:
    """On PostgreSQL the table output names the two skipped stages and why, and finishes."""
    result = CliRunner().invoke(
        main, ["demo", "--size", "small", "--database", f"{postgres_url}?practice=printed"]
    )
    assert result.exit_code == 0, result.output
    skipped = [line for line in result.output.splitlines() if line.startswith("Skipped:")]
    assert len(skipped) == 2
    assert all("PostgreSQL adapter has no repository" in line for line in skipped)
    assert "postgresql database (integrity ok)" in result.output
