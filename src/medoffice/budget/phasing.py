"""Phasing methods beyond the flat split: business days, calendar days, seasonality, drivers.

:func:`~medoffice.budget.phase` with :class:`~medoffice.budget.Flat` is in
:mod:`medoffice.budget`. The other :class:`PhasingMethod` values spread an annual amount by
:class:`BusinessDays`, :class:`CalendarDays` or :class:`Seasonal` weights;
:func:`phase_by_driver` spreads by a :class:`Driver` (visits, FTEs). Every split sums back to the
whole, to the minor unit.

>>> from medoffice.budget import FiscalCalendar, phase
>>> from medoffice.kernel import Money
>>> parts = phase(Money.of("1000.00", "USD"), FiscalCalendar().periods(2026), CalendarDays())
>>> str(parts[0].amount), str(sum(p.amount for p in parts))
('84.93', '1000.00')
"""

from medoffice.budget._phasing import (
    BusinessDays,
    CalendarDays,
    Driver,
    PhasingMethod,
    Seasonal,
    phase_by_driver,
)

__all__ = [
    "BusinessDays",
    "CalendarDays",
    "Driver",
    "PhasingMethod",
    "Seasonal",
    "phase_by_driver",
]
