"""Modifiers valid without the HCPCS file: CPT (with the year each took effect), ambulance pairs."""

from __future__ import annotations

from datetime import date

import pytest

from medoffice.adapters.bridges import NcciEditTables
from medoffice.coding.modifiers import (
    AMBULANCE_DESTINATIONS,
    AMBULANCE_ORIGINS,
    ModifierSet,
    is_ambulance_modifier,
    is_standard_modifier,
)
from medoffice.coding.ncci import NcciEdits

ON = date(2026, 3, 2)


class TestAmbulancePairs:
    @pytest.mark.parametrize("code", ["RH", "HR", "SH", "NH", "HX", "DE", "JG", "PI"])
    def test_an_origin_and_a_destination_make_a_modifier(self, code: str) -> None:
        """RH (residence to hospital) and every other pair of place letters is valid."""
        assert is_ambulance_modifier(code)
        assert ModifierSet().is_valid(code, on=ON)

    @pytest.mark.parametrize("code", ["XH", "RA", "rh", "R", "RHH", "", "ZZ"])
    def test_anything_else_is_not(self, code: str) -> None:
        """X is a destination only; other letters, case and lengths are not pairs."""
        assert not is_ambulance_modifier(code)

    def test_x_is_only_a_destination(self) -> None:
        """The origins are the destinations less X."""
        assert {"X"} == AMBULANCE_DESTINATIONS - AMBULANCE_ORIGINS


class TestCptModifiers:
    @pytest.mark.parametrize("code", ["P1", "P2", "P3", "P4", "P5", "P6"])
    def test_physical_status_modifiers_are_cpt(self, code: str) -> None:
        """P1 to P6 are CPT modifiers, valid without any file."""
        assert is_standard_modifier(code, on=ON)

    def test_a_newer_modifier_is_valid_from_its_year(self) -> None:
        """93 (audio-only) is valid from the 2022 code set on, not before."""
        assert is_standard_modifier("93", on=date(2022, 1, 1))
        assert not is_standard_modifier("93", on=date(2021, 12, 31))

    def test_the_bridge_knows_them_without_a_hcpcs_file(self) -> None:
        """The edit tables answer True for RH and P1 even with no HCPCS file loaded."""
        tables = NcciEditTables(NcciEdits())
        assert tables.modifier_known("RH", ON) is True
        assert tables.modifier_known("P1", ON) is True
