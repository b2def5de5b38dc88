"""Aggregates the size of a day: what a booking reads, and which bookings it conflicts with."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from medoffice.adapters.memory import InMemoryAppointmentRepository, InMemoryStore
from medoffice.kernel import TimeRange
from medoffice.scheduling._appointments import Appointment
from medoffice.scheduling._booking import Booked, BookingRequest, Rejected
from medoffice.scheduling._conflicts import ConflictKind
from medoffice.scheduling._planning import booking_query, calendar_query, save_keys
from medoffice.scheduling._slices import (
    LaneWindow,
    SliceKey,
    SliceQuery,
    StoredSlice,
    utc_days,
)
from medoffice.scheduling._types import AppointmentType, Limit, Patient, ResourceRequirement
from medoffice.scheduling.services import Scheduling
from medoffice.testing import FrozenClock, PlainStore
from medoffice.testing._scheduling_contracts import stored_appointments
from medoffice.testing._scheduling_strategies import weekday_setup

NEW_YORK = ZoneInfo("America/New_York")
MONDAY = date(2026, 3, 2)
NOW = datetime(2026, 3, 1, tzinfo=UTC)
ROOM_TYPE = AppointmentType(
    code="PROC", duration_minutes=30, resources=[ResourceRequirement(category="exam-room")]
)
SETUP = weekday_setup(
    providers=3, rooms=1, types=[AppointmentType(code="FU", duration_minutes=30), ROOM_TYPE]
)


def _at(hour: int, day: date = MONDAY) -> datetime:
    return datetime.combine(day, time(hour), NEW_YORK).astimezone(UTC)


def _request(ident: str, provider: str, start: datetime, type_code: str = "FU") -> BookingRequest:
    return BookingRequest(
        appointment_id=ident,
        type_code=type_code,
        provider=provider,
        start=start,
        patient=Patient(ref=f"p-{ident}"),
    )


class _RivalFirst:
    """A repository where a rival booking is saved just before our first save."""

    def __init__(self, rival: BookingRequest) -> None:
        self.inner = InMemoryAppointmentRepository()
        self.rival: BookingRequest | None = rival
        self.saves = 0

    def load(self, query: SliceQuery) -> StoredSlice:
        return self.inner.load(query)

    def find(self, ids: Collection[str]) -> tuple[Appointment, ...]:
        return self.inner.find(ids)

    def save(
        self, changed: Sequence[Appointment], *, expected: Mapping[SliceKey, int]
    ) -> Mapping[SliceKey, int]:
        self.saves += 1
        if self.rival is not None:
            rival, self.rival = self.rival, None
            decision = _service(PlainStore(appointments=self.inner)).book(rival)
            assert isinstance(decision, Booked)
        return self.inner.save(changed, expected=expected)


def _service(store: object) -> Scheduling:
    return Scheduling(store, setup=SETUP, clock=FrozenClock(NOW))  # type: ignore[arg-type]


class TestBookingsThatNeverConflict:
    """Saves on other lane-days leave a booking's versions alone: it saves at the first try."""

    @pytest.mark.parametrize(
        "rival",
        [
            _request("rival", "dr-1", _at(9)),  # another provider, same time
            _request(
                "rival", "dr-0", _at(9, MONDAY + timedelta(days=1))
            ),  # same provider, next day
        ],
    )
    def test_another_provider_or_another_day_does_not_conflict(self, rival: BookingRequest) -> None:
        """The rival's save lands in between; ours is still saved without a retry."""
        repository = _RivalFirst(rival)
        decision = _service(PlainStore(appointments=repository)).book(_request("a", "dr-0", _at(9)))
        assert isinstance(decision, Booked)
        assert repository.saves == 1

    def test_the_same_provider_and_day_conflicts_and_decides_again(self) -> None:
        """A rival on our provider's day moves its version: we retry, and still book 10:00."""
        repository = _RivalFirst(_request("rival", "dr-0", _at(9)))
        decision = _service(PlainStore(appointments=repository)).book(
            _request("a", "dr-0", _at(10))
        )
        assert isinstance(decision, Booked)
        assert repository.saves == 2

    def test_a_shared_room_is_versioned_with_the_provider(self) -> None:
        """A rival with another provider takes the only room at that time: we retry and are
        refused for the room, never double-booking it."""
        repository = _RivalFirst(_request("rival", "dr-1", _at(9), "PROC"))
        decision = _service(PlainStore(appointments=repository)).book(
            _request("a", "dr-0", _at(9), "PROC")
        )
        assert isinstance(decision, Rejected)
        assert decision.kinds == {ConflictKind.RESOURCE_MISSING}
        assert repository.saves == 1  # the stale save; deciding again refused the booking
        (rival,) = stored_appointments(repository.inner, "room-0")
        assert rival.id == "rival"


