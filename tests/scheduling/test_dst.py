"""The daylight-saving policy: wall-clock templates become instants, explicitly and correctly."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medoffice.kernel import DateRange, InvalidValue
from medoffice.scheduling._templates import (
    ReplaceDay,
    Schedule,
    WallWindow,
    WeeklyTemplate,
    Window,
    open_windows,
)
from medoffice.scheduling._time import DstPolicy, GapPolicy, OverlapPolicy, resolve
from medoffice.testing._scheduling_strategies import transition_days, wall_windows

FIRST: date = date(2026, 11, 28)
LAST: date = date(2028, 11, 28)


def one_day(zone: str, day: date, start: time, end: time) -> Schedule:
    """A schedule open only on ``day`` from ``start`` to ``end`` (wall clock)."""
    return Schedule(
        resource="dr-a",
        zone=zone,
        templates=[],
        overrides=[ReplaceDay(day=day, windows=[WallWindow(start=start, end=end)])],
    )


def minutes(
    zone: str, day: date, start: time, end: time, dst: DstPolicy | None = None
) -> list[int]:
    return [w.minutes for w in open_windows(one_day(zone, day, start, end), day, dst=dst)]


def utc(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


class TestNamedTransitions:
    @pytest.mark.parametrize(
        ("zone", "day", "start", "end", "real"),
        [
            ("America/New_York", date(2026, 3, 8), time(1), time(4), 120),
            ("America/New_York", date(2026, 3, 8), time(9), time(17), 480),
            ("America/New_York", date(2026, 11, 1), time(0, 30), time(3), 210),
            ("America/New_York", date(2026, 11, 1), time(9), time(17), 480),
            ("Australia/Lord_Howe", date(2026, 10, 4), time(1), time(3), 90),
            ("Australia/Lord_Howe", date(2026, 4, 5), time(1), time(3), 150),
            ("Europe/London", date(2026, 3, 29), time(0, 30), time(3), 90),
            ("Europe/London", date(2026, 10, 25), time(0, 30), time(3), 210),
            ("Asia/Kolkata", date(2026, 3, 8), time(0, 30), time(3), 150),
            ("Asia/Kolkata", date(2026, 11, 1), time(0, 30), time(3), 150),
        ],
    )
    def test_window_length_is_real_minutes(
        self, zone: str, day: date, start: time, end: time, real: int
    ) -> None:
        """A window's real length on a transition day differs from its wall-clock length."""
        assert minutes(zone, day, start, end) == [real]

    def test_new_york_spring_gap_shifts_to_first_valid_instant(self) -> None:
        """02:30 on 2026-03-08 does not exist; it becomes 03:00 EDT (07:00 UTC)."""
        tz = ZoneInfo("America/New_York")
        assert resolve(date(2026, 3, 8), time(2, 30), tz, DstPolicy()) == utc(2026, 3, 8, 7)
        windows = open_windows(
            one_day("America/New_York", date(2026, 3, 8), time(2, 30), time(5)), date(2026, 3, 8)
        )
        assert windows[0].span.start == utc(2026, 3, 8, 7)
        assert windows[0].minutes == 120

    def test_new_york_spring_gap_start_is_dropped_by_policy(self) -> None:
        """With the drop policy a window starting in the gap is not offered at all."""
        policy = DstPolicy(gap=GapPolicy.DROP)
        assert minutes("America/New_York", date(2026, 3, 8), time(2, 30), time(5), policy) == []
        assert minutes("America/New_York", date(2026, 3, 8), time(1), time(2, 30), policy) == [60]

    def test_new_york_fall_overlap_uses_the_chosen_occurrence(self) -> None:
        """01:30 on 2026-11-01 happens twice: EDT first (05:30 UTC), EST second (06:30 UTC)."""
        tz = ZoneInfo("America/New_York")
        day = date(2026, 11, 1)
        assert resolve(day, time(1, 30), tz, DstPolicy()) == utc(2026, 11, 1, 5, 30)
        later = DstPolicy(overlap=OverlapPolicy.LATER)
        assert resolve(day, time(1, 30), tz, later) == utc(2026, 11, 1, 6, 30)
        assert minutes("America/New_York", day, time(1, 30), time(3), later) == [90]
        assert minutes("America/New_York", day, time(1, 30), time(3)) == [150]

    def test_lord_howe_half_hour_gap(self) -> None:
        """Lord Howe skips 02:00-02:30 on 2026-10-04; 02:15 becomes 02:30 (+11:00)."""
        tz = ZoneInfo("Australia/Lord_Howe")
        at = resolve(date(2026, 10, 4), time(2, 15), tz, DstPolicy())
        assert at is not None
        assert at.astimezone(tz).time() == time(2, 30)

    def test_weekly_template_keeps_wall_clock_start_across_the_change(self) -> None:
        """A Monday 09:00 window is at 14:00 UTC before and 13:00 UTC after 2026-03-08."""
        week = WeeklyTemplate(
            effective=DateRange.starting(date(2026, 1, 5)),
            windows=[Window(weekday=0, start=time(9), end=time(12))],
        )
        schedule = Schedule(resource="dr-a", zone="America/New_York", templates=[week])
        assert open_windows(schedule, date(2026, 3, 2))[0].span.start == utc(2026, 3, 2, 14)
        assert open_windows(schedule, date(2026, 3, 9))[0].span.start == utc(2026, 3, 9, 13)


