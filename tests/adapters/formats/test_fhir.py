"""The FHIR R5 export: Practitioner qualifications and VerificationResult resources."""

from __future__ import annotations

import json
from datetime import date

import pytest

from medoffice.adapters.formats.fhir import (
    fhir_practitioner,
    fhir_practitioner_data,
    fhir_verification_results,
)
from medoffice.credentials._model import Credential, StaffMember, VerificationEvent

DOCTOR = StaffMember(
    id="P-1",
    role="physician",
    name="Dana Sample",
    birth_date=date(1971, 8, 23),
    states={"CA"},
    credentials=[
        Credential(
            kind="state_license",
            issuer="MBC",
            jurisdiction="CA",
            issued_on=date(2024, 3, 10),
            number="A12345",
        ),
        Credential(kind="bls", issuer="AHA", jurisdiction="US", issued_on=date(2026, 6, 10)),
    ],
)


class TestFhirExport:
    def test_qualifications_carry_period_and_issuer_but_no_name(self) -> None:
        """Each credential becomes a qualification; the rules fill the period end."""
        data = fhir_practitioner_data(DOCTOR)
        assert [q["period"] for q in data["qualification"]] == [
            {"start": "2026-06-10", "end": "2028-06-30"},
            {"start": "2024-03-10", "end": "2026-03-31"},
        ]
        assert "Dana" not in json.dumps(data)
        assert "1971" not in json.dumps(data)

    def test_verification_results_schedule_the_next_check_from_the_rules(self) -> None:
        """``nextScheduled`` is the rule's valid-through date of the verified credential."""
        licence = Credential(
            kind="state_license",
            issuer="MBC",
            jurisdiction="CA",
            issued_on=date(2024, 3, 10),
            verifications=[
                VerificationEvent(source="MBC", on=date(2024, 3, 12), outcome="verified")
            ],
        )
        member = StaffMember(id="P-2", role="physician", states={"CA"}, credentials=[licence])
        (result,) = fhir_verification_results(member, validated=False)
        assert result["nextScheduled"] == "2026-03-31"
        assert result["lastPerformed"] == "2024-03-12"
        assert result["status"] == "validated"

    def test_validated_resources_with_the_fhir_extra(self) -> None:
        """With fhir.resources installed the resources validate."""
        pytest.importorskip("fhir.resources")
        practitioner = fhir_practitioner(DOCTOR)
        assert practitioner.id == "P-1"
        assert len(practitioner.qualification) == 2
        licence = Credential(
            kind="state_license",
            issuer="MBC",
            jurisdiction="CA",
            issued_on=date(2024, 3, 10),
            verifications=[
                VerificationEvent(source="MBC", on=date(2024, 3, 12), outcome="verified")
            ],
        )
        member = StaffMember(id="P-2", role="physician", states={"CA"}, credentials=[licence])
        (result,) = fhir_verification_results(member)
        assert str(result.nextScheduled) == "2026-03-31"
