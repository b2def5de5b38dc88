"""medoffice's public test kit.

- :class:`FrozenClock`, the clock for tests;
- Hypothesis strategies for every kernel value, identifier and domain value;
- contract suites, one base class per port (the unit-of-work ports of each domain included),
  that every adapter (fakes included) subclasses:
  subclass one in your own tests and supply its ``make_*`` factory to check your adapter;
- every in-memory adapter, re-exported from its home :mod:`medoffice.adapters.memory` (the
  repositories, logs and reference-data doubles a test needs, and :class:`InMemoryStore`, all of
  them behind one unit of work), :class:`PlainStore` (any repositories as a service's store,
  without transactions), a sample claim, the seeded allocation instances, synthetic 837P
  claims and interchanges, and synthetic billed claims with the 835 remittances that pay them.

This package imports Hypothesis; install the ``test`` dependency group to use it.
"""

from __future__ import annotations

from medoffice.adapters.memory import (
    CodeSetVersion,
    CompactCredentialRepository,
    InMemoryAppointmentRepository,
    InMemoryAuditLog,
    InMemoryAuthorizationRepository,
    InMemoryClaimHistory,
    InMemoryCodeSetSource,
    InMemoryCredentialRepository,
    InMemoryDiagnosisCodes,
    InMemoryDiagnosisEdits,
    InMemoryEditTables,
    InMemoryEncumbranceRepository,
    InMemoryPostingStore,
    InMemoryProcedureCodes,
    InMemoryReceivables,
    InMemoryScreeningLog,
    InMemoryStore,
    InMemoryTransferJournal,
    InMemoryUnitOfWork,
    InMemoryWaitlistRepository,
)
from medoffice.testing._allocation_instances import (
    SUITE,
    AllocationInstance,
    generated,
    suite_instance,
)
from medoffice.testing._audit_contracts import (
    AuditLogContract,
    sample_event,
)
from medoffice.testing._authorization_contracts import AuthorizationRepositoryContract
from medoffice.testing._authorization_samples import (
    SAMPLE_SPECIALIST_NPI,
    sample_authorization_snapshot,
    sample_claim_authorizations,
    sample_requirement_book,
)
from medoffice.testing._budget_contracts import (
    EncumbranceRepositoryContract,
    HolidayCalendarContract,
    PostingStoreContract,
    TransferJournalContract,
)
from medoffice.testing._budget_strategies import (
    budget_currencies,
    budget_dimensions,
    budget_transfers,
    fiscal_calendars,
)
from medoffice.testing._claims_contracts import (
    DiagnosisCodesContract,
    DiagnosisEditsContract,
    ProcedureCodesContract,
)
from medoffice.testing._claims_edit_contracts import (
    ClaimHistoryContract,
    EditTablesContract,
)
from medoffice.testing._claims_samples import sample_claim
from medoffice.testing._claims_strategies import (
    PATIENT_NAME,
    claims,
    diagnosis_codes,
    procedure_codes,
    service_lines,
)
from medoffice.testing._clock import (
    FrozenClock,
)
from medoffice.testing._contracts import (
    ClockContract,
)
from medoffice.testing._credentials_contracts import (
    BusinessCalendarContract,
    CredentialRepositoryContract,
    ScreeningLogContract,
)
from medoffice.testing._credentials_strategies import (
    credentials,
    screenings,
    staff_members,
)
from medoffice.testing._era_generator import (
    generate_835,
    synthetic_billed_claims,
    synthetic_remittance,
)
from medoffice.testing._icd10cm_contracts import (
    CodeSetSourceContract,
)
from medoffice.testing._identifier_strategies import (
    clias,
    cpt_codes,
    deas,
    eins,
    hcpcs_codes,
    icd10cm_codes,
    mbis,
    modifiers,
    npis,
)
from medoffice.testing._kernel_strategies import (
    aware_datetimes,
    currencies,
    date_ranges,
    findings,
    money,
    reports,
    rule_ids,
    time_ranges,
)
from medoffice.testing._revenue_contracts import (
    ReceivablesRepositoryContract,
    RevenueUnitOfWorkContract,
    sample_posting,
)
from medoffice.testing._revenue_strategies import (
    REMITTANCE_OUTCOMES,
    billed_claims,
    remittances_for,
    reversal_of,
)
from medoffice.testing._scheduling_contracts import (
    AppointmentRepositoryContract,
)
from medoffice.testing._scheduling_strategies import (
    booking_requests,
    transition_days,
    wall_windows,
    weekday_setup,
    zones_with_transitions,
)
from medoffice.testing._stores import PlainStore
from medoffice.testing._unit_of_work_contracts import (
    BudgetUnitOfWorkContract,
    ClaimsUnitOfWorkContract,
    CredentialsUnitOfWorkContract,
    SchedulingUnitOfWorkContract,
)
from medoffice.testing._waitlist_contracts import (
    WaitlistRepositoryContract,
    sample_entry,
    sample_offer,
)
from medoffice.testing._x12_generator import (
    SYNTHETIC_SUBMISSION,
    generate_837p,
    synthetic_claims,
)

__all__ = [
    "PATIENT_NAME",
    "REMITTANCE_OUTCOMES",
    "SAMPLE_SPECIALIST_NPI",
    "SUITE",
    "SYNTHETIC_SUBMISSION",
    "AllocationInstance",
    "AppointmentRepositoryContract",
    "AuditLogContract",
    "AuthorizationRepositoryContract",
    "BudgetUnitOfWorkContract",
    "BusinessCalendarContract",
    "ClaimHistoryContract",
    "ClaimsUnitOfWorkContract",
    "ClockContract",
    "CodeSetSourceContract",
    "CodeSetVersion",
    "CompactCredentialRepository",
    "CredentialRepositoryContract",
    "CredentialsUnitOfWorkContract",
    "DiagnosisCodesContract",
    "DiagnosisEditsContract",
    "EditTablesContract",
    "EncumbranceRepositoryContract",
    "FrozenClock",
    "HolidayCalendarContract",
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
    "PlainStore",
    "PostingStoreContract",
    "ProcedureCodesContract",
    "ReceivablesRepositoryContract",
    "RevenueUnitOfWorkContract",
    "SchedulingUnitOfWorkContract",
    "ScreeningLogContract",
    "TransferJournalContract",
    "WaitlistRepositoryContract",
    "aware_datetimes",
    "billed_claims",
    "booking_requests",
    "budget_currencies",
    "budget_dimensions",
    "budget_transfers",
    "claims",
    "clias",
    "cpt_codes",
    "credentials",
    "currencies",
    "date_ranges",
    "deas",
    "diagnosis_codes",
    "eins",
    "findings",
    "fiscal_calendars",
    "generate_835",
    "generate_837p",
    "generated",
    "hcpcs_codes",
    "icd10cm_codes",
    "mbis",
    "modifiers",
    "money",
    "npis",
    "procedure_codes",
    "remittances_for",
    "reports",
    "reversal_of",
    "rule_ids",
    "sample_authorization_snapshot",
    "sample_claim",
    "sample_claim_authorizations",
    "sample_entry",
    "sample_event",
    "sample_offer",
    "sample_posting",
    "sample_requirement_book",
    "screenings",
    "service_lines",
    "staff_members",
    "suite_instance",
    "synthetic_billed_claims",
    "synthetic_claims",
    "synthetic_remittance",
    "time_ranges",
    "transition_days",
    "wall_windows",
    "weekday_setup",
    "zones_with_transitions",
]
