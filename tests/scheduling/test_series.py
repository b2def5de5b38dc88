"""Recurring series: RRULE subset in wall-clock time, every occurrence checked, edits."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medoffice.kernel import InvalidArgument, InvalidValue
from medoffice.scheduling._appointments import CancelReason
from medoffice.scheduling._booking import Booked, BookingPolicy, BookingRequest, decide_booking
from medoffice.scheduling._series import (
    EditScope,
    Frequency,
    Recurrence,
    SeriesMode,
    SeriesRequest,
    cancel_series,
    decide_series,
    move_series,
    occurrences,
)
from medoffice.scheduling._snapshot import ScheduleSnapshot
from medoffice.scheduling._types import AppointmentType, Patient
from medoffice.testing._scheduling_strategies import weekday_setup

ZONE = "America/New_York"
TZ = ZoneInfo(ZONE)
NOW = datetime(2026, 2, 1, tzinfo=UTC)
SETUP = weekday_setup(
    providers=1, zone=ZONE, types=[AppointmentType(code="PT", duration_minutes=30)]
)
EMPTY = ScheduleSnapshot(setup=SETUP)
PATIENT = Patient(ref="p-1")


def wall(day: date, hour: int) -> datetime:
    """A naive wall-clock time: series start in the provider's local time."""
    return datetime.combine(day, time(hour))


def series(rule: Recurrence, first: datetime | None = None) -> SeriesRequest:
    return SeriesRequest(
        series_id="s-1",
        type_code="PT",
        provider="dr-0",
        patient=PATIENT,
        first=first or wall(date(2026, 2, 26), 9),
        recurrence=rule,
    )


class TestOccurrences:
    def test_weekly_keeps_wall_clock_time_across_dst(self) -> None:
        """09:00 Thursdays stays 09:00 local after the 2026-03-08 change (14:00 to 13:00 UTC)."""
        found = occurrences(
            Recurrence(frequency=Frequency.WEEKLY, count=3), wall(date(2026, 2, 26), 9), ZONE
        )
        assert [i.astimezone(TZ).time() for i in found] == [time(9)] * 3
        assert [i.hour for i in found] == [14, 14, 13]

    def test_by_weekday_interval_until_and_exceptions(self) -> None:
        """Mondays and Wednesdays every other week until 2026-03-31, minus one exception."""
        rule = Recurrence(
            frequency=Frequency.WEEKLY,
            interval=2,
            weekdays={0, 2},
            until=date(2026, 3, 31),
            exceptions={date(2026, 3, 4)},
        )
        days = [i.astimezone(TZ).date() for i in occurrences(rule, wall(date(2026, 3, 2), 9), ZONE)]
        assert days == [date(2026, 3, 2), date(2026, 3, 16), date(2026, 3, 18), date(2026, 3, 30)]

    def test_monthly_skips_months_without_the_day(self) -> None:
        """The 31st monthly occurs only in months with 31 days (RFC 5545)."""
        rule = Recurrence(frequency=Frequency.MONTHLY, count=3)
        days = [
            i.astimezone(TZ).date() for i in occurrences(rule, wall(date(2026, 1, 31), 9), ZONE)
        ]
        assert days == [date(2026, 1, 31), date(2026, 3, 31), date(2026, 5, 31)]

    @pytest.mark.parametrize(
        "build",
        [
            lambda: Recurrence(frequency=Frequency.DAILY),
            lambda: Recurrence(frequency=Frequency.DAILY, count=2, until=date(2026, 1, 1)),
            lambda: Recurrence(frequency=Frequency.DAILY, count=0),
            lambda: Recurrence(frequency=Frequency.DAILY, count=2, interval=0),
            lambda: Recurrence(frequency=Frequency.DAILY, count=2, weekdays={7}),
        ],
    )
    def test_impossible_rules_are_refused(self, build: object) -> None:
        """A rule without an end, or with bad numbers, cannot be built."""
        with pytest.raises(InvalidValue):
            build()  # type: ignore[operator]

    def test_aware_first_start_is_an_argument_error(self) -> None:
        """Series start at a wall-clock time, so an aware datetime is refused."""
        with pytest.raises(InvalidArgument):
            occurrences(Recurrence(frequency=Frequency.DAILY, count=1), NOW, ZONE)

    @given(st.integers(1, 30), st.integers(1, 3), st.sampled_from(list(Frequency)))
    def test_count_is_respected(self, count: int, interval: int, frequency: Frequency) -> None:
        """A count rule yields that many occurrences, in order (no DST drop here)."""
        rule = Recurrence(frequency=frequency, interval=interval, count=count)
        found = occurrences(rule, wall(date(2026, 1, 1), 10), ZONE)
        assert len(found) == count
        assert list(found) == sorted(found)


