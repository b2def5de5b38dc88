"""Every SQLite repository passes the same contract suite as its in-memory twin."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from medoffice.adapters.sqlite import SqliteDatabase, open_database
from medoffice.authorizations.ports import AuthorizationRepository
from medoffice.budget.ports import (
    BudgetStore,
    EncumbranceRepository,
    PostingStore,
    TransferJournal,
)
from medoffice.claims.ports import ClaimHistory, ClaimsStore
from medoffice.credentials.ports import CredentialRepository, CredentialsStore, ScreeningLog
from medoffice.scheduling.ports import (
    AppointmentRepository,
    SchedulingStore,
    WaitlistRepository,
)
from medoffice.testing import AuthorizationRepositoryContract
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
from medoffice.testing._scheduling_contracts import AppointmentRepositoryContract
from medoffice.testing._unit_of_work_contracts import (
    BudgetUnitOfWorkContract,
    ClaimsUnitOfWorkContract,
    CredentialsUnitOfWorkContract,
    SchedulingUnitOfWorkContract,
)
from medoffice.testing._waitlist_contracts import WaitlistRepositoryContract


class _Databases:
    """Each ``make_*`` call opens a fresh database file in the test's temporary folder."""

    _folder: Path
    _opened: list[SqliteDatabase]

    @pytest.fixture(autouse=True)
    def _databases(self, tmp_path: Path) -> Iterator[None]:
        self._folder = tmp_path
        self._opened = []
        yield
        for database in self._opened:
            database.close()

    def database(self) -> SqliteDatabase:
        """A new, empty database."""
        database = open_database(self._folder / f"office-{len(self._opened)}.db")
        self._opened.append(database)
        return database


class TestSqliteAppointmentRepository(_Databases, AppointmentRepositoryContract):
    """The SQLite appointment repository keeps the appointment contract."""

    def make_repository(self) -> AppointmentRepository:
        return self.database().appointments


class TestSqliteWaitlistRepository(_Databases, WaitlistRepositoryContract):
    """The SQLite waitlist repository keeps the waitlist contract."""

    def make_repository(self) -> WaitlistRepository:
        return self.database().waitlist


class TestSqliteAuthorizationRepository(_Databases, AuthorizationRepositoryContract):
    """The SQLite authorization records keep the contract."""

    def make_repository(self) -> AuthorizationRepository:
        return self.database().authorizations


class TestSqliteClaimHistory(_Databases, ClaimHistoryContract):
    """The SQLite claim history keeps the claim-history contract."""

    def make_history(self) -> ClaimHistory:
        return self.database().claims


class TestSqliteCredentialRepository(_Databases, CredentialRepositoryContract):
    """The SQLite credential repository keeps the credential contract."""

    def make_repository(self) -> CredentialRepository:
        return self.database().credentials


class TestSqliteScreeningLog(_Databases, ScreeningLogContract):
    """The SQLite screening log keeps the screening-log contract."""

    def make_log(self) -> ScreeningLog:
        return self.database().screenings


class TestSqlitePostingStore(_Databases, PostingStoreContract):
    """The SQLite posting store keeps the posting-store contract."""

    def make_store(self) -> PostingStore:
        return self.database().postings


class TestSqliteEncumbranceRepository(_Databases, EncumbranceRepositoryContract):
    """The SQLite encumbrance repository keeps the encumbrance contract."""

    def make_repository(self) -> EncumbranceRepository:
        return self.database().encumbrances


class TestSqliteTransferJournal(_Databases, TransferJournalContract):
    """The SQLite transfer journal keeps the transfer-journal contract."""

    def make_journal(self) -> TransferJournal:
        return self.database().transfers


class TestSqliteSchedulingUnitOfWork(_Databases, SchedulingUnitOfWorkContract):
    """The SQLite database keeps the scheduling unit-of-work contract."""

    def make_store(self) -> SchedulingStore:
        return self.database()


class TestSqliteBudgetUnitOfWork(_Databases, BudgetUnitOfWorkContract):
    """The SQLite database keeps the budget unit-of-work contract."""

    def make_store(self) -> BudgetStore:
        return self.database()


class TestSqliteCredentialsUnitOfWork(_Databases, CredentialsUnitOfWorkContract):
    """The SQLite database keeps the credentials unit-of-work contract."""

    def make_store(self) -> CredentialsStore:
        return self.database()


class TestSqliteClaimsUnitOfWork(_Databases, ClaimsUnitOfWorkContract):
    """The SQLite database keeps the claims unit-of-work contract."""

    def make_store(self) -> ClaimsStore:
        return self.database()
