"""Capabilities: practise, prescribe, bill and test, with blocking reasons."""

from __future__ import annotations

from datetime import date

import attrs
from hypothesis import given
from hypothesis import strategies as st

from medoffice.credentials._capabilities import (
    can_bill,
    can_perform_waived_tests,
    can_practise,
    can_prescribe_controlled,
)
from medoffice.credentials._matrix import Requirement
from medoffice.credentials._model import Credential, CredentialKind, Location, Role, StaffMember
from medoffice.credentials._status import status
from medoffice.testing._credentials_strategies import staff_members

LICENSED_ROLES = {
    Role.PHYSICIAN,
    Role.NURSE_PRACTITIONER,
    Role.PHYSICIAN_ASSISTANT,
    Role.REGISTERED_NURSE,
    Role.LICENSED_PRACTICAL_NURSE,
    Role.RADIOLOGY_TECH,
}

LICENCE = Credential(
    kind="state_license",
    issuer="TMB",
    jurisdiction="TX",
    issued_on=date(2024, 2, 1),
    expires_on=date(2026, 1, 31),
)
DEA = Credential(
    kind="dea_registration",
    issuer="DEA",
    jurisdiction="TX",
    issued_on=date(2023, 3, 1),
    expires_on=date(2026, 6, 30),
)
MEDICARE = Credential(
    kind="medicare_enrollment",
    issuer="CMS",
    jurisdiction="US",
    issued_on=date(2021, 5, 1),
    payer="MEDICARE",
)
DOCTOR = StaffMember(
    id="P-1",
    role="physician",
    states={"TX"},
    payers={"MEDICARE"},
    activities={"prescribes_controlled"},
    credentials=[LICENCE, DEA, MEDICARE],
)
CLINIC = Location(id="MAIN", state="TX")


class TestCanPractise:
    def test_allowed_through_the_last_valid_day(self) -> None:
        """The licence counts on 2026-01-31."""
        assert can_practise(DOCTOR, "TX", date(2026, 1, 31)).allowed

    def test_fee_grace_is_not_permission_to_practise(self) -> None:
        """In the Texas grace window the answer is no, with the grace as the reason."""
        answer = can_practise(DOCTOR, "TX", date(2026, 2, 1))
        assert not answer.allowed
        assert answer.reasons == ("state_license/TX:in_grace",)

    def test_another_state_without_a_licence_is_blocked(self) -> None:
        """No California licence: blocked as missing."""
        assert can_practise(DOCTOR, "ca", date(2025, 1, 1)).reasons == ("state_license/CA:missing",)

    def test_unlicensed_roles_are_not_blocked_by_licensing(self) -> None:
        """A medical assistant needs no state licence to work."""
        assistant = StaffMember(id="S-1", role="ma")
        assert can_practise(assistant, "TX", date(2025, 1, 1)).allowed


class TestCanPrescribeControlled:
    def test_allowed_with_licence_and_registration_in_force(self) -> None:
        """Both in force on 2025-06-01: allowed."""
        assert can_prescribe_controlled(DOCTOR, "TX", date(2025, 6, 1)).allowed

    def test_a_lapsed_licence_blocks_prescribing_too(self) -> None:
        """After the licence expires the DEA registration alone is not enough."""
        answer = can_prescribe_controlled(DOCTOR, "TX", date(2026, 3, 15))
        assert answer.reasons == ("state_license/TX:expired",)

    def test_reinstatable_dea_does_not_allow_prescribing(self) -> None:
        """In the calendar month after DEA expiry prescribing is blocked."""
        renewed = Credential(
            kind="state_license",
            issuer="TMB",
            jurisdiction="TX",
            issued_on=date(2026, 1, 15),
            expires_on=date(2028, 1, 31),
        )
        member = DOCTOR.with_credential(renewed)
        answer = can_prescribe_controlled(member, "TX", date(2026, 7, 15))
        assert answer.reasons == ("dea_registration/TX:lapsed_reinstatable",)


class TestCanBill:
    def test_enrolled_and_licensed_may_bill_medicare(self) -> None:
        """Enrolled with no posted revalidation date: may bill Medicare."""
        assert can_bill(DOCTOR, "medicare", CLINIC, date(2025, 6, 1)).allowed

    def test_not_credentialed_with_a_payer_blocks_billing_it(self) -> None:
        """No ACME credentialing decision: billing ACME is blocked as missing."""
        answer = can_bill(DOCTOR, "ACME", CLINIC, date(2025, 6, 1))
        assert answer.reasons == ("payer_credentialing/ACME:missing",)

    def test_a_non_billing_role_cannot_bill(self) -> None:
        """A biller is not a billing provider."""
        nurse = StaffMember(id="S-2", role="biller")
        answer = can_bill(nurse, "ACME", CLINIC, date(2025, 6, 1))
        assert not answer.allowed
        assert answer.blocking[0].rule == "CRED-NOT-A-BILLING-ROLE"


class TestCanPerformWaivedTests:
    def test_a_location_without_clia_cannot_test(self) -> None:
        """No certificate: missing."""
        assert can_perform_waived_tests(CLINIC, date(2025, 1, 1)).reasons == (
            "clia_certificate:missing",
        )

    def test_a_clia_certificate_lasts_two_years(self) -> None:
        """Issued 2024-03-01: in force through 2026-02-28, expired on 2026-03-01."""
        clia = Credential(
            kind="clia_certificate", issuer="CMS", jurisdiction="TX", issued_on=date(2024, 3, 1)
        )
        lab = Location(id="LAB", state="TX", credentials=[clia])
        assert can_perform_waived_tests(lab, date(2026, 2, 28)).allowed
        assert can_perform_waived_tests(lab, date(2026, 3, 1)).reasons == (
            "clia_certificate:expired",
        )


class TestCapabilityAgreesWithStatus:
    @given(staff_members(), st.sampled_from(["CA", "TX", "IL", "NY"]), st.dates())
    def test_practise_is_allowed_exactly_when_the_licence_is_in_force(
        self, member: StaffMember, state: str, on: date
    ) -> None:
        """For licensed roles the answer follows the licence's standing in ``status``."""
        answer = can_practise(member, state, on)
        if member.role not in LICENSED_ROLES:
            assert answer.allowed
            return
        licence = Requirement(CredentialKind.STATE_LICENSE, state)
        probe = attrs.evolve(member, states=member.states | {state})
        standing = next(s for s in status(probe, on) if s.requirement == licence).standing
        assert answer.allowed == standing.in_force
