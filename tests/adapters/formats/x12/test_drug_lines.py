"""Loop 2410 (drug identification): read, mapped onto the claim, and written back."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from medoffice.adapters.formats.x12 import claims_to_837p, read_837p_all, to_claim
from medoffice.claims import ServiceLine
from medoffice.kernel import Money
from medoffice.testing import SYNTHETIC_SUBMISSION, generate_837p, sample_claim


def drug_claim() -> bytes:
    lines = tuple(
        ServiceLine(
            service_from=date(2026, 3, 2),
            procedure="J1100",
            pointers=(1,),
            charge=Money.of("10.00", "USD"),
            ndc=ndc,
            ndc_quantity=Decimal("2.5"),
            ndc_unit="ML",
        )
        for ndc in ("00002014102", "00009004701")
    )
    return claims_to_837p(
        [sample_claim(lines=lines, total_charge=None)], submission=SYNTHETIC_SUBMISSION
    )


class TestDrugLines:
    def test_the_ndc_survives_a_round_trip(self) -> None:
        """Written as LIN/CTP and read back: NDC, quantity and unit on each line, no finding."""
        reading = read_837p_all(drug_claim())
        assert reading.report.ok
        lines = to_claim(reading.claims[0]).lines
        assert [(ln.ndc, ln.ndc_quantity, ln.ndc_unit) for ln in lines] == [
            ("00002014102", Decimal("2.5"), "ML"),
            ("00009004701", Decimal("2.5"), "ML"),
        ]

    def test_a_malformed_ndc_is_an_element_finding(self) -> None:
        """An NDC of 10 digits (a 4-4-2 label code) is reported at LIN03."""
        data = drug_claim().replace(b"LIN**N4*00002014102~", b"LIN**N4*0002014102~")
        paths = [f.path for f in read_837p_all(data).report]
        assert any(path.endswith("LIN03") for path in paths)

    def test_lines_without_a_drug_have_no_ndc(self) -> None:
        """Generated lines carry no LIN: ndc stays None."""
        claim = read_837p_all(generate_837p(1, seed=3)).claims[0]
        assert all(line.ndc is None for line in claim.lines)
