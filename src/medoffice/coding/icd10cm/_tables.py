"""The compiled form of an ICD-10-CM code set: flat tables, built once from the tabular list.

The tables are plain Python data (strings, bytes, arrays, dicts, frozensets) so that a cache can
store them as a handful of strings and byte strings and reload them in a few milliseconds, and so
that lookups are single dict probes. Items are numbered in document (pre-order) order, so the
descendants of item ``i`` are exactly ``i + 1 .. ends[i] - 1`` (see ``compile_tables``).

Tables read back from :meth:`IcdTables.to_payload` keep each column of texts as one string with
the offsets of its entries, and make the tuples, dicts and the key index on first use: a fresh
process that answers one lookup splits nothing. Until the key index exists, a code is found by
searching the joined keys; after a few look-ups the index is built.

>>> from medoffice.coding.icd10cm._compile import SourceNode, compile_tables
>>> from medoffice.coding.icd10cm._model import ItemKind
>>> from medoffice.coding.icd10cm._versions import IcdRelease
>>> nodes = [
...     SourceNode(kind=ItemKind.CHAPTER, name="1", description="Infections", parent=-1),
...     SourceNode(kind=ItemKind.CATEGORY, name="A00", description="Cholera", parent=0),
... ]
>>> tables = compile_tables(nodes, code_list=(), release=IcdRelease(fiscal_year=2026))
>>> again = IcdTables.from_payload(tables.to_payload())
>>> again.find("A00"), again.description(1), again == tables
(1, 'Cholera', True)
"""

from __future__ import annotations

import bisect
import marshal
import sys
from array import array

from medoffice.coding.icd10cm._columns import (
    INT,
    SEPARATOR,
    Texts,
    decode_targets,
    ints,
    notes_of_items,
    seventh_pairs,
    unmarshal,
)
from medoffice.coding.icd10cm._model import ItemKind, NoteKind
from medoffice.coding.icd10cm._versions import IcdRelease, ReleaseUpdate
from medoffice.kernel._errors import InvalidValue
from medoffice.kernel._records import final

TYPE_CHECKING = False  # typing's own flag, without importing typing on a cold start
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any, Final

__all__ = ["KIND_CODES", "NOTE_CODES", "IcdTables"]

KIND_CODES: Final = tuple(ItemKind)
NOTE_CODES: Final = tuple(NoteKind)
_CODE_KINDS: Final = frozenset(
    KIND_CODES.index(k) for k in (ItemKind.CATEGORY, ItemKind.SUBCATEGORY, ItemKind.EXTENDED)
)
_PAYLOAD_FIELDS: Final = frozenset(
    {
        "byteorder",
        "release",
        "codes",
        "code_starts",
        "kinds",
        "parents",
        "ends",
        "descriptions",
        "description_starts",
        "billable",
        "note_items",
        "note_kinds",
        "note_texts",
        "note_starts",
        "notes_sorted",
        "seventh_of",
        "excludes1_targets",
        "pending_notes",
    }
)
_SEARCHES_BEFORE_INDEX: Final = 8
"""Look-ups answered by searching the joined keys before the key dict is built (a search costs
about a tenth of building the dict, which a one-lookup process never needs)."""


