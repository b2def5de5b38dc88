"""The claim values: PHI never in a repr, impossible values refused."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from medoffice.claims._model import Address, Patient, ServiceLine, Subscriber
from medoffice.kernel import InvalidValue, Money
from medoffice.testing import sample_claim


class TestPhiIsRedactedInEveryRepr:
    def test_the_patient_repr_hides_name_birth_and_address(self) -> None:
        """Name, date of birth and address of the patient never show."""
        patient = Patient(
            name="Ada Example",
            date_of_birth=date(1960, 5, 1),
            sex="F",
            address=Address(lines=("1 Secret Lane",), city="Hidden"),
        )
        text = repr(patient)
        for secret in ("Ada", "1960", "Secret", "Hidden"):
            assert secret not in text

    def test_the_subscriber_repr_hides_the_member_id(self) -> None:
        """The member id never shows."""
        assert "1EG4TE5MK73" not in repr(Subscriber(member_id="1EG4TE5MK73", name="Bo"))

    def test_the_whole_claim_repr_hides_every_phi_field(self) -> None:
        """A claim's repr holds none of the sample patient's identifiers."""
        text = repr(sample_claim())
        for secret in ("Jane", "Sample", "1958", "1EG4TE5MK73"):
            assert secret not in text


class TestImpossibleValuesAreRefused:
    @pytest.mark.parametrize("units", [float(1), Decimal("NaN"), Decimal("Infinity"), "abc"])
    def test_units_must_be_a_finite_exact_number(self, units: object) -> None:
        """Floats, NaN, infinity and text are not units."""
        with pytest.raises(InvalidValue):
            ServiceLine(
                service_from=date(2026, 3, 2),
                procedure="99213",
                charge=Money.of("1.00", "USD"),
                units=units,  # type: ignore[arg-type]
            )

    def test_a_single_string_is_not_a_list_of_diagnoses(self) -> None:
        """Passing ``"E11.9"`` instead of ``("E11.9",)`` is refused, not split into letters."""
        with pytest.raises(InvalidValue):
            sample_claim(diagnoses="E11.9")

    def test_a_wrongly_typed_field_is_refused(self) -> None:
        """A charge that is not Money cannot be built."""
        with pytest.raises(TypeError):
            ServiceLine(
                service_from=date(2026, 3, 2),
                procedure="99213",
                charge="1.00",  # type: ignore[arg-type]
            )
