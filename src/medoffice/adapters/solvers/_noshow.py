"""A no-show model fitted on the practice's history: :class:`LogisticNoShowModel`.

Logistic regression on :class:`~medoffice.scheduling.overbooking.NoShowFeatures` (lead time, the
patient's past no-show rate and visit count, new patient, hour of day), fitted by batch gradient
descent in pure Python on standardised features with a small L2 penalty. It implements the
:class:`~medoffice.scheduling.ports.NoShowModel` port. Lead time and a history of no-shows are the
strongest predictors reported in the literature.

More information: Dantas et al., "No-shows in appointment scheduling - a systematic literature
review", Health Policy 122(4), 2018.

>>> from medoffice.scheduling.overbooking import NoShowFeatures
>>> history = [(NoShowFeatures(lead_days=d), d > 20) for d in range(0, 40)]
>>> model = LogisticNoShowModel.fit(history)
>>> model.probability(NoShowFeatures(lead_days=35)) > 0.5 > model.probability(
...     NoShowFeatures(lead_days=2)
... )
True
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import final

from medoffice.kernel import InvalidArgument
from medoffice.scheduling._overbooking import NoShowFeatures

__all__ = ["LogisticNoShowModel"]


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


@final
class LogisticNoShowModel:
    """Weights over standardised features; ``probability`` is the logistic of their sum."""

    __slots__ = ("intercept", "means", "scales", "weights")

    def __init__(
        self,
        *,
        weights: Sequence[float],
        intercept: float,
        means: Sequence[float],
        scales: Sequence[float],
    ) -> None:
        self.weights = tuple(weights)
        self.intercept = intercept
        self.means = tuple(means)
        self.scales = tuple(scales)

    def __repr__(self) -> str:
        return f"LogisticNoShowModel(features={len(self.weights)})"

    @classmethod
    def fit(
        cls,
        history: Sequence[tuple[NoShowFeatures, bool]],
        *,
        iterations: int = 400,
        learning_rate: float = 0.5,
        l2: float = 1e-3,
    ) -> LogisticNoShowModel:
        """Fit on ``(features, was a no-show)`` pairs."""
        if not history:
            raise InvalidArgument("fitting a no-show model needs some history")
        rows = [f.vector() for f, _ in history]
        labels = [1.0 if y else 0.0 for _, y in history]
        width, count = len(rows[0]), len(rows)
        means = [sum(r[j] for r in rows) / count for j in range(width)]
        scales = [
            math.sqrt(sum((r[j] - means[j]) ** 2 for r in rows) / count) or 1.0
            for j in range(width)
        ]
        xs = [[(r[j] - means[j]) / scales[j] for j in range(width)] for r in rows]
        weights = [0.0] * width
        intercept = 0.0
        for _ in range(iterations):
            grad = [0.0] * width
            grad0 = 0.0
            for x, y in zip(xs, labels, strict=True):
                error = (
                    _sigmoid(intercept + sum(w * v for w, v in zip(weights, x, strict=True))) - y
                )
                grad0 += error
                for j in range(width):
                    grad[j] += error * x[j]
            intercept -= learning_rate * grad0 / count
            for j in range(width):
                weights[j] -= learning_rate * (grad[j] / count + l2 * weights[j])
        return cls(weights=weights, intercept=intercept, means=means, scales=scales)

    def probability(self, features: NoShowFeatures) -> float:
        """The probability of a no-show for a visit with ``features``."""
        x = features.vector()
        z = self.intercept + sum(
            w * (v - m) / s
            for w, v, m, s in zip(self.weights, x, self.means, self.scales, strict=True)
        )
        return _sigmoid(z)
