"""In-memory reference data for the claim checker: ICD-10-CM, MCE edits and HCPCS codes.

Fakes of the three claims ports (``DiagnosisCodes``, ``DiagnosisEdits``, ``ProcedureCodes``)
held in dictionaries, each passing its contract suite, plus ``sample()`` tables: a small,
realistic subset of ICD-10-CM FY2024-FY2026, of the CMS MCE age/sex/unspecified lists and of
HCPCS Level II, enough for tests, examples and benchmarks.

>>> from datetime import date
>>> codes = InMemoryDiagnosisCodes.sample()
>>> codes.fiscal_year_on(date(2026, 3, 2)), codes.fiscal_year_on(date(2026, 10, 1))
(2026, None)
>>> codes.lookup("S72001", date(2026, 3, 2)).needs_seventh_character
True
>>> codes.excludes1_conflicts(["E119", "E109"], date(2026, 3, 2))
(('E119', 'E109'),)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Final, final

import attrs

from medoffice.claims.ports import AgeGroup, DiagnosisCode, DiagnosisEdit
from medoffice.kernel import DateRange

__all__ = [
    "CodeSetVersion",
    "InMemoryDiagnosisCodes",
    "InMemoryDiagnosisEdits",
    "InMemoryProcedureCodes",
]

FY2024: Final = DateRange(date(2023, 10, 1), date(2024, 9, 30))
FY2025: Final = DateRange(date(2024, 10, 1), date(2025, 9, 30))
FY2026: Final = DateRange(date(2025, 10, 1), date(2026, 9, 30))

# CMS MCE v43.1 age groups (ages in whole years, inclusive; maternity 9-64 since 2019-10-01).
MCE_AGE_RANGES: Final = {
    AgeGroup.NEWBORN: (0, 0),
    AgeGroup.PEDIATRIC: (0, 17),
    AgeGroup.MATERNITY: (9, 64),
    AgeGroup.ADULT: (15, 124),
}

_FRACTURE_7TH: Final = frozenset("ABCDEFGHJKMNPQRS")
_INJURY_7TH: Final = frozenset("ADS")


def _table(codes: Mapping[str, DiagnosisCode]) -> dict[str, DiagnosisCode]:
    return dict(codes)


def _pairs(pairs: Iterable[tuple[str, str]]) -> frozenset[tuple[str, str]]:
    return frozenset(pairs)


@final
@attrs.frozen(kw_only=True)
class CodeSetVersion:
    """One ICD-10-CM version: its fiscal year, dates, codes and Excludes1 prefix pairs."""

    fiscal_year: int
    valid: DateRange
    codes: Mapping[str, DiagnosisCode] = attrs.field(converter=_table)
    excludes1: frozenset[tuple[str, str]] = attrs.field(default=frozenset(), converter=_pairs)


def _sample_codes() -> list[DiagnosisCode]:
    def leaf(
        code: str, *, manifestation: bool = False, external_cause: bool = False
    ) -> DiagnosisCode:
        return DiagnosisCode(
            code=code, billable=True, manifestation=manifestation, external_cause=external_cause
        )

    def node(
        code: str,
        seventh: frozenset[str] = frozenset(),
        *,
        manifestation: bool = False,
        external_cause: bool = False,
    ) -> DiagnosisCode:
        return DiagnosisCode(
            code=code,
            billable=False,
            seventh_characters=seventh,
            manifestation=manifestation,
            external_cause=external_cause,
        )

    codes = [
        node("E10"),
        leaf("E109"),
        node("E11"),
        leaf("E119"),
        node("E116"),
        leaf("E1165"),
        node("E78"),
        leaf("E785"),
        leaf("I10"),
        node("J06"),
        leaf("J069"),
        node("M54"),
        node("M545"),
        leaf("M5450"),
        leaf("M5459"),
        node("N40"),
        leaf("N400"),
        node("N95"),
        leaf("N951"),
        leaf("O80"),
        node("Z00"),
        node("Z000"),
        leaf("Z0000"),
        leaf("Z0001"),
        node("Z001"),
        node("Z0012"),
        leaf("Z00129"),
        leaf("Z23"),
        node("Z38"),
        node("Z380"),
        leaf("Z3800"),
        node("Z79"),
        leaf("Z794"),
        node("G30"),
        leaf("G309"),
        node("F02", manifestation=True),
        node("F028", manifestation=True),
        leaf("F0280", manifestation=True),
        node("S72", _FRACTURE_7TH),
        node("S720", _FRACTURE_7TH),
        node("S7200", _FRACTURE_7TH),
        node("S72001", _FRACTURE_7TH),
        node("T36", _INJURY_7TH),
        node("T360", _INJURY_7TH),
        node("T360X", _INJURY_7TH),
        node("T360X1", _INJURY_7TH),
        node("W19", _INJURY_7TH, external_cause=True),
        node("W19X", _INJURY_7TH, external_cause=True),
        node("W19XX", _INJURY_7TH, external_cause=True),
        node("W19XXX", _INJURY_7TH, external_cause=True),
    ]
    codes += [leaf(f"S72001{c}") for c in sorted(_FRACTURE_7TH)]
    codes += [leaf(f"T360X1{c}") for c in sorted(_INJURY_7TH)]
    codes += [leaf(f"W19XXX{c}", external_cause=True) for c in sorted(_INJURY_7TH)]
    return codes


@final
class InMemoryDiagnosisCodes:
    """ICD-10-CM versions held in dictionaries; a ``DiagnosisCodes`` for tests."""

    __slots__ = ("_by_day", "_versions")

    def __init__(self, versions: Iterable[CodeSetVersion]) -> None:
        self._versions = tuple(sorted(versions, key=lambda v: v.valid.first))
        self._by_day: dict[date, CodeSetVersion | None] = {}

    @classmethod
    def of(
        cls,
        codes: Iterable[DiagnosisCode],
        *,
        fiscal_year: int = 2026,
        valid: DateRange = FY2026,
        excludes1: Iterable[tuple[str, str]] = (),
    ) -> InMemoryDiagnosisCodes:
        """One version holding ``codes``."""
        table = {c.code: c for c in codes}
        return cls(
            [CodeSetVersion(fiscal_year=fiscal_year, valid=valid, codes=table, excludes1=excludes1)]
        )

    @classmethod
    def sample(cls) -> InMemoryDiagnosisCodes:
        """A realistic subset of ICD-10-CM FY2024-FY2026 (E10 and E11 exclude each other)."""
        table = {c.code: c for c in _sample_codes()}
        pairs = {("E10", "E11")}
        return cls(
            CodeSetVersion(fiscal_year=year, valid=valid, codes=table, excludes1=pairs)
            for year, valid in ((2024, FY2024), (2025, FY2025), (2026, FY2026))
        )

    def _version(self, on: date) -> CodeSetVersion | None:
        try:
            return self._by_day[on]
        except KeyError:
            found = next((v for v in self._versions if v.valid.contains(on)), None)
            self._by_day[on] = found
            return found

    def fiscal_year_on(self, on: date) -> int | None:
        """The fiscal year of the version in effect on ``on``."""
        version = self._version(on)
        return None if version is None else version.fiscal_year

    def lookup(self, code: str, on: date) -> DiagnosisCode | None:
        """The entry for ``code`` on ``on``."""
        version = self._version(on)
        return None if version is None else version.codes.get(code)

    def excludes1_conflicts(self, codes: Sequence[str], on: date) -> tuple[tuple[str, str], ...]:
        """Pairs of ``codes`` whose prefixes an Excludes1 pair names."""
        version = self._version(on)
        if version is None or not version.excludes1:
            return ()
        found: list[tuple[str, str]] = []
        for i, first in enumerate(codes):
            for second in codes[i + 1 :]:
                for p, q in version.excludes1:
                    if (first.startswith(p) and second.startswith(q)) or (
                        first.startswith(q) and second.startswith(p)
                    ):
                        found.append((first, second))
                        break
        return tuple(found)

    def __repr__(self) -> str:
        years = ", ".join(f"FY{v.fiscal_year}" for v in self._versions)
        return f"InMemoryDiagnosisCodes({years})"


@final
class InMemoryDiagnosisEdits:
    """A diagnosis-edit table held in a dictionary; a ``DiagnosisEdits`` for tests."""

    __slots__ = ("_age_ranges", "_edits", "_valid")

    def __init__(
        self,
        edits: Iterable[DiagnosisEdit],
        *,
        age_ranges: Mapping[AgeGroup, tuple[int, int]] = MCE_AGE_RANGES,
        valid: DateRange | None = None,
    ) -> None:
        self._edits = {e.code: e for e in edits}
        self._age_ranges = dict(age_ranges)
        self._valid = valid

    @classmethod
    def sample(cls) -> InMemoryDiagnosisEdits:
        """A few MCE flags: newborn, pediatric, maternity, adult, sex and unspecified codes."""
        return cls(
            [
                DiagnosisEdit(code="Z3800", age_group=AgeGroup.NEWBORN),
                DiagnosisEdit(code="Z00129", age_group=AgeGroup.PEDIATRIC),
                DiagnosisEdit(code="O80", age_group=AgeGroup.MATERNITY, sex="F"),
                DiagnosisEdit(code="N400", age_group=AgeGroup.ADULT, sex="M"),
                DiagnosisEdit(code="N951", sex="F"),
                DiagnosisEdit(code="J069", unspecified=True),
            ]
        )

    def lookup(self, code: str, on: date) -> DiagnosisEdit | None:
        """The flags of ``code`` on ``on``."""
        if self._valid is not None and not self._valid.contains(on):
            return None
        return self._edits.get(code)

    def age_range(self, group: AgeGroup, on: date) -> tuple[int, int] | None:
        """The inclusive ages of ``group``."""
        if self._valid is not None and not self._valid.contains(on):
            return None
        return self._age_ranges.get(group)

    def __repr__(self) -> str:
        return f"InMemoryDiagnosisEdits({len(self._edits)} codes)"


@final
class InMemoryProcedureCodes:
    """HCPCS Level II codes with their validity, held in a dictionary."""

    __slots__ = ("_codes", "_covered")

    def __init__(self, codes: Mapping[str, DateRange], *, covered: DateRange) -> None:
        self._codes = dict(codes)
        self._covered = covered

    @classmethod
    def sample(cls) -> InMemoryProcedureCodes:
        """A few HCPCS codes; A4397 was terminated on 2021-12-31."""
        since = DateRange.starting(date(2002, 1, 1))
        return cls(
            {
                "G0438": since,
                "G0439": since,
                "G2211": DateRange.starting(date(2021, 1, 1)),
                "J1100": since,
                "A4397": DateRange(date(2002, 1, 1), date(2021, 12, 31)),
            },
            covered=DateRange(date(2002, 1, 1), date(2026, 12, 31)),
        )

    def covers(self, on: date) -> bool:
        """Whether the table answers for ``on``."""
        return self._covered.contains(on)

    def is_valid_on(self, code: str, on: date) -> bool:
        """Whether ``code`` is active on ``on``."""
        valid = self._codes.get(code)
        return valid is not None and valid.contains(on)

    def __repr__(self) -> str:
        return f"InMemoryProcedureCodes({len(self._codes)} codes)"
