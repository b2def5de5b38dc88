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

The clock, the in-memory doubles, the samples and the synthetic generators need nothing beyond
medoffice itself. The Hypothesis strategies and the contract suites need pytest and Hypothesis,
installed by the ``testing`` extra (``pip install "medoffice[testing]"``); they are imported on
first use, so ``import medoffice.testing`` works without them, and using one without them
raises an :class:`ImportError` that names the extra.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Final

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
from medoffice.testing._authorization_samples import (
    SAMPLE_SPECIALIST_NPI,
    sample_authorization_snapshot,
    sample_claim_authorizations,
    sample_requirement_book,
)
from medoffice.testing._claims_edit_contracts import (
    ClaimHistoryContract,
    EditTablesContract,
)
from medoffice.testing._claims_samples import sample_claim
from medoffice.testing._clock import FrozenClock
from medoffice.testing._contracts import ClockContract
from medoffice.testing._era_generator import (
    generate_835,
    synthetic_billed_claims,
    synthetic_remittance,
)
from medoffice.testing._icd10cm_contracts import CodeSetSourceContract
from medoffice.testing._stores import PlainStore
from medoffice.testing._x12_generator import (
    SYNTHETIC_SUBMISSION,
    generate_837p,
    synthetic_claims,
)

if TYPE_CHECKING:
    from medoffice.testing._audit_contracts import (
        AuditLogContract,
        sample_event,
    )
    from medoffice.testing._authorization_contracts import AuthorizationRepositoryContract
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
    from medoffice.testing._claims_strategies import (
        PATIENT_NAME,
        claims,
        diagnosis_codes,
        procedure_codes,
        service_lines,
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
    from medoffice.testing._scheduling_contracts import AppointmentRepositoryContract
    from medoffice.testing._scheduling_strategies import (
        booking_requests,
        transition_days,
        wall_windows,
        weekday_setup,
        zones_with_transitions,
    )
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

_TEST_TOOLS: Final = frozenset({"pytest", "_pytest", "hypothesis"})
"""The top-level packages the ``testing`` extra installs."""

_LAZY: Final[dict[str, str]] = {
    "AuditLogContract": "_audit_contracts",
    "sample_event": "_audit_contracts",
    "AuthorizationRepositoryContract": "_authorization_contracts",
    "EncumbranceRepositoryContract": "_budget_contracts",
    "HolidayCalendarContract": "_budget_contracts",
    "PostingStoreContract": "_budget_contracts",
    "TransferJournalContract": "_budget_contracts",
    "budget_currencies": "_budget_strategies",
    "budget_dimensions": "_budget_strategies",
    "budget_transfers": "_budget_strategies",
    "fiscal_calendars": "_budget_strategies",
    "DiagnosisCodesContract": "_claims_contracts",
    "DiagnosisEditsContract": "_claims_contracts",
    "ProcedureCodesContract": "_claims_contracts",
    "PATIENT_NAME": "_claims_strategies",
    "claims": "_claims_strategies",
    "diagnosis_codes": "_claims_strategies",
    "procedure_codes": "_claims_strategies",
    "service_lines": "_claims_strategies",
    "BusinessCalendarContract": "_credentials_contracts",
    "CredentialRepositoryContract": "_credentials_contracts",
    "ScreeningLogContract": "_credentials_contracts",
    "credentials": "_credentials_strategies",
    "screenings": "_credentials_strategies",
    "staff_members": "_credentials_strategies",
    "clias": "_identifier_strategies",
    "cpt_codes": "_identifier_strategies",
    "deas": "_identifier_strategies",
    "eins": "_identifier_strategies",
    "hcpcs_codes": "_identifier_strategies",
    "icd10cm_codes": "_identifier_strategies",
    "mbis": "_identifier_strategies",
    "modifiers": "_identifier_strategies",
    "npis": "_identifier_strategies",
    "aware_datetimes": "_kernel_strategies",
    "currencies": "_kernel_strategies",
    "date_ranges": "_kernel_strategies",
    "findings": "_kernel_strategies",
    "money": "_kernel_strategies",
    "reports": "_kernel_strategies",
    "rule_ids": "_kernel_strategies",
    "time_ranges": "_kernel_strategies",
    "ReceivablesRepositoryContract": "_revenue_contracts",
    "RevenueUnitOfWorkContract": "_revenue_contracts",
    "sample_posting": "_revenue_contracts",
    "REMITTANCE_OUTCOMES": "_revenue_strategies",
    "billed_claims": "_revenue_strategies",
    "remittances_for": "_revenue_strategies",
    "reversal_of": "_revenue_strategies",
    "AppointmentRepositoryContract": "_scheduling_contracts",
    "booking_requests": "_scheduling_strategies",
    "transition_days": "_scheduling_strategies",
    "wall_windows": "_scheduling_strategies",
    "weekday_setup": "_scheduling_strategies",
    "zones_with_transitions": "_scheduling_strategies",
    "BudgetUnitOfWorkContract": "_unit_of_work_contracts",
    "ClaimsUnitOfWorkContract": "_unit_of_work_contracts",
    "CredentialsUnitOfWorkContract": "_unit_of_work_contracts",
    "SchedulingUnitOfWorkContract": "_unit_of_work_contracts",
    "WaitlistRepositoryContract": "_waitlist_contracts",
    "sample_entry": "_waitlist_contracts",
    "sample_offer": "_waitlist_contracts",
}
"""Each name that needs pytest or Hypothesis, and the submodule that defines it."""


def __getattr__(name: str) -> object:
    """Import a strategy or a contract suite on first use, naming the extra when it is missing."""
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    try:
        module = importlib.import_module(f"{__name__}.{module_name}")
    except ImportError as error:
        missing = (error.name or "").partition(".")[0]
        if missing not in _TEST_TOOLS:
            raise
        raise ImportError(
            f"medoffice.testing.{name} needs pytest and Hypothesis: "
            'install the testing extra, pip install "medoffice[testing]"',
            name=error.name,
        ) from error
    value = getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The module's public names, the lazily imported ones included."""
    return sorted(set(globals()) | set(__all__))


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
