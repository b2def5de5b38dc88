"""The 837P writer: what it writes reads back as the claims it was given."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medoffice.adapters.formats.x12 import (
    check_tr3,
    claims_to_837p,
    read_837p_all,
    to_claim,
    write_837p,
)
from medoffice.claims._model import (
    Address,
    Claim,
    Patient,
    Payer,
    PayerType,
    Provider,
    ServiceLine,
    Subscriber,
)
from medoffice.kernel import InvalidArgument, InvalidValue, Money
from medoffice.testing import SYNTHETIC_SUBMISSION, claims, sample_claim

SUBMISSION = attrs.evolve(
    SYNTHETIC_SUBMISSION,
    sender_id="SENDER01",
    created=datetime(2026, 4, 1, 9, 30, tzinfo=UTC),
    control_number=42,
)
DAY = date(2026, 3, 2)


def _dependent_claim() -> Claim:
    """A child on a parent's plan, with every optional loop and reference the writer knows."""
    return sample_claim(
        patient_control_number="PCN-77",
        frequency="7",
        original_reference="PAYER-123",
        prior_authorization="AUTH-9",
        referral_number="REF-5",
        patient=Patient(
            name="Robin Sample",
            sex="M",
            date_of_birth=date(2015, 5, 6),
            address=Address(lines=("1 Elm St", "Apt 2"), city="Albany", state="NY"),
        ),
        subscriber=Subscriber(
            relationship="19",
            member_id="M-100",
            name="Jane Q. Sample",
            date_of_birth=date(1980, 1, 2),
        ),
        payer=Payer(payer_id="00952", type=PayerType.MEDICARE, name="Medicare Part B"),
        referring=Provider(npi="1245319599", name="Referring Doctor"),
        rendering=Provider(npi="1245319599", name="Rendering Doctor", taxonomy="207Q00000X"),
        lines=(
            ServiceLine(
                service_from=DAY,
                service_to=date(2026, 3, 4),
                procedure="99214",
                modifiers=("25", "GT"),
                pointers=(1, 2),
                units=Decimal("1.5"),
                charge=Money.of("185.00", "USD"),
                prior_authorization="AUTH-9L",
                referral_number="REF-5L",
            ),
            ServiceLine(
                service_from=DAY,
                procedure="83036",
                place_of_service="22",
                pointers=(1,),
                charge=Money.of("42.00", "USD"),
            ),
        ),
        total_charge=Money.of("227.00", "USD"),
    )


def _read_back(*written: Claim) -> list[Claim]:
    reading = read_837p_all(claims_to_837p(written, submission=SUBMISSION))
    assert reading.report.ok, list(reading.report)
    return [to_claim(c) for c in reading.claims]


class TestRoundTrip:
    def test_a_claim_reads_back_field_for_field(self) -> None:
        """Every field the claim model and the 837P share survives writing and reading."""
        claim = _dependent_claim()
        (back,) = _read_back(claim)
        assert back.patient_control_number == claim.patient_control_number
        assert (back.frequency, back.original_reference) == ("7", "PAYER-123")
        assert (back.prior_authorization, back.referral_number) == ("AUTH-9", "REF-5")
        assert back.diagnoses == tuple(d.replace(".", "") for d in claim.diagnoses)
        assert back.patient == claim.patient
        assert back.subscriber == claim.subscriber
        assert back.payer == claim.payer
        # X12 writes the TIN as digits, and the reader keeps no provider address.
        assert back.billing == attrs.evolve(claim.billing, tin="123456789", address=None)
        assert back.rendering == claim.rendering
        assert back.referring == claim.referring
        assert back.lines == (
            claim.lines[0],
            attrs.evolve(claim.lines[1], service_to=DAY),
        )
        assert back.total_charge == claim.total_charge

    def test_line_numbers_are_written_in_loop_2400(self) -> None:
        """A line's own REF*G1 and REF*9F follow its DTP*472; a line without them has none."""
        data = claims_to_837p([_dependent_claim()], submission=SUBMISSION).decode()
        segments = data.split("~")
        first = segments.index("LX*1")
        second = segments.index("LX*2")
        assert segments[first + 3 : first + 5] == ["REF*G1*AUTH-9L", "REF*9F*REF-5L"]
        assert not [s for s in segments[second:] if s.startswith("REF*")]

    def test_the_subscriber_who_is_the_patient_is_written_once(self) -> None:
        """Relationship 18 writes no patient loop; the patient is read from the subscriber."""
        claim = sample_claim()
        data = claims_to_837p([claim], submission=SUBMISSION)
        assert b"PAT*" not in data
        assert b"SBR*P*18*" in data
        (back,) = _read_back(claim)
        assert (back.patient.name, back.patient.sex) == (claim.patient.name, claim.patient.sex)
        assert back.subscriber.member_id == claim.subscriber.member_id

    def test_a_new_billing_provider_opens_its_own_loop(self) -> None:
        """Claims of two billing providers in one set read back with their own provider."""
        other = attrs.evolve(sample_claim().billing, npi="1245319599", name="OTHER PRACTICE")
        first, second = sample_claim(), sample_claim(patient_control_number="B", billing=other)
        data = claims_to_837p([first, second, first], submission=SUBMISSION)
        assert data.count(b"*20*1~") == 3
        assert [c.billing.npi for c in _read_back(first, second, first)] == [
            "1234567893",
            "1245319599",
            "1234567893",
        ]


