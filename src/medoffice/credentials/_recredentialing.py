"""The recredentialing planner (NCQA): when the next decision is due, and which path it takes.

NCQA requires a recredentialing decision at least every 36 months, counted to the month from
the previous decision. A decision made within 30 days after the due date takes the late path;
later than that the practitioner must be credentialed again from scratch (re-initial). Every
primary-source verification must be no older than the time limit on the decision date: 180
days for files processed before 2025-07-01 (NCQA 2024), 120 days from then (NCQA 2025). The
pack is chosen by the processing (committee) date, not by today's date.

>>> from datetime import date
>>> from medoffice.credentials._model import VerificationEvent
>>> checks = [
...     VerificationEvent(source="state board", on=date(2025, 3, 1), outcome="verified"),
...     VerificationEvent(source="NPDB", on=date(2025, 6, 1), outcome="verified"),
... ]
>>> plan = plan_recredentialing(
...     date(2022, 8, 15), committee_on=date(2025, 8, 20), verifications=checks
... )
>>> plan.due_on, plan.path.value, plan.pack, [v.source for v in plan.stale]
(datetime.date(2025, 8, 31), 'on_time', 'NCQA-2025', ['state board'])

More information: NCQA Credentialing Standards CR 3 and CR 4
(https://www.ncqa.org/programs/health-plans/credentialing/).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Final, final

import attrs

from medoffice.credentials._model import VerificationEvent
from medoffice.credentials._packs import DEFAULT_RULES, NCQA_VERIFICATION_DAYS
from medoffice.credentials._primitives import end_of_month_after
from medoffice.credentials._rules import RuleBook
from medoffice.kernel import InvalidArgument

__all__ = ["RecredentialingPath", "RecredentialingPlan", "plan_recredentialing"]

_CYCLE_MONTHS: Final = 36
_LATE_DAYS: Final = 30


@final
class RecredentialingPath(enum.StrEnum):
    """How a decision on a given date is reached."""

    ON_TIME = "on_time"
    LATE = "late"
    REINITIAL = "reinitial"


@final
@attrs.frozen(kw_only=True)
class RecredentialingPlan:
    """The next decision's due date and, for a committee date, its path and stale checks."""

    previous_decision: date
    due_on: date
    late_through: date
    committee_on: date | None
    path: RecredentialingPath | None
    pack: str | None
    verification_days: int | None
    stale: tuple[VerificationEvent, ...]
    fresh_after: date | None


def plan_recredentialing(
    previous_decision: date,
    *,
    committee_on: date | None = None,
    verifications: Iterable[VerificationEvent] = (),
    rules: RuleBook = DEFAULT_RULES,
) -> RecredentialingPlan:
    """Plan the decision after ``previous_decision`` for a committee meeting on ``committee_on``.

    ``stale`` lists the verifications older than the pack's time limit on that date (or made
    after it, which cannot support the decision); renew them before the meeting.
    """
    due = end_of_month_after(previous_decision, _CYCLE_MONTHS)
    late_through = due + timedelta(days=_LATE_DAYS)
    if committee_on is None:
        return RecredentialingPlan(
            previous_decision=previous_decision,
            due_on=due,
            late_through=late_through,
            committee_on=None,
            path=None,
            pack=None,
            verification_days=None,
            stale=(),
            fresh_after=None,
        )
    if committee_on < previous_decision:
        raise InvalidArgument("the committee cannot meet before the previous decision")
    pack = rules.pack("NCQA", committee_on)
    limit = NCQA_VERIFICATION_DAYS[pack.version]
    fresh_after = committee_on - timedelta(days=limit)
    stale = tuple(
        sorted(
            (v for v in verifications if not fresh_after <= v.on <= committee_on),
            key=lambda v: (v.on, v.source, v.outcome.value),
        )
    )
    if committee_on <= due:
        path = RecredentialingPath.ON_TIME
    elif committee_on <= late_through:
        path = RecredentialingPath.LATE
    else:
        path = RecredentialingPath.REINITIAL
    return RecredentialingPlan(
        previous_decision=previous_decision,
        due_on=due,
        late_through=late_through,
        committee_on=committee_on,
        path=path,
        pack=pack.name,
        verification_days=limit,
        stale=stale,
        fresh_after=fresh_after,
    )
