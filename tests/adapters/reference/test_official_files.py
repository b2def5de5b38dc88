"""The official CMS files in MEDOFFICE_REFERENCE_DATA load with the row counts of their SOURCE.md.

Skipped, with the reason, when the variable is unset.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from medoffice.adapters.reference import load_aoc, load_hcpcs, load_mue, load_pos_list, load_ptp
from medoffice.coding.ncci import AocType, Mai, Quarter
from medoffice.coding.pos import is_valid_place_of_service

AUGUST_2026 = date(2026, 8, 3)


class TestPtp:
    def test_the_official_excerpt_loads_155_rows(self, reference_data: Path) -> None:
        """140 rows of indicator 1, 9 of 0 and 6 of 9; the cut last row is kept and reported."""
        table = load_ptp(reference_data / "ncci_ptp" / "ccipra-v322r0-f1.excerpt.txt", cache=False)
        assert len(table) == 155
        assert Counter(int(e.indicator) for e in table.rows()) == {1: 140, 0: 9, 9: 6}
        assert table.quarters == (Quarter(2026, 3),)
        assert [(p.line, str(p.rule), p.kept) for p in table.problems] == [
            (161, "REF-TRUNCATED", True)
        ]

    def test_an_indicator_1_pair_is_in_force_in_august_2026(self, reference_data: Path) -> None:
        """0001U / 81164 (effective 2019-01-01, no deletion) allows a modifier."""
        table = load_ptp(reference_data / "ncci_ptp" / "ccipra-v322r0-f1.excerpt.txt", cache=False)
        assert table.modifier_indicator("0001U", "81164", on=AUGUST_2026) == 1
        assert table.edit("0001A", "99202", on=AUGUST_2026) is None  # deleted 2023-12-31

    def test_the_normalised_subset_loads_385_rows(self, reference_data: Path) -> None:
        """Header plus 385 rows of NCCI-2026Q3, with no problem."""
        table = load_ptp(
            reference_data / "ncci_ptp" / "priorpath_subset_ptp_2026Q3_head.csv", cache=False
        )
        assert len(table) == 385
        assert table.problems == ()
        assert table.modifier_indicator("10060", "99213", on=AUGUST_2026) == 1
        assert table.modifier_indicator("12002", "12001", on=AUGUST_2026) == 0
        assert table.edit("10060", "99211", on=date(2020, 5, 1)) is None


class TestMue:
    def test_the_official_excerpt_loads_44_rows(self, reference_data: Path) -> None:
        """The AMA notice and the multi-line header precede 44 PLA/MAAA rows."""
        table = load_mue(
            reference_data / "ncci_mue" / "MCR_MUE_PractitionerServices_Eff_07-01-2026.excerpt.csv"
        )
        assert len(table) == 44
        assert table.problems == ()
        limit = table.limit("0009U", on=AUGUST_2026)
        assert limit is not None
        assert (limit.max_units, limit.mai) == (2, Mai.DATE_OF_SERVICE_CLINICAL)

    def test_the_normalised_subset_loads_200_rows(self, reference_data: Path) -> None:
        """100 codes in each of two quarters; 76140 has an MUE of 0."""
        table = load_mue(reference_data / "ncci_mue" / "priorpath_subset_mue_2026Q3_Q4.csv")
        assert len(table) == 200
        assert [len(v) for v in table.versions] == [100, 100]
        for code, units, mai in [("99213", 2, 3), ("99202", 1, 2), ("76140", 0, 3)]:
            limit = table.limit(code, on=date(2026, 11, 2))
            assert limit is not None
            assert (limit.max_units, limit.mai) == (units, mai)


class TestAoc:
    def test_the_q2_file_loads_9000_rows(self, reference_data: Path) -> None:
        """9,000 pairs of 830 add-on codes, by edit type 8,293 / 47 / 660."""
        table = load_aoc(reference_data / "ncci_aoc" / "AOC_V2026Q2-MCR.csv")
        (version,) = table.versions
        assert len(table) == 9000
        assert table.problems == ()
        assert len({e.add_on for e in version.edits}) == 830
        assert Counter(e.type for e in version.edits) == {
            AocType.LISTED_ONLY: 8293,
            AocType.CONTRACTOR_DEFINED: 47,
            AocType.LISTED_AND_CONTRACTOR: 660,
        }

    def test_99292_needs_99291(self, reference_data: Path) -> None:
        """The critical care add-on code and its primary."""
        table = load_aoc(reference_data / "ncci_aoc" / "AOC_V2026Q2-MCR.csv")
        assert table.is_add_on("99292", on=date(2026, 5, 4))
        assert [e.primary for e in table.primaries("99292", on=date(2026, 5, 4))] == ["99291"]


class TestHcpcs:
    def test_the_october_2025_file_loads_8846_records(self, reference_data: Path) -> None:
        """8,463 codes and 383 modifiers, with no problem."""
        codes = load_hcpcs(reference_data / "hcpcs" / "HCPC2025_OCT_ANWEB_v4.csv")
        assert (len(codes.codes), len(codes.modifiers), len(codes)) == (8463, 383, 8846)
        assert codes.problems == ()

    def test_a4397_was_terminated_at_the_end_of_2021(self, reference_data: Path) -> None:
        """Listed, but not valid for a service on 2022-01-01."""
        codes = load_hcpcs(reference_data / "hcpcs" / "HCPC2025_OCT_ANWEB_v4.csv")
        assert codes.is_valid("A4397", on=date(2021, 12, 31))
        assert not codes.is_valid("A4397", on=date(2022, 1, 1))
        assert codes.modifier_set().is_valid("XU", on=AUGUST_2026)


class TestPos:
    @pytest.mark.parametrize(
        ("name", "rows"),
        [("pyx12_pos_codes.csv", 52), ("tuva_place_of_service_codes.csv", 50),
         ("pos_codes_merged.csv", 52)],
    )  # fmt: skip
    def test_every_listed_code_is_assigned(
        self, reference_data: Path, name: str, rows: int
    ) -> None:
        """Each list loads completely against medoffice's own POS table."""
        listing = load_pos_list(reference_data / "pos" / name)
        assert len(listing) == rows
        assert listing.problems == ()

    def test_27_is_not_valid_before_october_2023(self, reference_data: Path) -> None:
        """POS 27 is in the current list and takes effect on 2023-10-01."""
        codes = {
            code
            for code, _ in load_pos_list(reference_data / "pos" / "pyx12_pos_codes.csv").entries
        }
        assert "27" in codes
        assert not is_valid_place_of_service("27", on=date(2023, 9, 30))
        assert is_valid_place_of_service("27", on=date(2023, 10, 1))
