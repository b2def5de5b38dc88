"""Contract suites for the budget ports; every adapter's tests subclass them.

::

    from medoffice.testing._budget_contracts import EncumbranceRepositoryContract


    class TestMyRepository(EncumbranceRepositoryContract):
        def make_repository(self) -> EncumbranceRepository:
            return MyRepository()
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime

import pytest

from medoffice.budget._encumbrance import Encumbrance
from medoffice.budget._ledger import Leg, Transaction
from medoffice.budget._transfers import JournalEntry, Transfer, TransferLeg, draft, submit
from medoffice.budget.ports import (
    EncumbranceRepository,
    HolidayCalendar,
    PostingStore,
    TransferJournal,
)
from medoffice.kernel import ConcurrencyConflict, DateRange, InvalidArgument, Money

__all__ = [
    "EncumbranceRepositoryContract",
    "HolidayCalendarContract",
    "PostingStoreContract",
    "TransferJournalContract",
]


def _usd(text: str) -> Money:
    return Money.of(text, "USD")


def _transaction(ident: str, on: date, amount: str = "10.00") -> Transaction:
    return Transaction(
        id=ident,
        on=on,
        legs=(
            Leg(account="6100", amount=_usd(amount)),
            Leg(account="2000", amount=-_usd(amount)),
        ),
    )


class PostingStoreContract:
    """What every :class:`~medoffice.budget.ports.PostingStore` must do."""

    def make_store(self) -> PostingStore:
        """Build an empty store."""
        raise NotImplementedError

    def test_satisfies_the_protocol(self) -> None:
        """The store is recognised as a ``PostingStore`` at run time."""
        assert isinstance(self.make_store(), PostingStore)

    def test_postings_come_back_within_the_range(self) -> None:
        """Appended postings are returned for their dates and only for them."""
        store = self.make_store()
        store.append(_transaction("T1", date(2026, 1, 5)))
        store.append(_transaction("T2", date(2026, 2, 5)))
        january = list(store.postings(DateRange(date(2026, 1, 1), date(2026, 1, 31))))
        assert {p.transaction for p in january} == {"T1"}
        assert sum(p.minor_units for p in january) == 0
        assert len(list(store.postings(DateRange(date(2026, 1, 1), date(2026, 12, 31))))) == 4

    def test_a_repeated_transaction_id_is_refused_and_nothing_changes(self) -> None:
        """Appending an id twice raises and keeps the first transaction only."""
        store = self.make_store()
        store.append(_transaction("T1", date(2026, 1, 5)))
        with pytest.raises(InvalidArgument):
            store.append(_transaction("T1", date(2026, 1, 6), "99.00"))
        every = list(store.postings(DateRange(date(2026, 1, 1), date(2026, 12, 31))))
        assert [p.on for p in every] == [date(2026, 1, 5)] * 2

    def test_an_unbalanced_transaction_is_refused(self) -> None:
        """A transaction whose legs do not sum to zero is never stored."""
        store = self.make_store()
        bad = Transaction(
            id="T9", on=date(2026, 1, 5), legs=(Leg(account="6100", amount=_usd("1.00")),)
        )
        with pytest.raises(InvalidArgument):
            store.append(bad)
        assert list(store.postings(DateRange(date(2026, 1, 1), date(2026, 12, 31)))) == []


def _encumbrance(ident: str = "PO-1") -> Encumbrance:
    return Encumbrance.requisition(
        id=ident, account="6100", amount=_usd("100.00"), on=date(2026, 1, 5), vendor="V"
    )


class EncumbranceRepositoryContract:
    """What every :class:`~medoffice.budget.ports.EncumbranceRepository` must do."""

    def make_repository(self) -> EncumbranceRepository:
        """Build an empty repository."""
        raise NotImplementedError

    def test_satisfies_the_protocol(self) -> None:
        """The repository is recognised at run time."""
        assert isinstance(self.make_repository(), EncumbranceRepository)

    def test_an_unknown_id_is_none(self) -> None:
        """Getting an id never saved answers ``None``."""
        assert self.make_repository().get("nope") is None

    def test_saving_new_then_changed_bumps_the_version(self) -> None:
        """A new encumbrance saves at 0 and reads back at 1; the next save expects 1."""
        repo = self.make_repository()
        repo.save(_encumbrance(), expected_version=0)
        stored = repo.get("PO-1")
        assert stored is not None
        assert stored.version == 1
        ordered = stored.order(_usd("90.00"), on=date(2026, 1, 6))
        repo.save(ordered, expected_version=1)
        again = repo.get("PO-1")
        assert again is not None
        assert (again.version, again.committed) == (2, _usd("90.00"))

    def test_a_stale_save_conflicts_and_keeps_what_was_stored(self) -> None:
        """Saving on an old version raises ``ConcurrencyConflict`` and changes nothing."""
        repo = self.make_repository()
        repo.save(_encumbrance(), expected_version=0)
        stored = repo.get("PO-1")
        assert stored is not None
        with pytest.raises(ConcurrencyConflict):
            repo.save(stored.order(_usd("50.00"), on=date(2026, 1, 6)), expected_version=0)
        assert repo.get("PO-1") == stored

    def test_all_lists_every_encumbrance_by_id(self) -> None:
        """``all()`` returns each saved encumbrance once, ordered by id."""
        repo = self.make_repository()
        for ident in ("PO-2", "PO-1", "PO-3"):
            repo.save(_encumbrance(ident), expected_version=0)
        assert [e.id for e in repo.all()] == ["PO-1", "PO-2", "PO-3"]


def _transfer(ident: str) -> Transfer:
    return Transfer(
        id=ident,
        legs=(
            TransferLeg(account="6100", period=1, amount=_usd("-5.00")),
            TransferLeg(account="6200", period=1, amount=_usd("5.00")),
        ),
        requester="ana",
        reason="move",
        effective=date(2026, 1, 1),
    )


class TransferJournalContract:
    """What every :class:`~medoffice.budget.ports.TransferJournal` must do."""

    def make_journal(self) -> TransferJournal:
        """Build an empty journal."""
        raise NotImplementedError

    def _entry(self, ident: str) -> JournalEntry:
        entry = submit(_transfer(ident), recorded=datetime(2026, 1, 2, tzinfo=UTC))
        assert isinstance(entry, JournalEntry)
        return entry

    def test_satisfies_the_protocol(self) -> None:
        """The journal is recognised at run time."""
        assert isinstance(self.make_journal(), TransferJournal)

    def test_entries_come_back_in_the_order_appended(self) -> None:
        """Appending A then B reads back A, B."""
        journal = self.make_journal()
        journal.append(self._entry("A"), expected_length=0)
        journal.append(
            draft(_transfer("B"), recorded=datetime(2026, 1, 3, tzinfo=UTC)), expected_length=1
        )
        assert [e.transfer_id for e in journal.entries()] == ["A", "B"]

    def test_a_stale_append_conflicts_and_changes_nothing(self) -> None:
        """Appending with an old length raises and leaves the journal as it was."""
        journal = self.make_journal()
        journal.append(self._entry("A"), expected_length=0)
        with pytest.raises(ConcurrencyConflict):
            journal.append(self._entry("B"), expected_length=0)
        assert [e.transfer_id for e in journal.entries()] == ["A"]


class HolidayCalendarContract:
    """What every :class:`~medoffice.budget.ports.HolidayCalendar` must do."""

    def make_calendar(self, holidays: Iterable[date]) -> HolidayCalendar:
        """Build a calendar whose holidays are exactly ``holidays``."""
        raise NotImplementedError

    def test_satisfies_the_protocol(self) -> None:
        """The calendar is recognised at run time."""
        assert isinstance(self.make_calendar([]), HolidayCalendar)

    def test_listed_days_are_holidays_and_others_are_not(self) -> None:
        """Christmas is a holiday; Christmas Eve is not."""
        calendar = self.make_calendar([date(2026, 12, 25)])
        assert calendar.is_holiday(date(2026, 12, 25))
        assert not calendar.is_holiday(date(2026, 12, 24))
