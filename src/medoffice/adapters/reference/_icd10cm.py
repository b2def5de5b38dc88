"""ICD-10-CM code sets from the official CDC files, compiled once and kept in a cache.

:func:`load_icd10cm` reads the tabular XML and code list (by default the April 1, 2026 update
of FY2026 that ``simple-icd-10-cm`` ships, located by the import system's finders and never
imported), compiles them into :class:`~medoffice.coding.icd10cm.IcdTables`, and caches the
result in the cache folder (:func:`cache_directory`), keyed by the SHA-256 of the source files
and the library version. :class:`FileCodeSetSource` is the same as the ``CodeSetSource`` port.

>>> import tempfile
>>> codes = load_icd10cm(cache_dir=tempfile.mkdtemp())
>>> codes.release.label
'FY2026 April update'
>>> codes.is_billable("S72.001"), codes.is_billable("S72.001A")
(False, True)
>>> codes.lookup("T36.0X1A").requires_seventh, codes.lookup("T36.01A")
(False, None)
>>> [c.excluded for c in codes.excludes1_conflicts(["E11.9", "E10.9"])]
['E10.9', 'E11.9']
>>> tabular, code_list = bundled_files()
>>> tabular.name, code_list.name
('icd10c-tabular-April-1-2026.xml', 'code-list-April-2026.txt')

More information: CDC NCHS, ICD-10-CM, https://www.cdc.gov/nchs/icd/icd-10-cm/ ; ICD-10-CM
Official Guidelines for Coding and Reporting FY2026.
"""

from __future__ import annotations

# ruff: noqa: PTH118, PTH119 - os.path rather than pathlib: a cold start imports no pathlib
import gc
import os
import sys

from medoffice.adapters.reference._cache_directory import cache_folder
from medoffice.adapters.reference._icd10cm_cache import read_cache, source_digest, write_cache
from medoffice.coding.icd10cm._index import IcdCodeSet
from medoffice.coding.icd10cm._tables import IcdTables
from medoffice.coding.icd10cm._versions import IcdRelease, ReleaseUpdate
from medoffice.kernel._errors import InvalidArgument, InvalidValue

TYPE_CHECKING = False  # typing's own flag, without importing typing on a cold start
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Final

    from medoffice.adapters.reference._files import FilePath

__all__ = [
    "base_source",
    "bundled_files",
    "code_list_beside",
    "load_icd10cm",
    "tables_from_cache",
]

_PACKAGE: Final = "simple_icd_10_cm"
_BUNDLED_TABULAR: Final = "icd10c-tabular-April-1-2026.xml"
_BUNDLED_CODE_LIST: Final = "code-list-April-2026.txt"
_CODE_LIST_PATTERNS: Final = (
    "code-list*.txt",
    "icd10cm-codes*.txt",
    "icd10cm_codes*.txt",
    "icd10cm-order*.txt",
    "icd10cm_order*.txt",
)
_MEMO: Final = "icd10cm-sources.memo"


def bundled_files() -> tuple[Path, Path]:
    """The tabular XML and code list that ``simple-icd-10-cm`` ships (FY2026 April update)."""
    from pathlib import Path  # noqa: PLC0415 - the load itself works on strings (no pathlib)

    tabular, code_list = _bundled()
    return Path(tabular), Path(code_list)


def _bundled() -> tuple[str, str]:
    # The import system's finders locate the package without running it: importing
    # simple_icd_10_cm (or any of its submodules) parses the whole XML, which is what this
    # library exists to avoid. They are asked as importlib.util.find_spec asks them, without
    # importing importlib.util (and contextlib, functools...) on a cold start.
    spec = None
    for finder in sys.meta_path:
        find_spec = getattr(finder, "find_spec", None)
        spec = None if find_spec is None else find_spec(_PACKAGE, None)
        if spec is not None:
            break
    locations = list(spec.submodule_search_locations or ()) if spec is not None else []
    if not locations:
        raise InvalidArgument(
            "the bundled ICD-10-CM files come with the simple-icd-10-cm package; install it or "
            "pass the path of the official tabular XML"
        )
    folder = os.path.join(locations[0], "data")
    return os.path.join(folder, _BUNDLED_TABULAR), os.path.join(folder, _BUNDLED_CODE_LIST)


