"""Loading PTP files: both official header variants, the normalised CSV, and bad rows."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from medoffice.adapters.reference import load_ptp
from medoffice.coding import ReferenceFileError
from medoffice.coding.ncci import Quarter

FIXTURES = Path(__file__).parent / "fixtures"
WRAPPED = FIXTURES / "ccipra-v322r0-f1.txt"
SINGLE_HEADER_CUT = FIXTURES / "ccipra-v323r0-f2.txt"
WHOLE_LAST_ROW_CUT = FIXTURES / "ccipra-v321r0-f1.txt"
BAD_ROWS = FIXTURES / "ccipra-v320r0-f3.txt"
NORMALISED = FIXTURES / "ptp_normalised.csv"


class TestOfficialLayout:
    def test_a_wrapped_header_is_read_and_every_row_loads(self) -> None:
        """Notice, title and a header over four lines precede six rows."""
        table = load_ptp(WRAPPED, cache=False)
        assert len(table) == 6
        assert table.problems == ()
        assert table.versions == ("ccipra-v322r0",)
        assert table.quarters == (Quarter(2026, 3),)

    def test_star_means_no_deletion_date(self) -> None:
        """A ``*`` deletion date leaves the edit open-ended."""
        edit = load_ptp(WRAPPED, cache=False).edit("12002", "12001", on=date(2026, 8, 3))
        assert edit is not None
        assert edit.deleted is None
        assert edit.prior_1996

    def test_latin1_characters_survive(self) -> None:
        """A rationale written in Latin-1 reads back with its registered sign."""
        edit = load_ptp(WRAPPED, cache=False).edit("10060", "11720", on=date(2026, 8, 3))
        assert edit is not None
        assert edit.rationale == "CPT\u00ae Manual or CMS manual coding instruction"

    def test_indicator_nine_rows_are_loaded_but_never_apply(self) -> None:
        """The row is kept for history; no date of service sees an edit."""
        table = load_ptp(WRAPPED, cache=False)
        assert table.edit("10060", "92012", on=date(2013, 7, 1)) is None
        assert [e.indicator for e in table.history("10060", "92012", on=date(2013, 7, 1))] == [9]

    def test_a_single_line_header_is_read(self) -> None:
        """The header on one physical line, without a notice line, is recognised too."""
        table = load_ptp(SINGLE_HEADER_CUT, cache=False)
        assert table.modifier_indicator("0001A", "99202", on=date(2026, 11, 2)) == 1

    def test_the_version_and_quarter_can_be_given(self) -> None:
        """A caller's version and quarter override what the file name says."""
        table = load_ptp(WRAPPED, cache=False, version="mine", quarter=Quarter(2025, 1))
        assert table.versions == ("mine",)
        assert table.quarters == (Quarter(2025, 1),)


class TestTruncatedAndMalformedRows:
    def test_a_cut_last_row_is_reported_with_its_line_and_left_out(self) -> None:
        """A last row of two fields without a line end is not loaded, and both facts are told."""
        table = load_ptp(SINGLE_HEADER_CUT, cache=False)
        assert len(table) == 2
        assert [(p.line, str(p.rule), p.kept) for p in table.problems] == [
            (4, "REF-TRUNCATED", True),
            (4, "REF-FIELDS", False),
        ]

    def test_a_whole_last_row_without_line_end_is_kept_and_reported(self) -> None:
        """Seven fields and no line end: the row loads, with a warning on its line."""
        table = load_ptp(WHOLE_LAST_ROW_CUT, cache=False)
        assert len(table) == 2
        assert table.edit("0001U", "81167", on=date(2026, 5, 1)) is not None
        assert [(p.file, p.line, str(p.rule)) for p in table.problems] == [
            ("ccipra-v321r0-f1.txt", 8, "REF-TRUNCATED")
        ]

    def test_bad_rows_are_left_out_with_their_lines(self) -> None:
        """A non-existent date, indicator 7 and a four-character code are each reported."""
        table = load_ptp(BAD_ROWS, cache=False)
        assert len(table) == 2
        assert [(p.line, str(p.rule)) for p in table.problems] == [
            (3, "REF-VALUE"),
            (4, "REF-VALUE"),
            (5, "REF-VALUE"),
        ]

    def test_strict_loading_raises_at_the_first_problem(self) -> None:
        """``strict=True`` names the file and line in the exception."""
        with pytest.raises(ReferenceFileError) as raised:
            load_ptp(BAD_ROWS, cache=False, strict=True)
        assert (raised.value.file, raised.value.line) == ("ccipra-v320r0-f3.txt", 3)

    def test_a_file_of_another_kind_is_refused(self) -> None:
        """An MUE file handed to the PTP loader raises, naming the file."""
        with pytest.raises(ReferenceFileError) as raised:
            load_ptp(FIXTURES / "mue_normalised.csv", cache=False)
        assert raised.value.file == "mue_normalised.csv"


