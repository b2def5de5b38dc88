"""Rule primitives: the date arithmetic every renewal rule is built from.

Each primitive is a pure function of calendar days. The authorities phrase their rules in a
handful of shapes, and each shape has its own edge cases:

- **anniversary after N months** (:func:`add_months`): the same day of the month N months on,
  clamped to the month's last day (2024-02-29 plus 12 months is 2025-02-28);
- **end of month after N months** (:func:`end_of_month_after`): AHA course cards are valid
  through the last day of the issue month two years on (issued 2026-06-10: valid through
  2028-06-30);
- **last day of the issue month or of the birth month** with a regime switch on a date
  (:func:`issue_or_birth_month_expiry`, California physicians), the birth month alone
  (:func:`birth_month_expiry`, California physician assistants), the month after the second
  birthday (:func:`month_after_second_birthday`, California registered nurses) and the birth
  month in years of the birth year's parity (:func:`birth_month_parity_expiry`, Texas nurses);
- **the end of a season** (:func:`season_end`): an influenza dose counts through March;
- **rolling days** (:func:`rolling_due`): CAQH re-attestation every 120 days; the day after the
  due date is expired;
- **at least annually** (:func:`at_least_annually_due`): OSHA training within 365 days;
- **calendar-monthly** (:func:`calendar_month_gaps`): once in every calendar month, whatever the
  days in between (Sept 1 then Oct 15 is compliant);
- **an externally assigned due date** (:func:`posted_due_date`): Medicare revalidation dates are
  the last day of a month and are posted at most seven months ahead ("TBD" before);
- **windows after expiry** (:func:`window_after`): grace and reinstatement periods;
- **deadlines with a time zone** (:func:`deadline_instant`): the instant a day-dated deadline
  passes in the authority's zone.

>>> add_months(date(2024, 2, 29), 12)
datetime.date(2025, 2, 28)
>>> end_of_month_after(date(2026, 6, 10), 24)
datetime.date(2028, 6, 30)
>>> rolling_due(date(2026, 1, 1), 120)
datetime.date(2026, 5, 1)
>>> calendar_month_gaps(
...     [date(2025, 9, 1), date(2025, 10, 15)], date(2025, 9, 1), date(2025, 10, 31)
... )
()

More information: AHA Program Administration Manual; NCQA Credentialing Standards; CAQH ProView
user guide; 29 CFR 1910.1030(g)(2); CMS Medicare revalidation
(https://data.cms.gov/tools/medicare-revalidation-list); Cal. Bus. & Prof. Code section 2423.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from medoffice.kernel import InvalidArgument, InvalidValue

__all__ = [
    "add_months",
    "at_least_annually_due",
    "birth_month_expiry",
    "birth_month_parity_expiry",
    "calendar_month_gaps",
    "deadline_instant",
    "end_of_month",
    "end_of_month_after",
    "is_last_day_of_month",
    "issue_or_birth_month_expiry",
    "month_after_second_birthday",
    "posted_due_date",
    "rolling_due",
    "season_end",
    "window_after",
]

_YEAR_DAYS: Final = 365


_MONTH_DAYS: Final = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _days_in(year: int, month: int) -> int:
    # calendar.monthrange also computes a weekday; this is the hot path of every rule.
    if month == 2 and calendar.isleap(year):
        return 29
    return _MONTH_DAYS[month - 1]


def end_of_month(day: date) -> date:
    """The last day of ``day``'s month."""
    return day.replace(day=_days_in(day.year, day.month))


def is_last_day_of_month(day: date) -> bool:
    """Whether ``day`` is the last day of its month."""
    return day.day == _days_in(day.year, day.month)


def add_months(day: date, months: int) -> date:
    """The same day of the month ``months`` on (or back), clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    if not 1 <= year <= 9999:
        raise InvalidArgument("the resulting date is outside the calendar")
    return date(year, month + 1, min(day.day, _days_in(year, month + 1)))


def end_of_month_after(day: date, months: int) -> date:
    """The last day of the month ``months`` after ``day``'s month (AHA card validity)."""
    return end_of_month(add_months(day.replace(day=1), months))


def birth_month_expiry(issued_on: date, birth_date: date, *, months: int = 24) -> date:
    """The last day of the birth month in the second year of a ``months``-month term.

    The expiry month falls more than ``months - 12`` and at most ``months`` calendar months
    after the issue month: a licence issued in the birth month runs the full term, one issued
    in another month 13 to 23 months (the California Physician Assistant Board's published
    reading of Cal. Bus. & Prof. Code section 3523; the same words govern physicians' licences
    issued before 2018-07-01 under section 2423).
    """
    ahead = (birth_date.month - issued_on.month) % 12
    offset = months - 12 + (ahead or 12)
    return end_of_month_after(issued_on, offset)


def issue_or_birth_month_expiry(
    issued_on: date,
    birth_date: date | None,
    *,
    switch_on: date,
    months: int,
) -> date:
    """California-style expiry: issue month from ``switch_on``, birth month before it.

    Issued on or after ``switch_on``: the last day of the issue month ``months`` later.
    Issued before: :func:`birth_month_expiry` (the birth month in the second year of the term).
    """
    if issued_on >= switch_on:
        return end_of_month_after(issued_on, months)
    if birth_date is None:
        raise InvalidArgument("a licence issued before the switch expires by the birth month")
    return birth_month_expiry(issued_on, birth_date, months=months)


