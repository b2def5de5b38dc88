"""The in-memory budget adapters show sizes, not contents (contracts: every store's)."""

from __future__ import annotations

from medoffice.adapters.memory import (
    InMemoryEncumbranceRepository,
    InMemoryPostingStore,
    InMemoryTransferJournal,
)


class TestAdapterReprs:
    def test_reprs_show_sizes_not_contents(self) -> None:
        """An adapter's repr counts what it holds and shows none of it."""
        assert repr(InMemoryPostingStore()) == "InMemoryPostingStore(0 postings)"
        assert "0 encumbrances" in repr(InMemoryEncumbranceRepository())
        assert "0 entries" in repr(InMemoryTransferJournal())
