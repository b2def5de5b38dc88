"""Reader for place-of-service code lists (``code`` or ``code,name...`` CSV files).

CMS publishes the POS code set as a web page, not a file; medoffice carries it in
:mod:`medoffice.coding.pos`. Lists that other tools keep (pyx12, the Tuva Project) can be checked
against it: every code must be two digits and assigned.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Final, final

import attrs

from medoffice.adapters.reference._files import FilePath, Problems, csv_records, read_text
from medoffice.coding import LoadProblem
from medoffice.coding.pos import PLACES_OF_SERVICE

__all__ = ["PosList", "is_pos_header", "load_pos_list"]

_TWO_DIGITS: Final = re.compile(r"\d{2}")
_HEADERS: Final = frozenset({"code", "pos", "pos_code", "place_of_service_code"})


def is_pos_header(fields: list[str], following: list[str] | None) -> bool:
    """Whether a header and the row after it look like a POS code list."""
    if not fields or fields[0].strip().lower() not in _HEADERS or len(fields) > 4:
        return False
    return following is not None and bool(following) and bool(_TWO_DIGITS.fullmatch(following[0]))


@final
@attrs.frozen(kw_only=True)
class PosList:
    """The codes (and names, where the list has them) of a POS list file."""

    file: str
    entries: tuple[tuple[str, str], ...]
    problems: tuple[LoadProblem, ...] = ()

    def __len__(self) -> int:
        return len(self.entries)


def load_pos_list(file: FilePath, *, strict: bool = False) -> PosList:
    """Load a POS list; a code that is not an assigned POS code is a problem."""
    path = Path(file)
    problems = Problems(path, strict=strict)
    records = list(csv_records(read_text(path), file=path.name))
    following = records[1][1] if len(records) > 1 else None
    if not records or not is_pos_header(records[0][1], following):
        raise problems.fatal("not a place-of-service list (no code header found)", 1)
    entries = []
    for number, fields, _ in records[1:]:
        if not any(f.strip() for f in fields):
            continue
        code = fields[0].strip()
        name = fields[1].strip() if len(fields) > 1 else ""
        if code not in PLACES_OF_SERVICE:
            problems.add(number, "REF-VALUE", "not an assigned place-of-service code")
            continue
        entries.append((code, name))
    return PosList(file=path.name, entries=tuple(entries), problems=tuple(problems.found))
