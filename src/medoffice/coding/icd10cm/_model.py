"""The values an ICD-10-CM code set hands out: items, notes, seventh characters, conflicts.

An :class:`IcdItem` is one node of the tabular list: a chapter, a block (a range of categories
such as ``E08-E13``), a category (three characters), a subcategory or code (four to six), or an
extended code with its seventh character (``S72.001A``). An item is *billable* when it is a leaf
of the classification and not a block: exactly the codes a claim may carry.

Instructional notes are kept with the item that carries them and apply to all its descendants, so
an item's ``notes`` lists its own notes and those inherited from its ancestors, each naming the
item it was written on (``source``).

>>> note = Note(kind=NoteKind.EXCLUDES1, source="E11", text="type 1 diabetes mellitus (E10.-)")
>>> [str(r) for r in note.references]
['E10.-']
>>> note.covers("E10.9")
True

More information: ICD-10-CM Official Guidelines for Coding and Reporting FY2026, section I.A,
https://www.cdc.gov/nchs/icd/icd-10-cm/
"""

from __future__ import annotations

import enum

from medoffice.kernel._records import FrozenRecord, final

TYPE_CHECKING = False  # typing's own flag, without importing typing on a cold start
if TYPE_CHECKING:
    from medoffice.coding.icd10cm._references import CodeReference

__all__ = [
    "Excludes1Conflict",
    "IcdItem",
    "ItemKind",
    "Note",
    "NoteKind",
    "RecordUse",
    "SeventhCharacter",
]


class ItemKind(enum.Enum):
    """Where an item sits in the classification."""

    CHAPTER = "chapter"
    BLOCK = "block"
    CATEGORY = "category"
    SUBCATEGORY = "subcategory"
    EXTENDED = "extended"
    """A code formed by adding a seventh character (with placeholder ``X`` where needed)."""


class NoteKind(enum.Enum):
    """The instructional notes of the tabular list (XML element names as values)."""

    INCLUDES = "includes"
    INCLUSION_TERM = "inclusionTerm"
    EXCLUDES1 = "excludes1"
    EXCLUDES2 = "excludes2"
    CODE_FIRST = "codeFirst"
    USE_ADDITIONAL_CODE = "useAdditionalCode"
    CODE_ALSO = "codeAlso"
    NOTES = "notes"
    SEVENTH_CHARACTER = "sevenChrNote"


class RecordUse(enum.Enum):
    """Chapter-level rules on which record a code may appear (chapters 15, 16 and 17)."""

    MATERNAL_ONLY = "maternal record only"
    NEWBORN_ONLY = "newborn record only"
    NOT_MATERNAL = "not for maternal records"


@final
class Note(FrozenRecord):
    """One instructional note, with the code references read from its text."""

    __slots__ = ("_references", "kind", "source", "text")
    _hidden = frozenset({"_references"})

    kind: NoteKind
    source: str
    """The item the note is written on; it applies to that item's descendants as well."""
    text: str
    _references: tuple[CodeReference, ...] | None

    def __init__(
        self,
        *,
        kind: NoteKind,
        source: str,
        text: str,
        references: tuple[CodeReference, ...] | None = None,
    ) -> None:
        setattr_ = object.__setattr__
        setattr_(self, "kind", kind)
        setattr_(self, "source", source)
        setattr_(self, "text", text)
        setattr_(self, "_references", references)

    @property
    def references(self) -> tuple[CodeReference, ...]:
        """The code references read from the text (read on first use)."""
        references = self._references
        if references is None:
            # The reader (regular expressions) is imported, and a note read, only when asked.
            from medoffice.coding.icd10cm._references import parse_references  # noqa: PLC0415

            references = parse_references(self.text)
            object.__setattr__(self, "_references", references)
        return references

    def covers(self, code: str) -> bool:
        """Whether any reference of the note covers ``code``."""
        return any(reference.matches(code) for reference in self.references)


@final
class SeventhCharacter(FrozenRecord):
    """An allowed seventh character and what it means (``A``: initial encounter...)."""

    __slots__ = ("character", "defined_on", "meaning")

    character: str
    meaning: str
    defined_on: str
    """The ancestor whose ``sevenChrDef`` defines it."""

    def __init__(self, *, character: str, meaning: str, defined_on: str) -> None:
        setattr_ = object.__setattr__
        setattr_(self, "character", character)
        setattr_(self, "meaning", meaning)
        setattr_(self, "defined_on", defined_on)


