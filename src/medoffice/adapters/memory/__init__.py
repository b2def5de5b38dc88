"""In-memory adapters: every repository, log and reference-data double kept in process memory.

Each class implements a port of a domain (or of the kernel) and passes that port's contract
suite in :mod:`medoffice.testing`, as the SQLite adapters do; use them in tests, notebooks and
single-process tools, and as the model when writing an adapter of your own.

- scheduling: :class:`InMemoryAppointmentRepository`, :class:`InMemoryWaitlistRepository`;
- claims: :class:`InMemoryClaimHistory`, and reference data held in dictionaries,
  :class:`InMemoryDiagnosisCodes` (of :class:`CodeSetVersion` values),
  :class:`InMemoryDiagnosisEdits`, :class:`InMemoryProcedureCodes`, :class:`InMemoryEditTables`,
  each with a small realistic ``sample()``;
- ICD-10-CM: :class:`InMemoryCodeSetSource`;
- credentials: :class:`InMemoryCredentialRepository`, :class:`CompactCredentialRepository` (columns,
  for large rosters), :class:`InMemoryScreeningLog`;
- budget: :class:`InMemoryPostingStore`, :class:`InMemoryEncumbranceRepository`,
  :class:`InMemoryTransferJournal`;
- revenue: :class:`InMemoryReceivables`;
- authorizations: :class:`InMemoryAuthorizationRepository`;
- the kernel's audit log: :class:`InMemoryAuditLog`;
- all of them at once: :class:`InMemoryStore` holds one repository of each port, sharing a
  lock, and opens an :class:`InMemoryUnitOfWork` over them (rolled back as a whole on an
  exception), so it is the store of every domain's service object.

>>> from datetime import date
>>> InMemoryEditTables.sample().ptp_indicator("99214", "36415", date(2026, 3, 2))
0
"""

from __future__ import annotations

from medoffice.adapters.memory._appointments import InMemoryAppointmentRepository
from medoffice.adapters.memory._audit import InMemoryAuditLog
from medoffice.adapters.memory._authorizations import InMemoryAuthorizationRepository
from medoffice.adapters.memory._budget import (
    InMemoryEncumbranceRepository,
    InMemoryPostingStore,
    InMemoryTransferJournal,
)
from medoffice.adapters.memory._claim_history import InMemoryClaimHistory
from medoffice.adapters.memory._claims_codes import (
    CodeSetVersion,
    InMemoryDiagnosisCodes,
    InMemoryDiagnosisEdits,
    InMemoryProcedureCodes,
)
from medoffice.adapters.memory._compact_credentials import CompactCredentialRepository
from medoffice.adapters.memory._credentials import (
    InMemoryCredentialRepository,
    InMemoryScreeningLog,
)
from medoffice.adapters.memory._edit_tables import InMemoryEditTables
from medoffice.adapters.memory._icd10cm import InMemoryCodeSetSource
from medoffice.adapters.memory._receivables import (
    InMemoryReceivables,
)
from medoffice.adapters.memory._store import InMemoryStore, InMemoryUnitOfWork
from medoffice.adapters.memory._waitlist import InMemoryWaitlistRepository

__all__ = [
    "CodeSetVersion",
    "CompactCredentialRepository",
    "InMemoryAppointmentRepository",
    "InMemoryAuditLog",
    "InMemoryAuthorizationRepository",
    "InMemoryClaimHistory",
    "InMemoryCodeSetSource",
    "InMemoryCredentialRepository",
    "InMemoryDiagnosisCodes",
    "InMemoryDiagnosisEdits",
    "InMemoryEditTables",
    "InMemoryEncumbranceRepository",
    "InMemoryPostingStore",
    "InMemoryProcedureCodes",
    "InMemoryReceivables",
    "InMemoryScreeningLog",
    "InMemoryStore",
    "InMemoryTransferJournal",
    "InMemoryUnitOfWork",
    "InMemoryWaitlistRepository",
]
