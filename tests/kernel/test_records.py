"""Frozen records: the value semantics of a frozen attrs class without importing attrs."""

from __future__ import annotations

import copy
import pickle

import attrs
import pytest

from medoffice.coding.icd10cm import IcdRelease, Note, NoteKind, ReleaseUpdate, SeventhCharacter
from medoffice.kernel._records import FrozenRecord


class _Point(FrozenRecord):
    __slots__ = ("_cache", "x", "y")
    _hidden = frozenset({"_cache"})

    y: int
    x: int
    _cache: str | None

    def __init__(self, *, x: int, y: int) -> None:
        object.__setattr__(self, "x", x)
        object.__setattr__(self, "y", y)
        object.__setattr__(self, "_cache", None)


def _point(x: int = 1, y: int = 2) -> _Point:
    return _Point(x=x, y=y)


class TestValueSemantics:
    def test_equal_fields_make_equal_records(self) -> None:
        """Records of one type with equal fields are equal and hash alike."""
        assert _point() == _point()
        assert hash(_point()) == hash(_point())
        assert _point() != _point(y=3)

    def test_hidden_fields_are_not_compared(self) -> None:
        """A private cache filled on one record leaves it equal to an empty one."""
        filled = _point()
        object.__setattr__(filled, "_cache", "filled")
        assert filled == _point()
        assert "_cache" not in repr(filled)

    def test_another_type_is_never_equal(self) -> None:
        """A record is not equal to a tuple or another record type with the same values."""
        assert _point() != (2, 1)
        assert SeventhCharacter(character="A", meaning="m", defined_on="S72") != _point()

    def test_the_repr_follows_the_annotations(self) -> None:
        """Fields appear in the order the class annotates them, as attrs shows them."""
        assert repr(_point()) == "_Point(y=2, x=1)"
        release = IcdRelease(fiscal_year=2026, update=ReleaseUpdate.APRIL)
        assert repr(release) == (
            "IcdRelease(fiscal_year=2026, update=<ReleaseUpdate.APRIL: 'April'>, "
            "whole_fiscal_year=False, derived_from=None)"
        )


class TestFrozen:
    def test_a_field_cannot_be_assigned(self) -> None:
        """Assignment raises attrs' FrozenInstanceError, an AttributeError."""
        point = _point()
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            point.x = 5
        with pytest.raises(AttributeError):
            del point.x
        assert point.x == 1

    def test_no_new_attribute_can_be_added(self) -> None:
        """Slotted records take no attribute beyond their fields."""
        with pytest.raises(AttributeError):
            _point().z = 1


class TestCopies:
    def test_copies_and_pickles_are_equal(self) -> None:
        """copy, deepcopy and pickle give equal records; hidden caches start empty."""
        note = Note(kind=NoteKind.EXCLUDES1, source="E11", text="type 1 (E10.-)")
        assert [str(r) for r in note.references] == ["E10.-"]
        for clone in (copy.copy(note), copy.deepcopy(note), pickle.loads(pickle.dumps(note))):
            assert clone == note
            assert [str(r) for r in clone.references] == ["E10.-"]
