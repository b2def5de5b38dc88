"""Fixtures for the 837P reader tests: a small valid interchange to edit, and the fixture folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from medoffice.testing import generate_837p


@pytest.fixture
def one_claim() -> bytes:
    """A valid interchange of one synthetic claim, one segment per line."""
    return generate_837p(1, seed=5, line_break="\n")


@pytest.fixture
def fixtures() -> Path:
    """The folder of hand-written 837P fixtures."""
    return Path(__file__).parent / "fixtures"
