"""PostgreSQL adapters: every repository port of the domains, and the audit log, on a server.

For offices whose front desk, billing and management run on several application servers, and
for vendor products holding many practices in one database. Install the ``postgres`` extra
(psycopg 3 and its pool). :func:`open_database` connects, migrates the practice's schema
forward and hands out the same repositories and unit of work as the SQLite database, each
passing the same contract suite:

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
``database.audit``                     kernel ``AuditLog`` (append-only, hash-chain export)
=====================================  ===============================================

Tenancy: each practice is a schema of its own (``medoffice_<practice>``), every statement names
it, and :meth:`PostgresDatabase.grant` gives a practice's application role its own schema and
no other. Saves that name a version are decided by the database (a conditional ``UPDATE``);
failures are :class:`DatabaseError` naming the operation, never half-written.

>>> schema_name("north")
'medoffice_north'

More information: https://www.postgresql.org/docs/15/ddl-schemas.html,
https://www.psycopg.org/psycopg3/docs/
"""

from __future__ import annotations

from medoffice.adapters.postgres._audit import PostgresAuditLog
from medoffice.adapters.postgres._authorizations import PostgresAuthorizationRepository
from medoffice.adapters.postgres._budget import (
    PostgresEncumbranceRepository,
    PostgresPostingStore,
    PostgresTransferJournal,
)
from medoffice.adapters.postgres._claims import PostgresClaimHistory
from medoffice.adapters.postgres._connection import DatabaseError
from medoffice.adapters.postgres._credentials import (
    PostgresCredentialRepository,
    PostgresScreeningLog,
)
from medoffice.adapters.postgres._database import PostgresDatabase, open_database, open_practice
from medoffice.adapters.postgres._revenue import PostgresReceivables
from medoffice.adapters.postgres._scheduling import PostgresAppointmentRepository
from medoffice.adapters.postgres._schema import SCHEMA_VERSION, NewerSchema, schema_name
from medoffice.adapters.postgres._unit_of_work import PostgresUnitOfWork
from medoffice.adapters.postgres._waitlist import PostgresWaitlistRepository

__all__ = [
    "SCHEMA_VERSION",
    "DatabaseError",
    "NewerSchema",
    "PostgresAppointmentRepository",
    "PostgresAuditLog",
    "PostgresAuthorizationRepository",
    "PostgresClaimHistory",
    "PostgresCredentialRepository",
    "PostgresDatabase",
    "PostgresEncumbranceRepository",
    "PostgresPostingStore",
    "PostgresReceivables",
    "PostgresScreeningLog",
    "PostgresTransferJournal",
    "PostgresUnitOfWork",
    "PostgresWaitlistRepository",
    "open_database",
    "open_practice",
    "schema_name",
]
