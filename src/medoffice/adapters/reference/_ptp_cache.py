"""The compiled PTP cache: a table of 1.7 million rows back in memory in well under a second.

The cache is never the source of truth. Its file name is a hash of the source files' content,
the loader options and the library version; a cache file that is missing, stale, unreadable or
damaged is rebuilt from the sources. The format is a magic line, the SHA-256 of everything after
it, a JSON header (versions, codes, rationales, problems, array layout) and the raw bytes of
the :mod:`array` columns; no pickle, so reading a cache file runs no code. The checksum is
checked before anything is decoded: a single flipped bit in an effective date or a modifier
indicator (which would drop or invent an edit without any other sign) makes the file unusable,
and it is rebuilt.

>>> import tempfile
>>> from datetime import date
>>> from medoffice.coding.ncci import PtpTableBuilder
>>> builder = PtpTableBuilder(version="321", quarter=None)
>>> builder.add("99214", "36415", effective=date(2020, 1, 1), deleted=None, indicator=1)
>>> target = Path(tempfile.mkdtemp()) / "ptp.bin"
>>> write_cache(target, [builder.build()])
>>> len(read_cache(target))
1
>>> damaged = bytearray(target.read_bytes())
>>> damaged[-1] ^= 0x01
>>> _ = target.write_bytes(bytes(damaged))
>>> read_cache(target) is None
True
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from array import array
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

from medoffice import __version__
from medoffice.coding import LoadProblem
from medoffice.coding.ncci import PtpColumns, Quarter

__all__ = ["cache_key", "decode_cache", "read_cache", "write_cache"]

_MAGIC: Final = b"MEDOFFICE-PTP-CACHE 2\n"
_DIGEST_SIZE: Final = 32
_ARRAYS: Final = (
    "col1_ids",
    "col1_starts",
    "col1_ends",
    "col2",
    "effective",
    "deleted",
    "indicator",
    "prior_1996",
    "rationale",
)


def cache_key(paths: Sequence[Path], options: str) -> str:
    """A hash of the sources' bytes, the loader options, the format and the library version."""
    digest = hashlib.sha256()
    digest.update(_MAGIC + __version__.encode() + b"\0" + options.encode() + b"\0")
    digest.update(sys.byteorder.encode())
    for path in paths:
        with path.open("rb") as handle:
            file_digest = hashlib.file_digest(handle, "sha256").digest()
        digest.update(file_digest)
    return digest.hexdigest()


def write_cache(target: Path, parts: Sequence[PtpColumns]) -> None:
    """Write the compiled versions to ``target`` atomically."""
    header: list[dict[str, Any]] = []
    blobs: list[bytes] = []
    for part in parts:
        layout = []
        for name in _ARRAYS:
            column: array[int] = getattr(part, name)
            layout.append([name, column.typecode, len(column)])
            blobs.append(column.tobytes())
        header.append(
            {
                "version": part.version,
                "quarter": None if part.quarter is None else str(part.quarter),
                "codes": list(part.codes),
                "rationales": list(part.rationales),
                "problems": [p.to_dict() for p in part.problems],
                "arrays": layout,
            }
        )
    encoded = json.dumps(header).encode()
    body = [len(encoded).to_bytes(8, "little"), encoded, *blobs]
    digest = hashlib.sha256()
    for piece in body:
        digest.update(piece)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(_MAGIC)
            out.write(digest.digest())
            for piece in body:
                out.write(piece)
        Path(temporary).replace(target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read_cache(source: Path) -> tuple[PtpColumns, ...] | None:
    """The compiled versions in ``source``, or ``None`` when it is missing, unreadable or its
    checksum does not match."""
    try:
        data = source.read_bytes()
    except OSError:
        return None
    return decode_cache(data)


def decode_cache(data: bytes) -> tuple[PtpColumns, ...] | None:
    """The compiled versions in the bytes of a cache file, or ``None`` unless they check out."""
    view = memoryview(data)
    start = len(_MAGIC) + _DIGEST_SIZE
    if bytes(view[: len(_MAGIC)]) != _MAGIC:
        return None
    if hashlib.sha256(view[start:]).digest() != bytes(view[len(_MAGIC) : start]):
        return None
    try:
        return _decode(view, start)
    except (ValueError, KeyError, TypeError, IndexError, RecursionError):
        return None


def _decode(data: memoryview, offset: int) -> tuple[PtpColumns, ...]:
    size = int.from_bytes(data[offset : offset + 8], "little")
    offset += 8
    header = json.loads(bytes(data[offset : offset + size]))
    offset += size
    parts = []
    for entry in header:
        columns: dict[str, array[int]] = {}
        for name, typecode, length in entry["arrays"]:
            column = array(typecode)
            end = offset + length * column.itemsize
            if end > len(data):
                raise ValueError("the cache file is cut short")
            column.frombytes(data[offset:end])
            columns[name] = column
            offset = end
        parts.append(
            PtpColumns(
                version=entry["version"],
                quarter=None if entry["quarter"] is None else Quarter.parse(entry["quarter"]),
                codes=tuple(entry["codes"]),
                rationales=tuple(entry["rationales"]),
                problems=tuple(LoadProblem(**p) for p in entry["problems"]),
                **columns,
            )
        )
    if offset != len(data):
        raise ValueError("the cache file has trailing bytes")
    return tuple(parts)
