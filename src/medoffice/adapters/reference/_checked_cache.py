"""A small compiled cache for the smaller tables (MCE, HCPCS): marshal, checksummed, atomic.

The shape is that of the PTP cache: a magic line naming the table and the format, the SHA-256
of everything after it, then the body: plain values (str, numbers, lists, tuples, dicts) in
Python's :mod:`marshal` form, which reads back several times faster than JSON and, like it, can
name no class and runs no code. The checksum is checked before anything is decoded: a file that
is missing, cut short, damaged by a single bit or written by another format is ``None`` to the
caller, which rebuilds it from the sources (as it does when the payload has the wrong shape).
The file name carries :func:`cache_key`, a hash of the sources' bytes, the loader options and
the library version, so a changed source file is a different cache.

>>> import tempfile
>>> target = Path(tempfile.mkdtemp()) / "table.cache"
>>> write_checked(target, b"TABLE 1", {"rows": [[1, "A"]]})
>>> read_checked(target, b"TABLE 1")
{'rows': [[1, 'A']]}
>>> damaged = bytearray(target.read_bytes())
>>> damaged[-3] ^= 0x01
>>> _ = target.write_bytes(bytes(damaged))
>>> read_checked(target, b"TABLE 1") is None
True
"""

from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

from medoffice import __version__

__all__ = ["cache_key", "read_checked", "write_checked"]

_DIGEST_SIZE: Final = 32


def cache_key(magic: bytes, paths: Sequence[Path], options: str) -> str:
    """A hash of the sources' bytes, the loader options, the format and the library version."""
    digest = hashlib.sha256()
    digest.update(magic + b"\0" + __version__.encode() + b"\0" + options.encode() + b"\0")
    for path in paths:
        with path.open("rb") as handle:
            digest.update(hashlib.file_digest(handle, "sha256").digest())
    return digest.hexdigest()[:32]


def write_checked(target: Path, magic: bytes, payload: Any) -> None:
    """Write ``payload`` (plain values) to ``target`` atomically: temporary file, rename."""
    body = marshal.dumps(payload)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=target.name, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(magic + b"\n")
            out.write(hashlib.sha256(body).digest())
            out.write(body)
        Path(temporary).replace(target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read_checked(source: Path, magic: bytes) -> Any | None:
    """The payload in ``source``, or ``None`` when it is missing, foreign or damaged."""
    try:
        data = source.read_bytes()
    except OSError:
        return None
    head = len(magic) + 1
    start = head + _DIGEST_SIZE
    view = memoryview(data)
    if bytes(view[:head]) != magic + b"\n" or len(data) < start:
        return None
    if hashlib.sha256(view[start:]).digest() != bytes(view[head:start]):
        return None
    try:
        # Checked above: the body is what this library wrote; marshal runs no code.
        return marshal.loads(view[start:])  # noqa: S302
    except (EOFError, ValueError, TypeError):
        return None
