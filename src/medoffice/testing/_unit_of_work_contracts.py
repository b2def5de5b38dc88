"""The contract suites of the unit-of-work ports, one per domain.

Subclass a suite and supply ``make_store`` (a new, empty store); it checks that a unit commits
every save on a clean exit, rolls every one back on an exception, never lets another reader see a
write that is rolled back, sees its own writes, refuses a second unit opened inside the first,
and (where the repositories carry versions) that a stale save raises
:class:`~medoffice.kernel.ConcurrencyConflict` and rolls back the unit's earlier saves too::

    class TestMyStore(SchedulingUnitOfWorkContract):
        def make_store(self) -> SchedulingStore:
            return MyStore(...)

The scheduling suite also races many threads booking the same slots through
:class:`~medoffice.scheduling.services.Scheduling`: exactly one booking per slot, none lost.
"""

from __future__ import annotations

import threading
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from typing import Generic, Protocol, TypeVar

import pytest

from medoffice.budget import Encumbrance, JournalEntry, Leg, Transaction, TransferStatus
from medoffice.budget.ports import BudgetStore, BudgetUnitOfWork
from medoffice.claims import patient_key, provider_key
from medoffice.claims.ports import ClaimsStore, ClaimsUnitOfWork
from medoffice.credentials import Location, Screening, StaffMember
from medoffice.credentials.ports import CredentialsStore, CredentialsUnitOfWork
from medoffice.kernel import (
    ConcurrencyConflict,
    DateRange,
    InvalidArgument,
    Money,
    TimeRange,
    UnitOfWork,
)
from medoffice.scheduling._appointments import Appointment, AppointmentStatus
from medoffice.scheduling._slices import LaneWindow, SliceKey, SliceQuery
from medoffice.scheduling.ports import SchedulingStore, SchedulingUnitOfWork
from medoffice.scheduling.services import Scheduling
from medoffice.testing._claims_samples import sample_claim
from medoffice.testing._clock import FrozenClock
from medoffice.testing._scheduling_contracts import race_for_slots
from medoffice.testing._scheduling_strategies import weekday_setup
from medoffice.testing._waitlist_contracts import sample_entry

__all__ = [
    "BudgetUnitOfWorkContract",
    "ClaimsUnitOfWorkContract",
    "CredentialsUnitOfWorkContract",
    "SchedulingUnitOfWorkContract",
]

U = TypeVar("U", bound=UnitOfWork)
U_co = TypeVar("U_co", bound=UnitOfWork, covariant=True)
_MONDAY = datetime(2026, 3, 2, 14, tzinfo=UTC)
_DAY = date(2026, 3, 2)


class _Store(Protocol[U_co]):
    def unit_of_work(self) -> U_co: ...


class _Failure(Exception):
    """Raised inside a unit to make it roll back."""


class _UnitOfWorkContract(Generic[U]):
    """What every unit of work does, whatever its repositories (see the subclasses)."""

    def make_store(self) -> _Store[U]:
        """Build an empty store under test."""
        raise NotImplementedError

    def write(self, uow: U, number: int) -> None:
        """Save something new (numbered ``number``) to each repository of the unit."""
        raise NotImplementedError

    def state(self, uow: U) -> object:
        """What the unit's repositories hold, as a comparable value."""
        raise NotImplementedError

    def read(self, store: _Store[U]) -> object:
        """What the store holds, read in a unit of its own."""
        with store.unit_of_work() as uow:
            return self.state(uow)

    def _fail_after(
        self, store: _Store[U], number: int, reader: threading.Thread | None = None
    ) -> None:
        """Write in a unit, start ``reader`` while the unit is open, then fail."""
        with store.unit_of_work() as uow:
            self.write(uow, number)
            if reader is not None:
                reader.start()
                reader.join(timeout=0.2)  # a store that locks keeps the reader waiting
            raise _Failure

    def test_a_clean_exit_commits_every_save(self) -> None:
        """Saves to several repositories are all there once the unit ends without error."""
        store = self.make_store()
        before = self.read(store)
        with store.unit_of_work() as uow:
            self.write(uow, 1)
            inside = self.state(uow)
        assert inside != before
        assert self.read(store) == inside

    def test_an_exception_rolls_back_every_save(self) -> None:
        """An exception after saves to several repositories leaves none of them stored."""
        store = self.make_store()
        with store.unit_of_work() as uow:
            self.write(uow, 1)
        before = self.read(store)
        with pytest.raises(_Failure):
            self._fail_after(store, 2)
        assert self.read(store) == before
        with store.unit_of_work() as uow:
            self.write(uow, 2)
        assert self.read(store) != before

    def test_a_rolled_back_write_is_never_seen_by_another_reader(self) -> None:
        """A reader on another thread, while a unit writes and then fails, sees the old state."""
        store = self.make_store()
        before = self.read(store)
        seen: list[object] = []
        reader = threading.Thread(target=lambda: seen.append(self.read(store)))
        with pytest.raises(_Failure):
            self._fail_after(store, 1, reader)
        reader.join(timeout=30)
        assert seen == [before]
        assert self.read(store) == before

    def test_reads_inside_a_unit_see_its_own_writes(self) -> None:
        """What a unit saved, it reads back before it commits."""
        store = self.make_store()
        with store.unit_of_work() as uow:
            before = self.state(uow)
            self.write(uow, 1)
            assert self.state(uow) != before

    def test_a_unit_inside_a_unit_is_refused(self) -> None:
        """Units are not re-entrant: a second one opened inside the first is an error."""
        store = self.make_store()
        with store.unit_of_work(), pytest.raises(InvalidArgument):
            store.unit_of_work().__enter__()
        with store.unit_of_work() as uow:
            self.write(uow, 1)


