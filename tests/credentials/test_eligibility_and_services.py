"""The credentials use cases, which read the clock once."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime

import pytest

from medoffice.adapters.memory import InMemoryCredentialRepository, InMemoryStore
from medoffice.credentials._matrix import Requirement
from medoffice.credentials._model import Credential, CredentialKind, Location, StaffMember
from medoffice.credentials._monitoring import Screening
from medoffice.credentials._status import Standing
from medoffice.credentials.services import Credentialing
from medoffice.kernel import ConcurrencyConflict, InvalidArgument, Refused
from medoffice.testing import FrozenClock, PlainStore

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


CLOCK_TIME = datetime(2026, 6, 10, 3, 30, tzinfo=UTC)


def store_with(member: StaffMember) -> InMemoryStore:
    store = InMemoryStore()
    store.credentials.save(member, expected_version=0)
    return store


def service(store: InMemoryStore | PlainStore, zone: str = "UTC") -> Credentialing:
    return Credentialing(store, clock=FrozenClock(CLOCK_TIME), zone=zone)


class TestRecordCredential:
    def test_a_credential_is_added_and_saved(self) -> None:
        """The new credential is stored and the version moves on."""
        store = store_with(StaffMember(id="S-1", role="ma"))
        card = Credential(kind="bls", issuer="AHA", jurisdiction="US", issued_on=date(2026, 6, 9))
        service(store).record_credential("S-1", card)
        stored = store.credentials.get("S-1")
        assert stored is not None
        assert stored.credentials == (card,)
        assert store.credentials.version("S-1") == 2

    def test_a_credential_issued_tomorrow_in_the_practice_zone_is_refused(self) -> None:
        """At 03:30 UTC it is still June 9 in Los Angeles: a June 10 card is in the future."""
        store = store_with(StaffMember(id="S-1", role="ma"))
        card = Credential(kind="bls", issuer="AHA", jurisdiction="US", issued_on=date(2026, 6, 10))
        refused = service(store, "America/Los_Angeles").record_credential("S-1", card)
        assert isinstance(refused, Refused)
        assert [(f.rule, f.path) for f in refused.report] == [("CRED-ISSUED-FUTURE", "issued_on")]
        stored = store.credentials.get("S-1")
        assert stored is not None
        assert stored.credentials == ()

    def test_an_unknown_staff_member_is_refused(self) -> None:
        """Recording for an id nobody has raises a clear error."""
        card = Credential(kind="bls", issuer="AHA", jurisdiction="US", issued_on=date(2026, 6, 1))
        with pytest.raises(InvalidArgument):
            service(InMemoryStore()).record_credential("nobody", card)

    def test_a_concurrent_save_conflicts_and_keeps_the_other_write(self) -> None:
        """If another writer saves between every read and write, the use case gives up."""
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
            service(PlainStore(credentials=racing)).record_credential("S-1", card)
        assert repo.get("S-1") == other

    def test_the_zone_must_be_a_time_zone(self) -> None:
        """An unknown zone name is an argument error when the service is built."""
        with pytest.raises(InvalidArgument):
            service(InMemoryStore(), "Mars/Olympus_Mons")
        assert "America/Chicago" in repr(service(InMemoryStore(), "America/Chicago"))


class TestScreeningsAndStatusToday:
    def test_a_future_screening_is_refused_and_a_past_one_logged(self) -> None:
        """Screenings dated after today are refused (a value); others are logged."""
        store = InMemoryStore()
        credentialing = service(store)
        past = Screening(person_id="S-1", source="LEIE", on=date(2026, 6, 1), result="clear")
        assert credentialing.record_screening(past) == past
        future = Screening(person_id="S-1", source="LEIE", on=date(2026, 6, 11), result="clear")
        refused = credentialing.record_screening(future)
        assert isinstance(refused, Refused)
        assert refused.rules == ("CRED-SCREENED-FUTURE",)
        assert store.screenings.for_person("S-1") == (past,)

    def test_status_today_uses_the_practice_day(self) -> None:
        """The status is computed for the clock's day in the practice's zone."""
        store = store_with(
            StaffMember(id="P-1", role="physician", states={"TX"}, credentials=[LICENCE])
        )
        clock = FrozenClock(datetime(2026, 2, 1, 3, tzinfo=UTC))
        chicago = Credentialing(store, clock=clock, zone="America/Chicago")
        utc = Credentialing(store, clock=clock)
        assert chicago.today() == date(2026, 1, 31)
        licence = Requirement(CredentialKind.STATE_LICENSE, "TX")
        in_chicago = next(s for s in chicago.status_today("P-1") if s.requirement == licence)
        in_utc = next(s for s in utc.status_today("P-1") if s.requirement == licence)
        assert in_chicago.standing is Standing.SATISFIED
        assert in_utc.standing is Standing.IN_GRACE
        with pytest.raises(InvalidArgument):
            utc.status_today("nobody")
