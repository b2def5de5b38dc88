"""ICD-10-CM syntax: the shapes of the tabular list, every failure, the dot."""

from __future__ import annotations

import pytest
from hypothesis import given

from medoffice.identifiers import icd10cm
from medoffice.kernel import InvalidFormat, InvalidLength, ValidationError
from medoffice.testing._identifier_strategies import icd10cm_codes


class TestTabularShapes:
    @pytest.mark.parametrize(
        ("written", "compact"),
        [
            ("I10", "I10"),
            ("E11.9", "E119"),
            ("M1A.0110", "M1A0110"),
            ("S72.001A", "S72001A"),
            ("T36.0X1A", "T360X1A"),
            ("U07.1", "U071"),
            ("z3a.10", "Z3A10"),
        ],
    )
    def test_codes_of_three_to_seven_characters_validate_without_the_dot(
        self, written: str, compact: str
    ) -> None:
        """Categories, subcategories, placeholders X and seventh characters are all accepted."""
        assert icd10cm.validate(written) == compact

    def test_format_puts_the_dot_after_the_third_character(self) -> None:
        """The tabular list's presentation, and no dot for a bare category."""
        assert icd10cm.format("S72001A") == "S72.001A"
        assert icd10cm.format("i10") == "I10"


class TestIcd10cmFailures:
    @pytest.mark.parametrize(
        ("value", "error"),
        [
            ("E1", InvalidLength),
            ("S72.001AB", InvalidLength),
            ("", InvalidLength),
            ("1E11", InvalidFormat),
            ("EE11", InvalidFormat),
            ("E1-19", InvalidFormat),
            ("E1.19", InvalidFormat),
            ("E11..9", InvalidFormat),
            ("E11.9.", InvalidFormat),
            ("E11.", InvalidFormat),
        ],
    )
    def test_each_fault_raises_its_own_class(
        self, value: str, error: type[ValidationError]
    ) -> None:
        """Length, a misplaced or doubled dot, and the character kinds each raise their class."""
        with pytest.raises(error):
            icd10cm.validate(value)
        assert not icd10cm.is_valid(value)


class TestIcd10cmProperties:
    @given(icd10cm_codes())
    def test_generated_codes_round_trip_through_the_dotted_form(self, value: str) -> None:
        """Formatting then validating gives back the code."""
        assert icd10cm.validate(icd10cm.format(value)) == value
