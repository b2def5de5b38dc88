"""Usage of an authorization or a referral, counted from bookings and submitted claim lines.

Nobody types "visits used": each booking records a ``booked`` :class:`Use` against the record it
consumed, a cancellation records a ``released`` use for the same source (the appointment), and
each submitted claim line records a ``billed`` use. A booked visit that is later billed must not
count twice, so a day counts the larger of what was booked and what was billed on it for that
record: booking a visit and then billing it uses one visit; billing a walk-in uses one too.

The ledger is append-only; :class:`Usage` is the summary of one record's uses, built once per
index, and :meth:`Usage.after` projects what a new visit would bring it to (leaving out a source
already counted, so checking a claim that was already recorded does not count it against itself).

>>> from datetime import UTC, date, datetime
>>> at = datetime(2026, 3, 1, tzinfo=UTC)
>>> uses = [
...     Use(
...         record="PA-1",
...         source="appointment:a-1",
...         kind=UseKind.BOOKED,
...         day=date(2026, 3, 2),
...         quantity=1,
...         at=at,
...     ),
...     Use(
...         record="PA-1",
...         source="claim:C-1:1",
...         kind=UseKind.BILLED,
...         day=date(2026, 3, 2),
...         quantity=1,
...         at=at,
...     ),
...     Use(
...         record="PA-1",
...         source="appointment:a-2",
...         kind=UseKind.BOOKED,
...         day=date(2026, 3, 9),
...         quantity=1,
...         at=at,
...     ),
... ]
>>> usage = Usage.of(uses)
>>> usage.total, usage.after(date(2026, 3, 16), 1, booked=True)
(2, 3)
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any, Final, final

import attrs

from medoffice.kernel import InvalidValue

__all__ = ["Usage", "Use", "UseKind", "usage_by_record"]


@final
class UseKind(enum.StrEnum):
    """What a ledger entry records."""

    BOOKED = "booked"
    RELEASED = "released"
    BILLED = "billed"


def _text(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidValue(f"{attribute.name} must be a non-empty string")


def _quantity(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidValue(f"{attribute.name} is a whole number, zero or more")


@final
@attrs.frozen(kw_only=True)
class Use:
    """One ledger entry: ``quantity`` of ``record`` used (or released) by ``source`` on ``day``.

    ``source`` names the booking (``appointment:<id>``) or the claim line
    (``claim:<control number>:<line>``); ids only, never PHI.
    """

    record: str = attrs.field(validator=_text)
    source: str = attrs.field(validator=_text)
    kind: UseKind = attrs.field(converter=UseKind)
    day: date
    quantity: int = attrs.field(validator=_quantity)
    at: datetime


_EMPTY: Final[Mapping[date, tuple[int, int]]] = {}


@final
class Usage:
    """One record's usage: per day, the visits or units booked and billed."""

    __slots__ = ("_days", "_sources", "total")

    def __init__(
        self,
        days: Mapping[date, tuple[int, int]],
        sources: Mapping[str, tuple[UseKind, date, int]],
    ) -> None:
        self._days = days
        self._sources = sources
        self.total: int = sum(max(booked, billed) for booked, billed in days.values())

    @classmethod
    def of(cls, uses: Iterable[Use]) -> Usage:
        """The usage of one record's ledger entries (in the order they were recorded)."""
        return EMPTY_USAGE.plus(uses)

    @classmethod
    def _of_sources(cls, sources: dict[str, tuple[UseKind, date, int]]) -> Usage:
        days: dict[date, tuple[int, int]] = {}
        for kind, day, quantity in sources.values():
            booked, billed = days.get(day, (0, 0))
            if kind is UseKind.BOOKED:
                days[day] = (booked + quantity, billed)
            else:
                days[day] = (booked, billed + quantity)
        return cls(days, sources)

    def plus(self, uses: Iterable[Use]) -> Usage:
        """This usage with ``uses`` recorded after it (one record's uses)."""
        sources = dict(self._sources)
        for use in uses:
            if use.kind is UseKind.RELEASED:
                known = sources.get(use.source)
                if known is not None and known[0] is UseKind.BOOKED:
                    del sources[use.source]
            else:
                sources[use.source] = (use.kind, use.day, use.quantity)
        return Usage._of_sources(sources)

    def on(self, day: date) -> int:
        """What ``day`` counts for: the larger of its booked and billed quantities."""
        booked, billed = self._days.get(day, (0, 0))
        return max(booked, billed)

    def counts(self, source: str) -> bool:
        """Whether ``source`` is already counted (booked and not released, or billed)."""
        return source in self._sources

    def booked_on(self, source: str) -> date | None:
        """The day ``source`` is booked for, when it is a booking still counted."""
        known = self._sources.get(source)
        return known[1] if known is not None and known[0] is UseKind.BOOKED else None

    def after(self, day: date, quantity: int, *, booked: bool, source: str | None = None) -> int:
        """The total once a visit of ``quantity`` on ``day`` is booked (or billed).

        ``source``, when already counted, is left out first: a booking checked again, or a
        claim line checked after it was recorded, does not count against itself.
        """
        return self.projected(day, quantity, booked, source)

    def projected(
        self,
        day: date,
        quantity: int,
        booked: bool,  # noqa: FBT001 - the decision's hot path passes its arguments by position
        source: str | None,
        /,
    ) -> int:
        """:meth:`after`, its arguments by position."""
        known = None if source is None else self._sources.get(source)
        if known is None:  # the common case: a new visit on top of the running total
            pair = self._days.get(day)
            if pair is None:
                return self.total + quantity
            b, c = pair
            if booked:
                b += quantity
            else:
                c += quantity
            return self.total - max(pair) + max(b, c)
        if known[1] != day:
            return self.total - self._minus(known) + self._added(day, quantity, booked=booked)
        b, c = self._days.get(day, (0, 0))
        if known[0] is UseKind.BOOKED:
            b -= known[2]
        else:
            c -= known[2]
        before = max(self._days.get(day, (0, 0)))
        now = max(b + quantity, c) if booked else max(b, c + quantity)
        return self.total - before + now

    def _minus(self, known: tuple[UseKind, date, int]) -> int:
        kind, day, quantity = known
        b, c = self._days[day]
        without = max(b - quantity, c) if kind is UseKind.BOOKED else max(b, c - quantity)
        return max(b, c) - without

    def _added(self, day: date, quantity: int, *, booked: bool) -> int:
        b, c = self._days.get(day, (0, 0))
        return (max(b + quantity, c) if booked else max(b, c + quantity)) - max(b, c)

    def booked_after(self, day: date) -> int:
        """How many booked uses (not yet billed) fall after ``day``."""
        return sum(
            1 for kind, when, _ in self._sources.values() if kind is UseKind.BOOKED and when > day
        )

    def days(self) -> Mapping[date, int]:
        """What each day with a use counts for."""
        return {day: max(pair) for day, pair in sorted(self._days.items())}

    def __repr__(self) -> str:
        return f"Usage(total={self.total}, days={len(self._days)})"


EMPTY_USAGE: Final = Usage(_EMPTY, {})


def usage_by_record(uses: Iterable[Use]) -> dict[str, Usage]:
    """Each record's :class:`Usage`, from the whole ledger."""
    grouped: dict[str, list[Use]] = {}
    for use in uses:
        grouped.setdefault(use.record, []).append(use)
    return {record: Usage.of(items) for record, items in grouped.items()}
