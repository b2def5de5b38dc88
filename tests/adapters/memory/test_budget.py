"""The in-memory budget adapters pass the port contract suites."""

from __future__ import annotations

from medoffice.adapters.memory import (
    InMemoryEncumbranceRepository,
    InMemoryPostingStore,
    InMemoryTransferJournal,
)
from medoffice.budget.ports import (
    EncumbranceRepository,
    PostingStore,
    TransferJournal,
)
from medoffice.testing._budget_contracts import (
    EncumbranceRepositoryContract,
    PostingStoreContract,
    TransferJournalContract,
)


class TestInMemoryPostingStore(PostingStoreContract):
    def make_store(self) -> PostingStore:
        return InMemoryPostingStore()


class TestInMemoryEncumbranceRepository(EncumbranceRepositoryContract):
    def make_repository(self) -> EncumbranceRepository:
        return InMemoryEncumbranceRepository()


class TestInMemoryTransferJournal(TransferJournalContract):
    def make_journal(self) -> TransferJournal:
        return InMemoryTransferJournal()


class TestAdapterReprs:
    def test_reprs_show_sizes_not_contents(self) -> None:
        """An adapter's repr counts what it holds and shows none of it."""
        assert repr(InMemoryPostingStore()) == "InMemoryPostingStore(0 postings)"
        assert "0 encumbrances" in repr(InMemoryEncumbranceRepository())
        assert "0 entries" in repr(InMemoryTransferJournal())
