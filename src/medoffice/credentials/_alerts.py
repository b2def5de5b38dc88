"""Alert plans and the due-date index.

From the due dates of a roster, :func:`plan_alerts` builds the reminders to send over a horizon:
one per threshold of the item's own cadence (its kind's: CAQH reminds 15, 10 and 5 days ahead;
120, 90, 60, 30, 14 and 7 days before the due date for a kind that declares none), moved back
to the previous business day so a reminder is never late, de-duplicated (two thresholds that land
on the same day send one reminder, at the more urgent tier), and in a deterministic order.
Items already past due get one overdue alert at the top tier on ``on``. An item whose renewal
window opens before its due date (Medicare revalidation: seven months) also gets a reminder on
the first business day of the window.

:class:`DueIndex` sorts due dates once so that "the next N due after a day" is a bisection.

>>> from datetime import date
>>> items = [DueItem(holder_id="S-1", requirement="bls", due_on=date(2026, 7, 31))]
>>> plan = plan_alerts(items, date(2026, 6, 1), horizon_days=60, thresholds=(30, 14, 7))
>>> [(a.send_on.isoformat(), a.days_before, a.tier.value) for a in plan]
[('2026-07-01', 30, 'manager'), ('2026-07-17', 14, 'manager'), ('2026-07-24', 7, 'director')]

More information: RFC 5545 for the calendar export in ``adapters.formats.icalendar``.
"""

from __future__ import annotations

import bisect
import enum
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Final, final

import attrs

from medoffice.credentials.ports import BusinessCalendar
from medoffice.kernel import InvalidArgument

__all__ = [
    "DEFAULT_THRESHOLDS",
    "DEFAULT_TIERS",
    "Alert",
    "DueIndex",
    "DueItem",
    "Tier",
    "WeekdayCalendar",
    "plan_alerts",
]

DEFAULT_THRESHOLDS: Final = (120, 90, 60, 30, 14, 7)
_ONE_DAY: Final = timedelta(days=1)
_MAX_SHIFT: Final = 366


@final
class Tier(enum.StrEnum):
    """Who a reminder goes to; later tiers escalate."""

    HOLDER = "holder"
    MANAGER = "manager"
    DIRECTOR = "director"

    @property
    def rank(self) -> int:
        """0 for the holder, 2 for the director."""
        return list(Tier).index(self)


#: (at most this many days before the due date, tier): the first matching row wins.
DEFAULT_TIERS: Final = ((7, Tier.DIRECTOR), (30, Tier.MANAGER), (10**6, Tier.HOLDER))


def _cadence(values: Iterable[int]) -> tuple[int, ...]:
    return tuple(sorted({int(v) for v in values}, reverse=True))


@final
@attrs.frozen(kw_only=True, order=True)
class DueItem:
    """Something due: whose, which requirement (as text), and the due date.

    ``cadence`` is the item's own reminder thresholds (empty: the planner's); ``opens_on`` the
    first day of its renewal window, if it has one.
    """

    due_on: date
    holder_id: str
    requirement: str
    cadence: tuple[int, ...] = attrs.field(default=(), converter=_cadence, order=False)
    opens_on: date | None = attrs.field(default=None, order=False)


@final
@attrs.frozen(kw_only=True)
class Alert:
    """One reminder: send on ``send_on`` to ``tier`` about ``item``; ``days_before`` < 0 overdue.

    ``window_opens`` marks the reminder that the renewal window has opened.
    """

    send_on: date
    item: DueItem
    days_before: int
    tier: Tier
    window_opens: bool = False

    def sort_key(self) -> tuple[date, date, str, str, int]:
        """By sending day, due date, holder, requirement and threshold."""
        return (
            self.send_on,
            self.item.due_on,
            self.item.holder_id,
            self.item.requirement,
            -self.days_before,
        )


@final
class WeekdayCalendar:
    """Monday to Friday are business days, except the listed holidays.

    A pure value, so the alert planner works without an adapter; a holiday library can supply
    the holidays (see ``adapters.calendars``).
    """

    __slots__ = ("holidays",)

    def __init__(self, holidays: Iterable[date] = ()) -> None:
        self.holidays: frozenset[date] = frozenset(holidays)

    def __repr__(self) -> str:
        return f"WeekdayCalendar({len(self.holidays)} holidays)"

    def is_business_day(self, day: date) -> bool:
        """Whether ``day`` is a weekday and not a holiday."""
        return day.weekday() < 5 and day not in self.holidays


