"""The optional TR3 pass: pyx12's complaints as X12-TR3 findings at segment positions."""

from __future__ import annotations

from pathlib import Path

import pytest

from medoffice.adapters.formats.x12 import check_tr3
from medoffice.testing import generate_837p

pytest.importorskip("pyx12")


class TestTr3:
    def test_a_generated_interchange_passes_pyx12(self) -> None:
        """The synthetic generator's output is valid by the full TR3."""
        assert check_tr3(generate_837p(3, seed=8)).findings == ()

    def test_the_hand_written_fixture_passes_pyx12(self, fixtures: Path) -> None:
        """The fixture with a patient loop and pipes is valid by the full TR3."""
        assert check_tr3(fixtures / "patient_loop_pipes.x12").findings == ()

    def test_a_missing_element_is_reported_at_its_position(self, one_claim: bytes) -> None:
        """NM102 left empty in 1000B comes back as X12-TR3 at segment[7].NM102."""
        report = check_tr3(one_claim.replace(b"NM1*40*2*", b"NM1*40**"))
        assert ("X12-TR3", "segment[7].NM102") in {(str(f.rule), f.path) for f in report}

    def test_pyx12_messages_do_not_quote_phi(self, one_claim: bytes) -> None:
        """A bad subscriber name element is reported without its value."""
        name = b"PLACEHOLDER"
        data = one_claim.replace(b"NM1*IL*1*", b"NM1*IL*9*")
        report = check_tr3(data)
        assert report.findings
        for finding in report:
            assert name.decode() not in finding.message
            assert finding.value is None
