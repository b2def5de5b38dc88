"""What a reference store holds: sets, periods, and the manifest of each installed release.

Each official table comes in releases that answer for a span of dates of service:

- ICD-10-CM: the October release of fiscal year ``FY2027`` (from 2026-10-01; until its April
  update, ``FY2027-APRIL``, takes over on 2027-04-01) and the April update;
- the MCE diagnosis edits: one version per fiscal year (v44 is ``FY2027``);
- HCPCS Level II and the NCCI tables (PTP, MUE, add-on codes): one release a quarter
  (``2026Q4``); place-of-service lists are dated by the quarter they were taken in.

>>> Period.parse("FY2027").effective(ReferenceSet.ICD10CM)
DateRange('2026-10-01', '2027-03-31')
>>> Period.parse("FY2027").effective(ReferenceSet.MCE)
DateRange('2026-10-01', '2027-09-30')
>>> Period.parse("2026q4").name, Period.parse("2026Q4").effective(ReferenceSet.NCCI_PTP)
('2026Q4', DateRange('2026-10-01', '2026-12-31'))
>>> Period.of(ReferenceSet.NCCI_MUE, date(2027, 1, 5)).name
'2027Q1'

More information: CDC ICD-10-CM files, https://www.cdc.gov/nchs/icd/icd-10-cm/files.html ;
CMS NCCI quarterly files and HCPCS quarterly update on cms.gov.
"""

from __future__ import annotations

import enum
import re
from datetime import date
from typing import Any, Final, final

import attrs

from medoffice.coding.icd10cm._versions import IcdRelease, ReleaseUpdate, fiscal_year_of
from medoffice.kernel import DateRange, InvalidValue

__all__ = ["FileRecord", "Obtained", "Period", "ReferenceSet", "ReleaseManifest"]

_PERIOD: Final = re.compile(
    r"\A(?:FY(?P<fy>\d{4})(?P<april>-APRIL)?|(?P<year>\d{4})Q(?P<q>[1-4]))\Z"
)


@final
class ReferenceSet(enum.StrEnum):
    """The official tables the store keeps."""

    ICD10CM = "icd10cm"
    MCE = "mce"
    HCPCS = "hcpcs"
    NCCI_PTP = "ncci-ptp"
    NCCI_MUE = "ncci-mue"
    NCCI_AOC = "ncci-aoc"
    POS = "pos"

    @property
    def by_fiscal_year(self) -> bool:
        """ICD-10-CM and the MCE change each 1 October; the others each quarter."""
        return self in {ReferenceSet.ICD10CM, ReferenceSet.MCE}

    @property
    def display_name(self) -> str:
        """How people name the set."""
        return _TITLES[self]


_TITLES: Final = {
    ReferenceSet.ICD10CM: "ICD-10-CM",
    ReferenceSet.MCE: "MCE diagnosis edits",
    ReferenceSet.HCPCS: "HCPCS Level II",
    ReferenceSet.NCCI_PTP: "NCCI PTP",
    ReferenceSet.NCCI_MUE: "NCCI MUE",
    ReferenceSet.NCCI_AOC: "NCCI add-on codes",
    ReferenceSet.POS: "Place of service",
}


class Obtained(enum.StrEnum):
    """How a release came into the store."""

    FETCHED = "fetched"
    IMPORTED = "imported"
    DERIVED = "derived"


@final
@attrs.frozen(order=True)
class Period:
    """A fiscal year (``FY2027``), its April update (``FY2027-APRIL``) or a quarter (``2026Q4``)."""

    name: str

    @classmethod
    def parse(cls, text: str) -> Period:
        """The period written ``FY2027``, ``FY2027-APRIL`` or ``2026Q4`` (any case)."""
        value = str(text).strip().upper()
        if _PERIOD.match(value) is None:
            raise InvalidValue(
                f"{text!r} is not a period: write FY2027, FY2027-APRIL or a quarter like 2026Q4"
            )
        return cls(value)

    @classmethod
    def of(cls, reference_set: ReferenceSet, day: date) -> Period:
        """The period of ``reference_set`` that a date of service falls in."""
        if reference_set.by_fiscal_year:
            april = reference_set is ReferenceSet.ICD10CM and 4 <= day.month <= 9
            return cls(f"FY{fiscal_year_of(day)}{'-APRIL' if april else ''}")
        return cls(f"{day.year}Q{(day.month - 1) // 3 + 1}")

    @property
    def is_quarter(self) -> bool:
        """Whether this is a calendar quarter."""
        return "Q" in self.name

    def effective(self, reference_set: ReferenceSet) -> DateRange:
        """The dates of service a release of ``reference_set`` for this period answers for."""
        found = _PERIOD.match(self.name)
        if found is None:  # pragma: no cover - parse() lets no such period through
            raise InvalidValue(f"{self.name!r} is not a period")
        if found.group("year"):
            year, quarter = int(found.group("year")), int(found.group("q"))
            first = date(year, 3 * quarter - 2, 1)
            last = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
            return DateRange(first, date.fromordinal(last.toordinal() - 1))
        fiscal_year = int(found.group("fy"))
        if reference_set is ReferenceSet.ICD10CM:
            update = ReleaseUpdate.APRIL if found.group("april") else ReleaseUpdate.OCTOBER
            return IcdRelease(fiscal_year=fiscal_year, update=update).effective
        return DateRange(date(fiscal_year - 1, 10, 1), date(fiscal_year, 9, 30))

    def __str__(self) -> str:
        return self.name


@final
@attrs.frozen(kw_only=True)
class FileRecord:
    """One file of an installed release, with its size and SHA-256."""

    name: str
    sha256: str
    size: int

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping."""
        return {"name": self.name, "sha256": self.sha256, "size": self.size}


def _files(values: Any) -> tuple[FileRecord, ...]:
    return tuple(values)


@final
@attrs.frozen(kw_only=True)
class ReleaseManifest:
    """Everything the store records of one installed release (``release.json``)."""

    set: ReferenceSet
    period: Period
    label: str
    """What the release is, as people name it (``NCCI PTP 2026Q3 v322r0``)."""
    obtained: Obtained
    source: str
    """Where it came from: the URL fetched, the file imported, or what it was derived from."""
    files: tuple[FileRecord, ...] = attrs.field(converter=_files)
    installed_on: str | None = None
    """The day it was installed (ISO), when known."""

    @property
    def effective(self) -> DateRange:
        """The dates of service this release answers for."""
        return self.period.effective(self.set)

    @property
    def size(self) -> int:
        """The bytes of all its files."""
        return sum(f.size for f in self.files)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping (also what ``release.json`` holds)."""
        effective = self.effective
        return {
            "set": self.set.value,
            "period": self.period.name,
            "label": self.label,
            "obtained": self.obtained.value,
            "source": self.source,
            "effective": {"first": effective.first.isoformat(), "last": effective.last.isoformat()},
            "files": [f.to_dict() for f in self.files],
            "size": self.size,
            "installed_on": self.installed_on,
        }

    @classmethod
    def from_dict(cls, data: Any) -> ReleaseManifest:
        """The manifest back from :meth:`to_dict`; anything else is :class:`InvalidValue`."""
        try:
            return cls(
                set=ReferenceSet(data["set"]),
                period=Period.parse(data["period"]),
                label=str(data["label"]),
                obtained=Obtained(data["obtained"]),
                source=str(data["source"]),
                files=tuple(
                    FileRecord(name=str(f["name"]), sha256=str(f["sha256"]), size=int(f["size"]))
                    for f in data["files"]
                ),
                installed_on=data.get("installed_on"),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise InvalidValue(f"the release manifest is not readable ({error})") from None
