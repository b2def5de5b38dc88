"""HCPCS Level II: load the CMS quarterly alpha-numeric file into an :class:`HcpcsCodeSet`.

The values live in :mod:`medoffice.coding.procedures` (codes) and
:mod:`medoffice.coding.modifiers` (modifiers); this module is the entry point that reads the file.

More information: CMS, "Quarterly HCPCS update"
(https://www.cms.gov/medicare/coding-billing/healthcare-common-procedure-system/quarterly-update)

>>> from datetime import date
>>> HcpcsCode(code="G0438", added=date(2011, 1, 1)).valid_on(date(2026, 3, 2))
True
"""

from __future__ import annotations

import os
from pathlib import Path

from medoffice.coding.modifiers import HcpcsModifier
from medoffice.coding.ncci import LoadProblem, ReferenceFileError
from medoffice.coding.procedures import Coverage, HcpcsCode, HcpcsCodeSet

__all__ = [
    "Coverage",
    "HcpcsCode",
    "HcpcsCodeSet",
    "HcpcsModifier",
    "LoadProblem",
    "ReferenceFileError",
    "load",
]


def load(path: str | os.PathLike[str], *, strict: bool = False) -> HcpcsCodeSet:
    """Load the CMS HCPCS file (the 48-column CSV export of ``HCPCyyyy_MMM_ANWEB``).

    Codes (record type 3) and modifiers (record type 7) are read; continuation records (4 and 8)
    extend the long description of the record before them. Rows that cannot be read are listed
    in ``problems`` with their line numbers (``strict=True`` raises instead).
    """
    # coding may import only kernel and identifiers at module level (the layering rule); the
    # file reader is an adapter, imported here when a file is actually read.
    from medoffice.adapters.reference import read_hcpcs  # noqa: PLC0415

    return read_hcpcs(Path(path), strict=strict)
