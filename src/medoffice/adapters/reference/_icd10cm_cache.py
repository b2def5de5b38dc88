"""The compiled ICD-10-CM cache: written atomically, trusted only when its header checks out.

A cache file is a magic line, a header line (JSON: format version, library version, SHA-256 of
the source files, payload length and CRC-32), then a pickle of plain builtins. A file whose header,
length or checksum does not match, or that fails to unpickle into the expected shape, is treated
as absent and rebuilt; unpickling admits only the builtins the tables use, never arbitrary
classes.

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
import io
import json
import os
import pickle
import zlib
from pathlib import Path
from typing import Any, Final

from medoffice import __version__

__all__ = ["CACHE_FORMAT", "read_cache", "source_digest", "write_cache"]

CACHE_FORMAT: Final = 3
_MAGIC: Final = b"medoffice-icd10cm-cache\n"
_ALLOWED_GLOBALS: Final = frozenset({("array", "array"), ("array", "_array_reconstructor")})


class _TablesUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in _ALLOWED_GLOBALS:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a cache")
        return super().find_class(module, name)


def _header(source: str, payload: bytes) -> dict[str, Any]:
    return {
        "format": CACHE_FORMAT,
        "library": __version__,
        "source": source,
        "length": len(payload),
        "crc32": zlib.crc32(payload),
    }


def write_cache(path: Path, data: Any, *, source: str) -> None:
    """Write ``data`` atomically (temporary file, then rename); failures leave no partial file."""
    payload = pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)
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
        with path.open("rb") as stream:
            if stream.readline() != _MAGIC:
                return None
            header = json.loads(stream.readline())
            payload = stream.read()
        if header != _header(source, payload):
            return None
        # BytesIO over a bytes object shares its buffer: no copy of the payload.
        return _TablesUnpickler(io.BytesIO(payload)).load()
    except Exception:  # any unreadable cache is simply rebuilt
        return None


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
