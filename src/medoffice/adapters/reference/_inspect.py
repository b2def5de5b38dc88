"""Recognise the CMS reference files in a folder and say what each holds.

Each file is recognised by its header (never its name), loaded without a cache, and described:
its kind, version or quarter, row count and problems. This is what ``medoffice codes inspect``
prints, so that a user can check a download before relying on it.
"""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Any, Final, final

import attrs

from medoffice.adapters.reference._aoc import find_aoc_header, load_aoc
from medoffice.adapters.reference._files import FilePath, Record, csv_records, reference_files
from medoffice.adapters.reference._hcpcs import find_hcpcs_header, load_hcpcs
from medoffice.adapters.reference._mue import find_official_mue_header, load_mue
from medoffice.adapters.reference._pos import is_pos_header, load_pos_list
from medoffice.adapters.reference._ptp import (
    NORMALISED_PTP_HEADER,
    PREAMBLE_LIMIT,
    is_official_ptp,
    official_csv_header,
    read_ptp_columns,
)
from medoffice.coding import LoadProblem, ReferenceFileError
from medoffice.coding.ncci import PtpTable, Quarter

__all__ = ["FileInspection", "ReferenceKind", "detect", "inspect_directory", "inspect_file"]

_HEAD_BYTES: Final = 65536
# The records the add-on, MUE, HCPCS and POS header tests look at.
_HEADER_RECORDS: Final = 6


@final
class ReferenceKind(enum.StrEnum):
    """The kinds of reference file medoffice reads."""

    NCCI_PTP = "ncci-ptp"
    NCCI_MUE = "ncci-mue"
    NCCI_AOC = "ncci-aoc"
    HCPCS = "hcpcs"
    POS = "pos"


@final
@attrs.frozen(kw_only=True)
class FileInspection:
    """What a reference file holds, or why it could not be loaded (``error``).

    ``kind`` is ``None`` only for a file that could not even be opened, or a sub-folder that was
    not searched (``path`` ends with ``/``).
    """

    path: str
    kind: ReferenceKind | None
    versions: tuple[str, ...] = ()
    quarters: tuple[str, ...] = ()
    rows: int = 0
    problems: tuple[LoadProblem, ...] = ()
    error: str | None = None

    @property
    def ok(self) -> bool:
        """Whether the file loaded with no problem at all."""
        return self.error is None and not self.problems

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping."""
        return {
            "path": self.path,
            "kind": None if self.kind is None else self.kind.value,
            "versions": list(self.versions),
            "quarters": list(self.quarters),
            "rows": self.rows,
            "ok": self.ok,
            "error": self.error,
            "problems": [p.to_dict() for p in self.problems],
        }


def _head(path: Path) -> str:
    with path.open("rb") as handle:
        data = handle.read(_HEAD_BYTES)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return data.decode("latin-1")


def _head_records(head: str) -> tuple[list[Record], bool]:
    """The first records of ``head`` (as many as the PTP preamble search reads) and whether
    they all parsed; parsed once for every kind's header test."""
    records: list[Record] = []
    try:
        for _, record in zip(range(PREAMBLE_LIMIT), csv_records(head), strict=False):
            records.append(record)
    except ReferenceFileError:  # not a CSV file medoffice knows, at least past ``records``
        return records, False
    return records, True


def detect(path: FilePath) -> ReferenceKind | None:
    """The kind of reference file ``path`` is, judged by its header, or ``None``."""
    path = Path(path)
    head = _head(path)
    if "\0" in head:
        return None
    if is_official_ptp(head):
        return ReferenceKind.NCCI_PTP
    parsed, whole = _head_records(head)
    if whole and official_csv_header(parsed) is not None:
        return ReferenceKind.NCCI_PTP
    first_line = head.split("\n", 1)[0].strip()
    if tuple(first_line.split(",")[:5]) == NORMALISED_PTP_HEADER:
        return ReferenceKind.NCCI_PTP
    if first_line.split(",")[:3] == ["code", "max_units", "mai"]:
        return ReferenceKind.NCCI_MUE
    # The csv reader reads one record ahead: the first six records were read without error
    # when the seventh was.
    if not whole and len(parsed) < _HEADER_RECORDS:
        return None
    records = parsed[:_HEADER_RECORDS]
    if find_official_mue_header(records) is not None:
        return ReferenceKind.NCCI_MUE
    if find_aoc_header(records) is not None:
        return ReferenceKind.NCCI_AOC
    if records and find_hcpcs_header(records[0][1]) is not None:
        return ReferenceKind.HCPCS
    if records and is_pos_header(records[0][1], records[1][1] if len(records) > 1 else None):
        return ReferenceKind.POS
    return None


def inspect_file(
    path: FilePath, kind: ReferenceKind, *, root: FilePath | None = None
) -> FileInspection:
    """Load ``path`` as ``kind`` (no cache) and describe it."""
    path = Path(path)
    shown = str(path.relative_to(Path(root))) if root is not None else str(path)
    try:
        return _describe(path, kind, shown)
    except (ValueError, OSError) as error:
        return FileInspection(path=shown, kind=kind, error=str(error))


def _describe(path: Path, kind: ReferenceKind, shown: str) -> FileInspection:
    table: Any
    match kind:
        case ReferenceKind.NCCI_PTP:
            table = PtpTable(read_ptp_columns([path]))
        case ReferenceKind.NCCI_MUE:
            table = load_mue(path)
        case ReferenceKind.NCCI_AOC:
            table = load_aoc(path)
        case ReferenceKind.HCPCS:
            codes = load_hcpcs(path)
            quarter = () if codes.effective is None else (str(Quarter.of(codes.effective)),)
            return FileInspection(
                path=shown,
                kind=kind,
                versions=(codes.release,),
                quarters=quarter,
                rows=len(codes),
                problems=codes.problems,
            )
        case ReferenceKind.POS:
            listing = load_pos_list(path)
            return FileInspection(
                path=shown, kind=kind, rows=len(listing), problems=listing.problems
            )
    versions = tuple(v if isinstance(v, str) else v.version for v in table.versions)
    quarters = tuple(
        str(q)
        for q in (
            table.quarters if isinstance(table, PtpTable) else [v.quarter for v in table.versions]
        )
        if q is not None
    )
    return FileInspection(
        path=shown,
        kind=kind,
        versions=versions,
        quarters=quarters,
        rows=len(table),
        problems=table.problems,
    )


def inspect_directory(root: FilePath) -> tuple[FileInspection, ...]:
    """Every recognised reference file under ``root`` (recursively), in path order, and an entry
    for each sub-folder that was not searched (unreadable, or a symbolic link).

    Raises :class:`OSError` when ``root`` cannot be read as a folder.
    """
    root = Path(root)
    if not root.is_dir():
        raise NotADirectoryError(20, "not a readable folder", str(root))
    found = []
    files, skipped = reference_files(root)
    for problem in skipped:
        found.append(FileInspection(path=problem.file, kind=None, error=problem.message))
    for path in files:
        try:
            kind = detect(path)
        except OSError as error:
            found.append(
                FileInspection(path=str(path.relative_to(root)), kind=None, error=str(error))
            )
            continue
        if kind is not None:
            found.append(inspect_file(path, kind, root=root))
    return tuple(found)
