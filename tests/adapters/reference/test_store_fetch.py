"""Fetching official releases into the store, from a local HTTP server (never the internet)."""

from __future__ import annotations

import hashlib
import http.server
import io
import json
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest

from medoffice.adapters.reference._download import FetchError, download
from medoffice.adapters.reference._store import ReferenceStore
from medoffice.adapters.reference._store_fetch import FetchManifest, fetch_release
from medoffice.adapters.reference._store_model import Obtained, Period, ReferenceSet
from medoffice.kernel import InvalidValue

POS_CSV = b"code,name\n11,Office\n12,Home\n"


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


class _Handler(http.server.BaseHTTPRequestHandler):
    files: ClassVar[dict[str, bytes]] = {}
    mode: ClassVar[dict[str, str]] = {}
    requests: ClassVar[list[tuple[str, str | None]]] = []
    delay: ClassVar[float] = 0.0

    def log_message(self, *_: Any) -> None:
        """Quiet."""

    def do_GET(self) -> None:
        """Serve a file, whole or from the Range asked, misbehaving as the test says."""
        wanted = self.headers.get("Range")
        self.requests.append((self.path, wanted))
        body = self.files.get(self.path)
        if body is None:
            self.send_error(404, "Not Found")
            return
        mode = self.mode.get(self.path, "ok")
        start = int(wanted.removeprefix("bytes=").rstrip("-")) if wanted else 0
        if mode == "no-range":
            start = 0
        if start >= len(body) > 0:
            self.send_error(416, "Range Not Satisfiable")
            return
        self.send_response(206 if start else 200)
        self.send_header("Content-Length", str(len(body) - start))
        self.end_headers()
        chunk = body[start:]
        if mode == "truncate" or (mode == "drop-once" and not start):
            self.wfile.write(chunk[: len(chunk) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        time.sleep(self.delay)
        self.wfile.write(chunk)


@pytest.fixture
def server() -> Iterator[str]:
    """A local HTTP server on 127.0.0.1; its base URL."""
    _Handler.files, _Handler.mode, _Handler.requests, _Handler.delay = {}, {}, [], 0.0
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def _manifest(tmp_path: Path, base: str, body: bytes, *, sha256: str | None = "auto") -> Path:
    _Handler.files["/pos-2026q4.zip"] = body
    pinned = hashlib.sha256(body).hexdigest() if sha256 == "auto" else sha256
    data = {
        "releases": [
            {
                "set": "pos",
                "period": "2026Q4",
                "label": "Place of service 2026Q4",
                "keep": ["*.csv"],
                "files": [
                    {"url": f"{base}/pos-2026q4.zip", "name": "pos-2026q4.zip", "sha256": pinned}
                ],
            }
        ]
    }
    path = tmp_path / "releases.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _fetch(store: ReferenceStore, manifest: Path) -> Any:
    return fetch_release(store, ReferenceSet.POS, manifest=FetchManifest.read(manifest))


@pytest.fixture
def store(tmp_path: Path) -> ReferenceStore:
    """An empty store."""
    return ReferenceStore(tmp_path / "store")


class TestFetch:
    def test_a_release_is_downloaded_checked_and_installed(
        self, server: str, store: ReferenceStore, tmp_path: Path
    ) -> None:
        """The zip's kept members land in the store with a manifest; the download is gone."""
        manifest = _manifest(tmp_path, server, _zip({"pos/pos.csv": POS_CSV, "readme.pdf": b"x"}))
        result = _fetch(store, manifest)
        assert result.changed
        installed = store.release(ReferenceSet.POS, Period.parse("2026Q4"))
        assert installed is not None
        assert installed.obtained is Obtained.FETCHED
        assert [f.name for f in installed.files] == ["pos.csv"]
        assert installed.files[0].sha256 == hashlib.sha256(POS_CSV).hexdigest()
        assert installed.source == f"{server}/pos-2026q4.zip"
        assert store.verify_files().ok
        assert not (store.root / ".downloads" / "pos" / "2026Q4").exists()

    def test_a_rerun_is_a_no_op(self, server: str, store: ReferenceStore, tmp_path: Path) -> None:
        """Fetching an installed release again downloads nothing."""
        manifest = _manifest(tmp_path, server, _zip({"pos.csv": POS_CSV}))
        _fetch(store, manifest)
        count = len(_Handler.requests)
        again = _fetch(store, manifest)
        assert not again.changed
        assert len(_Handler.requests) == count

    def test_a_checksum_mismatch_installs_nothing(
        self, server: str, store: ReferenceStore, tmp_path: Path
    ) -> None:
        """A body whose SHA-256 is not the pinned one: clear error, store unchanged."""
        manifest = _manifest(tmp_path, server, _zip({"pos.csv": POS_CSV}), sha256="0" * 64)
        with pytest.raises(FetchError, match=r"SHA-256 \w+ is not the expected"):
            _fetch(store, manifest)
        assert store.releases() == ()
        assert not list((store.root / ".downloads").rglob("*.part"))

    def test_a_truncated_body_installs_nothing_and_says_to_resume(
        self, server: str, store: ReferenceStore, tmp_path: Path
    ) -> None:
        """A body shorter than its Content-Length is a clear, one-line error."""
        manifest = _manifest(tmp_path, server, _zip({"pos.csv": POS_CSV * 50}))
        _Handler.mode["/pos-2026q4.zip"] = "truncate"
        with pytest.raises(FetchError, match="run the same command again to resume") as caught:
            _fetch(store, manifest)
        assert "\n" not in str(caught.value)
        assert store.releases() == ()

    def test_a_missing_file_is_a_clear_error(
        self, server: str, store: ReferenceStore, tmp_path: Path
    ) -> None:
        """HTTP 404 names the address and the status."""
        manifest = _manifest(tmp_path, server, b"")
        del _Handler.files["/pos-2026q4.zip"]
        with pytest.raises(FetchError, match="HTTP 404"):
            _fetch(store, manifest)
        assert store.releases() == ()

    def test_a_dropped_transfer_resumes_where_it_stopped(
        self, server: str, store: ReferenceStore, tmp_path: Path
    ) -> None:
        """The server drops mid-transfer; the next run asks for the rest and installs."""
        body = _zip({"pos.csv": POS_CSV * 200})
        manifest = _manifest(tmp_path, server, body)
        _Handler.mode["/pos-2026q4.zip"] = "drop-once"
        with pytest.raises(FetchError):
            _fetch(store, manifest)
        assert store.releases() == ()
        result = _fetch(store, manifest)
        assert result.changed
        ranges = [wanted for _, wanted in _Handler.requests]
        assert ranges[0] is None
        assert ranges[1] is not None
        assert ranges[1].startswith("bytes=")

    def test_two_fetches_at_once_install_once(
        self, server: str, store: ReferenceStore, tmp_path: Path
    ) -> None:
        """Of two simultaneous fetches, one installs and the other finds it installed."""
        manifest = _manifest(tmp_path, server, _zip({"pos.csv": POS_CSV}))
        _Handler.delay = 0.3
        results: list[bool] = []

        def run() -> None:
            results.append(_fetch(store, manifest).changed)

        threads = [threading.Thread(target=run) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(results) == [False, True]
        assert len(_Handler.requests) == 1
        assert len(store.releases()) == 1

    def test_an_unreachable_server_is_one_line_naming_import(
        self, store: ReferenceStore, tmp_path: Path
    ) -> None:
        """No route to the server: one line that says to import by hand."""
        manifest = _manifest(tmp_path, "http://127.0.0.1:9", b"")
        with pytest.raises(FetchError, match="reference import") as caught:
            _fetch(store, manifest)
        assert "\n" not in str(caught.value)

    def test_a_zip_without_the_files_to_keep_installs_nothing(
        self, server: str, store: ReferenceStore, tmp_path: Path
    ) -> None:
        """A download holding none of the expected members is refused."""
        manifest = _manifest(tmp_path, server, _zip({"notes.pdf": b"%PDF"}))
        with pytest.raises(FetchError, match="nothing matching"):
            _fetch(store, manifest)
        assert store.releases() == ()


class TestManifest:
    def test_the_shipped_manifest_is_readable(self) -> None:
        """The package's manifest names an ICD-10-CM FY2027 release with a pinned checksum."""
        release = FetchManifest.read().find(ReferenceSet.ICD10CM, None)
        assert release.period == Period.parse("FY2027")
        assert any(f.sha256 for f in release.files)

    def test_a_set_the_manifest_lacks_says_to_import(self) -> None:
        """The MCE is not fetched: the error says to import it."""
        with pytest.raises(FetchError, match="reference import"):
            FetchManifest.read().find(ReferenceSet.MCE, None)

    def test_an_unreadable_manifest_is_refused(self, tmp_path: Path) -> None:
        """A manifest that is not the expected JSON is a clear error."""
        path = tmp_path / "releases.json"
        path.write_text("{}", encoding="utf-8")
        with pytest.raises(InvalidValue, match="fetch manifest"):
            FetchManifest.read(path)


class TestDownload:
    def test_only_web_addresses_are_fetched(self, tmp_path: Path) -> None:
        """A file: or ftp: address is refused."""
        with pytest.raises(FetchError, match="http"):
            download("file:///etc/passwd", tmp_path / "x")

    def test_a_server_ignoring_the_range_sends_the_whole_file_again(
        self, server: str, tmp_path: Path
    ) -> None:
        """A partial file is rewritten when the server answers 200 to a Range request."""
        _Handler.files["/a.bin"] = b"0123456789"
        _Handler.mode["/a.bin"] = "no-range"
        target = tmp_path / "a.bin"
        (tmp_path / "a.bin.part").write_bytes(b"99")
        seen: list[tuple[int, int | None]] = []
        record = download(f"{server}/a.bin", target, progress=lambda d, t: seen.append((d, t)))
        assert target.read_bytes() == b"0123456789"
        assert (record.size, seen[-1]) == (10, (10, 10))

    def test_a_partial_file_longer_than_the_file_starts_over(
        self, server: str, tmp_path: Path
    ) -> None:
        """HTTP 416 to the Range request: the partial file is dropped and the file fetched."""
        _Handler.files["/a.bin"] = b"0123456789"
        target = tmp_path / "a.bin"
        (tmp_path / "a.bin.part").write_bytes(b"9999999999999")
        assert download(f"{server}/a.bin", target).size == 10
        assert target.read_bytes() == b"0123456789"
