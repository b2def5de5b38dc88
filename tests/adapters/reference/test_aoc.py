"""Add-on code edits: Julian dates, edit types, deletion dates and quarters."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from tests.adapters.reference._damage import DAMAGES
from tests.adapters.reference._damage import damage as damage_file

from medoffice.adapters.reference import load_aoc
from medoffice.adapters.reference._aoc import _MAGIC
from medoffice.adapters.reference._checked_cache import write_checked
from medoffice.coding._problems import ReferenceFileError
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


class TestAocCache:
    def test_a_second_load_reads_the_cache_and_answers_alike(self, tmp_path: Path) -> None:
        """The edits (dates, types, notes, version), the quarter and the bad rows' problems come
        back from the cache as the CSV gives them."""
        fresh = load_aoc(Q4_WITH_BAD_ROWS, cache_dir=tmp_path)
        assert len(list(tmp_path.glob("aoc-*.cache"))) == 1
        assert fresh.problems  # cached too
        cached = load_aoc(Q4_WITH_BAD_ROWS, cache_dir=tmp_path)
        assert cached.versions == fresh.versions == load_aoc(Q4_WITH_BAD_ROWS, cache=False).versions
        q3 = load_aoc(Q3, cache_dir=tmp_path), load_aoc(Q3, cache_dir=tmp_path)
        assert q3[0].versions == q3[1].versions == load_aoc(Q3, cache=False).versions
        assert {e.version for e in q3[1].versions[0].edits} == {"AOC_V2026Q3-MCR"}

    @pytest.mark.parametrize("damage", DAMAGES)
    def test_a_damaged_cache_is_rebuilt_never_used(self, tmp_path: Path, damage: str) -> None:
        """A flipped bit, a file cut short or another format: the CSV is read again."""
        expected = load_aoc(Q3, cache_dir=tmp_path).versions
        (target,) = tmp_path.glob("aoc-*.cache")
        damaged = damage_file(target, damage)
        assert load_aoc(Q3, cache_dir=tmp_path).versions == expected
        assert target.read_bytes() != damaged  # rewritten

    def test_a_checked_cache_of_the_wrong_shape_is_rebuilt(self, tmp_path: Path) -> None:
        """A checksum that matches a payload this version cannot read still means a rebuild."""
        expected = load_aoc(Q3, cache_dir=tmp_path).versions
        (target,) = tmp_path.glob("aoc-*.cache")
        write_checked(target, _MAGIC, {"edits": [["11045"]], "problems": []})
        assert load_aoc(Q3, cache_dir=tmp_path).versions == expected

    def test_strict_loads_are_cached_apart(self, tmp_path: Path) -> None:
        """A lenient load's cache never answers a strict load, which still raises."""
        load_aoc(Q4_WITH_BAD_ROWS, cache_dir=tmp_path)
        with pytest.raises(ReferenceFileError, match="REF-VALUE"):
            load_aoc(Q4_WITH_BAD_ROWS, strict=True, cache_dir=tmp_path)
