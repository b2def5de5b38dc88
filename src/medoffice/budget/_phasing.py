"""Phasing: spreading an annual amount over the periods of a fiscal year, exactly.

Spreadsheets and plain-text ledgers phase by dividing and rounding each period on its own, and
the pieces stop adding up (40.00 over 31 days gives 39.99...). Here every method computes weights
and hands them to :meth:`Money.allocate <medoffice.kernel.Money.allocate>`, the largest-remainder
split, so the periods always sum to the annual amount to the minor unit, for every currency.

Methods: :class:`Flat` (equal shares), :class:`CalendarDays` (by days in each period),
:class:`BusinessDays` (weekdays that are not holidays, from a
:class:`~medoffice.budget.ports.HolidayCalendar`), :class:`Seasonal` (a profile of weights, such
as last year's share per month), :class:`Driver` (shares by volume) and :func:`phase_by_driver`
(visits x cost per visit).

More information: Hamilton's largest remainder method
(https://en.wikipedia.org/wiki/Largest_remainder_method).

>>> from medoffice.budget import FiscalCalendar
>>> periods = FiscalCalendar().periods(2026)
>>> parts = phase(Money.of("40000.00", "USD"), periods, CalendarDays())
>>> parts[0], parts[1]
(Money('3397.26', 'USD'), Money('3068.50', 'USD'))
>>> sum(p.minor_units for p in parts)
4000000
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Protocol, final

import attrs

from medoffice.budget._calendar import FiscalPeriod
from medoffice.budget.ports import HolidayCalendar
from medoffice.kernel import InvalidArgument, Money, Rounding

__all__ = [
    "BusinessDays",
    "CalendarDays",
    "Driver",
    "Flat",
    "PhasingMethod",
    "Seasonal",
    "phase",
    "phase_by_driver",
]


class PhasingMethod(Protocol):
    """Gives each period a non-negative weight."""

    def weights(self, periods: Sequence[FiscalPeriod]) -> tuple[int | Fraction | Decimal, ...]:
        """One weight per period."""
        ...


@final
@attrs.frozen
class Flat:
    """Equal shares per period."""

    def weights(self, periods: Sequence[FiscalPeriod]) -> tuple[int, ...]:
        """One each."""
        return (1,) * len(periods)


@final
@attrs.frozen
class CalendarDays:
    """Shares by the number of calendar days in each period."""

    def weights(self, periods: Sequence[FiscalPeriod]) -> tuple[int, ...]:
        """Days per period."""
        return tuple(p.days.days for p in periods)


@final
@attrs.frozen(kw_only=True)
class BusinessDays:
    """Shares by working days: weekdays in ``workdays`` that are not holidays."""

    holidays: HolidayCalendar
    workdays: frozenset[int] = attrs.field(default=frozenset(range(5)), converter=frozenset)

    def weights(self, periods: Sequence[FiscalPeriod]) -> tuple[int, ...]:
        """Working days per period."""
        return tuple(
            sum(
                1
                for day in p.days
                if day.weekday() in self.workdays and not self.holidays.is_holiday(day)
            )
            for p in periods
        )


def _profile(values: Sequence[Decimal | int | Fraction]) -> tuple[Decimal | int | Fraction, ...]:
    return tuple(values)


@final
@attrs.frozen
class Seasonal:
    """Shares by a seasonal profile: one weight per period (last year's actuals will do)."""

    profile: tuple[Decimal | int | Fraction, ...] = attrs.field(converter=_profile)

    def weights(self, periods: Sequence[FiscalPeriod]) -> tuple[Decimal | int | Fraction, ...]:
        """The profile, which must have one weight per period."""
        if len(self.profile) != len(periods):
            raise InvalidArgument(
                f"the seasonal profile has {len(self.profile)} weights for {len(periods)} periods"
            )
        return self.profile


def phase(
    annual: Money, periods: Sequence[FiscalPeriod], method: PhasingMethod
) -> tuple[Money, ...]:
    """``annual`` spread over ``periods`` by ``method``; the parts sum exactly to ``annual``."""
    if not isinstance(annual, Money):
        raise InvalidArgument(f"phasing spreads Money, not {type(annual).__name__}")
    if not periods:
        raise InvalidArgument("phasing needs at least one period")
    weights = method.weights(periods)
    if sum(Fraction(w) for w in weights) == 0:
        raise InvalidArgument("every period has zero weight; nothing to phase by")
    return annual.allocate(weights)


def phase_by_driver(
    visits: Sequence[int],
    cost_per_visit: Decimal,
    currency: str,
    *,
    rounding: Rounding = Rounding.HALF_EVEN,
) -> tuple[Money, ...]:
    """Per period, ``visits x cost_per_visit``: the total is rounded once, then split by visits.

    A rate may carry more places than the currency (12.345 USD a visit); the year's total is
    rounded with ``rounding`` and the periods are its largest-remainder split, so they add up.

    >>> phase_by_driver([100, 120, 80], Decimal("12.345"), "USD")
    (Money('1234.50', 'USD'), Money('1481.40', 'USD'), Money('987.60', 'USD'))
    """
    if not visits or any(type(v) is not int or v < 0 for v in visits):
        raise InvalidArgument("visits are whole, non-negative numbers, one per period")
    total = Money.of(1, currency).multiply(
        Fraction(cost_per_visit) * sum(visits), rounding=rounding
    )
    if sum(visits) == 0:
        return tuple(Money.zero(currency) for _ in visits)
    return total.allocate(visits)


def _volumes(value: Sequence[int]) -> tuple[int, ...]:
    return tuple(value)


@final
@attrs.frozen
class Driver:
    """Shares by a volume driver per period (visits, procedures, FTE hours)."""

    volumes: tuple[int, ...] = attrs.field(converter=_volumes)

    def weights(self, periods: Sequence[FiscalPeriod]) -> tuple[int, ...]:
        """The volumes, one per period."""
        if len(self.volumes) != len(periods):
            raise InvalidArgument(
                f"the driver has {len(self.volumes)} volumes for {len(periods)} periods"
            )
        return self.volumes
