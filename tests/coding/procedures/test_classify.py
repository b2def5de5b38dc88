"""Procedure code categories told by shape."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medoffice.coding.procedures import CodeCategory, classify, is_procedure_code


class TestCategories:
    @pytest.mark.parametrize(
        ("code", "category"),
        [
            ("99213", CodeCategory.CPT_CATEGORY_I),
            ("3074F", CodeCategory.CPT_CATEGORY_II),
            ("0042T", CodeCategory.CPT_CATEGORY_III),
            ("0001U", CodeCategory.CPT_PLA),
            ("0002M", CodeCategory.CPT_MAAA),
            ("A4397", CodeCategory.HCPCS_LEVEL_II),
            (" g0438 ", CodeCategory.HCPCS_LEVEL_II),
        ],
    )
    def test_each_shape_has_its_category(self, code: str, category: CodeCategory) -> None:
        """Five digits, four digits and F/T/U/M, or a letter and four digits."""
        assert classify(code) is category

    def test_only_hcpcs_level_ii_is_not_cpt(self) -> None:
        """``is_cpt`` separates the AMA's codes from CMS's."""
        assert [c for c in CodeCategory if not c.is_cpt] == [CodeCategory.HCPCS_LEVEL_II]


class TestJunk:
    @pytest.mark.parametrize("value", [None, "", "9921", "992133", "D0120", "\u20ac", 99213])
    def test_junk_is_no_procedure_code(self, value: object) -> None:
        """Wrong lengths, dental codes, non-strings: no category, no exception."""
        assert classify(value) is None
        assert not is_procedure_code(value)

    @given(st.text(max_size=8))
    def test_classify_never_raises(self, value: str) -> None:
        """Any text gets a category or ``None``."""
        assert classify(value) is None or isinstance(classify(value), CodeCategory)
