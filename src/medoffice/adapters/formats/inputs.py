"""Reading a user's file once, within the size limit of the kernel's ``InputLimits``.

A file is opened once and read once, so a named pipe works and is never reopened; a device
without end (``/dev/zero``) is refused after one byte more than the limit. What cannot be read is
:class:`~medoffice.kernel.inputs.UnreadableInput` naming the file and the system's reason. The
bytes then go to the pure parsers of :mod:`medoffice.kernel.inputs`.

>>> import tempfile, pathlib
>>> from medoffice.kernel.inputs import parse_json
>>> folder = tempfile.TemporaryDirectory()
>>> path = pathlib.Path(folder.name) / "small.json"
>>> _ = path.write_bytes(b'{"a": 1}')
>>> parse_json(read_input(path), source=path.name)
{'a': 1}
>>> folder.cleanup()
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

from medoffice.kernel.inputs import DEFAULT_LIMITS, InputLimits, UnreadableInput

__all__ = ["read_input"]

_READ_CHUNK: Final = 1 << 20


def read_input(path: str | os.PathLike[str], *, limits: InputLimits = DEFAULT_LIMITS) -> bytes:
    """The bytes of ``path``, opened and read once, at most ``limits.max_bytes`` of them.

    A named pipe or a device is read like a file (never reopened); one larger than the limit
    (``/dev/zero``) is refused after reading one byte more than the limit. A file that cannot
    be opened raises :class:`UnreadableInput` with the system's reason.
    """
    name = os.fspath(path)
    try:
        with Path(name).open("rb") as handle:
            parts: list[bytes] = []
            size = 0
            while size <= limits.max_bytes:
                chunk = handle.read(min(_READ_CHUNK, limits.max_bytes + 1 - size))
                if not chunk:
                    break
                parts.append(chunk)
                size += len(chunk)
    except OSError as error:
        raise UnreadableInput(name, (error.strerror or type(error).__name__).lower()) from None
    if size > limits.max_bytes:
        raise UnreadableInput(name, f"larger than the limit of {limits.max_bytes:,} bytes")
    return b"".join(parts)
