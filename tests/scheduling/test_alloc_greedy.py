"""Batch allocation, greedy and repaired: placements, reasons, priority, bound and gap."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import attrs
import pytest

from medoffice.kernel import InvalidArgument, InvalidValue, TimeRange
from medoffice.scheduling import (
    AllocationRequest,
    AppointmentType,
    Booked,
    BookingPolicy,
    Patient,
    ScheduleSnapshot,
    UnplacedReason,
    allocate,
    book_allocation,
)
from medoffice.scheduling._snapshot import PracticeSetup
from medoffice.scheduling._types import ResourceRequirement
from medoffice.testing._allocation_instances import generated, suite_instance
from medoffice.testing._scheduling_strategies import weekday_setup

SETUP = weekday_setup(
    providers=2,
    zone="UTC",
    types=[AppointmentType(code="FU", duration_minutes=30, grid_minutes=30)],
)
MONDAY = datetime(2026, 3, 2, tzinfo=UTC)
NOW = MONDAY - timedelta(days=3)


def request(
    ident: str,
    *,
    hours: tuple[int, int] = (9, 10),
    day: datetime = MONDAY,
    providers: tuple[str, ...] = ("dr-0",),
    priority: int = 0,
    type_code: str = "FU",
    preferred: tuple[str, ...] = (),
) -> AllocationRequest:
    return AllocationRequest(
        id=ident,
        type_code=type_code,
        patient=Patient(ref=f"p-{ident}"),
        windows=[TimeRange(day + timedelta(hours=hours[0]), day + timedelta(hours=hours[1]))],
        providers=providers,
        priority=priority,
        preferred=preferred,
    )


class TestUnplacedReasons:
    """Every request is placed or reported unplaced with its reason."""

    def test_a_full_window_leaves_the_last_request_for_capacity(self) -> None:
        """Three half-hour visits in a one-hour window: one left, for capacity."""
        result = allocate(
            ScheduleSnapshot(setup=SETUP), [request(f"r-{n}") for n in range(3)], now=NOW
        )
        assert len(result.placements) == 2
        assert [u.reason for u in result.unplaced] == [UnplacedReason.CAPACITY]

    def test_a_window_on_a_closed_day_has_no_open_time(self) -> None:
        """A Sunday window has no open start at all."""
        sunday = MONDAY - timedelta(days=1)
        result = allocate(ScheduleSnapshot(setup=SETUP), [request("r", day=sunday)], now=NOW)
        assert [u.reason for u in result.unplaced] == [UnplacedReason.NO_OPEN_TIME]

    def test_an_unknown_type_is_invalid(self) -> None:
        """A request for a type the practice does not have is reported invalid."""
        result = allocate(ScheduleSnapshot(setup=SETUP), [request("r", type_code="XX")], now=NOW)
        assert [u.reason for u in result.unplaced] == [UnplacedReason.INVALID]

    def test_two_requests_with_one_id_are_refused(self) -> None:
        """Request ids identify placements, so a batch cannot repeat one."""
        with pytest.raises(InvalidArgument):
            allocate(ScheduleSnapshot(setup=SETUP), [request("r"), request("r")], now=NOW)


class TestOrdering:
    """Priority first, then preferred providers."""

    def test_the_higher_priority_request_gets_the_only_slot(self) -> None:
        """With room for two of four, the urgent request is among them."""
        batch = [
            request("routine", hours=(9, 10)),
            request("urgent", hours=(9, 10), priority=3),
            request("other", hours=(9, 10)),
            request("late", hours=(9, 10)),
        ]
        result = allocate(ScheduleSnapshot(setup=SETUP), batch, now=NOW, repair=False)
        assert "urgent" in {p.request_id for p in result.placements}

    def test_a_preferred_provider_is_chosen_when_both_fit_alike(self) -> None:
        """Both providers are free; the preferred one gets the visit."""
        batch = [request("r", providers=("dr-0", "dr-1"), preferred=("dr-1",))]
        result = allocate(ScheduleSnapshot(setup=SETUP), batch, now=NOW)
        assert [p.provider for p in result.placements] == ["dr-1"]


class TestRepair:
    """Repair only ever adds placements, and stops when told."""

    def test_repair_places_at_least_as_many(self) -> None:
        """On a generated instance repair never loses a placement."""
        instance = generated(requests=80, providers=3, days=2, seed=7)
        plain = allocate(instance.snapshot, instance.requests, now=instance.now, repair=False)
        repaired = allocate(instance.snapshot, instance.requests, now=instance.now)
        assert repaired.objective >= plain.objective
        assert repaired.method == "greedy+repair"

    def test_an_expired_deadline_stops_repair_at_once(self) -> None:
        """A deadline that has already passed leaves the greedy result."""
        instance = generated(requests=80, providers=3, days=2, seed=7)
        plain = allocate(instance.snapshot, instance.requests, now=instance.now, repair=False)
        stopped = allocate(
            instance.snapshot, instance.requests, now=instance.now, deadline=lambda: True
        )
        assert stopped.objective == plain.objective

    def test_restarts_within_a_deadline_never_place_fewer(self) -> None:
        """Restarting from shaken orders keeps the best run, never a worse one."""
        instance = generated(requests=80, providers=3, days=2, seed=7)
        once = allocate(instance.snapshot, instance.requests, now=instance.now)
        restarted = allocate(
            instance.snapshot,
            instance.requests,
            now=instance.now,
            deadline=lambda: False,
            repair_rounds=2,
        )
        assert restarted.objective >= once.objective


class TestFrozenSuite:
    """The frozen suite is reproducible and the greedy run books cleanly."""

    def test_the_same_name_gives_the_same_instance(self) -> None:
        """Generation is seeded."""
        assert suite_instance("a150") == suite_instance("a150")

    def test_every_placement_of_a150_books(self) -> None:
        """Replaying the allocation through the booking decision books every placement."""
        instance = suite_instance("a150")
        result = allocate(instance.snapshot, instance.requests, now=instance.now)
        decisions, _ = book_allocation(
            instance.snapshot,
            result,
            instance.requests,
            policy=BookingPolicy(),
            now=instance.now,
        )
        assert all(isinstance(d, Booked) for d in decisions)
        assert result.bound >= result.objective

    def test_greedy_places_96_percent_of_the_best_known_on_a150(self) -> None:
        """Greedy alone, with its one-visit moves, reaches the placement target."""
        instance = suite_instance("a150")
        result = allocate(instance.snapshot, instance.requests, now=instance.now, repair=False)
        assert instance.best_known is not None
        assert result.objective >= 0.96 * instance.best_known

    def test_repair_with_restarts_places_97_5_percent_of_the_best_known_on_a150(self) -> None:
        """Repair with three restarts from shaken orders reaches the repaired target."""
        instance = suite_instance("a150")
        result = allocate(
            instance.snapshot,
            instance.requests,
            now=instance.now,
            deadline=lambda: False,
            repair_rounds=3,
        )
        assert instance.best_known is not None
        assert result.objective >= 0.975 * instance.best_known
        assert result.objective <= result.bound


class TestRequestValidation:
    """A request that cannot exist is refused with InvalidValue; PHI stays out of its repr."""

    @pytest.mark.parametrize("windows", [None, [], ["09:00"], "09:00-10:00"])
    def test_windows_must_be_time_ranges(self, windows: object) -> None:
        """No windows, or windows that are not TimeRanges, are refused."""
        with pytest.raises(InvalidValue):
            AllocationRequest(
                id="r",
                type_code="FU",
                patient=Patient(ref="p"),
                windows=windows,  # type: ignore[arg-type]
            )

    @pytest.mark.parametrize(("field", "value"), [("weight", 0), ("priority", "high")])
    def test_weight_and_priority_are_whole_numbers(self, field: str, value: object) -> None:
        """A zero weight or a text priority is refused."""
        with pytest.raises(InvalidValue):
            attrs.evolve(request("r"), **{field: value})  # type: ignore[arg-type]

    def test_the_birth_date_is_not_in_the_repr(self) -> None:
        """The patient's date of birth never shows."""
        born = attrs.evolve(request("r"), patient=Patient(ref="p", birth_date=date(1990, 5, 1)))
        assert "1990" not in repr(born)


