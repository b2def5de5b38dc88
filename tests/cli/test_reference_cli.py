"""``medoffice reference list|fetch|import|verify``."""

from __future__ import annotations

import functools
import hashlib
import http.server
import json
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from medoffice.cli import main

POS = b"code,name\n11,Office\n"


@pytest.fixture(autouse=True)
def cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache of the run, never the user's."""
    folder = tmp_path_factory.getbasetemp() / "reference-cli-cache"
    monkeypatch.setenv("MEDOFFICE_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty store named by MEDOFFICE_REFERENCE_STORE."""
    folder = tmp_path / "store"
    monkeypatch.setenv("MEDOFFICE_REFERENCE_STORE", str(folder))
    return folder


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["reference", *args])


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *_: object) -> None:
        """Quiet."""


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    """A folder served over HTTP on 127.0.0.1, holding a zip of a POS list."""
    root = tmp_path / "www"
    root.mkdir()
    with zipfile.ZipFile(root / "pos.zip", "w") as archive:
        archive.writestr("pos.csv", POS)
    handler = functools.partial(_Quiet, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def _manifest(tmp_path: Path, base: str) -> Path:
    body = (tmp_path / "www" / "pos.zip").read_bytes()
    release = {
        "set": "pos",
        "period": "2026Q4",
        "label": "Place of service 2026Q4",
        "keep": ["*.csv"],
        "files": [
            {
                "url": f"{base}/pos.zip",
                "name": "pos.zip",
                "sha256": hashlib.sha256(body).hexdigest(),
            }
        ],
    }
    path = tmp_path / "releases.json"
    path.write_text(json.dumps({"releases": [release]}), encoding="utf-8")
    return path


class TestList:
    def test_json_shows_answers_coverage_and_gaps(self, store: Path) -> None:
        """An empty store: ICD-10-CM answers from the package, every other set has a gap."""
        result = run("list", "--on", "2026-12-05", "--format", "json")
        assert result.exit_code == 0, result.output
        data = json.loads(result.output)
        assert data["store"] == str(store)
        assert data["answers"]["icd10cm"].startswith("FY2027 October release, derived")
        assert data["gaps"]["icd10cm"] == []
        assert data["coverage"]["icd10cm"] == [{"first": "2025-10-01", "last": "2027-03-31"}]
        assert data["coverage"]["ncci-ptp"] == []
        assert data["gaps"]["ncci-ptp"] == [{"first": "2025-12-05", "last": "2026-12-05"}]
        assert data["commands"]["ncci-ptp"] == "medoffice reference fetch ncci-ptp --period 2026Q4"

    def test_the_table_names_what_is_missing(self, store: Path) -> None:
        """People see the sets with nothing installed."""
        result = run("list", "--on", "2026-12-05")
        assert result.exit_code == 0
        assert "NOTHING INSTALLED" in result.output


class TestFetch:
    def test_a_release_is_fetched_from_a_mirror_then_found_installed(
        self, store: Path, served: str, tmp_path: Path
    ) -> None:
        """First run installs; the second is a no-op; JSON says which."""
        manifest = str(_manifest(tmp_path, served))
        first = run("fetch", "pos", "--manifest", manifest, "--format", "json")
        assert first.exit_code == 0, first.output
        assert json.loads(first.output)["changed"] is True
        second = run("fetch", "pos", "--manifest", manifest)
        assert second.exit_code == 0
        assert "already installed" in second.output

    def test_an_unreachable_network_is_one_line_and_exit_two(
        self, store: Path, tmp_path: Path
    ) -> None:
        """No network: exit 2 with one line saying to import by hand; nothing installed."""
        (tmp_path / "www").mkdir()
        (tmp_path / "www" / "pos.zip").write_bytes(b"")
        manifest = str(_manifest(tmp_path, "http://127.0.0.1:9"))
        result = run("fetch", "pos", "--manifest", manifest)
        assert result.exit_code == 2
        assert result.output.count("\n") == 1
        assert "reference import" in result.output
        assert not (store / "pos").exists()

    def test_an_unknown_set_exits_two(self, store: Path) -> None:
        """SET must be one the store keeps."""
        assert run("fetch", "cpt").exit_code == 2


class TestImportAndVerify:
    def test_imported_files_verify_and_a_changed_one_fails(
        self, store: Path, tmp_path: Path
    ) -> None:
        """Import, verify (exit 0), alter a file, verify again (exit 1, one finding)."""
        (tmp_path / "pos.csv").write_bytes(POS)
        imported = run("import", str(tmp_path / "pos.csv"), "--period", "2026Q4")
        assert imported.exit_code == 0, imported.output
        assert "installed pos 2026Q4" in imported.output
        assert run("verify").exit_code == 0
        (store / "pos" / "2026Q4" / "pos.csv").write_bytes(POS + b"12,Home\n")
        result = run("verify", "--format", "json")
        assert result.exit_code == 1
        data = json.loads(result.output)
        assert [f["rule"] for f in data["findings"]] == ["REF-STORE-CHECKSUM"]

    def test_import_json_lists_what_was_installed_and_skipped(
        self, store: Path, tmp_path: Path
    ) -> None:
        """JSON output names each release and each file left out."""
        (tmp_path / "in").mkdir()
        (tmp_path / "in" / "pos.csv").write_bytes(POS)
        (tmp_path / "in" / "notes.md").write_text("hello", encoding="utf-8")
        result = run("import", str(tmp_path / "in"), "--period", "2026Q4", "--format", "json")
        assert result.exit_code == 0, result.output
        data = json.loads(result.output)
        assert [r["set"] for r in data["installed"]] == ["pos"]
        assert data["skipped"] == ["notes.md"]
        table = run("import", str(tmp_path / "in"), "--period", "2026Q4")
        assert "skipped 1 files" in table.output
