"""Claim values read from the 837P, X12-ELEMENT findings, and PHI kept out of sight."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from medoffice.adapters.formats.x12 import X12Claim, read_837p, read_837p_all
from medoffice.kernel import Money


@pytest.fixture
def claim(fixtures: Path) -> X12Claim:
    """The one claim of the hand-written fixture (pipes, carets, CRLF, a patient loop)."""
    reading = read_837p_all(fixtures / "patient_loop_pipes.x12")
    assert reading.report.findings == ()
    (only,) = reading.claims
    return only


def _element_findings(data: bytes) -> dict[str, str | None]:
    report = read_837p_all(data).report.filter(rules=["X12-ELEMENT"])
    return {f.path: f.value for f in report}


class TestClaimValues:
    def test_claim_level_values_are_read(self, claim: X12Claim) -> None:
        """CLM, REF and the envelope ids land in their fields."""
        assert claim.patient_control_number == "FIX-0001"
        assert claim.total_charge == Money.of("310.00", "USD")
        assert (claim.place_of_service, claim.frequency) == ("11", "7")
        assert claim.original_reference == "PAYERCLAIM123"
        assert claim.prior_authorization == "AUTH555"
        assert claim.envelope.transaction_control == "0042"
        assert claim.envelope.interchange_control == "000000042"
        assert claim.position == 27

    def test_providers_payer_and_coverage_are_read(self, claim: X12Claim) -> None:
        """Billing NPI, TIN, taxonomy; rendering and referring; payer and filing indicator."""
        assert claim.billing is not None
        assert (claim.billing.npi, claim.billing.tin) == ("1234567893", "990000042")
        assert claim.billing.taxonomy == "207Q00000X"
        assert claim.rendering is not None
        assert (claim.rendering.npi, claim.rendering.taxonomy) == ("1112223338", "208000000X")
        assert claim.referring is not None
        assert claim.referring.npi == "1223334446"
        assert (claim.payer_id, claim.claim_filing_indicator) == ("FIXPAYER", "MB")

    def test_subscriber_and_patient_are_read(self, claim: X12Claim) -> None:
        """The subscriber's and the patient's details are kept for the claim model."""
        assert claim.subscriber.member_id == "FIXMEMBER01"
        assert claim.subscriber.date_of_birth == date(1950, 1, 1)
        assert claim.patient is not None
        assert claim.patient.date_of_birth == date(2015, 6, 15)
        assert claim.relationship == "19"

    def test_diagnoses_keep_their_qualifiers(self, claim: X12Claim) -> None:
        """HI composites become codes with ABK first, read with the declared separator."""
        assert [(d.code, d.qualifier) for d in claim.diagnoses] == [
            ("J069", "ABK"),
            ("R509", "ABF"),
        ]
        assert all(d.is_icd10 for d in claim.diagnoses)

    def test_service_lines_are_read(self, claim: X12Claim) -> None:
        """Procedure, modifiers, charge, units, pointers, dates and line providers."""
        first, second, third = claim.lines
        assert (first.procedure, first.modifiers, first.pointers) == ("99214", ("25",), (1, 2))
        assert first.charge == Money.of("185.00", "USD")
        assert second.service_to == date(2026, 3, 3)
        assert second.rendering is not None
        assert second.rendering.npi == "1334445552"
        assert third.units == Decimal("2.5")


class TestElementFindings:
    def test_a_charge_that_is_not_a_number_is_reported(self, one_claim: bytes) -> None:
        """SV102 of 'ABC' is X12-ELEMENT at the SV1 segment; the line keeps no charge."""
        text = one_claim.decode()
        sv1 = next(line for line in text.splitlines() if line.startswith("SV1"))
        elements = sv1.split("*")
        elements[2] = "ABC"
        data = text.replace(sv1, "*".join(elements)).encode()
        position = text.splitlines().index(sv1) + 1
        assert _element_findings(data) == {f"segment[{position}].SV102": "ABC"}
        assert read_837p_all(data).claims[0].lines[0].charge is None

    def test_a_charge_with_fractions_of_a_cent_is_reported(self, one_claim: bytes) -> None:
        """Money in USD has two decimal places at most."""
        data = one_claim.replace(b"CLM*PCN00000001*", b"CLM*PCN00000001*1.005", 1)
        data = data.replace(b"1.005" + data.split(b"1.005")[1].split(b"*")[0], b"1.005")
        assert any(p.endswith(".CLM02") for p in _element_findings(data))

    def test_missing_required_elements_are_reported(self, one_claim: bytes) -> None:
        """An empty CLM05 and NM102 are required elements."""
        data = one_claim.replace(b"11:B:1", b"").replace(b"NM1*40*2*", b"NM1*40**")
        paths = set(_element_findings(data))
        assert {p.rsplit(".", 1)[1] for p in paths} >= {"CLM05"}
        assert any(p.endswith(".NM102") for p in paths)

    def test_a_bad_service_date_is_reported(self, one_claim: bytes) -> None:
        """DTP*472 with a date that does not exist is X12-ELEMENT on DTP03."""
        data = one_claim.replace(b"DTP*472*D8*2026", b"DTP*472*D8*2026" + b"13")
        data = data.replace(b"D8*202613", b"D8*20261399", 1)
        assert any(p.endswith(".DTP03") for p in _element_findings(data))

    def test_a_pointer_beyond_twelve_is_reported(self, one_claim: bytes) -> None:
        """SV107 pointers are 1 to 12."""
        text = one_claim.decode()
        sv1 = next(line for line in text.splitlines() if line.startswith("SV1"))
        data = text.replace(sv1, sv1.rsplit("*", 1)[0] + "*13~").encode()
        assert any(p.endswith(".SV107-1") for p in _element_findings(data))

    def test_a_diagnosis_with_the_wrong_separator_is_reported(self, one_claim: bytes) -> None:
        """HI*BK*8901 (element separators in the composite) leaves no code and is reported."""
        text = one_claim.decode()
        hi = next(line for line in text.splitlines() if line.startswith("HI*"))
        data = text.replace(hi, "HI*BK*8901~").encode()
        paths = set(_element_findings(data))
        assert any(p.endswith(".HI01-2") for p in paths)
        assert any(p.endswith(".HI02-1") for p in paths)


class TestRepeatedSegments:
    def test_a_repeated_bad_line_is_reported_at_each_position(self, one_claim: bytes) -> None:
        """Identical broken SV1 segments in two interchanges each get their own finding."""
        text = one_claim.decode()
        sv1 = next(line for line in text.splitlines() if line.startswith("SV1"))
        elements = sv1.split("*")
        elements[4] = "1.2.3"
        broken = text.replace(sv1, "*".join(elements)).encode()
        report = read_837p_all(broken + broken).report.filter(rules=["X12-ELEMENT"])
        position = text.splitlines().index(sv1) + 1
        lines = len(text.splitlines())
        assert {f.path for f in report} == {
            f"segment[{position}].SV104",
            f"segment[{position + lines}].SV104",
        }

    def test_identical_lines_read_to_equal_values(self) -> None:
        """Claims sharing a procedure, charge and rendering provider read to equal values."""
        from medoffice.testing import generate_837p  # noqa: PLC0415

        reading = read_837p_all(generate_837p(40, seed=3))
        lines = [line for claim in reading.claims for line in claim.lines]
        same = [line for line in lines if line.procedure == lines[0].procedure]
        assert len(same) > 1
        assert {line.procedure_qualifier for line in same} == {"HC"}
        renderings = {claim.rendering for claim in reading.claims}
        assert len(renderings) == 1


class TestPrivacy:
    def test_reprs_never_show_names_birth_dates_member_ids_or_addresses(
        self, claim: X12Claim
    ) -> None:
        """The repr of a claim hides every PHI value it holds."""
        text = repr(claim)
        for secret in ("PLACEHOLDER", "FIXMEMBER01", "1950", "SAMPLE ST", "62704", "KID"):
            assert secret not in text

    def test_findings_never_quote_phi(self, fixtures: Path) -> None:
        """Broken name, date of birth and member id elements are reported without values."""
        data = (fixtures / "patient_loop_pipes.x12").read_bytes()
        data = data.replace(b"DMG|D8|19500101|F", b"DMG|D9|19501301|F")
        data = data.replace(b"|MI|FIXMEMBER01", b"|MI|" + b"FIXMEMBER01" * 10)
        reading = read_837p_all(data)
        assert reading.report.filter(rules=["X12-ELEMENT"])
        for finding in reading.report:
            shown = f"{finding.message} {finding.value}"
            assert "FIXMEMBER01" not in shown
            assert "19501301" not in shown


class TestStreaming:
    def test_claims_arrive_before_the_end_of_the_file(self) -> None:
        """The first claim is yielded before the reader has seen the last one."""
        from medoffice.testing import generate_837p  # noqa: PLC0415

        data = generate_837p(3, seed=9)
        items = read_837p(data + b"\n" + b"XX*" * 10)
        first = next(items)
        assert isinstance(first, X12Claim)
        assert first.patient_control_number == "PCN00000001"
