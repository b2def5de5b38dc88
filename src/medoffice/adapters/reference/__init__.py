"""Loading the official reference files: CDC ICD-10-CM and the CMS code sets and edit tables.

Every loader reads official files, never the network, and returns the immutable indexes of
:mod:`medoffice.coding` (or the claim checker's ports built over them); rows it cannot read are
listed in the result's ``problems`` with their line numbers (``strict=True`` raises
:class:`~medoffice.coding.ReferenceFileError` instead), and large files are compiled once into a
checksummed cache in :func:`cache_directory`.

- ICD-10-CM: :func:`load_icd10cm` (the bundled FY2026 April update, or any official release),
  :func:`derive_icd10cm` (the next release from a full one and the official order addenda; by
  default FY2027 from the shipped CMS addenda, :func:`bundled_addenda`),
  :class:`FileCodeSetSource`, :func:`bundled_files`, :func:`read_tabular`,
  :func:`read_code_list`, :func:`read_order_addenda`; the MCE diagnosis edits:
  :func:`load_diagnosis_edits`;
- CMS: :func:`load_ptp`, :func:`load_mue`, :func:`load_aoc` (NCCI), :func:`load_hcpcs`
  (HCPCS Level II codes and modifiers), :func:`load_pos_list` (place-of-service lists);
- the versioned store of official releases (:class:`ReferenceStore`, by :class:`ReferenceSet`
  and :class:`Period`): :func:`fetch_release` (the shipped manifest's CDC/CMS files),
  :func:`import_path` (files downloaded by hand), :func:`verify_store`, :func:`store_coverage`
  (answers and gaps by date of service) and :func:`load_store` (the claim checker's ports, each
  release answering for its own dates, in a :class:`StoreReference`);
- X12: :func:`load_reason_codes` (CARC and RARC lists saved from x12.org, for remittances);
- a folder of files, recognised by content: :func:`detect`, :func:`inspect_file`,
  :func:`inspect_directory` (what ``medoffice codes inspect`` prints), :func:`load_edit_tables`
  (the claim checker's ``EditTables``), :func:`load_reference_data` and
  :func:`load_diagnosis_codes` (its ``DiagnosisCodes``, ``DiagnosisEdits`` and
  ``ProcedureCodes``), each with the ``problems`` of what it loaded and of the folders it could
  not search; :func:`reference_report` turns them into the findings every check carries
  (``CheckContext(reference=...)``).

Each name is imported when first used, so loading ICD-10-CM does not pay for the CMS readers.

>>> from datetime import date
>>> from pathlib import Path
>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> _ = (folder / "ptp.csv").write_text(
...     "col1,col2,effective,deleted,modifier_indicator,ref_version\\n"
...     "29881,29877,2010-01-01,,1,NCCI-2026Q3\\n"
... )
>>> load_ptp(folder / "ptp.csv", cache=False).modifier_indicator(
...     "29881", "29877", on=date(2026, 8, 3)
... )
1

More information: CDC NCHS ICD-10-CM files, https://www.cdc.gov/nchs/icd/icd-10-cm/files.html ;
CMS, "National Correct Coding Initiative (NCCI) Edits"
(https://www.cms.gov/medicare/coding-billing/national-correct-coding-initiative-ncci-edits)
"""

from __future__ import annotations

from medoffice.kernel._lazy import lazy_exports

