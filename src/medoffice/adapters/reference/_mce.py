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
>>> table = load_diagnosis_edits(
...     folder / "dx.csv", age_ranges=folder / "ages.csv", cache_dir=folder / "cache"
... )
>>> [e.value for e in table.edits("Z38.00", on=date(2026, 6, 1))]
['newborn']
"""

from __future__ import annotations

import contextlib
import csv
import sys
from array import array
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any, Final

from medoffice.adapters.reference._cache_directory import cache_directory
from medoffice.adapters.reference._checked_cache import cache_key, read_checked, write_checked
from medoffice.adapters.reference._files import FilePath, yyyymmdd_date
from medoffice.coding import ReferenceFileError
from medoffice.coding.icd10cm import (
    AgeGroup,
    DiagnosisEdit,
    DiagnosisEditTable,
    undotted,
)
from medoffice.kernel._errors import InvalidValue
from medoffice.kernel._ranges import DateRange

__all__ = ["load_diagnosis_edits"]

_MASTER_COLUMNS: Final = ("code", "start_date", "end_date", "flags")
_AGE_COLUMNS: Final = ("age_group", "start_age", "end_age", "start_date", "end_date")


def _day(value: str, *, line: int) -> int:
    """The day's ordinal (parsed by hand and remembered: ``strptime`` was half of a load)."""
    try:
        return yyyymmdd_date(value.strip()).toordinal()
    except ValueError:
        raise InvalidValue(f"line {line}: a date is written YYYYMMDD") from None


class _Periods:
    """Each distinct (start, end) pair once, numbered: a few hundred for 85,000 rows."""

    def __init__(self, through: date | None) -> None:
        self.through = None if through is None else through.toordinal()
        self.numbers: dict[tuple[str, str], int] = {}
        self.spans: list[tuple[int, int | None]] = []

    def number(self, start: str, end: str, *, line: int) -> int:
        found = self.numbers.get((start, end))
        if found is None:
            last = _day(end, line=line) if end.strip() else self.through
            self.spans.append((_day(start, line=line), last))
            found = self.numbers[start, end] = len(self.spans) - 1
        return found


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


_MAGIC: Final = b"MEDOFFICE-MCE-CACHE 4"
# The row columns (offsets, period and edit-set numbers) as machine integers, read back in one
# copy rather than as 250,000 numbers.
_TYPE: Final = "I"


def load_diagnosis_edits(
    path: FilePath,
    *,
    age_ranges: FilePath,
    through: date | None = None,
    cache: bool = True,
    cache_dir: FilePath | None = None,
) -> DiagnosisEditTable:
    """Read the edit master and the age-group file into a :class:`DiagnosisEditTable`.

    With ``cache`` the rows read are kept, checksummed, in ``cache_dir`` (default
    ``MEDOFFICE_CACHE_DIR`` or the user cache folder); a later load of the same files reads
    them back without parsing the CSV, and a cache that is stale or damaged is rebuilt.
    """
    path, age_ranges = Path(path), Path(age_ranges)
    if not cache:
        return _table(_compile(path, age_ranges, through))
    # The columns are machine integers: a cache is read back on a machine of the same byte order.
    options = f"through={through};{sys.byteorder};{array(_TYPE).itemsize}"
    key = cache_key(_MAGIC, (path, age_ranges), options=options)
    target = cache_directory(cache_dir) / f"mce-{key}.cache"
    cached = read_checked(target, _MAGIC)
    if cached is not None:
        with contextlib.suppress(
            InvalidValue, KeyError, TypeError, ValueError, IndexError, AttributeError
        ):
            # Checksummed, and written only after the full check below passed.
            return _table(cached, checked=True)
    compiled = _compile(path, age_ranges, through)
    table = _table(compiled)  # checked in full before it is cached
    # The cache only saves time: an unwritable cache folder must not stop a load.
    with contextlib.suppress(OSError):
        write_checked(target, _MAGIC, compiled)
    return table


def _compile(path: Path, age_ranges: Path, through: date | None) -> dict[str, Any]:
    """The files' rows as plain values: flag sets and periods numbered, days as ordinals."""
    known = {edit.value for edit in DiagnosisEdit}
    flag_sets: dict[frozenset[str], int] = {}
    spans = _Periods(through)
    rows: dict[str, list[tuple[int, int]]] = {}
    for line, row in _rows(path, _MASTER_COLUMNS):
        names = frozenset(name.strip() for name in row["flags"].split("|") if name.strip())
        number = flag_sets.get(names)
        if number is None:
            unknown = names - known
            if unknown:
                raise InvalidValue(f"line {line}: unknown edit flag {sorted(unknown)[0]!r}")
            number = flag_sets[names] = len(flag_sets)
        period = spans.number(row["start_date"], row["end_date"], line=line)
        rows.setdefault(undotted(row["code"]), []).append((period, number))
    groups = []
    for line, row in _rows(age_ranges, _AGE_COLUMNS):
        name = row["age_group"].strip().lower()
        if name not in known:
            raise InvalidValue(f"line {line}: unknown age group {row['age_group']!r}")
        try:
            first_age, last_age = int(row["start_age"]), int(row["end_age"])
        except ValueError:
            raise InvalidValue(f"line {line}: ages are whole years") from None
        period = spans.number(row["start_date"], row["end_date"], line=line)
        groups.append((name, first_age, last_age, period))
    codes = sorted(rows)  # sorted: the table finds a code by bisection
    offsets, row_spans, row_edits = [0], list[int](), list[int]()
    starts = [first for first, _ in spans.spans]
    for code in codes:
        found = rows[code]
        if len(found) > 1:
            found.sort(key=lambda row: starts[row[0]])
        for span, edits in found:
            row_spans.append(span)
            row_edits.append(edits)
        offsets.append(len(row_spans))
    return {
        "codes": "\n".join(codes),
        "offsets": array(_TYPE, offsets).tobytes(),
        "row_spans": array(_TYPE, row_spans).tobytes(),
        "row_edits": array(_TYPE, row_edits).tobytes(),
        "flag_sets": [sorted(names) for names in flag_sets],
        "periods": spans.spans,
        "groups": groups,
    }


def _column(data: bytes) -> array[int]:
    column = array(_TYPE)
    column.frombytes(data)
    return column


def _table(compiled: dict[str, Any], *, checked: bool = False) -> DiagnosisEditTable:
    """The table from :func:`_compile`'s values (fresh, or read back from the cache: then
    ``checked``, its rows' dates having been checked before it was written)."""
    edits = [frozenset(DiagnosisEdit(name) for name in names) for names in compiled["flag_sets"]]
    periods = [
        DateRange.starting(date.fromordinal(first))
        if last is None
        else DateRange(date.fromordinal(first), date.fromordinal(last))
        for first, last in compiled["periods"]
    ]
    codes = compiled["codes"]
    return DiagnosisEditTable.compiled(
        codes=codes.split("\n") if codes else [],
        offsets=_column(compiled["offsets"]),
        row_spans=_column(compiled["row_spans"]),
        row_edits=_column(compiled["row_edits"]),
        spans=periods,
        edit_sets=edits,
        age_groups=[
            AgeGroup(
                edit=DiagnosisEdit(name),
                first_age=first_age,
                last_age=last_age,
                effective=periods[period],
            )
            for name, first_age, last_age, period in compiled["groups"]
        ],
        checked=checked,
    )
