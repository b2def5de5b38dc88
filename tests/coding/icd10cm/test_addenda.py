"""Deriving the next ICD-10-CM release from a full one and the official order addenda."""

from __future__ import annotations

import pytest

from medoffice.coding.icd10cm._addenda import (
    AddendaAction,
    AddendaRow,
    OrderAddenda,
    apply_addenda,
)
from medoffice.coding.icd10cm._compile import SourceNode, compile_tables
from medoffice.coding.icd10cm._index import IcdCodeSet
from medoffice.coding.icd10cm._model import ItemKind, NoteKind
from medoffice.coding.icd10cm._tables import IcdTables
from medoffice.coding.icd10cm._versions import IcdRelease, ReleaseUpdate
from medoffice.kernel import InvalidValue

ADD, DELETE = AddendaAction.ADD, AddendaAction.DELETE
REVISE_FROM, REVISE_TO = AddendaAction.REVISE_FROM, AddendaAction.REVISE_TO


def _base() -> IcdTables:
    nodes = [
        SourceNode(kind=ItemKind.CHAPTER, name="9", description="Circulatory", parent=-1),
        SourceNode(kind=ItemKind.BLOCK, name="I30-I5A", description="Other heart", parent=0),
        SourceNode(
            kind=ItemKind.CATEGORY,
            name="I42",
            description="Cardiomyopathy",
            parent=1,
            notes=((NoteKind.EXCLUDES1, "ischemic cardiomyopathy (I25.5)"),),
        ),
        SourceNode(kind=ItemKind.SUBCATEGORY, name="I42.0", description="Dilated", parent=2),
        SourceNode(kind=ItemKind.SUBCATEGORY, name="I42.9", description="Unspecified", parent=2),
        SourceNode(kind=ItemKind.CHAPTER, name="19", description="Injury", parent=-1),
        SourceNode(kind=ItemKind.BLOCK, name="T51-T65", description="Toxic", parent=5),
        SourceNode(
            kind=ItemKind.CATEGORY,
            name="T52",
            description="Toxic effect of solvents",
            parent=6,
            seventh=(("A", "initial encounter"), ("D", "subsequent encounter")),
        ),
        SourceNode(kind=ItemKind.SUBCATEGORY, name="T52.8", description="Other", parent=7),
        SourceNode(kind=ItemKind.SUBCATEGORY, name="T52.8X", description="Other sol.", parent=8),
        SourceNode(kind=ItemKind.SUBCATEGORY, name="T52.8X1", description="Accident", parent=9),
        SourceNode(
            kind=ItemKind.SUBCATEGORY,
            name="L02.232",
            description="Carbuncle of back",
            parent=6,
            notes=((NoteKind.CODE_FIRST, "any associated condition"),),
        ),
    ]
    return compile_tables(
        nodes,
        code_list={"T528X1A", "T528X1D"},
        release=IcdRelease(fiscal_year=2026, update=ReleaseUpdate.APRIL),
    )


def _row(action: AddendaAction, flag: int, code: str, title: str = "title") -> AddendaRow:
    return AddendaRow(action=action, billable=flag == 1, code=code, title=title)


def _apply(*rows: AddendaRow) -> IcdCodeSet:
    addenda = OrderAddenda(fiscal_year=2027, rows=rows)
    return IcdCodeSet(apply_addenda(_base(), addenda, source="order addenda 2027"))


class TestRelease:
    def test_the_derived_release_is_the_next_october_release_and_says_where_it_comes_from(
        self,
    ) -> None:
        """The release is FY2027 October, marked derived, with its base and source."""
        release = _apply().release
        assert (release.fiscal_year, release.update) == (2027, ReleaseUpdate.OCTOBER)
        assert release.is_derived
        assert release.derived_from == "FY2026 April update + order addenda 2027"

    def test_without_rows_the_codes_are_unchanged(self) -> None:
        """Empty addenda leave every billable code as it was."""
        assert _apply().tables.billable_keys() == _base().billable_keys()


