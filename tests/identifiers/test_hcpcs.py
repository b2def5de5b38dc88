"""HCPCS Level II syntax: the letters CMS uses, every failure, procedure codes of both levels."""

from __future__ import annotations

import string

import pytest
from hypothesis import given

from medoffice.identifiers import hcpcs
from medoffice.kernel import InvalidComponent, InvalidFormat, InvalidLength, ValidationError
from medoffice.testing._identifier_strategies import cpt_codes, hcpcs_codes


class TestLetters:
    @pytest.mark.parametrize("letter", sorted(hcpcs.LETTERS))
    def test_letters_cms_uses_are_accepted(self, letter: str) -> None:
        """Every letter of the CMS file starts a valid code."""
        assert hcpcs.validate(letter.lower() + "1234") == letter + "1234"

    @pytest.mark.parametrize("letter", sorted(set(string.ascii_uppercase) - hcpcs.LETTERS))
    def test_other_letters_are_refused(self, letter: str) -> None:
        """D (dental CDT), F, I, N, O and W-Z start no HCPCS Level II code."""
        with pytest.raises(InvalidComponent):
            hcpcs.validate(letter + "1234")


class TestHcpcsFailures:
    @pytest.mark.parametrize(
        ("value", "error"),
        [
            ("J110", InvalidLength),
            ("J11000", InvalidLength),
            ("JJ100", InvalidFormat),
            ("91100", InvalidFormat),
            ("D0120", InvalidComponent),
        ],
    )
    def test_each_fault_raises_its_own_class(
        self, value: str, error: type[ValidationError]
    ) -> None:
        """Length, characters and the first letter each raise their own class."""
        with pytest.raises(error):
            hcpcs.validate(value)
        assert not hcpcs.is_valid(value)


class TestProcedureCodes:
    @given(cpt_codes() | hcpcs_codes())
    def test_cpt_and_hcpcs_codes_are_procedure_codes(self, code: str) -> None:
        """Level I and Level II codes are both procedure codes."""
        assert hcpcs.is_procedure_code(code)

    @pytest.mark.parametrize("value", ["E11.9", "D0120", "25", None, 99213])
    def test_anything_else_is_not(self, value: object) -> None:
        """Diagnoses, dental codes, modifiers and non-strings are not procedure codes."""
        assert not hcpcs.is_procedure_code(value)


class TestHcpcsPresentation:
    def test_format_upper_cases(self) -> None:
        """' j1100 ' is printed J1100."""
        assert hcpcs.format(" j1100 ") == "J1100"
