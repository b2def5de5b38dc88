"""MUE tables: both layouts, the MAI cell, quarters side by side, and bad rows."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medoffice.adapters.reference import load_mue
from medoffice.coding.ncci import Mai, MueLimit, MueTable, MueVersion, Quarter
from medoffice.kernel import InvalidArgument, InvalidValue

FIXTURES = Path(__file__).parent / "fixtures"
OFFICIAL = FIXTURES / "MCR_MUE_PractitionerServices_Eff_10-01-2026.csv"
OFFICIAL_CUT = FIXTURES / "MCR_MUE_PractitionerServices_Eff_07-01-2026.csv"
NORMALISED = FIXTURES / "mue_normalised.csv"


class TestOfficialLayout:
    def test_the_notice_and_multi_line_header_are_skipped(self) -> None:
        """Five data rows load from a file with a quoted multi-line notice and header."""
        table = load_mue(OFFICIAL)
        assert len(table) == 5
        assert table.problems == ()

    def test_the_quarter_comes_from_the_file_name(self) -> None:
        """``Eff_10-01-2026`` is 2026 Q4."""
        (version,) = load_mue(OFFICIAL).versions
        assert version.quarter == Quarter(2026, 4)
        assert version.version == "MUE-2026Q4"

    @pytest.mark.parametrize(
        ("code", "units", "mai"),
        [("J1100", 120, Mai.LINE), ("17003", 13, Mai.DATE_OF_SERVICE_POLICY), ("76140", 0, 3)],
    )
    def test_the_indicator_digit_is_read_from_its_label(
        self, code: str, units: int, mai: int
    ) -> None:
        """``"2 Date of Service Edit: Policy"`` is MAI 2; an MUE of 0 is kept as 0."""
        limit = load_mue(OFFICIAL).limit(code, on=date(2026, 11, 2))
        assert limit is not None
        assert (limit.max_units, limit.mai) == (units, mai)

    def test_a_cut_last_row_is_reported_and_left_out(self) -> None:
        """``0002U,1`` without a line end: two problems on line 8, the two whole rows load."""
        table = load_mue(OFFICIAL_CUT)
        assert len(table) == 2
        assert [(p.line, str(p.rule)) for p in table.problems] == [
            (8, "REF-TRUNCATED"),
            (8, "REF-FIELDS"),
        ]


class TestNormalisedLayout:
    def test_each_ref_version_is_a_quarter(self) -> None:
        """99213 allows 2 units in Q3 and 3 in Q4 of the same file."""
        table = load_mue(NORMALISED)
        assert [v.version for v in table.versions] == ["MUE-2026Q3", "MUE-2026Q4"]
        q3 = table.limit("99213", on=date(2026, 8, 3))
        q4 = table.limit("99213", on=date(2026, 11, 2))
        assert q3 is not None
        assert q4 is not None
        assert (q3.max_units, q4.max_units) == (2, 3)

    def test_a_code_listed_twice_keeps_the_first_and_says_so(self) -> None:
        """The second 36415 row of Q4 is a REF-DUPLICATE problem on line 5."""
        assert [(p.line, str(p.rule)) for p in load_mue(NORMALISED).problems] == [
            (5, "REF-DUPLICATE")
        ]

    def test_a_code_without_a_limit_answers_none(self) -> None:
        """No row, no limit."""
        assert load_mue(NORMALISED).limit("99999", on=date(2026, 8, 3)) is None


class TestValues:
    def test_mai_two_and_three_count_per_day(self) -> None:
        """MAI 1 is per line; 2 and 3 sum the day's units."""
        assert not Mai.LINE.per_date_of_service
        assert Mai.DATE_OF_SERVICE_CLINICAL.per_date_of_service

    def test_negative_units_cannot_exist(self) -> None:
        """An MUE value below zero is refused."""
        with pytest.raises(InvalidValue):
            MueLimit(code="99213", max_units=-1, mai=3)

    def test_a_version_refuses_a_code_twice(self) -> None:
        """Building a version from rows that repeat a code is a programming error."""
        limit = MueLimit(code="99213", max_units=2, mai=3)
        with pytest.raises(InvalidArgument):
            MueVersion.of(version="v", quarter=None, limits=[limit, limit])

    @given(units=st.integers(0, 10_000), mai=st.sampled_from(list(Mai)))
    def test_any_limit_comes_back_from_the_table(self, units: int, mai: Mai) -> None:
        """Whatever is stored is what a lookup on any date returns."""
        limit = MueLimit(code="36415", max_units=units, mai=mai)
        table = MueTable.of(MueVersion.of(version="v", quarter=None, limits=[limit]))
        found = table.limit("36415", on=date(2030, 1, 1))
        assert found is not None
        assert (found.max_units, found.mai) == (units, mai)
