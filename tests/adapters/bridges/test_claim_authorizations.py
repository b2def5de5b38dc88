"""The claims bridge: each line through the shared decision, plus the claim's own numbers."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import attrs
import pytest

from medoffice.adapters.bridges import ClaimAuthorizationCheck, ServiceMap, claim_source
from medoffice.adapters.memory import InMemoryDiagnosisCodes, InMemoryStore
from medoffice.authorizations import Authorizations
from medoffice.authorizations._index import AuthorizationIndex
from medoffice.authorizations._requirements import RequirementBook
from medoffice.authorizations._usage import Use, UseKind
from medoffice.authorizations.ports import AuthorizationSnapshot
from medoffice.claims import CheckContext, Claim, ServiceLine
from medoffice.claims.services import Billing
from medoffice.kernel import InvalidArgument, Money
from medoffice.testing import (
    SAMPLE_SPECIALIST_NPI,
    FrozenClock,
    sample_authorization_snapshot,
    sample_claim,
    sample_claim_authorizations,
)

DOS = date(2026, 3, 2)
AT = datetime(2026, 3, 20, tzinfo=UTC)
SERVICES = ServiceMap(specialists={SAMPLE_SPECIALIST_NPI})


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


class TestSubmittedClaimsAreCounted:
    def records(self) -> Authorizations:
        store = InMemoryStore()
        snapshot = sample_authorization_snapshot()
        index = snapshot.records()
        patient = index.patient("PCN-0001")
        store.authorizations.save(
            coverages=patient.coverages,
            authorizations=patient.authorizations,
            expected_version=0,
        )
        return Authorizations(store, clock=FrozenClock(AT), requirements=snapshot.book)

    def test_billing_counts_the_lines_of_each_recorded_claim(self) -> None:
        """A clean therapy claim is recorded and its line counted once; a held one is not."""
        records = self.records()
        usage = ClaimAuthorizationCheck(records, services=SERVICES)
        billing = Billing(InMemoryStore(), clock=FrozenClock(AT), usage=usage)
        context = CheckContext(
            on=date(2026, 3, 20), diagnoses=InMemoryDiagnosisCodes.sample(), authorizations=usage
        )
        clean = therapy(prior_authorization="A-1")
        held = therapy(prior_authorization="A-1", diagnoses=())
        batch = billing.check_and_record([clean, held, clean], context=context, batch_id="B-1")
        assert (batch.recorded, batch.held) == (2, 1)
        used = records.records().patient("PCN-0001").used("PA-1")
        assert used.total == 1
        assert used.counts(claim_source(clean, 0))

    def test_a_claim_needing_nothing_records_nothing(self) -> None:
        """The sample office visit uses no authorization: the ledger stays empty."""
        records = self.records()
        ClaimAuthorizationCheck(records, services=SERVICES).record_submitted(sample_claim())
        assert records.records().patient("PCN-0001").usage == {}

    def test_a_fixed_snapshot_cannot_record(self) -> None:
        """Recording needs a source that records usage."""
        with pytest.raises(InvalidArgument):
            sample_claim_authorizations().record_submitted(therapy(prior_authorization="A-1"))
