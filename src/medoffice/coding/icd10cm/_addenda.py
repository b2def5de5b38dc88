"""The next ICD-10-CM release, derived from a full release and the official order addenda.

Every year CMS and CDC publish, beside the full files, the *order addenda*: every row of the
order file (billable codes and the headers above them) added, deleted or retitled since the
previous release. Applied to the previous release's tables they give the new code set:

- ``Delete`` removes a code (with everything below it); ``Add`` inserts one under its nearest
  existing ancestor (a new category after the category that precedes it, in that one's block);
- a billable code that becomes a header appears as ``Delete`` flag 1 followed by ``Add`` flag 0:
  the item stays, with its notes, and the codes added below it make it a header;
- ``Revise to`` gives an item its new title.

The addenda carry titles and billable flags, not the tabular notes. Codes new in the derived
release therefore carry no notes of their own (Excludes, code-first, use-additional-code):
:attr:`IcdTables.pending_notes` lists them and their items say ``notes_pending``; nothing is
guessed. Notes written on older ancestors still apply to them, as the tabular conventions say.
Seventh-character codes are added only where the addenda list them. Loading the full tabular
list of the same release later replaces the derived one.

A derived release answers from its October 1 start (:class:`IcdRelease` with
``derived_from`` naming the release and file it came from).

>>> from medoffice.coding.icd10cm._model import ItemKind
>>> from medoffice.coding.icd10cm._compile import SourceNode, compile_tables
>>> nodes = [
...     SourceNode(kind=ItemKind.CHAPTER, name="9", description="Circulatory", parent=-1),
...     SourceNode(kind=ItemKind.BLOCK, name="I30-I5A", description="Other heart", parent=0),
...     SourceNode(kind=ItemKind.CATEGORY, name="I42", description="Cardiomyopathy", parent=1),
...     SourceNode(kind=ItemKind.SUBCATEGORY, name="I42.0", description="Dilated", parent=2),
... ]
>>> fy2026 = compile_tables(nodes, code_list=(), release=IcdRelease(fiscal_year=2026))
>>> addenda = OrderAddenda(
...     fiscal_year=2027,
...     rows=(
...         AddendaRow(action=AddendaAction.DELETE, billable=True, code="I420", title="Dilated"),
...         AddendaRow(action=AddendaAction.ADD, billable=False, code="I420", title="Dilated"),
...         AddendaRow(action=AddendaAction.ADD, billable=True, code="I4201", title="Familial"),
...     ),
... )
>>> fy2027 = apply_addenda(fy2026, addenda, source="order addenda 2027")
>>> sorted(fy2027.billable_keys()), sorted(fy2027.pending_notes)
(['I4201'], ['I4201'])
>>> fy2027.release.provenance
'FY2027 October release, derived from FY2026 October release + order addenda 2027'

More information: CMS, "2027 ICD-10-CM" (code descriptions in tabular order, with addenda),
https://www.cms.gov/medicare/coding-billing/icd-10-codes ; CDC NCHS ICD-10-CM files,
https://www.cdc.gov/nchs/icd/icd-10-cm/files.html
"""

from __future__ import annotations

import bisect
import enum
from collections.abc import Iterable
from typing import Final, final

import attrs

from medoffice.coding.icd10cm._compile import SourceNode, compile_tables
from medoffice.coding.icd10cm._model import ItemKind, NoteKind
from medoffice.coding.icd10cm._tables import KIND_CODES, NOTE_CODES, IcdTables
from medoffice.coding.icd10cm._versions import IcdRelease
from medoffice.kernel import InvalidValue

__all__ = ["AddendaAction", "AddendaRow", "OrderAddenda", "apply_addenda"]

_EXTENDED: Final = KIND_CODES.index(ItemKind.EXTENDED)
_BLOCK: Final = KIND_CODES.index(ItemKind.BLOCK)
_CATEGORY: Final = KIND_CODES.index(ItemKind.CATEGORY)


class AddendaAction(enum.Enum):
    """What an addenda row does (the file's labels, without the colon)."""

    ADD = "Add"
    DELETE = "Delete"
    REVISE_FROM = "Revise from"
    REVISE_TO = "Revise to"


def _tuple(rows: Iterable[AddendaRow]) -> tuple[AddendaRow, ...]:
    return tuple(rows)


