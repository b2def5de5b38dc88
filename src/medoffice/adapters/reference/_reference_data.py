"""Everything a reference-data folder holds for the claim checker's diagnosis and procedure ports.

:func:`load_reference_data` takes the bundled ICD-10-CM and whatever official files a folder
holds (ICD-10-CM releases, the CMS MCE diagnosis-edit table, the CMS HCPCS file) and builds the
bridges of :mod:`medoffice.adapters.bridges` over them, ready for a ``CheckContext``.

More information: CDC ICD-10-CM files, https://www.cdc.gov/nchs/icd/icd-10-cm/files.html ;
CMS HCPCS quarterly update and MS-DRG/MCE software pages on cms.gov.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import final

import attrs

from medoffice.adapters.bridges import (
    HcpcsProcedureCodes,
    IcdDiagnosisCodes,
    MceDiagnosisEdits,
)
from medoffice.adapters.reference._mce import load_diagnosis_edits
from medoffice.claims.ports import DiagnosisCodes, DiagnosisEdits, ProcedureCodes
from medoffice.coding import hcpcs, icd10cm
from medoffice.coding.icd10cm import IcdCodeSet
from medoffice.kernel import InvalidValue

__all__ = ["ReferenceData", "load_reference_data"]


@final
@attrs.frozen(kw_only=True)
class ReferenceData:
    """What a reference-data folder held, ready for a ``CheckContext``."""

    diagnoses: DiagnosisCodes
    edits: DiagnosisEdits | None = None
    procedures: ProcedureCodes | None = None
    loaded: tuple[str, ...] = ()


def _files(root: Path, pattern: str) -> list[Path]:
    return sorted(p for p in root.rglob(pattern) if p.is_file())


def load_reference_data(
    root: Path | None = None, *, cache_dir: str | os.PathLike[str] | None = None
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
    if root is not None:
        if not root.is_dir():
            raise InvalidValue(f"the reference-data folder {root} does not exist")
        for tabular in _files(root, "*tabular*.xml"):
            code_set = icd10cm.load(tabular, cache_dir=cache_dir)
            extra.append(code_set)
            loaded.append(f"ICD-10-CM {code_set.release.label} ({tabular.name})")
        masters = _files(root, "*dx_master*.csv")
        ages = _files(root, "*age_ranges*.csv")
        if masters and ages:
            edits = MceDiagnosisEdits(load_diagnosis_edits(masters[-1], age_ranges=ages[-1]))
            loaded.append(f"diagnosis edits ({masters[-1].name})")
        anweb = [p for p in _files(root, "HCPC*ANWEB*.csv") if "transaction" not in p.name.lower()]
        if anweb:
            procedures = HcpcsProcedureCodes(hcpcs.load(anweb[-1]))
            loaded.append(f"HCPCS Level II ({anweb[-1].name})")
    diagnoses = IcdDiagnosisCodes.bundled(extra=extra, cache_dir=cache_dir)
    return ReferenceData(
        diagnoses=diagnoses, edits=edits, procedures=procedures, loaded=tuple(loaded)
    )