class TestAdditions:
    def test_an_added_code_is_billable_under_its_nearest_ancestor(self) -> None:
        """A new code hangs under the longest existing prefix and is billable."""
        codes = _apply(_row(ADD, 1, "I428", "Other cardiomyopathies"))
        item = codes.lookup("I42.8")
        assert item is not None
        assert (item.parent, item.is_billable, item.description) == (
            "I42",
            True,
            "Other cardiomyopathies",
        )

    def test_an_added_code_has_no_notes_of_its_own_and_says_so(self) -> None:
        """New codes are marked notes-pending; notes of older ancestors still apply."""
        codes = _apply(_row(ADD, 1, "I428"))
        item = codes.lookup("I42.8")
        assert item is not None
        assert item.notes_pending
        assert [note.source for note in item.notes] == ["I42"]
        assert codes.lookup("I42.9") is not None
        assert not codes.lookup("I42.9").notes_pending  # type: ignore[union-attr]

    def test_a_new_category_goes_in_the_block_of_the_category_before_it(self) -> None:
        """A new three-character category joins its predecessor's block."""
        item = _apply(_row(ADD, 1, "I4A")).lookup("I4A")
        assert item is not None
        assert (item.kind, item.block) == (ItemKind.CATEGORY, "I30-I5A")

    def test_a_seventh_character_code_extends_its_new_parent(self) -> None:
        """Added seventh-character codes become extended codes of their added parent."""
        codes = _apply(_row(ADD, 0, "T52811"), _row(ADD, 1, "T52811A"), _row(ADD, 1, "T52811D"))
        parent = codes.lookup("T52.811")
        assert parent is not None
        assert parent.requires_seventh
        assert not parent.is_billable
        assert codes.is_billable("T52.811A")
        assert codes.is_billable("T52.811D")
        assert "T52.811S" not in codes

    def test_a_seven_character_code_without_a_seventh_character_is_an_ordinary_code(
        self,
    ) -> None:
        """A seventh position the category does not define is a subcategory (M86.8X11)."""
        codes = _apply(_row(DELETE, 1, "I429"), _row(ADD, 0, "I429"), _row(ADD, 1, "I429001"))
        item = codes.lookup("I42.9001")
        assert item is not None
        assert (item.kind, item.parent) == (ItemKind.SUBCATEGORY, "I42.9")

    def test_adding_a_code_the_release_has_is_refused(self) -> None:
        """An addition of an existing code means the addenda follow another release."""
        with pytest.raises(InvalidValue, match="I429"):
            _apply(_row(ADD, 1, "I429"))

    def test_adding_a_code_with_no_ancestor_is_refused(self) -> None:
        """An addition with no existing ancestor cannot be placed."""
        with pytest.raises(InvalidValue, match="ancestors"):
            _apply(_row(ADD, 1, "Z9999"))

    def test_a_header_left_without_codes_below_it_is_refused(self) -> None:
        """A header the addenda add must end up with codes below it."""
        with pytest.raises(InvalidValue, match="header"):
            _apply(_row(ADD, 0, "I427"))


class TestDeletionsAndDemotions:
    def test_a_deleted_code_is_gone_with_everything_below_it(self) -> None:
        """Deleting a header removes its seventh-character codes too (listed or not)."""
        codes = _apply(_row(DELETE, 0, "T528X"), _row(DELETE, 1, "T528X1A"))
        assert "T52.8X" not in codes
        assert "T52.8X1" not in codes
        assert "T52.8X1D" not in codes
        assert codes.lookup("T52.8") is not None

    def test_a_deleted_seventh_character_code_leaves_its_siblings(self) -> None:
        """Deleting one extended code keeps the others."""
        codes = _apply(_row(DELETE, 1, "T528X1D"))
        assert "T52.8X1D" not in codes
        assert codes.is_billable("T52.8X1A")

    def test_a_billable_code_demoted_to_a_header_keeps_its_notes(self) -> None:
        """Delete flag 1 + Add flag 0 keeps the item, now a header above the new codes."""
        codes = _apply(
            _row(DELETE, 1, "L02232"),
            _row(ADD, 0, "L02232", "Carbuncle of back, header"),
            _row(ADD, 1, "L022321", "Carbuncle of back, right"),
        )
        item = codes.lookup("L02.232")
        assert item is not None
        assert not item.is_billable
        assert not item.notes_pending
        assert item.description == "Carbuncle of back, header"
        assert [note.kind for note in item.notes] == [NoteKind.CODE_FIRST]

    def test_deleting_a_code_the_release_lacks_is_refused(self) -> None:
        """A deletion of an unknown code means the addenda follow another release."""
        with pytest.raises(InvalidValue, match="not in the release"):
            _apply(_row(DELETE, 1, "I4299"))


class TestRevisions:
    def test_revise_to_gives_the_new_title(self) -> None:
        """The "Revise to" row's long title replaces the old one; "Revise from" is history."""
        codes = _apply(
            _row(REVISE_FROM, 1, "L02232", "Carbuncle of back"),
            _row(REVISE_TO, 1, "L02232", "Carbuncle of back and flank"),
        )
        item = codes.lookup("L02.232")
        assert item is not None
        assert item.description == "Carbuncle of back and flank"
        assert not item.notes_pending

    def test_revising_a_code_the_release_lacks_is_refused(self) -> None:
        """A revision of an unknown code is refused."""
        with pytest.raises(InvalidValue, match="not in the release"):
            _apply(_row(REVISE_TO, 1, "I4299"))

    def test_a_seventh_character_code_keeps_its_derived_title(self) -> None:
        """An extended code's title is its code's plus the character's meaning."""
        codes = _apply(_row(REVISE_TO, 1, "T528X1A", "ignored"))
        item = codes.lookup("T52.8X1A")
        assert item is not None
        assert item.description == "Accident, initial encounter"


class TestCache:
    def test_the_derived_tables_survive_the_cache_payload(self) -> None:
        """Pending notes and the derivation survive to_payload/from_payload."""
        tables = _apply(_row(ADD, 1, "I428")).tables
        again = IcdTables.from_payload(tables.to_payload())
        assert again == tables
        assert again.pending_notes == frozenset({"I428"})
        assert again.release.derived_from == tables.release.derived_from
