"""Availability templates: windows, breaks, alternate weeks, overrides and closures."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from medoffice.kernel import DateRange, InvalidValue
from medoffice.scheduling._templates import (
    AddWindow,
    Break,
    DayOff,
    RemoveWindow,
    ReplaceDay,
    Schedule,
    WallWindow,
    WeeklyTemplate,
    Window,
    open_windows,
)

MONDAY = date(2026, 3, 2)


def utc_times(
    schedule: Schedule, day: date, closures: frozenset[date] = frozenset()
) -> list[tuple[str, str]]:
    return [
        (w.span.start.strftime("%H:%M"), w.span.end.strftime("%H:%M"))
        for w in open_windows(schedule, day, closures=closures)
    ]


def schedule(
    *windows: Window, breaks: tuple[Break, ...] = (), overrides: tuple[object, ...] = ()
) -> Schedule:
    week = WeeklyTemplate(
        effective=DateRange.starting(date(2026, 1, 5)), windows=windows, breaks=breaks
    )
    return Schedule(resource="dr-a", zone="UTC", templates=[week], overrides=overrides)  # type: ignore[arg-type]


class TestWeeklyWindows:
    def test_several_windows_per_day_and_a_break(self) -> None:
        """Two windows on Monday, with lunch cut out of the first."""
        dr = schedule(
            Window(weekday=0, start=time(8), end=time(13)),
            Window(weekday=0, start=time(14), end=time(18)),
            breaks=(Break(weekday=0, start=time(12), end=time(12, 30)),),
        )
        assert utc_times(dr, MONDAY) == [("08:00", "12:00"), ("12:30", "13:00"), ("14:00", "18:00")]
        assert utc_times(dr, date(2026, 3, 3)) == []

    def test_alternate_weeks(self) -> None:
        """A window every second week is open in week 0, 2, 4 of the template only."""
        dr = schedule(Window(weekday=0, start=time(8), end=time(9), every_weeks=2, week_offset=0))
        assert utc_times(dr, date(2026, 1, 5)) == [("08:00", "09:00")]
        assert utc_times(dr, date(2026, 1, 12)) == []
        assert utc_times(dr, date(2026, 1, 19)) == [("08:00", "09:00")]

    def test_window_reserved_for_types(self) -> None:
        """A new-patient morning block allows only the NEW type."""
        dr = schedule(Window(weekday=0, start=time(8), end=time(10), appointment_types={"NEW"}))
        (window,) = open_windows(dr, MONDAY)
        assert window.allows("NEW")
        assert not window.allows("FU")

    def test_effective_ranges_pick_the_template(self) -> None:
        """A later template takes over from its first effective day; none applies before."""
        old = WeeklyTemplate(
            effective=DateRange(date(2026, 1, 5), date(2026, 2, 28)),
            windows=[Window(weekday=0, start=time(8), end=time(9))],
        )
        new = WeeklyTemplate(
            effective=DateRange.starting(date(2026, 3, 1)),
            windows=[Window(weekday=0, start=time(10), end=time(11))],
        )
        dr = Schedule(resource="dr-a", zone="UTC", templates=[old, new])
        assert utc_times(dr, date(2026, 2, 23)) == [("08:00", "09:00")]
        assert utc_times(dr, MONDAY) == [("10:00", "11:00")]
        assert utc_times(dr, date(2025, 12, 29)) == []


class TestDateOverrides:
    def test_day_off(self) -> None:
        """A day off empties the day."""
        dr = schedule(
            Window(weekday=0, start=time(8), end=time(9)), overrides=(DayOff(day=MONDAY),)
        )
        assert utc_times(dr, MONDAY) == []

    def test_replace_day_ignores_template_and_breaks(self) -> None:
        """Replacing a day uses only the given windows."""
        dr = schedule(
            Window(weekday=0, start=time(8), end=time(12)),
            breaks=(Break(weekday=0, start=time(10), end=time(11)),),
            overrides=(ReplaceDay(day=MONDAY, windows=[WallWindow(start=time(13), end=time(15))]),),
        )
        assert utc_times(dr, MONDAY) == [("13:00", "15:00")]

    def test_add_and_remove_window(self) -> None:
        """An evening clinic is added and a meeting removed on one day."""
        dr = schedule(
            Window(weekday=0, start=time(8), end=time(12)),
            overrides=(
                AddWindow(day=MONDAY, window=WallWindow(start=time(18), end=time(20))),
                RemoveWindow(day=MONDAY, start=time(9), end=time(10)),
            ),
        )
        assert utc_times(dr, MONDAY) == [("08:00", "09:00"), ("10:00", "12:00"), ("18:00", "20:00")]

    def test_practice_closure(self) -> None:
        """A closure day is empty whatever the template says."""
        dr = schedule(Window(weekday=0, start=time(8), end=time(9)))
        assert utc_times(dr, MONDAY, closures=frozenset({MONDAY})) == []


class TestTemplateValidation:
    @pytest.mark.parametrize(
        "build",
        [
            lambda: Window(weekday=7, start=time(8), end=time(9)),
            lambda: Window(weekday=0, start=time(9), end=time(8)),
            lambda: Window(weekday=0, start=time(8), end=time(9), every_weeks=0),
            lambda: Window(weekday=0, start=time(8), end=time(9), every_weeks=2, week_offset=2),
            lambda: WallWindow(start=time(8, tzinfo=UTC), end=time(9)),
            lambda: Schedule(resource="", zone="UTC", templates=[]),
            lambda: Schedule(resource="dr", zone="UTC", templates=[], overrides=["x"]),  # type: ignore[list-item]
        ],
    )
    def test_impossible_templates_are_refused(self, build: object) -> None:
        """Windows that cannot exist raise InvalidValue, never a bare error."""
        with pytest.raises(InvalidValue):
            build()  # type: ignore[operator]

    def test_window_is_real_time_in_utc(self) -> None:
        """Windows are returned as UTC instants."""
        dr = schedule(Window(weekday=0, start=time(8), end=time(9)))
        (window,) = open_windows(dr, MONDAY)
        assert window.span.start == datetime(2026, 3, 2, 8, tzinfo=UTC)
