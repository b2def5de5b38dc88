"""Terms: how long a credential lasts, as one of the shapes the authorities write rules in.

A :class:`Term` turns an issue date (and, for birth-month rules, the holder's birth date) into
the last valid day; the shapes are the primitives of :mod:`._primitives`. Build a term with its
classmethods; a term that needs a fact it does not have says which
(:meth:`Term.missing_fact`).

>>> from datetime import date
>>> Term.birth_month(24).valid_through(date(2024, 3, 10), None) is None
True
>>> Term.birth_month(24).missing_fact(date(2024, 3, 10), None)
'birth_date'
>>> Term.end_of_month(24).valid_through(date(2026, 6, 10), None)
datetime.date(2028, 6, 30)

More information: see the citations carried by each pack in :mod:`._packs`.
"""

from __future__ import annotations

import enum
from datetime import date, timedelta
from typing import Final, final

import attrs

from medoffice.credentials._primitives import (
    add_months,
    at_least_annually_due,
    birth_month_expiry,
    birth_month_parity_expiry,
    end_of_month_after,
    issue_or_birth_month_expiry,
    month_after_second_birthday,
    rolling_due,
    season_end,
)

__all__ = ["Term", "TermShape"]


@final
class TermShape(enum.StrEnum):
    """How a term turns an issue date into the last valid day."""

    STATED = "stated"
    ANNIVERSARY = "anniversary"
    DAY_BEFORE_ANNIVERSARY = "day_before_anniversary"
    END_OF_MONTH = "end_of_month"
    ISSUE_OR_BIRTH_MONTH = "issue_or_birth_month"
    ROLLING_DAYS = "rolling_days"
    AT_LEAST_ANNUALLY = "at_least_annually"
    ASSIGNED = "assigned"
    BIRTH_MONTH = "birth_month"
    MONTH_AFTER_SECOND_BIRTHDAY = "month_after_second_birthday"
    BIRTH_MONTH_PARITY = "birth_month_parity"
    SEASON = "season"
    ONCE = "once"

    @property
    def needs_birth_date(self) -> bool:
        """Whether the term is computed from the holder's birth date."""
        return self in _BY_BIRTH


_BY_BIRTH: Final = frozenset(
    {
        TermShape.BIRTH_MONTH,
        TermShape.MONTH_AFTER_SECOND_BIRTHDAY,
        TermShape.BIRTH_MONTH_PARITY,
    }
)


