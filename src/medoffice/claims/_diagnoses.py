"""The diagnosis analysis of one claim: each code classified on its dates of service.

Normalising the codes, finding the dates of service each diagnosis is used on (the dates of the
lines pointing at it, or the claim's first date when none does) and classifying each code against
the ICD-10-CM version of that date is the expensive part of a check. A
:class:`DiagnosisAnalysis` does it once, and the checker keeps it per context for every claim with
the same diagnoses, pointers and dates (a biller's batch repeats them constantly).

>>> normalise_diagnosis(" e11.9 ")
'E119'
>>> from datetime import date
>>> fiscal_year_of(date(2026, 10, 1))
2027
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Final, TypeVar, final

from medoffice.claims._model import Claim, ServiceLine
from medoffice.claims._rule import Hit
from medoffice.claims.ports import DiagnosisCode, DiagnosisCodes, DiagnosisEdit, DiagnosisEdits

__all__ = [
    "CACHE_LIMIT",
    "DiagnosisAnalysis",
    "DxKey",
    "DxStatus",
    "Status",
    "analyse",
    "fiscal_year_of",
    "normalise_diagnosis",
]

K = TypeVar("K")
V = TypeVar("V")

# Each cache of answers shared across claims holds at most this many (then starts afresh): a
# few megabytes whatever the number of claims, so that a large file is checked in flat memory.
CACHE_LIMIT: Final = 8_192
ANSWERS: Final = (
    "dx",
    "dx_by_status",
    "dx_status",
    "first_service",
    "last_day",
    "manifestations",
    "referenced",
)
"""What an analysis answers that the rules read most: ``Facts`` holds them as its own."""
# ICD-10-CM: a letter, a digit, a letter or digit, then up to four more after the (optional) dot.
_DX_SHAPE: Final = re.compile(r"[A-Z][0-9][0-9A-Z](?:\.?[0-9A-Z]{1,4})?")

Status = tuple["DxStatus", DiagnosisCode | None, date | None]
"""A diagnosis's status, its code-set entry and the date that decided it."""
DxKey = tuple[object, date]
"""A diagnosis as written on a claim, and a date of service."""


def normalise_diagnosis(raw: object) -> str:
    """The code in upper case without spaces or the dot (``""`` for a non-string)."""
    if not isinstance(raw, str):
        return ""
    return raw.strip().upper().replace(".", "")


def _normalised(raw: object) -> str:
    """:func:`normalise_diagnosis`, remembered for the codes met before (a batch repeats them)."""
    try:
        return _NORMALISED[raw]
    except KeyError:
        code = normalise_diagnosis(raw)
        if len(_NORMALISED) >= CACHE_LIMIT:
            _NORMALISED.clear()
        _NORMALISED[raw] = code
        return code
    except TypeError:  # not hashable, so not a code
        return normalise_diagnosis(raw)


_NORMALISED: Final[dict[object, str]] = {}


def _normalised_all(raws: tuple[str, ...]) -> tuple[str, ...]:
    """:func:`_normalised` of each code: the codes met before cost one look-up each."""
    try:
        known = [_NORMALISED.get(raw) for raw in raws]
    except TypeError:  # a value that is not hashable, so not a code
        return tuple(map(_normalised, raws))
    if None in known:
        return tuple(map(_normalised, raws))
    return tuple(known)  # type: ignore[arg-type]  # no None left


def fiscal_year_of(day: date) -> int:
    """The US federal fiscal year of ``day`` (FY2027 begins on 2026-10-01)."""
    return day.year + 1 if day.month >= 10 else day.year


@final
class DxStatus(enum.IntEnum):
    """What the code set says about a diagnosis on its date of service."""

    OK = 0
    FORMAT = 1
    UNAVAILABLE = 2
    INVALID = 3
    NOT_BILLABLE = 4
    SEVENTH_MISSING = 5
    SEVENTH_INVALID = 6
    PLACEHOLDER = 7
    NO_DATE = 8


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
class _NoCodes:
    """A code set that knows nothing; used to test the shape of a code without a date."""

    def fiscal_year_on(self, on: date) -> int | None:
        return None

    def lookup(self, code: str, on: date) -> DiagnosisCode | None:
        return None

    def excludes1_conflicts(self, codes: Sequence[str], on: date) -> Sequence[tuple[str, str]]:
        return ()


