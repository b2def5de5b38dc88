"""The 835 reader on hand-edited transactions: each misplaced or broken segment is a finding."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medoffice.adapters.formats.x12._remit_reader import read_835_all

ISA = (
    "ISA*00*          *00*          *ZZ*PAYER01        *ZZ*PROVIDER01     "
    "*260301*1200*^*00501*000000001*0*P*:~"
)
GS = "GS*HP*PAYER01*PROVIDER01*20260301*1200*1*X*005010X221A1~"
HEADER = [
    "BPR*I*80*C*ACH************20260320",
    "TRN*1*EFT1*1PAYER",
    "N1*PR*SYNTHETIC PAYER",
    "REF*2U*PAYER-A",
    "N1*PE*PRACTICE*XX*1234567893",
    "LX*1",
]
CLAIM = [
    "CLP*A1*1*100*80*20*12*PCN1",
    "NM1*QC*1*PATIENT*SYNTHETIC",
    "DTM*232*20260302",
    "SVC*HC:99213*100*80**1",
    "DTM*472*20260302",
    "CAS*PR*2*20",
    "REF*6R*1",
    "AMT*B6*100",
    "LQ*HE*N130",
]


def interchange(body: list[str]) -> bytes:
    segments = ["ST*835*0001*005010X221A1", *body]
    segments.append(f"SE*{len(segments) + 1}*0001")
    text = ISA + GS + "".join(s + "~" for s in segments) + "GE*1*1~IEA*1*000000001~"
    return text.encode("latin-1")


def found(body: list[str]) -> list[tuple[str, str]]:
    return [(str(f.rule), f.path) for f in read_835_all(interchange(body)).report]


class TestTheBaseline:
    def test_the_hand_written_transaction_reads_clean(self) -> None:
        """The payer id comes from REF*2U when N1*PR names none; every value is read."""
        reading = read_835_all(interchange(HEADER + CLAIM))
        assert reading.report.ok, reading.report.to_dict()
        (era,) = reading.remittances
        assert (era.payer_id, era.payee_id, era.paid_on) == (
            "PAYER-A",
            "1234567893",
            date(2026, 3, 20),
        )
        line = era.claims[0].services[0]
        assert (line.line_control, line.remarks, str(line.allowed)) == (
            "1",
            ("N130",),
            "100.00 USD",
        )
        assert era.claims[0].service_date == date(2026, 3, 2)


class TestMisplacedSegments:
    @pytest.mark.parametrize(
        "segment",
        [
            "TRN*1*EFT2*1PAYER",
            "N1*PR*OTHER PAYER",
            "BPR*I*80*C*ACH************20260320",
        ],
    )
    def test_a_header_segment_inside_a_claim(self, segment: str) -> None:
        """A TRN, N1 or BPR after the claims began is an X12-SEGMENT finding."""
        assert ("X12-SEGMENT", "segment[11]") in found([*HEADER, *CLAIM[:1], segment, *CLAIM[1:]])

    @pytest.mark.parametrize(
        "segment", ["MOA***MA01", "MIA*0***0*MA02", "NM1*QC*1*PATIENT", "LQ*HE*N1", "CAS*CO*45*1"]
    )
    def test_a_claim_segment_before_any_claim(self, segment: str) -> None:
        """MOA, MIA, NM1, LQ and CAS need their claim (or line)."""
        assert ("X12-SEGMENT", "segment[10]") in found([*HEADER, segment, *CLAIM])

    def test_a_transaction_without_its_payment(self) -> None:
        """No BPR at all is a finding at the ST."""
        assert ("X12-SEGMENT", "segment[3]") in found(HEADER[1:] + CLAIM)

    def test_an_unknown_segment(self) -> None:
        """A segment the 835 does not have is X12-SEGMENT."""
        assert ("X12-SEGMENT", "segment[10]") in found([*HEADER, "XYZ*1", *CLAIM])


class TestElements:
    @pytest.mark.parametrize(
        ("edited", "path"),
        [
            ("BPR*I*80*X*ACH************20260320", "segment[4].BPR03"),
            ("BPR*I*80*C*ACH************20261399", "segment[4].BPR16"),
        ],
    )
    def test_bad_payment_elements(self, edited: str, path: str) -> None:
        """A flag that is neither C nor D, a date that is not a day."""
        assert ("X12-ELEMENT", path) in found([edited, *HEADER[1:], *CLAIM])

    def test_bad_adjustments_and_dates(self) -> None:
        """An unknown group code, a missing one, and a date that is not a day."""
        claim = [*CLAIM[:5], "CAS*XX*2*20", "CAS", "DTM*472*2026", *CLAIM[5:]]
        rules = found(HEADER + claim)
        assert ("X12-ELEMENT", "segment[15].CAS01") in rules
        assert ("X12-ELEMENT", "segment[16].CAS01") in rules
        assert ("X12-ELEMENT", "segment[17].DTM02") in rules

    def test_a_claim_without_status_or_control_number(self) -> None:
        """CLP01 and CLP02 are required."""
        rules = found([*HEADER, "CLP***100*80*20*12*PCN1", *CLAIM[1:]])
        assert ("X12-ELEMENT", "segment[10].CLP01") in rules
        assert ("X12-ELEMENT", "segment[10].CLP02") in rules

    def test_a_service_without_its_procedure(self) -> None:
        """SVC01 is required."""
        claim = [*CLAIM[:3], "SVC**100*80**1", *CLAIM[4:]]
        assert ("X12-ELEMENT", "segment[13].SVC01") in found(HEADER + claim)

    def test_se02_must_match_st02(self) -> None:
        """A trailer naming another control number is a finding."""
        data = interchange(HEADER + CLAIM).replace(b"SE*17*0001", b"SE*17*0002")
        assert "segment[19].SE02" in [f.path for f in read_835_all(data).report]

    def test_provider_adjustments_with_a_bad_period(self) -> None:
        """PLB02 that is not a day is a finding; its amounts are still read."""
        reading = read_835_all(interchange([*HEADER, *CLAIM, "PLB*1234567893*2026*WO:PCN9*5"]))
        assert ("X12-ELEMENT", "segment[19].PLB02") in [
            (str(f.rule), f.path) for f in reading.report
        ]
        assert reading.remittances[0].provider_adjustments[0].reference == "PCN9"


class TestJunk:
    @settings(max_examples=150, deadline=None)
    @given(
        st.lists(st.text(alphabet="*:~ABCDEFGHILMNPQRSTVXYZ0123456789.-", max_size=30), max_size=12)
    )
    def test_junk_inside_a_transaction_never_raises(self, junk: list[str]) -> None:
        """Whatever the segments hold, the reader answers remittances and findings."""
        data = interchange(HEADER + [s.replace("~", "") for s in junk] + CLAIM)
        reading = read_835_all(data)
        assert len(reading.remittances) <= 1
