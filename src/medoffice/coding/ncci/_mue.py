"""Medically Unlikely Edits (MUE): the most units of a code billed for one patient on one day.

Each practitioner MUE row gives a code, its MUE value (the largest number of units a provider
would report for one beneficiary on one date of service; 0 means never payable) and the MUE
adjudication indicator (MAI): 1 the limit applies per claim line, 2 per date of service and is
absolute policy, 3 per date of service and clinically based (it can be overturned on appeal).
The table changes every quarter; several quarters sit side by side and each lookup names the
date of service.

More information: CMS, "Medicare NCCI Medically Unlikely Edits (MUEs)"
(https://www.cms.gov/medicare/coding-billing/national-correct-coding-initiative-ncci-edits/medicare-ncci-medically-unlikely-edits-mues)

>>> from datetime import date
>>> q3 = MueVersion.of(
...     version="MUE-2026Q3",
...     quarter=Quarter(2026, 3),
...     limits=[MueLimit(code="99213", max_units=2, mai=3, rationale="Clinical: Data")],
... )
>>> table = MueTable.of(q3)
>>> table.limit("99213", on=date(2026, 8, 3)).max_units
2
>>> table.limit("99213", on=date(2026, 8, 3)).mai
<Mai.DATE_OF_SERVICE_CLINICAL: 3>
>>> table.limit("0001U", on=date(2026, 8, 3)) is None
True
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from datetime import date
from types import MappingProxyType
from typing import final

import attrs

from medoffice.coding._problems import LoadProblem
from medoffice.coding.ncci._quarter import Quarter
from medoffice.coding.ncci._versions import VersionChooser
from medoffice.kernel import InvalidArgument, InvalidValue

__all__ = ["Mai", "MueLimit", "MueTable", "MueVersion"]


@final
class Mai(enum.IntEnum):
    """The MUE adjudication indicator: how the limit is counted."""

    LINE = 1
    DATE_OF_SERVICE_POLICY = 2
    DATE_OF_SERVICE_CLINICAL = 3

    @property
    def per_date_of_service(self) -> bool:
        """Whether units are summed over every line of the day (MAI 2 and 3)."""
        return self is not Mai.LINE


def _units(value: int) -> int:
    if type(value) is not int or value < 0:
        raise InvalidValue("an MUE value is a whole number of units, 0 or more")
    return value


@final
@attrs.frozen(kw_only=True)
class MueLimit:
    """The MUE of one code in one table version."""

    code: str
    max_units: int = attrs.field(converter=_units)
    mai: Mai = attrs.field(converter=Mai)
    rationale: str = ""
    version: str = ""


def _frozen(limits: Mapping[str, MueLimit]) -> Mapping[str, MueLimit]:
    return MappingProxyType(dict(limits))


def _problems(problems: Iterable[LoadProblem]) -> tuple[LoadProblem, ...]:
    return tuple(problems)


@final
@attrs.frozen(kw_only=True)
class MueVersion:
    """One quarter's MUE values, by code."""

    version: str
    quarter: Quarter | None
    limits: Mapping[str, MueLimit] = attrs.field(converter=_frozen)
    problems: tuple[LoadProblem, ...] = attrs.field(default=(), converter=_problems)

    @classmethod
    def of(
        cls,
        *,
        version: str,
        quarter: Quarter | None,
        limits: Iterable[MueLimit],
        problems: Iterable[LoadProblem] = (),
    ) -> MueVersion:
        """A version from its rows; a code listed twice is a mistake in the caller's data."""
        by_code: dict[str, MueLimit] = {}
        for limit in limits:
            if limit.code in by_code:
                raise InvalidArgument(f"MUE code {limit.code} is listed twice in {version}")
            by_code[limit.code] = attrs.evolve(limit, version=version)
        return cls(version=version, quarter=quarter, limits=by_code, problems=tuple(problems))

    def __len__(self) -> int:
        return len(self.limits)


@final
class MueTable:
    """MUE values of one or more quarters, answering by date of service."""

    __slots__ = ("_chooser",)

    def __init__(self, versions: Iterable[MueVersion]) -> None:
        self._chooser = VersionChooser(list(versions), lambda v: v.quarter)

    @classmethod
    def of(cls, *versions: MueVersion) -> MueTable:
        """A table of the given versions."""
        return cls(versions)

    def merge(self, *others: MueTable) -> MueTable:
        """One table holding this table's versions and those of ``others``."""
        return MueTable(v for t in (self, *others) for v in t.versions)

    @property
    def versions(self) -> tuple[MueVersion, ...]:
        """The versions, oldest quarter first."""
        return self._chooser.items

    @property
    def problems(self) -> tuple[LoadProblem, ...]:
        """What the loaders could not read as it stood."""
        return tuple(p for v in self.versions for p in v.problems)

    def __len__(self) -> int:
        return sum(len(v) for v in self.versions)

    def version_on(self, on: date) -> str:
        """The version used for a date of service."""
        return self._chooser.choose(on.toordinal()).version

    def limit(self, code: str, *, on: date) -> MueLimit | None:
        """The code's MUE on the date of service, or ``None`` when the table has none."""
        return self._chooser.choose(on.toordinal()).limits.get(code)

    def __repr__(self) -> str:
        return f"MueTable(versions={[v.version for v in self.versions]!r}, rows={len(self)})"
