"""Reading code references out of instructional notes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medoffice.coding.icd10cm import CodeReference, parse_references


def _only(text: str) -> CodeReference:
    references = parse_references(text)
    assert len(references) == 1
    return references[0]


class TestShapes:
    @pytest.mark.parametrize(
        ("text", "first", "last"),
        [
            ("amyloidosis (E85.4)", "E854", "E854"),
            ("diabetes due to condition (E08.-)", "E08", "E08"),
            ("gestational diabetes (O24.4-)", "O244", "O244"),
            ("concussion (S06.0X-)", "S060X", "S060X"),
            ("HIV disease (B20)", "B20", "B20"),
            ("thyroid disorders (E00-E07)", "E00", "E07"),
            ("neoplasms (C00-D49)", "C00", "D49"),
            ("iodine deficiency (E00-E03.-)", "E00", "E03"),
            ("multiple sclerosis (G35-)", "G35", "G35"),
            ("a stray form (A99.9.-)", "A999", "A999"),
            ("tic disorders (F98.2.-F98.3)", "F982", "F983"),
            ("juvenile arthritis (M05.00 to M05.8A)", "M0500", "M058A"),
        ],
    )
    def test_reads_each_shape_in_the_file(self, text: str, first: str, last: str) -> None:
        """Exact codes, wildcards, bare categories, ranges and odd forms become prefixes."""
        reference = _only(text)
        assert (reference.first, reference.last) == (first, last)

    def test_reads_several_references_in_one_parenthesis(self) -> None:
        """Comma-separated references are all kept, in order."""
        found = parse_references("secondary diabetes (E08.-, E09.-, E13.-)")
        assert [r.first for r in found] == ["E08", "E09", "E13"]

    def test_reads_references_without_parentheses(self) -> None:
        """A note naming a code in running text still yields it."""
        assert _only("torticollis NOS M43.6").first == "M436"

    def test_a_note_without_a_code_has_no_reference(self) -> None:
        """Free text such as a see-also instruction yields nothing."""
        assert parse_references("certain localized infections - see body system chapters") == ()

    def test_reads_separated_ranges(self) -> None:
        """Semicolons and "and" separate references too."""
        found = parse_references("infections (J00-J06; J20-J22) or (A00-R94 and T80-T88.6)")
        assert [(r.first, r.last) for r in found] == [
            ("J00", "J06"),
            ("J20", "J22"),
            ("A00", "R94"),
            ("T80", "T886"),
        ]


class TestMatching:
    def test_a_wildcard_covers_its_descendants(self) -> None:
        """``E10.-`` covers E10.9 and E10.10 but not E11.9."""
        reference = _only("type 1 (E10.-)")
        assert reference.matches("E10.9")
        assert reference.matches("E1010")
        assert not reference.matches("E11.9")

    def test_a_range_across_letters_covers_its_inside(self) -> None:
        """``C00-D49`` covers C50.911 and D49.9 but not D50.0 or B99.9."""
        reference = _only("neoplasms (C00-D49)")
        assert reference.matches("C50.911")
        assert reference.matches("D49.9")
        assert not reference.matches("D50.0")
        assert not reference.matches("B99.9")

    def test_a_range_to_a_subcategory_stops_there(self) -> None:
        """``T80-T88.6`` covers T88.69 but not T88.7."""
        reference = parse_references("(A00-R94 and T80-T88.6)")[1]
        assert reference.matches("T88.69")
        assert not reference.matches("T88.7")

    def test_a_fifth_character_qualifier_narrows_the_reference(self) -> None:
        """``B27.- with fifth character 2`` covers B27.02 only of the B27.0x codes."""
        reference = _only("mononucleosis with meningitis (B27.- with fifth character 2)")
        assert reference.matches("B27.02")
        assert not reference.matches("B27.01")

    def test_a_fifth_or_sixth_character_qualifier_takes_either(self) -> None:
        """``T36-T50 with fifth or sixth character 5`` covers T36.5X5 and T38.805."""
        reference = _only("adverse effect (T36-T50 with fifth or sixth character 5)")
        assert reference.matches("T36.5X5A")
        assert reference.matches("T38.805A")
        assert not reference.matches("T36.0X1A")

    def test_a_tail_qualifier_names_the_characters_after_the_category(self) -> None:
        """``E08-E13 with .42`` covers E11.42 but not E11.40."""
        reference = _only("diabetic polyneuropathy (E08-E13 with .42)")
        assert reference.matches("E11.42")
        assert not reference.matches("E11.40")

    def test_an_unreadable_qualifier_matches_nothing(self) -> None:
        """A qualifier in words is kept as text and never produces a conflict."""
        reference = _only("acidosis (E13 with ketoacidosis)")
        assert reference.unread_qualifier == "ketoacidosis"
        assert not reference.matches("E13.10")


class TestRobustness:
    @given(st.text())
    def test_parsing_any_text_never_raises(self, text: str) -> None:
        """Whatever the note says, parsing returns a tuple of references."""
        assert isinstance(parse_references(text), tuple)

    @given(
        st.from_regex(r"[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?", fullmatch=True),
        st.sampled_from(["", ".-", "-"]),
    )
    def test_a_written_code_covers_itself(self, code: str, wildcard: str) -> None:
        """A single code or wildcard reference always covers the code it names."""
        reference = _only(f"condition ({code}{wildcard})")
        assert reference.matches(code)

    @given(st.text(max_size=12))
    def test_matching_any_text_never_raises(self, code: str) -> None:
        """``matches`` answers a bool for any string."""
        assert isinstance(_only("(E10.-)").matches(code), bool)
