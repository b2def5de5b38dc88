"""Reader for the CMS HCPCS Level II alpha-numeric file (the CSV export of ``HCPCyyyy_MMM_ANWEB``).

The 48 columns are found by their header names (``HCPC``, ``RECID``, ``LONG DESCRIPTION``,
``SHORT DESCRIPTION``, ``PRICE1`` to ``PRICE4``, ``COV``, ``ADD DT``, ``ACT EFF DT``,
``TERM DT``, ``ACTION CD``; underscores and spaces alike). Record type 3 is a procedure or
supply code, 7 a modifier, 4 and 8 continue the long description of the record before them.
Modifiers are right-aligned in the code column (``"   A1"``) and are stripped. The values are
those of :mod:`medoffice.coding.procedures` (codes) and :mod:`medoffice.coding.modifiers`.

More information: CMS, "Quarterly HCPCS update"
(https://www.cms.gov/medicare/coding-billing/healthcare-common-procedure-system/quarterly-update)

>>> from datetime import date
>>> from medoffice.coding.procedures import HcpcsCode
>>> HcpcsCode(code="G0438", added=date(2011, 1, 1)).valid_on(date(2026, 3, 2))
True
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, Final

from medoffice.adapters.reference._cache_directory import cache_directory
from medoffice.adapters.reference._checked_cache import cache_key, read_checked, write_checked
from medoffice.adapters.reference._files import CODE, FilePath, Problems, csv_records, read_text
from medoffice.adapters.reference._files import yyyymmdd_date as _day
from medoffice.coding import LoadProblem
from medoffice.coding.modifiers import HcpcsModifier
from medoffice.coding.ncci import Quarter
from medoffice.coding.procedures import HcpcsCode, HcpcsCodeSet
from medoffice.coding.procedures._hcpcs import LazyRecords
from medoffice.kernel._errors import InvalidValue

__all__ = ["find_hcpcs_header", "load_hcpcs"]

_MODIFIER: Final = re.compile(r"[0-9A-Z]{2}")
_WANTED: Final = (
    "HCPC",
    "RECID",
    "LONG DESCRIPTION",
    "SHORT DESCRIPTION",
    "PRICE1",
    "PRICE2",
    "PRICE3",
    "PRICE4",
    "COV",
    "ADD DT",
    "ACT EFF DT",
    "TERM DT",
    "ACTION CD",
)
_REQUIRED: Final = frozenset({"HCPC", "RECID", "ADD DT", "TERM DT"})
_ALIASES: Final = {"HCPCS": "HCPC", "HCPCS CODE": "HCPC", "REC ID": "RECID"}


def _name(cell: str) -> str:
    name = " ".join(cell.replace("_", " ").upper().split())
    return _ALIASES.get(name, name)


def find_hcpcs_header(fields: list[str]) -> dict[str, int] | None:
    """Column positions when ``fields`` is the HCPCS file's header."""
    columns: dict[str, int] = {}
    for index, cell in enumerate(fields):
        name = _name(cell)
        if name in _WANTED and name not in columns:
            columns[name] = index
    return columns if columns.keys() >= _REQUIRED else None


def _optional_day(text: str) -> date | None:
    return _day(text) if text else None


_MAGIC: Final = b"MEDOFFICE-HCPCS-CACHE 3"
_DAYS: Final = ("added", "action_effective", "terminated")
# The fields of a code's record besides the code, in the order the cache's columns are read.
_COLUMNS: Final = (
    "short_description",
    "long_description",
    "coverage",
    "pricing",
    "added",
    "action_effective",
    "terminated",
    "action",
)
_FIELDS: Final = frozenset({"code", *_COLUMNS})


