"""Bridges from the reference code sets to the claim checker's ports.

- :class:`IcdDiagnosisCodes` answers ``medoffice.claims.ports.DiagnosisCodes`` from
  :class:`~medoffice.coding.icd10cm.IcdVersions` (the bundled FY2026 ICD-10-CM and any official
  release loaded next to it);
- :class:`MceDiagnosisEdits` answers ``DiagnosisEdits`` from the CMS Medicare Code Editor table
  (:class:`~medoffice.coding.icd10cm.DiagnosisEditTable`);
- :class:`HcpcsProcedureCodes` answers ``ProcedureCodes`` from a CMS quarterly HCPCS file.

Each takes values already loaded (:mod:`medoffice.adapters.reference` loads the files and builds
these bridges, :func:`~medoffice.adapters.reference.load_diagnosis_codes` over the bundled
ICD-10-CM).

The sex flags of the MCE end on 2024-09-30 (CMS dropped the sex edit); for later dates
:class:`MceDiagnosisEdits` carries the last CMS sex flag of each code forward, which the checker
uses only when a profile turns ``DX-SEX-CONFLICT`` on by name.

More information: CDC ICD-10-CM files, https://www.cdc.gov/nchs/icd/icd-10-cm/files.html ;
CMS HCPCS quarterly update and MS-DRG/MCE software pages on cms.gov.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Final, final

from medoffice.claims.ports import (
    AgeGroup,
    DiagnosisCode,
    DiagnosisEdit,
)
from medoffice.coding import icd10cm
from medoffice.coding.icd10cm import CodeSetUnavailable, IcdCodeSet, IcdVersions
from medoffice.coding.icd10cm import DiagnosisEdit as MceEdit
from medoffice.coding.procedures import HcpcsCodeSet
from medoffice.kernel import InvalidValue

__all__ = [
    "HcpcsProcedureCodes",
    "IcdDiagnosisCodes",
    "MceDiagnosisEdits",
]

_AGE_EDITS: Final = {
    MceEdit.NEWBORN: AgeGroup.NEWBORN,
    MceEdit.PEDIATRIC: AgeGroup.PEDIATRIC,
    MceEdit.MATERNITY: AgeGroup.MATERNITY,
    MceEdit.ADULT: AgeGroup.ADULT,
}
_SEX_EDITS: Final = {MceEdit.MALE: "M", MceEdit.FEMALE: "F"}
_AGES_KEPT: Final = 8_192
_EDITS_KEPT: Final = 8_192  # the flags of a code on a day: a batch's codes over a few months


@final
class IcdDiagnosisCodes:
    """``DiagnosisCodes`` over loaded ICD-10-CM releases."""

    __slots__ = ("_items", "_on", "_versions")

    def __init__(self, versions: IcdVersions) -> None:
        self._versions = versions
        self._on: dict[date, IcdCodeSet | None] = {}
        self._items: dict[tuple[int, str], DiagnosisCode | None] = {}

    def _code_set(self, on: date) -> IcdCodeSet | None:
        try:
            return self._on[on]
        except KeyError:
            try:
                found: IcdCodeSet | None = self._versions.on(on)
            except CodeSetUnavailable:
                found = None
            self._on[on] = found
            return found

    def fiscal_year_on(self, on: date) -> int | None:
        """The fiscal year of the release in effect on ``on``."""
        code_set = self._code_set(on)
        return None if code_set is None else code_set.release.fiscal_year

    def lookup(self, code: str, on: date) -> DiagnosisCode | None:
        """The code or category (upper case, no dot) on ``on``."""
        code_set = self._code_set(on)
        if code_set is None:
            return None
        key = (id(code_set), code)
        try:
            return self._items[key]
        except KeyError:
            item = code_set.lookup(code)
            found = None
            if item is not None and item.undotted == code and item.category is not None:
                found = DiagnosisCode(
                    code=item.undotted,
                    billable=item.is_billable,
                    seventh_characters=(
                        frozenset(s.character for s in item.seventh_characters)
                        if item.requires_seventh
                        else frozenset()
                    ),
                    manifestation=item.has_manifestation_title
                    or "classified elsewhere" in item.description.lower(),
                    external_cause=item.is_external_cause,
                    details_pending=item.notes_pending,
                )
            self._items[key] = found
            return found

    def excludes1_conflicts(self, codes: Sequence[str], on: date) -> tuple[tuple[str, str], ...]:
        """Pairs of ``codes`` an Excludes1 note forbids together, each pair once."""
        code_set = self._code_set(on)
        if code_set is None:
            return ()
        found = code_set.excludes1_conflicts(codes)
        if not found:  # most claims
            return ()
        wanted = set(codes)
        pairs: dict[frozenset[str], tuple[str, str]] = {}
        for conflict in found:
            first, second = conflict.code.replace(".", ""), conflict.excluded.replace(".", "")
            if first in wanted and second in wanted and first != second:
                pairs.setdefault(frozenset((first, second)), (first, second))
        return tuple(pairs.values())

    def __repr__(self) -> str:
        return f"IcdDiagnosisCodes({self._versions!r})"


@final
class MceDiagnosisEdits:
    """``DiagnosisEdits`` over the CMS MCE diagnosis-edit table."""

    __slots__ = ("_ages", "_found", "_table")

    def __init__(self, table: icd10cm.DiagnosisEditTable) -> None:
        self._table = table
        self._found: dict[tuple[str, date], DiagnosisEdit | None] = {}
        self._ages: dict[tuple[AgeGroup, date], tuple[int, int] | None] = {}

    def _last_sex(self, code: str, on: date) -> str | None:
        for period in reversed(self._table.periods(code)):
            if period.effective.first <= on:
                for edit, sex in _SEX_EDITS.items():
                    if edit in period.edits:
                        return sex
        return None

    def lookup(self, code: str, on: date) -> DiagnosisEdit | None:
        """The age, sex and unspecified flags of ``code`` on ``on``."""
        key = (code, on)
        try:
            return self._found[key]
        except KeyError:
            pass
        edits = self._table.edits(code, on=on)
        found = None
        if edits is not None and code == code.strip().upper().replace(".", ""):
            group = next((g for e, g in _AGE_EDITS.items() if e in edits), None)
            sex = next((s for e, s in _SEX_EDITS.items() if e in edits), None)
            found = DiagnosisEdit(
                code=code,
                age_group=group,
                sex=sex or self._last_sex(code, on),
                unspecified=MceEdit.UNSPECIFIED in edits,
            )
        if len(self._found) >= _EDITS_KEPT:
            self._found.clear()
        self._found[key] = found
        return found

    def age_range(self, group: AgeGroup, on: date) -> tuple[int, int] | None:
        """The inclusive ages of ``group`` on ``on``."""
        key = (group, on)
        try:
            return self._ages[key]
        except KeyError:
            pass
        edit = next(e for e, g in _AGE_EDITS.items() if g is group)
        try:
            found = self._table.age_group(edit, on=on)
        except InvalidValue:
            ages = None
        else:
            ages = (found.first_age, found.last_age)
        if len(self._ages) >= _AGES_KEPT:  # four groups a day: a few years of dates
            self._ages.clear()
        self._ages[key] = ages
        return ages

    def __repr__(self) -> str:
        return f"MceDiagnosisEdits({self._table!r})"


def _quarter_end(day: date) -> date:
    following = (day.month - 1) // 3 * 3 + 4
    first_of_next = date(day.year + 1, 1, 1) if following > 12 else date(day.year, following, 1)
    return first_of_next - timedelta(days=1)


@final
class HcpcsProcedureCodes:
    """``ProcedureCodes`` over a CMS quarterly HCPCS file.

    Up to the end of the file's quarter, a code is valid when the file lists it as active. After
    that quarter a code the file does not know may be new, so only a code the file shows as
    terminated before the date is reported.
    """

    __slots__ = ("_codes", "_through")

    def __init__(self, codes: HcpcsCodeSet, *, through: date | None = None) -> None:
        self._codes = codes
        latest = codes.effective or max(
            (c.action_effective or c.added or date.min for c in codes.codes.values()),
            default=date.min,
        )
        self._through = through or _quarter_end(latest)

    def covers(self, on: date) -> bool:
        """HCPCS codes have dates back to the start of the file, so any day can be answered."""
        return True

    def is_valid_on(self, code: str, on: date) -> bool:
        """Whether ``code`` is active on ``on`` (see the class notes for later dates)."""
        if code != code.strip().upper():
            return False
        found = self._codes.codes.get(code)
        if on <= self._through:
            return found is not None and found.valid_on(on)
        return found is None or found.terminated is None or on <= found.terminated

    def __repr__(self) -> str:
        return f"HcpcsProcedureCodes({self._codes.release}, through {self._through.isoformat()})"
