"""CARC and RARC lists loaded from user-saved CSV files (X12's text is not shipped)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from medoffice.adapters.reference._reason_codes import load_reason_codes
from medoffice.coding import ReferenceFileError

FIXTURE = Path(__file__).parent / "fixtures" / "carc_sample.csv"


class TestLoading:
    def test_codes_with_their_dates(self) -> None:
        """Active and retired codes load with their start and stop dates."""
        loaded = load_reason_codes(FIXTURE, kind="carc")
        assert loaded.codes.in_effect("carc", "45", date(2026, 3, 1))
        assert not loaded.codes.in_effect("carc", "A1", date(2026, 3, 1))
        assert loaded.codes.in_effect("carc", "A1", date(2008, 3, 31))

    def test_bad_rows_are_problems_with_their_lines(self) -> None:
        """A bad code, a bad date and an inverted range are listed, not loaded."""
        loaded = load_reason_codes(FIXTURE, kind="carc")
        assert [(p.line, p.rule) for p in loaded.problems] == [
            (7, "REF-VALUE"),
            (8, "REF-DATE"),
            (9, "REF-DATE"),
        ]
        assert len(loaded.codes) == 5

    def test_strict_raises_at_the_first_problem(self) -> None:
        """With strict=True the first bad row raises."""
        with pytest.raises(ReferenceFileError):
            load_reason_codes(FIXTURE, kind="carc", strict=True)

    def test_a_file_without_a_code_column_is_refused(self, tmp_path: Path) -> None:
        """A CSV that is not a code list cannot be read at all."""
        path = tmp_path / "other.csv"
        path.write_text("name,amount\nx,1\n")
        with pytest.raises(ReferenceFileError):
            load_reason_codes(path, kind="rarc")

    def test_an_empty_file_is_refused(self, tmp_path: Path) -> None:
        """An empty file is not a code list."""
        path = tmp_path / "empty.csv"
        path.write_text("")
        with pytest.raises(ReferenceFileError):
            load_reason_codes(path, kind="rarc")
