"""Budget adapters in memory: postings, encumbrances and the transfer journal.

They keep everything in process memory, pass the contract suites of
``medoffice.testing._budget_contracts``, and copy nothing mutable out, so a caller cannot change
what is stored behind the adapter's back.

>>> journal = InMemoryTransferJournal()
>>> journal.entries()
()
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import final

from medoffice.budget._encumbrance import Encumbrance
from medoffice.budget._ledger import Posting, Transaction
from medoffice.budget._transfers import JournalEntry
from medoffice.kernel import ConcurrencyConflict, DateRange, InvalidArgument

__all__ = [
    "InMemoryEncumbranceRepository",
    "InMemoryPostingStore",
    "InMemoryTransferJournal",
]


@final
class InMemoryPostingStore:
    """A :class:`~medoffice.budget.ports.PostingStore` in a list."""

    __slots__ = ("_ids", "_lock", "_postings")

    def __init__(self, *, lock: threading.RLock | None = None) -> None:
        # A lock shared with other repositories lets a unit of work hold them all at once.
        self._lock = lock or threading.RLock()
        self._postings: list[Posting] = []
        self._ids: set[str] = set()

    def append(self, transaction: Transaction) -> None:
        """Record a transaction's postings; a repeated id is refused."""
        with self._lock:
            if transaction.id in self._ids:
                raise InvalidArgument(f"transaction {transaction.id} is already recorded")
            if transaction.imbalance():
                raise InvalidArgument(f"transaction {transaction.id} does not balance")
            self._postings.extend(transaction.postings())
            self._ids.add(transaction.id)

    def postings(self, days: DateRange) -> Iterator[Posting]:
        """The postings dated within ``days``, in the order recorded."""
        with self._lock:
            recorded = list(self._postings)
        return (p for p in recorded if days.contains(p.on))

    def checkpoint(self) -> Callable[[], None]:
        """A function that puts back what the store holds now (a unit of work's rollback)."""
        with self._lock:
            length = len(self._postings)

        def restore() -> None:
            with self._lock:
                self._ids.difference_update(p.transaction for p in self._postings[length:])
                del self._postings[length:]

        return restore

    def __repr__(self) -> str:
        return f"InMemoryPostingStore({len(self._postings)} postings)"


@final
class InMemoryEncumbranceRepository:
    """An :class:`~medoffice.budget.ports.EncumbranceRepository` in a dict."""

    __slots__ = ("_items", "_lock")

    def __init__(self, *, lock: threading.RLock | None = None) -> None:
        self._lock = lock or threading.RLock()
        self._items: dict[str, Encumbrance] = {}

    def get(self, encumbrance_id: str) -> Encumbrance | None:
        """The stored encumbrance, or ``None``."""
        with self._lock:
            return self._items.get(encumbrance_id)

    def save(self, encumbrance: Encumbrance, *, expected_version: int) -> None:
        """Store it if the stored version is ``expected_version`` (0 for a new one)."""
        with self._lock:
            current = self._items.get(encumbrance.id)
            stored = 0 if current is None else current.version
            if stored != expected_version:
                raise ConcurrencyConflict(
                    f"encumbrance {encumbrance.id} is at version {stored}, not {expected_version}"
                )
            self._items[encumbrance.id] = encumbrance.with_version(stored + 1)

    def all(self) -> tuple[Encumbrance, ...]:
        """Every encumbrance, by id."""
        with self._lock:
            return tuple(self._items[k] for k in sorted(self._items))

    def checkpoint(self) -> Callable[[], None]:
        """A function that puts back what the repository holds now (a unit of work's rollback)."""
        with self._lock:
            items = dict(self._items)

        def restore() -> None:
            with self._lock:
                self._items = items

        return restore

    def __repr__(self) -> str:
        return f"InMemoryEncumbranceRepository({len(self._items)} encumbrances)"


@final
class InMemoryTransferJournal:
    """A :class:`~medoffice.budget.ports.TransferJournal` in a list (append-only)."""

    __slots__ = ("_entries", "_lock")

    def __init__(self, *, lock: threading.RLock | None = None) -> None:
        self._lock = lock or threading.RLock()
        self._entries: list[JournalEntry] = []

    def entries(self) -> tuple[JournalEntry, ...]:
        """Every entry in the order recorded."""
        with self._lock:
            return tuple(self._entries)

    def append(self, entry: JournalEntry, *, expected_length: int) -> None:
        """Append if nobody appended since the caller read ``expected_length`` entries."""
        with self._lock:
            if len(self._entries) != expected_length:
                raise ConcurrencyConflict(
                    f"the journal has {len(self._entries)} entries, not {expected_length}"
                )
            self._entries.append(entry)

    def checkpoint(self) -> Callable[[], None]:
        """A function that puts back what the journal holds now (a unit of work's rollback)."""
        with self._lock:
            length = len(self._entries)

        def restore() -> None:
            with self._lock:
                del self._entries[length:]

        return restore

    def __repr__(self) -> str:
        return f"InMemoryTransferJournal({len(self._entries)} entries)"
