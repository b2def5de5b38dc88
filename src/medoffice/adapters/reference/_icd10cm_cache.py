"""The compiled ICD-10-CM cache: written atomically, trusted only when its header checks out.

A cache file is a magic line, a header line (format version, library version, SHA-256 of the
source files, payload length and CRC-32, compared as a whole with the line this reader expects),
then the payload in :mod:`marshal` form: plain builtins only (str, bytes, int, tuples, dicts),
which read back in a few milliseconds and can name no class at all. A file whose header,
length or checksum does not match, that does not unmarshal, or that holds anything but plain
values (a code object), is treated as absent and rebuilt; the reader of the tables then checks
the payload's shape, and refuses a wrong one too. Files are handled with :mod:`os` rather than
:mod:`pathlib`, which a load from the cache does not import.

>>> import tempfile
>>> from pathlib import Path
>>> folder = Path(tempfile.mkdtemp())
>>> write_cache(folder / "x.cache", {"a": (1, 2)}, source="abc")
>>> read_cache(folder / "x.cache", source="abc")
{'a': (1, 2)}
>>> read_cache(folder / "x.cache", source="another source") is None
True
"""

# ruff: noqa: PTH103, PTH105, PTH108, PTH116 - os rather than pathlib: a cold start imports no pathlib
from __future__ import annotations

import marshal
import mmap
import os
import zlib

from medoffice import __version__

TYPE_CHECKING = False  # typing's own flag, without importing typing on a cold start
if TYPE_CHECKING:
    from typing import Any, Final

    from medoffice.adapters.reference._files import FilePath

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


def _header(source: str, payload: bytes | memoryview) -> bytes:
    """The header line a cache of ``payload`` for ``source`` carries."""
    fields = (CACHE_FORMAT, __version__, source, len(payload), zlib.crc32(payload))
    return " ".join(str(field) for field in fields).encode() + b"\n"


def write_cache(path: FilePath, data: Any, *, source: str) -> None:
    """Write ``data`` (plain builtins) atomically: temporary file, then rename; failures leave
    no partial file. A value :mod:`marshal` cannot write is a ``ValueError``."""
    if not _plain(data):
        raise ValueError("a cache holds plain values only (str, bytes, int, tuples, dicts)")
    payload = marshal.dumps(data)
    _write_atomically(os.fspath(path), _MAGIC + _header(source, payload) + payload)


def _write_atomically(path: str, content: bytes) -> None:
    import tempfile  # noqa: PLC0415 - only a write needs it (it imports shutil, random, bz2)

    folder, name = os.path.split(path)
    if folder:
        os.makedirs(folder, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder or None, prefix=name, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.replace(temporary, path)
    except BaseException:
        try:  # noqa: SIM105 - contextlib is not imported to load
            os.unlink(temporary)
        except OSError:
            pass
        raise


def read_cache(path: FilePath, *, source: str) -> Any | None:
    """The cached data, or ``None`` when the file is missing, stale, corrupt or foreign."""
    try:
        # Mapped rather than read: the checksum and the unmarshalling read the page cache in
        # place, without copying the file into a buffer first (that copy was half of a load).
        with (
            open(path, "rb") as stream,  # noqa: PTH123 - pathlib is not imported to load
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
    header = mapped[start : end + 1]
    with memoryview(mapped)[end + 1 :] as payload:
        if header != _header(source, payload):
            return None
        data = marshal.loads(payload)  # noqa: S302 - checksummed; runs no code; checked next
    return data if _plain(data) else None


def _remembered(memo: str) -> dict[str, str]:
    try:
        with open(memo, "rb") as stream:  # noqa: PTH123 - pathlib is not imported to load
            remembered = marshal.loads(stream.read())  # noqa: S302 - plain values, checked next
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    if not isinstance(remembered, dict):
        return {}
    return {k: v for k, v in remembered.items() if isinstance(k, str) and isinstance(v, str)}


def source_digest(paths: tuple[FilePath, ...], *, memo: FilePath) -> str:
    """The SHA-256 of the files' contents, remembered per (path, size, mtime, inode).

    Hashing 10 MB of XML would be a fifth of a warm load; a file whose size, modification time
    and inode are unchanged is taken to have the same contents, as ``make`` does.
    """
    stamps = [(os.path.realpath(p), os.stat(p)) for p in paths]
    key = "|".join(f"{name}:{st.st_size}:{st.st_mtime_ns}:{st.st_ino}" for name, st in stamps)
    remembered = _remembered(os.fspath(memo))
    digest = remembered.get(key)
    if digest is not None and len(digest) == 64:
        return digest
    import hashlib  # noqa: PLC0415 - a remembered digest (the usual case) needs no OpenSSL

    hasher = hashlib.sha256()
    for path in paths:
        with open(path, "rb") as stream:  # noqa: PTH123 - pathlib is not imported to load
            hasher.update(stream.read())
        hasher.update(b"\0")
    digest = hasher.hexdigest()
    remembered[key] = digest
    try:  # noqa: SIM105 - contextlib is not imported to load
        _write_atomically(os.fspath(memo), marshal.dumps(remembered))
    except OSError:
        pass  # a memo that cannot be written only costs the next load a hash
    return digest
