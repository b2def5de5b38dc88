"""Everything a reference-data folder holds for the claim checker's diagnosis and procedure ports.

:func:`load_diagnosis_codes` answers the ``DiagnosisCodes`` port from the bundled ICD-10-CM
(FY2026, April update) for the whole of its fiscal year, plus any other release given.
:func:`load_reference_data` adds whatever official files a folder holds (ICD-10-CM releases, the
CMS MCE diagnosis-edit table, the CMS HCPCS file) and builds the bridges of
:mod:`medoffice.adapters.bridges` over them, ready for a ``CheckContext``.

The bundled ICD-10-CM files are the April 2026 update of FY2026; :func:`load_diagnosis_codes`
lets them answer for the whole of FY2026 (2025-10-01 to 2026-09-30), so claims from the autumn
are checked too; load the October 2025 release next to them for exact October-March answers.
From 2026-10-01 the FY2027 release derived from the shipped CMS order addenda answers (until
2027-03-31, when the April 2027 update takes over); a full FY2027 release given in ``extra``
replaces it.

>>> import tempfile
>>> from datetime import date
>>> codes = load_diagnosis_codes(cache_dir=tempfile.mkdtemp())
>>> codes.fiscal_year_on(date(2025, 10, 1)), codes.lookup("E119", date(2026, 3, 2)).billable
(2026, True)
>>> codes.fiscal_year_on(date(2026, 11, 30)), codes.lookup("M043", date(2026, 11, 30)).billable
(2027, True)

More information: CDC ICD-10-CM files, https://www.cdc.gov/nchs/icd/icd-10-cm/files.html ;
CMS HCPCS quarterly update and MS-DRG/MCE software pages on cms.gov.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable
from pathlib import Path
from typing import final

import attrs

from medoffice.adapters.bridges import (
    HcpcsProcedureCodes,
    IcdDiagnosisCodes,
    MceDiagnosisEdits,
)
from medoffice.adapters.reference._files import FilePath, reference_files
from medoffice.adapters.reference._hcpcs import load_hcpcs
from medoffice.adapters.reference._icd10cm import load_icd10cm
from medoffice.adapters.reference._icd10cm_derived import derive_icd10cm
from medoffice.adapters.reference._mce import load_diagnosis_edits
from medoffice.claims.ports import DiagnosisCodes, DiagnosisEdits, ProcedureCodes
from medoffice.coding import LoadProblem
from medoffice.coding.icd10cm import IcdCodeSet, IcdVersions
from medoffice.coding.procedures import HcpcsCodeSet
from medoffice.kernel import InvalidValue

__all__ = ["ReferenceData", "default_code_sets", "load_diagnosis_codes", "load_reference_data"]


@final
@attrs.frozen(kw_only=True)
class ReferenceData:
    """What a reference-data folder held, ready for a ``CheckContext``."""

    diagnoses: DiagnosisCodes
    edits: DiagnosisEdits | None = None
    procedures: ProcedureCodes | None = None
    loaded: tuple[str, ...] = ()
    problems: tuple[LoadProblem, ...] = ()
    """The problems of the files loaded (a HCPCS file cut short) and of the folders that could
    not be searched; ``reference_report(problems)`` is what every check should carry."""
    hcpcs: tuple[tuple[Path, HcpcsCodeSet], ...] = ()
    """The HCPCS file loaded, by path (give it to ``load_edit_tables(..., hcpcs=...)``, which
    then reads it no second time for its modifiers)."""


def load_diagnosis_codes(
    *, extra: Iterable[IcdCodeSet] = (), cache_dir: FilePath | None = None
) -> IcdDiagnosisCodes:
    """The bundled FY2026 code set for the whole fiscal year, the derived FY2027 one, and
    ``extra`` releases (a full release replaces a derived one of the same fiscal year and update).
    """
    return IcdDiagnosisCodes(IcdVersions(default_code_sets(extra=extra, cache_dir=cache_dir)))


def default_code_sets(
    *, extra: Iterable[IcdCodeSet] = (), cache_dir: FilePath | None = None
) -> tuple[IcdCodeSet, ...]:
    """The releases a default install answers from, plus ``extra``, a full one winning."""
    if cache_dir is None:
        bundled, derived = load_icd10cm(), derive_icd10cm()
    else:
        bundled, derived = load_icd10cm(cache_dir=cache_dir), derive_icd10cm(cache_dir=cache_dir)
    given = tuple(extra)
    full = {(c.release.fiscal_year, c.release.update) for c in given if not c.release.is_derived}
    kept = [bundled.covering_whole_fiscal_year()]
    if (derived.release.fiscal_year, derived.release.update) not in full:
        kept.append(derived)
    return (*kept, *given)


def _matching(files: Iterable[Path], pattern: str) -> list[Path]:
    return sorted(p for p in files if fnmatch.fnmatchcase(p.name, pattern))


def load_reference_data(
    root: FilePath | None = None, *, cache_dir: str | os.PathLike[str] | None = None
) -> ReferenceData:
    """The bundled ICD-10-CM plus whatever official files ``root`` holds.

    Recognised: ICD-10-CM tabular XML files (``*tabular*.xml``, each with its code list next to
    it), the MCE diagnosis-edit master and age-range CSVs (``*dx_master*.csv`` and
    ``*age_ranges*.csv``) and the CMS HCPCS alpha-numeric CSV (``HCPC*ANWEB*.csv``, not the
    transaction report).
    """
    loaded: list[str] = ["ICD-10-CM FY2026 (bundled)"]
    extra: list[IcdCodeSet] = []
    edits: MceDiagnosisEdits | None = None
    procedures: HcpcsProcedureCodes | None = None
    problems: list[LoadProblem] = []
    hcpcs_loaded: tuple[tuple[Path, HcpcsCodeSet], ...] = ()
    if root is not None:
        root = Path(root)
        if not root.is_dir():
            raise InvalidValue(f"the reference-data folder {root} does not exist")
        files, problems = reference_files(root)
        for tabular in _matching(files, "*tabular*.xml"):
            code_set = load_icd10cm(tabular, cache_dir=cache_dir)
            extra.append(code_set)
            loaded.append(f"ICD-10-CM {code_set.release.label} ({tabular.name})")
        masters = _matching(files, "*dx_master*.csv")
        ages = _matching(files, "*age_ranges*.csv")
        if masters and ages:
            edits = MceDiagnosisEdits(load_diagnosis_edits(masters[-1], age_ranges=ages[-1]))
            loaded.append(f"diagnosis edits ({masters[-1].name})")
        anweb = [
            p for p in _matching(files, "HCPC*ANWEB*.csv") if "transaction" not in p.name.lower()
        ]
        if anweb:
            hcpcs = load_hcpcs(anweb[-1])
            hcpcs_loaded = ((anweb[-1], hcpcs),)
            procedures = HcpcsProcedureCodes(hcpcs)
            problems.extend(hcpcs.problems)
            loaded.append(f"HCPCS Level II ({anweb[-1].name})")
    code_sets = default_code_sets(extra=extra, cache_dir=cache_dir)
    loaded[1:1] = [f"ICD-10-CM {c.release.provenance}" for c in code_sets if c.release.is_derived]
    diagnoses = IcdDiagnosisCodes(IcdVersions(code_sets))
    return ReferenceData(
        diagnoses=diagnoses,
        edits=edits,
        procedures=procedures,
        loaded=tuple(loaded),
        problems=tuple(problems),
        hcpcs=hcpcs_loaded,
    )
