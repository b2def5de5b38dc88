"""What the compiled index answers about the bundled FY2026 April code set."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medoffice.coding.icd10cm import IcdCodeSet, ItemKind, NoteKind, RecordUse


class TestKnownCases:
    def test_type_2_with_type_1_diabetes_is_an_excludes1_conflict(self, codes: IcdCodeSet) -> None:
        """E11.9 with E10.9 conflicts both ways, each with the note that says so."""
        conflicts = codes.excludes1_conflicts(["E11.9", "E10.9"])
        pairs = {(c.code, c.excluded, c.note.source) for c in conflicts}
        assert pairs == {("E11.9", "E10.9", "E11"), ("E10.9", "E11.9", "E10")}
        assert all(c.note.kind is NoteKind.EXCLUDES1 for c in conflicts)

    def test_a_fracture_code_needs_its_seventh_character(self, codes: IcdCodeSet) -> None:
        """S72.001 is not billable and requires a 7th character; S72.001A is billable."""
        incomplete = codes.lookup("S72.001")
        assert incomplete is not None
        assert not codes.is_billable("S72.001")
        assert incomplete.requires_seventh
        assert "A" in {s.character for s in incomplete.seventh_characters}
        assert codes.is_billable("S72.001A")

    def test_placeholder_x_is_required_before_the_seventh(self, codes: IcdCodeSet) -> None:
        """T36.0X1A (undotted T360X1A) exists; T36.01A without its placeholder does not."""
        assert codes.lookup("T36.0X1A") is not None
        assert codes.is_billable("T360X1A")
        assert codes.lookup("T36.01A") is None
        assert not codes.is_billable("T36.01A")

    def test_polyneuropathy_in_other_diseases_is_a_manifestation(self, codes: IcdCodeSet) -> None:
        """G63's title says "in diseases classified elsewhere"."""
        item = codes.lookup("G63")
        assert item is not None
        assert item.is_manifestation
        assert item.has_manifestation_title

    def test_a_pedestrian_accident_is_an_external_cause(self, codes: IcdCodeSet) -> None:
        """V00.01XA is in chapter 20."""
        item = codes.lookup("V00.01XA")
        assert item is not None
        assert item.is_external_cause
        assert item.chapter == "20"

    def test_a_disease_code_is_not_an_external_cause(self, codes: IcdCodeSet) -> None:
        """E11.9 is not in chapter 20 and has no manifestation title."""
        item = codes.lookup("E11.9")
        assert item is not None
        assert not item.is_external_cause
        assert not item.has_manifestation_title

    def test_exactly_the_april_2026_billable_codes(self, codes: IcdCodeSet) -> None:
        """The April 2026 code list has 74,719 billable codes."""
        assert len(codes.billable_codes()) == 74_719

    def test_the_release_is_the_fy2026_april_update(self, codes: IcdCodeSet) -> None:
        """The bundled files are the April 1, 2026 update of FY2026."""
        assert codes.release.label == "FY2026 April update"
        assert str(codes.release.effective.first) == "2026-04-01"


class TestStructure:
    def test_a_block_is_never_billable(self, codes: IcdCodeSet) -> None:
        """C00-C75 is a block heading without categories, and is not billable."""
        block = codes.lookup("C00-C75")
        assert block is not None
        assert block.kind is ItemKind.BLOCK
        assert not block.is_billable

    def test_an_item_knows_its_lineage(self, codes: IcdCodeSet) -> None:
        """S72.001A sits under S72.001, S72.00, S72.0, S72, block S70-S79, chapter 19."""
        item = codes.lookup("S72001A")
        assert item is not None
        assert item.ancestors == ("19", "S70-S79", "S72", "S72.0", "S72.00", "S72.001")
        assert (item.chapter, item.block, item.category) == ("19", "S70-S79", "S72")
        assert item.kind is ItemKind.EXTENDED

    def test_a_seventh_character_is_inherited_from_the_category(self, codes: IcdCodeSet) -> None:
        """S72.001A's 7th character is defined on S72 and gives its meaning."""
        item = codes.lookup("S72.001A")
        assert item is not None
        (seventh,) = item.seventh_characters
        assert (seventh.character, seventh.defined_on) == ("A", "S72")
        assert item.description.endswith(", " + seventh.meaning)

    def test_notes_apply_to_descendants(self, codes: IcdCodeSet) -> None:
        """E11.9 carries the Excludes1 notes written on E11."""
        item = codes.lookup("E11.9")
        assert item is not None
        assert "E11" in {note.source for note in item.excludes1}

    def test_the_maternity_chapter_is_for_maternal_records(self, codes: IcdCodeSet) -> None:
        """Chapter 15 codes are for maternal records only; chapter 16 for newborns."""
        maternal, newborn = codes.lookup("O80"), codes.lookup("P07.30")
        assert maternal is not None
        assert newborn is not None
        assert maternal.record_use is RecordUse.MATERNAL_ONLY
        assert newborn.record_use is RecordUse.NEWBORN_ONLY

    def test_a_code_first_note_is_parsed_into_references(self, codes: IcdCodeSet) -> None:
        """G63's "code first" note refers to the underlying diseases by code."""
        item = codes.lookup("G63")
        assert item is not None
        assert any(note.references for note in item.code_first)


