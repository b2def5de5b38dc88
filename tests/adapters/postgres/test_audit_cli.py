"""``medoffice audit export`` and ``audit verify`` on a PostgreSQL practice, as on a SQLite file.

The practice is named by URL (``postgresql://user@host/db?practice=name``); both commands open it
read-only, so a practice that does not exist, or is at another schema version, is exit 2 and is
left as it was (no schema created, nothing migrated).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from click.testing import CliRunner, Result
from tests._audit_race import check_then_append
from tests.adapters.postgres._versions import practice_at, schema_exists, versions

from medoffice.adapters.postgres import SCHEMA_VERSION, PostgresDatabase
from medoffice.adapters.postgres import _audit as postgres_audit
from medoffice.adapters.postgres import open_database as open_postgres
from medoffice.cli import main
from medoffice.kernel._audit_chain import GENESIS, chain_link
from medoffice.testing import sample_event

_PASSWORD = "s3cret-never-shown"


def _url(postgres_url: str, practice: str, *, password: bool = False) -> str:
    """The run's database URL naming ``practice`` (and a password, which trust ignores)."""
    parts = urlsplit(postgres_url)
    if password:
        user, host = parts.netloc.rsplit("@", 1)
        parts = parts._replace(netloc=f"{user}:{_PASSWORD}@{host}")
    query = f"{parts.query}&practice={practice}" if parts.query else f"practice={practice}"
    return urlunsplit(parts._replace(query=query))


def _audit(*arguments: str) -> Result:
    return CliRunner().invoke(main, ["audit", *arguments])


def _refused(result: Result) -> str:
    """The one error line of a command that exited 2 without a traceback."""
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert _PASSWORD not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith("medoffice: error: ")
    return lines[0]


@pytest.fixture
def practice(new_practice: Callable[[], PostgresDatabase]) -> PostgresDatabase:
    """A practice whose audit log holds three events."""
    database = new_practice()
    for number in range(3):
        database.audit.append(sample_event(f"a-{number}", number))
    return database


def _rewrite(database: PostgresDatabase, postgres_url: str, *, recompute: bool) -> None:
    """As the owner: disable the triggers, rewrite event 2 and, if asked, every digest."""
    with psycopg.connect(postgres_url, autocommit=True) as owner:
        owner.execute(database.sql("ALTER TABLE {s}.audit_event DISABLE TRIGGER USER"))
        owner.execute(
            database.sql("UPDATE {s}.audit_event SET actor = 'user:forger' WHERE seq = 2")
        )
        if recompute:
            previous = GENESIS
            for seq, event in enumerate(database.audit.events(), start=1):
                previous = chain_link(previous, seq, event)
                owner.execute(
                    database.sql("UPDATE {s}.audit_event SET digest = %s WHERE seq = %s"),
                    (previous, seq),
                )
        owner.execute(database.sql("ALTER TABLE {s}.audit_event ENABLE TRIGGER USER"))


