"""Quarters, and the three tables held together."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medoffice.adapters.reference import load_aoc, load_mue, load_ptp
from medoffice.coding.ncci import NcciEdits, Quarter
from medoffice.kernel import InvalidValue

FIXTURES = Path(__file__).parents[2] / "adapters" / "reference" / "fixtures"


class TestQuarter:
    @pytest.mark.parametrize(
        ("text", "quarter"),
        [
            ("ccipra-v322r0-f1.TXT", Quarter(2026, 3)),
            ("ccipra-v290r0-f4.txt", Quarter(2023, 1)),
            ("MCR_MUE_PractitionerServices_Eff_01-01-2027.csv", Quarter(2027, 1)),
            ("AOC_V2026Q2-MCR.csv", Quarter(2026, 2)),
            ("HCPC2025_OCT_ANWEB_v4.csv", Quarter(2025, 4)),
        ],
    )
    def test_file_names_name_their_quarter(self, text: str, quarter: Quarter) -> None:
        """Version numbers, effective dates, labels and release months all resolve."""
        assert Quarter.find(text) == quarter

    def test_a_quarter_label_that_is_not_one_is_refused(self) -> None:
        """Parsing text with no quarter raises."""
        with pytest.raises(InvalidValue):
            Quarter.parse("2026-07")

    def test_quarter_five_does_not_exist(self) -> None:
        """Quarter numbers are 1 to 4."""
        with pytest.raises(InvalidValue):
            Quarter(2026, 5)

    @given(st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31)))
    def test_every_day_lies_in_its_own_quarter(self, day: date) -> None:
        """``Quarter.of(day)`` contains the day, and the next quarter starts after it ends."""
        quarter = Quarter.of(day)
        assert quarter.dates.contains(day)
        assert quarter.next().first_day.toordinal() == quarter.last_day.toordinal() + 1
        assert Quarter.parse(str(quarter)) == quarter


class TestNcciEdits:
    def test_the_three_tables_answer_together(self) -> None:
        """PTP, MUE and add-on questions go to their own tables."""
        edits = NcciEdits(
            ptp=load_ptp(FIXTURES / "ptp_normalised.csv", cache=False),
            mue=load_mue(FIXTURES / "mue_normalised.csv"),
            aoc=load_aoc(FIXTURES / "AOC_V2026Q3-MCR.csv"),
        )
        on = date(2026, 8, 3)
        ptp = edits.ptp_edit("12002", "12001", on=on)
        limit = edits.mue_limit("99213", on=on)
        assert ptp is not None
        assert limit is not None
        assert limit.max_units == 2
        assert edits.is_add_on("99292", on=on)
        assert [str(p.rule) for p in edits.problems] == ["REF-DUPLICATE"]

    def test_merging_keeps_both_sets_of_versions(self) -> None:
        """Q3 and Q4 add-on files merged answer each quarter from its file."""
        q3 = NcciEdits(aoc=load_aoc(FIXTURES / "AOC_V2026Q3-MCR.csv"))
        q4 = NcciEdits(aoc=load_aoc(FIXTURES / "AOC_V2026Q4-MCR.csv"))
        both = q3.merge(q4).merge(NcciEdits())
        assert both.aoc is not None
        assert len(both.aoc.versions) == 2
        assert both.ptp is None