def _pointed_by_day(lines: Sequence[ServiceLine]) -> dict[date, set[int]]:
    """The diagnoses (pointers) each day's lines point at, by the lines' first date of service."""
    pointed: dict[date, set[int]] = {}
    for line in lines:
        known = pointed.get(line.service_from)
        if known is None:
            pointed[line.service_from] = set(line.pointers)
        else:
            known.update(line.pointers)
    return pointed


def _remember(cache: dict[K, V], key: K, value: V) -> None:
    if len(cache) >= CACHE_LIMIT:
        cache.clear()
    cache[key] = value


@final
class DiagnosisAnalysis:
    """Everything the rules need to know about a claim's diagnoses, computed once.

    ``dx`` holds the normalised codes; ``dx_dates`` for each the dates of service it is checked
    on; ``dx_status`` for each its status, code-set entry and the date that decided it;
    ``dx_by_status`` the indexes per status; ``manifestations`` the indexes of valid
    manifestation codes; ``referenced`` the pointers the lines use; ``single_day`` the one date
    of service of a claim whose lines are all on it (``None`` otherwise).
    """

    __slots__ = ("_dx_dates", "_edits_found", *ANSWERS, "memo", "single_day")

    def __init__(self, claim: Claim, codes: DiagnosisCodes, cache: dict[DxKey, Status]) -> None:
        self.dx: tuple[str, ...] = _normalised_all(claim.diagnoses)
        self.referenced: set[int] = set()
        # The claim's one date of service when every line is on it, so every diagnosis too.
        self.single_day: date | None = self._one_day(claim)
        if self.single_day is not None:  # most claims
            day = self.single_day
            self.first_service: date | None = day
            self._dx_dates: tuple[tuple[date, ...], ...] | None = None  # every one on ``day``
            self.dx_status, plain = self._statuses_on(claim, day, codes, cache)
        else:
            self.referenced.clear()
            self._dx_dates = self._several_days(claim)
            self.dx_status = self._statuses(claim, codes, cache)
            plain = False
        grouped: dict[DxStatus, list[int]] = {}
        manifestations: list[int] = []
        if plain:  # every code valid, none a manifestation (most claims): nothing to sort out
            if self.dx:
                grouped[DxStatus.OK] = list(range(len(self.dx)))
        else:
            for j, (status, item, _) in enumerate(self.dx_status):
                grouped.setdefault(status, []).append(j)
                if item is not None and status is DxStatus.OK and item.manifestation:
                    manifestations.append(j)
        self.dx_by_status: Mapping[DxStatus, Sequence[int]] = grouped
        self.manifestations: Sequence[int] = manifestations
        self._edits_found: tuple[tuple[int, date, DiagnosisEdit], ...] | None = None
        # Results that depend only on the diagnoses and dates, kept by the rules that compute them.
        self.memo: dict[str, tuple[Hit, ...]] = {}

    @property
    def dx_dates(self) -> tuple[tuple[date, ...], ...]:
        """For each diagnosis the dates of service it is checked on."""
        found = self._dx_dates
        if found is not None:
            return found
        day = self.single_day  # one date of service: each diagnosis on it
        return ((day,),) * len(self.dx) if day is not None else ()

    def edits_found(
        self, edits: DiagnosisEdits | None
    ) -> tuple[tuple[int, date, DiagnosisEdit], ...]:
        """For each valid diagnosis its edit-table flags: (index, date, flags)."""
        if self._edits_found is None:
            found: list[tuple[int, date, DiagnosisEdit]] = []
            if edits is not None:
                for j in self.dx_by_status.get(DxStatus.OK, ()):
                    day = self.dx_status[j][2]
                    if day is not None:
                        edit = edits.lookup(self.dx[j], day)
                        if edit is not None:
                            found.append((j, day, edit))
            self._edits_found = tuple(found)
        return self._edits_found

    def _one_day(self, claim: Claim) -> date | None:
        """The one date of service of a claim whose lines are all on it (``None`` otherwise),
        with the last day of service and the diagnoses its lines point at."""
        lines = claim.lines
        if not lines:
            return None
        day = last = lines[0].service_from
        referenced = self.referenced
        for line in lines:
            if line.service_from != day:
                return None
            referenced.update(line.pointers)
            end = line.service_to
            if end is not None and end > last:
                last = end
        self.last_day: date | None = last
        count = len(self.dx)
        if referenced and not (min(referenced) >= 1 and max(referenced) <= count):
            referenced.difference_update([p for p in referenced if not 1 <= p <= count])
        return day

    def _several_days(self, claim: Claim) -> tuple[tuple[date, ...], ...]:
        """The lines on several days (or none): each diagnosis on the days of the lines pointing
        at it, or on the first date of service when none does."""
        lines = claim.lines
        pointed = _pointed_by_day(lines)
        days = sorted(pointed)
        self.first_service = days[0] if days else None
        ends = [ln.service_to for ln in lines if ln.service_to is not None]
        self.last_day = max([days[-1], *ends]) if days else None
        default = tuple(days[:1])
        found: list[tuple[date, ...]] = []
        for pointer in range(1, len(self.dx) + 1):
            on = tuple([day for day in days if pointer in pointed[day]])
            if on:
                self.referenced.add(pointer)
            found.append(on or default)
        return tuple(found)

    def _statuses_on(
        self, claim: Claim, day: date, codes: DiagnosisCodes, cache: dict[DxKey, Status]
    ) -> tuple[tuple[Status, ...], bool]:
        """Every diagnosis classified on ``day``, the one date of service, and whether every
        one is valid and none a manifestation code."""
        # The statuses met before (most) cost one look-up each; the rest are classified.
        result = [cache.get((raw, day)) for raw in claim.diagnoses]
        if None in result:
            for j, raw in enumerate(claim.diagnoses):
                if result[j] is None:
                    key = (raw, day)
                    known = cache.get(key)  # the same code twice on a claim: classified once
                    if known is None:
                        status, item = _classify(raw, self.dx[j], day, codes)
                        known = (status, item, day)
                        _remember(cache, key, known)
                    result[j] = known
        statuses: tuple[Status, ...] = tuple(result)  # type: ignore[arg-type]  # no None left
        ok = DxStatus.OK
        for status, item, _ in statuses:
            if status is not ok or item is None or item.manifestation:
                return statuses, False
        return statuses, True

    def _statuses(
        self, claim: Claim, codes: DiagnosisCodes, cache: dict[DxKey, Status]
    ) -> tuple[Status, ...]:
        """Each diagnosis classified on its days: the first day it is not valid on decides."""
        result: list[Status] = []
        raws = claim.diagnoses
        for index, days in enumerate(self.dx_dates):
            raw = raws[index]
            if not days:
                shape, _ = _classify(raw, self.dx[index], date.min, _NoCodes())
                status = DxStatus.FORMAT if shape is DxStatus.FORMAT else DxStatus.NO_DATE
                result.append((status, None, None))
                continue
            found: Status | None = None
            for day in days:
                key = (raw, day)
                known = cache.get(key)
                if known is None:
                    classified, item = _classify(raw, self.dx[index], day, codes)
                    known = (classified, item, day)
                    _remember(cache, key, known)
                if known[0] is not DxStatus.OK:
                    found = known
                    break
                if found is None:
                    found = known
            assert found is not None
            result.append(found)
        return tuple(result)


