"""Diagnosis edits: per-code, per-date flags such as "newborn only" or "unacceptable principal".

CMS's Medicare Code Editor (MCE) keeps, for every ICD-10-CM code and every period in which its
validity or edits changed, the set of edits in force: age groups (newborn, pediatric, maternity,
adult), sex (male, female; CMS dropped the sex edit for dates from 2024-10-01), manifestation
codes and external-cause codes that may not be principal, unacceptable principal diagnoses,
unspecified codes, codes that require a secondary diagnosis, and a few special edits. The age
groups have their own definitions and dates (maternity was 12-55 years until 2019-09-30, then
9-64). medoffice ships no such table; ``adapters.reference.load_diagnosis_edits`` reads
one in the CSV layout documented in ``docs/icd10cm.md``.

>>> from datetime import date
>>> table = DiagnosisEditTable.of(
...     periods=[
...         DiagnosisEditPeriod(
...             code="N400",
...             effective=DateRange(date(2015, 10, 1), date(2024, 9, 30)),
...             edits=frozenset({DiagnosisEdit.MALE, DiagnosisEdit.ADULT}),
...         ),
...         DiagnosisEditPeriod(
...             code="N400",
...             effective=DateRange.starting(date(2024, 10, 1)),
...             edits=frozenset({DiagnosisEdit.ADULT}),
...         ),
...     ],
...     age_groups=[
...         AgeGroup(
...             edit=DiagnosisEdit.ADULT,
...             first_age=15,
...             last_age=124,
...             effective=DateRange.starting(date(1984, 3, 1)),
...         )
...     ],
... )
>>> sorted(e.value for e in table.edits("N40.0", on=date(2024, 9, 30)))
['adult', 'male']
>>> sorted(e.value for e in table.edits("N40.0", on=date(2026, 6, 1)))
['adult']
>>> table.edits("N40.0", on=date(2015, 9, 30)) is None
True
>>> table.age_group(DiagnosisEdit.ADULT, on=date(2026, 6, 1)).first_age
15

More information: CMS, ICD-10 MS-DRG Definitions Manual and Software, Medicare Code Editor,
https://www.cms.gov/medicare/payment/prospective-payment-systems/acute-inpatient-pps/ms-drg-classifications-and-software
"""

from __future__ import annotations

import enum
import itertools
import operator
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import final

import attrs

from medoffice.coding.icd10cm._references import undotted
from medoffice.kernel._errors import InvalidValue
from medoffice.kernel._ranges import DateRange

__all__ = ["AgeGroup", "DiagnosisEdit", "DiagnosisEditPeriod", "DiagnosisEditTable"]


class DiagnosisEdit(enum.Enum):
    """An MCE diagnosis edit (the values are the MCE's own flag names)."""

    NEWBORN = "newborn"
    PEDIATRIC = "pediatric"
    MATERNITY = "maternity"
    ADULT = "adult"
    MALE = "male"
    FEMALE = "female"
    MANIFESTATION = "manifestation"
    """A manifestation code: never principal or first-listed."""
    EXTERNAL_CAUSE_PRINCIPAL = "ecodepdx"
    """An external-cause code: never principal or first-listed."""
    UNACCEPTABLE_PRINCIPAL = "unacceptable"
    UNSPECIFIED = "unspecified"
    REQUIRES_SECONDARY = "reqsdx"
    QUESTIONABLE_ADMISSION = "qadm"
    DELIVERY_OUTCOME = "delout"
    DIABETES_TYPE_1 = "diabtypeI"
    COVID_6 = "ncov6"
    COVID_7 = "ncov7"
    COVID_Z302 = "ncov_z302"
    WRONG_PROCEDURE = "wrngproc"
    CLINICAL_TRIAL = "clintrial"


_AGE_EDITS = frozenset(
    {DiagnosisEdit.NEWBORN, DiagnosisEdit.PEDIATRIC, DiagnosisEdit.MATERNITY, DiagnosisEdit.ADULT}
)


def _edits(values: Iterable[DiagnosisEdit]) -> frozenset[DiagnosisEdit]:
    return frozenset(values)


def _code(value: str) -> str:
    return undotted(value)


@final
@attrs.frozen(kw_only=True)
class DiagnosisEditPeriod:
    """The edits in force for one code over one period (undotted code)."""

    code: str = attrs.field(converter=_code)
    effective: DateRange
    edits: frozenset[DiagnosisEdit] = attrs.field(converter=_edits)


