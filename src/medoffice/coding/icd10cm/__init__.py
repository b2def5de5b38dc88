"""ICD-10-CM, the US diagnosis code set, as a compiled, versioned, fast index.

``load()`` returns the code set of the files bundled with the ``simple-icd-10-cm`` package (the
April 1, 2026 update of FY2026), compiling the official tabular XML on first use and caching the
compiled tables in the user cache directory. ``load(path=...)`` reads the official files of any
other release. Each :class:`IcdCodeSet` answers ``lookup``, ``is_billable``, ``billable_codes``
and ``excludes1_conflicts``; :class:`IcdVersions` holds several releases and answers which one
applies on a date of service.

>>> import tempfile
>>> from medoffice.coding import icd10cm
>>> codes = icd10cm.load(cache_dir=tempfile.mkdtemp())
>>> codes.release.label
'FY2026 April update'
>>> codes.is_billable("S72.001"), codes.is_billable("S72.001A")
(False, True)
>>> codes.lookup("T36.0X1A").requires_seventh, codes.lookup("T36.01A")
(False, None)
>>> [c.excluded for c in codes.excludes1_conflicts(["E11.9", "E10.9"])]
['E10.9', 'E11.9']

More information: CDC NCHS, ICD-10-CM, https://www.cdc.gov/nchs/icd/icd-10-cm/ ; ICD-10-CM
Official Guidelines for Coding and Reporting FY2026.
"""

from __future__ import annotations

import os
from pathlib import Path

from medoffice.coding.icd10cm._catalog import IcdVersions
from medoffice.coding.icd10cm._edits import (
    AgeGroup,
    DiagnosisEdit,
    DiagnosisEditPeriod,
    DiagnosisEditTable,
)
from medoffice.coding.icd10cm._index import IcdCodeSet
from medoffice.coding.icd10cm._model import (
    Excludes1Conflict,
    IcdItem,
    ItemKind,
    Note,
    NoteKind,
    RecordUse,
    SeventhCharacter,
)
from medoffice.coding.icd10cm._references import (
    CharacterQualifier,
    CodeReference,
    parse_references,
    undotted,
)
from medoffice.coding.icd10cm._tables import IcdTables, SourceNode, compile_tables
from medoffice.coding.icd10cm._versions import (
    FIRST_APRIL_UPDATE,
    CodeSetUnavailable,
    IcdRelease,
    ReleaseUpdate,
    fiscal_year_of,
)

__all__ = [
    "FIRST_APRIL_UPDATE",
    "AgeGroup",
    "CharacterQualifier",
    "CodeReference",
    "CodeSetUnavailable",
    "DiagnosisEdit",
    "DiagnosisEditPeriod",
    "DiagnosisEditTable",
    "Excludes1Conflict",
    "IcdCodeSet",
    "IcdItem",
    "IcdRelease",
    "IcdTables",
    "IcdVersions",
    "ItemKind",
    "Note",
    "NoteKind",
    "RecordUse",
    "ReleaseUpdate",
    "SeventhCharacter",
    "SourceNode",
    "compile_tables",
    "fiscal_year_of",
    "load",
    "parse_references",
    "undotted",
]

_DEFAULT: dict[str, IcdCodeSet] = {}


def load(
    path: str | os.PathLike[str] | None = None,
    *,
    code_list: str | os.PathLike[str] | None = None,
    release: IcdRelease | None = None,
    cache_dir: str | os.PathLike[str] | None = None,
) -> IcdCodeSet:
    """The ICD-10-CM code set: the bundled FY2026 April files, or the tabular XML at ``path``.

    ``code_list`` is the matching code list (found next to ``path`` when omitted); ``release``
    overrides the release read from the files; ``cache_dir`` overrides the user cache directory
    (as does ``MEDOFFICE_CACHE_DIR``). The default code set is kept for the life of the process.
    """
    # The file reading lives in the adapter layer; importing it here, inside the function, is
    # the one deliberate upward edge the architecture allows for this entry point.
    from medoffice.adapters.reference import load_code_set  # noqa: PLC0415

    if path is None and code_list is None and release is None and cache_dir is None:
        default = _DEFAULT.get("default")
        if default is None:
            default = _DEFAULT["default"] = load_code_set()
        return default
    return load_code_set(
        Path(path) if path is not None else None,
        code_list=Path(code_list) if code_list is not None else None,
        release=release,
        cache_dir=Path(cache_dir) if cache_dir is not None else None,
    )