class TestPolicyValues:
    def test_unknown_zone_is_refused(self) -> None:
        """A schedule in a zone that does not exist cannot be built."""
        with pytest.raises(InvalidValue):
            Schedule(resource="dr-a", zone="Mars/Olympus", templates=[])

    def test_policies_convert_from_their_names(self) -> None:
        """Policies can be written as their documented names."""
        policy = DstPolicy(gap="drop", overlap="later")
        assert policy.gap is GapPolicy.DROP
        assert policy.overlap is OverlapPolicy.LATER


def _wall_reading(instant: datetime, tz: ZoneInfo) -> datetime:
    return instant.astimezone(tz).replace(tzinfo=None)


class TestEveryZoneWithATransition:
    def test_the_next_two_years_have_transitions_to_check(self) -> None:
        """The zone scan finds the well-known transitions (and many more)."""
        found = transition_days(FIRST, LAST)
        assert ("America/New_York", date(2027, 3, 14)) in found
        assert ("Australia/Lord_Howe", date(2027, 10, 3)) in found
        assert len({zone for zone, _ in found}) > 50

    @given(
        case=st.sampled_from(transition_days(FIRST, LAST)),
        window=wall_windows(),
        later=st.booleans(),
    )
    def test_window_keeps_wall_clock_start_and_real_length(
        self, case: tuple[str, date], window: WallWindow, later: bool
    ) -> None:
        """On a transition day the window starts at its wall time and lasts its real length."""
        zone, day = case
        tz = ZoneInfo(zone)
        policy = DstPolicy(overlap=OverlapPolicy.LATER if later else OverlapPolicy.EARLIER)
        start = resolve(day, window.start, tz, policy)
        end = resolve(day, window.end, tz, policy)
        assert start is not None
        assert end is not None
        wall_start = datetime.combine(day, window.start)
        wall_end = datetime.combine(day, window.end)
        for instant, wall in ((start, wall_start), (end, wall_end)):
            reading = _wall_reading(instant, tz)
            if reading != wall:
                # Only a wall time in a gap moves, and then to the first instant after it.
                assert reading > wall
                assert _wall_reading(instant - timedelta(seconds=1), tz) < wall
        opened = open_windows(one_day(zone, day, window.start, window.end), day, dst=policy)
        if end > start:
            assert [w.span.start for w in opened] == [start]
            shift = (end.astimezone(tz).utcoffset() or timedelta()) - (
                start.astimezone(tz).utcoffset() or timedelta()
            )
            expected = _wall_reading(end, tz) - _wall_reading(start, tz) - shift
            assert opened[0].span.duration == expected
        else:
            assert opened == ()

    @given(case=st.sampled_from(transition_days(FIRST, LAST)), window=wall_windows())
    def test_overlap_policies_pick_the_first_or_second_occurrence(
        self, case: tuple[str, date], window: WallWindow
    ) -> None:
        """Earlier never comes after later, and both read the same wall time when they differ."""
        zone, day = case
        tz = ZoneInfo(zone)
        early = resolve(day, window.start, tz, DstPolicy(overlap=OverlapPolicy.EARLIER))
        late = resolve(day, window.start, tz, DstPolicy(overlap=OverlapPolicy.LATER))
        assert early is not None
        assert late is not None
        assert early <= late
        if early != late:
            assert _wall_reading(early, tz) == _wall_reading(late, tz)
