"""ICD-10-CM releases and which one applies on a date of service.

ICD-10-CM follows the US federal fiscal year: the October release takes effect on 1 October and
is the code set of fiscal year ``FY = year + 1`` (FY2026 starts 2025-10-01). Since April 2022
(FY2022) CMS and NCHS also publish an April update every year, effective 1 April, for the rest
of the fiscal year. So:

- an April update covers 1 April .. 30 September of its fiscal year;
- an October release of FY2022 or later covers 1 October .. 31 March: from 1 April the April
  update is the code set in force, and it must be loaded to answer for those days;
- an October release of FY2016 .. FY2021 covers its whole fiscal year.

A date that no loaded release covers is an error (:class:`CodeSetUnavailable`, naming the files
to load), never a silent fall-back to a neighbouring release. To answer for the whole fiscal
year with one release anyway (only the April file is at hand, or an October release should
stand in for its April update) say so explicitly with ``release.covering_whole_fiscal_year()``
(or ``code_set.covering_whole_fiscal_year()``); where two loaded releases then cover a day, the
later-starting one answers.

>>> from datetime import date
>>> april = IcdRelease(fiscal_year=2026, update=ReleaseUpdate.APRIL)
>>> april.effective
DateRange('2026-04-01', '2026-09-30')
>>> april.covering_whole_fiscal_year().effective
DateRange('2025-10-01', '2026-09-30')
>>> IcdRelease(fiscal_year=2026).effective
DateRange('2025-10-01', '2026-03-31')
>>> IcdRelease(fiscal_year=2021).effective
DateRange('2020-10-01', '2021-09-30')
>>> fiscal_year_of(date(2025, 10, 1))
2026

More information: CDC NCHS, ICD-10-CM files and addenda (October and April releases),
https://www.cdc.gov/nchs/icd/icd-10-cm/files.html
"""

from __future__ import annotations

import enum

from medoffice.kernel._errors import InvalidArgument, InvalidValue
from medoffice.kernel._records import FrozenRecord, final

TYPE_CHECKING = False  # typing's own flag, without importing typing on a cold start
if TYPE_CHECKING:
    from datetime import date
    from typing import Final

    from medoffice.kernel._ranges import DateRange

__all__ = [
    "FIRST_APRIL_UPDATE",
    "CodeSetUnavailable",
    "IcdRelease",
    "ReleaseUpdate",
    "fiscal_year_of",
]

FIRST_APRIL_UPDATE: Final = 2022
"""The fiscal year of the first routine April 1 update (April 1, 2022; CMS/NCHS, FY2022)."""


class CodeSetUnavailable(InvalidArgument):
    """No loaded ICD-10-CM release covers the date of service."""


class ReleaseUpdate(enum.Enum):
    """The October release of a fiscal year, or its April update."""

    OCTOBER = "October"
    APRIL = "April"


def fiscal_year_of(day: date) -> int:
    """The federal fiscal year a date of service falls in (October starts the next year)."""
    return day.year + 1 if day.month >= 10 else day.year


def _fiscal_year(given: int) -> int:
    value: object = given  # checked at run time: not every caller is type-checked
    if isinstance(value, bool) or not isinstance(value, int) or not 2016 <= value <= 2199:
        raise InvalidValue("an ICD-10-CM fiscal year is an integer from 2016 (October 2015) on")
    return value


def _days(first: tuple[int, int, int], last: tuple[int, int, int]) -> DateRange:
    # Dates and the range type (and attrs) are imported when a date of service is asked about,
    # not to load a code set.
    from datetime import date  # noqa: PLC0415

    from medoffice.kernel._ranges import DateRange  # noqa: PLC0415

    return DateRange(date(*first), date(*last))


@final
class IcdRelease(FrozenRecord):
    """Which release a code set is: fiscal year, October or April, and the days it covers."""

    __slots__ = ("derived_from", "fiscal_year", "update", "whole_fiscal_year")

    fiscal_year: int
    update: ReleaseUpdate
    whole_fiscal_year: bool
    """Answer for the whole fiscal year even though this is the April update (explicit opt-in)."""
    derived_from: str | None
    """For a release derived from an earlier one and the official addenda: what it was derived
    from (``FY2026 April update + CMS order addenda``); ``None`` for a full official release."""

    def __init__(
        self,
        *,
        fiscal_year: int,
        update: ReleaseUpdate = ReleaseUpdate.OCTOBER,
        whole_fiscal_year: bool = False,
        derived_from: str | None = None,
    ) -> None:
        setattr_ = object.__setattr__
        setattr_(self, "fiscal_year", _fiscal_year(fiscal_year))
        setattr_(self, "update", update)
        setattr_(self, "whole_fiscal_year", whole_fiscal_year)
        setattr_(self, "derived_from", derived_from)

    @property
    def is_derived(self) -> bool:
        """Whether this release was derived from addenda rather than read from the full files."""
        return self.derived_from is not None

    @property
    def provenance(self) -> str:
        """The label, and what a derived release was derived from."""
        if self.derived_from is None:
            return self.label
        return f"{self.label}, derived from {self.derived_from}"

    @property
    def label(self) -> str:
        """``FY2026 April update`` / ``FY2026 October release``."""
        kind = "April update" if self.update is ReleaseUpdate.APRIL else "October release"
        return f"FY{self.fiscal_year} {kind}"

    @property
    def fiscal_year_range(self) -> DateRange:
        """1 October of the previous calendar year to 30 September."""
        return _days((self.fiscal_year - 1, 10, 1), (self.fiscal_year, 9, 30))

    @property
    def effective(self) -> DateRange:
        """The days this release covers on its own (before any later release takes over)."""
        if self.whole_fiscal_year:
            return self.fiscal_year_range
        if self.update is ReleaseUpdate.APRIL:
            return _days((self.fiscal_year, 4, 1), (self.fiscal_year, 9, 30))
        if self.fiscal_year >= FIRST_APRIL_UPDATE:
            return _days((self.fiscal_year - 1, 10, 1), (self.fiscal_year, 3, 31))
        return self.fiscal_year_range

    def covering_whole_fiscal_year(self) -> IcdRelease:
        """The same release, declared to answer for every day of its fiscal year."""
        return IcdRelease(
            fiscal_year=self.fiscal_year,
            update=self.update,
            whole_fiscal_year=True,
            derived_from=self.derived_from,
        )
