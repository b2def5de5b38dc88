"""The compiled form of an ICD-10-CM code set: flat tables, built once from the tabular list.

The tables are plain Python data (strings, bytes, arrays, dicts, frozensets) so that a cache can
store and reload them in a few tens of milliseconds, and so that lookups are single dict probes.
Items are numbered in document (pre-order) order, extended codes right after the code they
extend, so the descendants of item ``i`` are exactly ``i + 1 .. ends[i] - 1``.

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
from typing import Any, Final, final

import attrs

from medoffice.coding.icd10cm._model import ItemKind, NoteKind
from medoffice.coding.icd10cm._references import parse_references, undotted
from medoffice.coding.icd10cm._versions import IcdRelease, ReleaseUpdate
from medoffice.kernel._errors import InvalidValue

__all__ = ["KIND_CODES", "NOTE_CODES", "IcdTables", "SourceNode", "compile_tables"]

KIND_CODES: Final = tuple(ItemKind)
NOTE_CODES: Final = tuple(NoteKind)
_KIND_INDEX: Final = {kind: position for position, kind in enumerate(KIND_CODES)}
_NOTE_INDEX: Final = {kind: position for position, kind in enumerate(NOTE_CODES)}
_EXTENDED: Final = _KIND_INDEX[ItemKind.EXTENDED]
_SEPARATOR: Final = "\0"
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


@final
@attrs.frozen(kw_only=True)
class IcdTables:
    """The flat, immutable tables of one code set (see the module docstring)."""

    release: IcdRelease
    codes: tuple[str, ...]
    """Each item's key: the undotted code, the block id or the chapter number."""
    kinds: bytes
    parents: array[int] = attrs.field(eq=attrs.cmp_using(eq=lambda a, b: a == b))
    ends: array[int] = attrs.field(eq=attrs.cmp_using(eq=lambda a, b: a == b))
    descriptions: tuple[str, ...]
    """Empty for extended codes: theirs is the parent's plus the 7th character's meaning."""
    billable: bytes
    keys: dict[str, int]
    notes: tuple[tuple[int, int, str], ...]
    """Every note as (item, note kind code, text), in document order."""
    notes_of: dict[int, tuple[int, ...]]
    seventh_of: dict[int, tuple[tuple[str, str], ...]]
    excludes1_targets: dict[int, frozenset[str]]
    """For each Excludes1 note, the undotted keys of the topmost items it covers."""
    pending_notes: frozenset[str] = frozenset()
    """Keys of the items new in a release derived from the addenda: their own tabular notes are
    not known yet (see :attr:`~medoffice.coding.icd10cm.IcdItem.notes_pending`)."""

    def name(self, index: int) -> str:
        """The item as written: the code with its dot after the category, block, chapter."""
        code = self.codes[index]
        if self.kinds[index] in _CODE_KINDS and len(code) > 3:
            return f"{code[:3]}.{code[3:]}"
        return code

    @property
    def names(self) -> tuple[str, ...]:
        """Every item as written, in tabular order."""
        return tuple(self.name(index) for index in range(len(self.codes)))

    def billable_keys(self) -> frozenset[str]:
        """The undotted billable codes."""
        codes, flags = self.codes, self.billable
        return frozenset(codes[i] for i in range(len(codes)) if flags[i])

    def to_payload(self) -> dict[str, Any]:
        """Plain builtins only, for a cache: texts joined with NUL (which XML cannot contain)."""
        release = self.release
        return {
            "release": (
                release.fiscal_year,
                release.update.value,
                release.whole_fiscal_year,
                release.derived_from,
            ),
            "codes": _SEPARATOR.join(self.codes),
            "kinds": self.kinds,
            "parents": self.parents,
            "ends": self.ends,
            "descriptions": _SEPARATOR.join(self.descriptions),
            "billable": self.billable,
            "note_items": array("i", (item for item, _, _ in self.notes)),
            "note_kinds": bytes(kind for _, kind, _ in self.notes),
            "note_texts": _SEPARATOR.join(text for _, _, text in self.notes),
            "seventh_of": self.seventh_of,
            "excludes1_targets": self.excludes1_targets,
            "pending_notes": _SEPARATOR.join(sorted(self.pending_notes)),
        }

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> IcdTables:
        """The tables back from :meth:`to_payload`; a payload of the wrong shape is refused."""
        try:
            fiscal_year, update, whole, derived_from = payload["release"]
            release = IcdRelease(
                fiscal_year=fiscal_year,
                update=ReleaseUpdate(update),
                whole_fiscal_year=whole,
                derived_from=derived_from,
            )
            pending = payload["pending_notes"]
            kinds = payload["kinds"]
            size = len(kinds)
            codes = _split(payload["codes"], size)
            descriptions = _split(payload["descriptions"], size)
            keys = dict(zip(codes, range(size), strict=True))
            note_items = payload["note_items"]
            notes = tuple(
                zip(
                    note_items,
                    payload["note_kinds"],
                    _split(payload["note_texts"], len(note_items)),
                    strict=True,
                )
            )
            notes_of: dict[int, list[int]] = {}
            for note_id, item in enumerate(note_items):
                notes_of.setdefault(item, []).append(note_id)
            tables = cls(
                release=release,
                codes=codes,
                kinds=kinds,
                parents=payload["parents"],
                ends=payload["ends"],
                descriptions=descriptions,
                billable=payload["billable"],
                keys=keys,
                notes=notes,
                notes_of={item: tuple(ids) for item, ids in notes_of.items()},
                seventh_of=payload["seventh_of"],
                excludes1_targets=payload["excludes1_targets"],
                pending_notes=frozenset(pending.split(_SEPARATOR)) if pending else frozenset(),
            )
            shapes = (
                (tables.kinds, bytes),
                (tables.billable, bytes),
                (tables.parents, array),
                (tables.ends, array),
                (tables.descriptions, tuple),
            )
            if any(not isinstance(v, t) or len(v) != size for v, t in shapes):
                raise InvalidValue("the compiled ICD-10-CM tables are inconsistent")
            mappings: tuple[object, ...] = (tables.seventh_of, tables.excludes1_targets)
            if not all(isinstance(m, dict) for m in mappings):
                raise InvalidValue("the compiled ICD-10-CM tables are inconsistent")
        except (AttributeError, KeyError, TypeError, ValueError) as error:
            raise InvalidValue("the compiled ICD-10-CM tables are not readable") from error
        return tables


def _split(joined: str, count: int) -> tuple[str, ...]:
    """The texts joined by ``to_payload``; there must be ``count`` of them."""
    texts = tuple(joined.split(_SEPARATOR)) if count else ()
    if len(texts) != count:
        raise InvalidValue("the compiled ICD-10-CM tables are inconsistent")
    return texts


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