def _birthday_in(year: int, birth_date: date) -> date:
    # A 29 February birthday falls on 28 February in other years.
    return date(year, birth_date.month, min(birth_date.day, _days_in(year, birth_date.month)))


def month_after_second_birthday(issued_on: date, birth_date: date) -> date:
    """The last day of the month after the second birthday that follows the issue date.

    Cal. Bus. & Prof. Code section 2811(a): a registered nurse renews "on or before the last
    day of the month following the month in which their birthday occurs, beginning with the
    second birthday following the date on which the license was issued".
    """
    first = _birthday_in(issued_on.year, birth_date)
    if first <= issued_on:
        first = _birthday_in(issued_on.year + 1, birth_date)
    second = _birthday_in(first.year + 1, birth_date)
    return end_of_month_after(second, 1)


def birth_month_parity_expiry(
    issued_on: date, birth_date: date, *, shortest: int = 6, longest: int = 29
) -> date:
    """The end of the birth month, in a year of the birth year's parity, 6 to 29 months on.

    Texas Board of Nursing: licences expire on the last day of the birth month, renewed every
    two years in odd years for those born in an odd year and even years otherwise; the first
    licence runs 6 to 29 months to fall into that cycle. The window holds exactly one such
    month, so the answer is the same for a first licence and a renewal.
    """
    for offset in range(shortest, longest + 1):
        candidate = add_months(issued_on.replace(day=1), offset)
        if candidate.month == birth_date.month and candidate.year % 2 == birth_date.year % 2:
            return end_of_month(candidate)
    raise InvalidArgument("the window must span at least 24 months")  # pragma: no cover


def season_end(day: date, *, end_month: int) -> date:
    """The last day of ``end_month`` that closes the season ``day`` falls in.

    A season runs from the first day after one ``end_month`` through the next: with
    ``end_month=3`` (influenza seasons reported October through March), a dose given on
    2025-09-15 or on 2026-02-01 counts through 2026-03-31.
    """
    if not 1 <= end_month <= 12:
        raise InvalidArgument("a season ends in a month from 1 to 12")
    year = day.year if day.month <= end_month else day.year + 1
    return date(year, end_month, _days_in(year, end_month))


def rolling_due(last: date, days: int) -> date:
    """The due date ``days`` after ``last``; the day after it is already late."""
    if days <= 0:
        raise InvalidArgument("a rolling period is a positive number of days")
    return last + timedelta(days=days)


def at_least_annually_due(last: date) -> date:
    """The last day an "at least annually" event may recur: 365 days after the previous one."""
    return last + timedelta(days=_YEAR_DAYS)


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def calendar_month_gaps(days: Iterable[date], first: date, last: date) -> tuple[date, ...]:
    """The calendar months between ``first`` and ``last`` with no event, as first days.

    Once per calendar month is the rule: an event on Sept 1 and the next on Oct 15 leave no gap,
    but Aug 31 then Oct 1 leave September uncovered.
    """
    if last < first:
        raise InvalidArgument("the period must not end before it starts")
    covered = {_month_index(d) for d in days if first <= d <= last}
    gaps = []
    for index in range(_month_index(first), _month_index(last) + 1):
        if index not in covered:
            year, month = divmod(index, 12)
            gaps.append(date(year, month + 1, 1))
    return tuple(gaps)


def posted_due_date(due_on: date, on: date, *, posted_months: int = 7) -> date | None:
    """The assigned due date as the list shows it on ``on``: ``None`` ("TBD") until posted.

    CMS assigns Medicare revalidation due dates on the last day of a month and posts them at
    most ``posted_months`` months ahead; before that the list says "TBD".
    """
    if not is_last_day_of_month(due_on):
        raise InvalidValue("an assigned revalidation due date is the last day of a month")
    return due_on if on >= add_months(due_on, -posted_months) else None


def window_after(expires_on: date, *, days: int = 0, months: int = 0) -> date:
    """The last day of a window that opens the day after ``expires_on``.

    ``days`` counts calendar days (a 30-day grace ends 30 days after expiry); ``months`` counts
    calendar months (DEA: one calendar month after expiry). A credential that expires on the last
    day of a month keeps its window to the last day of the later month (Feb 28 plus one month is
    Mar 31, not Mar 28).
    """
    if days < 0 or months < 0 or (days and months):
        raise InvalidArgument("a window is a non-negative number of days or of months")
    if not months:
        return expires_on + timedelta(days=days)
    if is_last_day_of_month(expires_on):
        return end_of_month_after(expires_on, months)
    return add_months(expires_on, months)


def deadline_instant(day: date, zone: str) -> datetime:
    """The instant a deadline dated ``day`` passes: midnight ending that day in ``zone``."""
    try:
        tz = ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise InvalidArgument(f"{zone!r} is not a known time zone") from None
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz)
