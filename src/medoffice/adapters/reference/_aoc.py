"""Reader for the Medicare NCCI add-on code edit file (CSV export of ``AOC_V2026Q2-MCR``).

Layout: a copyright record (one quoted multi-line cell), then the header ``AOC_Edit_Type,
Add-On_Code, AOC_DelDT, Primary_Code, Primary_Code_DelDT, AOC_Edit_EffDT, AOC_Edit_DelDT,
Special_Instruction_Notes``, then one row per add-on/primary pair with Julian ``YYYYDDD`` dates
(empty = none). Columns are found by name, so reordered or renamed-by-case headers still load.
"""

from __future__ import annotations

import contextlib
import functools
from datetime import date
from pathlib import Path
from typing import Any, Final

from medoffice.adapters.reference._cache_directory import cache_directory
from medoffice.adapters.reference._checked_cache import cache_key, read_checked, write_checked
from medoffice.adapters.reference._files import (
    CODE,
    FilePath,
    Problems,
    Record,
    csv_records,
    julian_date,
    read_text,
)
from medoffice.coding._problems import LoadProblem
from medoffice.coding.ncci import AocTable, AocVersion, Quarter
from medoffice.coding.ncci._aoc import AocRow, AocType, group_spans

__all__ = ["find_aoc_header", "load_aoc"]

_COLUMNS: Final = {
    "aoc_edit_type": "type",
    "add-on_code": "add_on",
    "aoc_deldt": "add_on_deleted",
    "primary_code": "primary",
    "primary_code_deldt": "primary_deleted",
    "aoc_edit_effdt": "effective",
    "aoc_edit_deldt": "deleted",
    "special_instruction_notes": "note",
}
_REQUIRED: Final = frozenset({"type", "add_on", "primary", "effective"})
_HEADER_SEARCH: Final = 5


def _name(cell: str) -> str:
    return cell.strip().lower().replace(" ", "_")


def find_aoc_header(records: list[Record]) -> tuple[int, dict[str, int]] | None:
    """Where the add-on header is among the first records, and its column positions."""
    for at, (_, fields, _) in enumerate(records[:_HEADER_SEARCH]):
        columns = {
            _COLUMNS[_name(cell)]: index
            for index, cell in enumerate(fields)
            if _name(cell) in _COLUMNS
        }
        if columns.keys() >= _REQUIRED:
            return at, columns
    return None


# An add-on file repeats a few hundred distinct dates over thousands of rows: each is read once.
_julian: Final = functools.lru_cache(maxsize=4096)(julian_date)


def _optional(text: str) -> date | None:
    return _julian(text) if text else None


_MAGIC: Final = b"MEDOFFICE-AOC-CACHE 2"
_ROW_SIZE: Final = 8


def load_aoc(
    file: FilePath,
    *,
    strict: bool = False,
    version: str | None = None,
    quarter: Quarter | None = None,
    cache: bool = True,
    cache_dir: FilePath | None = None,
) -> AocTable:
    """Load a Medicare NCCI add-on code edit file (the CMS CSV layout) into a table.

    With ``cache`` the rows read are kept, checksummed, in ``cache_dir`` (default
    ``MEDOFFICE_CACHE_DIR`` or the user cache folder); a later load of the same file reads them
    back without parsing the CSV, and a cache that is stale or damaged is rebuilt.
    """
    path = Path(file)
    named = quarter or Quarter.find(version or path.name)
    label = version or path.stem
    if not cache:
        return _table(_compile(path, strict=strict), label, named)
    key = cache_key(_MAGIC, (path,), options=f"strict={strict};name={path.name}")
    target = cache_directory(cache_dir) / f"aoc-{key}.cache"
    cached = read_checked(target, _MAGIC)
    if cached is not None:
        with contextlib.suppress(KeyError, TypeError, ValueError, IndexError, OverflowError):
            return _table(cached, label, named)
    compiled = _compile(path, strict=strict)
    # The cache only saves time: an unwritable cache folder must not stop a load.
    with contextlib.suppress(OSError):
        write_checked(target, _MAGIC, compiled)
    return _table(compiled, label, named)


def _ordinal(day: date | None) -> int | None:
    return None if day is None else day.toordinal()


def _compile(path: Path, *, strict: bool) -> dict[str, Any]:
    """The file's rows (:data:`~medoffice.coding.ncci._aoc.AocRow`), each add-on code's spans
    and the problems, as plain values (days as ordinals)."""
    problems = Problems(path, strict=strict)
    records = list(csv_records(read_text(path), file=path.name))
    found = find_aoc_header(records)
    if found is None:
        raise problems.fatal("not an add-on code edit file (no AOC header found)", 1)
    at, columns = found
    width = max(columns.values()) + 1
    edits: list[AocRow] = []
    for number, fields, terminated in records[at + 1 :]:
        if not any(f.strip() for f in fields):
            continue
        if not terminated:
            problems.truncated(number)
        if len(fields) < width:
            problems.add(number, "REF-FIELDS", f"{len(fields)} fields, expected {width}")
            continue
        cell = {name: fields[index].strip() for name, index in columns.items()}
        try:
            for code in (cell["add_on"], cell["primary"]):
                if not CODE.fullmatch(code):
                    raise ValueError("a code is five letters or digits")
            row = (
                cell["add_on"],
                cell["primary"],
                int(cell["type"]),
                _julian(cell["effective"]).toordinal(),
                _ordinal(_optional(cell.get("deleted", ""))),
                _ordinal(_optional(cell.get("add_on_deleted", ""))),
                _ordinal(_optional(cell.get("primary_deleted", ""))),
                cell.get("note", ""),
            )
            AocType(row[2])  # checked last, as the edit's converter checks it
            edits.append(row)
        except ValueError as error:
            problems.add(number, "REF-VALUE", str(error) or "a value does not parse")
    found_problems = [(p.file, p.line, p.rule.value, p.message, p.kept) for p in problems.found]
    return {"rows": edits, "spans": group_spans(edits), "problems": found_problems}


def _table(compiled: dict[str, Any], label: str, quarter: Quarter | None) -> AocTable:
    """The table from :func:`_compile`'s values (fresh, or read back from the cache). The rows
    stay plain values (each edit is made, tagged with the version ``label``, when asked for);
    a payload of another shape is refused here, so that its cache is rebuilt."""
    rows = compiled["rows"]
    spans = compiled["spans"]
    if (
        not isinstance(rows, list | tuple)
        or not isinstance(spans, dict)
        or any(type(row) is not tuple or len(row) != _ROW_SIZE for row in rows)
        or sum(map(len, spans.values())) != len(rows)
    ):
        raise ValueError("the compiled add-on rows are not readable")
    problems = [
        LoadProblem(file=file, line=line, rule=rule, message=message, kept=kept)
        for file, line, rule, message, kept in compiled["problems"]
    ]
    table = AocVersion(
        version=label, quarter=quarter, rows=tuple(rows), problems=problems, spans=spans
    )
    return AocTable.of(table)
