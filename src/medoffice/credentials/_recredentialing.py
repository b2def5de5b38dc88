"""The NCQA credentialing file planner: when a decision is due, its path and stale checks.

NCQA requires a recredentialing decision at least every 36 months, counted to the month from
the previous decision. A decision made within 30 days after the due date takes the late path;
later than that the practitioner must be credentialed again from scratch (re-initial). An
initial file has no previous decision and no due date, but its verifications face the same
time limits. Every primary-source verification must be no older than the time limit on the
decision (committee) date. The limit depends on the track and on the NCQA standards year, and
the standards year is chosen by the file's *processing* date (which defaults to the decision
date), never by today's date:

=========================  ===========================  =================================
track                      files processed before        files processed from 2025-07-01
                           2025-07-01
=========================  ===========================  =================================
accreditation              180 days                      120 days
CVO certification          120 days                      90 days
=========================  ===========================  =================================

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
>>> first = plan_recredentialing(
...     None, committee_on=date(2025, 7, 10), processed_on=date(2025, 6, 20), track="cvo"
... )
>>> first.path.value, first.pack, first.verification_days
('initial', 'NCQA-2024', 120)

More information: NCQA Credentialing Standards CR 3 and CR 4
(https://www.ncqa.org/programs/health-plans/credentialing/); NCQA FAQ "36-month
recredentialing time frame" (30 days to recredential late, then initial credentialing).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Final, final

import attrs

from medoffice.credentials._model import VerificationEvent
from medoffice.credentials._packs import (
    DEFAULT_RULES,
    NCQA_CVO_VERIFICATION_DAYS,
    NCQA_VERIFICATION_DAYS,
)
from medoffice.credentials._primitives import end_of_month_after
from medoffice.credentials._rules import RuleBook
from medoffice.kernel import InvalidArgument

__all__ = [
    "CredentialingTrack",
    "RecredentialingPath",
    "RecredentialingPlan",
    "plan_recredentialing",
]

_CYCLE_MONTHS: Final = 36
_LATE_DAYS: Final = 30


@final
class RecredentialingPath(enum.StrEnum):
    """How a decision on a given date is reached."""

    INITIAL = "initial"
    ON_TIME = "on_time"
    LATE = "late"
    REINITIAL = "reinitial"


@final
class CredentialingTrack(enum.StrEnum):
    """Whose time limits apply: a health plan's accreditation or a CVO's certification."""

    ACCREDITATION = "accreditation"
    CVO = "cvo"

    @property
    def limits(self) -> dict[str, int]:
        """Verification time limits in days, by NCQA pack version."""
        if self is CredentialingTrack.CVO:
            return NCQA_CVO_VERIFICATION_DAYS
        return NCQA_VERIFICATION_DAYS


@final
@attrs.frozen(kw_only=True)
class RecredentialingPlan:
    """The next decision's due date and, for a committee date, its path and stale checks.

    An initial file has no previous decision, so no due date or late limit.
    """

    previous_decision: date | None
    due_on: date | None
    late_through: date | None
    committee_on: date | None
    processed_on: date | None = None
    track: CredentialingTrack = CredentialingTrack.ACCREDITATION
    path: RecredentialingPath | None
    pack: str | None
    verification_days: int | None
    stale: tuple[VerificationEvent, ...]
    fresh_after: date | None


def plan_recredentialing(
    previous_decision: date | None,
    *,
    committee_on: date | None = None,
    processed_on: date | None = None,
    track: CredentialingTrack | str = CredentialingTrack.ACCREDITATION,
    verifications: Iterable[VerificationEvent] = (),
    rules: RuleBook = DEFAULT_RULES,
) -> RecredentialingPlan:
    """Plan the decision after ``previous_decision`` (``None``: an initial file).

    The NCQA standards year is the one in force on ``processed_on`` (default: the committee
    date). ``stale`` lists the verifications older than the track's time limit on the
    committee date (or made after it, which cannot support the decision); renew them before
    the meeting.
    """
    try:
        chosen = CredentialingTrack(track)
    except ValueError:
        raise InvalidArgument("the track is accreditation or cvo") from None
    due = late_through = None
    if previous_decision is not None:
        due = end_of_month_after(previous_decision, _CYCLE_MONTHS)
        late_through = due + timedelta(days=_LATE_DAYS)
    if committee_on is None:
        return RecredentialingPlan(
            previous_decision=previous_decision,
            due_on=due,
            late_through=late_through,
            committee_on=None,
            processed_on=processed_on,
            track=chosen,
            path=RecredentialingPath.INITIAL if previous_decision is None else None,
            pack=None,
            verification_days=None,
            stale=(),
            fresh_after=None,
        )
    if previous_decision is not None and committee_on < previous_decision:
        raise InvalidArgument("the committee cannot meet before the previous decision")
    pack = rules.pack("NCQA", processed_on or committee_on)
    limit = chosen.limits[pack.version]
    fresh_after = committee_on - timedelta(days=limit)
    stale = tuple(
        sorted(
            (v for v in verifications if not fresh_after <= v.on <= committee_on),
            key=lambda v: (v.on, v.source, v.outcome.value),
        )
    )
    if due is None or late_through is None:
        path = RecredentialingPath.INITIAL
    elif committee_on <= due:
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
        processed_on=processed_on,
        track=chosen,
        path=path,
        pack=pack.name,
        verification_days=limit,
        stale=stale,
        fresh_after=fresh_after,
    )