@final
@attrs.frozen(repr=False)
class Term:
    """How long a credential lasts; build it with the classmethods."""

    shape: TermShape
    months: int = 0
    days: int = 0
    switch_on: date | None = None

    @classmethod
    def stated(cls) -> Term:
        """The document states its own expiry date; nothing to compute."""
        return cls(TermShape.STATED)

    @classmethod
    def anniversary(cls, months: int) -> Term:
        """Valid through the same day ``months`` later (month-end clamped)."""
        return cls(TermShape.ANNIVERSARY, months=months)

    @classmethod
    def day_before_anniversary(cls, months: int) -> Term:
        """Valid through the day before the anniversary (a CLIA certificate from 2024-03-01
        runs through 2026-02-28)."""
        return cls(TermShape.DAY_BEFORE_ANNIVERSARY, months=months)

    @classmethod
    def end_of_month(cls, months: int) -> Term:
        """Valid through the last day of the issue month ``months`` later."""
        return cls(TermShape.END_OF_MONTH, months=months)

    @classmethod
    def issue_or_birth_month(cls, months: int, *, switch_on: date) -> Term:
        """Issue month from ``switch_on``, birth month before (California physicians)."""
        return cls(TermShape.ISSUE_OR_BIRTH_MONTH, months=months, switch_on=switch_on)

    @classmethod
    def rolling_days(cls, days: int) -> Term:
        """Due ``days`` after the last event."""
        return cls(TermShape.ROLLING_DAYS, days=days)

    @classmethod
    def at_least_annually(cls) -> Term:
        """Due within 365 days of the last event."""
        return cls(TermShape.AT_LEAST_ANNUALLY)

    @classmethod
    def assigned(cls) -> Term:
        """The authority assigns the due date (``None`` until it does: "TBD")."""
        return cls(TermShape.ASSIGNED)

    @classmethod
    def birth_month(cls, months: int) -> Term:
        """The last day of the birth month in the second year of the term (13 to 24 months)."""
        return cls(TermShape.BIRTH_MONTH, months=months)

    @classmethod
    def month_after_second_birthday(cls) -> Term:
        """The end of the month after the second birthday following issue (California RNs)."""
        return cls(TermShape.MONTH_AFTER_SECOND_BIRTHDAY)

    @classmethod
    def birth_month_parity(cls) -> Term:
        """The end of the birth month in a year of the birth year's parity (Texas nurses)."""
        return cls(TermShape.BIRTH_MONTH_PARITY)

    @classmethod
    def season(cls, end_month: int) -> Term:
        """Valid through the end of the season the event falls in (influenza: March)."""
        return cls(TermShape.SEASON, months=end_month)

    @classmethod
    def once(cls) -> Term:
        """Done once, never due again (a baseline screening); open-ended."""
        return cls(TermShape.ONCE)

    def missing_fact(self, issued_on: date, birth_date: date | None) -> str | None:
        """The fact the term needs and does not have: ``birth_date``, ``expires_on`` or none."""
        shape = self.shape
        if shape is TermShape.STATED:
            return "expires_on"
        if birth_date is None and (
            shape in _BY_BIRTH
            or (
                shape is TermShape.ISSUE_OR_BIRTH_MONTH
                and self.switch_on is not None
                and issued_on < self.switch_on
            )
        ):
            return "birth_date"
        return None

    def __repr__(self) -> str:
        arguments = {
            TermShape.ANNIVERSARY: f"{self.months}",
            TermShape.DAY_BEFORE_ANNIVERSARY: f"{self.months}",
            TermShape.END_OF_MONTH: f"{self.months}",
            TermShape.ISSUE_OR_BIRTH_MONTH: f"{self.months}, switch_on={self.switch_on!r}",
            TermShape.ROLLING_DAYS: f"{self.days}",
            TermShape.BIRTH_MONTH: f"{self.months}",
            TermShape.SEASON: f"{self.months}",
        }.get(self.shape, "")
        return f"Term.{self.shape.value}({arguments})"

    def valid_through(self, issued_on: date, birth_date: date | None) -> date | None:
        """The last valid day for a credential issued on ``issued_on``; ``None`` if not computed.

        ``None`` means the document must state the date (``STATED``), the authority has not
        assigned one yet (``ASSIGNED``), the term never ends (``ONCE``) or the birth date it
        needs is not on file (see :meth:`missing_fact`).
        """
        shape = self.shape
        if shape is TermShape.ANNIVERSARY:
            return add_months(issued_on, self.months)
        if shape is TermShape.DAY_BEFORE_ANNIVERSARY:
            return add_months(issued_on, self.months) - timedelta(days=1)
        if shape is TermShape.END_OF_MONTH:
            return end_of_month_after(issued_on, self.months)
        if shape is TermShape.ROLLING_DAYS:
            return rolling_due(issued_on, self.days)
        if shape is TermShape.AT_LEAST_ANNUALLY:
            return at_least_annually_due(issued_on)
        if shape is TermShape.ISSUE_OR_BIRTH_MONTH:
            assert self.switch_on is not None
            if issued_on < self.switch_on and birth_date is None:
                return None
            return issue_or_birth_month_expiry(
                issued_on, birth_date, switch_on=self.switch_on, months=self.months
            )
        if shape is TermShape.SEASON:
            return season_end(issued_on, end_month=self.months)
        if shape in _BY_BIRTH:
            if birth_date is None:
                return None
            if shape is TermShape.BIRTH_MONTH:
                return birth_month_expiry(issued_on, birth_date, months=self.months)
            if shape is TermShape.MONTH_AFTER_SECOND_BIRTHDAY:
                return month_after_second_birthday(issued_on, birth_date)
            return birth_month_parity_expiry(issued_on, birth_date)
        return None
