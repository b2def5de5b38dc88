"""The compiled PTP cache: a table of 1.7 million rows back in memory in well under a second.

The cache is never the source of truth. Its file name is a hash of the source files' content,
the loader options and the library version; a cache file that is missing, stale or unreadable is
rebuilt from the sources. The format is a magic line, a JSON header (versions, codes,
rationales, problems, array layout) and the raw bytes of the :mod:`array` columns; no pickle,
so reading a cache file runs no code.
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

__all__ = ["cache_key", "read_cache", "write_cache"]

_MAGIC: Final = b"MEDOFFICE-PTP-CACHE 1\n"
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
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(_MAGIC)
            out.write(len(encoded).to_bytes(8, "little"))
            out.write(encoded)
            for blob in blobs:
                out.write(blob)
        Path(temporary).replace(target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read_cache(source: Path) -> tuple[PtpColumns, ...] | None:
    """The compiled versions in ``source``, or ``None`` when it is missing or unreadable."""
    try:
        data = source.read_bytes()
    except OSError:
        return None
    try:
        return _decode(memoryview(data))
    except (ValueError, KeyError, TypeError, IndexError):
        return None


def _decode(data: memoryview) -> tuple[PtpColumns, ...]:
    if bytes(data[: len(_MAGIC)]) != _MAGIC:
        raise ValueError("not a PTP cache file")
    offset = len(_MAGIC)
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
