"""Loaders for the official CMS reference files, and the compiled PTP cache.

The coding layer's entry points (:func:`medoffice.coding.ncci.load_ptp`, ``load_mue``,
``load_aoc``, :func:`medoffice.coding.hcpcs.load`) call these readers; use those unless you
need the readers themselves (``inspect_directory`` is what ``medoffice codes inspect`` runs).

More information: CMS, "National Correct Coding Initiative (NCCI) Edits"
(https://www.cms.gov/medicare/coding-billing/national-correct-coding-initiative-ncci-edits)
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from pathlib import Path

from medoffice.adapters.reference._aoc import read_aoc
from medoffice.adapters.reference._hcpcs import read_hcpcs
from medoffice.adapters.reference._inspect import (
    FileInspection,
    ReferenceKind,
    detect,
    inspect_directory,
    inspect_file,
)
from medoffice.adapters.reference._mue import read_mue
from medoffice.adapters.reference._pos import PosList, read_pos_list
from medoffice.adapters.reference._ptp import read_ptp_columns
from medoffice.adapters.reference._ptp_cache import (
    cache_key,
    default_cache_dir,
    read_cache,
    write_cache,
)
from medoffice.coding.ncci import PtpTable, Quarter

__all__ = [
    "FileInspection",
    "PosList",
    "ReferenceKind",
    "default_cache_dir",
    "detect",
    "inspect_directory",
    "inspect_file",
    "read_aoc",
    "read_hcpcs",
    "read_mue",
    "read_pos_list",
    "read_ptp",
    "read_ptp_columns",
]


def read_ptp(
    paths: Sequence[Path],
    *,
    strict: bool = False,
    version: str | None = None,
    quarter: Quarter | None = None,
    cache: bool = True,
    cache_dir: Path | None = None,
) -> PtpTable:
    """Read PTP files into a table, through the compiled cache when ``cache`` is set."""
    if not cache:
        return PtpTable(read_ptp_columns(paths, strict=strict, version=version, quarter=quarter))
    directory = cache_dir or default_cache_dir()
    key = cache_key(paths, options=f"strict={strict};version={version};quarter={quarter}")
    target = directory / f"ptp-{key}.bin"
    parts = read_cache(target)
    if parts is None:
        parts = read_ptp_columns(paths, strict=strict, version=version, quarter=quarter)
        # The cache only saves time: an unwritable cache folder must not stop a load.
        with contextlib.suppress(OSError):
            write_cache(target, parts)
    return PtpTable(parts)
