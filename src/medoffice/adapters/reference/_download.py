"""Downloading official files over HTTP(S): resumable, checked, and failing with one clear line.

:func:`download` writes to ``<target>.part`` and renames it only once the whole body arrived and
its SHA-256 matches the one expected (when known). A transfer that stops (connection dropped,
body shorter than announced) keeps the ``.part`` file, and the next call asks the server for the
rest (an HTTP ``Range`` request; a server that ignores it sends the whole file again). A
checksum mismatch deletes the partial file. Every failure is a :class:`FetchError` whose message
is one line saying what happened and what to do.

The standard library's ``urllib`` does the transfer; proxies come from the usual environment
variables (``HTTPS_PROXY``...).
"""

from __future__ import annotations

import hashlib
import http.client
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Final

from medoffice import __version__
from medoffice.adapters.reference._store_model import FileRecord
from medoffice.kernel import MedofficeError

__all__ = ["FetchError", "Progress", "download"]

_CHUNK: Final = 1 << 16
_PARTIAL_CONTENT: Final = 206
_RANGE_NOT_SATISFIABLE: Final = 416

Progress = Callable[[int, int | None], None]
"""Told (bytes so far, total bytes or ``None``) as a download proceeds."""


class FetchError(MedofficeError):
    """A download failed; the message is one line, with what to do next."""


def _request(url: str, offset: int) -> urllib.request.Request:
    headers = {"User-Agent": f"medoffice/{__version__}"}
    if offset:
        headers["Range"] = f"bytes={offset}-"
    return urllib.request.Request(url, headers=headers)  # noqa: S310 - URLs from the manifest


def _total(response: http.client.HTTPResponse, offset: int) -> int | None:
    length = response.headers.get("Content-Length")
    if length is None or not length.isdigit():
        return None
    return int(length) + offset


def download(
    url: str,
    target: Path,
    *,
    sha256: str | None = None,
    progress: Progress | None = None,
    timeout: float = 60.0,
) -> FileRecord:
    """Download ``url`` to ``target``; the size and SHA-256 of what arrived."""
    partial = target.with_name(target.name + ".part")
    target.parent.mkdir(parents=True, exist_ok=True)
    offset = partial.stat().st_size if partial.exists() else 0
    if not url.lower().startswith(("https://", "http://")):
        raise FetchError(f"{url}: only http and https addresses can be fetched")
    try:
        response = urllib.request.urlopen(_request(url, offset), timeout=timeout)  # noqa: S310
    except urllib.error.HTTPError as error:
        if error.code == _RANGE_NOT_SATISFIABLE and offset:
            partial.unlink(missing_ok=True)
            return download(url, target, sha256=sha256, progress=progress, timeout=timeout)
        raise FetchError(f"{url}: the server answered HTTP {error.code} {error.reason}") from None
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise FetchError(
            f"{url}: cannot reach the server ({reason}); download the files by hand and run "
            "`medoffice reference import PATH`"
        ) from None
    with response:
        if response.status != _PARTIAL_CONTENT:
            offset = 0  # the server sends the whole file again
        total = _total(response, offset)
        received = offset
        try:
            with partial.open("ab" if offset else "wb") as stream:
                while chunk := response.read(_CHUNK):
                    stream.write(chunk)
                    received += len(chunk)
                    if progress is not None:
                        progress(received, total)
        except (http.client.HTTPException, OSError) as error:
            raise FetchError(
                f"{url}: the transfer stopped after {received} bytes ({type(error).__name__}); "
                "run the same command again to resume"
            ) from None
    if total is not None and received != total:
        raise FetchError(
            f"{url}: the transfer stopped after {received} of {total} bytes; run the same "
            "command again to resume"
        )
    digest = _sha256(partial)
    if sha256 is not None and digest != sha256.lower():
        partial.unlink(missing_ok=True)
        raise FetchError(
            f"{url}: SHA-256 {digest} is not the expected {sha256}; nothing was installed "
            "(the file may have been republished: check the source, or import it by hand)"
        )
    partial.replace(target)
    return FileRecord(name=target.name, sha256=digest, size=received)


def _sha256(path: Path) -> str:
    hasher = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            hasher.update(chunk)
    return hasher.hexdigest()
