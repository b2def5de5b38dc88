"""Units of work on PostgreSQL: one snapshot, serialization failures as conflicts the retry
helper runs again, and the connection given back whatever happened."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from medoffice.adapters.postgres import PostgresDatabase
from medoffice.kernel import ConcurrencyConflict, TimeRange, retry_on_conflict
from medoffice.scheduling import Appointment, AppointmentStatus
from medoffice.scheduling._slices import SliceQuery
from medoffice.testing._scheduling_contracts import whole_lane

_MONDAY = datetime(2026, 3, 2, 14, tzinfo=UTC)
_KEY = whole_lane("dr-0")
_QUERY = SliceQuery(keys=[_KEY])


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


def _save_elsewhere(database: PostgresDatabase, number: int) -> None:
    """Save one visit from another thread (so outside this thread's unit), and wait for it."""

    def save() -> None:
        seen = database.appointments.load(_QUERY).version(_KEY)
        database.appointments.save([_visit(number)], expected={_KEY: seen})

    other = threading.Thread(target=save)
    other.start()
    other.join(timeout=30)


def _overtaken_unit(database: PostgresDatabase) -> None:
    """Read in a unit, let another thread save, then save on what the unit read."""
    with database.unit_of_work() as uow:
        seen = uow.appointments.load(_QUERY).version(_KEY)
        _save_elsewhere(database, 1)
        uow.appointments.save([_visit(2)], expected={_KEY: seen})


class TestASerializationFailure:
    """A row changed by another transaction after the unit's snapshot: a conflict to retry."""

    def test_it_is_a_concurrency_conflict_and_nothing_is_kept(
        self, new_practice: Callable[[], PostgresDatabase]
    ) -> None:
        """The unit read version 0; another save made it 1; the unit's save is a 40001 conflict."""
        database = new_practice()
        with pytest.raises(ConcurrencyConflict, match="40001"):
            _overtaken_unit(database)
        assert database.appointments.load(_QUERY).version(_KEY) == 1
        assert [a.id for a in database.appointments.find(["a-1", "a-2"])] == ["a-1"]

    def test_the_retry_helper_runs_the_unit_again_on_fresh_data(
        self, new_practice: Callable[[], PostgresDatabase]
    ) -> None:
        """The first attempt meets the failure; the second reads version 1 and saves."""
        database = new_practice()
        attempts: list[int] = []

        def book() -> int:
            with database.unit_of_work() as uow:
                seen = uow.appointments.load(_QUERY).version(_KEY)
                attempts.append(seen)
                if len(attempts) == 1:
                    _save_elsewhere(database, 1)
                return uow.appointments.save([_visit(2)], expected={_KEY: seen})[_KEY]

        assert retry_on_conflict(book, attempts=3) == 2
        assert attempts == [0, 1]


class TestOneSnapshot:
    """Every read of a unit sees the database as it was at the unit's first read."""

    def test_a_commit_after_the_first_read_is_not_seen(
        self, new_practice: Callable[[], PostgresDatabase]
    ) -> None:
        """A save committed by another thread mid-unit stays invisible until the unit ends."""
        database = new_practice()
        with database.unit_of_work() as uow:
            assert uow.appointments.load(_QUERY).version(_KEY) == 0
            _save_elsewhere(database, 1)
            assert uow.appointments.load(_QUERY).version(_KEY) == 0
        assert database.appointments.load(_QUERY).version(_KEY) == 1

    def test_a_unit_that_ends_gives_its_connection_back(
        self, new_practice: Callable[[], PostgresDatabase]
    ) -> None:
        """Dozens of units, clean and failed, in turn on one thread never run the pool dry."""
        database = new_practice()
        for number in range(30):
            with pytest.raises(ConcurrencyConflict), database.unit_of_work() as uow:
                uow.waitlist.save(expected_version=number + 5)
            with database.unit_of_work() as uow:
                uow.waitlist.save(expected_version=uow.waitlist.load().version)
        assert database.waitlist.load().version == 30
