"""CLIA certificate numbers: shape, every failure, presentation."""

from __future__ import annotations

import pytest
from hypothesis import given

from medoffice.identifiers import clia
from medoffice.kernel import InvalidComponent, InvalidFormat, InvalidLength, ValidationError
from medoffice.testing._identifier_strategies import clias


class TestCliaShape:
    def test_state_d_and_seven_digits_is_valid(self) -> None:
        """Two digits, D, seven digits, in any case."""
        assert clia.validate("05d0123456") == "05D0123456"


class TestCliaFailures:
    @pytest.mark.parametrize(
        ("value", "error"),
        [
            ("05D012345", InvalidLength),
            ("05D01234567", InvalidLength),
            ("0AD0123456", InvalidFormat),
            ("05D012345X", InvalidFormat),
            ("0510123456", InvalidFormat),
            ("05X0123456", InvalidComponent),
        ],
    )
    def test_each_fault_raises_its_own_class(
        self, value: str, error: type[ValidationError]
    ) -> None:
        """Length, characters and the D each raise their own class."""
        with pytest.raises(error):
            clia.validate(value)
        assert not clia.is_valid(value)


class TestCliaPresentation:
    def test_format_is_ten_characters(self) -> None:
        """Separators typed by people are removed and the D upper-cased."""
        assert clia.format("05-d-0123456") == "05D0123456"


class TestCliaProperties:
    @given(clias())
    def test_generated_numbers_are_valid(self, value: str) -> None:
        """Every generated CLIA number validates to itself."""
        assert clia.validate(value) == value
