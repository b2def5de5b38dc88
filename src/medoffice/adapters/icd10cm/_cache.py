"""The compiled ICD-10-CM cache: written atomically, trusted only when its header checks out.

A cache file is a header line (JSON: format version, library version, SHA-256 of the source
files, payload length and CRC-32) followed by a pickle of plain builtins. A file whose header,
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

import io
import json
import os
import pickle
import tempfile
import zlib
from pathlib import Path
from typing import Any, Final

from medoffice import __version__

__all__ = ["CACHE_FORMAT", "read_cache", "write_cache"]

CACHE_FORMAT: Final = 2
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
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(_MAGIC + header + payload)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read_cache(path: Path, *, source: str) -> Any | None:
    """The cached data, or ``None`` when the file is missing, stale, corrupt or foreign."""
    try:
        blob = path.read_bytes()
        if not blob.startswith(_MAGIC):
            return None
        end = blob.index(b"\n", len(_MAGIC))
        header = json.loads(blob[len(_MAGIC) : end])
        payload = memoryview(blob)[end + 1 :]
        if header != _header(source, bytes(payload)):
            return None
        return _TablesUnpickler(io.BytesIO(payload)).load()
    except Exception:  # any unreadable cache is simply rebuilt
        return None
