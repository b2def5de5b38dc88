"""The shared helpers: cleaning input and the Luhn check."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medoffice.identifiers._tools import (
    MAX_INPUT_LENGTH,
    clean,
    luhn_check_digit,
    luhn_is_valid,
)
from medoffice.kernel import InvalidFormat, InvalidLength


class TestClean:
    def test_whitespace_and_the_given_characters_go(self) -> None:
        """Whitespace and each listed separator are removed, and letters upper-cased."""
        assert clean(" a-b.c\td\n", "-") == "AB.CD"

    def test_non_strings_are_an_invalid_format(self) -> None:
        """Bytes are not text."""
        with pytest.raises(InvalidFormat):
            clean(b"123")

    def test_non_ascii_is_an_invalid_format(self) -> None:
        """Look-alike digits never pass as digits."""
        with pytest.raises(InvalidFormat):
            clean("\uff11\uff12\uff13")

    def test_absurdly_long_input_is_refused_before_any_work(self) -> None:
        """Past the longest plausible identifier, input is an invalid length."""
        assert clean("1" * MAX_INPUT_LENGTH) == "1" * MAX_INPUT_LENGTH
        with pytest.raises(InvalidLength):
            clean("1" * (MAX_INPUT_LENGTH + 1))


class TestLuhn:
    def test_the_iso_7812_example(self) -> None:
        """79927398713 is the textbook Luhn example: check digit 3 for 7992739871."""
        assert luhn_check_digit("7992739871") == "3"
        assert luhn_is_valid("79927398713")
        assert not luhn_is_valid("79927398710")

    @given(st.text(alphabet="0123456789", min_size=1, max_size=30))
    def test_appending_the_check_digit_makes_a_valid_number(self, digits: str) -> None:
        """Whatever the payload, payload plus its check digit passes, and no other digit does."""
        check = luhn_check_digit(digits)
        assert [d for d in "0123456789" if luhn_is_valid(digits + d)] == [check]
