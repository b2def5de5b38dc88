"""The CMS NCCI edit tables: procedure-to-procedure (PTP), MUE and add-on code edits.

Each table is a compact, immutable index of one or more quarterly versions; every question names
the date of service. Load the official CMS files with :func:`load_ptp`, :func:`load_mue` and
:func:`load_aoc` (the layouts are told apart by their headers); medoffice ships none of the data.
Rows a loader cannot read are listed in the table's ``problems`` with their line numbers
(``strict=True`` raises :class:`ReferenceFileError` instead); nothing is dropped silently.

More information: CMS, "National Correct Coding Initiative (NCCI) Edits"
(https://www.cms.gov/medicare/coding-billing/national-correct-coding-initiative-ncci-edits)

>>> from datetime import date
>>> builder = PtpTableBuilder(version="NCCI-2026Q3", quarter=Quarter(2026, 3))
>>> builder.add("12002", "12001", effective=date(1996, 1, 1), deleted=None, indicator=0)
>>> edits = NcciEdits(ptp=PtpTable.of(builder.build()))
>>> edits.ptp_edit("12002", "12001", on=date(2026, 8, 3)).modifier_allowed
False
"""

from __future__ import annotations

import os
from pathlib import Path

from medoffice.coding._problems import LoadProblem, ReferenceFileError
from medoffice.coding.ncci._aoc import CONTRACTOR_DEFINED, AocEdit, AocTable, AocType, AocVersion
from medoffice.coding.ncci._edits import NcciEdits
from medoffice.coding.ncci._mue import Mai, MueLimit, MueTable, MueVersion
from medoffice.coding.ncci._ptp import (
    ModifierIndicator,
    PtpColumns,
    PtpEdit,
    PtpTable,
    PtpTableBuilder,
)
from medoffice.coding.ncci._quarter import Quarter

__all__ = [
    "CONTRACTOR_DEFINED",
    "AocEdit",
    "AocTable",
    "AocType",
    "AocVersion",
    "LoadProblem",
    "Mai",
    "ModifierIndicator",
    "MueLimit",
    "MueTable",
    "MueVersion",
    "NcciEdits",
    "PtpColumns",
    "PtpEdit",
    "PtpTable",
    "PtpTableBuilder",
    "Quarter",
    "ReferenceFileError",
    "load_aoc",
    "load_mue",
    "load_ptp",
]

_PathLike = str | os.PathLike[str]


def load_ptp(
    path: _PathLike,
    *more: _PathLike,
    strict: bool = False,
    version: str | None = None,
    quarter: Quarter | None = None,
    cache: bool = True,
    cache_dir: _PathLike | None = None,
) -> PtpTable:
    """Load practitioner PTP files (official text or normalised CSV) into one table.

    Files of the same version (``ccipra-v322r0-f1`` to ``-f4``) are joined. With ``cache`` the
    compiled form is kept in ``cache_dir`` (default ``MEDOFFICE_CACHE_DIR`` or the user cache
    folder), keyed by the files' content and the library version, and reused while it matches.
    """
    # coding may import only kernel and identifiers at module level (the layering rule); the
    # file readers are adapters, so they are imported here, when a file is actually read.
    from medoffice.adapters.reference import read_ptp  # noqa: PLC0415

    return read_ptp(
        [Path(p) for p in (path, *more)],
        strict=strict,
        version=version,
        quarter=quarter,
        cache=cache,
        cache_dir=None if cache_dir is None else Path(cache_dir),
    )


def load_mue(
    path: _PathLike,
    *,
    strict: bool = False,
    version: str | None = None,
    quarter: Quarter | None = None,
) -> MueTable:
    """Load a practitioner MUE file (official CMS CSV or normalised CSV)."""
    from medoffice.adapters.reference import read_mue  # noqa: PLC0415 - see load_ptp

    return read_mue(Path(path), strict=strict, version=version, quarter=quarter)


def load_aoc(
    path: _PathLike,
    *,
    strict: bool = False,
    version: str | None = None,
    quarter: Quarter | None = None,
) -> AocTable:
    """Load a Medicare NCCI add-on code edit file (the CMS CSV layout)."""
    from medoffice.adapters.reference import read_aoc  # noqa: PLC0415 - see load_ptp

    return read_aoc(Path(path), strict=strict, version=version, quarter=quarter)
