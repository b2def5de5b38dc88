"""ICD-10-CM, the US diagnosis code set, as a compiled, versioned, fast index.

An :class:`IcdCodeSet` is one release compiled into :class:`IcdTables`; it answers ``lookup``,
``is_billable``, ``billable_codes`` and ``excludes1_conflicts``. :class:`IcdVersions` holds
several releases and answers which one applies on a date of service (the fiscal year starts on
1 October; an April update may follow). :func:`apply_addenda` derives the next release from a
full one and the official order addenda. This package reads no file:
``adapters.reference.load_icd10cm`` compiles the official CDC files (by default
the FY2026 April update bundled with ``simple-icd-10-cm``) and keeps the compiled tables in a
cache.

>>> from datetime import date
>>> fiscal_year_of(date(2025, 10, 1)), fiscal_year_of(date(2025, 9, 30))
(2026, 2025)
>>> IcdRelease(fiscal_year=2026, update=ReleaseUpdate.APRIL).label
'FY2026 April update'

More information: CDC NCHS, ICD-10-CM, https://www.cdc.gov/nchs/icd/icd-10-cm/ ; ICD-10-CM
Official Guidelines for Coding and Reporting FY2026.
"""

from __future__ import annotations

from medoffice.kernel._lazy import lazy_exports

TYPE_CHECKING = False  # typing's own flag, without importing typing on a cold start
if TYPE_CHECKING:
    from typing import Final

    from medoffice.coding.icd10cm._addenda import (
        AddendaAction,
        AddendaRow,
        OrderAddenda,
        apply_addenda,
    )
    from medoffice.coding.icd10cm._catalog import IcdVersions
    from medoffice.coding.icd10cm._compile import SourceNode, compile_tables
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
    from medoffice.coding.icd10cm._tables import IcdTables
    from medoffice.coding.icd10cm._versions import (
        FIRST_APRIL_UPDATE,
        CodeSetUnavailable,
        IcdRelease,
        ReleaseUpdate,
        fiscal_year_of,
    )

__all__ = [
    "FIRST_APRIL_UPDATE",
    "AddendaAction",
    "AddendaRow",
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
    "OrderAddenda",
    "RecordUse",
    "ReleaseUpdate",
    "SeventhCharacter",
    "SourceNode",
    "apply_addenda",
    "compile_tables",
    "fiscal_year_of",
    "parse_references",
    "undotted",
]

# Where each public name lives. Each is imported on first use, so that loading a code set from
# its cache and answering a lookup imports neither the compiler, the addenda nor the edit table.
_HOMES: Final = {
    "AddendaAction": "._addenda",
    "AddendaRow": "._addenda",
    "AgeGroup": "._edits",
    "CharacterQualifier": "._references",
    "CodeReference": "._references",
    "CodeSetUnavailable": "._versions",
    "DiagnosisEdit": "._edits",
    "DiagnosisEditPeriod": "._edits",
    "DiagnosisEditTable": "._edits",
    "Excludes1Conflict": "._model",
    "FIRST_APRIL_UPDATE": "._versions",
    "IcdCodeSet": "._index",
    "IcdItem": "._model",
    "IcdRelease": "._versions",
    "IcdTables": "._tables",
    "IcdVersions": "._catalog",
    "ItemKind": "._model",
    "Note": "._model",
    "NoteKind": "._model",
    "OrderAddenda": "._addenda",
    "RecordUse": "._model",
    "ReleaseUpdate": "._versions",
    "SeventhCharacter": "._model",
    "SourceNode": "._compile",
    "apply_addenda": "._addenda",
    "compile_tables": "._compile",
    "fiscal_year_of": "._versions",
    "parse_references": "._references",
    "undotted": "._references",
}


__getattr__, __dir__ = lazy_exports(__name__, globals(), _HOMES)
