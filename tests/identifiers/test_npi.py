"""NPI: CMS's check-digit example, every failure, presentation, and single-digit error detection."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medoffice.identifiers import npi
from medoffice.identifiers._tools import luhn_is_valid
from medoffice.kernel import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    ValidationError,
)
from medoffice.testing._identifier_strategies import npis


class TestCmsWorkedExample:
    def test_check_digit_of_123456789_is_3(self) -> None:
        """CMS's worked example: the first nine digits 123456789 give the check digit 3."""
        assert npi.calc_check_digit("123456789") == "3"

    def test_1234567893_is_valid(self) -> None:
        """The NPI of CMS's worked example validates to itself."""
        assert npi.validate("1234567893") == "1234567893"
        assert npi.is_valid("1234567893")

    def test_the_card_issuer_form_passes_a_plain_luhn_check(self) -> None:
        """Prefixed with 80840, the NPI is a 15-digit number with an ordinary Luhn check digit."""
        assert luhn_is_valid(npi.CARD_ISSUER_PREFIX + "1234567893")


class TestNpiFailures:
    @pytest.mark.parametrize(
        ("value", "error"),
        [
            ("12345678a3", InvalidFormat),
            ("", InvalidFormat),
            ("123456789", InvalidLength),
            ("12345678931", InvalidLength),
            ("3234567891", InvalidComponent),
            ("0234567891", InvalidComponent),
            ("1234567890", InvalidChecksum),
        ],
    )
    def test_each_fault_raises_its_own_class(
        self, value: str, error: type[ValidationError]
    ) -> None:
        """Letters, length, the leading digit and the check digit each raise their own class."""
        with pytest.raises(error):
            npi.validate(value)
        assert not npi.is_valid(value)

    @pytest.mark.parametrize(
        ("value", "error"), [("12345678x", InvalidFormat), ("12345678", InvalidLength)]
    )
    def test_check_digit_needs_nine_digits(self, value: str, error: type[ValidationError]) -> None:
        """The check digit is computed only over exactly nine digits."""
        with pytest.raises(error):
            npi.calc_check_digit(value)

    def test_messages_never_echo_the_value(self) -> None:
        """The rejected number appears in no error message."""
        with pytest.raises(InvalidChecksum) as caught:
            npi.validate("1234567890")
        assert "1234567890" not in str(caught.value)


class TestNpiPresentation:
    def test_compact_strips_spaces_and_dashes(self) -> None:
        """Spaces and dashes typed by people are removed."""
        assert npi.compact(" 1234-5678 93 ") == "1234567893"

    def test_format_is_the_ten_digits(self) -> None:
        """An NPI is printed as ten digits without separators."""
        assert npi.format("1234 567 893") == "1234567893"


class TestNpiProperties:
    @given(npis())
    def test_generated_npis_are_valid(self, value: str) -> None:
        """Every generated NPI validates to itself."""
        assert npi.validate(value) == value

    @given(npis(), st.integers(0, 9), st.integers(1, 9))
    def test_changing_any_one_digit_makes_it_invalid(
        self, value: str, position: int, delta: int
    ) -> None:
        """Luhn detects every single-digit error, wherever it is."""
        changed = str((int(value[position]) + delta) % 10)
        assert not npi.is_valid(value[:position] + changed + value[position + 1 :])

    @given(st.text(alphabet="0123456789", min_size=9, max_size=9))
    def test_exactly_one_check_digit_completes_nine_digits(self, first_nine: str) -> None:
        """Of the ten possible last digits, only the computed one is accepted (for 1/2 prefixes)."""
        accepted = [d for d in "0123456789" if npi.is_valid(first_nine + d)]
        expected = [npi.calc_check_digit(first_nine)] if first_nine[0] in "12" else []
        assert accepted == expected
