"""Practice KPIs: revenue-cycle and cost measures with their definitions and sources.

Each function computes one measure exactly (as a fraction) and returns a :class:`Kpi` with the
value rounded for display (half to even), its unit, and the source of its definition. Where
definitions differ between sources the difference is a parameter: days in A/R on gross or net
charges; no-show rate with or without late cancellations; denial rate by count or by amount.
A measure whose denominator is zero has no value and raises
:class:`~medoffice.kernel.InvalidArgument`.

Benchmarks are the user's data: a :class:`BenchmarkBand` names the KPI, its range, the label
(such as "better performing"), its source and its year. medoffice ships no benchmark figures.

More information: AAFP, *Evaluating Your Practice's Revenue Cycle* (days in A/R, adjusted
collection rate, denial rate; https://www.aafp.org/practice-management); MGMA DataDive Cost and
Revenue glossary, 2019 (FTE, support staff cost, A/R aging; https://www.mgma.com/data); HFMA
MAP Keys (https://www.hfma.org/data-and-insights/map-keys/).

>>> from medoffice.kernel import Money
>>> usd = lambda s: Money.of(s, "USD")
>>> net_collection_rate(
...     payments=usd("500000"),
...     refunds=usd("14000"),
...     charges=usd("850000"),
...     contractual_adjustments=usd("350000"),
... ).value
Decimal('97.20')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Final, Literal, final

import attrs

from medoffice.kernel import CurrencyMismatch, InvalidArgument, Money

__all__ = [
    "BenchmarkBand",
    "Kpi",
    "ar_over",
    "classify",
    "clean_claim_rate",
    "cost_to_collect",
    "days_in_ar",
    "denial_rate_by_amount",
    "denial_rate_by_count",
    "first_pass_resolution_rate",
    "fte",
    "net_collection_rate",
    "no_show_rate",
    "overhead_ratio",
    "support_staff_cost_per_fte_physician",
]

_AAFP: Final = "AAFP, Evaluating Your Practice's Revenue Cycle"
_MGMA: Final = "MGMA DataDive Cost and Revenue glossary (2019)"
_HFMA: Final = "HFMA MAP Keys"


def _rounded(value: Fraction, places: int) -> Decimal:
    scaled = value * 10**places
    floor = scaled.numerator // scaled.denominator
    rest = scaled - floor
    if rest > Fraction(1, 2) or (rest == Fraction(1, 2) and floor % 2):
        floor += 1
    return Decimal(floor).scaleb(-places)


@final
@attrs.frozen(kw_only=True)
class Kpi:
    """One measured KPI: exact value, display value, unit, definition and source."""

    name: str
    exact: Fraction
    unit: Literal["percent", "days", "money", "ratio"]
    definition: str
    source: str
    places: int = 2

    @property
    def value(self) -> Decimal:
        """The value rounded half to even to ``places`` (percent units are 0-100)."""
        return _rounded(self.exact, self.places)

    def to_dict(self) -> dict[str, str]:
        """A JSON-ready mapping."""
        return {
            "name": self.name,
            "value": str(self.value),
            "unit": self.unit,
            "definition": self.definition,
            "source": self.source,
        }


def _ratio(numerator: int | Fraction, denominator: int | Fraction, what: str) -> Fraction:
    if denominator == 0:
        raise InvalidArgument(f"{what} is undefined: its denominator is zero")
    return Fraction(numerator) / Fraction(denominator)


def _units(*amounts: Money) -> tuple[int, ...]:
    first = amounts[0].currency
    if any(a.currency != first for a in amounts):
        raise CurrencyMismatch("a KPI's amounts must share one currency")
    return tuple(a.minor_units for a in amounts)


def _percent(name: str, value: Fraction, definition: str, source: str) -> Kpi:
    return Kpi(name=name, exact=value * 100, unit="percent", definition=definition, source=source)


def days_in_ar(
    *,
    receivables: Money,
    charges: Money,
    days: int,
    credit_balance: Money | None = None,
    contractual_adjustments: Money | None = None,
) -> Kpi:
    """(Receivables - credit balance) / (charges / days); net when adjustments are given."""
    credit = credit_balance or Money.zero(receivables.currency)
    adjustments = contractual_adjustments or Money.zero(receivables.currency)
    ar, cr, ch, adj = _units(receivables, credit, charges, adjustments)
    basis = "net" if contractual_adjustments is not None else "gross"
    daily = _ratio(ch - adj, days, "average daily charges")
    return Kpi(
        name=f"days in A/R ({basis})",
        exact=_ratio(ar - cr, daily, "days in A/R"),
        unit="days",
        definition=f"(A/R - credit balances) / ({basis} charges / days in the period)",
        source=f"{_AAFP}: Days in A/R; {_HFMA}",
    )


def ar_over(aging: Mapping[int, Money], *, days: Literal[90, 120] | int = 90) -> Kpi:
    """Share of A/R older than ``days``; ``aging`` maps each bucket's first day to its balance.

    Buckets such as ``{0: ..., 31: ..., 61: ..., 91: ..., 121: ...}``; ``days + 1`` must start
    a bucket, so no bucket straddles the line.
    """
    if days + 1 not in aging:
        raise InvalidArgument(f"no aging bucket starts at day {days + 1}")
    units = _units(*aging.values())
    old = sum(u for start, u in zip(aging, units, strict=True) if start > days)
    return _percent(
        f"A/R over {days} days",
        _ratio(old, sum(units), "A/R aging"),
        f"A/R older than {days} days / total A/R",
        _MGMA,
    )


def net_collection_rate(
    *, payments: Money, charges: Money, contractual_adjustments: Money, refunds: Money | None = None
) -> Kpi:
    """(Payments - refunds) / (charges - contractual adjustments), the adjusted collection rate."""
    refund = refunds or Money.zero(payments.currency)
    pay, ref, ch, adj = _units(payments, refund, charges, contractual_adjustments)
    return _percent(
        "net collection rate",
        _ratio(pay - ref, ch - adj, "net collection rate"),
        "(payments - refunds and credits) / (charges - contractual adjustments)",
        f"{_AAFP}: Adjusted Collection Rate",
    )


def denial_rate_by_count(*, denied: int, submitted: int) -> Kpi:
    """Claims denied / claims submitted."""
    return _percent(
        "denial rate (count)",
        _ratio(denied, submitted, "denial rate"),
        "claims denied / claims submitted",
        f"{_AAFP}: Denial Rate",
    )


def denial_rate_by_amount(*, denied: Money, submitted: Money) -> Kpi:
    """Amount of claims denied / amount of claims submitted."""
    den, sub = _units(denied, submitted)
    return _percent(
        "denial rate (amount)",
        _ratio(den, sub, "denial rate"),
        "dollar amount of claims denied / dollar amount of claims submitted",
        f"{_AAFP}: Denial Rate",
    )


def first_pass_resolution_rate(*, resolved_on_first_submission: int, adjudicated: int) -> Kpi:
    """Claims paid on first submission / claims adjudicated."""
    return _percent(
        "first-pass resolution rate",
        _ratio(resolved_on_first_submission, adjudicated, "first-pass resolution rate"),
        "claims paid on first submission / claims adjudicated",
        f"{_HFMA}: Initial denial rate (its complement)",
    )


def clean_claim_rate(*, clean: int, submitted: int) -> Kpi:
    """Claims passing edits with no manual touch / claims submitted."""
    return _percent(
        "clean-claim rate",
        _ratio(clean, submitted, "clean-claim rate"),
        "claims that pass all edits without manual intervention / claims submitted",
        _HFMA,
    )


def no_show_rate(
    *,
    no_shows: int,
    scheduled: int,
    late_cancellations: int = 0,
    count_late_cancellations: bool = False,
) -> Kpi:
    """No-shows (and late cancellations if counted) / scheduled appointments."""
    missed = no_shows + (late_cancellations if count_late_cancellations else 0)
    with_late = " + late cancellations" if count_late_cancellations else ""
    return _percent(
        "no-show rate",
        _ratio(missed, scheduled, "no-show rate"),
        f"(no-shows{with_late}) / scheduled appointments",
        _MGMA,
    )


def overhead_ratio(*, operating_cost: Money, net_revenue: Money) -> Kpi:
    """Total operating cost (before provider compensation) / total net medical revenue."""
    cost, revenue = _units(operating_cost, net_revenue)
    return _percent(
        "overhead ratio",
        _ratio(cost, revenue, "overhead ratio"),
        "total operating cost / total medical revenue",
        _MGMA,
    )


def fte(hours_worked: Decimal | int, full_time_hours: Decimal | int) -> Fraction:
    """One person's FTE: hours over the practice's full-time week, never above 1.0 (MGMA rule)."""
    if Fraction(full_time_hours) <= 0 or Fraction(hours_worked) < 0:
        raise InvalidArgument("hours are non-negative and the full-time week is positive")
    return min(Fraction(1), Fraction(hours_worked) / Fraction(full_time_hours))


def support_staff_cost_per_fte_physician(
    *, support_staff_cost: Money, physician_fte: Sequence[Fraction | Decimal | int]
) -> Kpi:
    """Support staff cost / physician FTE (each physician counted at most 1.0)."""
    total = sum((min(Fraction(1), Fraction(f)) for f in physician_fte), Fraction(0))
    if any(Fraction(f) < 0 for f in physician_fte):
        raise InvalidArgument("an FTE is never negative")
    (cost,) = _units(support_staff_cost)
    exponent = support_staff_cost.currency.exponent or 0
    return Kpi(
        name="support staff cost per FTE physician",
        exact=_ratio(cost, total, "support staff cost per FTE physician") / 10**exponent,
        unit="money",
        definition="total support staff cost / FTE physicians (one person is at most 1.0 FTE)",
        source=_MGMA,
        places=exponent,
    )


def cost_to_collect(*, collection_cost: Money, collections: Money) -> Kpi:
    """Cost of billing and collecting / cash collected."""
    cost, cash = _units(collection_cost, collections)
    return _percent(
        "cost to collect",
        _ratio(cost, cash, "cost to collect"),
        "total revenue-cycle (billing and collection) cost / total cash collected",
        f"{_HFMA}: Cost to Collect",
    )


@final
@attrs.frozen(kw_only=True)
class BenchmarkBand:
    """A user-supplied benchmark range for one KPI, with its source and year."""

    kpi: str
    label: str
    source: str
    year: int
    low: Decimal | None = None
    high: Decimal | None = None

    def contains(self, value: Decimal) -> bool:
        """Whether ``value`` lies in ``[low, high)`` (an open end is unbounded)."""
        return (self.low is None or value >= self.low) and (self.high is None or value < self.high)


def classify(kpi: Kpi, bands: Iterable[BenchmarkBand]) -> tuple[BenchmarkBand, ...]:
    """The bands of ``kpi``'s name that contain its value."""
    return tuple(b for b in bands if b.kpi == kpi.name and b.contains(kpi.value))
