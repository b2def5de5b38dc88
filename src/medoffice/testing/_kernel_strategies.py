"""Hypothesis strategies for the kernel's values."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from medoffice.kernel import (
    Currency,
    DateRange,
    Finding,
    Money,
    Report,
    RuleId,
    Severity,
    TimeRange,
)
from medoffice.kernel._money import _currency_table

__all__ = [
    "aware_datetimes",
    "currencies",
    "date_ranges",
    "findings",
    "money",
    "reports",
    "rule_ids",
    "time_ranges",
]

_ZONES = ("UTC", "America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Kolkata")


def currencies(*, exponents: tuple[int, ...] | None = None) -> st.SearchStrategy[Currency]:
    """Currencies that can hold money, optionally only those with the given minor units."""
    pool = sorted(
        (
            c
            for c in _currency_table().values()
            if c.exponent is not None and (exponents is None or c.exponent in exponents)
        ),
        key=lambda c: c.code,
    )
    return st.sampled_from(pool)


@st.composite
def money(
    draw: st.DrawFn,
    *,
    currency: Currency | None = None,
    min_units: int = -(10**12),
    max_units: int = 10**12,
) -> Money:
    """Amounts of money, drawn as whole minor units so they are always representable."""
    cur = currency or draw(currencies())
    return Money.from_minor_units(draw(st.integers(min_units, max_units)), cur)


def aware_datetimes(
    *, min_value: datetime | None = None, max_value: datetime | None = None
) -> st.SearchStrategy[datetime]:
    """Timezone-aware instants in a handful of zones, DST-changing ones included."""
    low = (min_value or datetime(2000, 1, 1, tzinfo=UTC)).replace(tzinfo=None)
    high = (max_value or datetime(2100, 1, 1, tzinfo=UTC)).replace(tzinfo=None)
    return st.datetimes(
        min_value=low,
        max_value=high,
        timezones=st.sampled_from([ZoneInfo(z) for z in _ZONES] + [UTC]),
    )


@st.composite
def time_ranges(draw: st.DrawFn, *, max_length: timedelta = timedelta(days=2)) -> TimeRange:
    """Non-empty half-open ranges of instants."""
    start = draw(aware_datetimes())
    length = draw(st.timedeltas(min_value=timedelta(seconds=1), max_value=max_length))
    return TimeRange.of_length(start, length)


@st.composite
def date_ranges(
    draw: st.DrawFn,
    *,
    min_value: date = date(2000, 1, 1),
    max_value: date = date(2100, 12, 31),
    max_days: int = 800,
) -> DateRange:
    """Inclusive ranges of calendar days."""
    first = draw(st.dates(min_value=min_value, max_value=max_value))
    last = first + timedelta(days=draw(st.integers(0, max_days)))
    return DateRange(first, min(last, max_value))


def rule_ids() -> st.SearchStrategy[RuleId]:
    """Well-formed rule ids such as ``CLM-DX-002``."""
    part = st.from_regex(r"[A-Z0-9]{1,5}", fullmatch=True)
    head = st.from_regex(r"[A-Z][A-Z0-9]{0,4}", fullmatch=True)
    return st.builds(lambda h, rest: RuleId("-".join([h, *rest])), head, st.lists(part, max_size=3))


def findings() -> st.SearchStrategy[Finding]:
    """Findings with arbitrary text, paths and values."""
    return st.builds(
        Finding,
        rule=rule_ids(),
        severity=st.sampled_from(list(Severity)),
        message=st.text(max_size=40),
        path=st.from_regex(r"(lines\[\d{1,2}\](\.modifiers\[\d\])?|diagnoses\[\d{1,2}\])?"),
        value=st.none() | st.text(max_size=10),
    )


def reports() -> st.SearchStrategy[Report]:
    """Reports of up to twenty findings."""
    return st.lists(findings(), max_size=20).map(Report.of)


def decimals_with_places(places: int) -> st.SearchStrategy[Decimal]:
    """Finite decimals with exactly ``places`` decimal places."""
    return st.integers(-(10**12), 10**12).map(lambda n: Decimal(n).scaleb(-places))
