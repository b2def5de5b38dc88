"""Place-of-service codes: names, effective dates, unassigned numbers."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medoffice.coding.pos import PLACES_OF_SERVICE, is_valid_place_of_service, place_of_service
from medoffice.kernel import InvalidComponent, InvalidFormat

UNASSIGNED = (
    0,
    *range(28, 31),
    *range(35, 41),
    *range(43, 49),
    59,
    63,
    64,
    *range(67, 71),
    *range(73, 81),
    *range(82, 99),
)


class TestEffectiveDates:
    @pytest.mark.parametrize(
        ("code", "first_day"),
        [
            ("02", date(2017, 1, 1)),
            ("10", date(2022, 1, 1)),
            ("19", date(2016, 1, 1)),
            ("27", date(2023, 10, 1)),
            ("58", date(2020, 1, 1)),
            ("66", date(2024, 8, 1)),
        ],
    )
    def test_a_code_is_valid_from_its_effective_date(self, code: str, first_day: date) -> None:
        """Not valid the day before, valid on the day."""
        before = date.fromordinal(first_day.toordinal() - 1)
        assert not is_valid_place_of_service(code, on=before)
        assert is_valid_place_of_service(code, on=first_day)

    def test_office_is_always_valid(self) -> None:
        """11 predates every dated change."""
        assert place_of_service("11").name == "Office"
        assert is_valid_place_of_service("11", on=date(2004, 1, 1))


class TestRejected:
    @pytest.mark.parametrize("number", UNASSIGNED)
    def test_unassigned_numbers_are_refused(self, number: int) -> None:
        """Every number CMS leaves unassigned raises and is never valid."""
        code = f"{number:02d}"
        with pytest.raises(InvalidComponent):
            place_of_service(code)
        assert not is_valid_place_of_service(code, on=date(2026, 1, 5))

    @pytest.mark.parametrize("value", [None, "", "1", "011", "O1", 11])
    def test_malformed_values_are_format_errors(self, value: object) -> None:
        """Anything but two digits is a format error, and never valid."""
        with pytest.raises(InvalidFormat):
            place_of_service(value)
        assert not is_valid_place_of_service(value, on=date(2026, 1, 5))

    @given(st.integers(0, 99))
    def test_assigned_and_unassigned_cover_every_number(self, number: int) -> None:
        """Each two-digit number is either in the table or in the unassigned ranges."""
        code = f"{number:02d}"
        assert (code in PLACES_OF_SERVICE) is (number not in UNASSIGNED)
