"""ICD-10-CM releases derived from a full release and the official order addenda, cached.

The package ships one official file beside the code: CMS's FY2027 order addenda
(``data/icd10cm_order_addenda_2027.txt``, 42,495 bytes, public domain), its SHA-256 recorded in
:data:`BUNDLED_ADDENDA` and checked on every read. Applied to the bundled FY2026 April update it
gives the FY2027 code set (effective 2026-10-01), so that a default install checks today's
claims. :func:`derive_icd10cm` does the same for any full release and addenda file; the result
is compiled once and cached like any release (keyed by the SHA-256 of the base files and of the
addenda).

>>> import tempfile
>>> fy2027 = derive_icd10cm(cache_dir=tempfile.mkdtemp())
>>> fy2027.release.provenance
'FY2027 October release, derived from FY2026 April update + CMS order addenda FY2027'
>>> fy2027.is_billable("M04.3"), fy2027.lookup("M04.3").notes_pending
(True, True)
>>> fy2027.is_billable("I42.0"), "T52.8X1A" in fy2027
(False, False)

More information: CMS, "2027 ICD-10-CM", https://www.cms.gov/medicare/coding-billing/icd-10-codes
"""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path
from typing import Final, final

import attrs

from medoffice.adapters.reference._cache_directory import cache_directory
from medoffice.adapters.reference._files import FilePath
from medoffice.adapters.reference._icd10cm import base_source, load_icd10cm, tables_from_cache
from medoffice.adapters.reference._icd10cm_cache import write_cache
from medoffice.coding._problems import ReferenceFileError
from medoffice.coding.icd10cm._index import IcdCodeSet

__all__ = ["BUNDLED_ADDENDA", "BundledFile", "bundled_addenda", "derive_icd10cm"]


@final
@attrs.frozen(kw_only=True)
class BundledFile:
    """An official file shipped as package data, with where it comes from and its checksum."""

    name: str
    sha256: str
    size: int
    source: str
    label: str

    @property
    def path(self) -> Path:
        """Where the file is installed."""
        return Path(__file__).parent / "data" / self.name


BUNDLED_ADDENDA: Final = BundledFile(
    name="icd10cm_order_addenda_2027.txt",
    sha256="d64c57ef4534e4f90336decf27a34ba42979c31cd88f6ea923b5b5edd3da6384",
    size=42_495,
    source=(
        "CMS 2027-code-descriptions-tabular-order.zip, member "
        "Code Descriptions/icd10cm_order_addenda_2027.txt (CDC: icd10cm-order-addenda-2027.txt)"
    ),
    label="CMS order addenda FY2027",
)


def _verified(path: Path, expected: str | None) -> tuple[bytes, str]:
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if expected is not None and digest != expected:
        raise ReferenceFileError(
            f"SHA-256 {digest} differs from the recorded {expected}: the file was altered; "
            "reinstall medoffice",
            file=path.name,
        )
    return data, digest


def bundled_addenda() -> Path:
    """The path of the shipped FY2027 order addenda, after checking its SHA-256."""
    _verified(BUNDLED_ADDENDA.path, BUNDLED_ADDENDA.sha256)
    return BUNDLED_ADDENDA.path


_DEFAULT: dict[str, IcdCodeSet] = {}


def derive_icd10cm(
    addenda: FilePath | None = None,
    *,
    tabular: FilePath | None = None,
    code_list: FilePath | None = None,
    cache_dir: FilePath | None = None,
) -> IcdCodeSet:
    """The release ``addenda`` (default: the shipped FY2027 file) make of a full release.

    The full release is the tabular XML at ``tabular`` with its ``code_list``, by default the
    bundled FY2026 April update. The derived tables are cached; a hit costs one cache read.
    """
    if addenda is None and tabular is None and code_list is None and cache_dir is None:
        found = _DEFAULT.get("default")
        if found is None:
            found = _DEFAULT["default"] = _derive(None, None, None, None)
        return found
    return _derive(
        None if addenda is None else Path(addenda),
        None if tabular is None else Path(tabular),
        None if code_list is None else Path(code_list),
        cache_dir,
    )


def _derive(
    addenda: Path | None, tabular: Path | None, code_list: Path | None, cache_dir: FilePath | None
) -> IcdCodeSet:
    if addenda is None:
        path, expected, label = BUNDLED_ADDENDA.path, BUNDLED_ADDENDA.sha256, BUNDLED_ADDENDA.label
    else:
        path, expected, label = addenda, None, addenda.name
    data, digest = _verified(path, expected)
    folder = cache_directory(cache_dir)
    base = base_source(tabular, code_list, folder)
    source = hashlib.sha256(f"{base}|{digest}|{label}".encode()).hexdigest()
    target = folder / f"icd10cm-derived-{source[:24]}.cache"
    tables = tables_from_cache(target, source)
    if tables is None:
        # The addenda reader and the compiler are needed only on a cache miss.
        from medoffice.adapters.reference._icd10cm_addenda import (  # noqa: PLC0415
            read_order_addenda,
        )
        from medoffice.coding.icd10cm._addenda import apply_addenda  # noqa: PLC0415

        parsed = read_order_addenda(data.decode("latin-1"), file=path.name)
        full = load_icd10cm(tabular, code_list=code_list, cache_dir=cache_dir)
        tables = apply_addenda(full.tables, parsed, source=label)
        with contextlib.suppress(OSError):  # a read-only cache only costs the next start
            write_cache(target, tables.to_payload(), source=source)
    return IcdCodeSet(tables)