class TestNormalisedCsv:
    def test_each_ref_version_becomes_a_version(self) -> None:
        """Two ``ref_version`` values give two quarters side by side."""
        table = load_ptp(NORMALISED, cache=False)
        assert table.versions == ("NCCI-2026Q3", "NCCI-2026Q4")
        assert len(table) == 5

    def test_the_date_of_service_picks_the_quarter(self) -> None:
        """The Q4 file deletes a pair on 2026-09-30; Q3 dates still see it."""
        table = load_ptp(NORMALISED, cache=False)
        assert table.modifier_indicator("10060", "99213", on=date(2026, 8, 3)) == 1
        assert table.modifier_indicator("10060", "99213", on=date(2026, 10, 5)) is None

    def test_several_files_load_into_one_table(self) -> None:
        """Text and CSV files given together keep their versions."""
        table = load_ptp(WRAPPED, NORMALISED, cache=False)
        assert set(table.versions) == {"ccipra-v322r0", "NCCI-2026Q3", "NCCI-2026Q4"}


class TestSplitQuarter:
    def test_the_files_of_one_version_join_into_one(self, tmp_path: Path) -> None:
        """``-f1`` and ``-f2`` of the same release become one version holding both files' rows."""
        second = tmp_path / "ccipra-v322r0-f2.txt"
        header = WRAPPED.read_bytes().split(b"\r\n")[:6]
        row = b"99292\t36000\t\t20020101\t*\t0\tMisuse of Column Two code with Column One code"
        second.write_bytes(b"\r\n".join([*header, row]) + b"\r\n")
        table = load_ptp(WRAPPED, second, cache=False)
        assert table.versions == ("ccipra-v322r0",)
        assert len(table) == 7
        assert table.modifier_indicator("99292", "36000", on=date(2026, 8, 3)) == 0
        assert table.modifier_indicator("12002", "12001", on=date(2026, 8, 3)) == 0


class TestSpreadsheetExport:
    def test_the_official_layout_saved_as_csv_loads(self) -> None:
        """Quoted multi-line header cells, trailing empty cells and ISO dates are all read."""
        table = load_ptp(FIXTURES / "ccipra-v323r0-f1.csv", cache=False)
        assert table.versions == ("ccipra-v323r0",)
        assert len(table) == 4
        assert table.modifier_indicator("36000", "36410", on=date(2026, 11, 2)) == 1
        assert table.modifier_indicator("36000", "J1100", on=date(2026, 11, 2)) == 0
        edit = table.edit("36000", "96360", on=date(2023, 12, 31))
        assert edit is not None
        assert edit.deleted == date(2023, 12, 31)

    def test_a_short_row_is_reported_with_its_line(self) -> None:
        """A row of four cells on line 14 (the header spans lines 2-9) is left out and named."""
        table = load_ptp(FIXTURES / "ccipra-v323r0-f1.csv", cache=False)
        assert [(p.line, str(p.rule)) for p in table.problems] == [(14, "REF-FIELDS")]