def load_hcpcs(
    file: FilePath,
    *,
    strict: bool = False,
    cache: bool = True,
    cache_dir: FilePath | None = None,
) -> HcpcsCodeSet:
    """Load the CMS HCPCS file (the 48-column CSV export of ``HCPCyyyy_MMM_ANWEB``).

    Codes (record type 3) and modifiers (record type 7) are read; continuation records (4 and 8)
    extend the long description of the record before them. Rows that cannot be read are listed
    in ``problems`` with their line numbers (``strict=True`` raises instead). With ``cache`` the
    records read are kept, checksummed, in ``cache_dir`` (default ``MEDOFFICE_CACHE_DIR`` or the
    user cache folder); a later load of the same file reads them back without parsing the CSV,
    and a cache that is stale or damaged is rebuilt.
    """
    path = Path(file)
    if not cache:
        return _code_set(_compile(path, strict=strict))
    key = cache_key(_MAGIC, (path,), options=f"strict={strict};name={path.name}")
    target = cache_directory(cache_dir) / f"hcpcs-{key}.cache"
    cached = read_checked(target, _MAGIC)
    if cached is not None:
        with contextlib.suppress(InvalidValue, KeyError, TypeError, ValueError, AttributeError):
            return _code_set(cached, cached=True)
    compiled = _compile(path, strict=strict)
    # The cache only saves time: an unwritable cache folder must not stop a load.
    with contextlib.suppress(OSError):
        write_checked(target, _MAGIC, compiled)
    return _code_set(compiled)


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    """A record's values as JSON values: days as ordinals."""
    return {
        name: (value.toordinal() if name in _DAYS and value is not None else value)
        for name, value in values.items()
    }


def _values(plain: dict[str, Any]) -> dict[str, Any]:
    """The record's values back from :func:`_plain`."""
    return {
        name: (date.fromordinal(value) if name in _DAYS and value is not None else value)
        for name, value in plain.items()
    }


