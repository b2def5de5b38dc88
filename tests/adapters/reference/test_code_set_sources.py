"""The ICD-10-CM code-set source reading official files passes the contract suite."""

from __future__ import annotations

from pathlib import Path

import pytest

from medoffice.adapters.reference import FileCodeSetSource
from medoffice.coding.icd10cm.ports import CodeSetSource
from medoffice.testing._icd10cm_contracts import CodeSetSourceContract

SMALL = Path(__file__).parent / "fixtures" / "icd10cm" / "icd10cm-tabular-2025.xml"


class TestFileCodeSetSource(CodeSetSourceContract):
    @pytest.fixture(autouse=True)
    def _cache(self, tmp_path: Path) -> None:
        self.cache = tmp_path

    def make_source(self) -> CodeSetSource:
        return FileCodeSetSource(path=SMALL, cache_dir=self.cache)
