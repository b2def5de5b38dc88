"""SQLite adapters: every repository port of the domains, and the audit log, in one file.

The embedded default. :func:`open_database` opens a database file (created with owner-only
permissions, in write-ahead-log mode, with foreign keys on, migrated forward on open) and hands
out the repositories, each passing the same contract suite as its in-memory twin:

=====================================  ===============================================
``database.appointments``              scheduling ``AppointmentRepository``
``database.waitlist``                  scheduling ``WaitlistRepository``
``database.claims``                    claims ``ClaimHistory``
``database.credentials``               credentials ``CredentialRepository``
``database.screenings``                credentials ``ScreeningLog``
``database.postings``                  budget ``PostingStore``
``database.encumbrances``              budget ``EncumbranceRepository``
``database.transfers``                 budget ``TransferJournal``
``database.receivables``               revenue ``ReceivablesRepository`` (append-only)
``database.authorizations``            authorizations ``AuthorizationRepository``
``database.audit``                     kernel ``AuditLog`` (append-only)
=====================================  ===============================================

Saves that name a version compare it inside ``BEGIN IMMEDIATE`` and raise
:class:`~medoffice.kernel.ConcurrencyConflict` when stale, across threads and processes.
``database.unit_of_work()`` (a :class:`SqliteUnitOfWork`) makes the writes of several
repositories one transaction: every domain's service takes the database as its store.

>>> import tempfile, pathlib
>>> folder = tempfile.TemporaryDirectory()
>>> with open_database(pathlib.Path(folder.name) / "office.db") as database:
...     database.integrity_check()
'ok'
>>> folder.cleanup()

More information: https://www.sqlite.org/wal.html, https://www.sqlite.org/lang_transaction.html
"""

from __future__ import annotations

from medoffice.adapters.sqlite._audit import SqliteAuditLog
from medoffice.adapters.sqlite._authorizations import SqliteAuthorizationRepository
from medoffice.adapters.sqlite._budget import (
    SqliteEncumbranceRepository,
    SqlitePostingStore,
    SqliteTransferJournal,
)
from medoffice.adapters.sqlite._claims import SqliteClaimHistory
from medoffice.adapters.sqlite._connection import DatabaseError, connect
from medoffice.adapters.sqlite._credentials import SqliteCredentialRepository, SqliteScreeningLog
from medoffice.adapters.sqlite._database import SqliteDatabase, open_database
from medoffice.adapters.sqlite._revenue import (
    SqliteReceivables,
)
from medoffice.adapters.sqlite._scheduling import SqliteAppointmentRepository
from medoffice.adapters.sqlite._schema import SCHEMA_VERSION, NewerSchema
from medoffice.adapters.sqlite._unit_of_work import SqliteUnitOfWork
from medoffice.adapters.sqlite._waitlist import SqliteWaitlistRepository

__all__ = [
    "SCHEMA_VERSION",
    "DatabaseError",
    "NewerSchema",
    "SqliteAppointmentRepository",
    "SqliteAuditLog",
    "SqliteAuthorizationRepository",
    "SqliteClaimHistory",
    "SqliteCredentialRepository",
    "SqliteDatabase",
    "SqliteEncumbranceRepository",
    "SqlitePostingStore",
    "SqliteReceivables",
    "SqliteScreeningLog",
    "SqliteTransferJournal",
    "SqliteUnitOfWork",
    "SqliteWaitlistRepository",
    "connect",
    "open_database",
]
