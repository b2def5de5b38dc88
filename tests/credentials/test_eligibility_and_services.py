"""The scheduling seam (eligibility adapter) and the use cases that read the clock once."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

import pendulum
import pytest

from medoffice.adapters.credentials import InMemoryCredentialRepository, InMemoryScreeningLog
from medoffice.adapters.credentials_eligibility import (
    UNKNOWN_PROVIDER,
    CredentialEligibility,
    SchedulingEligibility,
)
from medoffice.credentials import (
    Credential,
    CredentialKind,
    Location,
    Requirement,
    Screening,
    StaffMember,
    Standing,
)
from medoffice.credentials.services import (
    record_credential,
    record_screening,
    status_today,
    today,
)
from medoffice.kernel import ConcurrencyConflict, InvalidArgument
from medoffice.testing import FrozenClock

LICENCE = Credential(
    kind="state_license",
    issuer="TMB",
    jurisdiction="TX",
    issued_on=date(2024, 2, 1),
    expires_on=date(2026, 1, 31),
)


def repository_with(member: StaffMember) -> InMemoryCredentialRepository:
    repo = InMemoryCredentialRepository()
    repo.save(member, expected_version=0)
    return repo


class TestEligibilityAdapter:
    repo = repository_with(
        StaffMember(id="P-1", role="physician", states={"TX"}, credentials=[LICENCE])
    )

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
    repo = repository_with(
        StaffMember(id="P-1", role="physician", states={"TX"}, credentials=[LICENCE])
    )

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


class _Racing:
    """A repository whose ``get`` lets another writer save first."""

    def __init__(
        self, inner: InMemoryCredentialRepository, get: Callable[[str], StaffMember | None]
    ) -> None:
        self.inner = inner
        self.get = get

    def version(self, staff_id: str) -> int:
        return self.inner.version(staff_id)

    def save(self, staff: StaffMember, *, expected_version: int) -> int:
        return self.inner.save(staff, expected_version=expected_version)

    def staff_ids(self) -> Iterator[str]:
        return self.inner.staff_ids()

    def location(self, location_id: str) -> Location | None:
        return self.inner.location(location_id)

    def save_location(self, location: Location) -> None:
        self.inner.save_location(location)


CLOCK_TIME = pendulum.datetime(2026, 6, 10, 3, 30, tz="UTC")


class TestRecordCredential:
    def test_a_credential_is_added_and_saved(self) -> None:
        """The new credential is stored and the version moves on."""
        repo = repository_with(StaffMember(id="S-1", role="ma"))
        card = Credential(kind="bls", issuer="AHA", jurisdiction="US", issued_on=date(2026, 6, 9))
        record_credential("S-1", card, repository=repo, clock=FrozenClock(CLOCK_TIME))
        stored = repo.get("S-1")
        assert stored is not None
        assert stored.credentials == (card,)
        assert repo.version("S-1") == 2

    def test_a_credential_issued_tomorrow_in_the_practice_zone_is_refused(self) -> None:
        """At 03:30 UTC it is still June 9 in Los Angeles: a June 10 card is in the future."""
        repo = repository_with(StaffMember(id="S-1", role="ma"))
        card = Credential(kind="bls", issuer="AHA", jurisdiction="US", issued_on=date(2026, 6, 10))
        with pytest.raises(InvalidArgument):
            record_credential(
                "S-1",
                card,
                repository=repo,
                clock=FrozenClock(CLOCK_TIME),
                zone="America/Los_Angeles",
            )
        stored = repo.get("S-1")
        assert stored is not None
        assert stored.credentials == ()

    def test_an_unknown_staff_member_is_refused(self) -> None:
        """Recording for an id nobody has raises a clear error."""
        card = Credential(kind="bls", issuer="AHA", jurisdiction="US", issued_on=date(2026, 6, 1))
        with pytest.raises(InvalidArgument):
            record_credential(
                "nobody",
                card,
                repository=InMemoryCredentialRepository(),
                clock=FrozenClock(CLOCK_TIME),
            )

    def test_a_concurrent_save_conflicts_and_keeps_the_other_write(self) -> None:
        """If another writer saves between the read and the write, the use case raises."""
        card = Credential(kind="bls", issuer="AHA", jurisdiction="US", issued_on=date(2026, 6, 1))
        other = StaffMember(id="S-1", role="rn")

        repo = repository_with(StaffMember(id="S-1", role="ma"))
        real_get = repo.get

        def get_then_race(staff_id: str) -> StaffMember | None:
            found = real_get(staff_id)
            repo.save(other, expected_version=repo.version(staff_id))
            return found

        racing = _Racing(repo, get_then_race)
        with pytest.raises(ConcurrencyConflict):
            record_credential("S-1", card, repository=racing, clock=FrozenClock(CLOCK_TIME))
        assert repo.get("S-1") == other


class TestScreeningsAndStatusToday:
    def test_a_future_screening_is_refused_and_a_past_one_logged(self) -> None:
        """Screenings dated after today are refused; others are logged."""
        log = InMemoryScreeningLog()
        clock = FrozenClock(CLOCK_TIME)
        past = Screening(person_id="S-1", source="LEIE", on=date(2026, 6, 1), result="clear")
        record_screening(past, log=log, clock=clock)
        future = Screening(person_id="S-1", source="LEIE", on=date(2026, 6, 11), result="clear")
        with pytest.raises(InvalidArgument):
            record_screening(future, log=log, clock=clock)
        assert log.for_person("S-1") == (past,)

    def test_status_today_uses_the_practice_day(self) -> None:
        """The status is computed for the clock's day in the practice's zone."""
        repo = repository_with(
            StaffMember(id="P-1", role="physician", states={"TX"}, credentials=[LICENCE])
        )
        clock = FrozenClock(pendulum.datetime(2026, 2, 1, 3, tz="UTC"))
        chicago = status_today("P-1", repository=repo, clock=clock, zone="America/Chicago")
        utc = status_today("P-1", repository=repo, clock=clock)
        assert today(clock, "America/Chicago") == date(2026, 1, 31)
        licence = Requirement(CredentialKind.STATE_LICENSE, "TX")
        assert next(s for s in chicago if s.requirement == licence).standing is Standing.SATISFIED
        assert next(s for s in utc if s.requirement == licence).standing is Standing.IN_GRACE
