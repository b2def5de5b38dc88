"""Loading ICD-10-CM code sets from the official files, with a compiled cache.

:func:`load_code_set` reads the tabular XML and code list (by default the April 1, 2026 update
of FY2026 that ``simple-icd-10-cm`` ships, located with ``importlib.resources`` and never
imported), compiles them into :class:`~medoffice.coding.icd10cm.IcdTables`, and caches the
result in ``platformdirs.user_cache_dir("medoffice")`` (or ``MEDOFFICE_CACHE_DIR``, or the
``cache_dir`` argument), keyed by the SHA-256 of the source files and the library version.
:func:`load_diagnosis_edits` reads an MCE-style diagnosis-edit table.

>>> from medoffice.adapters.icd10cm import bundled_files
>>> tabular, code_list = bundled_files()
>>> tabular.name, code_list.name
('icd10c-tabular-April-1-2026.xml', 'code-list-April-2026.txt')

More information: CDC NCHS ICD-10-CM files, https://www.cdc.gov/nchs/icd/icd-10-cm/files.html
"""

from __future__ import annotations

from medoffice.adapters.icd10cm._edits import load_diagnosis_edits
from medoffice.adapters.icd10cm._loader import (
    FileCodeSetSource,
    bundled_files,
    cache_directory,
    load_code_set,
)
from medoffice.adapters.icd10cm._tabular import read_code_list, read_tabular

__all__ = [
    "FileCodeSetSource",
    "bundled_files",
    "cache_directory",
    "load_code_set",
    "load_diagnosis_edits",
    "read_code_list",
    "read_tabular",
]
