"""Every repository of every store passes its port's contract suite: in memory, in a SQLite file
and on a PostgreSQL server, one parametrised test class per port.

The PostgreSQL cases skip (saying why) when ``MEDOFFICE_POSTGRES_URL`` is unset, and fail when it
is set but the server cannot be reached.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

import pytest

from medoffice.adapters.memory import InMemoryAuditLog, InMemoryStore
from medoffice.adapters.sqlite import SqliteDatabase
from medoffice.adapters.sqlite import open_database as open_sqlite
from medoffice.authorizations.ports import AuthorizationRepository
from medoffice.budget.ports import (
    BudgetStore,
    EncumbranceRepository,
    PostingStore,
    TransferJournal,
)
from medoffice.claims.ports import ClaimHistory, ClaimsStore
from medoffice.credentials.ports import CredentialRepository, CredentialsStore, ScreeningLog
from medoffice.kernel import AuditLog, InvalidArgument
from medoffice.revenue.ports import ReceivablesRepository, RevenueStore
from medoffice.scheduling.ports import (
    AppointmentRepository,
    SchedulingStore,
    WaitlistRepository,
)
from medoffice.testing._audit_contracts import AuditLogContract
from medoffice.testing._authorization_contracts import AuthorizationRepositoryContract
from medoffice.testing._budget_contracts import (
    EncumbranceRepositoryContract,
    PostingStoreContract,
    TransferJournalContract,
)
from medoffice.testing._claims_edit_contracts import ClaimHistoryContract
from medoffice.testing._credentials_contracts import (
    CredentialRepositoryContract,
    ScreeningLogContract,
)
from medoffice.testing._revenue_contracts import (
    ReceivablesRepositoryContract,
    RevenueUnitOfWorkContract,
)
from medoffice.testing._scheduling_contracts import AppointmentRepositoryContract
from medoffice.testing._unit_of_work_contracts import (
    BudgetUnitOfWorkContract,
    ClaimsUnitOfWorkContract,
    CredentialsUnitOfWorkContract,
    SchedulingUnitOfWorkContract,
)
from medoffice.testing._waitlist_contracts import WaitlistRepositoryContract


class _Store(Protocol):
    """What every store of the three kinds hands out."""

    @property
    def appointments(self) -> AppointmentRepository: ...
    @property
    def waitlist(self) -> WaitlistRepository: ...
    @property
    def claims(self) -> ClaimHistory: ...
    @property
    def credentials(self) -> CredentialRepository: ...
    @property
    def screenings(self) -> ScreeningLog: ...
    @property
    def postings(self) -> PostingStore: ...
    @property
    def encumbrances(self) -> EncumbranceRepository: ...
    @property
    def transfers(self) -> TransferJournal: ...
    @property
    def receivables(self) -> ReceivablesRepository: ...
    @property
    def authorizations(self) -> AuthorizationRepository: ...


class _Stores:
    """Each ``store()`` call opens a new, empty store of the kind the test is parametrised with."""

    kind: str
    _open: Callable[[], object]
    _audit: Callable[[], AuditLog]

    @pytest.fixture(autouse=True, params=["memory", "sqlite", "postgres"])
    def _stores(self, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[None]:
        self.kind = request.param
        opened: list[SqliteDatabase] = []
        if self.kind == "memory":
            self._open = InMemoryStore
            self._audit = InMemoryAuditLog
        elif self.kind == "sqlite":

            def sqlite() -> SqliteDatabase:
                opened.append(open_sqlite(tmp_path / f"office-{len(opened)}.db"))
                return opened[-1]

            self._open = sqlite
            self._audit = lambda: sqlite().audit
        else:
            new_practice = request.getfixturevalue("new_practice")
            self._open = new_practice
            self._audit = lambda: new_practice().audit
        yield
        for database in opened:
            database.close()

    def store(self) -> _Store:
        """A new, empty store."""
        store: _Store = self._open()  # type: ignore[assignment]
        return store


class TestAppointmentRepository(_Stores, AppointmentRepositoryContract):
    """Every store's appointment repository keeps the appointment contract."""

    def make_repository(self) -> AppointmentRepository:
        return self.store().appointments