class TestInput:
    @pytest.mark.parametrize("code", ["E11.9", "E119", "e11.9", " E11.9 "])
    def test_accepts_dotted_undotted_and_untidy_codes(self, codes: IcdCodeSet, code: str) -> None:
        """Every spelling of E11.9 finds the same item."""
        item = codes.lookup(code)
        assert item is not None
        assert item.code == "E11.9"
        assert codes.is_billable(code)

    @pytest.mark.parametrize("junk", [None, "", "€", "E11.99999", 11, object(), ["E11.9"], {}])
    def test_junk_is_unknown_not_an_error(self, codes: IcdCodeSet, junk: Any) -> None:
        """Anything that is not a code answers None / False, never raises."""
        assert codes.lookup(junk) is None
        assert not codes.is_billable(junk)
        assert junk not in codes
        assert codes.excludes1_conflicts([junk, "E11.9", "E10.9"]) != ()

    def test_unknown_codes_are_left_out_of_conflicts(self, codes: IcdCodeSet) -> None:
        """Conflicts are computed among the known codes only."""
        assert codes.excludes1_conflicts(["E11.9", "NOPE", "", "E11.9"]) == ()


class TestProperties:
    @settings(max_examples=200)
    @given(data=st.data())
    def test_every_billable_codes_ancestors_exist(
        self, codes: IcdCodeSet, billable: tuple[str, ...], data: st.DataObject
    ) -> None:
        """Any billable code's parent and ancestors are known items."""
        code = billable[data.draw(st.integers(0, len(billable) - 1))]
        item = codes.lookup(code)
        assert item is not None
        assert item.parent == item.ancestors[-1]
        for ancestor in item.ancestors:
            found = codes.lookup(ancestor)
            assert found is not None
            assert found.code == ancestor or found.kind is ItemKind.CATEGORY

    @settings(max_examples=100)
    @given(data=st.data())
    def test_conflicts_are_symmetric_in_input_order(
        self, codes: IcdCodeSet, billable: tuple[str, ...], data: st.DataObject
    ) -> None:
        """Shuffling a claim's codes finds the same conflicting pairs."""
        claim = data.draw(st.lists(st.sampled_from(billable[:4000]), min_size=2, max_size=12))
        shuffled = data.draw(st.permutations(claim))
        assert set(codes.excludes1_conflicts(claim)) == set(codes.excludes1_conflicts(shuffled))

    @settings(max_examples=100)
    @given(data=st.data())
    def test_every_reported_conflict_is_backed_by_its_note(
        self, codes: IcdCodeSet, billable: tuple[str, ...], data: st.DataObject
    ) -> None:
        """Each conflict's note applies to the code and covers the excluded code."""
        claim = data.draw(st.lists(st.sampled_from(billable), min_size=2, max_size=12))
        for conflict in codes.excludes1_conflicts([*claim, "E11.9", "E10.9"]):
            item = codes.lookup(conflict.code)
            assert item is not None
            assert conflict.note in item.excludes1
            assert conflict.note.covers(conflict.excluded)


class TestExcludes1PairsRemembered:
    """The pairs found free of conflict are remembered; the answers stay the search's own."""

    def test_a_conflict_is_found_after_each_code_was_cleared_with_others(
        self, codes: IcdCodeSet
    ) -> None:
        """E11.9 and E10.9 each cleared beside I10: the two together still conflict."""
        assert codes.excludes1_conflicts(["E11.9", "I10"]) == ()
        assert codes.excludes1_conflicts(["I10", "E10.9"]) == ()
        found = codes.excludes1_conflicts(["E11.9", "I10", "E10.9"])
        assert {(c.code, c.excluded) for c in found} == {("E11.9", "E10.9"), ("E10.9", "E11.9")}

    @settings(max_examples=300)
    @given(data=st.data())
    def test_the_answer_is_the_full_searchs_in_the_same_order(
        self, codes: IcdCodeSet, billable: tuple[str, ...], data: st.DataObject
    ) -> None:
        """Lists drawn from a few codes (so their pairs recur), with junk and conflicting
        codes among them, answer exactly what the search of every note answers."""
        pool = [*billable[:: max(1, len(billable) // 25)][:25], "E11.9", "E10.9", "E10", "NOPE"]
        for _ in range(data.draw(st.integers(1, 6))):
            listed = data.draw(st.lists(st.sampled_from(pool), max_size=6))
            assert codes.excludes1_conflicts(listed) == codes._excludes1_found(tuple(listed))
