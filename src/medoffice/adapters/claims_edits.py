"""The NCCI tables, modifiers and places of service as the claim checker's ``EditTables`` port.

:class:`NcciEditTables` answers :class:`medoffice.claims.ports.EditTables` from the coding
layer: :class:`~medoffice.coding.ncci.NcciEdits` (PTP, MUE and add-on tables, each answering by
date of service), the :class:`~medoffice.coding.modifiers.ModifierSet` of a HCPCS release (CPT
modifiers are always known; without a HCPCS file a HCPCS modifier cannot be judged) and the
bundled CMS place-of-service list, optionally narrowed to the codes of a POS list file.
:func:`load_edit_tables` finds these files in a folder by their content
(:func:`medoffice.adapters.cms.detect`).

More information: CMS NCCI edits,
https://www.cms.gov/medicare/coding-billing/national-correct-coding-initiative-ncci-edits ;
CMS HCPCS quarterly update; CMS Place of Service code set.

>>> from datetime import date
>>> from medoffice.coding.ncci import NcciEdits, PtpTable, PtpTableBuilder, Quarter
>>> builder = PtpTableBuilder(version="NCCI-2026Q3", quarter=Quarter(2026, 3))
>>> builder.add("29881", "29877", effective=date(2010, 1, 1), deleted=None, indicator=1)
>>> tables = NcciEditTables(NcciEdits(ptp=PtpTable.of(builder.build())))
>>> tables.ptp_indicator("29881", "29877", date(2026, 8, 3))
1
>>> tables.modifier_known("25", date(2026, 8, 3)), tables.modifier_known("GT", date(2026, 8, 3))
(True, None)
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Final, final

import attrs

from medoffice.adapters.cms import ReferenceKind, detect, read_pos_list
from medoffice.claims.ports import AddOnRule, UnitLimit
from medoffice.coding import hcpcs
from medoffice.coding.modifiers import CPT_MODIFIERS, ModifierSet
from medoffice.coding.ncci import NcciEdits, load_aoc, load_mue, load_ptp
from medoffice.coding.pos import is_valid_place_of_service

__all__ = ["LoadedEditTables", "NcciEditTables", "load_edit_tables"]

_MEMO_LIMIT: Final = 65536


@final
class NcciEditTables:
    """The ``EditTables`` port over the coding layer's NCCI, modifier and POS data."""

    __slots__ = ("_add_ons", "_limits", "modifiers", "ncci", "places")

    def __init__(
        self,
        ncci: NcciEdits,
        *,
        modifiers: ModifierSet | None = None,
        places: Iterable[str] | None = None,
    ) -> None:
        self.ncci = ncci
        self.modifiers = modifiers
        self.places = None if places is None else frozenset(places)
        self._limits: dict[tuple[str, date], UnitLimit | None] = {}
        self._add_ons: dict[tuple[str, date], AddOnRule | None] = {}

    def ptp_indicator(self, column1: str, column2: str, on: date) -> int | None:
        ptp = self.ncci.ptp
        return None if ptp is None else ptp.modifier_indicator(column1, column2, on=on)

    def mue(self, code: str, on: date) -> UnitLimit | None:
        key = (code, on)
        try:
            return self._limits[key]
        except KeyError:
            pass
        found = self.ncci.mue_limit(code, on=on)
        limit = None if found is None else UnitLimit(max_units=found.max_units, mai=int(found.mai))
        if len(self._limits) >= _MEMO_LIMIT:
            self._limits.clear()
        self._limits[key] = limit
        return limit

    def add_on(self, code: str, on: date) -> AddOnRule | None:
        key = (code, on)
        try:
            return self._add_ons[key]
        except KeyError:
            pass
        aoc = self.ncci.aoc
        edits = () if aoc is None else aoc.primaries(code, on=on)
        rule = None
        if edits:
            rule = AddOnRule(
                type=min(int(e.type) for e in edits),
                primaries=frozenset(e.primary for e in edits if not e.contractor_defined),
            )
        if len(self._add_ons) >= _MEMO_LIMIT:
            self._add_ons.clear()
        self._add_ons[key] = rule
        return rule

    def modifier_known(self, modifier: str, on: date) -> bool | None:
        if modifier in CPT_MODIFIERS:
            return True
        if self.modifiers is None:
            return None
        return self.modifiers.is_valid(modifier, on=on)

    def place_of_service_valid(self, code: str, on: date) -> bool:
        if not is_valid_place_of_service(code, on=on):
            return False
        return self.places is None or code in self.places

    def __repr__(self) -> str:
        return f"NcciEditTables({self.ncci!r}, hcpcs_modifiers={self.modifiers is not None})"


@final
@attrs.frozen(kw_only=True)
class LoadedEditTables:
    """What :func:`load_edit_tables` found: the tables (``None`` when nothing) and a list of it."""

    tables: NcciEditTables | None
    loaded: tuple[str, ...] = ()


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.name.startswith("."))


def load_edit_tables(
    root: Path, *, cache_dir: str | os.PathLike[str] | None = None
) -> LoadedEditTables:
    """The PTP, MUE, add-on, HCPCS and POS files under ``root``, recognised by their content.

    Files of one kind are merged (several quarters answer by date of service); the last HCPCS
    release found supplies the HCPCS modifiers. Raises :class:`OSError` or ``ValueError``
    (:class:`~medoffice.coding.ncci.ReferenceFileError`) for a file that cannot be read.
    """
    edits = NcciEdits()
    modifiers: ModifierSet | None = None
    places: set[str] | None = None
    loaded: list[str] = []
    for path in _files(root):
        kind = detect(path)
        if kind is ReferenceKind.NCCI_PTP:
            edits = edits.merge(NcciEdits(ptp=load_ptp(path, cache_dir=cache_dir)))
        elif kind is ReferenceKind.NCCI_MUE:
            edits = edits.merge(NcciEdits(mue=load_mue(path)))
        elif kind is ReferenceKind.NCCI_AOC:
            edits = edits.merge(NcciEdits(aoc=load_aoc(path)))
        elif kind is ReferenceKind.HCPCS:
            modifiers = hcpcs.load(path).modifier_set()
        elif kind is ReferenceKind.POS:
            places = (places or set()) | {code for code, _ in read_pos_list(path).entries}
        else:
            continue
        loaded.append(f"{kind.value} ({path.name})")
    if not loaded:
        return LoadedEditTables(tables=None)
    tables = NcciEditTables(edits, modifiers=modifiers, places=places)
    return LoadedEditTables(tables=tables, loaded=tuple(loaded))
