"""Drug lines: the NDC is part of what makes two lines of one J code the same service."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from medoffice.adapters.memory import InMemoryDiagnosisCodes
from medoffice.claims import CheckContext, ServiceLine, check_claim, claim_to_json, claims_from_json
from medoffice.kernel import Money
from medoffice.testing import sample_claim

CONTEXT = CheckContext(on=date(2026, 3, 20), diagnoses=InMemoryDiagnosisCodes.sample())


def drug(ndc: str | None) -> ServiceLine:
    return ServiceLine(
        service_from=date(2026, 3, 2),
        procedure="J1100",
        pointers=(1,),
        charge=Money.of("10.00", "USD"),
        ndc=ndc,
        ndc_quantity=Decimal(1) if ndc else None,
        ndc_unit="ML" if ndc else "",
    )


def duplicates(*ndcs: str | None) -> list[str]:
    claim = sample_claim(lines=tuple(drug(n) for n in ndcs), total_charge=None)
    return [f.path for f in check_claim(claim, context=CONTEXT) if str(f.rule) == "LINE-DUPLICATE"]


class TestDuplicateDrugLines:
    def test_two_products_of_one_code_are_not_duplicates(self) -> None:
        """J1100 given as two NDCs on one day: two services, no LINE-DUPLICATE."""
        assert duplicates("00002014102", "00009004701") == []

    def test_the_same_product_twice_is_a_duplicate(self) -> None:
        """The same NDC twice is still a duplicate line."""
        assert duplicates("00002014102", "00002014102") == ["lines[1]"]

    def test_lines_without_an_ndc_compare_as_before(self) -> None:
        """No NDC on either line: the code, date and modifiers decide."""
        assert duplicates(None, None) == ["lines[1]"]


class TestDrugLinesInJson:
    def test_the_ndc_round_trips_through_json(self) -> None:
        """ndc, ndc_quantity and ndc_unit are read and written by the JSON form."""
        claim = sample_claim(lines=(drug("00002014102"),), total_charge=None)
        again = claims_from_json(json.dumps(claim_to_json(claim)))[0]
        assert again.lines[0].ndc == "00002014102"
        assert again.lines[0].ndc_quantity == Decimal(1)
        assert again.lines[0].ndc_unit == "ML"