@final
@attrs.frozen(kw_only=True)
class AddendaRow:
    """One row of the order addenda: an action on one code (undotted) or header."""

    action: AddendaAction
    billable: bool
    code: str
    title: str
    """The long title."""
    line: int = 0


@final
@attrs.frozen(kw_only=True)
class OrderAddenda:
    """The official order addenda that turn one fiscal year's code set into the next one's."""

    fiscal_year: int
    """The fiscal year the addenda lead to (FY2027: effective 2026-10-01)."""
    rows: tuple[AddendaRow, ...] = attrs.field(converter=_tuple)

    def of(self, action: AddendaAction) -> tuple[AddendaRow, ...]:
        """The rows of one action, in file order."""
        return tuple(row for row in self.rows if row.action is action)


@attrs.define
class _Node:
    name: str
    kind: int
    description: str
    parent: int
    notes: tuple[tuple[NoteKind, str], ...]
    seventh: tuple[tuple[str, str], ...]
    children: list[int]


def _dotted(key: str) -> str:
    return key if len(key) <= 3 else f"{key[:3]}.{key[3:]}"


class _Tree:
    """The tables as an editable tree: one node per item but the seventh-character codes."""

    def __init__(self, tables: IcdTables) -> None:
        self.nodes: dict[int, _Node] = {}
        self.keys: dict[str, int] = {}
        self.extended: set[str] = set()
        self.removed: set[str] = set()
        """Keys removed with an item deleted above them (the addenda list those too)."""
        self.roots: list[int] = []
        notes_of, notes = tables.notes_of, tables.notes
        for index, key in enumerate(tables.codes):
            kind = tables.kinds[index]
            if kind == _EXTENDED:
                self.extended.add(key)
                continue
            parent = tables.parents[index]
            self.nodes[index] = _Node(
                name=tables.name(index),
                kind=kind,
                description=tables.descriptions[index],
                parent=parent,
                notes=tuple(
                    (NOTE_CODES[notes[n][1]], notes[n][2]) for n in notes_of.get(index, ())
                ),
                seventh=tables.seventh_of.get(index, ()),
                children=[],
            )
            (self.nodes[parent].children if parent >= 0 else self.roots).append(index)
            if kind != _BLOCK or key not in self.keys:  # a category shares its block's id (B20)
                self.keys[key] = index
        self.next_id = len(tables.codes)
        self.categories = sorted(k for k, i in self.keys.items() if self.nodes[i].kind == _CATEGORY)

    def node(self, key: str) -> int | None:
        index = self.keys.get(key)
        return index if index is not None and self.nodes[index].kind != _BLOCK else None

    def remove(self, index: int) -> None:
        node = self.nodes[index]
        for child in list(node.children):
            self.remove(child)
        key = node.name.replace(".", "")
        stem = key + "X" * (6 - len(key))
        for character, _ in self.seventh_of(node):
            if stem + character in self.extended:
                self.extended.discard(stem + character)
                self.removed.add(stem + character)
        self.removed.add(key)
        if self.keys.get(key) == index:
            del self.keys[key]
            position = bisect.bisect_left(self.categories, key)
            if position < len(self.categories) and self.categories[position] == key:
                del self.categories[position]
        siblings = self.nodes[node.parent].children if node.parent >= 0 else self.roots
        siblings.remove(index)
        del self.nodes[index]

    def seventh_of(self, node: _Node) -> tuple[tuple[str, str], ...]:
        """The seventh characters a node inherits (its own, else its nearest ancestor's)."""
        while True:
            if node.seventh:
                return node.seventh
            if node.parent < 0:
                return ()
            node = self.nodes[node.parent]

    def add(self, key: str, parent: int, description: str) -> None:
        kind = _CATEGORY if len(key) == 3 else KIND_CODES.index(ItemKind.SUBCATEGORY)
        index = self.next_id
        self.next_id += 1
        self.nodes[index] = _Node(_dotted(key), kind, description, parent, (), (), [])
        siblings = self.nodes[parent].children
        names = [self.nodes[s].name.replace(".", "") for s in siblings]
        siblings.insert(bisect.bisect_right(names, key), index)
        self.keys[key] = index
        if kind == _CATEGORY:
            bisect.insort(self.categories, key)

    def flatten(self) -> list[SourceNode]:
        found: list[SourceNode] = []

        def visit(index: int, parent: int) -> None:
            node = self.nodes[index]
            found.append(
                SourceNode(
                    kind=KIND_CODES[node.kind],
                    name=node.name,
                    description=node.description,
                    parent=parent,
                    notes=node.notes,
                    seventh=node.seventh,
                )
            )
            position = len(found) - 1
            for child in node.children:
                visit(child, position)

        for root in self.roots:
            visit(root, -1)
        return found


