"""Modifier syntax: two letters or digits, the leading dash people write, every failure."""

from __future__ import annotations

import pytest

from medoffice.identifiers import modifier
from medoffice.kernel import InvalidFormat, InvalidLength, ValidationError


class TestModifierShapes:
    @pytest.mark.parametrize(
        ("written", "expected"), [("25", "25"), ("-59", "59"), ("lt", "LT"), (" XS ", "XS")]
    )
    def test_cpt_and_hcpcs_modifiers_are_accepted(self, written: str, expected: str) -> None:
        """Numeric CPT and alphanumeric HCPCS modifiers, with or without a dash."""
        assert modifier.validate(written) == expected
        assert modifier.format(written) == expected


class TestModifierFailures:
    @pytest.mark.parametrize(
        ("value", "error"),
        [
            ("5", InvalidLength),
            ("259", InvalidLength),
            ("2_", InvalidFormat),
            ("L.", InvalidFormat),
        ],
    )
    def test_each_fault_raises_its_own_class(
        self, value: str, error: type[ValidationError]
    ) -> None:
        """Length and characters each raise their own class."""
        with pytest.raises(error):
            modifier.validate(value)
        assert not modifier.is_valid(value)
