"""The no-show model: a NoShowModel fitted on history that learns its signal."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medoffice.adapters.solvers import LogisticNoShowModel
from medoffice.kernel import InvalidArgument
from medoffice.scheduling._overbooking import NoShowFeatures
from medoffice.scheduling.ports import NoShowModel


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