@final
@attrs.frozen(kw_only=True)
class AgeGroup:
    """The ages (in completed years, both ends included) an age edit means, over a period."""

    edit: DiagnosisEdit = attrs.field()
    first_age: int
    last_age: int = attrs.field()
    effective: DateRange

    @edit.validator
    def _is_age_edit(self, _: attrs.Attribute[DiagnosisEdit], edit: DiagnosisEdit) -> None:
        if edit not in _AGE_EDITS:
            raise InvalidValue("an age group is one of newborn, pediatric, maternity or adult")

    @last_age.validator
    def _ordered(self, _: attrs.Attribute[int], last_age: int) -> None:
        if not 0 <= self.first_age <= last_age:
            raise InvalidValue("an age group runs from a first age to a later or equal last age")

    def contains(self, age: int) -> bool:
        """Whether an age in completed years falls in the group."""
        return self.first_age <= age <= self.last_age


def _check_columns(
    *,
    codes: Sequence[str],
    offsets: Sequence[int],
    row_spans: Sequence[int],
    row_edits: Sequence[int],
    spans: Sequence[DateRange],
    edit_sets: Sequence[frozenset[DiagnosisEdit]],
) -> None:
    """Refuse columns whose numbers point nowhere or whose periods of a code overlap."""
    if (
        (row_spans and not (min(row_spans) >= 0 and max(row_spans) < len(spans)))
        or (row_edits and not (min(row_edits) >= 0 and max(row_edits) < len(edit_sets)))
        or not all(map(operator.le, offsets, itertools.islice(offsets, 1, None)))
    ):
        raise InvalidValue("the compiled diagnosis edit rows are inconsistent")
    firsts = [span.first for span in spans]
    lasts = [span.last for span in spans]
    # Most codes have one row: only the rows after a code's first can overlap.
    for index, (start, end) in enumerate(itertools.pairwise(offsets)):
        if end - start > 1:
            for row in range(start + 1, end):
                if lasts[row_spans[row - 1]] >= firsts[row_spans[row]]:
                    raise InvalidValue(f"diagnosis edit periods of {codes[index]} overlap")