def _columns(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The codes' records (days as dates) as one column per field (days as ordinals), the codes
    as one text: a cache of columns reads back several times faster than one of 8,000 records."""
    columns: dict[str, Any] = {name: [row[name] for row in rows] for name in ("code", *_COLUMNS)}
    columns["code"] = "\n".join(columns["code"])
    for name in _DAYS:
        columns[name] = [None if day is None else day.toordinal() for day in columns[name]]
    return columns


def _records(columns: dict[str, Any]) -> tuple[dict[str, int], Callable[[int], HcpcsCode]]:
    """Each code's row, and what makes a row's record from the columns; the columns' shape is
    checked here, so that a cache this version cannot read is rebuilt."""
    text = columns["code"]
    if not isinstance(text, str) or columns.keys() != _FIELDS:
        raise InvalidValue("the cached HCPCS codes are not readable")
    codes = text.split("\n") if text else []
    index = dict(zip(codes, range(len(codes)), strict=True))
    values = [columns[name] for name in _COLUMNS]
    if len(index) != len(codes) or any(
        not isinstance(column, list) or len(column) != len(codes) for column in values
    ):
        raise InvalidValue("the cached HCPCS codes are not readable")
    (
        short_descriptions,
        long_descriptions,
        coverages,
        pricings,
        added,
        action_effective,
        terminated,
        actions,
    ) = values

    def day(ordinal: int | None) -> date | None:
        return None if ordinal is None else date.fromordinal(ordinal)

    def record(row: int) -> HcpcsCode:
        return HcpcsCode(
            code=codes[row],
            short_description=short_descriptions[row],
            long_description=long_descriptions[row],
            coverage=coverages[row],
            pricing=pricings[row],
            added=day(added[row]),
            action_effective=day(action_effective[row]),
            terminated=day(terminated[row]),
            action=actions[row],
        )

    return index, record


def _code_set(compiled: dict[str, Any], *, cached: bool = False) -> HcpcsCodeSet:
    """The code set from :func:`_compile`'s values (fresh, or read back from the cache, whose
    codes were checked once when it was written and are made on first use)."""
    effective = compiled["effective"]
    release = compiled["release"]
    day = None if effective is None else date.fromordinal(effective)
    modifiers = [HcpcsModifier(**_values(values)) for values in compiled["modifiers"]]
    problems = [
        LoadProblem(file=file, line=line, rule=rule, message=message, kept=kept)
        for file, line, rule, message, kept in compiled["problems"]
    ]
    if cached:
        if not isinstance(release, str):
            raise InvalidValue("the cached HCPCS release is not readable")
        index, record = _records(compiled["codes"])
        return HcpcsCodeSet(
            release=release,
            effective=day,
            codes=LazyRecords(index, range(len(index)), record),  # made on first use
            modifiers={modifier.code: modifier for modifier in modifiers},
            problems=problems,
        )
    index, record = _records(compiled["codes"])
    return HcpcsCodeSet.of(
        release=release,
        effective=day,
        codes=map(record, range(len(index))),
        modifiers=modifiers,
        problems=problems,
    )


def _compile(path: Path, *, strict: bool) -> dict[str, Any]:
    """The file's records as plain values (what the cache holds), with the rows' problems."""
    problems = Problems(path, strict=strict)
    records = csv_records(read_text(path), file=path.name)
    first = next(records, None)
    columns = None if first is None else find_hcpcs_header(first[1])
    if columns is None:
        raise problems.fatal("not a HCPCS Level II file (no HCPC/RECID header found)", 1)
    codes: dict[str, dict[str, Any]] = {}
    modifiers: dict[str, dict[str, Any]] = {}
    previous: dict[str, Any] | None = None
    for number, fields, terminated in records:
        if not any(f.strip() for f in fields):
            continue
        if not terminated:
            problems.truncated(number)
        previous = _read_record(
            number,
            fields,
            columns=columns,
            problems=problems,
            codes=codes,
            modifiers=modifiers,
            previous=previous,
        )
    found = Quarter.find(path.name)
    return {
        "release": path.stem,
        "effective": None if found is None else found.first_day.toordinal(),
        "codes": _columns(list(codes.values())),
        "modifiers": [_plain(values) for values in modifiers.values()],
        "problems": [(p.file, p.line, str(p.rule), p.message, p.kept) for p in problems.found],
    }


def _read_record(
    number: int,
    fields: list[str],
    *,
    columns: dict[str, int],
    problems: Problems,
    codes: dict[str, dict[str, Any]],
    modifiers: dict[str, dict[str, Any]],
    previous: dict[str, Any] | None,
) -> dict[str, Any] | None:
    width = max(columns.values()) + 1
    if len(fields) < width:
        problems.add(number, "REF-FIELDS", f"{len(fields)} fields, expected {width}")
        return None
    cell = {name: fields[index].strip() for name, index in columns.items()}
    kind = cell["RECID"]
    if kind in ("4", "8"):
        if previous is None:
            problems.add(number, "REF-VALUE", "a continuation record with nothing to continue")
            return None
        previous["long_description"] = (
            f"{previous['long_description']} {cell.get('LONG DESCRIPTION', '')}".strip()
        )
        return previous
    code = cell["HCPC"].upper()
    try:
        values: dict[str, Any] = {
            "code": code,
            "short_description": cell.get("SHORT DESCRIPTION", ""),
            "long_description": cell.get("LONG DESCRIPTION", ""),
            "added": _optional_day(cell["ADD DT"]),
            "action_effective": _optional_day(cell.get("ACT EFF DT", "")),
            "terminated": _optional_day(cell["TERM DT"]),
            "action": cell.get("ACTION CD", ""),
        }
        if kind == "3":
            if not CODE.fullmatch(code):
                raise ValueError("a HCPCS code is five letters or digits")
            values["coverage"] = cell.get("COV") or None
            values["pricing"] = tuple(
                p for p in (cell.get(f"PRICE{n}", "") for n in range(1, 5)) if p
            )
            HcpcsCode(**values)  # validates the coverage code before the row is accepted
            target = codes
        elif kind == "7":
            if not _MODIFIER.fullmatch(code):
                raise ValueError("a HCPCS modifier is two letters or digits")
            values["coverage"] = cell.get("COV", "")
            target = modifiers
        else:
            raise ValueError(f"record type {kind!r} is not 3, 4, 7 or 8")
    except ValueError as error:
        problems.add(number, "REF-VALUE", str(error) or "a value does not parse")
        return None
    if code in target:
        problems.add(number, "REF-DUPLICATE", f"{code} is listed again; the first row is kept")
        return None
    target[code] = values
    return values
