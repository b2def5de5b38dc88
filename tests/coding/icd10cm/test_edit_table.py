"""The diagnosis-edit table built from compiled (numbered) rows, as the MCE cache holds them."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from medoffice.coding.icd10cm import DiagnosisEdit, DiagnosisEditPeriod, DiagnosisEditTable
from medoffice.kernel import DateRange, InvalidValue

SPANS = [
    DateRange(date(2015, 10, 1), date(2024, 9, 30)),
    DateRange.starting(date(2024, 10, 1)),
    DateRange.starting(date(2020, 1, 1)),
]
SETS = [frozenset({DiagnosisEdit.MALE, DiagnosisEdit.ADULT}), frozenset({DiagnosisEdit.ADULT})]


def _compiled(**changes: Any) -> DiagnosisEditTable:
    columns: dict[str, Any] = {
        "codes": ["N400", "E119"],
        "offsets": [0, 2, 3],
        "row_spans": [0, 1, 1],
        "row_edits": [0, 1, 1],
        "spans": SPANS,
        "edit_sets": SETS,
        "age_groups": (),
    }
    columns.update(changes)
    return DiagnosisEditTable.compiled(**columns)


def _of() -> DiagnosisEditTable:
    return DiagnosisEditTable.of(
        periods=[
            DiagnosisEditPeriod(code="N40.0", effective=SPANS[0], edits=SETS[0]),
            DiagnosisEditPeriod(code="N400", effective=SPANS[1], edits=SETS[1]),
            DiagnosisEditPeriod(code="E119", effective=SPANS[1], edits=SETS[1]),
        ],
        age_groups=(),
    )


def test_compiled_rows_answer_as_the_periods_do() -> None:
    """Every question asked of the compiled table has the answer of the table built by ``of``."""
    compiled, built = _compiled(), _of()
    days = (date(2015, 9, 30), date(2020, 1, 1), date(2024, 10, 1))
    assert len(compiled) == len(built) == 2
    assert repr(compiled) == repr(built) == "DiagnosisEditTable(2 codes)"
    for code in ("N40.0", "N400", "E11.9", "Z00.00"):
        assert compiled.periods(code) == built.periods(code)
        for day in days:
            assert compiled.edits(code, on=day) == built.edits(code, on=day)
    for day in days:
        assert compiled.valid_codes(on=day) == built.valid_codes(on=day)


@pytest.mark.parametrize("checked", [False, True])
def test_sorted_codes_are_found_by_bisection_alike(checked: bool) -> None:
    """Codes in order (as a cache writes them, then ``checked``) answer as the table built by
    ``of`` does, for codes before, between and after them too."""
    compiled = _compiled(
        codes=["E119", "N400"],
        offsets=[0, 1, 3],
        row_spans=[1, 0, 1],
        row_edits=[1, 0, 1],
        checked=checked,
    )
    built = _of()
    assert len(compiled) == 2
    days = (date(2015, 9, 30), date(2020, 1, 1), date(2024, 10, 1))
    for code in ("A00.0", "E11.9", "E119", "K00", "N40.0", "N400", "Z00.00"):
        assert compiled.periods(code) == built.periods(code)
        for day in days:
            assert compiled.edits(code, on=day) == built.edits(code, on=day)
    for day in days:
        assert compiled.valid_codes(on=day) == built.valid_codes(on=day)


@pytest.mark.parametrize(
    "changes",
    [
        {"offsets": [0, 2]},  # one offset short
        {"offsets": [1, 2, 3]},  # does not start at row 0
        {"row_edits": [0, 1]},  # a column short
    ],
)
def test_checked_columns_of_the_wrong_size_are_refused(changes: dict[str, Any]) -> None:
    """Checked columns are still refused when their sizes do not fit together."""
    with pytest.raises(InvalidValue):
        _compiled(**changes, checked=True)


@pytest.mark.parametrize(
    "changes",
    [
        {"row_spans": [0, 2, 1]},  # N400's second period starts before its first ends
        {"offsets": [0, 2]},  # one offset short
        {"offsets": [1, 2, 3]},  # does not start at row 0
        {"offsets": [0, 3, 2]},  # goes backwards
        {"row_spans": [0, 1, 7]},  # no such period
        {"row_edits": [0, 1, 9]},  # no such edit set
        {"row_edits": [0, 1]},  # a column short
    ],
)
def test_inconsistent_rows_are_refused(changes: dict[str, Any]) -> None:
    """Overlapping periods, offsets or indexes that do not fit: refused, never half-read."""
    with pytest.raises(InvalidValue):
        _compiled(**changes)
