"""Budget adapters in memory: postings, encumbrances and the transfer journal.

They keep everything in process memory, pass the contract suites of
``medoffice.testing._budget_contracts``, and copy nothing mutable out, so a caller cannot change
what is stored behind the adapter's back.

>>> journal = InMemoryTransferJournal()
>>> journal.entries()
()
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import final

from medoffice.budget import Encumbrance, JournalEntry, Posting, Transaction
from medoffice.kernel import ConcurrencyConflict, DateRange, InvalidArgument

__all__ = [
    "InMemoryEncumbranceRepository",
    "InMemoryPostingStore",
    "InMemoryTransferJournal",
]


@final
class InMemoryPostingStore:
    """A :class:`~medoffice.budget.ports.PostingStore` in a list."""

    __slots__ = ("_ids", "_postings")

    def __init__(self) -> None:
        self._postings: list[Posting] = []
        self._ids: set[str] = set()

    def append(self, transaction: Transaction) -> None:
        """Record a transaction's postings; a repeated id is refused."""
        if transaction.id in self._ids:
            raise InvalidArgument(f"transaction {transaction.id} is already recorded")
        if transaction.imbalance():
            raise InvalidArgument(f"transaction {transaction.id} does not balance")
        self._postings.extend(transaction.postings())
        self._ids.add(transaction.id)

    def postings(self, days: DateRange) -> Iterator[Posting]:
        """The postings dated within ``days``, in the order recorded."""
        return (p for p in list(self._postings) if days.contains(p.on))

    def __repr__(self) -> str:
        return f"InMemoryPostingStore({len(self._postings)} postings)"


@final
class InMemoryEncumbranceRepository:
    """An :class:`~medoffice.budget.ports.EncumbranceRepository` in a dict."""

    __slots__ = ("_items",)

    def __init__(self) -> None:
        self._items: dict[str, Encumbrance] = {}

    def get(self, encumbrance_id: str) -> Encumbrance | None:
        """The stored encumbrance, or ``None``."""
        return self._items.get(encumbrance_id)

    def save(self, encumbrance: Encumbrance, *, expected_version: int) -> None:
        """Store it if the stored version is ``expected_version`` (0 for a new one)."""
        current = self._items.get(encumbrance.id)
        stored = 0 if current is None else current.version
        if stored != expected_version:
            raise ConcurrencyConflict(
                f"encumbrance {encumbrance.id} is at version {stored}, not {expected_version}"
            )
        self._items[encumbrance.id] = encumbrance.with_version(stored + 1)

    def all(self) -> tuple[Encumbrance, ...]:
        """Every encumbrance, by id."""
        return tuple(self._items[k] for k in sorted(self._items))

    def __repr__(self) -> str:
        return f"InMemoryEncumbranceRepository({len(self._items)} encumbrances)"


@final
class InMemoryTransferJournal:
    """A :class:`~medoffice.budget.ports.TransferJournal` in a list (append-only)."""

    __slots__ = ("_entries",)

    def __init__(self) -> None:
        self._entries: list[JournalEntry] = []

    def entries(self) -> tuple[JournalEntry, ...]:
        """Every entry in the order recorded."""
        return tuple(self._entries)

    def append(self, entry: JournalEntry, *, expected_length: int) -> None:
        """Append if nobody appended since the caller read ``expected_length`` entries."""
        if len(self._entries) != expected_length:
            raise ConcurrencyConflict(
                f"the journal has {len(self._entries)} entries, not {expected_length}"
            )
        self._entries.append(entry)

    def __repr__(self) -> str:
        return f"InMemoryTransferJournal({len(self._entries)} entries)"
