"""Overbooking: expected attendance, Bailey-Welch, LaGanga-Lawrence plans, the no-show model."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medoffice.adapters.solvers import LogisticNoShowModel
from medoffice.kernel import InvalidArgument
from medoffice.scheduling import (
    NoShowFeatures,
    bailey_welch,
    expected_attendance,
    plan_overbooking,
)
from medoffice.scheduling.ports import NoShowModel

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


class TestLogisticNoShowModel:
    """The fitted model is a NoShowModel and learns the signal in its history."""

    @staticmethod
    def history(seed: int) -> list[tuple[NoShowFeatures, bool]]:
        rng = random.Random(seed)
        rows = []
        for _ in range(300):
            lead = rng.randint(0, 60)
            prior = rng.randint(0, 10)
            missed = rng.randint(0, prior)
            risk = 0.05 + 0.5 * (lead / 60) + 0.4 * (missed / prior if prior else 0)
            features = NoShowFeatures(lead_days=lead, prior_visits=prior, prior_no_shows=missed)
            rows.append((features, rng.random() < min(risk, 0.95)))
        return rows

    def test_is_a_no_show_model(self) -> None:
        """It satisfies the port."""
        assert isinstance(LogisticNoShowModel.fit(self.history(1)), NoShowModel)

    @settings(max_examples=5, deadline=None)
    @given(seed=st.integers(0, 1000))
    def test_longer_lead_and_past_no_shows_raise_the_risk(self, seed: int) -> None:
        """A late booking by a patient who often misses is riskier than a next-day regular."""
        model = LogisticNoShowModel.fit(self.history(seed))
        risky = NoShowFeatures(lead_days=55, prior_visits=8, prior_no_shows=6)
        safe = NoShowFeatures(lead_days=1, prior_visits=8, prior_no_shows=0)
        assert 0.0 <= model.probability(safe) < model.probability(risky) <= 1.0

    def test_fitting_on_nothing_is_refused(self) -> None:
        """An empty history is an InvalidArgument."""
        with pytest.raises(InvalidArgument):
            LogisticNoShowModel.fit([])