_new: Final = object.__new__
_OK: Final = DxStatus.OK
_NO_MANIFESTATIONS: Final[tuple[int, ...]] = ()
# The statuses of a claim whose diagnoses are all valid, by their number: shared, never changed.
_ALL_VALID: Final[tuple[Mapping[DxStatus, Sequence[int]], ...]] = tuple(
    {_OK: tuple(range(count))} if count else {} for count in range(64)
)


def analyse(claim: Claim, codes: DiagnosisCodes, cache: dict[DxKey, Status]) -> DiagnosisAnalysis:
    """:class:`DiagnosisAnalysis` of ``claim``, the same, made faster for most claims.

    A claim whose codes were all met before (normalised, and classified on their days) and are
    all valid, none a manifestation code, is analysed here in one pass (its lines on one day,
    most claims) or two (on several days); any other claim, and any claim on which a step
    fails, by the class itself (so what it computes, or the error it raises, is the class's
    own).
    """
    lines = claim.lines
    raws = claim.diagnoses
    try:
        day = last = lines[0].service_from
        referenced: set[int] = set()
        for line in lines:
            if line.service_from != day:
                return _on_several_days(claim, codes, cache)
            referenced.update(line.pointers)
            end = line.service_to
            if end is not None and end > last:
                last = end
        count = len(raws)
        if referenced and not (min(referenced) >= 1 and max(referenced) <= count):
            return DiagnosisAnalysis(claim, codes, cache)
        # Each code and its status in one loop (cheaper than a comprehension for each).
        normalised: list[str] = []
        known: list[Status] = []
        for raw in raws:
            normalised.append(_NORMALISED[raw])
            found = cache[raw, day]
            status, item, _ = found
            if status is not _OK or item is None or item.manifestation:
                return DiagnosisAnalysis(claim, codes, cache)
            known.append(found)
        dx = tuple(normalised)
        statuses = tuple(known)
        grouped = _ALL_VALID[count]
    except Exception:  # the class computes it again, and raises its own error
        return DiagnosisAnalysis(claim, codes, cache)
    analysis: DiagnosisAnalysis = _new(DiagnosisAnalysis)
    analysis.dx = dx
    analysis.referenced = referenced
    analysis.single_day = analysis.first_service = day
    analysis.last_day = last
    analysis._dx_dates = None  # noqa: SLF001 - its own class, made here
    analysis.dx_status = statuses
    analysis.dx_by_status = grouped
    analysis.manifestations = _NO_MANIFESTATIONS
    analysis._edits_found = None  # noqa: SLF001
    analysis.memo = {}
    return analysis