@final
class IcdTables:
    """The flat, immutable tables of one code set (see the module docstring).

    ``release``, ``kinds`` (a kind code per item), ``parents`` and ``ends`` (item numbers),
    ``billable`` (a flag per item), ``codes`` (each item's key: the undotted code, the block id
    or the chapter number), ``descriptions`` (empty for extended codes: theirs is the parent's
    plus the seventh character's meaning), ``keys`` (key to item number), ``notes`` (every note
    as (item, note kind code, text), in document order), ``notes_of`` (item to note ids),
    ``seventh_of``, ``excludes1_targets`` (for each Excludes1 note, the undotted keys of the
    topmost items it covers) and ``pending_notes`` (keys of the items new in a release derived
    from the addenda: their own tabular notes are not known yet).
    """

    __slots__ = (
        "_billable",
        "_code_texts",
        "_codes",
        "_description_texts",
        "_descriptions",
        "_ends",
        "_excludes1_blob",
        "_excludes1_targets",
        "_keys",
        "_kinds",
        "_note_items",
        "_note_kinds",
        "_note_texts",
        "_notes",
        "_notes_of",
        "_notes_sorted",
        "_parents",
        "_pending_notes",
        "_release",
        "_searches",
        "_seventh_blob",
        "_seventh_of",
        "_seventh_read",
    )

    def __init__(
        self,
        *,
        release: IcdRelease,
        codes: tuple[str, ...],
        kinds: bytes,
        parents: array[int],
        ends: array[int],
        descriptions: tuple[str, ...],
        billable: bytes,
        keys: dict[str, int],
        notes: tuple[tuple[int, int, str], ...],
        notes_of: dict[int, tuple[int, ...]],
        seventh_of: dict[int, tuple[tuple[str, str], ...]],
        excludes1_targets: dict[int, frozenset[str]],
        pending_notes: frozenset[str] = frozenset(),
    ) -> None:
        self._release = release
        self._codes: tuple[str, ...] | None = codes
        self._code_texts: Texts | None = None
        self._kinds = kinds
        self._parents = parents
        self._ends = ends
        self._descriptions: tuple[str, ...] | None = descriptions
        self._description_texts: Texts | None = None
        self._billable = billable
        self._keys: dict[str, int] | None = keys
        self._searches = 0
        self._notes: tuple[tuple[int, int, str], ...] | None = notes
        self._note_items: array[int] | None = None
        self._note_kinds = b""
        self._note_texts: Texts | None = None
        self._notes_of: dict[int, tuple[int, ...]] | None = notes_of
        self._notes_sorted = False
        self._seventh_of: dict[int, tuple[tuple[str, str], ...]] | None = seventh_of
        self._seventh_blob = b""
        self._seventh_read: dict[object, object] | None = None
        self._excludes1_targets: dict[int, frozenset[str]] | None = excludes1_targets
        self._excludes1_blob = b""
        self._pending_notes = pending_notes

    # The columns, made on first use when the tables were read from a payload.

    @property
    def release(self) -> IcdRelease:
        """Which release these tables are."""
        return self._release

    @property
    def kinds(self) -> bytes:
        """A kind code per item (positions in :class:`ItemKind`)."""
        return self._kinds

    @property
    def parents(self) -> array[int]:
        """The parent item number of each item, -1 for a chapter."""
        return self._parents

    @property
    def ends(self) -> array[int]:
        """One past the last descendant of each item."""
        return self._ends

    @property
    def billable(self) -> bytes:
        """1 for a billable item, else 0."""
        return self._billable

    @property
    def codes(self) -> tuple[str, ...]:
        """Each item's key: the undotted code, the block id or the chapter number."""
        codes = self._codes
        if codes is None:
            codes = self._codes = self._texts(self._code_texts).all()
        return codes

    @property
    def descriptions(self) -> tuple[str, ...]:
        """Empty for extended codes: theirs is the parent's plus the 7th character's meaning."""
        descriptions = self._descriptions
        if descriptions is None:
            descriptions = self._descriptions = self._texts(self._description_texts).all()
        return descriptions

    @property
    def keys(self) -> dict[str, int]:
        """Each key's item number (a block holding a single category shares its id: the
        category, later in the list, wins)."""
        keys = self._keys
        if keys is None:
            codes = self.codes
            keys = self._keys = dict(zip(codes, range(len(codes)), strict=True))
        return keys

    @property
    def notes(self) -> tuple[tuple[int, int, str], ...]:
        """Every note as (item, note kind code, text), in document order."""
        notes = self._notes
        if notes is None:
            items = self._note_items if self._note_items is not None else array(INT)
            texts = self._texts(self._note_texts).all()
            notes = self._notes = tuple(zip(items, self._note_kinds, texts, strict=True))
        return notes

    @property
    def notes_of(self) -> dict[int, tuple[int, ...]]:
        """The note ids of each item that has notes, in document order."""
        notes_of = self._notes_of
        if notes_of is None:
            items = self._note_items if self._note_items is not None else array(INT)
            notes_of = self._notes_of = notes_of_items(items)
        return notes_of

    @property
    def seventh_of(self) -> dict[int, tuple[tuple[str, str], ...]]:
        """The seventh characters (character, meaning) defined on an item."""
        seventh_of = self._seventh_of
        if seventh_of is None:
            read = self._read_sevenths()
            if not all(
                isinstance(item, int) and seventh_pairs(pairs) for item, pairs in read.items()
            ):
                raise InvalidValue("the compiled ICD-10-CM tables are inconsistent")
            checked: dict[int, tuple[tuple[str, str], ...]] = read  # type: ignore[assignment]
            seventh_of = self._seventh_of = checked
        return seventh_of

    def _read_sevenths(self) -> dict[object, object]:
        read = self._seventh_read
        if read is None:
            read = self._seventh_read = unmarshal(self._seventh_blob)
        return read

    def seventh(self, index: int) -> tuple[tuple[str, str], ...] | None:
        """The seventh characters (character, meaning) defined on item ``index``, if any."""
        seventh_of = self._seventh_of
        if seventh_of is not None:
            return seventh_of.get(index)
        # Read from a payload: only the entry asked for is checked, not all of them.
        pairs = self._read_sevenths().get(index)
        if pairs is not None and not seventh_pairs(pairs):
            raise InvalidValue("the compiled ICD-10-CM tables are inconsistent")
        return pairs  # type: ignore[return-value]  # checked above

    @property
    def excludes1_targets(self) -> dict[int, frozenset[str]]:
        """For each Excludes1 note, the undotted keys of the topmost items it covers."""
        targets = self._excludes1_targets
        if targets is None:
            targets = self._excludes1_targets = decode_targets(self._excludes1_blob)
        return targets

    @property
    def pending_notes(self) -> frozenset[str]:
        """Keys of the items new in a release derived from the addenda: their own tabular notes
        are not known yet (see :attr:`~medoffice.coding.icd10cm.IcdItem.notes_pending`)."""
        return self._pending_notes

    @staticmethod
    def _texts(texts: Texts | None) -> Texts:
        if texts is None:  # pragma: no cover - a column is either materialised or joined
            raise InvalidValue("the compiled ICD-10-CM tables are inconsistent")
        return texts

    # One entry at a time, without making a column.

    def __len__(self) -> int:
        return len(self._kinds)

    def code(self, index: int) -> str:
        """The key of item ``index``."""
        codes = self._codes
        return codes[index] if codes is not None else self._texts(self._code_texts)[index]

    def description(self, index: int) -> str:
        """The description of item ``index`` (empty for an extended code)."""
        descriptions = self._descriptions
        if descriptions is not None:
            return descriptions[index]
        return self._texts(self._description_texts)[index]

    def note(self, note_id: int) -> tuple[int, int, str]:
        """Note ``note_id`` as (item, note kind code, text)."""
        notes = self._notes
        if notes is not None:
            return notes[note_id]
        items = self._note_items if self._note_items is not None else array(INT)
        text = self._texts(self._note_texts)[note_id]
        return items[note_id], self._note_kinds[note_id], text

    def note_ids(self, index: int) -> Sequence[int]:
        """The ids of the notes written on item ``index``, in document order."""
        items = self._note_items
        if self._notes_of is not None or items is None or not self._notes_sorted:
            return self.notes_of.get(index, ())
        # Compiled tables list notes item by item: an item's notes are one run of ids.
        first = bisect.bisect_left(items, index)
        return range(first, bisect.bisect_right(items, index, first))

    def find(self, key: str) -> int | None:
        """The item number of an undotted key, or ``None``."""
        keys = self._keys
        if keys is None:
            texts = self._code_texts
            if texts is not None and self._searches < _SEARCHES_BEFORE_INDEX:
                self._searches += 1
                return texts.find(key)
            keys = self.keys
        return keys.get(key)

    def key_index(self) -> dict[str, int] | None:
        """The key dict when it is built (see :meth:`find`)."""
        return self._keys

    def name(self, index: int) -> str:
        """The item as written: the code with its dot after the category, block, chapter."""
        code = self.code(index)
        if self._kinds[index] in _CODE_KINDS and len(code) > 3:
            return f"{code[:3]}.{code[3:]}"
        return code

    @property
    def names(self) -> tuple[str, ...]:
        """Every item as written, in tabular order."""
        return tuple(self.name(index) for index in range(len(self._kinds)))

    def billable_keys(self) -> frozenset[str]:
        """The undotted billable codes."""
        codes, flags = self.codes, self._billable
        return frozenset(codes[i] for i in range(len(codes)) if flags[i])

    def evolve(
        self, *, release: IcdRelease | None = None, pending_notes: frozenset[str] | None = None
    ) -> IcdTables:
        """The same tables with another release or other pending notes."""
        copy = object.__new__(IcdTables)
        for slot in IcdTables.__slots__:
            setattr(copy, slot, getattr(self, slot))
        if release is not None:
            copy._release = release
        if pending_notes is not None:
            copy._pending_notes = pending_notes
        return copy

    def _compared(self) -> tuple[object, ...]:
        return (
            self._release,
            self.codes,
            self._kinds,
            self._parents,
            self._ends,
            self.descriptions,
            self._billable,
            self.keys,
            self.notes,
            self.notes_of,
            self.seventh_of,
            self.excludes1_targets,
            self._pending_notes,
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, IcdTables):
            return NotImplemented
        return self is other or self._compared() == other._compared()

    __hash__ = None  # type: ignore[assignment]  # mutable dicts inside: never a dict key

    def __repr__(self) -> str:
        return f"IcdTables({self._release.label}, {len(self)} items)"

    def to_payload(self) -> dict[str, Any]:
        """Plain builtins only (str, bytes, int, tuples, dicts), for a cache: texts joined with
        NUL (which XML cannot contain) with their offsets, numbers as native ``int`` arrays."""
        release = self._release
        notes = self.notes
        items = array(INT, (item for item, _, _ in notes))
        codes, code_starts = Texts.of(self.codes).payload()
        descriptions, description_starts = Texts.of(self.descriptions).payload()
        note_texts, note_starts = Texts.of([text for _, _, text in notes]).payload()
        return {
            "byteorder": (sys.byteorder, array(INT).itemsize),
            "release": (
                release.fiscal_year,
                release.update.value,
                release.whole_fiscal_year,
                release.derived_from,
            ),
            "codes": codes,
            "code_starts": code_starts,
            "kinds": self._kinds,
            "parents": self._parents.tobytes(),
            "ends": self._ends.tobytes(),
            "descriptions": descriptions,
            "description_starts": description_starts,
            "billable": self._billable,
            "note_items": items.tobytes(),
            "note_kinds": bytes(kind for _, kind, _ in notes),
            "note_texts": note_texts,
            "note_starts": note_starts,
            "notes_sorted": all(items[i] <= items[i + 1] for i in range(len(items) - 1)),
            "seventh_of": marshal.dumps(self.seventh_of),
            "excludes1_targets": marshal.dumps(self.excludes1_targets),
            "pending_notes": SEPARATOR.join(sorted(self._pending_notes)),
        }

    @classmethod
    def from_payload(cls, payload: object) -> IcdTables:
        """The tables back from :meth:`to_payload`; a payload of the wrong shape is refused."""
        try:
            return cls._from_payload(payload)
        except (AttributeError, KeyError, TypeError, ValueError) as error:
            if isinstance(error, InvalidValue):
                raise
            raise InvalidValue("the compiled ICD-10-CM tables are not readable") from error

    @classmethod
    def _from_payload(cls, payload: object) -> IcdTables:
        if not isinstance(payload, dict) or payload.keys() != _PAYLOAD_FIELDS:
            raise InvalidValue("the compiled ICD-10-CM tables are not readable")
        if payload["byteorder"] != (sys.byteorder, array(INT).itemsize):
            raise InvalidValue("the compiled ICD-10-CM tables are of another machine")
        fiscal_year, update, whole, derived_from = payload["release"]
        if not isinstance(whole, bool) or not isinstance(derived_from, str | None):
            raise InvalidValue("the compiled ICD-10-CM tables are inconsistent")
        kinds, billable, note_kinds = payload["kinds"], payload["billable"], payload["note_kinds"]
        seventh_of, pending = payload["seventh_of"], payload["pending_notes"]
        parents, ends = ints(payload["parents"]), ints(payload["ends"])
        note_items = ints(payload["note_items"])
        size, notes = len(kinds), len(note_items)
        if (
            not all(isinstance(v, bytes) for v in (kinds, billable, note_kinds, seventh_of))
            or not all(len(v) == size for v in (billable, parents, ends))
            or len(note_kinds) != notes
            or not isinstance(payload["notes_sorted"], bool)
            or not isinstance(pending, str)
            or not isinstance(payload["excludes1_targets"], bytes)
        ):
            raise InvalidValue("the compiled ICD-10-CM tables are inconsistent")
        tables = object.__new__(cls)
        tables._release = IcdRelease(
            fiscal_year=fiscal_year,
            update=ReleaseUpdate(update),
            whole_fiscal_year=whole,
            derived_from=derived_from,
        )
        tables._codes = None
        tables._code_texts = Texts.from_payload(payload["codes"], payload["code_starts"], size)
        tables._kinds = kinds
        tables._parents = parents
        tables._ends = ends
        tables._descriptions = None
        tables._description_texts = Texts.from_payload(
            payload["descriptions"], payload["description_starts"], size
        )
        tables._billable = billable
        tables._keys = None
        tables._searches = 0
        tables._notes = None
        tables._note_items = note_items
        tables._note_kinds = note_kinds
        tables._note_texts = Texts.from_payload(
            payload["note_texts"], payload["note_starts"], notes
        )
        tables._notes_of = None
        tables._notes_sorted = payload["notes_sorted"]
        tables._seventh_of = None
        tables._seventh_blob = seventh_of
        tables._seventh_read = None
        tables._excludes1_targets = None
        tables._excludes1_blob = payload["excludes1_targets"]
        tables._pending_notes = frozenset(pending.split(SEPARATOR)) if pending else frozenset()
        return tables
