"""Ports of the budget domain: what the pure core needs from the outside world.

:class:`BudgetStore` opens a :class:`BudgetUnitOfWork` over the postings, encumbrances and
transfer journal, so invoicing an order (the encumbrance liquidated, the actual posted) commits
both or neither.

Adapters in ``adapters.memory`` implement them in memory; a practice's general ledger,
purchasing system or database implements them for real. Each port has a contract suite in
``medoffice.testing._budget_contracts`` that every adapter passes.

More information: the ports-and-adapters pattern, Cockburn (https://alistair.cockburn.us/hexagonal-architecture/).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from medoffice.kernel import UnitOfWork

if TYPE_CHECKING:
    from medoffice.budget._encumbrance import Encumbrance
    from medoffice.budget._ledger import Posting, Transaction
    from medoffice.budget._transfers import JournalEntry
    from medoffice.kernel import DateRange

__all__ = [
    "BudgetStore",
    "BudgetUnitOfWork",
    "EncumbranceRepository",
    "HolidayCalendar",
    "PostingSource",
    "PostingStore",
    "TransferJournal",
]


@runtime_checkable
class HolidayCalendar(Protocol):
    """Which days the practice is closed for a holiday."""

    def is_holiday(self, day: date) -> bool:
        """Whether ``day`` is a holiday."""
        ...


@runtime_checkable
class PostingSource(Protocol):
    """Where actuals come from: the postings of balanced transactions."""

    def postings(self, days: DateRange) -> Iterable[Posting]:
        """Every posting dated within ``days``."""
        ...


@runtime_checkable
class PostingStore(PostingSource, Protocol):
    """A posting source that also records new transactions (append-only)."""

    def append(self, transaction: Transaction) -> None:
        """Record a balanced transaction; a transaction id already recorded is refused."""
        ...


@runtime_checkable
class EncumbranceRepository(Protocol):
    """Commitments (requisitions and purchase orders) with optimistic concurrency."""

    def get(self, encumbrance_id: str) -> Encumbrance | None:
        """The encumbrance with this id, or ``None``."""
        ...

    def save(self, encumbrance: Encumbrance, *, expected_version: int) -> None:
        """Store ``encumbrance`` if the stored version is ``expected_version`` (0 for new).

        Raises :class:`~medoffice.kernel.ConcurrencyConflict` otherwise; nothing is changed then.
        """
        ...

    def all(self) -> tuple[Encumbrance, ...]:
        """Every encumbrance, ordered by id."""
        ...


@runtime_checkable
class TransferJournal(Protocol):
    """The append-only journal of budget transfers."""

    def entries(self) -> tuple[JournalEntry, ...]:
        """Every entry, in the order recorded."""
        ...

    def append(self, entry: JournalEntry, *, expected_length: int) -> None:
        """Append ``entry`` if the journal still has ``expected_length`` entries.

        Raises :class:`~medoffice.kernel.ConcurrencyConflict` otherwise; nothing is changed then.
        """
        ...


@runtime_checkable
class BudgetUnitOfWork(UnitOfWork, Protocol):
    """One transaction over the postings, encumbrances and transfer journal."""

    @property
    def postings(self) -> PostingStore:
        """The posting store, inside this unit."""
        ...

    @property
    def encumbrances(self) -> EncumbranceRepository:
        """The encumbrances, inside this unit."""
        ...

    @property
    def transfers(self) -> TransferJournal:
        """The transfer journal, inside this unit."""
        ...


@runtime_checkable
class BudgetStore(Protocol):
    """Where the budget keeps its postings, encumbrances and transfers: it opens units of work."""

    def unit_of_work(self) -> BudgetUnitOfWork:
        """A new unit of work, to be used as ``with store.unit_of_work() as uow:``."""
        ...
