"""Importing official files a user downloaded (a zip or a folder) into the reference store.

Each file is recognised by its content, as ``medoffice codes inspect`` does, and its period is
read from it:

- an ICD-10-CM tabular XML (``<ICD10CM.tabular>``) with the code list or order file beside it:
  the fiscal year of its ``<version>``, the April update when its name says April;
- the MCE diagnosis-edit master and age-range CSVs: the fiscal year of the MCE version in their
  names (``mce_v44...``: v44 is FY2027);
- NCCI PTP, MUE and add-on files: the latest quarter they carry; HCPCS: its quarter;
- a place-of-service list carries no date: it is filed under the quarter of the import day
  (or the ``--period`` given).

Files medoffice does not know are left out and listed.
"""

from __future__ import annotations

import re
import tempfile
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Final, final

import attrs

from medoffice.adapters.reference._files import FilePath
from medoffice.adapters.reference._icd10cm import code_list_beside
from medoffice.adapters.reference._inspect import ReferenceKind, detect, inspect_file
from medoffice.adapters.reference._store import ReferenceStore
from medoffice.adapters.reference._store_model import (
    Obtained,
    Period,
    ReferenceSet,
    ReleaseManifest,
)
from medoffice.kernel import InvalidArgument, InvalidValue

__all__ = ["ImportResult", "import_path"]

_MCE_VERSION: Final = re.compile(r"mce_v(\d{2})", re.IGNORECASE)
_MCE_FISCAL_YEAR_OFFSET: Final = 1983  # MCE v43 is FY2026, v44 FY2027
_TABULAR_VERSION: Final = re.compile(rb"<version>\s*(\d{4})\s*</version>")
_SETS: Final = {
    ReferenceKind.NCCI_PTP: ReferenceSet.NCCI_PTP,
    ReferenceKind.NCCI_MUE: ReferenceSet.NCCI_MUE,
    ReferenceKind.NCCI_AOC: ReferenceSet.NCCI_AOC,
    ReferenceKind.HCPCS: ReferenceSet.HCPCS,
    ReferenceKind.POS: ReferenceSet.POS,
}


@final
@attrs.frozen(kw_only=True)
class ImportResult:
    """The releases installed, and the files left out because medoffice does not know them."""

    installed: tuple[ReleaseManifest, ...]
    skipped: tuple[str, ...] = ()


def _files(root: Path) -> Iterator[Path]:
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            yield path


def _tabular_year(path: Path) -> int | None:
    with path.open("rb") as stream:
        head = stream.read(4096)
    if b"<ICD10CM.tabular" not in head:
        return None
    found = _TABULAR_VERSION.search(head)
    return int(found.group(1)) if found else None


def _quarter(path: Path, kind: ReferenceKind) -> Period | None:
    inspection = inspect_file(path, kind)
    if inspection.error is not None:
        raise InvalidValue(f"{path.name}: {inspection.error}")
    quarters = sorted(q.replace("-", "") for q in inspection.quarters)
    return Period.parse(quarters[-1]) if quarters else None


Group = dict[tuple[ReferenceSet, Period], list[Path]]


def _classify(
    root: Path, period: Period | None, today: date | None, groups: Group, skipped: list[str]
) -> None:
    # A place-of-service list carries no date: it is the list of the quarter it was taken in.
    today_quarter = None if today is None else Period.of(ReferenceSet.POS, today)
    used: set[Path] = set()
    for path in _files(root):
        year = _tabular_year(path) if path.suffix.lower() == ".xml" else None
        if year is not None:
            april = "-APRIL" if "april" in path.name.lower() else ""
            key = (ReferenceSet.ICD10CM, period or Period.parse(f"FY{year}{april}"))
            code_list = code_list_beside(path)
            groups.setdefault(key, []).extend([path, code_list])
            used.update((path, code_list))
    masters = [p for p in _files(root) if "dx_master" in p.name.lower()]
    ages = [p for p in _files(root) if "age_ranges" in p.name.lower()]
    if masters and ages:
        version = _MCE_VERSION.search(masters[-1].name)
        if period is None and version is None:
            raise InvalidArgument(f"{masters[-1].name}: no MCE version in the name; give --period")
        fiscal_year = int(version.group(1)) + _MCE_FISCAL_YEAR_OFFSET if version else 0
        key = (ReferenceSet.MCE, period or Period.parse(f"FY{fiscal_year}"))
        groups.setdefault(key, []).extend([masters[-1], ages[-1]])
        used.update((masters[-1], ages[-1]))
    for path in _files(root):
        if path in used:
            continue
        kind = detect(path)
        if kind is None:
            skipped.append(str(path.relative_to(root)))
            continue
        found = period or (today_quarter if kind is ReferenceKind.POS else _quarter(path, kind))
        if found is None:
            raise InvalidArgument(
                f"{path.name} ({kind.value}) says no period; give it with --period (2026Q4)"
            )
        groups.setdefault((_SETS[kind], found), []).append(path)


def import_path(
    store: ReferenceStore,
    path: FilePath,
    *,
    period: Period | None = None,
    today: date | None = None,
) -> ImportResult:
    """Install every release found in the zip or folder at ``path``; each one atomically."""
    path = Path(path)
    if not path.exists():
        raise InvalidArgument(f"{path} does not exist")
    groups: Group = {}
    skipped: list[str] = []
    with tempfile.TemporaryDirectory(prefix="medoffice-import-") as unpacked:
        root = path
        if path.is_file():
            if not zipfile.is_zipfile(path):
                root = Path(unpacked) / "files"
                root.mkdir()
                (root / path.name).write_bytes(path.read_bytes())
            else:
                with zipfile.ZipFile(path) as archive:
                    # extractall drops absolute paths and ".." parts: members stay inside.
                    archive.extractall(unpacked)
                root = Path(unpacked)
        _classify(root, period, today, groups, skipped)
        if not groups:
            raise InvalidArgument(
                f"{path.name}: no official file medoffice knows (ICD-10-CM tabular and code "
                "list, MCE edits, HCPCS, NCCI PTP/MUE/add-on, place of service)"
            )
        installed = []
        for (reference_set, found), files in sorted(groups.items()):
            names = ", ".join(sorted(p.name for p in files))
            installed.append(
                store.install(
                    reference_set,
                    found,
                    list(dict.fromkeys(files)),
                    label=f"{reference_set.display_name} {found} ({names})",
                    obtained=Obtained.IMPORTED,
                    source=path.name,
                    installed_on=today,
                )
            )
    return ImportResult(installed=tuple(installed), skipped=tuple(skipped))
