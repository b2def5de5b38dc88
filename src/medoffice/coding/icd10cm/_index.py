"""The ICD-10-CM code set: a compiled, immutable index of one release of the tabular list.

:class:`IcdCodeSet` answers the questions a claim scrubber asks thousands of times a second with
one dict probe each: does this code exist, is it billable, what does it exclude. Items are built
from the flat tables on first use and remembered, so loading stays fast and repeated lookups
allocate nothing. Codes may be given dotted (``E11.9``) or not (``E119``).

>>> from medoffice.coding.icd10cm._compile import SourceNode, compile_tables
>>> from medoffice.coding.icd10cm._model import ItemKind, NoteKind
>>> from medoffice.coding.icd10cm._versions import IcdRelease
>>> nodes = [
...     SourceNode(kind=ItemKind.CHAPTER, name="4", description="Endocrine", parent=-1),
...     SourceNode(kind=ItemKind.BLOCK, name="E08-E13", description="Diabetes", parent=0),
...     SourceNode(kind=ItemKind.CATEGORY, name="E10", description="Type 1", parent=1),
...     SourceNode(kind=ItemKind.SUBCATEGORY, name="E10.9", description="no compl.", parent=2),
...     SourceNode(
...         kind=ItemKind.CATEGORY,
...         name="E11",
...         description="Type 2",
...         parent=1,
...         notes=((NoteKind.EXCLUDES1, "type 1 diabetes mellitus (E10.-)"),),
...     ),
...     SourceNode(kind=ItemKind.SUBCATEGORY, name="E11.9", description="no compl.", parent=4),
... ]
>>> codes = IcdCodeSet(compile_tables(nodes, code_list=(), release=IcdRelease(fiscal_year=2026)))
>>> codes.is_billable("E119"), codes.is_billable("E11")
(True, False)
>>> [(c.code, c.excluded) for c in codes.excludes1_conflicts(["E11.9", "E10.9"])]
[('E11.9', 'E10.9')]

More information: CDC NCHS, ICD-10-CM, https://www.cdc.gov/nchs/icd/icd-10-cm/
"""

from __future__ import annotations

from itertools import combinations

from medoffice.coding.icd10cm._model import (
    Excludes1Conflict,
    IcdItem,
    ItemKind,
    Note,
    NoteKind,
    RecordUse,
    SeventhCharacter,
)
from medoffice.coding.icd10cm._tables import KIND_CODES, NOTE_CODES, IcdTables
from medoffice.coding.icd10cm._versions import IcdRelease
from medoffice.kernel._records import final

TYPE_CHECKING = False  # typing's own flag, without importing typing on a cold start
if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from typing import Final

__all__ = ["IcdCodeSet"]

_CHAPTER: Final = KIND_CODES.index(ItemKind.CHAPTER)
_BLOCK: Final = KIND_CODES.index(ItemKind.BLOCK)
_CATEGORY: Final = KIND_CODES.index(ItemKind.CATEGORY)
_EXTENDED: Final = KIND_CODES.index(ItemKind.EXTENDED)
_EXCLUDES1: Final = NOTE_CODES.index(NoteKind.EXCLUDES1)
_CODE_FIRST: Final = NOTE_CODES.index(NoteKind.CODE_FIRST)
_MANIFESTATION_TITLE: Final = "in diseases classified elsewhere"
_EXTERNAL_CAUSE_LETTERS: Final = frozenset("VWXY")
_REMEMBERED: Final = 6_144
_REMEMBERED_PAIRS: Final = 16_384
"""Pairs of codes known free of Excludes1 conflict kept at most (each both ways round)."""
_PAIRED_AT_MOST: Final = 16
"""The longest list whose pairs are remembered (a claim lists at most 12 diagnoses)."""

# Per item, for Excludes1 checks: undotted key, its prefixes, and (note id, covered keys) pairs.
_Exclusions = tuple[str, tuple[str, ...], tuple[tuple[int, frozenset[str]], ...], frozenset[str]]
"""A code's undotted key, its prefixes, its Excludes1 notes with the prefixes each covers, and
every prefix any of them covers."""


