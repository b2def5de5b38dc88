"""Loading the official reference files: CDC ICD-10-CM and the CMS code sets and edit tables.

The loaders read the files, compile them into the immutable indexes of :mod:`medoffice.coding`
(caching the compiled form where a file is large) and build the claim checker's ports over them.

ICD-10-CM: :func:`load_code_set` reads the tabular XML and code list (by default the April 1,
2026 update of FY2026 that ``simple-icd-10-cm`` ships, located with ``importlib.resources`` and
never imported), compiles them into :class:`~medoffice.coding.icd10cm.IcdTables`, and caches the
result in ``platformdirs.user_cache_dir("medoffice")`` (or ``MEDOFFICE_CACHE_DIR``, or the
``cache_dir`` argument), keyed by the SHA-256 of the source files and the library version.
:func:`load_diagnosis_edits` reads an MCE-style diagnosis-edit table.

>>> tabular, code_list = bundled_files()
>>> tabular.name, code_list.name
('icd10c-tabular-April-1-2026.xml', 'code-list-April-2026.txt')

More information: CDC NCHS ICD-10-CM files, https://www.cdc.gov/nchs/icd/icd-10-cm/files.html ;
CMS, "National Correct Coding Initiative (NCCI) Edits"
(https://www.cms.gov/medicare/coding-billing/national-correct-coding-initiative-ncci-edits)
"""

from __future__ import annotations

from medoffice.adapters.reference._cms import (
    FileInspection,
    PosList,
    ReferenceKind,
    default_cache_dir,
    detect,
    inspect_directory,
    inspect_file,
    read_aoc,
    read_hcpcs,
    read_mue,
    read_pos_list,
    read_ptp,
    read_ptp_columns,
)
from medoffice.adapters.reference._edit_tables import LoadedEditTables, load_edit_tables
from medoffice.adapters.reference._icd10cm import (
    FileCodeSetSource,
    bundled_files,
    cache_directory,
    load_code_set,
)
from medoffice.adapters.reference._icd10cm_tabular import read_code_list, read_tabular
from medoffice.adapters.reference._mce import load_diagnosis_edits
from medoffice.adapters.reference._reference_data import ReferenceData, load_reference_data

__all__ = [
    "FileCodeSetSource",
    "FileInspection",
    "LoadedEditTables",
    "PosList",
    "ReferenceData",
    "ReferenceKind",
    "bundled_files",
    "cache_directory",
    "default_cache_dir",
    "detect",
    "inspect_directory",
    "inspect_file",
    "load_code_set",
    "load_diagnosis_edits",
    "load_edit_tables",
    "load_reference_data",
    "read_aoc",
    "read_code_list",
    "read_hcpcs",
    "read_mue",
    "read_pos_list",
    "read_ptp",
    "read_ptp_columns",
    "read_tabular",
]
