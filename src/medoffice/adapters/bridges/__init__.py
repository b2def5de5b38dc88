"""Bridges: one domain's port answered from another part of medoffice.

The domains never import one another, and none of them imports the reference code sets' loaders.
Where a domain needs what another part knows, it declares a port, and a bridge here answers it:

- the claim checker's code-set ports from :mod:`medoffice.coding`: :class:`IcdDiagnosisCodes`
  (``DiagnosisCodes`` over ICD-10-CM releases), :class:`MceDiagnosisEdits` (``DiagnosisEdits``
  over the CMS MCE table), :class:`HcpcsProcedureCodes` (``ProcedureCodes`` over a HCPCS file)
  and :class:`NcciEditTables` (``EditTables`` over the NCCI tables, modifiers and POS list);
- scheduling's provider eligibility from :mod:`medoffice.credentials`:
  :class:`CredentialEligibility` and :class:`SchedulingEligibility`;
- the revenue cycle's KPIs from :mod:`medoffice.budget` (:class:`BudgetKpiDefinitions`), its
  billed-claim facts from :mod:`medoffice.claims` (:func:`billed_claim`), and its denials back
  into the claim checker's payer profiles (:func:`profile_from_denials`).
- the claim checker's and the booking decision's authorization ports from
  :mod:`medoffice.authorizations`: :class:`ClaimAuthorizationCheck` and
  :class:`BookingAuthorizationCheck`, both over the one shared decision, with the
  :class:`ServiceMap` that describes a visit alike at booking and at billing.

A bridge takes values that are already loaded; :mod:`medoffice.adapters.reference` loads the
files and builds the bridges over them, never the other way round.

>>> from datetime import date
>>> from medoffice.adapters.bridges import SchedulingEligibility
>>> from medoffice.adapters.memory import InMemoryCredentialRepository
>>> SchedulingEligibility(InMemoryCredentialRepository(), state="TX").is_eligible(
...     "P-1", "FU", date(2026, 3, 2)
... )
False
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from medoffice.kernel._lazy import lazy_exports

if TYPE_CHECKING:
    from medoffice.adapters.bridges._authorizations import (
        ClaimAuthorizationCheck,
        ServiceMap,
        claim_source,
    )
    from medoffice.adapters.bridges._booking_authorizations import (
        OFFICE,
        BookingAuthorizationCheck,
        appointment_source,
    )
    from medoffice.adapters.bridges._claims_codes import (
        HcpcsProcedureCodes,
        IcdDiagnosisCodes,
        MceDiagnosisEdits,
    )
    from medoffice.adapters.bridges._edit_tables import NcciEditTables
    from medoffice.adapters.bridges._eligibility import (
        UNKNOWN_PROVIDER,
        CredentialEligibility,
        SchedulingEligibility,
    )
    from medoffice.adapters.bridges._revenue import (
        BudgetKpiDefinitions,
        billed_claim,
        profile_from_denials,
    )

__all__ = [
    "OFFICE",
    "UNKNOWN_PROVIDER",
    "BookingAuthorizationCheck",
    "BudgetKpiDefinitions",
    "ClaimAuthorizationCheck",
    "CredentialEligibility",
    "HcpcsProcedureCodes",
    "IcdDiagnosisCodes",
    "MceDiagnosisEdits",
    "NcciEditTables",
    "SchedulingEligibility",
    "ServiceMap",
    "appointment_source",
    "billed_claim",
    "claim_source",
    "profile_from_denials",
]

# Where each public name lives: a bridge's module is imported on first use, so that the claim
# checker's bridges do not load scheduling, budget, credentials and the revenue cycle.
_HOMES: Final = {
    "BookingAuthorizationCheck": "._booking_authorizations",
    "BudgetKpiDefinitions": "._revenue",
    "ClaimAuthorizationCheck": "._authorizations",
    "CredentialEligibility": "._eligibility",
    "HcpcsProcedureCodes": "._claims_codes",
    "IcdDiagnosisCodes": "._claims_codes",
    "MceDiagnosisEdits": "._claims_codes",
    "NcciEditTables": "._edit_tables",
    "OFFICE": "._booking_authorizations",
    "SchedulingEligibility": "._eligibility",
    "ServiceMap": "._authorizations",
    "UNKNOWN_PROVIDER": "._eligibility",
    "appointment_source": "._booking_authorizations",
    "billed_claim": "._revenue",
    "claim_source": "._authorizations",
    "profile_from_denials": "._revenue",
}


__getattr__, __dir__ = lazy_exports(__name__, globals(), _HOMES)
