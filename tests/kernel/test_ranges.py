"""TimeRange (half-open instants) and DateRange (inclusive days)."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medoffice.kernel import DateRange, InvalidArgument, InvalidValue, TimeRange
from medoffice.testing import date_ranges, time_ranges


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, 2, hour, minute, tzinfo=UTC)


def day(n: int) -> date:
    return date(2026, 1, n)


class TestTimeRangeConstruction:
    def test_naive_instants_are_refused(self) -> None:
        """A range of naive datetimes would hide a time zone; it is refused."""
        with pytest.raises(InvalidValue):
            TimeRange(datetime(2026, 1, 1, 9), datetime(2026, 1, 1, 10))  # noqa: DTZ001
        with pytest.raises(InvalidValue):
            TimeRange(date(2026, 1, 1), at(10))  # type: ignore[arg-type]

    def test_empty_and_inverted_ranges_are_refused(self) -> None:
        """end must be after start."""
        with pytest.raises(InvalidValue):
            TimeRange(at(9), at(9))
        with pytest.raises(InvalidValue):
            TimeRange(at(10), at(9))

    def test_duration_is_real_elapsed_time_across_zones(self) -> None:
        """A range across the New York spring-forward gap lasts one real hour, not two."""
        ny = ZoneInfo("America/New_York")
        start = datetime(2026, 3, 8, 1, 30, tzinfo=ny)
        end = datetime(2026, 3, 8, 3, 30, tzinfo=ny)
        assert TimeRange(start, end).duration == timedelta(hours=1)
        assert TimeRange.of_length(at(9), timedelta(minutes=30)).end == at(9, 30)


class TestTimeRangeOperations:
    def test_back_to_back_ranges_do_not_overlap(self) -> None:
        """09:00-09:30 and 09:30-10:00 touch but do not overlap."""
        first, second = TimeRange(at(9), at(9, 30)), TimeRange(at(9, 30), at(10))
        assert not first.overlaps(second)
        assert first.intersect(second) is None
        assert first.subtract(second) == (first,)

    def test_contains_instants_and_ranges(self) -> None:
        """The start is inside, the end is not."""
        slot = TimeRange(at(9), at(10))
        assert slot.contains(at(9))
        assert not slot.contains(at(10))
        assert slot.contains(TimeRange(at(9, 15), at(10)))
        assert not slot.contains(TimeRange(at(9, 15), at(10, 1)))

    def test_intersect_and_subtract(self) -> None:
        """Cutting a break out of a morning leaves two pieces."""
        morning = TimeRange(at(8), at(12))
        brk = TimeRange(at(10), at(10, 15))
        assert morning.intersect(brk) == brk
        assert morning.subtract(brk) == (TimeRange(at(8), at(10)), TimeRange(at(10, 15), at(12)))
        assert brk.subtract(morning) == ()

    def test_merge_joins_overlapping_and_adjacent(self) -> None:
        """Overlapping and touching ranges merge; gaps stay."""
        merged = TimeRange.merge(
            [
                TimeRange(at(11), at(12)),
                TimeRange(at(8), at(9)),
                TimeRange(at(9), at(10)),
                TimeRange(at(8, 30), at(8, 45)),
            ]
        )
        assert merged == (TimeRange(at(8), at(10)), TimeRange(at(11), at(12)))

    @given(time_ranges(), time_ranges())
    def test_overlap_is_symmetric_and_agrees_with_intersect(
        self, a: TimeRange, b: TimeRange
    ) -> None:
        """a overlaps b exactly when b overlaps a and they intersect."""
        assert a.overlaps(b) == b.overlaps(a) == (a.intersect(b) is not None)

    @given(
        time_ranges(), st.timedeltas(min_value=timedelta(seconds=1), max_value=timedelta(days=1))
    )
    def test_adjacent_ranges_never_overlap(self, a: TimeRange, length: timedelta) -> None:
        """A range starting where another ends never overlaps it."""
        assert not a.overlaps(TimeRange(a.end, a.end + length))

    @given(time_ranges(), time_ranges())
    def test_subtract_leaves_nothing_of_the_other(self, a: TimeRange, b: TimeRange) -> None:
        """The pieces left after subtracting b never overlap b and lie inside a."""
        for piece in a.subtract(b):
            assert not piece.overlaps(b)
            assert a.contains(piece)

    @given(st.lists(time_ranges(), max_size=8))
    def test_merge_is_disjoint_and_covers_the_same_instants(self, ranges: list[TimeRange]) -> None:
        """Merged ranges are sorted, disjoint, non-adjacent and cover every input."""
        merged = TimeRange.merge(ranges)
        for left, right in itertools.pairwise(merged):
            assert left.end < right.start
        for item in ranges:
            assert any(m.contains(item) for m in merged)


class TestDateRange:
    def test_both_ends_are_included(self) -> None:
        """'Valid through 2027-06-30' includes that whole day."""
        valid = DateRange(date(2025, 7, 1), date(2027, 6, 30))
        assert valid.contains(date(2027, 6, 30))
        assert not valid.contains(date(2027, 7, 1))
        assert DateRange.single(day(5)).days == 1

    def test_datetimes_and_inverted_ranges_are_refused(self) -> None:
        """A datetime is not a calendar day; last may not precede first."""
        with pytest.raises(InvalidValue):
            DateRange(datetime(2026, 1, 1, tzinfo=UTC), day(2))
        with pytest.raises(InvalidValue):
            DateRange(day(5), day(4))

    def test_adjacent_days_do_not_overlap_but_merge(self) -> None:
        """Jan 1-5 and Jan 6-9 share no day and merge into Jan 1-9."""
        a, b = DateRange(day(1), day(5)), DateRange(day(6), day(9))
        assert not a.overlaps(b)
        assert DateRange.merge([b, a]) == (DateRange(day(1), day(9)),)
        assert DateRange.merge([a, DateRange(day(8), day(9))]) == (a, DateRange(day(8), day(9)))

    def test_intersect_subtract_contains(self) -> None:
        """Set operations on days."""
        jan = DateRange(day(1), day(31))
        mid = DateRange(day(10), day(20))
        assert jan.intersect(mid) == mid
        assert jan.intersect(DateRange(date(2026, 2, 1), date(2026, 2, 2))) is None
        assert mid.subtract(jan) == ()
        assert jan.subtract(DateRange(date(2026, 3, 1), date(2026, 3, 1))) == (jan,)
        assert jan.contains(mid)
        assert not mid.contains(jan)
        assert list(DateRange(day(30), date(2026, 2, 1))) == [day(30), day(31), date(2026, 2, 1)]

    def test_open_ended_ranges(self) -> None:
        """A range with no end yet contains every later day and cannot be listed."""
        active = DateRange.starting(date(2020, 10, 1))
        assert active.is_open_ended
        assert active.contains(date(2099, 1, 1))
        assert repr(active) == "DateRange('2020-10-01', 'open')"
        assert DateRange.merge([active, DateRange(day(1), day(2))]) == (active,)
        assert DateRange.merge([DateRange(date(2019, 1, 1), date(2019, 1, 2)), active]) == (
            DateRange(date(2019, 1, 1), date(2019, 1, 2)),
            active,
        )
        assert active.subtract(DateRange.starting(date(2021, 1, 1))) == (
            DateRange(date(2020, 10, 1), date(2020, 12, 31)),
        )
        with pytest.raises(InvalidArgument):
            list(active)

    @given(date_ranges(), date_ranges())
    def test_overlap_is_symmetric(self, a: DateRange, b: DateRange) -> None:
        """a overlaps b exactly when b overlaps a and they intersect."""
        assert a.overlaps(b) == b.overlaps(a) == (a.intersect(b) is not None)

    @given(date_ranges(max_days=60), date_ranges(max_days=60))
    def test_subtract_keeps_exactly_the_days_not_in_other(self, a: DateRange, b: DateRange) -> None:
        """Day by day, subtract is set difference."""
        left = {d for piece in a.subtract(b) for d in piece}
        assert left == set(a) - set(b)

    @given(st.lists(date_ranges(max_days=40), max_size=8))
    def test_merge_covers_the_same_days(self, ranges: list[DateRange]) -> None:
        """Merging changes the ranges, never the set of days."""
        merged = DateRange.merge(ranges)
        assert {d for r in merged for d in r} == {d for r in ranges for d in r}
        for left, right in itertools.pairwise(merged):
            assert (right.first - left.last).days > 1
