"""Compiling an ICD-10-CM code set: the tabular list's nodes into flat :class:`IcdTables`.

Items are numbered in document (pre-order) order, extended codes right after the code they
extend, so the descendants of item ``i`` are exactly ``i + 1 .. ends[i] - 1``. Each Excludes1
note is resolved once, here, to the topmost items it covers.

:func:`compile_tables` is pure: the loader in ``adapters.reference`` reads the XML into
:class:`SourceNode` records and the code list into a set, and hands both over.

>>> nodes = [
...     SourceNode(kind=ItemKind.CHAPTER, name="19", description="Injury", parent=-1),
...     SourceNode(kind=ItemKind.BLOCK, name="S70-S79", description="Hip and thigh", parent=0),
...     SourceNode(
...         kind=ItemKind.CATEGORY,
...         name="S72",
...         description="Fracture of femur",
...         parent=1,
...         seventh=(("A", "initial encounter"), ("D", "subsequent encounter")),
...     ),
... ]
>>> tables = compile_tables(nodes, code_list={"S72XXXA"}, release=IcdRelease(fiscal_year=2026))
>>> tables.names
('19', 'S70-S79', 'S72', 'S72.XXXA')
>>> tables.billable_keys()
frozenset({'S72XXXA'})
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Iterable, Sequence
from typing import Final, final

import attrs

from medoffice.coding.icd10cm._model import ItemKind, NoteKind
from medoffice.coding.icd10cm._references import parse_references, undotted
from medoffice.coding.icd10cm._tables import IcdTables
from medoffice.coding.icd10cm._versions import IcdRelease

__all__ = ["SourceNode", "compile_tables"]

_KIND_INDEX: Final = {kind: position for position, kind in enumerate(ItemKind)}
_NOTE_INDEX: Final = {kind: position for position, kind in enumerate(NoteKind)}
_EXTENDED: Final = _KIND_INDEX[ItemKind.EXTENDED]
_CODE_KINDS: Final = frozenset(
    _KIND_INDEX[k] for k in (ItemKind.CATEGORY, ItemKind.SUBCATEGORY, ItemKind.EXTENDED)
)


@final
@attrs.frozen(kw_only=True)
class SourceNode:
    """One element of the tabular XML, as the loader read it (parent by position, -1 for none)."""

    kind: ItemKind
    name: str
    description: str
    parent: int
    notes: tuple[tuple[NoteKind, str], ...] = ()
    seventh: tuple[tuple[str, str], ...] = ()


def _padded(key: str) -> str:
    return key + "X" * (6 - len(key))


def compile_tables(
    nodes: Sequence[SourceNode], *, code_list: Iterable[str], release: IcdRelease
) -> IcdTables:
    """Number the items, add the seventh-character codes the code list confirms, index notes."""
    confirmed = {undotted(code) for code in code_list}
    has_children = {node.parent for node in nodes}
    names: list[str] = []
    kinds = bytearray()
    parents = array("i")
    descriptions: list[str] = []
    own_notes: list[tuple[int, int, str]] = []
    notes_of: dict[int, list[int]] = {}
    seventh_of: dict[int, tuple[tuple[str, str], ...]] = {}
    position_of: dict[int, int] = {}
    nearest_seventh: dict[int, tuple[tuple[str, str], ...]] = {}

    def add(name: str, kind: int, parent: int, description: str) -> int:
        names.append(name)
        kinds.append(kind)
        parents.append(parent)
        descriptions.append(description)
        return len(names) - 1

    for source, node in enumerate(nodes):
        parent = position_of.get(node.parent, -1)
        index = add(node.name, _KIND_INDEX[node.kind], parent, node.description)
        position_of[source] = index
        for kind, text in node.notes:
            notes_of.setdefault(index, []).append(len(own_notes))
            own_notes.append((index, _NOTE_INDEX[kind], text))
        inherited = nearest_seventh.get(parent, ())
        if node.seventh:
            seventh_of[index] = node.seventh
            inherited = node.seventh
        nearest_seventh[index] = inherited
        is_code = node.kind in (ItemKind.CATEGORY, ItemKind.SUBCATEGORY)
        if is_code and inherited and source not in has_children:
            stem = _padded(undotted(node.name))
            for character, _meaning in inherited:
                if stem + character in confirmed:
                    dotted = f"{stem[:3]}.{stem[3:]}{character}"
                    add(dotted, _EXTENDED, index, "")

    count = len(names)
    ends = array("i", range(1, count + 1))
    for index in range(count - 1, -1, -1):
        parent = parents[index]
        if parent >= 0 and ends[index] > ends[parent]:
            ends[parent] = ends[index]
    billable = bytes(1 if ends[i] == i + 1 and kinds[i] in _CODE_KINDS else 0 for i in range(count))
    codes = tuple(name.replace(".", "") for name in names)
    # A block holding a single category shares its id (B20); the category, later, wins.
    keys = dict(zip(codes, range(count), strict=True))
    return IcdTables(
        release=release,
        codes=codes,
        kinds=bytes(kinds),
        parents=parents,
        ends=ends,
        descriptions=tuple(descriptions),
        billable=billable,
        keys=keys,
        notes=tuple(own_notes),
        notes_of={index: tuple(ids) for index, ids in notes_of.items()},
        seventh_of=seventh_of,
        excludes1_targets=_excludes1_targets(names, kinds, parents, own_notes),
    )


def _topmost(keys: Sequence[str], start: int, stop: int) -> list[str]:
    """The topmost coded keys a plain reference (no qualifier) covers: those from start to stop.

    Every key of that span falls under the reference (the span alone decides), and the
    descendants of a key sort right after it: once a key is taken, they are skipped in one step.
    """
    found = []
    position = start
    while position < stop:
        key = keys[position]
        found.append(key)
        position = bisect.bisect_left(keys, key + "\uffff", position + 1, stop)
    return found


def _excludes1_targets(
    names: Sequence[str],
    kinds: bytes | bytearray,
    parents: array[int],
    notes: Sequence[tuple[int, int, str]],
) -> dict[int, frozenset[str]]:
    """Resolve each Excludes1 note to the topmost coded items it covers."""
    coded = sorted(
        (names[i].replace(".", ""), i) for i in range(len(names)) if kinds[i] in _CODE_KINDS
    )
    keys = [key for key, _ in coded]
    undotted_of = [name.replace(".", "") for name in names]
    excludes1 = _NOTE_INDEX[NoteKind.EXCLUDES1]
    targets: dict[int, frozenset[str]] = {}
    for note_id, (_item, kind, text) in enumerate(notes):
        if kind != excludes1:
            continue
        found: set[str] = set()
        for reference in parse_references(text):
            start = bisect.bisect_left(keys, reference.first)
            stop = bisect.bisect_right(keys, reference.last + "\uffff")
            if reference.unread_qualifier is None and not reference.qualifiers:
                found.update(_topmost(keys, start, stop))
                continue
            matches = reference.matches_key
            for key, index in coded[start:stop]:
                if not matches(key):
                    continue
                parent = parents[index]
                if parent >= 0 and kinds[parent] in _CODE_KINDS and matches(undotted_of[parent]):
                    continue
                found.add(key)
        if found:
            targets[note_id] = frozenset(found)
    return targets