class TestPinnedResources:
    """Requests that pin a room or device are placed with it, or not at all."""

    def setup_two_rooms(self) -> PracticeSetup:
        kind = AppointmentType(
            code="PROC", duration_minutes=30, resources=[ResourceRequirement(category="exam-room")]
        )
        return weekday_setup(providers=1, rooms=2, types=[kind])

    def request(self, ident: str, resources: frozenset[str]) -> AllocationRequest:
        nine = datetime.combine(date(2026, 3, 2), time(9), ZoneInfo("America/New_York"))
        return AllocationRequest(
            id=ident,
            type_code="PROC",
            patient=Patient(ref=f"p-{ident}"),
            windows=[TimeRange(nine, nine + timedelta(minutes=30))],
            resources=resources,
        )

    def test_the_pinned_room_is_used_instead_of_the_first_free_one(self) -> None:
        """Pinning room-1 places the visit in room-1, though room-0 is free too."""
        snapshot = ScheduleSnapshot(setup=self.setup_two_rooms())
        result = allocate(snapshot, [self.request("r", frozenset({"room-1"}))], now=NOW)
        (placed,) = result.placements
        assert placed.resources == frozenset({"room-1"})
        decisions, _ = book_allocation(
            snapshot,
            result,
            [self.request("r", frozenset({"room-1"}))],
            policy=BookingPolicy(),
            now=NOW,
        )
        assert [d.appointment.resources for d in decisions if isinstance(d, Booked)] == [
            frozenset({"room-1"})
        ]

    def test_two_requests_pinning_one_room_at_one_time_place_one(self) -> None:
        """The second request pinning the same room at the same time is left out."""
        snapshot = ScheduleSnapshot(
            setup=weekday_setup(
                providers=2, rooms=2, types=self.setup_two_rooms().appointment_types
            )
        )
        pinned = frozenset({"room-1"})
        result = allocate(snapshot, [self.request("a", pinned), self.request("b", pinned)], now=NOW)
        assert len(result.placements) == 1
        assert [u.reason for u in result.unplaced] == [UnplacedReason.CAPACITY]

    def test_an_unknown_pinned_resource_is_invalid(self) -> None:
        """A pinned id without a schedule makes the request invalid, not a crash."""
        snapshot = ScheduleSnapshot(setup=self.setup_two_rooms())
        result = allocate(snapshot, [self.request("r", frozenset({"room-9"}))], now=NOW)
        assert [u.reason for u in result.unplaced] == [UnplacedReason.INVALID]