def _refuse(row: AddendaRow, why: str) -> InvalidValue:
    return InvalidValue(
        f"line {row.line} of the addenda ({row.action.value} {row.code}): {why}; the addenda do "
        "not follow the release they are applied to"
    )


def _stem(tree: _Tree, key: str) -> _Node | None:
    """For a seven-character key: the code it extends, when that code takes a seventh character."""
    stem = key[:6]
    candidate = stem
    while len(candidate) >= 3:
        index = tree.node(candidate)
        if index is not None:
            node = tree.nodes[index]
            takes = {character for character, _ in tree.seventh_of(node)}
            return node if key[6] in takes else None
        if not candidate.endswith("X"):
            return None
        candidate = candidate[:-1]
    return None


def _parent(tree: _Tree, row: AddendaRow) -> int:
    key = row.code
    if len(key) == 3:
        # A new category goes in the block of the category that precedes it.
        position = bisect.bisect_left(tree.categories, key)
        if position == 0:
            raise _refuse(row, "no category precedes it")
        return tree.nodes[tree.keys[tree.categories[position - 1]]].parent
    for size in range(len(key) - 1, 2, -1):
        index = tree.node(key[:size])
        if index is not None:
            return index
    raise _refuse(row, "none of its ancestors is in the release")


def _delete(tree: _Tree, row: AddendaRow) -> None:
    if row.code in tree.extended:
        tree.extended.discard(row.code)
        return
    if row.code in tree.removed:
        return
    index = tree.node(row.code)
    if index is None:
        raise _refuse(row, "the code is not in the release")
    tree.remove(index)


def _add(tree: _Tree, row: AddendaRow, added: set[str]) -> None:
    key = row.code
    if key in tree.extended or tree.node(key) is not None:
        raise _refuse(row, "the code is in the release already")
    if len(key) == 7 and _stem(tree, key) is not None:
        tree.extended.add(key)
    else:
        tree.add(key, _parent(tree, row), row.title)
    added.add(key)


def apply_addenda(
    tables: IcdTables,
    addenda: OrderAddenda,
    *,
    source: str,
    release: IcdRelease | None = None,
) -> IcdTables:
    """The release that ``addenda`` make of ``tables``; ``source`` names the addenda file.

    Raises :class:`~medoffice.kernel.InvalidValue` when the addenda do not fit the release (a
    deleted code it lacks, an added one it has) or when the result's billable flags disagree
    with the addenda's.
    """
    tree = _Tree(tables)
    rows = addenda.rows
    deleted = {r.code for r in rows if r.action is AddendaAction.DELETE}
    added_back = {r.code for r in rows if r.action is AddendaAction.ADD} & deleted
    added: set[str] = set()
    for row in rows:
        if row.code in added_back:
            continue  # a code whose flag changes keeps its item (and notes); its title may not
        if row.action is AddendaAction.DELETE:
            _delete(tree, row)
    for row in rows:
        if row.action is AddendaAction.ADD and row.code not in added_back:
            _add(tree, row, added)
        elif row.action is AddendaAction.REVISE_TO or (
            row.action is AddendaAction.ADD and row.code in added_back
        ):
            index = tree.node(row.code)
            if index is None:
                if row.code in tree.extended:
                    continue  # a seventh-character code's title is its code's plus the meaning
                raise _refuse(row, "the code is not in the release")
            tree.nodes[index].description = row.title
    derived = IcdRelease(
        fiscal_year=addenda.fiscal_year, derived_from=f"{tables.release.label} + {source}"
    )
    result = compile_tables(tree.flatten(), code_list=tree.extended, release=release or derived)
    result = result.evolve(pending_notes=frozenset(added))
    _check_flags(result, addenda)
    return result


def _check_flags(tables: IcdTables, addenda: OrderAddenda) -> None:
    """Every code the addenda add must be billable exactly as their flag says."""
    keys, billable = tables.keys, tables.billable
    for row in addenda.of(AddendaAction.ADD):
        index = keys.get(row.code)
        if index is None or bool(billable[index]) is not row.billable:
            shown = "billable" if row.billable else "a header"
            raise _refuse(row, f"the code should be {shown} but the derived release disagrees")
