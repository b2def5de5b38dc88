"""The SQLite receivables: the revenue contract suites, the append-only ledger, and a service."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from medoffice.adapters.sqlite import SqliteDatabase, open_database
from medoffice.revenue.ports import ReceivablesRepository, RevenueStore
from medoffice.revenue.services import Revenue
from medoffice.testing._clock import FrozenClock
from medoffice.testing._era_generator import synthetic_billed_claims, synthetic_remittance
from medoffice.testing._revenue_contracts import (
    ReceivablesRepositoryContract,
    RevenueUnitOfWorkContract,
    sample_posting,
)


class _Databases:
    """Each ``database()`` is a new file in the test's folder, closed when the test ends."""

    @pytest.fixture(autouse=True)
    def _files(self, tmp_path: Path) -> Iterator[None]:
        self._folder = tmp_path
        with contextlib.ExitStack() as self._open:
            yield

    def database(self) -> SqliteDatabase:
        path = self._folder / f"office-{len(list(self._folder.iterdir()))}.db"
        return self._open.enter_context(open_database(path))


class TestSqliteReceivables(_Databases, ReceivablesRepositoryContract):
    """The SQLite receivables keep the repository contract."""

    def make_receivables(self) -> ReceivablesRepository:
        return self.database().receivables


class TestSqliteRevenueUnitOfWork(_Databases, RevenueUnitOfWorkContract):
    """The SQLite database keeps the revenue unit-of-work contract."""

    def make_store(self) -> RevenueStore:
        return self.database()


class TestAppendOnly(_Databases):
    def test_a_ledger_entry_cannot_be_changed_or_removed(self) -> None:
        """Triggers refuse an update or a delete of a ledger row."""
        database = self.database()
        database.receivables.record(sample_posting("1P/T1"), expected_count=0)
        connection = database.connection()
        with pytest.raises(sqlite3.IntegrityError):
            connection.execute("UPDATE revenue_entry SET minor_units = 0")
        with pytest.raises(sqlite3.IntegrityError):
            connection.execute("DELETE FROM revenue_entry")


class TestService(_Databases):
    def test_posting_survives_reopening_and_is_idempotent(self) -> None:
        """Posted through the service, the ledger reads back the same from a reopened file."""
        database = self.database()
        clock = FrozenClock(datetime(2026, 9, 1, tzinfo=UTC))
        claims = list(synthetic_billed_claims(30, seed=4))
        era = synthetic_remittance(claims, seed=4)
        revenue = Revenue(database, clock=clock)
        revenue.bill(claims)
        posting = revenue.post(era)
        entries = revenue.ledger().entries
        database.close()
        reopened = Revenue(self._open.enter_context(open_database(database.path)), clock=clock)
        assert reopened.ledger().entries == entries
        assert reopened.post(era).duplicate
        assert len(reopened.denials()) == len(posting.denials)
        reopened_aging = reopened.aging(as_of=clock.now().date())
        assert reopened_aging.totals == revenue.aging(as_of=clock.now().date()).totals
