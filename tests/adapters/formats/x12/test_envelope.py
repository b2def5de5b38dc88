"""Envelope checks: control numbers and counts of ISA/IEA, GS/GE and ST/SE."""

from __future__ import annotations

import pytest

from medoffice.adapters.formats.x12 import read_837p_all
from medoffice.testing import generate_837p


def _envelope_paths(data: bytes) -> set[str]:
    report = read_837p_all(data).report
    return {f.path for f in report.filter(rules=["X12-ENVELOPE"])}


def _last_positions(data: bytes) -> dict[str, int]:
    lines = data.decode().splitlines()
    return {line.split("*")[0]: number for number, line in enumerate(lines, start=1)}


class TestValidEnvelopes:
    @pytest.mark.parametrize("per_set", [1, 2, 5000])
    def test_a_generated_interchange_has_no_envelope_finding(self, per_set: int) -> None:
        """Counts and control numbers of one or many transaction sets add up."""
        data = generate_837p(5, seed=3, claims_per_transaction=per_set)
        assert _envelope_paths(data) == set()


class TestTrailers:
    def test_a_wrong_segment_count_is_reported_on_se01(self, one_claim: bytes) -> None:
        """SE01 not counting the segments from ST to SE inclusive is X12-ENVELOPE."""
        se = _last_positions(one_claim)["SE"]
        data = one_claim.replace(b"\nSE*", b"\nSE*9", 1)
        assert f"segment[{se}].SE01" in _envelope_paths(data)

    def test_a_different_control_number_on_se02_is_reported(self, one_claim: bytes) -> None:
        """SE02 must repeat ST02."""
        se = _last_positions(one_claim)["SE"]
        data = one_claim.replace(b"*0001~\nGE", b"*0002~\nGE")
        assert f"segment[{se}].SE02" in _envelope_paths(data)

    def test_group_and_interchange_trailers_are_checked(self, one_claim: bytes) -> None:
        """GE01/GE02 and IEA01/IEA02 disagreeing with their headers are reported."""
        where = _last_positions(one_claim)
        data = one_claim.replace(b"GE*1*1~", b"GE*2*7~").replace(b"IEA*1*000000001", b"IEA*3*9")
        paths = _envelope_paths(data)
        ge, iea = where["GE"], where["IEA"]
        assert {f"segment[{ge}].GE01", f"segment[{ge}].GE02"} <= paths
        assert {f"segment[{iea}].IEA01", f"segment[{iea}].IEA02"} <= paths

    def test_missing_trailers_are_reported_at_the_end(self, one_claim: bytes) -> None:
        """A file cut after the last claim lacks SE, GE and IEA."""
        cut = one_claim[: one_claim.index(b"\nSE*") + 1]
        report = read_837p_all(cut).report
        values = {f.value for f in report.filter(rules=["X12-ENVELOPE"])}
        assert {"SE", "GE", "IEA"} <= values
        assert len(read_837p_all(cut).claims) == 1


class TestPlacement:
    def test_a_segment_between_transaction_sets_is_reported(self, one_claim: bytes) -> None:
        """Data after SE and before GE is outside any transaction set."""
        data = one_claim.replace(b"GE*1*1~", b"NTE*ADD*STRAY~\nGE*1*1~")
        stray = _last_positions(data)["NTE"]
        assert f"segment[{stray}]" in _envelope_paths(data)

    def test_a_transaction_that_is_not_an_837_is_reported(self, one_claim: bytes) -> None:
        """ST01 other than 837 is an envelope finding on ST01."""
        data = one_claim.replace(b"ST*837*", b"ST*835*")
        assert "segment[3].ST01" in _envelope_paths(data)

    def test_several_interchanges_in_one_file_are_each_checked(self) -> None:
        """Two complete interchanges back to back read cleanly with all their claims."""
        data = generate_837p(2, seed=1) + b"\n" + generate_837p(3, seed=2)
        reading = read_837p_all(data)
        assert len(reading.claims) == 5
        assert reading.report.ok