@final
class IcdItem(FrozenRecord):
    """One node of the ICD-10-CM tabular list, with everything the index knows about it."""

    __slots__ = (
        "ancestors",
        "block",
        "category",
        "chapter",
        "children",
        "code",
        "description",
        "has_manifestation_title",
        "is_billable",
        "is_external_cause",
        "is_manifestation",
        "kind",
        "notes",
        "notes_pending",
        "parent",
        "record_use",
        "requires_seventh",
        "seventh_characters",
    )

    code: str
    """The item as written: ``E11.9``, ``S72.001A``, block ``E08-E13``, chapter ``4``."""
    kind: ItemKind
    description: str
    is_billable: bool
    chapter: str
    block: str | None
    category: str | None
    parent: str | None
    ancestors: tuple[str, ...]
    """From the chapter down to the parent."""
    children: tuple[str, ...]
    notes: tuple[Note, ...]
    """The item's own notes and those inherited from its ancestors, nearest first."""
    requires_seventh: bool
    """The code is incomplete without a seventh character (``S72.001`` needs ``A``, ``D``...)."""
    seventh_characters: tuple[SeventhCharacter, ...]
    """The seventh characters this item takes (or, for an extended code, the one it has)."""
    is_manifestation: bool
    """Title "in diseases classified elsewhere", or a "code first" note applies (at category
    level or below): the code is meant to follow another. Broader than the MCE manifestation
    edit (``B20`` and ``A40.0`` carry conditional "code first" notes); for "never first-listed"
    use :attr:`has_manifestation_title` or the diagnosis-edit table."""
    has_manifestation_title: bool
    """The title says "in diseases classified elsewhere": never principal or first-listed."""
    is_external_cause: bool
    """Chapter 20 (V00-Y99)."""
    record_use: RecordUse | None
    notes_pending: bool
    """The code is new in a release derived from the addenda: its own tabular notes (Excludes,
    code-first, seventh characters beyond those the code list confirms) are not known until the
    full tabular list of that release is loaded. Notes inherited from older ancestors are kept."""

    def __init__(
        self,
        *,
        code: str,
        kind: ItemKind,
        description: str,
        is_billable: bool,
        chapter: str,
        block: str | None,
        category: str | None,
        parent: str | None,
        ancestors: tuple[str, ...],
        children: tuple[str, ...],
        notes: tuple[Note, ...],
        requires_seventh: bool,
        seventh_characters: tuple[SeventhCharacter, ...],
        is_manifestation: bool,
        has_manifestation_title: bool,
        is_external_cause: bool,
        record_use: RecordUse | None,
        notes_pending: bool = False,
    ) -> None:
        setattr_ = object.__setattr__
        setattr_(self, "code", code)
        setattr_(self, "kind", kind)
        setattr_(self, "description", description)
        setattr_(self, "is_billable", is_billable)
        setattr_(self, "chapter", chapter)
        setattr_(self, "block", block)
        setattr_(self, "category", category)
        setattr_(self, "parent", parent)
        setattr_(self, "ancestors", ancestors)
        setattr_(self, "children", children)
        setattr_(self, "notes", notes)
        setattr_(self, "requires_seventh", requires_seventh)
        setattr_(self, "seventh_characters", seventh_characters)
        setattr_(self, "is_manifestation", is_manifestation)
        setattr_(self, "has_manifestation_title", has_manifestation_title)
        setattr_(self, "is_external_cause", is_external_cause)
        setattr_(self, "record_use", record_use)
        setattr_(self, "notes_pending", notes_pending)

    @property
    def undotted(self) -> str:
        """The code without its dot (``E119``), as claims and edit tables carry it."""
        return self.code.replace(".", "")

    def _of_kind(self, kind: NoteKind) -> tuple[Note, ...]:
        return tuple(note for note in self.notes if note.kind is kind)

    @property
    def excludes1(self) -> tuple[Note, ...]:
        """Excludes1 notes: never coded together with this item."""
        return self._of_kind(NoteKind.EXCLUDES1)

    @property
    def excludes2(self) -> tuple[Note, ...]:
        """Excludes2 notes: not included here, but both may be coded."""
        return self._of_kind(NoteKind.EXCLUDES2)

    @property
    def code_first(self) -> tuple[Note, ...]:
        """ "Code first" notes: the referenced condition is sequenced before this one."""
        return self._of_kind(NoteKind.CODE_FIRST)

    @property
    def use_additional_code(self) -> tuple[Note, ...]:
        """ "Use additional code" notes."""
        return self._of_kind(NoteKind.USE_ADDITIONAL_CODE)

    @property
    def code_also(self) -> tuple[Note, ...]:
        """ "Code also" notes (sequencing is discretionary)."""
        return self._of_kind(NoteKind.CODE_ALSO)


@final
class Excludes1Conflict(FrozenRecord):
    """Two codes of one claim that an Excludes1 note forbids together."""

    __slots__ = ("code", "excluded", "note")

    code: str
    """The code the note applies to."""
    excluded: str
    """The code the note excludes."""
    note: Note

    def __init__(self, *, code: str, excluded: str, note: Note) -> None:
        setattr_ = object.__setattr__
        setattr_(self, "code", code)
        setattr_(self, "excluded", excluded)
        setattr_(self, "note", note)
