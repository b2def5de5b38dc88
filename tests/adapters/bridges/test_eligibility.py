"""The bridge from credentials to scheduling: a provider whose licence lapsed is not bookable."""

from __future__ import annotations

from datetime import date

import pytest

from medoffice.adapters.bridges import (
    UNKNOWN_PROVIDER,
    CredentialEligibility,
    SchedulingEligibility,
)
from medoffice.adapters.memory import InMemoryCredentialRepository
from medoffice.credentials._model import Credential, StaffMember


def _texan_physician() -> InMemoryCredentialRepository:
    """P-1, a physician whose Texas licence runs out on 2026-01-31."""
    licence = Credential(
        kind="state_license",
        issuer="TMB",
        jurisdiction="TX",
        issued_on=date(2024, 2, 1),
        expires_on=date(2026, 1, 31),
    )
    repository = InMemoryCredentialRepository()
    member = StaffMember(id="P-1", role="physician", states={"TX"}, credentials=[licence])
    repository.save(member, expected_version=0)
    return repository


REPOSITORY = _texan_physician()


class TestEligibilityAdapter:
    repo = REPOSITORY

    def test_bookable_until_the_licence_lapses(self) -> None:
        """Eligible on the last valid day, not on the next one, with the reason."""
        eligibility = CredentialEligibility(self.repo)
        assert eligibility.is_eligible("P-1", "TX", date(2026, 1, 31)) == (True, ())
        assert eligibility.is_eligible("P-1", "TX", date(2026, 2, 1)) == (
            False,
            ("state_license/TX:in_grace",),
        )

    def test_an_unknown_provider_is_not_eligible(self) -> None:
        """An id the repository does not know is refused with a stable reason."""
        assert CredentialEligibility(self.repo).is_eligible("nobody", "TX", date(2026, 1, 1)) == (
            False,
            (UNKNOWN_PROVIDER,),
        )


class TestSchedulingEligibility:
    repo = REPOSITORY

    def test_has_the_scheduling_port_shape(self) -> None:
        """It is a ``ProviderEligibility`` for the scheduling package, checked at run time."""
        ports = pytest.importorskip("medoffice.scheduling.ports")
        assert isinstance(SchedulingEligibility(self.repo, state="TX"), ports.ProviderEligibility)

    def test_a_lapsed_licence_cannot_be_booked_after_that_date(self) -> None:
        """Bookable on 2026-01-31, not on 2026-02-01, with the reason on request."""
        eligibility = SchedulingEligibility(self.repo, state="tx")
        assert eligibility.is_eligible("P-1", "NEW-PATIENT", date(2026, 1, 31))
        assert not eligibility.is_eligible("P-1", "NEW-PATIENT", date(2026, 2, 1))
        assert eligibility.reasons("P-1", date(2026, 2, 1)) == ("state_license/TX:in_grace",)

    def test_exempt_types_need_no_licence(self) -> None:
        """An exempt appointment type is bookable whatever the licence."""
        eligibility = SchedulingEligibility(
            self.repo, state="TX", exempt_types=frozenset({"ADMIN"})
        )
        assert eligibility.is_eligible("P-1", "ADMIN", date(2030, 1, 1))