class TestAnIntactLog:
    """Export, then verify against the export: exit 0, the same answers as on SQLite."""

    def test_export_then_verify_is_intact(
        self, practice: PostgresDatabase, postgres_url: str, tmp_path: Path
    ) -> None:
        """The exported chain has every event; verify against it finds nothing."""
        url = _url(postgres_url, practice.practice)
        exported = tmp_path / "chain.json"
        result = _audit("export", url, str(exported), "--format", "json")
        assert result.exit_code == 0, result.output
        answer = json.loads(result.output)
        written = json.loads(exported.read_text(encoding="utf-8"))
        assert answer["events"] == 3
        assert answer["head"] == written["links"][-1]
        assert [link["seq"] for link in written["links"]] == [1, 2, 3]
        result = _audit("verify", url, "--against", str(exported), "--format", "json")
        assert result.exit_code == 0, result.output
        answer = json.loads(result.output)
        assert (answer["ok"], answer["events"], answer["anchored"]) == (True, 3, 3)
        assert answer["findings"] == []

    def test_the_output_names_the_practice_never_the_password(
        self, practice: PostgresDatabase, postgres_url: str, tmp_path: Path
    ) -> None:
        """Table output and the export summary show no password given in the URL."""
        url = _url(postgres_url, practice.practice, password=True)
        exported = tmp_path / "chain.json"
        result = _audit("export", url, str(exported))
        assert result.exit_code == 0, result.output
        assert "3 audit events exported" in result.output
        _rewrite(practice, postgres_url, recompute=False)
        result = _audit("verify", url)
        assert result.exit_code == 1, result.output
        assert f"practice {practice.practice}" in result.output
        assert _PASSWORD not in result.output

    def test_the_event_count_is_the_number_of_events_checked(
        self, practice: PostgresDatabase, postgres_url: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """An event appended (and committed) right after the chain was read is in neither the
        check nor the count: both come from one read transaction."""
        checked: list[int] = []
        late = check_then_append(lambda: practice.audit.append(sample_event("a-late", 9)), checked)
        monkeypatch.setattr(postgres_audit, "check_audit_chain", late)
        result = _audit("verify", _url(postgres_url, practice.practice), "--format", "json")
        assert result.exit_code == 0, result.output
        assert checked == [3]
        assert json.loads(result.output)["events"] == 3
        assert len(practice.audit.chain()) == 4

    def test_the_main_practice_is_the_default(self, postgres_url: str) -> None:
        """Without ``?practice=``, the URL names the practice ``main``."""
        with open_postgres(postgres_url) as database:
            database.audit.append(sample_event("a-main"))
        result = _audit("verify", postgres_url, "--format", "json")
        assert result.exit_code == 0, result.output
        assert json.loads(result.output)["events"] >= 1


class TestARewrittenLog:
    """An event rewritten by the owner behind the triggers' back: exit 1, naming the finding."""

    def test_a_plain_rewrite_breaks_the_stored_chain(
        self, practice: PostgresDatabase, postgres_url: str
    ) -> None:
        """Without an export, an edit that left the digests alone is AUDIT-CHAIN-BROKEN."""
        _rewrite(practice, postgres_url, recompute=False)
        result = _audit("verify", _url(postgres_url, practice.practice), "--format", "json")
        assert result.exit_code == 1, result.output
        answer = json.loads(result.output)
        assert [(f["rule"], f["path"]) for f in answer["findings"]] == [
            ("AUDIT-CHAIN-BROKEN", "events[2]")
        ]

    def test_a_recomputed_rewrite_fails_against_the_export(
        self, practice: PostgresDatabase, postgres_url: str, tmp_path: Path
    ) -> None:
        """Digests recomputed after the edit: the stored chain agrees, the export does not."""
        url = _url(postgres_url, practice.practice)
        exported = tmp_path / "chain.json"
        assert _audit("export", url, str(exported)).exit_code == 0
        _rewrite(practice, postgres_url, recompute=True)
        assert _audit("verify", url).exit_code == 0
        result = _audit("verify", url, "--against", str(exported))
        assert result.exit_code == 1
        assert "AUDIT-ANCHOR-MISMATCH" in result.output
        assert "REWRITTEN" in result.output


class TestRefusals:
    """Nothing is created or migrated; what cannot be opened is one line and exit 2."""

    @pytest.mark.parametrize("command", ["verify", "export"])
    def test_an_unknown_practice_is_refused_and_not_created(
        self, postgres_url: str, tmp_path: Path, command: str
    ) -> None:
        """No such schema: exit 2 naming the practice's schema, and still no schema after."""
        url = _url(postgres_url, f"nobody_{command}", password=True)
        extra = [str(tmp_path / "chain.json")] if command == "export" else []
        line = _refused(_audit(command, url, *extra))
        assert "no such practice" in line
        assert not schema_exists(postgres_url, f"medoffice_nobody_{command}")
        assert not (tmp_path / "chain.json").exists()

    def test_a_practice_at_another_version_is_refused_as_it_is(self, postgres_url: str) -> None:
        """Behind: exit 2, not migrated; ahead: exit 2, upgrade medoffice."""
        practice_at(postgres_url, "cli_behind", SCHEMA_VERSION - 1)
        line = _refused(_audit("verify", _url(postgres_url, "cli_behind")))
        assert f"schema version {SCHEMA_VERSION - 1}, not {SCHEMA_VERSION}" in line
        assert versions(postgres_url, "medoffice_cli_behind")[-1] == SCHEMA_VERSION - 1
        practice_at(postgres_url, "cli_behind", SCHEMA_VERSION + 1)
        line = _refused(_audit("verify", _url(postgres_url, "cli_behind")))
        assert "upgrade medoffice" in line

    def test_a_database_that_does_not_exist_is_refused(self, postgres_url: str) -> None:
        """A server that answers but has no such database: exit 2, one line."""
        parts = urlsplit(_url(postgres_url, "main", password=True))
        url = urlunsplit(parts._replace(path="/no_such_database_here"))
        assert 'database "no_such_database_here" does not exist' in _refused(_audit("verify", url))