class _VersionedUnitOfWorkContract(_UnitOfWorkContract[U]):
    """Units over repositories that save by compare-and-set."""

    def stale_write(self, uow: U) -> None:
        """A save naming a version the repository is not at."""
        raise NotImplementedError

    def test_a_stale_save_rolls_back_the_whole_unit(self) -> None:
        """A stale save raises ConcurrencyConflict and undoes the unit's earlier saves."""
        store = self.make_store()
        before = self.read(store)
        with pytest.raises(ConcurrencyConflict):
            self._stale_after_a_write(store)
        assert self.read(store) == before

    def _stale_after_a_write(self, store: _Store[U]) -> None:
        with store.unit_of_work() as uow:
            self.write(uow, 1)
            self.stale_write(uow)


_DR0_KEY = SliceKey(lane="resource:dr-0", day=None)
_DR0_MARCH = SliceQuery(
    reads=[
        LaneWindow(
            lane="resource:dr-0",
            window=TimeRange(datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC)),
        )
    ],
    keys=[_DR0_KEY],
)


def _visit(number: int) -> Appointment:
    start = _MONDAY + timedelta(minutes=30 * number)
    return Appointment(
        id=f"a-{number}",
        type_code="FU",
        provider="dr-0",
        patient=f"p-{number}",
        span=TimeRange(start, start + timedelta(minutes=30)),
        status=AppointmentStatus.BOOKED,
    )


class SchedulingUnitOfWorkContract(_VersionedUnitOfWorkContract[SchedulingUnitOfWork]):
    """What every scheduling store and its unit of work must do."""

    threads: int = 16
    slots: int = 4

    def make_store(self) -> SchedulingStore:
        """Build an empty store under test."""
        raise NotImplementedError

    def write(self, uow: SchedulingUnitOfWork, number: int) -> None:
        appointments = uow.appointments.load(_DR0_MARCH)
        uow.appointments.save([_visit(number)], expected={_DR0_KEY: appointments.version(_DR0_KEY)})
        waitlist = uow.waitlist.load()
        uow.waitlist.save(entries=[sample_entry(f"w-{number}")], expected_version=waitlist.version)

    def stale_write(self, uow: SchedulingUnitOfWork) -> None:
        stale = uow.appointments.load(_DR0_MARCH).version(_DR0_KEY) + 7
        uow.appointments.save([_visit(99)], expected={_DR0_KEY: stale})

    def state(self, uow: SchedulingUnitOfWork) -> object:
        appointments, waitlist = uow.appointments.load(_DR0_MARCH), uow.waitlist.load()
        return (
            appointments.versions,
            sorted(a.id for a in appointments.appointments),
            waitlist.version,
            sorted(e.id for e in waitlist.entries),
        )

    def test_the_store_and_its_unit_satisfy_the_protocols(self) -> None:
        """The store is a ``SchedulingStore``; its unit a ``SchedulingUnitOfWork``."""
        store = self.make_store()
        assert isinstance(store, SchedulingStore)
        with store.unit_of_work() as uow:
            assert isinstance(uow, SchedulingUnitOfWork)

    def test_many_threads_booking_the_same_slots_one_wins_each(self) -> None:
        """Clerks racing through ``Scheduling.book``: exactly one booking per slot, none lost."""
        store = self.make_store()
        scheduling = Scheduling(
            store,
            setup=weekday_setup(providers=1, zone="America/New_York"),
            clock=FrozenClock(datetime(2026, 3, 1, tzinfo=UTC)),
            attempts=self.threads * self.slots + 5,
        )
        starts, outcomes = race_for_slots(scheduling.book, threads=self.threads, slots=self.slots)
        with store.unit_of_work() as uow:
            stored = uow.appointments.load(_DR0_MARCH).appointments
        assert Counter(a.span.start for a in stored) == Counter(dict.fromkeys(starts, 1))
        assert outcomes == Counter(
            booked=self.slots, rejected=self.threads * self.slots - self.slots
        )


