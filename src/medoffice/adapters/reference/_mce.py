"""Reading a diagnosis-edit table (the MCE layout) from CSV files.

Two files, UTF-8 with a header row. The edit master: ``code,start_date,end_date,flags`` with the
code undotted, dates as ``YYYYMMDD``, an empty end date meaning "still in force", and the MCE
flag names separated by ``|``. The age groups: ``age_group,start_age,end_age,start_date,
end_date`` (``Newborn``, ``Pediatric``, ``Maternity``, ``Adult``; ages in years, inclusive).
An empty end date becomes ``through`` when given (the MCE's termination date, 2026-09-30 for
v43.1), else an open-ended period.

>>> import tempfile
>>> from datetime import date
>>> from pathlib import Path
>>> folder = Path(tempfile.mkdtemp())
>>> _ = (folder / "dx.csv").write_text(
...     "code,start_date,end_date,flags\\nZ3800,20151001,,newborn\\n", encoding="utf-8"
... )
>>> _ = (folder / "ages.csv").write_text(
...     "age_group,start_age,end_age,start_date,end_date\\nNewborn,0,0,19840301,\\n",
...     encoding="utf-8",
... )
>>> table = load_diagnosis_edits(folder / "dx.csv", age_ranges=folder / "ages.csv")
>>> [e.value for e in table.edits("Z38.00", on=date(2026, 6, 1))]
['newborn']
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Final

from medoffice.coding import ReferenceFileError
from medoffice.coding.icd10cm import (
    AgeGroup,
    DiagnosisEdit,
    DiagnosisEditPeriod,
    DiagnosisEditTable,
)
from medoffice.kernel import DateRange, InvalidValue

__all__ = ["load_diagnosis_edits"]

_MASTER_COLUMNS: Final = ("code", "start_date", "end_date", "flags")
_AGE_COLUMNS: Final = ("age_group", "start_age", "end_age", "start_date", "end_date")


def _day(value: str, *, line: int) -> date:
    try:
        return datetime.strptime(value.strip(), "%Y%m%d").date()  # noqa: DTZ007 - a calendar day
    except ValueError:
        raise InvalidValue(f"line {line}: a date is written YYYYMMDD") from None


def _period(start: str, end: str, *, line: int, through: date | None) -> DateRange:
    first = _day(start, line=line)
    if end.strip():
        return DateRange(first, _day(end, line=line))
    return DateRange(first, through) if through is not None else DateRange.starting(first)


def _rows(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """The rows of an MCE CSV with their line numbers; a file that is not that CSV (a wrong
    header, a row with too few or too many fields, as a file cut short leaves it, text that is
    not UTF-8, a record the csv module refuses) is a :class:`ReferenceFileError`."""
    line = 1
    try:
        with path.open(encoding="utf-8", newline="") as stream:
            reader = csv.DictReader(stream)
            if tuple(reader.fieldnames or ()) != columns:
                raise ReferenceFileError(f"the header must be {','.join(columns)}", file=path.name)
            for row in reader:
                line = reader.line_num
                if None in row or any(value is None for value in row.values()):
                    raise ReferenceFileError(
                        f"a row has {len(row) - (None in row)} fields, not {len(columns)}: "
                        "the file may be cut short; check the download",
                        file=path.name,
                        line=line,
                    )
                yield line, row
    except UnicodeDecodeError:
        raise ReferenceFileError("the file is not UTF-8 text", file=path.name, line=line) from None
    except csv.Error as error:
        raise ReferenceFileError(f"not readable as CSV ({error})", file=path.name) from None


def load_diagnosis_edits(
    path: Path, *, age_ranges: Path, through: date | None = None
) -> DiagnosisEditTable:
    """Read the edit master and the age-group file into a :class:`DiagnosisEditTable`."""
    known = {edit.value: edit for edit in DiagnosisEdit}
    shared: dict[frozenset[str], frozenset[DiagnosisEdit]] = {}
    periods = []
    for line, row in _rows(path, _MASTER_COLUMNS):
        names = frozenset(name.strip() for name in row["flags"].split("|") if name.strip())
        edits = shared.get(names)
        if edits is None:
            unknown = names - known.keys()
            if unknown:
                raise InvalidValue(f"line {line}: unknown edit flag {sorted(unknown)[0]!r}")
            edits = shared[names] = frozenset(known[name] for name in names)
        periods.append(
            DiagnosisEditPeriod(
                code=row["code"],
                effective=_period(row["start_date"], row["end_date"], line=line, through=through),
                edits=edits,
            )
        )
    groups = []
    for line, row in _rows(age_ranges, _AGE_COLUMNS):
        name = row["age_group"].strip().lower()
        if name not in known:
            raise InvalidValue(f"line {line}: unknown age group {row['age_group']!r}")
        try:
            first_age, last_age = int(row["start_age"]), int(row["end_age"])
        except ValueError:
            raise InvalidValue(f"line {line}: ages are whole years") from None
        groups.append(
            AgeGroup(
                edit=known[name],
                first_age=first_age,
                last_age=last_age,
                effective=_period(row["start_date"], row["end_date"], line=line, through=through),
            )
        )
    return DiagnosisEditTable.of(periods=periods, age_groups=groups)