def blocker(snapshot: ScheduleSnapshot, day: date, hour: int = 9) -> ScheduleSnapshot:
    start = datetime.combine(day, time(hour), TZ).astimezone(UTC)
    decision = decide_booking(
        snapshot,
        BookingRequest(
            appointment_id=f"b-{day}",
            type_code="PT",
            provider="dr-0",
            start=start,
            patient=Patient(ref="p-x"),
        ),
        BookingPolicy(),
        NOW,
    )
    assert isinstance(decision, Booked)
    return snapshot.with_appointments([decision.appointment])


class TestDecideSeries:
    def test_every_occurrence_is_checked(self) -> None:
        """A clash on the fifth week refuses the whole all-or-nothing series."""
        weekly = Recurrence(frequency=Frequency.WEEKLY, count=6)
        snap = blocker(EMPTY, date(2026, 3, 26))
        decision = decide_series(snap, series(weekly), BookingPolicy(), NOW)
        assert decision.booked == ()
        assert len(decision.rejected) == 1
        assert decision.rejected[0].start.astimezone(TZ).date() == date(2026, 3, 26)
        assert decision.rejected[0].alternatives
        assert decision.rejected[0].alternatives[0].start.astimezone(TZ).time() == time(9, 30)

    def test_feasible_mode_books_the_rest(self) -> None:
        """Book-the-feasible books five of six and reports the sixth with alternatives."""
        weekly = Recurrence(frequency=Frequency.WEEKLY, count=6)
        snap = blocker(EMPTY, date(2026, 3, 26))
        decision = decide_series(
            snap, series(weekly), BookingPolicy(), NOW, mode=SeriesMode.FEASIBLE
        )
        assert len(decision.booked) == 5
        assert not decision.complete
        assert {a.series_id for a in decision.booked} == {"s-1"}

    def test_occurrences_do_not_clash_with_each_other(self) -> None:
        """A daily series of 60-minute visits is checked against its own earlier occurrences."""
        daily = Recurrence(frequency=Frequency.DAILY, count=3)
        decision = decide_series(
            EMPTY, series(daily, wall(date(2026, 3, 2), 9)), BookingPolicy(), NOW
        )
        assert decision.complete
        assert len(decision.booked) == 3


class TestEditSeries:
    def booked(self) -> ScheduleSnapshot:
        weekly = Recurrence(frequency=Frequency.WEEKLY, count=4)
        decision = decide_series(
            EMPTY, series(weekly, wall(date(2026, 3, 2), 9)), BookingPolicy(), NOW
        )
        return EMPTY.with_appointments(decision.booked)

    @pytest.mark.parametrize(
        ("scope", "count"),
        [(EditScope.THIS, 1), (EditScope.THIS_AND_FOLLOWING, 3), (EditScope.ALL, 4)],
    )
    def test_cancel_scopes(self, scope: EditScope, count: int) -> None:
        """Cancelling this, this-and-following or all touches 1, 3 or 4 occurrences."""
        snap = self.booked()
        gone = cancel_series(
            snap,
            pivot_id="s-1-2",
            scope=scope,
            at=NOW,
            reason=CancelReason.PATIENT,
            policy=BookingPolicy(),
        )
        assert len(gone) == count
        assert {a.status.value for a in gone} == {"cancelled"}

    def test_move_following_by_an_hour(self) -> None:
        """Moving this-and-following by one hour rebooks three occurrences at 10:00."""
        snap = self.booked()
        cancelled, decision = move_series(
            snap,
            pivot_id="s-1-2",
            scope=EditScope.THIS_AND_FOLLOWING,
            shift=timedelta(hours=1),
            policy=BookingPolicy(),
            now=NOW,
            patient=PATIENT,
        )
        assert len(cancelled) == 3
        assert decision.complete
        assert {a.span.start.astimezone(TZ).time() for a in decision.booked} == {time(10)}

    def test_move_into_a_clash_moves_nothing(self) -> None:
        """If one moved occurrence clashes, no occurrence moves."""
        snap = blocker(self.booked(), date(2026, 3, 16), hour=10)
        cancelled, decision = move_series(
            snap,
            pivot_id="s-1-1",
            scope=EditScope.ALL,
            shift=timedelta(hours=1),
            policy=BookingPolicy(),
            now=NOW,
            patient=PATIENT,
        )
        assert cancelled == ()
        assert decision.booked == ()
        assert decision.rejected
