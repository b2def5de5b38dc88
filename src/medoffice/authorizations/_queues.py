"""Work queues: the authorizations and referrals someone must act on today, and why.

Four queues close the loop:

- ``expiring``: an approved authorization ending within ``expiring_days`` with visits or units
  left (use them or ask for an extension);
- ``exhausted``: an authorization fully used while visits are still booked against it (ask the
  payer for more, or move the visits);
- ``pending``: a request still waiting for the payer's decision after ``pending_days``;
- ``open-referral``: a referral issued ``report_days`` ago or more without the specialist's
  report (an open referral loop is a patient-safety and quality measure).

Each :class:`WorkItem` names the record, the queue, the reason and the next step, never PHI.

More information: NCQA PCMH, CC 04 (referral tracking and follow-up,
https://www.ncqa.org/programs/health-care-providers-practices/patient-centered-medical-home-pcmh/).

>>> from datetime import date
>>> from medoffice.kernel import DateRange
>>> from medoffice.authorizations._index import AuthorizationIndex
>>> from medoffice.authorizations._records import PriorAuthorization
>>> auth = PriorAuthorization(
...     id="PA-1",
...     patient="p-1",
...     payer_id="60054",
...     procedures={"97110"},
...     approved=6,
...     valid=DateRange(date(2026, 3, 1), date(2026, 3, 20)),
...     status="approved",
... )
>>> [
...     (i.queue.value, i.record)
...     for i in work_queues(AuthorizationIndex.build(authorizations=[auth]), on=date(2026, 3, 10))
... ]
[('expiring', 'PA-1')]
"""

from __future__ import annotations

import enum
from datetime import date, timedelta
from typing import final

import attrs

from medoffice.authorizations._index import AuthorizationIndex, PatientRecords
from medoffice.authorizations._records import (
    AuthorizationStatus,
    PriorAuthorization,
    Referral,
    ReferralStatus,
)
from medoffice.kernel import InvalidValue

__all__ = ["Queue", "QueueSettings", "WorkItem", "work_queues"]


@final
class Queue(enum.StrEnum):
    """The work queues."""

    EXPIRING = "expiring"
    EXHAUSTED = "exhausted"
    PENDING = "pending"
    OPEN_REFERRAL = "open-referral"


def _days(_: object, attribute: attrs.Attribute[int], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidValue(f"{attribute.name} is a whole number of days, zero or more")


@final
@attrs.frozen(kw_only=True)
class QueueSettings:
    """How many days make an authorization expiring, a request stale, a referral loop open."""

    expiring_days: int = attrs.field(default=14, validator=_days)
    pending_days: int = attrs.field(default=5, validator=_days)
    report_days: int = attrs.field(default=30, validator=_days)


@final
@attrs.frozen(kw_only=True)
class WorkItem:
    """One thing to do: the queue, the record, the patient id, the reason and the next step."""

    queue: Queue
    record: str
    patient: str
    due: date
    reason: str
    next_step: str

    def to_dict(self) -> dict[str, str]:
        """The item as JSON-ready strings (ids only: the patient is an internal reference)."""
        return {
            "queue": self.queue.value,
            "record": self.record,
            "patient": self.patient,
            "due": self.due.isoformat(),
            "reason": self.reason,
            "next_step": self.next_step,
        }


def _since(record: PriorAuthorization | Referral, statuses: frozenset[str]) -> date | None:
    for change in record.history:
        if change.status in statuses:
            return change.at.date()
    return record.requested_on


def _authorization_items(
    auth: PriorAuthorization, records: PatientRecords, on: date, settings: QueueSettings
) -> list[WorkItem]:
    items: list[WorkItem] = []
    usage = records.used(auth.id)
    left = auth.approved - usage.total
    if auth.is_usable:
        ends = auth.valid.last
        if left > 0 and on <= ends <= on + timedelta(days=settings.expiring_days):
            items.append(
                WorkItem(
                    queue=Queue.EXPIRING,
                    record=auth.id,
                    patient=auth.patient,
                    due=ends,
                    reason=f"{left} {auth.unit.value} left, valid through {ends.isoformat()}",
                    next_step="book the remaining visits or ask the payer for an extension",
                )
            )
        booked = usage.booked_after(on)
        if left <= 0 and booked:
            items.append(
                WorkItem(
                    queue=Queue.EXHAUSTED,
                    record=auth.id,
                    patient=auth.patient,
                    due=on,
                    reason=f"all {auth.approved} {auth.unit.value} used, {booked} visits booked",
                    next_step="ask the payer for more visits or reschedule the booked ones",
                )
            )
    elif auth.status in (AuthorizationStatus.REQUESTED, AuthorizationStatus.PENDING):
        since = auth.requested_on or _since(auth, frozenset({"requested", "pending"}))
        if since is not None and (on - since).days >= settings.pending_days:
            items.append(
                WorkItem(
                    queue=Queue.PENDING,
                    record=auth.id,
                    patient=auth.patient,
                    due=since + timedelta(days=settings.pending_days),
                    reason=f"{auth.status.value} since {since.isoformat()}",
                    next_step="call the payer for a decision",
                )
            )
    return items


def _referral_item(referral: Referral, on: date, settings: QueueSettings) -> WorkItem | None:
    if referral.status in (ReferralStatus.REPORT_RECEIVED, ReferralStatus.CLOSED):
        return None
    if referral.status is ReferralStatus.REQUESTED:
        return None
    since = _since(referral, frozenset({"sent"}))
    if since is None or (on - since).days < settings.report_days:
        return None
    return WorkItem(
        queue=Queue.OPEN_REFERRAL,
        record=referral.id,
        patient=referral.patient,
        due=since + timedelta(days=settings.report_days),
        reason=f"{referral.status.value} since {since.isoformat()}, no report received",
        next_step="ask the specialist for the consultation report",
    )


def work_queues(
    index: AuthorizationIndex, *, on: date, settings: QueueSettings | None = None
) -> tuple[WorkItem, ...]:
    """Every work item on ``on``, by queue, then due date, then record id."""
    settings = settings or QueueSettings()
    items: list[WorkItem] = []
    for patient in index.patients():
        records = index.patient(patient)
        for auth in records.authorizations:
            items += _authorization_items(auth, records, on, settings)
        for referral in records.referrals:
            item = _referral_item(referral, on, settings)
            if item is not None:
                items.append(item)
    order = list(Queue)
    return tuple(sorted(items, key=lambda i: (order.index(i.queue), i.due, i.record)))
