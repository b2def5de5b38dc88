"""Readers for the practitioner MUE table.

Two layouts, told apart by their header:

- the official CMS CSV (``MCR_MUE_PractitionerServices_Eff_07-01-2026.csv``): Latin-1, an AMA
  notice record (one quoted multi-line cell), a header whose cells may hold line breaks
  (``"HCPCS/\\nCPT Code"``, ``Practitioner Services MUE Values``, ``MUE Adjudication Indicator``,
  ``MUE Rationale``), then rows whose indicator cell reads ``"<digit> <label>"``; the quarter comes
  from the ``Eff_MM-01-YYYY`` part of the file name when the caller does not give it;
- the normalised CSV ``code,max_units,mai,ref_version``, one version per ``ref_version``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Final

from medoffice.adapters.reference._files import (
    CODE,
    FilePath,
    Problems,
    Record,
    csv_records,
    read_text,
)
from medoffice.coding.ncci import MueLimit, MueTable, MueVersion, Quarter

__all__ = ["find_official_mue_header", "load_mue"]

_SPACES: Final = re.compile(r"\s+")
_HEADER_SEARCH: Final = 5


def _cell(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def find_official_mue_header(records: list[Record]) -> tuple[int, dict[str, int]] | None:
    """Where the official MUE header is among the first records, and its column positions."""
    for at, (_, fields, _) in enumerate(records[:_HEADER_SEARCH]):
        cells = [_cell(f).lower() for f in fields]
        if cells and re.fullmatch(r"hcpcs ?/ ?cpt code", cells[0]):
            found = {"code": 0}
            for index, cell in enumerate(cells):
                if "mue value" in cell:
                    found["units"] = index
                elif "adjudication indicator" in cell:
                    found["mai"] = index
                elif "rationale" in cell:
                    found["rationale"] = index
            if found.keys() >= {"units", "mai"}:
                return at, found
    return None


def load_mue(
    file: FilePath,
    *,
    strict: bool = False,
    version: str | None = None,
    quarter: Quarter | None = None,
) -> MueTable:
    """Load a practitioner MUE file (official CMS CSV or normalised CSV) into a table."""
    path = Path(file)
    problems = Problems(path, strict=strict)
    records = list(csv_records(read_text(path), file=path.name))
    official = find_official_mue_header(records)
    header_fields = [f.strip() for f in records[0][1]] if records else []
    if official is not None:
        header_at, columns = official
        body = records[header_at + 1 :]
        found = quarter or Quarter.find(path.name)
        label = version or (f"MUE-{found}" if found else path.stem)
        groups = {label: (found, _read_rows(body, columns, problems))}
    elif header_fields[:3] == ["code", "max_units", "mai"]:
        groups = _read_normalised(records[1:], problems, version=version, quarter=quarter)
    else:
        raise problems.fatal("not an MUE file (no MUE header found)", 1)
    versions = [
        MueVersion.of(version=label, quarter=q, limits=limits)
        for label, (q, limits) in groups.items()
    ]
    if not versions:
        versions = [MueVersion.of(version=version or path.stem, quarter=quarter, limits=())]
    first = versions[0]
    versions[0] = MueVersion(
        version=first.version, quarter=first.quarter, limits=first.limits, problems=problems.found
    )
    return MueTable(versions)


def _read_rows(body: list[Record], columns: dict[str, int], problems: Problems) -> list[MueLimit]:
    limits: dict[str, MueLimit] = {}
    width = max(columns.values()) + 1
    for number, fields, terminated in body:
        if not any(f.strip() for f in fields):
            continue
        if not terminated:
            problems.truncated(number)
        if len(fields) < width:
            problems.add(number, "REF-FIELDS", f"{len(fields)} fields, expected {width}")
            continue
        code = fields[columns["code"]].strip()
        mai_cell = fields[columns["mai"]].strip()
        rationale = fields[columns["rationale"]].strip() if "rationale" in columns else ""
        try:
            if not CODE.fullmatch(code):
                raise ValueError("a code is five letters or digits")
            limit = MueLimit(
                code=code,
                max_units=int(fields[columns["units"]].strip()),
                # the cell reads "2 Date of Service Edit: Policy": the digit is the indicator
                mai=int(mai_cell[:1]) if mai_cell[:1].isdigit() else -1,
                rationale=rationale,
            )
        except ValueError as error:
            problems.add(number, "REF-VALUE", str(error) or "a value does not parse")
            continue
        if code in limits:
            problems.add(number, "REF-DUPLICATE", f"{code} is listed again; the first row is kept")
            continue
        limits[code] = limit
    return list(limits.values())


def _read_normalised(
    body: list[Record], problems: Problems, *, version: str | None, quarter: Quarter | None
) -> dict[str, tuple[Quarter | None, list[MueLimit]]]:
    groups: dict[str, dict[str, MueLimit]] = {}
    for number, fields, terminated in body:
        if not any(f.strip() for f in fields):
            continue
        if not terminated:
            problems.truncated(number)
        if len(fields) != 4:
            problems.add(number, "REF-FIELDS", f"{len(fields)} fields, expected 4")
            continue
        code, units, mai, ref = (f.strip() for f in fields)
        label = version or ref or "MUE"
        try:
            if not CODE.fullmatch(code):
                raise ValueError("a code is five letters or digits")
            limit = MueLimit(code=code, max_units=int(units), mai=int(mai))
        except ValueError as error:
            problems.add(number, "REF-VALUE", str(error) or "a value does not parse")
            continue
        group = groups.setdefault(label, {})
        if code in group:
            problems.add(number, "REF-DUPLICATE", f"{code} is listed again; the first row is kept")
            continue
        group[code] = limit
    return {
        label: (quarter or Quarter.find(label), list(limits.values()))
        for label, limits in groups.items()
    }
