"""Reading element values (text, numbers, money, dates) with X12-ELEMENT findings.

Each reader takes the segment, the element position (1-based, as in ``SV102``) and a callback
that receives findings. A missing required element, a value too long, or a value that is not
the number or date it should be becomes an ``X12-ELEMENT`` finding whose path names the segment
position and the element (``segment[57].SV102``); the value is ``None``. Offending values are
quoted only when the caller says the element cannot hold PHI.

More information: ASC X12 005010 standard, data element types N, R, DT and AN.

>>> from medoffice.adapters.formats.x12._tokens import Segment
>>> found = []
>>> amount(Segment(9, 0, ("SV1", "HC:99213", "12.3.4")), 2, found.append)
>>> [(str(f.rule), f.path, f.value) for f in found]
[('X12-ELEMENT', 'segment[9].SV102', '12.3.4')]
>>> day("20260302")
datetime.date(2026, 3, 2)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Final

from medoffice.adapters.formats.x12._tokens import Segment
from medoffice.kernel import Finding, InvalidValue, Money, Severity

__all__ = [
    "ELEMENT_RULE",
    "amount",
    "day",
    "decimal",
    "element_path",
    "integer",
    "period",
    "problem",
    "text",
]

ELEMENT_RULE: Final = "X12-ELEMENT"
Report = Callable[[Finding], None]
_NUMBER: Final = re.compile(r"-?(?:\d+\.?\d*|\.\d+)")
# Charges and dates repeat across claims (fee schedules, batch days); the values are immutable,
# so one instance serves every repeat. Bounded: cleared when full.
_CACHE_SIZE: Final = 4096
_AMOUNTS: Final[dict[str, Money]] = {}
_DAYS: Final[dict[str, date]] = {}
_NUMBERS: Final[dict[str, Decimal]] = {}
_PERIODS: Final[dict[tuple[str, str], tuple[date, date]]] = {}
_from_iso: Final = date.fromisoformat


def element_path(segment: Segment, position: int, component: int = 0) -> str:
    """``segment[57].SV101`` or, for a component, ``segment[57].SV101-2``."""
    path = f"segment[{segment.position}].{segment.elements[0][:3]}{position:02d}"
    return f"{path}-{component}" if component else path


def problem(
    segment: Segment,
    position: int,
    message: str,
    value: str | None = None,
    component: int = 0,
    *,
    severity: Severity = Severity.ERROR,
) -> Finding:
    """An X12-ELEMENT finding at one element (or component) of a segment."""
    return Finding(
        rule=ELEMENT_RULE,
        severity=severity,
        message=message,
        path=element_path(segment, position, component),
        value=None if value is None else value[:80],
    )


def text(
    segment: Segment,
    position: int,
    report: Report,
    *,
    required: bool = False,
    max_length: int = 0,
    phi: bool = False,
) -> str:
    """The element's text (``""`` when absent), checked for presence and length."""
    elements = segment.elements
    value = elements[position] if position < len(elements) else ""
    if not value:
        if required:
            label = f"{elements[0][:3]}{position:02d}"
            report(problem(segment, position, f"required element {label} is missing"))
        return ""
    if max_length and len(value) > max_length:
        label = f"{elements[0][:3]}{position:02d}"
        shown = None if phi else value
        report(problem(segment, position, f"{label} is longer than {max_length}", shown))
    return value


def decimal(
    segment: Segment, position: int, report: Report, *, required: bool = False
) -> Decimal | None:
    """A decimal number (X12 type R or N), or ``None`` with a finding."""
    value = text(segment, position, report, required=required)
    if not value:
        return None
    cached = _NUMBERS.get(value)
    if cached is not None:
        return cached
    if len(value) > 18 or not _NUMBER.fullmatch(value):
        label = f"{segment.elements[0][:3]}{position:02d}"
        report(problem(segment, position, f"{label} is not a decimal number", value))
        return None
    number = Decimal(value)
    if len(_NUMBERS) >= _CACHE_SIZE:
        _NUMBERS.clear()
    _NUMBERS[value] = number
    return number


def amount(
    segment: Segment, position: int, report: Report, *, required: bool = False
) -> Money | None:
    """A dollar amount (X12 type R) as USD money, or ``None`` with a finding."""
    elements = segment.elements
    raw = elements[position] if position < len(elements) else ""
    cached = _AMOUNTS.get(raw)
    if cached is not None:
        return cached
    number = decimal(segment, position, report, required=required)
    if number is None:
        return None
    try:
        money = Money.of(number, "USD")
    except InvalidValue:
        label = f"{segment.elements[0][:3]}{position:02d}"
        message = f"{label} has more than two decimal places"
        report(problem(segment, position, message, raw))
        return None
    if len(_AMOUNTS) >= _CACHE_SIZE:
        _AMOUNTS.clear()
    _AMOUNTS[raw] = money
    return money


def known_amount(raw: str) -> Money | None:
    """The amount :func:`amount` has read ``raw`` as without a finding before, or ``None``."""
    return _AMOUNTS.get(raw)


def integer(
    segment: Segment, position: int, report: Report, *, required: bool = False
) -> int | None:
    """A whole number (X12 type N0), or ``None`` with a finding."""
    value = text(segment, position, report, required=required)
    if not value:
        return None
    if not value.isdecimal() or len(value) > 9:  # isdigit() also takes "²"
        label = f"{segment.elements[0][:3]}{position:02d}"
        report(problem(segment, position, f"{label} is not a whole number", value))
        return None
    return int(value)


def day(value: str) -> date | None:
    """A ``CCYYMMDD`` date, or ``None`` when the text is not a real calendar date."""
    cached = _DAYS.get(value)
    if cached is not None:
        return cached
    if len(value) != 8 or not value.isdecimal():  # what r"\d{8}" matches
        return None
    try:
        # ISO 8601's basic form is CCYYMMDD; the parser in C is many times faster than slicing
        # the text into three numbers (dates of birth rarely repeat, so most are parsed).
        found = _from_iso(value) if value.isascii() else _from_parts(value)
    except ValueError:
        return None
    if len(_DAYS) >= _CACHE_SIZE:
        _DAYS.clear()
    _DAYS[value] = found
    return found


def _from_parts(value: str) -> date:
    return date(int(value[:4]), int(value[4:6]), int(value[6:]))


def period(segment: Segment, report: Report) -> tuple[date, date] | None:
    """The dates of a DTP segment (``D8`` one day, ``RD8`` a range), or ``None`` with a finding."""
    elements = segment.elements
    count = len(elements)
    form = elements[2] if count > 2 else ""
    raw = elements[3] if count > 3 else ""
    found = _PERIODS.get((form, raw))
    if found is not None:
        return found
    if not form or not raw:
        return None  # reported as a missing required element
    if form == "D8":
        start = end = day(raw)
    elif form == "RD8" and len(raw) == 17 and raw[8] == "-":
        start, end = day(raw[:8]), day(raw[9:])
    else:
        report(problem(segment, 2, "DTP02 is D8 or RD8 with a matching date", form[:3]))
        return None
    if start is None or end is None or end < start:
        report(problem(segment, 3, "the date is not a CCYYMMDD date (or an ordered range)", raw))
        return None
    if len(_PERIODS) >= _CACHE_SIZE:
        _PERIODS.clear()
    found = _PERIODS[form, raw] = (start, end)
    return found
