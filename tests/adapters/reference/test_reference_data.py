"""load_reference_data finds and loads the official files of the shared reference folder."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from medoffice.adapters.reference import (
    load_reference_data,
)


class TestRealReferenceFiles:
    def test_the_shared_folder_loads_every_kind(self, reference_data: Path) -> None:
        """The official MCE and HCPCS files are found and loaded."""
        loaded = load_reference_data(reference_data)
        assert loaded.edits is not None
        assert loaded.procedures is not None

    def test_the_official_mce_table_passes_the_contract(self, reference_data: Path) -> None:
        """The real MCE v43.1 table answers like the fixture."""
        edits = load_reference_data(reference_data).edits
        assert edits is not None
        assert edits.lookup("Z3800", date(2026, 3, 2)) is not None
        assert edits.lookup("N400", date(2024, 9, 30)) is not None
