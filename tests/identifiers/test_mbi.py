"""MBI: CMS's example, the position rules, every failure, and no MBI in any message."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medoffice.identifiers import mbi
from medoffice.kernel import InvalidComponent, InvalidFormat, InvalidLength, ValidationError
from medoffice.testing._identifier_strategies import mbis

LETTER_POSITIONS = (1, 4, 7, 8)
EITHER_POSITIONS = (2, 5)
DIGIT_POSITIONS = (3, 6, 9, 10)


class TestCmsExample:
    def test_1eg4_te5_mk73_is_valid(self) -> None:
        """CMS's own example MBI validates to its eleven characters."""
        assert mbi.validate("1EG4-TE5-MK73") == "1EG4TE5MK73"

    def test_format_shows_the_dashes(self) -> None:
        """The MBI is shown XXXX-XXX-XXXX."""
        assert mbi.format("1eg4te5mk73") == "1EG4-TE5-MK73"


class TestMbiFailures:
    @pytest.mark.parametrize(
        ("value", "error"),
        [
            ("1EG4TE5MK7", InvalidLength),
            ("1EG4TE5MK734", InvalidLength),
            ("AEG4TE5MK73", InvalidFormat),
            ("11G4TE5MK73", InvalidFormat),
            ("1EGATE5MK73", InvalidFormat),
            ("1EG4TE5MK7A", InvalidFormat),
            ("0EG4TE5MK73", InvalidComponent),
            ("1SG4TE5MK73", InvalidComponent),
            ("1EG4TE5MKZ3", InvalidFormat),
        ],
    )
    def test_each_fault_raises_its_own_class(
        self, value: str, error: type[ValidationError]
    ) -> None:
        """Length, the kind of character in a position, and excluded characters."""
        with pytest.raises(error):
            mbi.validate(value)
        assert not mbi.is_valid(value)

    @pytest.mark.parametrize("letter", "SLOIBZ")
    @pytest.mark.parametrize("position", LETTER_POSITIONS + EITHER_POSITIONS)
    def test_excluded_letters_are_refused_in_every_letter_position(
        self, letter: str, position: int
    ) -> None:
        """S, L, O, I, B and Z never appear, wherever a letter may."""
        value = "1EG4TE5MK73"
        with pytest.raises(InvalidComponent):
            mbi.validate(value[:position] + letter + value[position + 1 :])


class TestMbiPrivacy:
    @given(mbis(), st.integers(0, 10), st.sampled_from("SLOIBZ!"))
    def test_no_message_contains_the_mbi(self, value: str, position: int, char: str) -> None:
        """Whatever is wrong with an MBI-like value, the error message does not repeat it."""
        broken = value[:position] + char + value[position + 1 :]
        with pytest.raises(ValidationError) as caught:
            mbi.validate(broken)
        assert broken not in str(caught.value)
        assert mbi.format(value) not in str(caught.value)


class TestMbiProperties:
    @given(mbis())
    def test_generated_mbis_are_valid(self, value: str) -> None:
        """Every generated MBI validates to itself and formats with two dashes."""
        assert mbi.validate(value) == value
        assert mbi.format(value).count("-") == 2

    @given(mbis(), st.sampled_from(DIGIT_POSITIONS), st.sampled_from(mbi.LETTERS))
    def test_a_letter_in_a_digit_position_is_refused(
        self, value: str, position: int, letter: str
    ) -> None:
        """Positions 4, 7, 10 and 11 hold digits only."""
        assert not mbi.is_valid(value[:position] + letter + value[position + 1 :])