@final
class DiagnosisEditTable:
    """Diagnosis edits by code and date of service, with the age-group definitions."""

    __slots__ = (
        "_age_groups",
        "_codes",
        "_edit_sets",
        "_offsets",
        "_periods",
        "_row_edits",
        "_row_spans",
        "_rows_of",
        "_spans",
    )

    def __init__(
        self,
        periods: dict[str, tuple[DiagnosisEditPeriod, ...]],
        age_groups: tuple[AgeGroup, ...],
    ) -> None:
        self._periods = periods
        self._age_groups = age_groups
        # A table built by :meth:`compiled` keeps its rows as numbers and makes a code's
        # periods on first use: 85,000 period objects would be most of a load. Its codes are
        # found by bisection when they come sorted (a cache writes them so: a dictionary of
        # 75,000 codes was a third of a load), else through a dictionary.
        self._codes: Sequence[str] = ()
        self._rows_of: Mapping[str, int] | None = None
        self._offsets: Sequence[int] = ()
        self._row_spans: Sequence[int] = ()
        self._row_edits: Sequence[int] = ()
        self._spans: Sequence[DateRange] = ()
        self._edit_sets: Sequence[frozenset[DiagnosisEdit]] = ()

    @classmethod
    def compiled(
        cls,
        *,
        codes: Sequence[str],
        offsets: Sequence[int],
        row_spans: Sequence[int],
        row_edits: Sequence[int],
        spans: Sequence[DateRange],
        edit_sets: Sequence[frozenset[DiagnosisEdit]],
        age_groups: Iterable[AgeGroup],
        checked: bool = False,
    ) -> DiagnosisEditTable:
        """A table from numbered rows, as a cache holds them: flat columns, no objects.

        The rows of ``codes[i]`` (undotted) are ``offsets[i]`` to ``offsets[i + 1]``; row ``r``
        is in force over ``spans[row_spans[r]]`` with the edits ``edit_sets[row_edits[r]]``.
        Each code's rows must be in date order without overlap (refused otherwise, as by
        :meth:`of`). The periods of a code are built when first asked for. ``checked`` says
        that the columns passed this check when they were compiled, with the codes sorted (a
        checksummed cache written after the check): only their sizes are checked again, the
        passes over every row and code are skipped.

        >>> from datetime import date
        >>> table = DiagnosisEditTable.compiled(
        ...     codes=["N400"],
        ...     offsets=[0, 2],
        ...     row_spans=[0, 1],
        ...     row_edits=[0, 1],
        ...     spans=[
        ...         DateRange(date(2015, 10, 1), date(2024, 9, 30)),
        ...         DateRange.starting(date(2024, 10, 1)),
        ...     ],
        ...     edit_sets=[frozenset({DiagnosisEdit.MALE}), frozenset()],
        ...     age_groups=(),
        ... )
        >>> table.edits("N40.0", on=date(2020, 1, 1)), table.edits("N400", on=date(2025, 1, 1))
        (frozenset({<DiagnosisEdit.MALE: 'male'>}), frozenset())
        """
        rows = len(row_spans)
        if (
            len(offsets) != len(codes) + 1
            or len(row_edits) != rows
            or (offsets and (offsets[0] != 0 or offsets[-1] != rows))
        ):
            raise InvalidValue("the compiled diagnosis edit rows are inconsistent")
        if not checked:
            _check_columns(
                codes=codes,
                offsets=offsets,
                row_spans=row_spans,
                row_edits=row_edits,
                spans=spans,
                edit_sets=edit_sets,
            )
        table = cls({}, tuple(age_groups))
        # Only the code index is made here; a code's rows are read from the columns when its
        # periods are first asked for (a tuple of rows per code was a third of a load).
        table._codes = codes
        if not checked and not all(map(operator.lt, codes, itertools.islice(codes, 1, None))):
            table._rows_of = dict(zip(codes, range(len(codes)), strict=True))
        table._offsets = offsets
        table._row_spans = row_spans
        table._row_edits = row_edits
        table._spans = spans
        table._edit_sets = edit_sets
        return table

    def _index(self, code: str) -> int | None:
        """Where ``code`` is among the compiled codes, or ``None``."""
        if self._rows_of is not None:
            return self._rows_of.get(code)
        codes = self._codes
        at = bisect_left(codes, code)
        return at if at < len(codes) and codes[at] == code else None

    def _built(self, code: str) -> tuple[DiagnosisEditPeriod, ...]:
        index = self._index(code)
        if index is None:
            return ()
        spans, edit_sets = self._spans, self._edit_sets
        built = tuple(
            DiagnosisEditPeriod(
                code=code,
                effective=spans[self._row_spans[row]],
                edits=edit_sets[self._row_edits[row]],
            )
            for row in range(self._offsets[index], self._offsets[index + 1])
        )
        self._periods[code] = built
        return built

    @classmethod
    def of(
        cls, *, periods: Iterable[DiagnosisEditPeriod], age_groups: Iterable[AgeGroup]
    ) -> DiagnosisEditTable:
        """Build the table; overlapping periods for one code are refused."""
        by_code: dict[str, list[DiagnosisEditPeriod]] = {}
        for period in periods:
            by_code.setdefault(period.code, []).append(period)
        frozen: dict[str, tuple[DiagnosisEditPeriod, ...]] = {}
        for code, found in by_code.items():
            found.sort(key=lambda p: p.effective.first)
            for before, after in itertools.pairwise(found):
                if before.effective.overlaps(after.effective):
                    raise InvalidValue(f"diagnosis edit periods of {code} overlap")
            frozen[code] = tuple(found)
        return cls(frozen, tuple(age_groups))

    def __len__(self) -> int:
        return len(self._codes) if self._codes else len(self._periods)

    def __repr__(self) -> str:
        return f"DiagnosisEditTable({len(self)} codes)"

    def periods(self, code: str) -> tuple[DiagnosisEditPeriod, ...]:
        """Every period the table knows for ``code`` (dotted or not), oldest first."""
        key = undotted(code)
        found = self._periods.get(key)
        return self._built(key) if found is None else found

    def period(self, code: str, *, on: date) -> DiagnosisEditPeriod | None:
        """The period in force on ``on``, or ``None`` when the code is not valid that day."""
        for period in self._periods.get(code) or self.periods(code):
            if period.effective.contains(on):
                return period
        return None

    def edits(self, code: str, *, on: date) -> frozenset[DiagnosisEdit] | None:
        """The edits in force on ``on``; ``None`` when the table has no valid row that day."""
        period = self.period(code, on=on)
        return None if period is None else period.edits

    def valid_codes(self, *, on: date) -> frozenset[str]:
        """Every code (undotted) with a period covering ``on``."""
        if self._codes:
            covering = {i for i, span in enumerate(self._spans) if span.contains(on)}
            offsets, row_spans = self._offsets, self._row_spans
            return frozenset(
                code
                for index, code in enumerate(self._codes)
                if any(
                    row_spans[row] in covering for row in range(offsets[index], offsets[index + 1])
                )
            )
        return frozenset(
            code
            for code, periods in self._periods.items()
            if any(p.effective.contains(on) for p in periods)
        )

    @property
    def age_groups(self) -> tuple[AgeGroup, ...]:
        """Every age-group definition, with its dates."""
        return self._age_groups

    def age_group(self, edit: DiagnosisEdit, *, on: date) -> AgeGroup:
        """The definition of an age edit in force on ``on``."""
        for group in self._age_groups:
            if group.edit is edit and group.effective.contains(on):
                return group
        raise InvalidValue(f"the table defines no {edit.value} age group on {on.isoformat()}")