def _on_several_days(
    claim: Claim, codes: DiagnosisCodes, cache: dict[DxKey, Status]
) -> DiagnosisAnalysis:
    """:func:`analyse` of a claim whose lines are on several days (the class's steps, in one
    pass over the diagnoses): each diagnosis on the days of the lines pointing at it, or on
    the first date of service when none does, its status that of the first day it is not valid
    on (every one valid here)."""
    lines = claim.lines
    raws = claim.diagnoses
    try:
        pointed = _pointed_by_day(lines)
        days = sorted(pointed)
        ends = [ln.service_to for ln in lines if ln.service_to is not None]
        last = max([days[-1], *ends])
        dx = tuple([_NORMALISED[raw] for raw in raws])
        default = (days[0],)
        referenced: set[int] = set()
        dates: list[tuple[date, ...]] = []
        statuses: list[Status] = []
        for pointer, raw in enumerate(raws, 1):
            on = tuple([day for day in days if pointer in pointed[day]])
            if on:
                referenced.add(pointer)
            else:
                on = default
            dates.append(on)
            for day in on:  # the first day decides, each of them valid
                status, item, _ = cache[raw, day]
                if status is not _OK or item is None or item.manifestation:
                    return DiagnosisAnalysis(claim, codes, cache)
            statuses.append(cache[raw, on[0]])
        grouped = _ALL_VALID[len(dx)]
    except Exception:  # the class computes it again, and raises its own error
        return DiagnosisAnalysis(claim, codes, cache)
    analysis: DiagnosisAnalysis = _new(DiagnosisAnalysis)
    analysis.dx = dx
    analysis.referenced = referenced
    analysis.single_day = None
    analysis.first_service = days[0]
    analysis.last_day = last
    analysis._dx_dates = tuple(dates)  # noqa: SLF001 - its own class, made here
    analysis.dx_status = tuple(statuses)
    analysis.dx_by_status = grouped
    analysis.manifestations = _NO_MANIFESTATIONS
    analysis._edits_found = None  # noqa: SLF001
    analysis.memo = {}
    return analysis
