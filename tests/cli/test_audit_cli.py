"""``medoffice audit export`` and ``audit verify``: an intact log passes, a rewritten one fails."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from tests._audit_race import check_then_append

from medoffice.adapters.sqlite import _audit as sqlite_audit
from medoffice.adapters.sqlite import open_database
from medoffice.adapters.sqlite._audit import chain_existing_events
from medoffice.cli import main
from medoffice.testing._audit_contracts import sample_event


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "office.db"
    with open_database(path) as opened:
        for number in range(3):
            opened.audit.append(sample_event(f"a-{number}", minutes=number))
    return path


def _forge(path: Path) -> None:
    """Rewrite event 1 behind the triggers' back and recompute every digest."""
    with open_database(path) as opened:
        connection = opened.connection()
        connection.execute("DROP TRIGGER audit_event_no_update")
        connection.execute("UPDATE audit_event SET actor = 'user:forger' WHERE seq = 1")
        chain_existing_events(connection)


class TestAuditVerify:
    """verify exits 0 on an intact log and 1, naming the rule, on a rewritten one."""

    def test_an_intact_log_verifies(self, database: Path) -> None:
        """No findings, exit 0, and the event count in the JSON answer."""
        result = CliRunner().invoke(main, ["audit", "verify", str(database), "--format", "json"])
        assert result.exit_code == 0, result.output
        answer = json.loads(result.output)
        assert (answer["ok"], answer["events"], answer["anchored"]) == (True, 3, 0)

    def test_the_event_count_is_the_number_of_events_checked(
        self, database: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """An event appended right after the chain was read is in neither the check nor the
        count: both come from one read."""
        checked: list[int] = []

        def append() -> None:
            with open_database(database) as other:
                other.audit.append(sample_event("a-late", minutes=9))

        monkeypatch.setattr(sqlite_audit, "check_audit_chain", check_then_append(append, checked))
        result = CliRunner().invoke(main, ["audit", "verify", str(database), "--format", "json"])
        assert result.exit_code == 0, result.output
        assert checked == [3]
        assert json.loads(result.output)["events"] == 3
        with open_database(database, read_only=True) as opened:
            assert len(opened.audit.chain()) == 4

    def test_a_recomputed_rewrite_fails_against_the_export(
        self, database: Path, tmp_path: Path
    ) -> None:
        """Exported before the forgery, the chain shows the rewrite: exit 1, anchor mismatch."""
        exported = tmp_path / "chain.json"
        runner = CliRunner()
        result = runner.invoke(main, ["audit", "export", str(database), str(exported)])
        assert result.exit_code == 0, result.output
        _forge(database)
        result = runner.invoke(
            main,
            ["audit", "verify", str(database), "--against", str(exported), "--format", "json"],
        )
        assert result.exit_code == 1
        answer = json.loads(result.output)
        assert [f["rule"] for f in answer["findings"]] == ["AUDIT-ANCHOR-MISMATCH"]

    def test_a_plain_rewrite_fails_without_an_export(self, database: Path) -> None:
        """Without an export, an edit that left the digests alone still shows: exit 1."""
        with open_database(database) as opened:
            connection = opened.connection()
            connection.execute("DROP TRIGGER audit_event_no_update")
            connection.execute("UPDATE audit_event SET outcome = 'error' WHERE seq = 2")
        result = CliRunner().invoke(main, ["audit", "verify", str(database)])
        assert result.exit_code == 1
        assert "AUDIT-CHAIN-BROKEN" in result.output
        assert "REWRITTEN" in result.output

    def test_the_export_summary_names_the_head(self, database: Path, tmp_path: Path) -> None:
        """export --format json gives the count and the head link it wrote."""
        exported = tmp_path / "chain.json"
        result = CliRunner().invoke(
            main, ["audit", "export", str(database), str(exported), "--format", "json"]
        )
        assert result.exit_code == 0
        answer = json.loads(result.output)
        written = json.loads(exported.read_text(encoding="utf-8"))
        assert answer["events"] == 3
        assert answer["head"] == written["links"][-1]
        result = CliRunner().invoke(main, ["audit", "export", str(database), str(exported)])
        assert "3 audit events exported" in result.output


class TestAuditBadInput:
    """A missing database or a file that is not an exported chain exits 2 with one line."""

    @pytest.mark.parametrize(
        "content",
        [
            "not json",
            "[]",
            '{"format": "medoffice-audit-chain", "version": 1, "links": 3}',
            '{"format": "medoffice-audit-chain", "version": 1, "links": [{"seq": 0}]}',
            "[" * 5000 + "]" * 5000,
        ],
    )
    def test_a_bad_export_is_refused(self, database: Path, tmp_path: Path, content: str) -> None:
        """Every malformed export is exit 2, never a traceback."""
        bad = tmp_path / "bad.json"
        bad.write_text(content, encoding="utf-8")
        result = CliRunner().invoke(main, ["audit", "verify", str(database), "--against", str(bad)])
        assert result.exit_code == 2
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert "bad.json" in result.output

    def test_a_missing_database_is_refused(self, tmp_path: Path) -> None:
        """verify does not create a database where there was none."""
        result = CliRunner().invoke(main, ["audit", "verify", str(tmp_path / "none.db")])
        assert result.exit_code == 2
        assert not (tmp_path / "none.db").exists()


class TestDatabaseUrls:
    """DATABASE is a path, ``sqlite:///path`` or ``postgresql://...``; a password is never shown."""

    def test_a_sqlite_url_names_the_file(self, database: Path) -> None:
        """``sqlite:///`` and the absolute path open the same file; the title names the file."""
        result = CliRunner().invoke(main, ["audit", "verify", f"sqlite://{database.resolve()}"])
        assert result.exit_code == 0, result.output
        assert "3 events, 0 exported links checked: intact." in result.output

    def test_a_missing_sqlite_url_is_refused(self, tmp_path: Path) -> None:
        """A ``sqlite:///`` URL of no file is exit 2 and creates none."""
        missing = tmp_path / "none.db"
        result = CliRunner().invoke(main, ["audit", "export", f"sqlite://{missing}", "x.json"])
        assert result.exit_code == 2
        assert "no database file there" in result.output
        assert not missing.exists()

    @pytest.mark.parametrize(
        "url",
        [
            "postgresql://app:s3cret@127.0.0.1:1/medoffice?practice=north",
            "postgresql://app:s3cret@[::1/medoffice",
            "postgresql:/app:s3cret@db.example/medoffice",
            "mysql://app:s3cret@db.example/medoffice",
        ],
    )
    def test_an_unreachable_or_bad_url_is_one_line_without_the_password(self, url: str) -> None:
        """Nobody listening, an unreadable URL or another scheme: exit 2, one line, no password."""
        result = CliRunner().invoke(main, ["audit", "verify", url])
        assert result.exit_code == 2
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert len(result.output.strip().splitlines()) == 1
        assert result.output.startswith("medoffice: error: ")
        assert "s3cret" not in result.output