def _transaction(number: int) -> Transaction:
    amount = Money.of(f"{number}.00", "USD")
    return Transaction(
        id=f"T{number}",
        on=_DAY,
        legs=(Leg(account="6100", amount=amount), Leg(account="2000", amount=-amount)),
    )


class BudgetUnitOfWorkContract(_VersionedUnitOfWorkContract[BudgetUnitOfWork]):
    """What every budget store and its unit of work must do."""

    def make_store(self) -> BudgetStore:
        """Build an empty store under test."""
        raise NotImplementedError

    def write(self, uow: BudgetUnitOfWork, number: int) -> None:
        requisition = Encumbrance.requisition(
            id=f"E{number}", account="6100", amount=Money.of("50.00", "USD"), on=_DAY
        )
        uow.encumbrances.save(requisition, expected_version=0)
        uow.postings.append(_transaction(number))
        entry = JournalEntry(
            transfer_id=f"TR-{number}",
            status=TransferStatus.REJECTED,
            actor="ben",
            recorded=_MONDAY,
        )
        uow.transfers.append(entry, expected_length=len(uow.transfers.entries()))

    def stale_write(self, uow: BudgetUnitOfWork) -> None:
        requisition = Encumbrance.requisition(
            id="E99", account="6100", amount=Money.of("5.00", "USD"), on=_DAY
        )
        uow.encumbrances.save(requisition, expected_version=3)

    def state(self, uow: BudgetUnitOfWork) -> object:
        return (
            [(e.id, e.version) for e in uow.encumbrances.all()],
            [p.transaction for p in uow.postings.postings(DateRange.single(_DAY))],
            [e.transfer_id for e in uow.transfers.entries()],
        )

    def test_the_store_and_its_unit_satisfy_the_protocols(self) -> None:
        """The store is a ``BudgetStore``; its unit a ``BudgetUnitOfWork``."""
        store = self.make_store()
        assert isinstance(store, BudgetStore)
        with store.unit_of_work() as uow:
            assert isinstance(uow, BudgetUnitOfWork)


class CredentialsUnitOfWorkContract(_VersionedUnitOfWorkContract[CredentialsUnitOfWork]):
    """What every credentials store and its unit of work must do."""

    def make_store(self) -> CredentialsStore:
        """Build an empty store under test."""
        raise NotImplementedError

    def write(self, uow: CredentialsUnitOfWork, number: int) -> None:
        member = StaffMember(id=f"S-{number}", role="ma")
        uow.credentials.save(member, expected_version=uow.credentials.version(member.id))
        uow.credentials.save_location(Location(id=f"L-{number}", state="TX"))
        uow.screenings.append(
            Screening(person_id=member.id, source="LEIE", on=_DAY, result="clear")
        )

    def stale_write(self, uow: CredentialsUnitOfWork) -> None:
        uow.credentials.save(StaffMember(id="S-99", role="ma"), expected_version=4)

    def state(self, uow: CredentialsUnitOfWork) -> object:
        return (
            [(i, uow.credentials.version(i)) for i in uow.credentials.staff_ids()],
            [uow.credentials.location(f"L-{n}") is not None for n in (1, 2)],
            [s.person_id for s in uow.screenings.between(_DAY, _DAY)],
        )

    def test_the_store_and_its_unit_satisfy_the_protocols(self) -> None:
        """The store is a ``CredentialsStore``; its unit a ``CredentialsUnitOfWork``."""
        store = self.make_store()
        assert isinstance(store, CredentialsStore)
        with store.unit_of_work() as uow:
            assert isinstance(uow, CredentialsUnitOfWork)


class ClaimsUnitOfWorkContract(_UnitOfWorkContract[ClaimsUnitOfWork]):
    """What every claims store and its unit of work must do."""

    def make_store(self) -> ClaimsStore:
        """Build an empty store under test."""
        raise NotImplementedError

    def write(self, uow: ClaimsUnitOfWork, number: int) -> None:
        uow.claims.record(sample_claim(patient_control_number=f"PCN-{number}"))

    def state(self, uow: ClaimsUnitOfWork) -> object:
        claim = sample_claim()
        return len(
            uow.claims.lines_on(patient=patient_key(claim), provider=provider_key(claim), day=_DAY)
        )

    def test_the_store_and_its_unit_satisfy_the_protocols(self) -> None:
        """The store is a ``ClaimsStore``; its unit a ``ClaimsUnitOfWork``."""
        store = self.make_store()
        assert isinstance(store, ClaimsStore)
        with store.unit_of_work() as uow:
            assert isinstance(uow, ClaimsUnitOfWork)
