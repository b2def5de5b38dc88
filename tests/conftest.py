"""Test-wide settings: Hypothesis profiles and the reference-data fixture."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    derandomize=True,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", deadline=None, max_examples=100)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


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
