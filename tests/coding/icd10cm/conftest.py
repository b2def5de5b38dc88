"""Shared ICD-10-CM fixtures: the bundled code set (compiled once per run) and small files."""

from __future__ import annotations

from pathlib import Path

import pytest

from medoffice.adapters.reference import load_icd10cm
from medoffice.coding.icd10cm import IcdCodeSet

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def bundled_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache folder of this run, never the user's."""
    return tmp_path_factory.mktemp("icd10cm-cache")


@pytest.fixture(scope="session")
def codes(bundled_cache: Path) -> IcdCodeSet:
    """The bundled FY2026 April code set."""
    return load_icd10cm(cache_dir=bundled_cache)


@pytest.fixture(scope="session")
def small_tabular() -> Path:
    """A small tabular XML in the official layout (FY2025)."""
    return FIXTURES / "icd10cm-tabular-2025.xml"


@pytest.fixture
def small(small_tabular: Path, tmp_path: Path) -> IcdCodeSet:
    """The small code set, compiled into this test's own cache folder."""
    return load_icd10cm(small_tabular, cache_dir=tmp_path)


@pytest.fixture(scope="session")
def billable(codes: IcdCodeSet) -> tuple[str, ...]:
    """The bundled billable codes, sorted, for drawing examples."""
    return tuple(sorted(codes.billable_codes()))
