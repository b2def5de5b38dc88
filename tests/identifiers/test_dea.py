"""DEA registration numbers: DEA's example, every failure, registrant types, error detection."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medoffice.identifiers import dea
from medoffice.kernel import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    ValidationError,
)
from medoffice.testing._identifier_strategies import deas


class TestDeaExample:
    def test_ab1234563_is_valid(self) -> None:
        """The example of DEA's description: (1+3+5) + 2*(2+4+6) = 33, check digit 3."""
        assert dea.calc_check_digit("123456") == "3"
        assert dea.validate("AB1234563") == "AB1234563"

    def test_business_registrants_may_use_9_as_second_character(self) -> None:
        """A 9 in place of the last-name initial is accepted."""
        assert dea.is_valid("F91234563")

    def test_registrant_type_comes_from_the_first_letter(self) -> None:
        """M stands for a mid-level practitioner."""
        assert dea.get_registrant_type("MB1234563") == "mid-level practitioner"


class TestDeaFailures:
    @pytest.mark.parametrize(
        ("value", "error"),
        [
            ("AB123456", InvalidLength),
            ("AB12345633", InvalidLength),
            ("A11234563", InvalidFormat),
            ("AB12345X3", InvalidFormat),
            ("1B1234563", InvalidFormat),
            ("QB1234563", InvalidComponent),
            ("NB1234563", InvalidComponent),
            ("AB1234567", InvalidChecksum),
        ],
    )
    def test_each_fault_raises_its_own_class(
        self, value: str, error: type[ValidationError]
    ) -> None:
        """Length, shape, registrant type and check digit each raise their own class."""
        with pytest.raises(error):
            dea.validate(value)
        assert not dea.is_valid(value)

    @pytest.mark.parametrize(
        ("value", "error"), [("12345x", InvalidFormat), ("1234567", InvalidLength)]
    )
    def test_check_digit_needs_six_digits(self, value: str, error: type[ValidationError]) -> None:
        """The check digit is computed only over exactly six digits."""
        with pytest.raises(error):
            dea.calc_check_digit(value)

    def test_supervised_suffix_is_not_part_of_the_number(self) -> None:
        """An institutional suffix (F91234563-001AB) is refused as the wrong length."""
        with pytest.raises(InvalidLength):
            dea.validate("F91234563-001AB")


class TestDeaPresentation:
    def test_compact_upper_cases_and_strips_spaces(self) -> None:
        """Lower case and spaces are normalised away."""
        assert dea.compact(" ab 123 4563 ") == "AB1234563"
        assert dea.format("ab1234563") == "AB1234563"


class TestDeaTable:
    def test_registrant_letters_are_the_documented_ones(self) -> None:
        """The table holds exactly the documented letters."""
        assert set(dea.REGISTRANT_TYPES) == set("ABCDEFGHJKLMPRSTUX")


class TestDeaProperties:
    @given(deas())
    def test_generated_numbers_are_valid(self, value: str) -> None:
        """Every generated DEA number validates to itself."""
        assert dea.validate(value) == value

    @given(deas(), st.sampled_from([2, 4, 6, 8]), st.integers(1, 9))
    def test_any_change_of_d1_d3_d5_or_the_check_digit_is_detected(
        self, value: str, position: int, delta: int
    ) -> None:
        """Digits of weight 1 and the check digit itself: every single change is caught."""
        changed = str((int(value[position]) + delta) % 10)
        assert not dea.is_valid(value[:position] + changed + value[position + 1 :])

    @given(deas(), st.sampled_from([3, 5, 7]), st.integers(1, 9))
    def test_changes_of_d2_d4_d6_escape_only_when_they_differ_by_5(
        self, value: str, position: int, delta: int
    ) -> None:
        """Weight 2 without digit-sum reduction: a change by 5 goes undetected, no other does."""
        changed = str((int(value[position]) + delta) % 10)
        assert dea.is_valid(value[:position] + changed + value[position + 1 :]) == (delta == 5)
