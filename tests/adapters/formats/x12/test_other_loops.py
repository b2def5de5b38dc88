"""Loops kept for secondary claims and special services: pay-to, facilities, other payers."""

from __future__ import annotations

from decimal import Decimal

import pytest
from tests.adapters.formats.x12._rebuild import assert_built_as_public

from medoffice.adapters.formats.x12 import X12Claim, read_837p_all
from medoffice.kernel import Money
from medoffice.testing import generate_837p

PAY_TO = b"NM1*87*2~N3*PO BOX 9~N4*SPRINGFIELD*IL*62701~"
PAY_TO_PLAN = b"NM1*PE*2*HEALTH PLAN*****PI*PLAN77~N3*1 PLAN WAY~N4*CHICAGO*IL*60601~"
CLAIM_LOOPS = (
    b"NM1*77*2*NORTH CLINIC*****XX*1245319599~N3*5 CLINIC RD~N4*SPRINGFIELD*IL*62702~"
    b"NM1*DQ*1*SUPERVISOR*SAM****XX*1234567893~"
    b"NM1*PW*2~N3*12 HOME ST~N4*SPRINGFIELD*IL*62703~"
    b"NM1*45*2~N3*1 HOSPITAL DR~N4*SPRINGFIELD*IL*62704~"
    b"SBR*S*01*GRP9******CI~CAS*CO*45*20.00~CAS*PR*1*30.00*1~AMT*D*150.00~OI***Y***Y~"
    b"NM1*IL*1*OTHERSON*OLIVE****MI*OTH123~N3*7 SIDE ST~N4*SPRINGFIELD*IL*62705~"
    b"NM1*PR*2*OTHER PAYER*****PI*OP001~"
)
LINE_LOOPS = (
    b"NM1*QB*2*REFERENCE LAB*****XX*1245319599~"
    b"NM1*77*2*DRAW STATION*****XX*1234567893~N3*9 LAB LN~N4*SPRINGFIELD*IL*62706~"
    b"NM1*DQ*1*SUPERVISOR*SAM****XX*1234567893~"
    b"NM1*DK*1*ORDERER*ODA****XX*1245319599~"
    b"NM1*PW*2~N3*12 HOME ST~N4*SPRINGFIELD*IL*62703~"
    b"NM1*45*2~N3*1 HOSPITAL DR~N4*SPRINGFIELD*IL*62704~"
)


def _recount(data: bytes) -> bytes:
    """SE01 again the number of segments from ST to SE."""
    segments = data.split(b"~")
    start = next(i for i, s in enumerate(segments) if s.startswith(b"ST*"))
    end = next(i for i, s in enumerate(segments) if s.startswith(b"SE*"))
    control = segments[end].split(b"*")[2]
    segments[end] = b"SE*" + str(end - start + 1).encode() + b"*" + control
    return b"~".join(segments)


@pytest.fixture(scope="module")
def claim() -> X12Claim:
    data = generate_837p(1, seed=3)
    data = data.replace(b"REF*EI*990000001~", b"REF*EI*990000001~" + PAY_TO + PAY_TO_PLAN, 1)
    data = data.replace(b"PRV*PE*PXC*207Q00000X~", b"PRV*PE*PXC*207Q00000X~" + CLAIM_LOOPS, 1)
    data = data.replace(b"DTP*472*D8*20260426~", b"DTP*472*D8*20260426~" + LINE_LOOPS, 1)
    reading = read_837p_all(_recount(data))
    assert reading.report.ok, [(f.rule, f.path, f.message) for f in reading.report]
    return reading.claims[0]


class TestLoopsKept:
    def test_pay_to_address_and_plan(self, claim: X12Claim) -> None:
        """2010AB and 2010AC are kept for every claim of the billing provider."""
        assert claim.pay_to_address is not None
        assert claim.pay_to_address.postal_code == "62701"
        assert claim.pay_to_plan is not None
        assert (claim.pay_to_plan.id_qualifier, claim.pay_to_plan.id) == ("PI", "PLAN77")

    def test_facility_supervisor_and_ambulance_places(self, claim: X12Claim) -> None:
        """2310C with its address, 2310D, and the 2310E/F pick-up and drop-off places."""
        assert claim.service_facility is not None
        assert claim.service_facility.npi == "1245319599"
        assert claim.service_facility.address is not None
        assert claim.supervising is not None
        assert claim.supervising.npi == "1234567893"
        assert claim.ambulance_pickup is not None
        assert claim.ambulance_dropoff is not None
        assert (claim.ambulance_pickup.postal_code, claim.ambulance_dropoff.postal_code) == (
            "62703",
            "62704",
        )

    def test_the_other_payer_of_a_secondary_claim(self, claim: X12Claim) -> None:
        """2320 with its CAS adjustments and AMT*D payment, 2330A and 2330B."""
        (other,) = claim.other_payers
        assert (other.responsibility, other.relationship, other.claim_filing_indicator) == (
            "S",
            "01",
            "CI",
        )
        assert other.paid == Money.of("150.00", "USD")
        assert [(a.group, a.reason, a.amount) for a in other.adjustments] == [
            ("CO", "45", Money.of("20.00", "USD")),
            ("PR", "1", Money.of("30.00", "USD")),
        ]
        assert other.adjustments[1].quantity == Decimal(1)
        assert other.subscriber is not None
        assert other.subscriber.member_id == "OTH123"
        assert "OTH123" not in repr(other)  # the other insured is PHI
        assert other.payer is not None
        assert other.payer.id == "OP001"

    def test_line_level_providers_and_places(self, claim: X12Claim) -> None:
        """2420B to 2420E are the line's providers by role; 2420G/H its ambulance places."""
        line = claim.lines[0]
        roles = {p.role: p for p in line.providers}
        assert sorted(roles) == ["ordering", "purchased service", "service facility", "supervising"]
        assert roles["service facility"].address is not None
        assert line.ambulance_pickup is not None
        assert line.ambulance_dropoff is not None
        assert claim.lines[1].providers == ()


class TestBuiltAsPublic:
    def test_every_kept_loop_is_built_as_the_public_constructors_build_it(
        self, claim: X12Claim
    ) -> None:
        """Pay-to, facilities, ambulance places, other payers and line providers: equal values."""
        assert claim.other_payers
        assert claim.lines[0].providers
        assert_built_as_public(claim)
