"""The contract suite of :class:`~medoffice.authorizations.ports.AuthorizationRepository`.

Subclass :class:`AuthorizationRepositoryContract` and supply ``make_repository``; the suite
checks loading, compare-and-set saving of every kind of record together, that a stale save
stores nothing, that records are replaced by key while uses are only appended, that values come
back equal (status history included), and that threads appending uses with retries lose none::

    class TestMyRecords(AuthorizationRepositoryContract):
        def make_repository(self) -> AuthorizationRepository:
            return MyRecords(...)
"""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime

import pytest

from medoffice.authorizations._records import (
    Coverage,
    PriorAuthorization,
    Referral,
    change_status,
)
from medoffice.authorizations._usage import Use, UseKind
from medoffice.authorizations.ports import AuthorizationRepository, StoredAuthorizations
from medoffice.kernel import ConcurrencyConflict, DateRange, InvalidValue

__all__ = [
    "AuthorizationRepositoryContract",
    "sample_prior_authorization",
    "sample_referral",
    "sample_use",
]

_AT = datetime(2026, 3, 2, 9, tzinfo=UTC)
_MARCH = DateRange(date(2026, 3, 1), date(2026, 3, 31))


def sample_prior_authorization(ident: str, *, patient: str = "p-1") -> PriorAuthorization:
    """An approved authorization of 97110 for 12 visits in March 2026, with its history."""
    requested = PriorAuthorization(
        id=ident,
        patient=patient,
        payer_id="ACME1",
        procedures={"97110", "97140"},
        approved=12,
        valid=_MARCH,
        number=f"N-{ident}",
        place_of_service="11",
        requested_on=date(2026, 2, 20),
    )
    return change_status(requested, "approved", at=_AT, note="portal")


def sample_referral(ident: str, *, patient: str = "p-1") -> Referral:
    """A sent referral to a specialist for 3 visits in March 2026."""
    referral = Referral(
        id=ident,
        patient=patient,
        payer_id="ACME1",
        referring="1003000126",
        receiving="1245319599",
        visits=3,
        valid=_MARCH,
        diagnoses=("M54.50",),
    )
    return change_status(referral, "sent", at=_AT)


def sample_use(source: str, *, record: str = "PA-1", day: int = 2) -> Use:
    """One booked visit of ``record`` in March 2026."""
    return Use(
        record=record,
        source=source,
        kind=UseKind.BOOKED,
        day=date(2026, 3, day),
        quantity=1,
        at=_AT,
    )


class AuthorizationRepositoryContract:
    """What every authorization repository must do."""

    threads: int = 8

    def make_repository(self) -> AuthorizationRepository:
        """Build an empty repository under test."""
        raise NotImplementedError

    def test_satisfies_the_protocol(self) -> None:
        """The repository is recognised as an ``AuthorizationRepository``."""
        assert isinstance(self.make_repository(), AuthorizationRepository)

    def test_starts_empty(self) -> None:
        """A new repository holds nothing at version 0."""
        stored = self.make_repository().load()
        assert isinstance(stored, StoredAuthorizations)
        assert stored == StoredAuthorizations(version=0)

    def test_saves_every_kind_together_and_reads_it_back_equal(self) -> None:
        """Coverages, authorizations, referrals and uses of one save come back as saved."""
        repository = self.make_repository()
        coverage = Coverage(
            patient="p-1", payer_id="ACME1", plan_type="hmo", valid=_MARCH, primary=True
        )
        auth = sample_prior_authorization("PA-1")
        referral = sample_referral("R-1")
        use = sample_use("appointment:a-1")
        version = repository.save(
            coverages=[coverage],
            authorizations=[auth],
            referrals=[referral],
            uses=[use],
            expected_version=0,
        )
        stored = repository.load()
        assert stored.version == version
        assert version > 0
        assert stored.coverages == (coverage,)
        assert stored.authorizations == (auth,)
        assert stored.referrals == (referral,)
        assert stored.uses == (use,)

    def test_a_stale_save_stores_nothing(self) -> None:
        """A save at an old version raises ConcurrencyConflict and changes nothing."""
        repository = self.make_repository()
        first = repository.save(
            authorizations=[sample_prior_authorization("PA-1")], expected_version=0
        )
        with pytest.raises(ConcurrencyConflict):
            repository.save(uses=[sample_use("appointment:a-1")], expected_version=0)
        stored = repository.load()
        assert stored.version == first
        assert stored.uses == ()

    def test_records_are_replaced_by_key_and_uses_appended(self) -> None:
        """A second save of one id replaces it in place; the same use twice is kept twice."""
        repository = self.make_repository()
        auth = sample_prior_authorization("PA-1")
        version = repository.save(
            authorizations=[auth, sample_prior_authorization("PA-2")],
            coverages=[Coverage(patient="p-1", payer_id="ACME1")],
            uses=[sample_use("appointment:a-1")],
            expected_version=0,
        )
        expired = change_status(auth, "expired", at=_AT)
        repository.save(
            authorizations=[expired],
            coverages=[Coverage(patient="p-1", payer_id="ACME1", plan_type="ppo")],
            uses=[sample_use("appointment:a-1")],
            expected_version=version,
        )
        stored = repository.load()
        assert [a.id for a in stored.authorizations] == ["PA-1", "PA-2"]
        assert stored.authorizations[0] == expired
        assert [c.plan_type.value for c in stored.coverages] == ["ppo"]
        assert len(stored.uses) == 2

    def test_versions_never_repeat(self) -> None:
        """Each save returns a version never returned before."""
        repository = self.make_repository()
        seen = {0}
        version = 0
        for n in range(5):
            version = repository.save(
                uses=[sample_use(f"appointment:a-{n}")], expected_version=version
            )
            assert version not in seen
            seen.add(version)

    def test_the_ledger_keeps_its_order(self) -> None:
        """Uses come back in the order appended, over several saves."""
        repository = self.make_repository()
        uses = [sample_use(f"s-{n}", record=("PA-1", "R-1")[n % 2], day=28 - n) for n in range(6)]
        version = repository.save(uses=uses[:2], expected_version=0)
        for use in uses[2:]:
            version = repository.save(uses=[use], expected_version=version)
        assert repository.load().uses == tuple(uses)

    def test_racing_threads_lose_no_use(self) -> None:
        """Threads appending with read-and-retry all land, each exactly once."""
        repository = self.make_repository()

        def append(n: int) -> None:
            while True:
                version = repository.load().version
                try:
                    repository.save(uses=[sample_use(f"t-{n}")], expected_version=version)
                    return
                except ConcurrencyConflict:
                    continue

        workers = [threading.Thread(target=append, args=(n,)) for n in range(self.threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        sources = sorted(u.source for u in repository.load().uses)
        assert sources == sorted(f"t-{n}" for n in range(self.threads))

    def test_junk_is_refused_and_nothing_stored(self) -> None:
        """Something that is not a record is refused before anything is written."""
        repository = self.make_repository()
        with pytest.raises(InvalidValue) as raised:
            repository.save(
                authorizations=[sample_prior_authorization("PA-1")],
                uses=["a use"],  # type: ignore[list-item]
                expected_version=0,
            )
        assert "a use" not in str(raised.value)
        assert repository.load() == StoredAuthorizations(version=0)
