"""Test-wide settings and fixtures: Hypothesis profiles, the reference data, ICD-10-CM code sets.

The ICD-10-CM fixtures are shared by the index's tests (``coding/icd10cm``) and the loader's
(``adapters/reference``): the bundled code set compiled once per run into a cache folder of the
run, and the small official-layout files under ``adapters/reference/fixtures/icd10cm``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from medoffice.adapters.reference import load_icd10cm
from medoffice.coding.icd10cm import IcdCodeSet

ICD10CM_FIXTURES = Path(__file__).parent / "adapters" / "reference" / "fixtures" / "icd10cm"

settings.register_profile(
    "ci",
    derandomize=True,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", deadline=None, max_examples=100)
# `make fuzz`: the fuzz harness (tests/fuzz) with many more inputs per target.
settings.register_profile(
    "fuzz",
    deadline=None,
    max_examples=int(os.environ.get("MEDOFFICE_FUZZ_EXAMPLES", "3000")),
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
settings.load_profile(
    os.environ.get("MEDOFFICE_HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)


@pytest.fixture(autouse=True)
def _no_user_reference_store(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tests never read the user's reference store: an empty one unless a test names another."""
    if "MEDOFFICE_REFERENCE_STORE" not in os.environ:
        monkeypatch.setenv(
            "MEDOFFICE_REFERENCE_STORE", str(tmp_path_factory.getbasetemp() / "no-store")
        )


@pytest.fixture(scope="session")
def reference_data() -> Path:
    """The folder of official CMS/CDC files named by ``MEDOFFICE_REFERENCE_DATA``.

    Tests that need it skip, with the reason, when the variable is unset or the folder is missing.
    """
    value = os.environ.get("MEDOFFICE_REFERENCE_DATA")
    if not value:
        pytest.skip("MEDOFFICE_REFERENCE_DATA is not set: the official reference files are absent")
    path = Path(value)
    if not path.is_dir():
        pytest.skip(f"MEDOFFICE_REFERENCE_DATA points at {path}, which is not a folder")
    return path


@pytest.fixture(scope="session")
def bundled_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache folder of this run, never the user's."""
    return tmp_path_factory.mktemp("icd10cm-cache")


@pytest.fixture(scope="session")
def codes(bundled_cache: Path) -> IcdCodeSet:
    """The bundled FY2026 April ICD-10-CM code set."""
    return load_icd10cm(cache_dir=bundled_cache)


@pytest.fixture(scope="session")
def small_tabular() -> Path:
    """A small ICD-10-CM tabular XML in the official layout (FY2025)."""
    return ICD10CM_FIXTURES / "icd10cm-tabular-2025.xml"


@pytest.fixture
def small(small_tabular: Path, tmp_path: Path) -> IcdCodeSet:
    """The small code set, compiled into this test's own cache folder."""
    return load_icd10cm(small_tabular, cache_dir=tmp_path)


@pytest.fixture(scope="session")
def billable(codes: IcdCodeSet) -> tuple[str, ...]:
    """The bundled billable ICD-10-CM codes, sorted, for drawing examples."""
    return tuple(sorted(codes.billable_codes()))