class TestWhatABookingReads:
    """A booking reads its own lanes and days, not the practice."""

    def test_a_booking_reads_its_provider_room_pool_and_patient_days(self) -> None:
        """The provider, every room it might take and the patient, on the visit's day."""
        query = booking_query(
            SETUP, type_code="PROC", provider="dr-0", start=_at(9), now=NOW, patient="p-1"
        )
        assert {r.lane for r in query.reads} == {"resource:dr-0", "resource:room-0", "patient:p-1"}
        assert {k.day for k in query.keys} == {MONDAY}
        for read in query.reads:
            assert utc_days(read.window) == (MONDAY, MONDAY + timedelta(days=1))

    def test_a_weekly_limit_reads_and_versions_the_whole_week(self) -> None:
        """With a weekly limit the provider's week is read and versioned: two bookings of that
        type in one week conflict, so the limit cannot be overrun."""
        limited = AppointmentType(
            code="NEW", duration_minutes=30, limits=[Limit(period="week", max_count=1)]
        )
        setup = weekday_setup(types=[limited])
        query = booking_query(setup, type_code="NEW", provider="dr-0", start=_at(9), now=NOW)
        week = {MONDAY + timedelta(days=n) for n in range(7)}
        assert {k.day for k in query.keys if k.lane == "resource:dr-0"} >= week
        store = InMemoryStore()
        service = Scheduling(store, setup=setup, clock=FrozenClock(NOW))
        assert isinstance(service.book(_request("a", "dr-0", _at(9), "NEW")), Booked)
        second = service.book(_request("b", "dr-0", _at(9, MONDAY + timedelta(days=3)), "NEW"))
        assert isinstance(second, Rejected)
        assert second.kinds == {ConflictKind.LIMIT_REACHED}

    def test_save_keys_cover_the_days_of_every_lane_before_and_after(self) -> None:
        """Moving a visit to another day touches the days it leaves and the days it takes."""
        decision = _service(InMemoryStore()).book(_request("a", "dr-0", _at(9)))
        assert isinstance(decision, Booked)
        old = decision.appointment
        moved_span = TimeRange.of_length(_at(9, MONDAY + timedelta(days=2)), timedelta(minutes=30))
        moved = Appointment(
            id=old.id,
            type_code=old.type_code,
            provider=old.provider,
            patient=old.patient,
            span=moved_span,
            status=old.status,
        )
        keys = save_keys(SETUP, [moved], before=[old], now=NOW)
        assert {(k.lane, k.day) for k in keys} == {
            (lane, day)
            for lane in ("resource:dr-0", "patient:p-a")
            for day in (MONDAY, MONDAY + timedelta(days=2))
        }

    def test_a_calendar_read_is_bounded_by_its_days(self) -> None:
        """Reading one provider's month returns that provider's visits of the month only."""
        store = InMemoryStore()
        service = _service(store)
        for n, day in enumerate([MONDAY, MONDAY + timedelta(days=35)]):
            assert isinstance(service.book(_request(f"a{n}", "dr-0", _at(9, day))), Booked)
        assert isinstance(service.book(_request("other", "dr-1", _at(9))), Booked)
        month = TimeRange(_at(0), _at(0, MONDAY + timedelta(days=28)))
        query = calendar_query(SETUP, resources=["dr-0"], window=month)
        assert query.reads == (LaneWindow(lane="resource:dr-0", window=query.reads[0].window),)
        assert [a.id for a in store.appointments.load(query).appointments] == ["a0"]
