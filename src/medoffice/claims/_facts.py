"""The prepared facts of one claim, computed once and shared by every rule.

Normalising the diagnosis codes, finding the dates of service each diagnosis is used on, and
classifying each code against the ICD-10-CM version of that date are done here once per claim
(and the classification only when a rule first asks), so rules stay small and never re-parse.

>>> from medoffice.claims._facts import normalise_diagnosis, age_on
>>> normalise_diagnosis(" e11.9 ")
'E119'
>>> from datetime import date
>>> age_on(date(2000, 2, 29), date(2026, 2, 28))
25
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Final, final

from medoffice.claims._model import Claim
from medoffice.claims._profile import RuleSetting
from medoffice.claims.ports import (
    DiagnosisCode,
    DiagnosisCodes,
    DiagnosisEdit,
    DiagnosisEdits,
    ProcedureCodes,
)

__all__ = ["DxStatus", "Facts", "age_on", "fiscal_year_of", "normalise_diagnosis"]

# ICD-10-CM: a letter, a digit, a letter or digit, then up to four more after the (optional) dot.
_CACHE_LIMIT: Final = 100_000
_DX_SHAPE: Final = re.compile(r"[A-Z][0-9][0-9A-Z](?:\.?[0-9A-Z]{1,4})?")


def normalise_diagnosis(raw: object) -> str:
    """The code in upper case without spaces or the dot (``""`` for a non-string)."""
    if not isinstance(raw, str):
        return ""
    return raw.strip().upper().replace(".", "")


def age_on(birth: date, day: date) -> int:
    """Age in whole years on ``day`` (a 29 February birthday counts on 1 March)."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def fiscal_year_of(day: date) -> int:
    """The US federal fiscal year of ``day`` (FY2027 begins on 2026-10-01)."""
    return day.year + 1 if day.month >= 10 else day.year


@final
class DxStatus(enum.Enum):
    """What the code set says about a diagnosis on its date of service."""

    OK = "ok"
    FORMAT = "format"
    UNAVAILABLE = "unavailable"
    INVALID = "invalid"
    NOT_BILLABLE = "not-billable"
    SEVENTH_MISSING = "seventh-missing"
    SEVENTH_INVALID = "seventh-invalid"
    PLACEHOLDER = "placeholder"
    NO_DATE = "no-date"


def _classify(
    raw: object, code: str, on: date, codes: DiagnosisCodes
) -> tuple[DxStatus, DiagnosisCode | None]:
    if not isinstance(raw, str) or not _DX_SHAPE.fullmatch(raw.strip().upper()):
        return DxStatus.FORMAT, None
    if codes.fiscal_year_on(on) is None:
        return DxStatus.UNAVAILABLE, None
    item = codes.lookup(code, on)
    if item is not None:
        if item.billable:
            return DxStatus.OK, item
        if item.needs_seventh_character:
            return DxStatus.SEVENTH_MISSING, item
        return DxStatus.NOT_BILLABLE, item
    if len(code) == 7:
        stem = codes.lookup(code[:6], on)
        if stem is not None and stem.needs_seventh_character:
            if code[6] not in stem.seventh_characters:
                return DxStatus.SEVENTH_INVALID, None
            return DxStatus.INVALID, None
    if len(code) < 7:
        # A placeholder X left out: T36.0X1A written as T3601A.
        fill = "X" * (7 - len(code))
        for at in range(3, len(code)):
            candidate = codes.lookup(code[:at] + fill + code[at:], on)
            if candidate is not None and candidate.billable:
                return DxStatus.PLACEHOLDER, None
    return DxStatus.INVALID, None


