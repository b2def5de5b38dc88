"""Reading CMS files: text decoding, records with line numbers, dates, and problem collection."""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Final

from medoffice.coding import LoadProblem, ReferenceFileError
from medoffice.kernel import Finding, Report, Severity

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
    "reference_files",
    "reference_report",
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


def csv_records(text: str, *, file: str = "the file") -> Iterator[Record]:
    """CSV records with the physical line each starts on (quoted cells may span lines).

    A record that the csv module cannot read (a field longer than its limit of 131,072
    characters, a stray NUL) is a :class:`~medoffice.coding.ReferenceFileError` naming ``file``
    and the line, never a ``_csv.Error``.
    """
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    pending: Record | None = None
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise ReferenceFileError(
                f"not readable as CSV ({error})", file=file, line=reader.line_num
            ) from None
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


def reference_files(root: Path) -> tuple[list[Path], list[LoadProblem]]:
    """Every file under ``root`` (sorted), and a problem for each folder that was not searched.

    A sub-folder that cannot be read, and a symbolic link to a folder (not followed: it could
    lead anywhere, or round in a loop), are reported as ``REF-FOLDER-SKIPPED`` problems rather
    than passed over in silence. Hidden files are left out.
    """
    files: list[Path] = []
    problems: list[LoadProblem] = []

    def unreadable(error: OSError) -> None:
        where = Path(error.filename or root)
        problems.append(_skipped(root, where, f"cannot be read ({error.strerror or error})"))

    for folder, subfolders, names in os.walk(root, onerror=unreadable, followlinks=False):
        here = Path(folder)
        for name in sorted(subfolders):
            if (here / name).is_symlink():
                problems.append(
                    _skipped(root, here / name, "is a symbolic link to a folder: not followed")
                )
        for name in names:
            path = here / name
            if not name.startswith(".") and path.is_file():
                files.append(path)
    return sorted(files), sorted(problems, key=lambda p: p.file)


def _skipped(root: Path, folder: Path, why: str) -> LoadProblem:
    try:
        shown = str(folder.relative_to(root)) or "."
    except ValueError:
        shown = str(folder)
    return LoadProblem(
        file=f"{shown}/",
        line=0,
        rule="REF-FOLDER-SKIPPED",
        message=f"the folder {why}; its files were not loaded",
    )


def reference_report(problems: Iterable[LoadProblem]) -> Report:
    """The findings a check adds for the problems of the reference files it relies on.

    Each problem is an error (the file is damaged: a last line without its line end, rows left
    out, a folder not searched), so that the check's report is not ``ok`` while an answer may
    rest on a damaged file; a code listed twice (``REF-DUPLICATE``, the first kept) is a
    warning.

    >>> problem = LoadProblem(
    ...     file="HCPC2026_JAN_ANWEB.csv",
    ...     line=4120,
    ...     rule="REF-TRUNCATED",
    ...     message="cut short",
    ...     kept=True,
    ... )
    >>> report = reference_report([problem])
    >>> report.ok, report.findings[0].path
    (False, 'HCPC2026_JAN_ANWEB.csv:4120')
    """
    return Report.of(
        Finding(
            rule=problem.rule,
            severity=Severity.WARNING if problem.rule == "REF-DUPLICATE" else Severity.ERROR,
            message=f"reference file {problem.file}: {problem.message}",
            path=f"{problem.file}:{problem.line}",
            value=problem.file,
        )
        for problem in problems
    )