class TestWaitlistRepository(_Stores, WaitlistRepositoryContract):
    """Every store's waitlist repository keeps the waitlist contract."""

    def make_repository(self) -> WaitlistRepository:
        return self.store().waitlist


class TestWaitlistArguments(_Stores):
    """The shipped waitlist repositories refuse bad slice arguments with InvalidArgument."""

    def test_bad_arguments_are_refused(self) -> None:
        """A naive or missing instant, or one id given as a string, is an InvalidArgument."""
        repository = self.store().waitlist
        monday = datetime(2026, 3, 2, tzinfo=UTC)
        bad_calls: list[Callable[[], object]] = [
            lambda: repository.load_open(datetime(2026, 3, 2)),  # noqa: DTZ001 - naive on purpose
            lambda: repository.load_open("2026-03-02"),  # type: ignore[arg-type]
            lambda: repository.find(entry_ids="w-1"),
            lambda: repository.find(offer_ids=[1]),  # type: ignore[list-item]
            lambda: repository.history(monday, None),  # type: ignore[arg-type]
        ]
        for call in bad_calls:
            with pytest.raises(InvalidArgument):
                call()


class TestClaimHistory(_Stores, ClaimHistoryContract):
    """Every store's claim history keeps the claim-history contract."""

    def make_history(self) -> ClaimHistory:
        return self.store().claims


class TestCredentialRepository(_Stores, CredentialRepositoryContract):
    """Every store's credential repository keeps the credential contract."""

    def make_repository(self) -> CredentialRepository:
        return self.store().credentials


class TestScreeningLog(_Stores, ScreeningLogContract):
    """Every store's screening log keeps the screening-log contract."""

    def make_log(self) -> ScreeningLog:
        return self.store().screenings


class TestPostingStore(_Stores, PostingStoreContract):
    """Every store's posting store keeps the posting-store contract."""

    def make_store(self) -> PostingStore:
        return self.store().postings


class TestEncumbranceRepository(_Stores, EncumbranceRepositoryContract):
    """Every store's encumbrance repository keeps the encumbrance contract."""

    def make_repository(self) -> EncumbranceRepository:
        return self.store().encumbrances


class TestTransferJournal(_Stores, TransferJournalContract):
    """Every store's transfer journal keeps the transfer-journal contract."""

    def make_journal(self) -> TransferJournal:
        return self.store().transfers


class TestReceivablesRepository(_Stores, ReceivablesRepositoryContract):
    """Every store's receivables keep the receivables contract."""

    def make_receivables(self) -> ReceivablesRepository:
        return self.store().receivables


class TestAuthorizationRepository(_Stores, AuthorizationRepositoryContract):
    """Every store's authorization records keep the authorization-repository contract."""

    def make_repository(self) -> AuthorizationRepository:
        return self.store().authorizations


class TestAuditLog(_Stores, AuditLogContract):
    """Every store's audit log keeps the audit-log contract."""

    def make_log(self) -> AuditLog:
        return self._audit()


class TestSchedulingUnitOfWork(_Stores, SchedulingUnitOfWorkContract):
    """Every store keeps the scheduling unit-of-work contract."""

    def make_store(self) -> SchedulingStore:
        store: SchedulingStore = self._open()  # type: ignore[assignment]
        return store


class TestBudgetUnitOfWork(_Stores, BudgetUnitOfWorkContract):
    """Every store keeps the budget unit-of-work contract."""

    def make_store(self) -> BudgetStore:
        store: BudgetStore = self._open()  # type: ignore[assignment]
        return store


class TestCredentialsUnitOfWork(_Stores, CredentialsUnitOfWorkContract):
    """Every store keeps the credentials unit-of-work contract."""

    def make_store(self) -> CredentialsStore:
        store: CredentialsStore = self._open()  # type: ignore[assignment]
        return store


class TestClaimsUnitOfWork(_Stores, ClaimsUnitOfWorkContract):
    """Every store keeps the claims unit-of-work contract."""

    def make_store(self) -> ClaimsStore:
        store: ClaimsStore = self._open()  # type: ignore[assignment]
        return store


class TestRevenueUnitOfWork(_Stores, RevenueUnitOfWorkContract):
    """Every store keeps the revenue unit-of-work contract."""

    def make_store(self) -> RevenueStore:
        store: RevenueStore = self._open()  # type: ignore[assignment]
        return store