def code_list_beside(tabular: Path) -> Path:
    for pattern in _CODE_LIST_PATTERNS:
        found = sorted(tabular.parent.glob(pattern))
        if found:
            return found[0]
    raise InvalidArgument(
        "no ICD-10-CM code list next to the tabular file; pass code_list= (the official "
        "icd10cm-codes or icd10cm-order file of the same release)"
    )


def _release(fiscal_year: int, tabular: str) -> IcdRelease:
    name = os.path.basename(tabular).lower()
    update = ReleaseUpdate.APRIL if "april" in name else ReleaseUpdate.OCTOBER
    return IcdRelease(fiscal_year=fiscal_year, update=update)


def _compile(tabular: FilePath, code_list: FilePath) -> IcdTables:
    # The XML reader and the compiler are needed only to compile: a load from the cache does
    # not import them.
    from medoffice.adapters.reference._icd10cm_tabular import (  # noqa: PLC0415
        read_code_list,
        read_tabular,
    )
    from medoffice.coding.icd10cm._compile import compile_tables  # noqa: PLC0415

    with open(tabular, "rb") as stream:  # noqa: PTH123 - paths are strings here
        fiscal_year, nodes = read_tabular(stream)
    with open(code_list, encoding="utf-8") as text:  # noqa: PTH123 - paths are strings here
        codes = read_code_list(text.read())
    return compile_tables(nodes, code_list=codes, release=_release(fiscal_year, os.fspath(tabular)))


def tables_from_cache(target: FilePath, source: str) -> IcdTables | None:
    """The tables cached at ``target`` for ``source``, or ``None`` when absent or unusable."""
    # Rebuilding the tables allocates a few hundred thousand objects that all live on; letting
    # the cyclic collector scan them repeatedly meanwhile costs a fifth of the load time.
    collecting = gc.isenabled()
    gc.disable()
    try:
        cached = read_cache(target, source=source)
        return None if cached is None else IcdTables.from_payload(cached)
    except InvalidValue:
        return None
    finally:
        if collecting:
            gc.enable()


_DEFAULT: dict[str, IcdCodeSet] = {}


def load_icd10cm(
    path: FilePath | None = None,
    *,
    code_list: FilePath | None = None,
    release: IcdRelease | None = None,
    cache_dir: FilePath | None = None,
) -> IcdCodeSet:
    """The ICD-10-CM code set: the bundled FY2026 April files, or the tabular XML at ``path``.

    ``code_list`` is the matching code list (found next to ``path`` when omitted); ``release``
    overrides the release read from the files; ``cache_dir`` overrides the cache folder (as does
    ``MEDOFFICE_CACHE_DIR``). The default code set is kept for the life of the process.
    """
    if path is None and code_list is None and release is None and cache_dir is None:
        default = _DEFAULT.get("default")
        if default is None:
            default = _DEFAULT["default"] = _load(
                None, code_list=None, release=None, cache_dir=None
            )
        return default
    return _load(path, code_list=code_list, release=release, cache_dir=cache_dir)


def _files(path: FilePath | None, code_list: FilePath | None) -> tuple[str, str]:
    if path is None:
        if code_list is not None:
            raise InvalidArgument("code_list= needs the path of its tabular XML as well")
        return _bundled()
    if code_list is None:
        from pathlib import Path  # noqa: PLC0415 - only a search beside a given file needs it

        code_list = code_list_beside(Path(path))
    return os.fspath(path), os.fspath(code_list)


def base_source(tabular: FilePath | None, code_list: FilePath | None, folder: FilePath) -> str:
    """The SHA-256 that names a release's files in the cache (the bundled ones by default)."""
    return source_digest(_files(tabular, code_list), memo=os.path.join(folder, _MEMO))


def _load(
    path: FilePath | None,
    *,
    code_list: FilePath | None,
    release: IcdRelease | None,
    cache_dir: FilePath | None,
) -> IcdCodeSet:
    tabular, codes = _files(path, code_list)
    folder = cache_folder(cache_dir)
    source = source_digest((tabular, codes), memo=os.path.join(folder, _MEMO))
    target = os.path.join(folder, f"icd10cm-{source[:24]}.cache")
    tables = tables_from_cache(target, source)
    if tables is None:
        tables = _compile(tabular, codes)
        try:  # noqa: SIM105 - contextlib is not imported to load
            write_cache(target, tables.to_payload(), source=source)
        except OSError:
            pass  # a read-only or full cache folder only costs the next start a recompile
    if release is not None:
        tables = tables.evolve(release=release)
    return IcdCodeSet(tables)
