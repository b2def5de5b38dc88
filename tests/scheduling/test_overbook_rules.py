"""Overbooking: expected attendance, Bailey-Welch, LaGanga-Lawrence plans, the no-show model."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medoffice.kernel import InvalidArgument
from medoffice.scheduling._overbooking import bailey_welch, expected_attendance, plan_overbooking

probabilities = st.lists(st.floats(0.0, 1.0, allow_nan=False), max_size=40)


class TestBaileyWelch:
    """Two at the start, one per slot, the same total."""

    def test_two_at_the_start_then_one_each(self) -> None:
        """Eight slots: two, then one per slot, none in the last."""
        assert bailey_welch(8) == (2, 1, 1, 1, 1, 1, 1, 0)

    @given(slots=st.integers(1, 60), initial=st.integers(1, 5))
    def test_the_session_total_is_unchanged(self, slots: int, initial: int) -> None:
        """However many start together, the session books one patient per slot."""
        if initial > slots:
            with pytest.raises(InvalidArgument):
                bailey_welch(slots, initial=initial)
            return
        counts = bailey_welch(slots, initial=initial)
        assert sum(counts) == slots
        assert counts[0] == initial

    def test_no_slots_is_refused(self) -> None:
        """A session without slots is an InvalidArgument."""
        with pytest.raises(InvalidArgument):
            bailey_welch(0)


class TestExpectedAttendance:
    """Attendance is the sum of show probabilities."""

    @given(no_show=probabilities)
    def test_between_zero_and_the_bookings(self, no_show: list[float]) -> None:
        """Expected attendance lies between nobody and everybody."""
        assert -1e-9 <= expected_attendance(no_show) <= len(no_show) + 1e-9

    def test_a_probability_above_one_is_refused(self) -> None:
        """1.5 is not a probability."""
        with pytest.raises(InvalidArgument):
            expected_attendance([1.5])


class TestPlanOverbooking:
    """Extra bookings fill the expected gap, into the emptiest slots, within the cap."""

    def test_fills_the_expected_gap(self) -> None:
        """Ten slots at 30% no-shows: 10 / 0.7 is about 14 bookings, capped at two extra."""
        assert plan_overbooking([0.3] * 10, capacity=10, max_extra=5).extra == 4
        assert plan_overbooking([0.3] * 10, capacity=10, max_extra=2).extra == 2

    @given(no_show=probabilities, max_extra=st.integers(0, 10))
    def test_never_exceeds_the_cap_or_expected_need(
        self, no_show: list[float], max_extra: int
    ) -> None:
        """Extras stay within the cap and never push expected attendance past capacity + 1."""
        capacity = len(no_show)
        plan = plan_overbooking(no_show, capacity=capacity, max_extra=max_extra)
        assert plan.extra <= max_extra
        assert len(set(plan.slots)) == plan.extra
        assert expected_attendance(no_show) + plan.extra <= capacity + plan.extra
        assert plan.expected_attendance <= capacity + 1 + 1e-9

    def test_extras_go_to_the_emptiest_slots(self) -> None:
        """The slot most likely empty gets the extra patient."""
        plan = plan_overbooking([0.05, 0.6, 0.1, 0.2], capacity=4, max_extra=1)
        assert plan.slots == (1,)
