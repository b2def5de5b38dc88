"""The in-memory fakes of the claims ports pass their contract suites."""

from __future__ import annotations

from medoffice.adapters.memory import (
    InMemoryDiagnosisCodes,
    InMemoryDiagnosisEdits,
    InMemoryProcedureCodes,
)
from medoffice.claims.ports import DiagnosisCodes, DiagnosisEdits, ProcedureCodes
from medoffice.testing._claims_contracts import (
    DiagnosisCodesContract,
    DiagnosisEditsContract,
    ProcedureCodesContract,
)


class TestInMemoryDiagnosisCodes(DiagnosisCodesContract):
    excludes1_pair = ("E119", "E109")

    def make_codes(self) -> DiagnosisCodes:
        return InMemoryDiagnosisCodes.sample()


class TestInMemoryDiagnosisEdits(DiagnosisEditsContract):
    def make_edits(self) -> DiagnosisEdits:
        return InMemoryDiagnosisEdits.sample()


class TestInMemoryProcedureCodes(ProcedureCodesContract):
    def make_procedures(self) -> ProcedureCodes:
        return InMemoryProcedureCodes.sample()