@final
class Facts:
    """One claim with its context, prepared for the rules.

    ``dx`` holds the normalised diagnosis codes; ``dx_dates`` for each diagnosis the dates of
    service of the lines pointing at it (the claim's first date when none does); ``dx_status``
    for each its status, code-set entry and the date it was checked on; ``dx_by_status`` the
    indexes per status.
    """

    __slots__ = (
        "_conflicts",
        "_edits_found",
        "claim",
        "codes",
        "dx",
        "dx_by_status",
        "dx_dates",
        "dx_status",
        "edits",
        "first_service",
        "last_day",
        "manifestations",
        "on",
        "procedures",
        "referenced",
        "settings",
    )

    def __init__(
        self,
        claim: Claim,
        *,
        on: date,
        codes: DiagnosisCodes,
        edits: DiagnosisEdits | None,
        procedures: ProcedureCodes | None,
        settings: Mapping[str, RuleSetting],
        cache: dict[tuple[object, date], tuple[DxStatus, DiagnosisCode | None]] | None = None,
        conflicts: dict[tuple[tuple[str, ...], date], tuple[tuple[str, str], ...]] | None = None,
    ) -> None:
        self.claim = claim
        self.on = on
        self.codes = codes
        self.edits = edits
        self.procedures = procedures
        self.settings = settings
        self._conflicts = {} if conflicts is None else conflicts
        self.dx: tuple[str, ...] = tuple(normalise_diagnosis(d) for d in claim.diagnoses)
        starts = [ln.service_from for ln in claim.lines]
        ends = [ln.service_to for ln in claim.lines if ln.service_to is not None]
        self.first_service: date | None = min(starts) if starts else None
        self.last_day: date | None = max(starts + ends) if starts or ends else None
        self.referenced: set[int] = set()
        self.dx_dates = self._dates()
        self.dx_status = self._statuses({} if cache is None else cache)
        grouped: dict[DxStatus, list[int]] = {}
        manifestations: list[int] = []
        for j, (status, item, _) in enumerate(self.dx_status):
            grouped.setdefault(status, []).append(j)
            if item is not None and status is DxStatus.OK and item.manifestation:
                manifestations.append(j)
        self.dx_by_status: Mapping[DxStatus, Sequence[int]] = grouped
        self.manifestations: Sequence[int] = manifestations
        self._edits_found: tuple[tuple[int, date, DiagnosisEdit], ...] | None = None

    @property
    def dx_edits(self) -> Sequence[tuple[int, date, DiagnosisEdit]]:
        """For each valid diagnosis the edit table flags: (index, date, flags)."""
        if self._edits_found is None:
            found: list[tuple[int, date, DiagnosisEdit]] = []
            edits = self.edits
            if edits is not None:
                for j in self.dx_by_status.get(DxStatus.OK, ()):
                    day = self.dx_status[j][2]
                    if day is not None:
                        edit = edits.lookup(self.dx[j], day)
                        if edit is not None:
                            found.append((j, day, edit))
            self._edits_found = tuple(found)
        return self._edits_found

    def excludes1_conflicts(self, codes: tuple[str, ...], on: date) -> Sequence[tuple[str, str]]:
        """The code set's Excludes1 conflicts among ``codes``, remembered across claims."""
        key = (codes, on)
        known = self._conflicts.get(key)
        if known is None:
            known = tuple(self.codes.excludes1_conflicts(codes, on))
            if len(self._conflicts) >= _CACHE_LIMIT:
                self._conflicts.clear()
            self._conflicts[key] = known
        return known

    def params(self, rule: str) -> Mapping[str, int | str | bool]:
        """The profile parameters of ``rule`` for this claim's payer."""
        setting = self.settings.get(rule)
        return setting.params if setting is not None else {}

    def explicitly_enabled(self, rule: str) -> bool:
        """Whether the profile turned ``rule`` on by name (not merely by default)."""
        setting = self.settings.get(rule)
        return setting is not None and setting.enabled is True

    def _dates(self) -> tuple[tuple[date, ...], ...]:
        count = len(self.dx)
        used: list[set[date]] = [set() for _ in range(count)]
        for line in self.claim.lines:
            day = line.service_from
            for pointer in line.pointers:
                if 1 <= pointer <= count:
                    used[pointer - 1].add(day)
                    self.referenced.add(pointer)
        default = () if self.first_service is None else (self.first_service,)
        return tuple(
            (next(iter(s)),) if len(s) == 1 else tuple(sorted(s)) if s else default for s in used
        )

    def _statuses(
        self, cache: dict[tuple[object, date], tuple[DxStatus, DiagnosisCode | None]]
    ) -> tuple[tuple[DxStatus, DiagnosisCode | None, date | None], ...]:
        result: list[tuple[DxStatus, DiagnosisCode | None, date | None]] = []
        raws = self.claim.diagnoses
        for index, days in enumerate(self.dx_dates):
            raw = raws[index]
            if not days:
                shape, _ = _classify(raw, self.dx[index], date.min, _NoCodes())
                status = DxStatus.FORMAT if shape is DxStatus.FORMAT else DxStatus.NO_DATE
                result.append((status, None, None))
                continue
            found: tuple[DxStatus, DiagnosisCode | None, date | None] | None = None
            for day in days:
                key = (raw, day)
                known = cache.get(key)
                if known is None:
                    known = _classify(raw, self.dx[index], day, self.codes)
                    if len(cache) >= _CACHE_LIMIT:
                        cache.clear()
                    cache[key] = known
                status, item = known
                if status is not DxStatus.OK:
                    found = (status, item, day)
                    break
                if found is None:
                    found = (status, item, day)
            assert found is not None
            result.append(found)
        return tuple(result)


@final
class _NoCodes:
    """A code set that knows nothing; used to test the shape of a code without a date."""

    def fiscal_year_on(self, on: date) -> int | None:
        return None

    def lookup(self, code: str, on: date) -> DiagnosisCode | None:
        return None

    def excludes1_conflicts(self, codes: Sequence[str], on: date) -> Sequence[tuple[str, str]]:
        return ()
