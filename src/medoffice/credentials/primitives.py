"""Rule primitives: the date arithmetic every renewal rule is built from.

Month arithmetic that clamps to the month's end, birth-month and parity expiries, rolling and
posted due dates, season ends, windows after a day, and the calendar months a record leaves
uncovered. Each is a pure function of dates.

>>> from datetime import date
>>> add_months(date(2026, 1, 31), 1), end_of_month(date(2026, 2, 3))
(datetime.date(2026, 2, 28), datetime.date(2026, 2, 28))
"""

from medoffice.credentials._primitives import (
    add_months,
    at_least_annually_due,
    birth_month_expiry,
    birth_month_parity_expiry,
    calendar_month_gaps,
    deadline_instant,
    end_of_month,
    end_of_month_after,
    is_last_day_of_month,
    issue_or_birth_month_expiry,
    month_after_second_birthday,
    posted_due_date,
    rolling_due,
    season_end,
    window_after,
)

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
