"""The CMS edit tables a folder holds, recognised by content, as the claim checker's port.

:func:`load_edit_tables` reads every NCCI PTP, MUE and add-on file, the latest HCPCS release
(for its modifiers) and any POS list under a folder, each recognised by its header
(:func:`medoffice.adapters.reference.detect`), and wraps them in
:class:`~medoffice.adapters.bridges.NcciEditTables`.

More information: CMS NCCI edits,
https://www.cms.gov/medicare/coding-billing/national-correct-coding-initiative-ncci-edits
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import final

import attrs

from medoffice.adapters.bridges import NcciEditTables
from medoffice.adapters.reference._aoc import load_aoc
from medoffice.adapters.reference._files import FilePath, reference_files
from medoffice.adapters.reference._hcpcs import load_hcpcs
from medoffice.adapters.reference._inspect import ReferenceKind, detect
from medoffice.adapters.reference._mue import load_mue
from medoffice.adapters.reference._pos import load_pos_list
from medoffice.adapters.reference._ptp import load_ptp
from medoffice.coding import LoadProblem
from medoffice.coding.modifiers import ModifierSet
from medoffice.coding.ncci import NcciEdits
from medoffice.coding.procedures import HcpcsCodeSet

__all__ = ["LoadedEditTables", "load_edit_tables"]


@final
@attrs.frozen(kw_only=True)
class LoadedEditTables:
    """What :func:`load_edit_tables` found: the tables (``None`` when nothing), a list of it,
    and the problems of the files loaded and of the folders that could not be searched (give
    them to the check: ``CheckContext(reference=reference_report(found.problems))``)."""

    tables: NcciEditTables | None
    loaded: tuple[str, ...] = ()
    problems: tuple[LoadProblem, ...] = ()


def load_edit_tables(
    root: FilePath,
    *,
    cache_dir: str | os.PathLike[str] | None = None,
    files: Sequence[FilePath] | None = None,
    hcpcs: Iterable[tuple[Path, HcpcsCodeSet]] = (),
) -> LoadedEditTables:
    """The PTP, MUE, add-on, HCPCS and POS files under ``root``, recognised by their content.

    ``files`` names the files to read instead of every file under ``root``. Files of one kind
    are merged (several quarters answer by date of service); the last HCPCS
    release found supplies the HCPCS modifiers (``hcpcs``: releases already loaded, by path,
    used instead of reading those files again). Raises :class:`OSError` or ``ValueError``
    (:class:`~medoffice.coding.ReferenceFileError`) for a file that cannot be read.
    """
    edits = NcciEdits()
    modifiers: ModifierSet | None = None
    places: set[str] | None = None
    loaded: list[str] = []
    problems: list[LoadProblem] = []
    known = dict(hcpcs)
    paths = [Path(f) for f in files] if files is not None else None
    if paths is None:
        paths, problems = reference_files(Path(root))
    for path in paths:
        kind = detect(path)
        if kind is ReferenceKind.NCCI_PTP:
            edits = edits.merge(NcciEdits(ptp=load_ptp(path, cache_dir=cache_dir)))
        elif kind is ReferenceKind.NCCI_MUE:
            edits = edits.merge(NcciEdits(mue=load_mue(path)))
        elif kind is ReferenceKind.NCCI_AOC:
            edits = edits.merge(NcciEdits(aoc=load_aoc(path, cache_dir=cache_dir)))
        elif kind is ReferenceKind.HCPCS:
            release = known.get(path)
            if release is None:
                release = load_hcpcs(path)
            modifiers = release.modifier_set()
            problems.extend(release.problems)
        elif kind is ReferenceKind.POS:
            pos = load_pos_list(path)
            places = (places or set()) | {code for code, _ in pos.entries}
            problems.extend(pos.problems)
        else:
            continue
        loaded.append(f"{kind.value} ({path.name})")
    problems.extend(edits.problems)
    if not loaded:
        return LoadedEditTables(tables=None, problems=tuple(problems))
    tables = NcciEditTables(edits, modifiers=modifiers, places=places)
    return LoadedEditTables(tables=tables, loaded=tuple(loaded), problems=tuple(problems))
