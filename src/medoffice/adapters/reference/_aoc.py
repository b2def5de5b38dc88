"""Reader for the Medicare NCCI add-on code edit file (CSV export of ``AOC_V2026Q2-MCR``).

Layout: a copyright record (one quoted multi-line cell), then the header ``AOC_Edit_Type,
Add-On_Code, AOC_DelDT, Primary_Code, Primary_Code_DelDT, AOC_Edit_EffDT, AOC_Edit_DelDT,
Special_Instruction_Notes``, then one row per add-on/primary pair with Julian ``YYYYDDD`` dates
(empty = none). Columns are found by name, so reordered or renamed-by-case headers still load.
"""

from __future__ import annotations

import functools
from datetime import date
from pathlib import Path
from typing import Final

from medoffice.adapters.reference._files import (
    CODE,
    FilePath,
    Problems,
    Record,
    csv_records,
    julian_date,
    read_text,
)
from medoffice.coding.ncci import AocEdit, AocTable, AocVersion, Quarter

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


def load_aoc(
    file: FilePath,
    *,
    strict: bool = False,
    version: str | None = None,
    quarter: Quarter | None = None,
) -> AocTable:
    """Load a Medicare NCCI add-on code edit file (the CMS CSV layout) into a table."""
    path = Path(file)
    problems = Problems(path, strict=strict)
    records = list(csv_records(read_text(path), file=path.name))
    found = find_aoc_header(records)
    if found is None:
        raise problems.fatal("not an add-on code edit file (no AOC header found)", 1)
    at, columns = found
    width = max(columns.values()) + 1
    edits = []
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
            edits.append(
                AocEdit(
                    add_on=cell["add_on"],
                    primary=cell["primary"],
                    type=int(cell["type"]),
                    effective=_julian(cell["effective"]),
                    deleted=_optional(cell.get("deleted", "")),
                    add_on_deleted=_optional(cell.get("add_on_deleted", "")),
                    primary_deleted=_optional(cell.get("primary_deleted", "")),
                    note=cell.get("note", ""),
                )
            )
        except ValueError as error:
            problems.add(number, "REF-VALUE", str(error) or "a value does not parse")
    named = quarter or Quarter.find(version or path.name)
    label = version or path.stem
    table = AocVersion.of(version=label, quarter=named, edits=edits, problems=problems.found)
    return AocTable.of(table)
