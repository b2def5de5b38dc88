"""Modifier groups: NCCI-associated, anatomic, repeat, bilateral, pricing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medoffice.coding.modifiers import (
    ANATOMIC,
    CPT_MODIFIERS,
    NCCI_ASSOCIATED,
    ModifierKind,
    ModifierSet,
    is_modifier,
    modifier_kinds,
)


class TestGroups:
    @pytest.mark.parametrize(
        "code",
        ["59", "XE", "XS", "XP", "XU", "24", "25", "27", "57", "58", "78", "79", "91", "E1",
         "E4", "FA", "F1", "F9", "TA", "T1", "T9", "LT", "RT", "LC", "LD", "RC", "LM", "RI"],
    )  # fmt: skip
    def test_every_ncci_associated_modifier_is_listed(self, code: str) -> None:
        """The CMS list of modifiers that may bypass an indicator 1 PTP edit."""
        assert ModifierKind.NCCI_ASSOCIATED in modifier_kinds(code)

    def test_anatomic_modifiers_are_ncci_associated(self) -> None:
        """Every anatomic modifier is also NCCI-associated; 59 is not anatomic."""
        assert ANATOMIC < NCCI_ASSOCIATED
        assert "59" not in ANATOMIC

    def test_repeat_and_bilateral(self) -> None:
        """76, 77 and 91 repeat; 50 is bilateral and prices the line."""
        assert {c for c in CPT_MODIFIERS if ModifierKind.REPEAT in modifier_kinds(c)} == {
            "76",
            "77",
            "91",
        }
        assert modifier_kinds("50") == {ModifierKind.BILATERAL, ModifierKind.PRICING}

    def test_a_modifier_is_either_pricing_or_informational(self) -> None:
        """TC prices; GT informs."""
        assert ModifierKind.PRICING in modifier_kinds("tc")
        assert ModifierKind.INFORMATIONAL in modifier_kinds("GT")

    def test_a_dash_and_lower_case_are_accepted(self) -> None:
        """``-25`` and ``rt`` are written forms of 25 and RT."""
        assert modifier_kinds("-25") == modifier_kinds("25")
        assert modifier_kinds("rt") == modifier_kinds("RT")

    def test_cpt_labels_are_short(self) -> None:
        """Own labels, not AMA descriptors: none is longer than a few words."""
        assert all(len(m.label) <= 45 for m in CPT_MODIFIERS.values())


class TestJunk:
    @pytest.mark.parametrize("value", [None, "", "5", "591", "\u20ac\u20ac", 59])
    def test_junk_belongs_to_no_group(self, value: object) -> None:
        """Anything not shaped like a modifier has no kinds and is no modifier."""
        assert modifier_kinds(value) == frozenset()
        assert not is_modifier(value)

    @given(st.text(max_size=4))
    def test_modifier_kinds_never_raises(self, value: str) -> None:
        """Shaped like a modifier means exactly one of pricing or informational."""
        kinds = modifier_kinds(value)
        if is_modifier(value):
            assert (ModifierKind.PRICING in kinds) != (ModifierKind.INFORMATIONAL in kinds)
        else:
            assert kinds == frozenset()


class TestModifierSet:
    def test_an_unknown_modifier_has_no_kinds(self) -> None:
        """A set without HCPCS modifiers knows only CPT ones."""
        modifiers = ModifierSet()
        assert modifiers.kinds("RT") == frozenset()
        assert ModifierKind.NCCI_ASSOCIATED in modifiers.kinds("59")
