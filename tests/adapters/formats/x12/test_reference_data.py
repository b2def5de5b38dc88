"""The public 837P samples in the reference-data folder: counts read, breakage found.

Claim and line counts are taken from the files themselves (CLM and LX segments counted here
independently of the reader); the deliberately broken samples must each yield the X12 finding
their name promises, without an exception.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from medoffice.adapters.formats.x12 import read_837p_all, read_delimiters

pytestmark = pytest.mark.reference_data

VALID = (
    "imsweb_x12_parser/x12_valid.txt",
    "imsweb_x12_parser/x12_no_errors.txt",
    "imsweb_x12_parser/x12_valid_different_separators.txt",
    "imsweb_x12_parser/x12_complex.txt",
    "imsweb_x12_parser/x12_many_claims.txt",
    "imsweb_x12_parser/x12_multiple_transactions.txt",
    "imsweb_x12_parser/x12_multiple_gs.txt",
    "imsweb_x12_parser/x12_multiple_isa.txt",
    "imsweb_x12_parser/x12_multiple_st.txt",
    *(
        f"linuxforhealth_x12_tr3_examples/{name}"
        for name in (
            "demo.ambulance.example5.837",
            "demo.autoaccident.837",
            "demo.cob.2ndary.example4.837",
            "demo.cob.example3.A.837",
            "demo.cob.example3.B.837",
            "demo.cob.example3.C.837",
            "demo.cob.example4.837",
            "demo.drug.example10.1.837",
            "demo.drug.example10.2.837",
            "demo.drug.example10.3.837",
            "demo.example1.837",
            "demo.example11.837",
            "demo.example12.837",
            "demo.example2.837",
            "demo.example6.837",
            "demo.example7.837",
            "demo.example8.837",
            "demo.example9.837",
        )
    ),
)

# (file, rule, the value the finding names: a segment, loop or element label)
BROKEN = (
    ("x12_bad_valid_code.txt", "X12-SEGMENT", "NM1"),
    ("x12_bad_valid_code.txt", "X12-SEGMENT", "2010AA"),
    ("x12_bad_segment_identifier.txt", "X12-SEGMENT", "Nd4"),
    ("x12_bad_segment_identifier.txt", "X12-SEGMENT", "?"),
    ("x12_bad_segment_identifier.txt", "X12-SEGMENT", "2010BA"),
    ("x12_missing_elements.txt", "X12-ELEMENT", None),
    ("x12_segments_out_of_order.txt", "X12-SEGMENT", "N3"),
    ("x12_segment_errors.txt", "X12-SEGMENT", "N3"),
    ("x12_segment_errors.txt", "X12-SEGMENT", "HI"),
    ("x12_segment_errors.txt", "X12-SEGMENT", "REF*EI/SY"),
    ("x12_loop_errors1_exceeds_max_1_parent.txt", "X12-SEGMENT", "2010AA"),
    ("x12_loop_errors2_exceeds_max_repeats_multiple_parents.txt", "X12-SEGMENT", "2010AA"),
    ("x12_loop_errors3_missing_loops.txt", "X12-SEGMENT", "2010AA"),
    ("x12_missing_required_loop_in_one_repeat.txt", "X12-SEGMENT", "2010BA"),
    ("x12_missing_required_loops_mult_repeats.txt", "X12-SEGMENT", "SV1"),
    ("x12_missing_required_loops_mult_repeats.txt", "X12-SEGMENT", "2400"),
    ("x12_missing_required_loops_mult_repeats.txt", "X12-ELEMENT", "RD9"),
    ("x12_ambiguous_loop.txt", "X12-ENVELOPE", "25"),
)


def _count(path: Path, segment_id: str) -> int:
    text = path.read_bytes().decode("latin-1").lstrip()
    delimiters = read_delimiters(text[:200])
    pieces = (p.strip() for p in text.split(delimiters.segment))
    return sum(1 for p in pieces if p.split(delimiters.element)[0] == segment_id)


@pytest.fixture
def samples(reference_data: Path) -> Path:
    """The folder of public 837P samples."""
    folder = reference_data / "x12_837p"
    if not folder.is_dir():
        pytest.skip(f"{folder} is missing from the reference data")
    return folder


class TestValidSamples:
    @pytest.mark.parametrize("name", VALID)
    def test_every_claim_and_line_is_read(self, samples: Path, name: str) -> None:
        """The reader finds as many claims and lines as the file has CLM and LX segments."""
        path = samples / name
        reading = read_837p_all(path)
        assert len(reading.claims) == _count(path, "CLM")
        assert sum(len(c.lines) for c in reading.claims) == _count(path, "LX")

    def test_the_ambiguous_line_provider_is_read_as_the_lines(self, samples: Path) -> None:
        """In x12_ambiguous_loop the NM1*82 after the line is the line's rendering (2420A)."""
        reading = read_837p_all(samples / "imsweb_x12_parser/x12_ambiguous_loop.txt")
        (claim,) = reading.claims
        assert claim.rendering is None
        assert claim.lines[0].rendering is not None
        assert not reading.report.filter(rules=["X12-SEGMENT"])


class TestBrokenSamples:
    @pytest.mark.parametrize(("name", "rule", "value"), BROKEN)
    def test_the_breakage_is_found(
        self, samples: Path, name: str, rule: str, value: str | None
    ) -> None:
        """Each deliberately broken sample yields the matching finding, with a position."""
        report = read_837p_all(samples / "imsweb_x12_parser" / name).report
        matching = [f for f in report.filter(rules=[rule]) if value is None or f.value == value]
        assert matching
        assert all(f.path.startswith("segment[") for f in matching)
