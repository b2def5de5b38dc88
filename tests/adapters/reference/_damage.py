"""Damage a compiled cache file the ways a disk or another program can, for the loaders' tests.

Every compiled cache (HCPCS, MCE, add-on codes) must be rebuilt from the official file, never
used, after a flipped bit, a file cut short or a file of another format in its place.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

#: The kinds of damage :func:`damage` does.
DAMAGES: Final = ("flip", "truncate", "foreign")


def damage(target: Path, how: str, *, bit: int = 0x10) -> bytes:
    """Damage ``target`` as ``how`` says (flip ``bit`` in its middle byte, cut its last 10 bytes,
    or overwrite its first 4); the damaged bytes, to tell whether the file was rewritten."""
    data = bytearray(target.read_bytes())
    if how == "flip":
        data[len(data) // 2] ^= bit
    elif how == "truncate":
        del data[len(data) - 10 :]
    else:
        data[:4] = b"XXXX"
    target.write_bytes(bytes(data))
    return bytes(data)
