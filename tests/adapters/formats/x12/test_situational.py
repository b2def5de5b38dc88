"""Situational rules that depend on the loop: PAT in 2000B (subscriber) against 2000C (patient)."""

from __future__ import annotations

from medoffice.adapters.formats.x12 import read_837p_all
from medoffice.testing import generate_837p


class TestPatInTheSubscriberLoop:
    def test_pat_with_only_a_death_date_in_2000b_is_not_a_finding(self) -> None:
        """In 2000B, PAT01 to PAT04 are not used: PAT*****D8*20260101 is clean."""
        data = generate_837p(1, seed=3).replace(
            b"SBR*P*18*******CI~", b"SBR*P*18*******CI~PAT*****D8*20260101~", 1
        )
        data = data.replace(b"SE*35*", b"SE*36*")  # one segment more in the set
        reading = read_837p_all(data)
        assert reading.report.ok, [(f.rule, f.path, f.message) for f in reading.report]
        assert len(reading.claims) == 1

    def test_pat_in_2000c_still_needs_its_relationship(self) -> None:
        """In 2000C, PAT01 (the patient's relationship) stays required."""
        data = generate_837p(1, seed=3).replace(b"HL*2*1*22*0~SBR*P*18*", b"HL*2*1*22*1~SBR*P**", 1)
        head, _, tail = data.partition(b"NM1*PR*")
        payer, _, rest = tail.partition(b"~")
        patient = b"~HL*3*2*23*0~PAT~NM1*QC*1*DOE*JO~DMG*D8*20000101*F~"
        data = head + b"NM1*PR*" + payer + patient + rest
        found = {(str(f.rule), f.message) for f in read_837p_all(data).report}
        assert ("X12-ELEMENT", "required element PAT01 is missing") in found
