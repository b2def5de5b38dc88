"""Mapping claims read from an 837P onto the claim model, and checking them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Final

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from medoffice.adapters.formats.x12 import X12Claim, claims_to_837p, read_837p_all, to_claim
from medoffice.adapters.formats.x12._convert import read_claim
from medoffice.adapters.memory import InMemoryDiagnosisCodes
from medoffice.claims._catalogue import INTERNAL_RULE
from medoffice.claims._check import CheckContext, check_claim
from medoffice.claims._model import Address, Patient, PayerType, Subscriber
from medoffice.kernel import Money
from medoffice.testing import SYNTHETIC_SUBMISSION, generate_837p, synthetic_claims


@pytest.fixture
def read(fixtures: Path) -> X12Claim:
    """The one claim of the hand-written fixture."""
    (claim,) = read_837p_all(fixtures / "patient_loop_pipes.x12").claims
    return claim


_ADDRESSES: Final = st.none() | st.builds(
    Address,
    lines=st.sampled_from([(), ("1 MAIN ST",), ("1 MAIN ST", "APT 2")]),
    city=st.sampled_from(["", "SPRINGFIELD"]),
    state=st.sampled_from(["", "IL"]),
    postal_code=st.sampled_from(["", "62701"]),
)
_NAMES: Final = st.sampled_from(["", "JANE", "DOE", "JANE DOE", "ANNA MARIA DOE"])


@st.composite
def _people(draw: st.DrawFn) -> tuple[str, Patient, Subscriber]:
    """A claim's patient and subscriber (the same person when the relationship is 18)."""
    relationship = draw(st.sampled_from(["18", "01", "19", "G8"]))
    born = draw(st.none() | st.dates(date(1920, 1, 1), date(2025, 12, 31)))
    patient = Patient(
        sex=draw(st.sampled_from(["F", "M", "U", ""])),
        name=draw(_NAMES),
        date_of_birth=born,
        address=draw(_ADDRESSES),
    )
    subscriber = Subscriber(
        relationship=relationship,
        member_id=draw(st.sampled_from(["", "M1"])),
        name=patient.name if relationship == "18" else draw(_NAMES),
        date_of_birth=born if relationship == "18" else draw(st.none() | st.just(date(1970, 1, 2))),
        address=patient.address if relationship == "18" else draw(_ADDRESSES),
    )
    return relationship, patient, subscriber


class TestMapping:
    def test_the_patient_loop_becomes_the_patient(self, read: X12Claim) -> None:
        """With a 2000C loop the patient is that person; the subscriber keeps the member id."""
        claim = to_claim(read)
        assert claim.patient.date_of_birth == date(2015, 6, 15)
        assert claim.patient.sex == "M"
        assert claim.subscriber.member_id == "FIXMEMBER01"
        assert claim.subscriber.relationship == "19"

    def test_claim_fields_carry_over(self, read: X12Claim) -> None:
        """Frequency, references, providers, payer kind and total charge are mapped."""
        claim = to_claim(read)
        assert (claim.frequency, claim.original_reference) == ("7", "PAYERCLAIM123")
        assert claim.prior_authorization == "AUTH555"
        assert claim.billing.npi == "1234567893"
        assert claim.rendering is not None
        assert claim.rendering.npi == "1112223338"
        assert claim.payer.type is PayerType.MEDICARE
        assert claim.diagnoses == ("J069", "R509")
        assert claim.total_charge == Money.of("310.00", "USD")

    def test_lines_carry_over_with_the_claims_place_of_service(self, read: X12Claim) -> None:
        """Lines keep procedure, modifiers, pointers and units; POS falls back to CLM05-1."""
        lines = to_claim(read).lines
        assert [line.procedure for line in lines] == ["99214", "87880", "J1100"]
        assert lines[0].modifiers == ("25",)
        assert lines[0].pointers == (1, 2)
        assert lines[2].units == Decimal("2.5")
        assert {line.place_of_service for line in lines} == {"11"}

    def test_a_line_without_a_date_is_left_out_and_reported(self, one_claim: bytes) -> None:
        """A line lacking DTP*472 cannot be a service line; the X12 claim says why."""
        start = one_claim.index(b"DTP*472")
        data = one_claim[:start] + one_claim[one_claim.index(b"\n", start) + 1 :]
        (read,) = read_837p_all(data).claims
        assert ("X12-SEGMENT", "DTP*472") in {(str(f.rule), f.value) for f in read.findings}
        assert len(to_claim(read).lines) == len(read.lines) - 1

    def test_an_unknown_filing_indicator_is_another_kind_of_payer(self, read: X12Claim) -> None:
        """SBR09 codes outside the table map to PayerType.OTHER."""
        assert to_claim(attrs.evolve(read, claim_filing_indicator="ZZ")).payer.type is (
            PayerType.OTHER
        )


class TestReadClaim:
    """read_claim, for the reader's own claims, gives what to_claim gives, checking none again."""

    def test_the_fixture_maps_to_the_same_claim(self, read: X12Claim) -> None:
        """Patient loop, references, providers, lines: equal values, hashing the same."""
        assert read_claim(read) == to_claim(read)
        assert hash(read_claim(read)) == hash(to_claim(read))

    def test_a_line_without_a_date_is_left_out_as_to_claim_leaves_it(
        self, one_claim: bytes
    ) -> None:
        """The lines the claim model cannot hold are the same ones."""
        start = one_claim.index(b"DTP*472")
        data = one_claim[:start] + one_claim[one_claim.index(b"\n", start) + 1 :]
        (claim,) = read_837p_all(data).claims
        assert read_claim(claim) == to_claim(claim)
        assert len(read_claim(claim).lines) == len(claim.lines) - 1

    @given(st.integers(min_value=0, max_value=500))
    def test_generated_claims_map_to_the_same_claims(self, seed: int) -> None:
        """Claims of every shape the generator makes map to equal values of every field."""
        for claim in read_837p_all(generate_837p(3, seed=seed)).claims:
            assert read_claim(claim) == to_claim(claim)

    @given(st.lists(_people(), min_size=1, max_size=4), st.integers(0, 10**6))
    def test_patients_and_subscribers_map_to_the_same_claims(
        self, people: list[tuple[str, Patient, Subscriber]], seed: int
    ) -> None:
        """A patient who is or is not the subscriber, with or without a name, an address, a
        date of birth or a sex: equal values of every field, hashing the same."""
        written = [
            attrs.evolve(claim, patient=patient, subscriber=subscriber)
            for claim, (_, patient, subscriber) in zip(
                synthetic_claims(len(people), seed=seed), people, strict=True
            )
        ]
        data = claims_to_837p(written, submission=SYNTHETIC_SUBMISSION)
        for claim in read_837p_all(data).claims:
            made = read_claim(claim)
            assert made == to_claim(claim)
            assert hash(made) == hash(to_claim(claim))


class TestChecking:
    @given(st.integers(min_value=0, max_value=500))
    def test_generated_claims_check_without_an_internal_failure(self, seed: int) -> None:
        """Synthetic claims map onto the model, and every rule of the checker runs on them."""
        reading = read_837p_all(generate_837p(2, seed=seed))
        context = CheckContext(on=date(2026, 6, 1), diagnoses=InMemoryDiagnosisCodes.sample())
        for read in reading.claims:
            claim = to_claim(read)
            assert len(claim.lines) == len(read.lines)
            report = check_claim(claim, context=context)
            assert INTERNAL_RULE not in {f.rule.value for f in report}