def _all_pairs_in(codes: tuple[str, ...], pairs: set[tuple[str, str]]) -> bool:
    """Whether every pair of ``codes`` (in their order) is in ``pairs``: the pairs are made and
    tested in C (an unhashable code raises ``TypeError``)."""
    return pairs.issuperset(combinations(codes, 2))


def _record_use(notes: Iterable[Note]) -> RecordUse | None:
    for note in notes:
        text = note.text.lower()
        if "maternal record" in text and "only" in text and "never on newborn" in text:
            return RecordUse.MATERNAL_ONLY
        if "newborn records only" in text:
            return RecordUse.NEWBORN_ONLY
        if "not for use on maternal records" in text:
            return RecordUse.NOT_MATERNAL
    return None


@final
class IcdCodeSet:
    """One release of ICD-10-CM, compiled; immutable and safe to share between threads."""

    __slots__ = (
        "_billable",
        "_clear_pairs",
        "_exclusions",
        "_flags",
        "_items",
        "_keys",
        "_notes",
        "_parents",
        "_record_uses",
        "_sevenths",
        "_tables",
        "_upper_notes",
    )

    def __init__(self, tables: IcdTables) -> None:
        self._tables = tables
        self._keys = tables.key_index()
        self._parents = tables.parents
        self._flags = tables.billable
        self._items: dict[int, IcdItem] = {}
        self._notes: dict[int, Note] = {}
        self._billable: frozenset[str] | None = None
        self._exclusions: dict[int, _Exclusions] = {}
        self._clear_pairs: set[tuple[str, str]] = set()
        self._sevenths: dict[int, tuple[SeventhCharacter, ...]] = {}
        self._upper_notes: dict[int, tuple[Note, ...]] = {}
        self._record_uses: dict[int, RecordUse | None] = {}

    def __repr__(self) -> str:
        return f"IcdCodeSet({self._tables.release.label}, {len(self._tables)} items)"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, IcdCodeSet):
            return NotImplemented
        return self._tables == other._tables

    def __hash__(self) -> int:
        return hash((self._tables.release, len(self._tables)))

    def __len__(self) -> int:
        return len(self._tables)

    @property
    def release(self) -> IcdRelease:
        """Which release this is, and the days it covers."""
        return self._tables.release

    @property
    def tables(self) -> IcdTables:
        """The compiled tables (for caches and tools)."""
        return self._tables

    def covering_whole_fiscal_year(self) -> IcdCodeSet:
        """The same codes, declared to answer for every day of the release's fiscal year."""
        tables = self._tables
        return IcdCodeSet(tables.evolve(release=tables.release.covering_whole_fiscal_year()))

    def _index(self, code: object) -> int | None:
        """The item number of a code written any way (dotted, lower case, padded)."""
        if not isinstance(code, str):
            return None
        keys = self._keys
        if keys is None:
            return self._search(code)
        index = keys.get(code)
        if index is None:
            index = keys.get(code.replace(".", ""))  # the usual case: a dotted code
            if index is None:
                index = keys.get(code.strip().upper().replace(".", ""))
        return index

    def _search(self, code: str) -> int | None:
        """:meth:`_index` before the key dict is built: keys have no dots, so try the undotted
        code, then the cleaned one, each once (a search scans the joined keys)."""
        find = self._tables.find
        plain = code.replace(".", "")
        index = find(plain)
        if index is None:
            cleaned = code.strip().upper().replace(".", "")
            if cleaned != plain:
                index = find(cleaned)
        self._keys = self._tables.key_index()
        return index

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and self._index(code) is not None

    def lookup(self, code: str) -> IcdItem | None:
        """Everything known about ``code`` (a code, block id or chapter number), or ``None``."""
        keys = self._keys
        try:
            index = None if keys is None else keys.get(code)
        except TypeError:  # an unhashable value is not a code
            return None
        if index is None:
            index = self._index(code)
            if index is None:
                return None
        item = self._items.get(index)
        if item is None:
            item = self._remember(index)
        return item

    def _remember(self, index: int) -> IcdItem:
        # Built items are remembered so repeated lookups allocate nothing, up to a bound that
        # keeps one version's memory in budget even when every item is visited.
        if len(self._items) >= _REMEMBERED:
            self._items.clear()
        item = self._items[index] = self._build(index)
        return item

    def is_billable(self, code: str) -> bool:
        """Whether ``code`` may be reported on a claim (a leaf code, not a block)."""
        keys = self._keys
        try:
            index = None if keys is None else keys.get(code)
        except TypeError:  # an unhashable value is not a code
            return False
        if index is None:
            index = self._index(code)
            if index is None:
                return False
        return self._flags[index] == 1

    def billable_codes(self) -> frozenset[str]:
        """Every billable code, undotted."""
        if self._billable is None:
            self._billable = self._tables.billable_keys()
        return self._billable

    def items(self) -> Iterator[IcdItem]:
        """Every item in tabular order (chapters, blocks, categories, codes)."""
        for index in range(len(self._tables)):
            item = self._items.get(index)
            yield item if item is not None else self._remember(index)

    def excludes1_conflicts(self, codes: Iterable[str]) -> tuple[Excludes1Conflict, ...]:
        """Every pair of ``codes`` that an Excludes1 note forbids together, with the note.

        Unknown codes are ignored here (report them with :meth:`lookup`). A code is never in
        conflict with itself.

        A conflict is a matter of two codes (a note of one covering the other), so a list has
        none when none of its pairs has one: the pairs found free of conflict are remembered
        (both ways round, in a bounded set, from lists of a claim's length), and a list whose
        every pair is among them costs one set test per pair (the common diagnoses of a
        practice recur in every pairing).
        """
        listed = codes if type(codes) is tuple else tuple(codes)
        clear = self._clear_pairs
        try:
            if len(listed) > 1 and _all_pairs_in(listed, clear):
                return ()
        except TypeError:  # an unhashable value is not a code: the full search skips it
            pass
        found = self._excludes1_found(listed)
        if not found and len(listed) <= _PAIRED_AT_MOST:
            try:
                pairs = [
                    (first, second)
                    for at, first in enumerate(listed)
                    for second in listed[at + 1 :]
                ]
                if len(clear) + 2 * len(pairs) > _REMEMBERED_PAIRS:
                    clear.clear()
                clear.update(pairs)
                clear.update([(second, first) for first, second in pairs])
            except TypeError:  # unhashable values: nothing is remembered
                pass
        return found

    def _excludes1_found(self, codes: tuple[str, ...]) -> tuple[Excludes1Conflict, ...]:
        """:meth:`excludes1_conflicts` computed: each code's notes against the others."""
        memo = self._exclusions
        present: list[tuple[int, _Exclusions]] = []
        prefixes: set[str] = set()
        keys = self._keys
        for code in codes:
            try:
                index = None if keys is None else keys.get(code)
            except TypeError:  # an unhashable value is not a code
                continue
            if index is None:
                index = self._index(code)
                keys = self._keys  # built by the search after a few look-ups
                if index is None:
                    continue
            entry = memo.get(index)
            if entry is None:
                if len(memo) >= _REMEMBERED:
                    memo.clear()
                entry = memo[index] = self._exclusions_of(index)
            present.append((index, entry))
            prefixes.update(entry[1])
        found: list[Excludes1Conflict] = []
        for index, (key, _, notes, covering) in present:
            if covering.isdisjoint(prefixes):  # no note of this code covers any code here
                continue
            for note_id, covered in notes:
                if not covered.isdisjoint(prefixes):
                    found.extend(self._conflicts(index, key, note_id, covered, present))
        return tuple(dict.fromkeys(found)) if found else ()

    def _exclusions_of(self, index: int) -> _Exclusions:
        """The undotted key, its prefixes, and the Excludes1 notes that apply (own first)."""
        tables = self._tables
        key, targets = tables.code(index), tables.excludes1_targets
        notes = []
        holder = index
        while holder >= 0:
            for note_id in tables.note_ids(holder):
                covered = targets.get(note_id)
                if covered is not None:
                    notes.append((note_id, covered))
            holder = self._parents[holder]
        prefixes = tuple(key[:size] for size in range(3, len(key) + 1))
        covering = frozenset().union(*(covered for _, covered in notes))
        return key, prefixes, tuple(notes), covering

    def _conflicts(
        self,
        index: int,
        key: str,
        note_id: int,
        covered: frozenset[str],
        present: list[tuple[int, _Exclusions]],
    ) -> Iterator[Excludes1Conflict]:
        name = self._tables.name
        for other, (other_key, other_prefixes, _, _) in present:
            if other_key == key:
                continue
            if not covered.isdisjoint(other_prefixes):
                yield Excludes1Conflict(
                    code=name(index), excluded=name(other), note=self._note(note_id)
                )

    def _note(self, note_id: int) -> Note:
        note = self._notes.get(note_id)
        if note is None:
            item, kind, text = self._tables.note(note_id)
            note = Note(kind=NOTE_CODES[kind], source=self._tables.name(item), text=text)
            self._notes[note_id] = note
        return note

    def _chain(self, index: int) -> list[int]:
        chain = []
        parent = self._parents[index]
        while parent >= 0:
            chain.append(parent)
            parent = self._parents[parent]
        chain.reverse()
        return chain

    def _seventh(self, index: int, chain: list[int]) -> tuple[SeventhCharacter, ...]:
        tables = self._tables
        for holder in (index, *reversed(chain)):
            pairs = tables.seventh(holder)
            if pairs is not None:
                shared = self._sevenths.get(holder)
                if shared is None:
                    source = tables.name(holder)
                    shared = self._sevenths[holder] = tuple(
                        SeventhCharacter(character=c, meaning=m, defined_on=source)
                        for c, m in pairs
                    )
                return shared
        return ()

    def _lineage_notes(self, index: int) -> tuple[Note, ...]:
        """The notes of the item and its ancestors, nearest first."""
        tables = self._tables
        own = tuple(self._note(note_id) for note_id in tables.note_ids(index))
        parent = self._parents[index]
        if parent < 0:
            return own
        if tables.kinds[parent] <= _CATEGORY:
            # Chapters, blocks and categories are few and shared by many codes: remember them.
            inherited = self._upper_notes.get(parent)
            if inherited is None:
                inherited = self._upper_notes[parent] = self._lineage_notes(parent)
        else:
            inherited = self._lineage_notes(parent)
        return own + inherited

    def _record_use_of(self, chapter: int) -> RecordUse | None:
        if chapter not in self._record_uses:
            notes = (self._note(note_id) for note_id in self._tables.note_ids(chapter))
            self._record_uses[chapter] = _record_use(notes)
        return self._record_uses[chapter]

    def _build(self, index: int) -> IcdItem:
        tables = self._tables
        name, kinds, ends = tables.name, tables.kinds, tables.ends
        chain = self._chain(index)
        children = []
        child = index + 1
        while child < ends[index]:
            children.append(child)
            child = ends[child]
        notes = self._lineage_notes(index)
        seventh = self._seventh(index, chain)
        extended = [c for c in children if kinds[c] == _EXTENDED]
        description = tables.description(index)
        code = name(index)
        if kinds[index] == _EXTENDED:
            seventh = tuple(s for s in seventh if s.character == code[-1])
            meaning = seventh[0].meaning if seventh else ""
            description = f"{tables.description(chain[-1])}, {meaning}"
        elif extended:
            allowed = {tables.code(c)[-1] for c in extended}
            seventh = tuple(s for s in seventh if s.character in allowed)
        lineage = [*chain, index]
        coded = [i for i in lineage if kinds[i] >= _CATEGORY]
        code_first = any(
            tables.note(note_id)[1] == _CODE_FIRST for i in coded for note_id in tables.note_ids(i)
        )
        title = _MANIFESTATION_TITLE in description.lower()
        block = next((i for i in lineage if kinds[i] == _BLOCK), None)
        category = next((i for i in coded if kinds[i] == _CATEGORY), None)
        return IcdItem(
            code=code,
            kind=KIND_CODES[kinds[index]],
            description=description,
            is_billable=tables.billable[index] == 1,
            chapter=name(lineage[0]),
            block=None if block is None else name(block),
            category=None if category is None else name(category),
            parent=name(chain[-1]) if chain else None,
            ancestors=tuple(name(i) for i in chain),
            children=tuple(name(c) for c in children),
            notes=notes,
            requires_seventh=bool(extended),
            seventh_characters=seventh,
            has_manifestation_title=title,
            is_manifestation=title or code_first,
            is_external_cause=bool(coded) and code[0] in _EXTERNAL_CAUSE_LETTERS,
            record_use=self._record_use_of(lineage[0]),
            notes_pending=tables.code(index) in tables.pending_notes,
        )
