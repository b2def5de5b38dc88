"""Readers for the NCCI practitioner PTP files.

Three layouts, told apart by their header, never by the file name:

- the official tab-delimited text (``ccipra-v322r0-f1.TXT``): Latin-1, CRLF, a notice line and a
  title line, then a header that may be wrapped over several physical lines (``Column 1``,
  ``Column 2``, ``*=in existence prior to 1996``, ``Effective Date``, ``Deletion Date *=no data``,
  ``Modifier 0=not allowed 1=allowed 9=not applicable``, ``PTP Edit Rationale``), then rows of
  seven fields with dates ``YYYYMMDD`` and ``*`` for no deletion date;
- the same layout saved from a spreadsheet as CSV (comma-separated, header cells possibly
  quoted over several lines, empty trailing cells, dates ``YYYYMMDD`` or ISO);
- the normalised CSV ``col1,col2,effective,deleted,modifier_indicator,ref_version`` with ISO dates,
  an empty ``deleted`` for none, and one table version per ``ref_version``.

:func:`load_ptp` reads one or more files into a :class:`~medoffice.coding.ncci.PtpTable` through
the compiled cache (:mod:`._ptp_cache`): the first load of a quarter parses the text, later ones
read the cache back while the files, the options and the library version are unchanged.

More information: CMS, "Medicare NCCI Procedure to Procedure (PTP) Edits"
(https://www.cms.gov/medicare/coding-billing/national-correct-coding-initiative-ncci-edits/medicare-ncci-procedure-procedure-ptp-edits)
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Final

from medoffice.adapters.reference._cache_directory import cache_directory
from medoffice.adapters.reference._files import (
    CODE,
    FilePath,
    Problems,
    Record,
    csv_records,
    iso_date,
    read_text,
    yyyymmdd_date,
)
from medoffice.adapters.reference._ptp_cache import cache_key, read_cache, write_cache
from medoffice.coding import ReferenceFileError
from medoffice.coding.ncci import PtpColumns, PtpTable, PtpTableBuilder, Quarter

__all__ = [
    "NORMALISED_PTP_HEADER",
    "PREAMBLE_LIMIT",
    "is_official_ptp",
    "is_official_ptp_csv",
    "load_ptp",
    "official_csv_header",
    "read_ptp_columns",
]

NORMALISED_PTP_HEADER: Final = ("col1", "col2", "effective", "deleted", "modifier_indicator")
_OFFICIAL_VERSION: Final = re.compile(r"ccipra-v\d+r\d+", re.IGNORECASE)
_FIELDS: Final = 7
PREAMBLE_LIMIT: Final = 20


def is_official_ptp(head: str) -> bool:
    """Whether the first lines of a file are the official PTP text layout."""
    lines = head.splitlines()[:PREAMBLE_LIMIT]
    return any(line.startswith("Column 1\tColumn 2") for line in lines)


def _official_csv_head(head: str) -> bool:
    try:
        records = [r for _, r in zip(range(PREAMBLE_LIMIT), csv_records(head), strict=False)]
    except ReferenceFileError:
        return False
    return official_csv_header(records) is not None


def is_official_ptp_csv(head: str) -> bool:
    """Whether the first lines are the official layout saved from a spreadsheet as CSV."""
    return _official_csv_head(head)


def _official_version(path: Path) -> str:
    found = _OFFICIAL_VERSION.search(path.name)
    return found.group(0).lower() if found else path.stem


def read_ptp_columns(
    paths: Iterable[Path],
    *,
    strict: bool = False,
    version: str | None = None,
    quarter: Quarter | None = None,
) -> tuple[PtpColumns, ...]:
    """Read PTP files into compiled versions; files of the same version are joined."""
    builders = _Builders(version=version, quarter=quarter)
    names = []
    for path in paths:
        names.append(path.name)
        problems = Problems(path, strict=strict)
        with path.open("rb") as handle:
            head = handle.read(4096).decode("latin-1")
        if is_official_ptp(head):
            target = builders.official(path)
            _read_official(path, target, problems)
            used = [target]
        elif _official_csv_head(head):
            target = builders.official(path)
            _read_official_csv(path, target, problems)
            used = [target]
        elif tuple(head.split("\n", 1)[0].strip().split(",")[:5]) == NORMALISED_PTP_HEADER:
            used = []
            _read_normalised(path, problems, functools.partial(builders.by_ref, used=used))
        else:
            raise ReferenceFileError("not an NCCI PTP file (no PTP header found)", file=path.name)
        # A row that cannot be read names no version: its problem goes with the file's first.
        holder = used[0] if used else builders.by_ref(path.stem, used)
        for problem in problems.found:
            holder.note(problem)
    if not builders.all:
        raise ReferenceFileError("no PTP files given", file=", ".join(names))
    return tuple(b.build() for b in builders.all.values())


class _Builders:
    """One builder per table version met in the files."""

    def __init__(self, *, version: str | None, quarter: Quarter | None) -> None:
        self.version = version
        self.quarter = quarter
        self.all: dict[str, PtpTableBuilder] = {}

    def _get(self, label: str, found: Quarter | None) -> PtpTableBuilder:
        if label not in self.all:
            self.all[label] = PtpTableBuilder(version=label, quarter=self.quarter or found)
        return self.all[label]

    def official(self, path: Path) -> PtpTableBuilder:
        label = self.version or _official_version(path)
        return self._get(label, Quarter.find(label) or Quarter.find(path.name))

    def by_ref(self, ref: str, used: list[PtpTableBuilder]) -> PtpTableBuilder:
        label = self.version or ref
        target = self._get(label, Quarter.find(label))
        if target not in used:
            used.append(target)
        return target


def _add_official_row(
    builder: PtpTableBuilder,
    number: int,
    fields: list[str],
    problems: Problems,
    valid_codes: set[str],
) -> None:
    first, second, prior, effective, deleted, indicator, rationale = fields
    try:
        for code in (first, second):
            if code not in valid_codes:
                if not CODE.fullmatch(code):
                    raise ValueError("a code is five letters or digits")
                valid_codes.add(code)
        builder.add(
            first,
            second,
            effective=_official_date(effective),
            deleted=None if deleted.strip() == "*" else _official_date(deleted),
            indicator=int(indicator),
            rationale=rationale.strip(),
            prior_1996=prior.strip() == "*",
        )
    except ValueError as error:
        problems.add(number, "REF-VALUE", str(error))


def _official_date(text: str) -> date:
    # The text files write YYYYMMDD; a spreadsheet export may turn the cell into an ISO date.
    text = text.strip()
    return iso_date(text) if "-" in text else yyyymmdd_date(text)


def _read_official(path: Path, builder: PtpTableBuilder, problems: Problems) -> None:
    seen_header = False
    in_data = False
    valid_codes: set[str] = set()
    with path.open(encoding="latin-1", newline="") as handle:
        for number, raw in enumerate(handle, 1):
            line = raw.rstrip("\r\n")
            fields = line.split("\t")
            if not in_data:
                if line.startswith("Column 1\tColumn 2"):
                    seen_header = True
                if not (seen_header and CODE.fullmatch(fields[0])):
                    continue
                in_data = True
            if not line:
                continue
            if len(line) == len(raw):
                problems.truncated(number)
            if len(fields) != _FIELDS:
                problems.add(number, "REF-FIELDS", f"{len(fields)} fields, expected {_FIELDS}")
                continue
            _add_official_row(builder, number, fields, problems, valid_codes)
    if not seen_header:
        raise problems.fatal("no PTP header found")


def official_csv_header(records: list[Record]) -> int | None:
    """Where the official header is when the layout was saved from a spreadsheet as CSV."""
    for at, (_, fields, _) in enumerate(records[:PREAMBLE_LIMIT]):
        # Only the first two cells name the layout: the others are not normalised.
        if len(fields) >= _FIELDS and [" ".join(f.split()).lower() for f in fields[:2]] == [
            "column 1",
            "column 2",
        ]:
            return at
    return None


def _read_official_csv(path: Path, builder: PtpTableBuilder, problems: Problems) -> None:
    records = list(csv_records(read_text(path), file=path.name))
    at = official_csv_header(records)
    if at is None:
        raise problems.fatal("no PTP header found")
    valid_codes: set[str] = set()
    for number, cells, terminated in records[at + 1 :]:
        if not any(f.strip() for f in cells):
            continue
        if not terminated:
            problems.truncated(number)
        fields = [f.strip() for f in cells]
        # Spreadsheet exports often carry empty cells past the last column.
        while len(fields) > _FIELDS and not fields[-1]:
            fields.pop()
        if len(fields) != _FIELDS:
            problems.add(number, "REF-FIELDS", f"{len(fields)} fields, expected {_FIELDS}")
            continue
        _add_official_row(builder, number, fields, problems, valid_codes)


def _read_normalised(
    path: Path, problems: Problems, builder_for: Callable[[str], PtpTableBuilder]
) -> None:
    records = csv_records(read_text(path), file=path.name)
    next(records, None)  # the header, checked by the caller
    for number, fields, terminated in records:
        if not fields:
            continue
        if not terminated:
            problems.truncated(number)
        if len(fields) != 6:
            problems.add(number, "REF-FIELDS", f"{len(fields)} fields, expected 6")
            continue
        first, second, effective, deleted, indicator, ref = (f.strip() for f in fields)
        try:
            if not (CODE.fullmatch(first) and CODE.fullmatch(second)):
                raise ValueError("a code is five letters or digits")
            builder_for(ref or path.stem).add(
                first,
                second,
                effective=iso_date(effective),
                deleted=_optional_iso(deleted),
                indicator=int(indicator),
            )
        except ValueError as error:
            problems.add(number, "REF-VALUE", str(error))


def _optional_iso(text: str) -> date | None:
    return None if text in ("", "*") else iso_date(text)


def load_ptp(
    path: FilePath,
    *more: FilePath,
    strict: bool = False,
    version: str | None = None,
    quarter: Quarter | None = None,
    cache: bool = True,
    cache_dir: FilePath | None = None,
) -> PtpTable:
    """Load practitioner PTP files (official text or normalised CSV) into one table.

    Files of the same version (``ccipra-v322r0-f1`` to ``-f4``) are joined. With ``cache`` the
    compiled form is kept in ``cache_dir`` (default ``MEDOFFICE_CACHE_DIR`` or the user cache
    folder), keyed by the files' content and the library version, and reused while it matches.
    """
    paths = [Path(p) for p in (path, *more)]
    if not cache:
        return PtpTable(read_ptp_columns(paths, strict=strict, version=version, quarter=quarter))
    key = cache_key(paths, options=f"strict={strict};version={version};quarter={quarter}")
    target = cache_directory(cache_dir) / f"ptp-{key}.bin"
    parts = read_cache(target)
    if parts is None:
        parts = read_ptp_columns(paths, strict=strict, version=version, quarter=quarter)
        # The cache only saves time: an unwritable cache folder must not stop a load.
        with contextlib.suppress(OSError):
            write_cache(target, parts)
    return PtpTable(parts)
