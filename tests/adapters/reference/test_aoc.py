"""Add-on code edits: Julian dates, edit types, deletion dates and quarters."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from medoffice.adapters.reference import load_aoc
from medoffice.coding.ncci import AocType, Quarter

FIXTURES = Path(__file__).parent / "fixtures"
Q3 = FIXTURES / "AOC_V2026Q3-MCR.csv"
Q4_WITH_BAD_ROWS = FIXTURES / "AOC_V2026Q4-MCR.csv"
DOS = date(2026, 8, 3)


class TestAocFile:
    def test_the_copyright_row_and_header_are_skipped(self) -> None:
        """Six pairs load from the fixture; the quarter comes from the file name."""
        table = load_aoc(Q3)
        assert len(table) == 6
        assert table.problems == ()
        assert [v.quarter for v in table.versions] == [Quarter(2026, 3)]

    def test_critical_care_add_on_needs_its_primary(self) -> None:
        """99292 is an add-on code whose primary is 99291."""
        table = load_aoc(Q3)
        assert table.is_add_on("99292", on=DOS)
        assert table.supports("99292", "99291", on=DOS)
        assert not table.supports("99292", "99213", on=DOS)

    def test_julian_dates_are_read_as_calendar_days(self) -> None:
        """``2013091`` is 2013-04-01 and ``2013365`` is 2013-12-31."""
        (edit,) = load_aoc(Q3).primaries("0079T", on=date(2013, 12, 31))
        assert (edit.effective, edit.deleted, edit.add_on_deleted) == (
            date(2013, 4, 1),
            date(2013, 12, 31),
            date(2013, 12, 31),
        )

    def test_a_deleted_pair_is_not_in_force_after_its_last_day(self) -> None:
        """11001 lost its edit after 2020-12-31 (day 366 of a leap year)."""
        table = load_aoc(Q3)
        assert table.is_add_on("11001", on=date(2020, 12, 31))
        assert not table.is_add_on("11001", on=date(2021, 1, 1))
        assert table.primaries("11001", on=date(2021, 1, 1)) == ()

    def test_contractor_defined_primaries_are_marked(self) -> None:
        """Type 2 rows carry the ``CCCCC`` placeholder."""
        (edit,) = load_aoc(Q3).primaries("0054T", on=DOS)
        assert edit.type is AocType.CONTRACTOR_DEFINED
        assert edit.contractor_defined

    def test_bad_rows_are_reported_with_their_lines(self) -> None:
        """Day 400 and a four-character primary code are REF-VALUE problems."""
        table = load_aoc(Q4_WITH_BAD_ROWS)
        assert len(table) == 1
        assert [(p.line, str(p.rule)) for p in table.problems] == [
            (5, "REF-VALUE"),
            (6, "REF-VALUE"),
        ]

    def test_two_quarters_side_by_side(self) -> None:
        """Each date of service is answered by its quarter's file."""
        both = load_aoc(Q3).merge(load_aoc(Q4_WITH_BAD_ROWS))
        assert both.version_on(DOS) == "AOC_V2026Q3-MCR"
        assert both.version_on(date(2026, 11, 2)) == "AOC_V2026Q4-MCR"
        assert both.is_add_on("11045", on=DOS)
        assert not both.is_add_on("11045", on=date(2026, 11, 2))
