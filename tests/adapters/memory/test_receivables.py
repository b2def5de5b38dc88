"""The in-memory receivables keep the revenue contract suites."""

from __future__ import annotations

from medoffice.adapters.memory._receivables import InMemoryReceivables
from medoffice.adapters.memory._store import InMemoryStore
from medoffice.revenue.ports import ReceivablesRepository, RevenueStore
from medoffice.testing._revenue_contracts import (
    ReceivablesRepositoryContract,
    RevenueUnitOfWorkContract,
)


class TestInMemoryReceivables(ReceivablesRepositoryContract):
    """The in-memory receivables keep the repository contract."""

    def make_receivables(self) -> ReceivablesRepository:
        return InMemoryReceivables()


class TestInMemoryRevenueUnitOfWork(RevenueUnitOfWorkContract):
    """The in-memory store keeps the revenue unit-of-work contract."""

    def make_store(self) -> RevenueStore:
        return InMemoryStore()