class TestEnvelope:
    def test_the_submission_fills_the_envelope(self) -> None:
        """Sender, receiver, date, time and control number come from the submission."""
        data = claims_to_837p([sample_claim()], submission=SUBMISSION)
        reading = read_837p_all(data)
        envelope = reading.claims[0].envelope
        assert (envelope.sender_id, envelope.receiver_id) == ("SENDER01", "RECEIVER01")
        assert envelope.interchange_control == "000000042"
        assert b"*260401*0930*" in data
        assert data.endswith(b"IEA*1*000000042~")

    def test_transaction_sets_hold_at_most_the_given_number_of_claims(self) -> None:
        """Seven claims three to a set make three sets, each with a correct count."""
        data = claims_to_837p([sample_claim()] * 7, submission=SUBMISSION, claims_per_transaction=3)
        assert data.count(b"ST*837*") == 3
        assert read_837p_all(data).report.ok

    def test_writing_to_a_stream_says_how_many_bytes(self) -> None:
        """write_837p returns the size of what it wrote, which is claims_to_837p's bytes."""
        stream = io.BytesIO()
        written = write_837p(stream, iter([sample_claim()]), submission=SUBMISSION)
        assert stream.getvalue() == claims_to_837p([sample_claim()], submission=SUBMISSION)
        assert written == len(stream.getvalue())

    def test_no_claims_is_refused(self) -> None:
        """An interchange holds at least one claim."""
        with pytest.raises(InvalidArgument):
            claims_to_837p([], submission=SUBMISSION)


class TestValuesThatCannotBeWritten:
    @pytest.mark.parametrize("name", ["Jane*Sample", "Jane~Sample", "Jane:Sample", "Jane^Sample"])
    def test_a_delimiter_in_a_value_is_refused_without_quoting_it(self, name: str) -> None:
        """A name holding a delimiter raises InvalidValue naming the field, not the name."""
        claim = sample_claim(subscriber=Subscriber(member_id="M1", name=name))
        with pytest.raises(InvalidValue) as raised:
            claims_to_837p([claim], submission=SUBMISSION)
        assert "subscriber.name" in str(raised.value)
        assert "Sample" not in str(raised.value)

    def test_a_character_outside_latin_1_is_refused(self) -> None:
        """Text X12 cannot carry is an InvalidValue, never a UnicodeEncodeError."""
        claim = sample_claim(subscriber=Subscriber(member_id="M1", name="Łucja Sample"))
        with pytest.raises(InvalidValue):
            claims_to_837p([claim], submission=SUBMISSION)


class TestAnyClaim:
    @settings(max_examples=60)
    @given(claims(max_lines=5))
    def test_any_claim_is_written_or_refused_and_reads_back_by_number(self, claim: Claim) -> None:
        """Junk claims are either refused with InvalidValue or read back with their lines."""
        try:
            data = claims_to_837p([claim], submission=SUBMISSION)
        except InvalidValue:
            return
        (read,) = read_837p_all(data).claims
        assert read.patient_control_number == claim.patient_control_number
        assert len(read.lines) == len(claim.lines)

    @settings(max_examples=25)
    @given(st.integers(0, 10_000))
    def test_synthetic_files_pass_the_envelope_checks(self, seed: int) -> None:
        """Whatever the seed, the test kit's synthetic interchange reads without findings."""
        from medoffice.testing import generate_837p  # noqa: PLC0415

        assert read_837p_all(generate_837p(3, seed=seed)).report.ok


class TestTr3:
    def test_a_written_claim_with_a_patient_loop_passes_pyx12(self) -> None:
        """pyx12's full TR3 validation finds nothing in a dependent's claim."""
        pytest.importorskip("pyx12")
        claim = _dependent_claim()
        data = claims_to_837p([claim], submission=SYNTHETIC_SUBMISSION)
        assert check_tr3(data).findings == ()
