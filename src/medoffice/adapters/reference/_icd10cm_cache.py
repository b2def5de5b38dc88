"""The compiled ICD-10-CM cache: written atomically, trusted only when its header checks out.

A cache file is a magic line, a header line (JSON: format version, library version, SHA-256 of
the source files, payload length and CRC-32), then the payload in :mod:`marshal` form: plain
builtins only (str, bytes, int, tuples, dicts), which read back in a few milliseconds and can name
no class at all. A file whose header, length or checksum does not match, that does not unmarshal,
or that holds anything but plain values (a code object), is treated as absent and rebuilt; the
reader of the tables then checks the payload's shape, and refuses a wrong one too.

>>> import tempfile
>>> from pathlib import Path
>>> folder = Path(tempfile.mkdtemp())
>>> write_cache(folder / "x.cache", {"a": (1, 2)}, source="abc")
>>> read_cache(folder / "x.cache", source="abc")
{'a': (1, 2)}
>>> read_cache(folder / "x.cache", source="another source") is None
True
"""

from __future__ import annotations

import contextlib
import json
import marshal
import mmap
import os
import zlib
from pathlib import Path
from typing import Any, Final

from medoffice import __version__

__all__ = ["CACHE_FORMAT", "read_cache", "source_digest", "write_cache"]

CACHE_FORMAT: Final = 4
_MAGIC: Final = b"medoffice-icd10cm-cache\n"
_PLAIN: Final = (str, bytes, int, float, bool, type(None))


def _plain(value: object) -> bool:
    """Whether ``value`` holds only plain values (never a code object); big strings and byte
    strings are leaves, so this visits the few containers of a payload, not its texts."""
    if isinstance(value, _PLAIN):
        return True
    if isinstance(value, tuple | list | frozenset | set):
        return all(_plain(item) for item in value)
    if isinstance(value, dict):
        return all(_plain(key) and _plain(item) for key, item in value.items())
    return False


def _header(source: str, payload: bytes | memoryview) -> dict[str, Any]:
    return {
        "format": CACHE_FORMAT,
        "library": __version__,
        "source": source,
        "length": len(payload),
        "crc32": zlib.crc32(payload),
    }


def write_cache(path: Path, data: Any, *, source: str) -> None:
    """Write ``data`` (plain builtins) atomically: temporary file, then rename; failures leave
    no partial file. A value :mod:`marshal` cannot write is a ``ValueError``."""
    if not _plain(data):
        raise ValueError("a cache holds plain values only (str, bytes, int, tuples, dicts)")
    payload = marshal.dumps(data)
    header = json.dumps(_header(source, payload), sort_keys=True).encode() + b"\n"
    _write_atomically(path, _MAGIC + header + payload)


def _write_atomically(path: Path, content: bytes) -> None:
    import tempfile  # noqa: PLC0415 - only a write needs it (it imports shutil, random, bz2)

    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read_cache(path: Path, *, source: str) -> Any | None:
    """The cached data, or ``None`` when the file is missing, stale, corrupt or foreign."""
    try:
        # Mapped rather than read: the checksum and the unmarshalling read the page cache in
        # place, without copying the file into a buffer first (that copy was half of a load).
        with (
            path.open("rb") as stream,
            mmap.mmap(stream.fileno(), 0, access=mmap.ACCESS_READ) as mapped,
        ):
            return _decoded(mapped, source)
    except Exception:  # any unreadable cache is simply rebuilt
        return None


def _decoded(mapped: mmap.mmap, source: str) -> Any | None:
    start = len(_MAGIC)
    end = mapped.find(b"\n", start)
    if mapped[:start] != _MAGIC or end < 0:
        return None
    header = json.loads(mapped[start:end])
    with memoryview(mapped)[end + 1 :] as payload:
        if header != _header(source, payload):
            return None
        data = marshal.loads(payload)  # noqa: S302 - checksummed; runs no code; checked next
    return data if _plain(data) else None


def source_digest(paths: tuple[Path, ...], *, memo: Path) -> str:
    """The SHA-256 of the files' contents, remembered per (path, size, mtime, inode).

    Hashing 10 MB of XML would be a fifth of a warm load; a file whose size, modification time
    and inode are unchanged is taken to have the same contents, as ``make`` does.
    """
    stamps = [(str(p.resolve()), p.stat()) for p in paths]
    key = "|".join(f"{name}:{st.st_size}:{st.st_mtime_ns}:{st.st_ino}" for name, st in stamps)
    try:
        remembered = json.loads(memo.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        remembered = {}
    if not isinstance(remembered, dict):
        remembered = {}
    digest = remembered.get(key)
    if isinstance(digest, str) and len(digest) == 64:
        return digest
    import hashlib  # noqa: PLC0415 - a remembered digest (the usual case) needs no OpenSSL

    hasher = hashlib.sha256()
    for path in paths:
        hasher.update(path.read_bytes())
        hasher.update(b"\0")
    digest = hasher.hexdigest()
    remembered = {k: v for k, v in remembered.items() if isinstance(v, str)}
    remembered[key] = digest
    with contextlib.suppress(OSError):
        _write_atomically(memo, json.dumps(remembered, sort_keys=True).encode())
    return digest
