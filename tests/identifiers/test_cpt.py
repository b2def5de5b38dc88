"""CPT syntax: the five categories told by the fifth character, and every failure."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medoffice.identifiers import cpt
from medoffice.identifiers.cpt import CptCategory
from medoffice.kernel import InvalidFormat, InvalidLength, ValidationError
from medoffice.testing._identifier_strategies import cpt_codes


class TestCategories:
    @pytest.mark.parametrize(
        ("code", "category"),
        [
            ("99213", CptCategory.I),
            ("1036F", CptCategory.II),
            ("0042t", CptCategory.III),
            ("0001U", CptCategory.PLA),
            ("0002M", CptCategory.MAAA),
        ],
    )
    def test_the_fifth_character_tells_the_category(self, code: str, category: CptCategory) -> None:
        """Digit, F, T, U and M: Category I, II, III, PLA and MAAA."""
        assert cpt.category(code) is category

    @given(
        st.sampled_from(list(CptCategory)).flatmap(
            lambda c: st.tuples(st.just(c), cpt_codes(category=c))
        )
    )
    def test_generated_codes_have_the_requested_category(
        self, drawn: tuple[CptCategory, str]
    ) -> None:
        """The strategy's category and the module's agree."""
        category, code = drawn
        assert cpt.category(code) is category


class TestCptFailures:
    @pytest.mark.parametrize(
        ("value", "error"),
        [
            ("9921", InvalidLength),
            ("992133", InvalidLength),
            ("9921X", InvalidFormat),
            ("A9921", InvalidFormat),
            ("99.13", InvalidFormat),
        ],
    )
    def test_each_fault_raises_its_own_class(
        self, value: str, error: type[ValidationError]
    ) -> None:
        """Length and characters each raise their own class."""
        with pytest.raises(error):
            cpt.validate(value)
        assert not cpt.is_valid(value)

    def test_category_of_a_malformed_code_raises(self) -> None:
        """A category is only told for a well-formed code."""
        with pytest.raises(InvalidFormat):
            cpt.category("9921X")


class TestCptPresentation:
    def test_format_upper_cases_and_strips_spaces(self) -> None:
        """' 1036f ' is printed 1036F."""
        assert cpt.format(" 1036f ") == "1036F"
