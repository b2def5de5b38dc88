"""EIN: IRS prefixes, every failure, the campus look-up and the XX-XXXXXXX presentation."""

from __future__ import annotations

import pytest
from hypothesis import given

from medoffice.identifiers import ein
from medoffice.kernel import InvalidComponent, InvalidFormat, InvalidLength, ValidationError
from medoffice.testing._identifier_strategies import eins

# Prefixes no IRS location assigns (complement of the IRS table).
UNASSIGNED: tuple[str, ...] = (
    *("00", "07", "08", "09", "17", "18", "19", "28", "29"),
    *("49", "69", "70", "78", "79", "89", "96", "97"),
)


class TestEinPrefixes:
    @pytest.mark.parametrize("prefix", UNASSIGNED)
    def test_unassigned_prefixes_are_refused(self, prefix: str) -> None:
        """A prefix that no IRS campus, the Internet application or the SBA uses is refused."""
        with pytest.raises(InvalidComponent):
            ein.validate(prefix + "3456789")

    def test_every_other_prefix_is_accepted(self) -> None:
        """The 83 prefixes of the IRS table are exactly the complement of the unassigned ones."""
        accepted = {f"{n:02d}" for n in range(100) if ein.is_valid(f"{n:02d}3456789")}
        assert accepted == {f"{n:02d}" for n in range(100)} - set(UNASSIGNED)
        assert len(accepted) == 83

    def test_campus_of_an_andover_prefix(self) -> None:
        """Prefix 12 belongs to Andover."""
        assert ein.get_campus("12-3456789") == ("Andover",)

    def test_shared_prefix_names_every_location(self) -> None:
        """Prefix 46 is used by Philadelphia and by the Internet application."""
        assert ein.get_campus("463456789") == ("Philadelphia", "Internet")

    def test_sba_prefix(self) -> None:
        """Prefix 31 is the Small Business Administration's."""
        assert ein.get_campus("313456789") == ("Small Business Administration (SBA)",)


class TestEinFailures:
    @pytest.mark.parametrize(
        ("value", "error"),
        [
            ("12-345678", InvalidLength),
            ("12-34567890", InvalidLength),
            ("12-34567A9", InvalidFormat),
            ("123-456789", InvalidFormat),
            ("12-345-6789", InvalidFormat),
            ("07-3456789", InvalidComponent),
        ],
    )
    def test_each_fault_raises_its_own_class(
        self, value: str, error: type[ValidationError]
    ) -> None:
        """Length, characters, dash position and prefix each raise their own class."""
        with pytest.raises(error):
            ein.validate(value)
        assert not ein.is_valid(value)


class TestEinPresentation:
    def test_format_puts_the_dash_after_two_digits(self) -> None:
        """An EIN is printed XX-XXXXXXX."""
        assert ein.format(" 123456789 ") == "12-3456789"

    def test_compact_strips_the_dash(self) -> None:
        """The canonical form is nine digits."""
        assert ein.compact("12-3456789") == "123456789"


class TestEinProperties:
    @given(eins())
    def test_generated_eins_are_valid_and_have_a_campus(self, value: str) -> None:
        """Every generated EIN validates and is assigned by at least one location."""
        assert ein.validate(value) == value
        assert ein.get_campus(value)
