"""Overbooking: no-show probabilities, expected attendance, and rules from the literature.

Some patients do not come. A :class:`~medoffice.scheduling.ports.NoShowModel` gives each booked
visit a probability of a no-show from :class:`NoShowFeatures` (a logistic model fitted on the
practice's history is in ``adapters.solvers``). From those,
:func:`expected_attendance` is the number of patients expected to come, and
:func:`plan_overbooking` books extra patients until the expected attendance reaches the session's
capacity (LaGanga and Lawrence 2007: book capacity divided by the show rate, the extra
patients into the slots most likely to be empty). :func:`bailey_welch` is the classic
appointment rule: two patients at the start of the session, then one per slot, so the provider
is never idle waiting for the first.

More information: Bailey, "A study of queues and appointment systems in hospital out-patient
departments", J. R. Stat. Soc. B 14(2), 1952; Welch and Bailey, The Lancet 1952;
LaGanga and Lawrence, "Clinic overbooking to improve patient access and increase provider
productivity", Decision Sciences 38(2), 2007.

>>> bailey_welch(6)
(2, 1, 1, 1, 1, 0)
>>> round(expected_attendance([0.1, 0.2, 0.3]), 2)
2.4
>>> plan = plan_overbooking([0.3, 0.05, 0.4, 0.1, 0.2], capacity=5, max_extra=2)
>>> plan.extra, plan.slots
(1, (2,))
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import final

import attrs

from medoffice.kernel import InvalidArgument

__all__ = [
    "NoShowFeatures",
    "OverbookPlan",
    "bailey_welch",
    "expected_attendance",
    "plan_overbooking",
]


@final
@attrs.frozen(kw_only=True)
class NoShowFeatures:
    """What predicts a no-show (no PHI): lead time, the patient's record, the hour of the visit."""

    lead_days: int
    prior_visits: int = 0
    prior_no_shows: int = 0
    new_patient: bool = False
    hour: int = 9

    def vector(self) -> tuple[float, ...]:
        """The features as numbers, in a fixed order (rates rather than counts)."""
        rate = self.prior_no_shows / self.prior_visits if self.prior_visits else 0.0
        return (
            float(self.lead_days),
            rate,
            float(min(self.prior_visits, 20)),
            1.0 if self.new_patient else 0.0,
            float(self.hour),
        )


@final
@attrs.frozen(kw_only=True)
class OverbookPlan:
    """How many extra patients to book, into which slots (by index), and the attendance expected."""

    extra: int
    slots: tuple[int, ...]
    expected_attendance: float


def _probability(value: float) -> float:
    if not 0.0 <= value <= 1.0:
        raise InvalidArgument("a no-show probability lies between 0 and 1")
    return value


def expected_attendance(no_show: Iterable[float]) -> float:
    """The number of patients expected to come: the sum of show probabilities."""
    return sum(1.0 - _probability(p) for p in no_show)


def bailey_welch(slots: int, *, initial: int = 2) -> tuple[int, ...]:
    """Patients booked per slot by the Bailey-Welch rule: ``initial`` at the start, then one per
    slot, the session's total staying at ``slots``."""
    if slots < 1 or initial < 1 or initial > slots:
        raise InvalidArgument("a session has at least one slot and 1..slots patients at the start")
    counts = [initial] + [1] * (slots - 1)
    surplus = initial - 1
    for index in range(slots - 1, 0, -1):
        if surplus == 0:
            break
        counts[index] -= 1
        surplus -= 1
    return tuple(counts)


def plan_overbooking(
    no_show: Sequence[float], *, capacity: int, max_extra: int, threshold: float = 0.0
) -> OverbookPlan:
    """Extra bookings so the expected attendance reaches ``capacity`` (LaGanga and Lawrence).

    ``no_show`` holds the probability of each booked slot; extra patients go to the slots most
    likely to be empty (at least ``threshold``), at most one per slot and ``max_extra`` in all.
    """
    if capacity < 0 or max_extra < 0:
        raise InvalidArgument("capacity and max_extra are zero or more")
    expected = expected_attendance(no_show)
    # Book capacity / show rate patients in all (LaGanga and Lawrence): each extra patient shows
    # with the session's typical show probability.
    typical = expected / len(no_show) if no_show else 1.0
    missing = capacity - expected
    wanted = max(0, round(missing / typical + 1e-9)) if typical > 0 and missing > 0 else 0
    ranked = sorted(
        (i for i, p in enumerate(no_show) if p >= threshold and p > 0), key=lambda i: -no_show[i]
    )
    chosen = tuple(sorted(ranked[: min(wanted, max_extra)]))
    return OverbookPlan(
        extra=len(chosen), slots=chosen, expected_attendance=expected + len(chosen) * typical
    )
