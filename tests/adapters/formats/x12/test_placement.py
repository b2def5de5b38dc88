"""Placement worked out once and looked up: the same findings every time, limits counted exactly."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from medoffice.adapters.formats.x12 import read_837p_all
from medoffice.adapters.formats.x12._schema import LoopSpec, SegmentSpec
from medoffice.adapters.formats.x12._tokens import Segment
from medoffice.adapters.formats.x12._walker import Walker
from medoffice.kernel import Finding
from medoffice.testing import generate_837p


def _small(limit: int) -> LoopSpec:
    """A transaction ST whose child loop L (started by LX) may repeat ``limit`` times."""
    line = (SegmentSpec(id="LX"), SegmentSpec(id="SV1"))
    return LoopSpec(
        name="ST",
        segments=(SegmentSpec(id="ST"),),
        children=(LoopSpec(name="L", segments=line, max_repeat=limit),),
    )


def _repeats(limit: int, times: int) -> list[Finding]:
    found: list[Finding] = []
    walker = Walker(_small(limit), found.append)
    walker.start(Segment(1, 0, ("ST", "837", "1")))
    for position in range(2, 2 + 2 * times, 2):
        walker.feed(Segment(position, 0, ("LX", "1")))
        walker.feed(Segment(position + 1, 0, ("SV1", "HC:99213")))
    walker.finish()
    return found


class TestRepeatLimits:
    def test_a_loop_may_repeat_up_to_its_limit(self) -> None:
        """Fifty service lines in a claim are fine; the fifty-first is one too many."""
        assert _repeats(50, 50) == []
        [finding] = _repeats(50, 51)
        assert (str(finding.rule), finding.path, finding.value) == (
            "X12-SEGMENT",
            "segment[102]",
            "L",
        )

    def test_a_large_limit_is_counted_exactly(self) -> None:
        """A limit above what the placement state counts is still enforced at its exact value."""
        assert _repeats(1001, 1001) == []
        [finding] = _repeats(1001, 1002)
        assert (finding.path, finding.value) == (f"segment[{2 + 2 * 1001}]", "L")

    def test_a_large_limit_counts_afresh_in_each_transaction(self) -> None:
        """The exact count of a loop belongs to its enclosing iteration, not to the file."""
        found: list[Finding] = []
        walker = Walker(_small(1001), found.append)
        for start in (1, 5000):
            walker.start(Segment(start, 0, ("ST", "837", "1")))
            for position in range(start + 1, start + 1 + 2 * 900, 2):
                walker.feed(Segment(position, 0, ("LX", "1")))
                walker.feed(Segment(position + 1, 0, ("SV1", "HC:99213")))
        walker.finish()
        assert found == []


class TestSameAnswerEveryTime:
    def test_reading_twice_gives_the_same_claims_and_findings(self) -> None:
        """A second reading (steps already worked out) equals the first, findings included."""
        data = generate_837p(20, seed=5, claims_per_transaction=7).replace(b"N4*", b"N3*", 3)
        first, second = read_837p_all(data), read_837p_all(data)
        assert first.claims == second.claims
        assert first.report.findings == second.report.findings
        assert not first.report.ok

    @given(st.integers(min_value=0, max_value=2**16), st.integers(min_value=1, max_value=4))
    def test_segment_findings_stay_at_their_positions(self, seed: int, dropped: int) -> None:
        """Dropping an N3 gives the same findings whether its step is new or looked up."""
        data = generate_837p(3, seed=seed).replace(b"~N3*", b"~NTE*", dropped)
        paths = [f.path for f in read_837p_all(data).report.filter(rules=["X12-SEGMENT"])]
        again = [f.path for f in read_837p_all(data).report.filter(rules=["X12-SEGMENT"])]
        assert paths == again
        assert paths


class TestNoCrashOnDigitLookalikes:
    def test_a_superscript_digit_in_lx01_is_a_finding(self) -> None:
        """LX01 of "²" (a digit to str.isdigit, not to int) is not a whole number: a finding."""
        data = generate_837p(1, seed=1).replace(b"LX*1~", b"LX*\xb2~")
        findings = read_837p_all(data).report.filter(rules=["X12-ELEMENT"])
        assert any(f.path.endswith(".LX01") for f in findings)

    def test_a_superscript_digit_in_a_pointer_is_a_finding(self) -> None:
        """An SV107 pointer of "¹" is reported as a bad pointer, and the line is still read."""
        data = generate_837p(1, seed=1).replace(b"*1:2", b"*\xb9:2", 1)
        reading = read_837p_all(data)
        findings = reading.report.filter(rules=["X12-ELEMENT"])
        assert any(".SV107-1" in f.path for f in findings)
        assert reading.claims[0].lines
