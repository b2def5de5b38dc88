"""Contract suites for the credentials ports.

Subclass a suite and supply the factory; every adapter, fakes included, must pass::

    from medoffice.testing._credentials_contracts import CredentialRepositoryContract


    class TestMyRepository(CredentialRepositoryContract):
        def make_repository(self) -> CredentialRepository:
            return MyRepository()
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from medoffice.credentials._model import Credential, Location, StaffMember
from medoffice.credentials._monitoring import Screening
from medoffice.credentials.ports import BusinessCalendar, CredentialRepository, ScreeningLog
from medoffice.kernel import ConcurrencyConflict

__all__ = ["BusinessCalendarContract", "CredentialRepositoryContract", "ScreeningLogContract"]


def _member(staff_id: str = "S-1", *, credentials: tuple[Credential, ...] = ()) -> StaffMember:
    return StaffMember(id=staff_id, role="rn", states={"TX"}, credentials=credentials)


_CARD = Credential(kind="bls", issuer="AHA", jurisdiction="US", issued_on=date(2026, 6, 10))


class CredentialRepositoryContract:
    """What every :class:`~medoffice.credentials.ports.CredentialRepository` must do."""

    def make_repository(self) -> CredentialRepository:
        """Build an empty repository."""
        raise NotImplementedError

    def test_satisfies_the_protocol(self) -> None:
        """The repository is recognised as a ``CredentialRepository`` at run time."""
        assert isinstance(self.make_repository(), CredentialRepository)

    def test_an_unknown_id_is_absent_with_version_zero(self) -> None:
        """Looking up an id never saved gives ``None`` and version 0."""
        repo = self.make_repository()
        assert repo.get("nobody") is None
        assert repo.version("nobody") == 0

    def test_a_saved_member_reads_back_equal(self) -> None:
        """What is saved is what is read back, at version 1."""
        repo = self.make_repository()
        member = _member(credentials=(_CARD,))
        assert repo.save(member, expected_version=0) == 1
        assert repo.get("S-1") == member
        assert repo.version("S-1") == 1

    def test_open_kinds_details_and_taxonomy_read_back_equal(self) -> None:
        """A pack-declared kind, a kind no pack knows, details and the NUCC code are kept."""
        repo = self.make_repository()
        coi = Credential(
            kind="malpractice_coi",
            issuer="Carrier",
            jurisdiction="US",
            issued_on=date(2026, 1, 1),
            expires_on=date(2026, 12, 31),
            details={"per_claim": "1000000 USD", "aggregate": "3000000 USD"},
        )
        other = Credential(
            kind="dot_medical_card", issuer="FMCSA", jurisdiction="TX", issued_on=date(2026, 2, 1)
        )
        member = StaffMember(
            id="S-9",
            role="pa",
            taxonomy="363A00000X",
            states={"TX"},
            credentials=(coi, other, _CARD),
        )
        repo.save(member, expected_version=0)
        found = repo.get("S-9")
        assert found == member
        assert found is not None
        assert found.credentials[1].kind is other.kind

    def test_each_save_bumps_the_version(self) -> None:
        """Saving on the current version moves it on by one."""
        repo = self.make_repository()
        repo.save(_member(), expected_version=0)
        assert repo.save(_member(credentials=(_CARD,)), expected_version=1) == 2
        assert repo.get("S-1") == _member(credentials=(_CARD,))

    def test_a_stale_save_conflicts_and_keeps_the_stored_record(self) -> None:
        """A save based on an old version raises and leaves the stored member intact."""
        repo = self.make_repository()
        repo.save(_member(credentials=(_CARD,)), expected_version=0)
        with pytest.raises(ConcurrencyConflict):
            repo.save(_member(), expected_version=0)
        assert repo.get("S-1") == _member(credentials=(_CARD,))
        assert repo.version("S-1") == 1

    def test_ids_are_listed_sorted(self) -> None:
        """Every stored id is listed once, in sorted order."""
        repo = self.make_repository()
        for staff_id in ("S-3", "S-1", "S-2"):
            repo.save(_member(staff_id), expected_version=0)
        assert list(repo.staff_ids()) == ["S-1", "S-2", "S-3"]

    def test_behaves_like_a_dictionary_of_versions(self) -> None:
        """Random saves, stale saves and reads agree with a dict model; nothing is ever lost."""
        factory = self.make_repository

        class Machine(RuleBasedStateMachine):
            def __init__(self) -> None:
                super().__init__()
                self.repo = factory()
                self.model: dict[str, tuple[StaffMember, int]] = {}

            @rule(
                staff_id=st.sampled_from(["S-1", "S-2", "S-3"]),
                role=st.sampled_from(["rn", "ma", "physician"]),
                lag=st.integers(-1, 1),
            )
            def save(self, staff_id: str, role: str, lag: int) -> None:
                member = StaffMember(id=staff_id, role=role)
                current = self.model.get(staff_id, (member, 0))[1]
                expected = current + lag
                if lag:
                    with pytest.raises(ConcurrencyConflict):
                        self.repo.save(member, expected_version=expected)
                    return
                assert self.repo.save(member, expected_version=expected) == current + 1
                self.model[staff_id] = (member, current + 1)

            @invariant()
            def agrees_with_the_model(self) -> None:
                assert list(self.repo.staff_ids()) == sorted(self.model)
                for staff_id, (member, version) in self.model.items():
                    assert self.repo.get(staff_id) == member
                    assert self.repo.version(staff_id) == version

        run_state_machine_as_test(
            Machine, settings=settings(max_examples=30, stateful_step_count=15, deadline=None)
        )

    def test_locations_are_stored_and_replaced(self) -> None:
        """A location reads back, and saving it again replaces it."""
        repo = self.make_repository()
        assert repo.location("MAIN") is None
        repo.save_location(Location(id="MAIN", state="TX"))
        replaced = Location(id="MAIN", state="TX", credentials=(_CARD,))
        repo.save_location(replaced)
        assert repo.location("MAIN") == replaced


def _screening(day: int, person: str = "S-1", source: str = "LEIE") -> Screening:
    return Screening(person_id=person, source=source, on=date(2025, 9, day), result="clear")


class ScreeningLogContract:
    """What every :class:`~medoffice.credentials.ports.ScreeningLog` must do."""

    def make_log(self) -> ScreeningLog:
        """Build an empty log."""
        raise NotImplementedError

    def test_satisfies_the_protocol(self) -> None:
        """The log is recognised as a ``ScreeningLog`` at run time."""
        assert isinstance(self.make_log(), ScreeningLog)

    def test_a_person_reads_back_oldest_first(self) -> None:
        """Screenings of a person come back oldest first, whatever the append order."""
        log = self.make_log()
        for day in (20, 3, 11):
            log.append(_screening(day))
        log.append(_screening(5, person="S-2"))
        assert [s.on.day for s in log.for_person("S-1")] == [3, 11, 20]

    def test_a_duplicate_is_kept_once(self) -> None:
        """Appending the same screening twice logs it once."""
        log = self.make_log()
        log.append(_screening(3))
        log.append(_screening(3))
        assert log.for_person("S-1") == (_screening(3),)

    def test_between_includes_both_ends(self) -> None:
        """``between`` returns screenings on its first and last days too."""
        log = self.make_log()
        for day in (1, 10, 20, 30):
            log.append(_screening(day))
        found = log.between(date(2025, 9, 10), date(2025, 9, 20))
        assert [s.on.day for s in found] == [10, 20]


class BusinessCalendarContract:
    """What every :class:`~medoffice.credentials.ports.BusinessCalendar` must do."""

    def make_calendar(self) -> BusinessCalendar:
        """Build the calendar under test (US-style: Saturday and Sunday are not business days)."""
        raise NotImplementedError

    def test_satisfies_the_protocol(self) -> None:
        """The calendar is recognised as a ``BusinessCalendar`` at run time."""
        assert isinstance(self.make_calendar(), BusinessCalendar)

    def test_weekends_are_not_business_days(self) -> None:
        """Saturday 2026-06-13 and Sunday 2026-06-14 are not business days."""
        calendar = self.make_calendar()
        assert not calendar.is_business_day(date(2026, 6, 13))
        assert not calendar.is_business_day(date(2026, 6, 14))

    def test_an_ordinary_weekday_is_a_business_day(self) -> None:
        """Wednesday 2026-06-10 is a business day."""
        assert self.make_calendar().is_business_day(date(2026, 6, 10))

    def test_the_answer_does_not_change_between_calls(self) -> None:
        """Asking twice gives the same answer."""
        calendar = self.make_calendar()
        day = date(2026, 12, 25)
        assert calendar.is_business_day(day) == calendar.is_business_day(day)