TYPE_CHECKING = False  # typing's own flag, without importing typing on a cold start
if TYPE_CHECKING:
    from typing import Final

    from medoffice.adapters.reference._aoc import load_aoc
    from medoffice.adapters.reference._cache_directory import cache_directory
    from medoffice.adapters.reference._download import FetchError
    from medoffice.adapters.reference._edit_tables import LoadedEditTables, load_edit_tables
    from medoffice.adapters.reference._files import reference_report
    from medoffice.adapters.reference._hcpcs import load_hcpcs
    from medoffice.adapters.reference._icd10cm import bundled_files, load_icd10cm
    from medoffice.adapters.reference._icd10cm_addenda import read_order_addenda
    from medoffice.adapters.reference._icd10cm_derived import bundled_addenda, derive_icd10cm
    from medoffice.adapters.reference._icd10cm_source import FileCodeSetSource
    from medoffice.adapters.reference._icd10cm_tabular import read_code_list, read_tabular
    from medoffice.adapters.reference._inspect import (
        FileInspection,
        ReferenceKind,
        detect,
        inspect_directory,
        inspect_file,
    )
    from medoffice.adapters.reference._mce import load_diagnosis_edits
    from medoffice.adapters.reference._mue import load_mue
    from medoffice.adapters.reference._pos import PosList, load_pos_list
    from medoffice.adapters.reference._ptp import load_ptp
    from medoffice.adapters.reference._reason_codes import ReasonCodeList, load_reason_codes
    from medoffice.adapters.reference._reference_data import (
        ReferenceData,
        load_diagnosis_codes,
        load_reference_data,
    )
    from medoffice.adapters.reference._store import ReferenceStore
    from medoffice.adapters.reference._store_coverage import store_coverage
    from medoffice.adapters.reference._store_fetch import FetchManifest, fetch_release
    from medoffice.adapters.reference._store_import import import_path
    from medoffice.adapters.reference._store_load import StoreReference, load_store, verify_store
    from medoffice.adapters.reference._store_model import Period, ReferenceSet
    from medoffice.coding import LoadProblem, ReferenceFileError

__all__ = [
    "FetchError",
    "FetchManifest",
    "FileCodeSetSource",
    "FileInspection",
    "LoadProblem",
    "LoadedEditTables",
    "Period",
    "PosList",
    "ReasonCodeList",
    "ReferenceData",
    "ReferenceFileError",
    "ReferenceKind",
    "ReferenceSet",
    "ReferenceStore",
    "StoreReference",
    "bundled_addenda",
    "bundled_files",
    "cache_directory",
    "derive_icd10cm",
    "detect",
    "fetch_release",
    "import_path",
    "inspect_directory",
    "inspect_file",
    "load_aoc",
    "load_diagnosis_codes",
    "load_diagnosis_edits",
    "load_edit_tables",
    "load_hcpcs",
    "load_icd10cm",
    "load_mue",
    "load_pos_list",
    "load_ptp",
    "load_reason_codes",
    "load_reference_data",
    "load_store",
    "read_code_list",
    "read_order_addenda",
    "read_tabular",
    "reference_report",
    "store_coverage",
    "verify_store",
]

# Where each public name lives; "medoffice.coding" names are re-exported for the loaders' users.
_HOMES: Final = {
    "FetchError": "._download",
    "FetchManifest": "._store_fetch",
    "FileCodeSetSource": "._icd10cm_source",
    "FileInspection": "._inspect",
    "LoadProblem": "medoffice.coding",
    "LoadedEditTables": "._edit_tables",
    "Period": "._store_model",
    "PosList": "._pos",
    "ReasonCodeList": "._reason_codes",
    "ReferenceData": "._reference_data",
    "ReferenceFileError": "medoffice.coding",
    "ReferenceKind": "._inspect",
    "ReferenceSet": "._store_model",
    "ReferenceStore": "._store",
    "StoreReference": "._store_load",
    "bundled_addenda": "._icd10cm_derived",
    "bundled_files": "._icd10cm",
    "cache_directory": "._cache_directory",
    "derive_icd10cm": "._icd10cm_derived",
    "detect": "._inspect",
    "fetch_release": "._store_fetch",
    "import_path": "._store_import",
    "inspect_directory": "._inspect",
    "inspect_file": "._inspect",
    "load_aoc": "._aoc",
    "load_diagnosis_codes": "._reference_data",
    "load_diagnosis_edits": "._mce",
    "load_edit_tables": "._edit_tables",
    "load_hcpcs": "._hcpcs",
    "load_icd10cm": "._icd10cm",
    "load_mue": "._mue",
    "load_pos_list": "._pos",
    "load_ptp": "._ptp",
    "load_reason_codes": "._reason_codes",
    "load_reference_data": "._reference_data",
    "load_store": "._store_load",
    "read_code_list": "._icd10cm_tabular",
    "read_order_addenda": "._icd10cm_addenda",
    "read_tabular": "._icd10cm_tabular",
    "reference_report": "._files",
    "store_coverage": "._store_coverage",
    "verify_store": "._store_load",
}


__getattr__, __dir__ = lazy_exports(__name__, globals(), _HOMES)
