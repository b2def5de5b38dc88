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


class TestTheDemoOnPostgres:
    """The same seed gives the same summary on PostgreSQL as on SQLite, every stage run; a used
    practice is refused."""

    def test_the_summary_matches_sqlites(self, postgres_url: str, tmp_path: Path) -> None:
        """Every figure of every stage, and every audit event count, is the same, and a second run
        on the practice is refused."""
        code, on_postgres = _demo("--database", f"{postgres_url}?practice=demo")
        assert code == 0, on_postgres
        code, on_sqlite = _demo("--database", f"sqlite:///{tmp_path}/demo.db")
        assert code == 0, on_sqlite
        assert isinstance(on_postgres, dict)
        assert isinstance(on_sqlite, dict)
        assert (on_postgres.pop("storage"), on_sqlite.pop("storage")) == ("postgresql", "sqlite")
        assert on_postgres["revenue"]["ledger_entries"] > 0
        assert on_postgres["authorizations"] == on_sqlite["authorizations"]
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


def test_the_printed_summary_shows_every_stage(postgres_url: str) -> None:
    """On PostgreSQL the table output skips no stage, shows the revenue cycle, and finishes."""
    result = CliRunner().invoke(
        main, ["demo", "--size", "small", "--database", f"{postgres_url}?practice=printed"]
    )
    assert result.exit_code == 0, result.output
    assert "Skipped:" not in result.output
    assert "ledger entries" in result.output
    assert "postgresql database (integrity ok)" in result.output
