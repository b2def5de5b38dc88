"""The in-memory ICD-10-CM code-set source passes the contract suite."""

from __future__ import annotations

from pathlib import Path

import pytest

from medoffice.adapters.memory import InMemoryCodeSetSource
from medoffice.adapters.reference import FileCodeSetSource
from medoffice.coding.icd10cm.ports import CodeSetSource
from medoffice.testing._icd10cm_contracts import CodeSetSourceContract

SMALL = (
    Path(__file__).parents[1] / "reference" / "fixtures" / "icd10cm" / "icd10cm-tabular-2025.xml"
)


class TestInMemoryCodeSetSource(CodeSetSourceContract):
    @pytest.fixture(autouse=True)
    def _code_set(self, tmp_path: Path) -> None:
        self.code_set = FileCodeSetSource(path=SMALL, cache_dir=tmp_path).load()

    def make_source(self) -> CodeSetSource:
        return InMemoryCodeSetSource(self.code_set)
