"""Reading CMS files: text decoding, records with line numbers, dates, and problem collection."""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Final

from medoffice.coding import LoadProblem, ReferenceFileError

__all__ = [
    "CODE",
    "FilePath",
    "Problems",
    "Record",
    "csv_records",
    "ends_with_line_end",
    "iso_date",
    "julian_date",
    "read_text",
    "yyyymmdd_date",
]

# A procedure code as the edit tables write it: five letters or digits (CPT, HCPCS, PLA, ...).
CODE: Final = re.compile(r"[0-9A-Z]{5}")

FilePath = str | os.PathLike[str]
"""A file's path as the loaders accept it: a string or any path-like object."""

Record = tuple[int, list[str], bool]
"""A record: the line it starts on, its fields, and whether it ended with a line end."""


def read_text(path: Path) -> str:
    """The file's text: UTF-8 (with or without a byte-order mark), else Latin-1 as CMS writes."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def csv_records(text: str) -> Iterator[Record]:
    """CSV records with the physical line each starts on (quoted cells may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    pending: Record | None = None
    for fields in reader:
        if pending is not None:
            yield pending
        pending = (start, fields, True)
        start = reader.line_num + 1
    if pending is not None:
        # csv cannot tell whether the last record had its line end; the text can.
        yield pending[0], pending[1], ends_with_line_end(text)


def ends_with_line_end(text: str) -> bool:
    """Whether the text's last line is complete."""
    return not text or text.endswith(("\n", "\r"))


_DATES: dict[str, date] = {}


def yyyymmdd_date(text: str) -> date:
    """``20220101`` as a date; ``ValueError`` when it is not a real day."""
    found = _DATES.get(text)
    if found is None:
        if len(text) != 8 or not text.isdigit():
            raise ValueError(f"{text!r} is not a date written YYYYMMDD")
        try:
            found = date(int(text[:4]), int(text[4:6]), int(text[6:]))
        except ValueError:
            raise ValueError(f"{text!r} is not a real day") from None
        _DATES[text] = found
    return found


def iso_date(text: str) -> date:
    """``2022-01-01`` as a date."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a date written YYYY-MM-DD") from None


def julian_date(text: str) -> date:
    """CMS Julian ``YYYYDDD`` (``2013091`` = 2013-04-01) as a date."""
    if len(text) != 7 or not text.isdigit():
        raise ValueError(f"{text!r} is not a Julian date written YYYYDDD")
    try:
        return datetime.strptime(text, "%Y%j").date()  # noqa: DTZ007 - a calendar day, no instant
    except ValueError:
        raise ValueError(f"{text!r} is not a real Julian day") from None


class Problems:
    """Collects a file's problems; with ``strict`` the first one raises instead."""

    def __init__(self, path: Path, *, strict: bool) -> None:
        self.file = path.name
        self.strict = strict
        self.found: list[LoadProblem] = []

    def add(self, line: int, rule: str, message: str, *, kept: bool = False) -> None:
        """Record a problem at ``line`` (raises :class:`ReferenceFileError` when strict)."""
        problem = LoadProblem(file=self.file, line=line, rule=rule, message=message, kept=kept)
        if self.strict:
            raise ReferenceFileError.from_problem(problem)
        self.found.append(problem)

    def fatal(self, message: str, line: int | None = None) -> ReferenceFileError:
        """The error for a file that cannot be read at all."""
        return ReferenceFileError(message, file=self.file, line=line)

    def truncated(self, line: int) -> None:
        """The last record has no line end: kept, but the file may be cut short."""
        self.add(
            line,
            "REF-TRUNCATED",
            "the last line has no line end: the file may be cut short; check the download",
            kept=True,
        )
