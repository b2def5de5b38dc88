"""Calendar quarters: the release cycle of the NCCI, MUE and add-on code tables.

CMS publishes the NCCI edit tables four times a year, effective on 1 January, 1 April, 1 July and
1 October. A table names its quarter in its version (NCCI ``v322r0`` is 2026 Q3: the major number
minus 1994 is the year, the minor number 0-3 the quarter), its file name (``Eff_07-01-2026``,
``AOC_V2026Q2``) or a ``ref_version`` column (``NCCI-2026Q3``).

More information: CMS NCCI for Medicare (https://www.cms.gov/medicare/coding-billing/national-correct-coding-initiative-ncci-edits)

>>> Quarter.parse("NCCI-2026Q3").dates
DateRange('2026-07-01', '2026-09-30')
>>> Quarter.find("ccipra-v322r0-f1.txt")
Quarter(year=2026, number=3)
>>> Quarter.find("MCR_MUE_PractitionerServices_Eff_10-01-2026.csv")
Quarter(year=2026, number=4)
>>> Quarter.find("notes.txt") is None
True
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Final, final

import attrs

from medoffice.kernel import DateRange, InvalidValue

__all__ = ["Quarter"]

_LABEL: Final = re.compile(r"(?<!\d)(\d{4})[-_ ]?Q([1-4])(?!\d)", re.IGNORECASE)
_NCCI_VERSION: Final = re.compile(r"(?<![0-9a-z])v(\d{2})([0-3])r\d+", re.IGNORECASE)
_EFFECTIVE: Final = re.compile(r"Eff_(\d{2})-01-(\d{4})", re.IGNORECASE)
_MONTHS: Final = {"JAN": 1, "APR": 2, "JUL": 3, "OCT": 4}
_RELEASE: Final = re.compile(r"(\d{4})_(JAN|APR|JUL|OCT)", re.IGNORECASE)
# NCCI version 29.0 took effect on 2023-01-01: the major number is the year minus 1994.
_NCCI_YEAR_OFFSET: Final = 1994


def _quarter_number(value: int) -> int:
    if type(value) is not int or not 1 <= value <= 4:
        raise InvalidValue("a quarter number is 1, 2, 3 or 4")
    return value


def _year(value: int) -> int:
    if type(value) is not int or not 1900 <= value <= 9999:
        raise InvalidValue("a quarter's year is a four-digit year")
    return value


@final
@attrs.frozen(order=True)
class Quarter:
    """A calendar quarter, ``Quarter(2026, 3)`` = 2026-07-01 to 2026-09-30."""

    year: int = attrs.field(validator=lambda _s, _a, v: _year(v))
    number: int = attrs.field(validator=lambda _s, _a, v: _quarter_number(v))

    @classmethod
    def of(cls, day: date) -> Quarter:
        """The quarter a day falls in."""
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """Read ``2026Q3``, ``2026-Q3`` or a label holding one (``NCCI-2026Q3``)."""
        found = _LABEL.search(text)
        if found is None:
            raise InvalidValue("a quarter is written like 2026Q3")
        return cls(int(found.group(1)), int(found.group(2)))

    @classmethod
    def find(cls, text: str) -> Quarter | None:
        """The quarter a file name or version names, or ``None`` when it names none."""
        if found := _LABEL.search(text):
            return cls(int(found.group(1)), int(found.group(2)))
        if found := _NCCI_VERSION.search(text):
            return cls(int(found.group(1)) + _NCCI_YEAR_OFFSET, int(found.group(2)) + 1)
        if found := _EFFECTIVE.search(text):
            month, year = int(found.group(1)), int(found.group(2))
            if month in (1, 4, 7, 10):
                return cls(year, (month - 1) // 3 + 1)
        if found := _RELEASE.search(text):
            return cls(int(found.group(1)), _MONTHS[found.group(2).upper()])
        return None

    @property
    def first_day(self) -> date:
        """The day the quarter's tables take effect."""
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def last_day(self) -> date:
        """The last day of the quarter."""
        return self.next().first_day - timedelta(days=1)

    @property
    def dates(self) -> DateRange:
        """The quarter's days, inclusive."""
        return DateRange(self.first_day, self.last_day)

    def next(self) -> Quarter:
        """The quarter after this one."""
        if self.number == 4:
            return Quarter(self.year + 1, 1)
        return Quarter(self.year, self.number + 1)

    def __str__(self) -> str:
        return f"{self.year}Q{self.number}"
