"""Renewal rules and rule packs: the shape of the cited data in :mod:`._packs`.

A :class:`Rule` says how long one kind of credential lasts in one jurisdiction (its
:class:`Term`), how early it counts as expiring, and which windows follow expiry (a fee grace, a
reinstatement period) and whether the credential is still in force during them. A
:class:`RulePack` is a versioned, effective-dated, cited set of rules from one authority; a
:class:`RuleBook` holds several packs and picks the one in force on the date that governs a
credential (its issue or decision date), never today's date.

>>> from datetime import date
>>> term = Term.end_of_month(24)
>>> term
Term.end_of_month(24)
>>> term.valid_through(date(2026, 6, 10), None)
datetime.date(2028, 6, 30)

More information: see the citations carried by each pack in :mod:`._packs`.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date, timedelta
from typing import final

import attrs

from medoffice.credentials._model import CredentialKind
from medoffice.credentials._primitives import (
    add_months,
    at_least_annually_due,
    end_of_month_after,
    issue_or_birth_month_expiry,
    rolling_due,
    window_after,
)
from medoffice.kernel import DateRange, InvalidArgument, InvalidValue, RuleId

__all__ = ["Citation", "Rule", "RuleBook", "RulePack", "Term", "TermShape", "Window"]


@final
@attrs.frozen(kw_only=True)
class Citation:
    """Where a rule comes from.

    ``retrieved_on`` is the day the text was read at ``url``; ``None`` says the figure has not
    been checked against a retrieved copy and ``note`` says what is uncertain.
    """

    source: str
    section: str
    url: str
    retrieved_on: date | None = None
    note: str = ""

    def __str__(self) -> str:
        return f"{self.source}, {self.section}"


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

    def __repr__(self) -> str:
        arguments = {
            TermShape.ANNIVERSARY: f"{self.months}",
            TermShape.DAY_BEFORE_ANNIVERSARY: f"{self.months}",
            TermShape.END_OF_MONTH: f"{self.months}",
            TermShape.ISSUE_OR_BIRTH_MONTH: f"{self.months}, switch_on={self.switch_on!r}",
            TermShape.ROLLING_DAYS: f"{self.days}",
        }.get(self.shape, "")
        return f"Term.{self.shape.value}({arguments})"

    def valid_through(self, issued_on: date, birth_date: date | None) -> date | None:
        """The last valid day for a credential issued on ``issued_on``; ``None`` if not computed.

        ``None`` means the document must state the date (``STATED``) or the authority has not
        assigned one yet (``ASSIGNED``).
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
        return None


@final
@attrs.frozen(kw_only=True)
class Window:
    """A window after expiry: a fee grace or a reinstatement period.

    ``in_force`` says whether the credential still counts (may the holder practise, prescribe or
    bill) during the window; for every window shipped it is ``False``.
    """

    days: int = 0
    months: int = 0
    in_force: bool = False

    def last_day(self, expires_on: date) -> date:
        """The window's last day for a credential valid through ``expires_on``."""
        return window_after(expires_on, days=self.days, months=self.months)


@final
@attrs.frozen(kw_only=True)
class Rule:
    """The renewal rule for one kind of credential in one jurisdiction (``None``: anywhere)."""

    id: RuleId = attrs.field(converter=RuleId)
    kind: CredentialKind
    jurisdiction: str | None
    term: Term
    expiring_days: int = 90
    grace: Window | None = None
    reinstatement: Window | None = None
    zone: str | None = None
    citation: Citation

    def expiring_from(self, valid_through: date) -> date:
        """The first day the credential counts as expiring."""
        return valid_through - timedelta(days=self.expiring_days)


def _rules(values: Iterable[Rule]) -> tuple[Rule, ...]:
    return tuple(values)


@final
@attrs.frozen(kw_only=True)
class RulePack:
    """A versioned, effective-dated, cited set of rules from one authority."""

    family: str
    version: str
    effective: DateRange
    rules: tuple[Rule, ...] = attrs.field(converter=_rules)
    citation: Citation
    notes: str = ""

    @property
    def name(self) -> str:
        """``FAMILY-VERSION``, such as ``NCQA-2025``."""
        return f"{self.family}-{self.version}"


@final
class RuleBook:
    """Packs side by side; answers which rule governs a credential on its governing date."""

    __slots__ = ("_by_key", "_candidates", "packs")

    def __init__(self, packs: Iterable[RulePack]) -> None:
        self.packs: tuple[RulePack, ...] = tuple(packs)
        self._by_key: dict[tuple[CredentialKind, str | None], list[tuple[RulePack, Rule]]] = {}
        # (kind, jurisdiction) -> its own rules then the nationwide ones, filled on first use
        self._candidates: dict[
            tuple[CredentialKind, str | None], list[tuple[date, date, RulePack, Rule]]
        ] = {}
        for pack in self.packs:
            if not isinstance(pack, RulePack):
                raise InvalidValue("a rule book holds RulePack values")
            for rule in pack.rules:
                entries = self._by_key.setdefault((rule.kind, rule.jurisdiction), [])
                for other, _ in entries:
                    if other.effective.overlaps(pack.effective):
                        raise InvalidArgument(
                            f"{pack.name} and {other.name} both govern {rule.kind} "
                            f"in {rule.jurisdiction or 'every jurisdiction'} on the same days"
                        )
                entries.append((pack, rule))

    def __repr__(self) -> str:
        return f"RuleBook({[p.name for p in self.packs]!r})"

    def pack(self, family: str, governing: date) -> RulePack:
        """The pack of ``family`` in force on ``governing`` (for NCQA, the processing date)."""
        for pack in self.packs:
            if pack.family == family and pack.effective.contains(governing):
                return pack
        raise InvalidArgument(f"no {family} pack is in force on {governing.isoformat()}")

    def rule(
        self, kind: CredentialKind, jurisdiction: str | None, governing: date
    ) -> tuple[RulePack, Rule] | None:
        """The pack and rule for ``kind`` in ``jurisdiction`` on ``governing``, or ``None``.

        A jurisdiction-specific rule wins over the rule that applies anywhere.
        """
        candidates = self._candidates.get((kind, jurisdiction))
        if candidates is None:
            candidates = [
                (pack.effective.first, pack.effective.last, pack, rule)
                for key in ((kind, jurisdiction), (kind, None))
                for pack, rule in self._by_key.get(key, ())
            ]
            self._candidates[(kind, jurisdiction)] = candidates
        for first, last, pack, rule in candidates:
            if first <= governing <= last:
                return pack, rule
        return None
