"""The claims bridge: each line through the shared decision, plus the claim's own numbers."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import attrs

from medoffice.adapters.bridges import ClaimAuthorizationCheck, ServiceMap, claim_source
from medoffice.authorizations._index import AuthorizationIndex
from medoffice.authorizations._requirements import RequirementBook
from medoffice.authorizations._usage import Use, UseKind
from medoffice.authorizations.ports import AuthorizationSnapshot
from medoffice.claims import Claim, ServiceLine
from medoffice.kernel import Money
from medoffice.testing import (
    SAMPLE_SPECIALIST_NPI,
    sample_authorization_snapshot,
    sample_claim,
    sample_claim_authorizations,
)

DOS = date(2026, 3, 2)


def therapy(patient: str = "PCN-0001", units: str = "1", **kw: Any) -> Claim:
    line = ServiceLine(
        service_from=DOS,
        procedure="97110",
        charge=Money.of("50.00", "USD"),
        pointers=(1,),
        units=Decimal(units),
    )
    return sample_claim(patient_control_number=patient, lines=(line,), total_charge=None, **kw)


def rules(check: ClaimAuthorizationCheck, claim: Claim) -> list[str]:
    return [i.rule for i in check.issues(claim)]


class TestClaimLines:
    def test_a_claim_needing_nothing_costs_no_issues(self) -> None:
        """Without requirements the bridge answers at once with nothing."""
        empty = AuthorizationSnapshot(book=RequirementBook(), index=AuthorizationIndex.build())
        assert rules(ClaimAuthorizationCheck(empty), therapy("PCN-0002")) == []

    def test_the_line_number_wins_over_the_claim_number(self) -> None:
        """A line's REF*G1 is the one compared; the claim's stands in when the line has none."""
        check = sample_claim_authorizations()
        claim = therapy(prior_authorization="A-9")
        assert rules(check, claim) == ["AUTH-NUMBER-MISMATCH"]
        fixed = attrs.evolve(
            claim,
            lines=(attrs.evolve(claim.lines[0], prior_authorization="A-1"),),
        )
        assert rules(check, fixed) == []

    def test_a_recorded_claim_is_not_counted_against_itself(self) -> None:
        """Checking a line already billed in the ledger does not use a second visit."""
        snapshot = sample_authorization_snapshot()
        index = snapshot.records()
        claim = therapy("PCN-0004", prior_authorization="A-4")
        at = datetime(2026, 3, 2, tzinfo=UTC)
        own = Use(
            record="PA-4",
            source=claim_source(claim, 0),
            kind=UseKind.BILLED,
            day=DOS,
            quantity=1,
            at=at,
        )
        records = index.patient("PCN-0004")
        rebuilt = AuthorizationIndex.build(
            coverages=records.coverages,
            authorizations=records.authorizations,
            uses=[own],
        )
        check = ClaimAuthorizationCheck(AuthorizationSnapshot(book=snapshot.book, index=rebuilt))
        assert rules(check, claim) == []

    def test_fractional_and_bad_units_count_whole_units(self) -> None:
        """1.5 units count 2, zero or negative units count 1 (the claim rules flag them)."""
        check = sample_claim_authorizations()
        claim = therapy(units="1.5")
        assert check.facts(claim, 0).units == 2
        assert check.facts(therapy(units="0"), 0).units == 1

    def test_patients_may_be_mapped_from_the_claim(self) -> None:
        """patient_of maps a claim to the records' patient id."""
        snapshot = sample_authorization_snapshot()
        check = ClaimAuthorizationCheck(snapshot, patient_of=lambda _: "PCN-0002")
        assert rules(check, therapy("ANYTHING")) == ["AUTH-MISSING"]


class TestServiceMap:
    def test_providers_are_named_by_npi_and_specialists_by_either(self) -> None:
        """A scheduling id maps to its NPI; specialists may be listed by id or NPI."""
        services = ServiceMap(
            npis={"dr-b": SAMPLE_SPECIALIST_NPI}, specialists={SAMPLE_SPECIALIST_NPI, "dr-c"}
        )
        assert services.provider("dr-b") == SAMPLE_SPECIALIST_NPI
        assert services.provider("dr-z") == "dr-z"
        assert services.is_specialist("dr-b")
        assert services.is_specialist("dr-c")
        assert not services.is_specialist("dr-z")