def _tier(days_before: int, tiers: tuple[tuple[int, Tier], ...]) -> Tier:
    for limit, tier in tiers:
        if days_before <= limit:
            return tier
    return tiers[-1][1]


def _previous_business_day(day: date, calendar: BusinessCalendar) -> date:
    for _ in range(_MAX_SHIFT):
        if calendar.is_business_day(day):
            return day
        day -= _ONE_DAY
    raise InvalidArgument("the business calendar has no business day in a whole year")


def _next_business_day(day: date, calendar: BusinessCalendar) -> date:
    for _ in range(_MAX_SHIFT):
        if calendar.is_business_day(day):
            return day
        day += _ONE_DAY
    raise InvalidArgument("the business calendar has no business day in a whole year")


def plan_alerts(
    items: Iterable[DueItem],
    on: date,
    *,
    horizon_days: int,
    thresholds: Iterable[int] | None = None,
    calendar: BusinessCalendar | None = None,
    tiers: tuple[tuple[int, Tier], ...] = DEFAULT_TIERS,
) -> tuple[Alert, ...]:
    """The reminders to send from ``on`` through ``on + horizon_days``, in sending order.

    ``thresholds`` overrides every item's cadence; by default each item uses its own, or
    :data:`DEFAULT_THRESHOLDS` when it has none.
    """
    if horizon_days < 0:
        raise InvalidArgument("the horizon is a non-negative number of days")
    given = None if thresholds is None else sorted({int(t) for t in thresholds}, reverse=True)
    if given is not None and any(t < 0 for t in given):
        raise InvalidArgument("thresholds are days before the due date, never negative")
    if not tiers:
        raise InvalidArgument("give at least one escalation tier")
    days = calendar or WeekdayCalendar()
    end = on + timedelta(days=horizon_days)
    chosen: dict[tuple[date, str, str, date, bool], Alert] = {}
    for item in set(items):
        candidates = []
        if item.due_on < on:
            candidates.append(Alert(send_on=on, item=item, days_before=-1, tier=tiers[0][1]))
        steps = given if given is not None else (item.cadence or DEFAULT_THRESHOLDS)
        for step in steps:
            send = _previous_business_day(item.due_on - timedelta(days=step), days)
            if on <= send <= end:
                candidates.append(
                    Alert(send_on=send, item=item, days_before=step, tier=_tier(step, tiers))
                )
        if item.opens_on is not None and item.opens_on <= item.due_on:
            send = _next_business_day(item.opens_on, days)
            if on <= send <= min(end, item.due_on):
                left = (item.due_on - send).days
                candidates.append(
                    Alert(
                        send_on=send,
                        item=item,
                        days_before=left,
                        tier=_tier(left, tiers),
                        window_opens=True,
                    )
                )
        for alert in candidates:
            key = (alert.send_on, item.holder_id, item.requirement, item.due_on, alert.window_opens)
            kept = chosen.get(key)
            if kept is None or alert.days_before < kept.days_before:
                chosen[key] = alert
    return tuple(sorted(chosen.values(), key=Alert.sort_key))


@final
class DueIndex:
    """Due items sorted once; :meth:`next_due` answers with a bisection."""

    __slots__ = ("_days", "_items")

    def __init__(self, items: Iterable[DueItem]) -> None:
        self._items: tuple[DueItem, ...] = tuple(sorted(set(items)))
        self._days: list[int] = [i.due_on.toordinal() for i in self._items]

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return f"DueIndex({len(self._items)} items)"

    def next_due(self, after: date, *, limit: int = 1000) -> tuple[DueItem, ...]:
        """The first ``limit`` items due on or after ``after``, soonest first."""
        start = bisect.bisect_left(self._days, after.toordinal())
        return self._items[start : start + max(0, limit)]

    def due_between(self, first: date, last: date) -> tuple[DueItem, ...]:
        """Every item due ``first``..``last`` inclusive."""
        low = bisect.bisect_left(self._days, first.toordinal())
        high = bisect.bisect_right(self._days, last.toordinal())
        return self._items[low:high]
