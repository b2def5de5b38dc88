"""Credentials: renewal rules as cited data, standings, capabilities, plans and proof.

Who may work, prescribe or bill on a given day depends on licences, registrations, cards,
attestations, enrolments and credentialing decisions, each with its own renewal rule. This
package keeps those rules as versioned, effective-dated, cited packs (NCQA, CAQH, DEA, state
boards by profession, AHA, OSHA, CMS, CLIA, OIG, and the kinds an office tracks), applies a
role x activity x state x payer requirement matrix, and answers purely from the facts and a
day passed in:

- :func:`status`: the standing of every credential with an explanation;
- :func:`can_practise`, :func:`can_prescribe_controlled`, :func:`can_bill`,
  :func:`can_perform_waived_tests`: a yes or no with the blocking reasons;
- :func:`requirement_status`: the standing of one requirement;
- :func:`plan_recredentialing`: the NCQA due date, path and stale verifications, for initial
  and recredentialing files, on the accreditation or the CVO track;
- :func:`monitoring_ledger`: calendar-month (or per-alert) proof of screening against every
  source in :data:`MONITORING_SOURCES`, and its gaps;
- :func:`plan_alerts` and :class:`DueIndex`: reminders on business days, each kind at its own
  cadence, with escalation and the opening of renewal windows;
- :class:`StatusIndex`: the same standings for a whole roster, compiled for speed;
- :class:`Credentialing`: the use cases that record credentials and screenings through a store,
  reading the clock once per call.

>>> from datetime import date
>>> card = Credential(kind="bls", issuer="AHA", jurisdiction="US", issued_on=date(2026, 6, 10))
>>> nurse = StaffMember(id="S-7", role="rn", states={"CA"}, credentials=[card])
>>> [(str(s.requirement), s.standing.value) for s in status(nurse, date(2027, 1, 4))]
[('bls', 'satisfied'), ('state_license/CA', 'missing')]
>>> can_practise(nurse, "CA", date(2027, 1, 4)).reasons
('state_license/CA:missing',)
>>> licence = Credential(
...     kind="state_license", issuer="BRN", jurisdiction="CA", issued_on=date(2026, 2, 1)
... )
>>> answer = can_practise(nurse.with_credential(licence), "CA", date(2027, 1, 4))
>>> answer.decided, answer.missing
(False, ('birth_date',))

More information: NCQA Credentialing Standards (https://www.ncqa.org/programs/health-plans/credentialing/);
the citations of every pack in :data:`PACKS`.
"""

from __future__ import annotations

from medoffice.credentials._alerts import (
    DEFAULT_THRESHOLDS,
    DEFAULT_TIERS,
    Alert,
    DueIndex,
    DueItem,
    Tier,
    WeekdayCalendar,
    plan_alerts,
)
from medoffice.credentials._boards import BOARD_PACKS
from medoffice.credentials._capabilities import (
    Blocker,
    Capability,
    can_bill,
    can_perform_waived_tests,
    can_practise,
    can_prescribe_controlled,
)
from medoffice.credentials._citation import Citation
from medoffice.credentials._coverage import check_coverage, coverage_limit
from medoffice.credentials._explanations import Explanations
from medoffice.credentials._index import Reason, StatusIndex
from medoffice.credentials._kind_packs import KIND_PACKS, MEDICAID, OFFICE_MATRIX
from medoffice.credentials._kinds import CAPABILITIES, DEFAULT_CADENCE, KindSpec
from medoffice.credentials._matrix import (
    MATRIX,
    MEDICARE,
    MatrixRow,
    Requirement,
    Scope,
    requirements_for,
)
from medoffice.credentials._model import (
    Activity,
    Credential,
    CredentialKind,
    Location,
    Role,
    StaffMember,
    VerificationEvent,
    VerificationOutcome,
)
from medoffice.credentials._monitoring import (
    MONITORING_SOURCES,
    MonitoringAlert,
    MonitoringLedger,
    MonitoringSource,
    PersonCoverage,
    Screening,
    ScreeningResult,
    ScreeningSource,
    SourceGap,
    monitoring_ledger,
)
from medoffice.credentials._packs import (
    DEFAULT_RULES,
    NCQA_CVO_VERIFICATION_DAYS,
    NCQA_MONITORING,
    NCQA_VERIFICATION_DAYS,
    OIG_SCREENING,
    PACKS,
)
from medoffice.credentials._primitives import (
    add_months,
    at_least_annually_due,
    birth_month_expiry,
    birth_month_parity_expiry,
    calendar_month_gaps,
    deadline_instant,
    end_of_month,
    end_of_month_after,
    is_last_day_of_month,
    issue_or_birth_month_expiry,
    month_after_second_birthday,
    posted_due_date,
    rolling_due,
    season_end,
    window_after,
)
from medoffice.credentials._professions import NUCC_PROFESSIONS, profession_of
from medoffice.credentials._query import parse_requirement, requirement_status
from medoffice.credentials._recording import check_new_credential, check_screening
from medoffice.credentials._recredentialing import (
    CredentialingTrack,
    RecredentialingPath,
    RecredentialingPlan,
    plan_recredentialing,
)
from medoffice.credentials._rules import Rule, RuleBook, RulePack, Term, TermShape, Window
from medoffice.credentials._status import (
    CredentialStatus,
    Explanation,
    Standing,
    Timeline,
    best_credential,
    requirement_of,
    status,
    timeline_of,
)
from medoffice.credentials.services import Credentialing

__all__ = [
    "BOARD_PACKS",
    "CAPABILITIES",
    "DEFAULT_CADENCE",
    "DEFAULT_RULES",
    "DEFAULT_THRESHOLDS",
    "DEFAULT_TIERS",
    "KIND_PACKS",
    "MATRIX",
    "MEDICAID",
    "MEDICARE",
    "MONITORING_SOURCES",
    "NCQA_CVO_VERIFICATION_DAYS",
    "NCQA_MONITORING",
    "NCQA_VERIFICATION_DAYS",
    "NUCC_PROFESSIONS",
    "OFFICE_MATRIX",
    "OIG_SCREENING",
    "PACKS",
    "Activity",
    "Alert",
    "Blocker",
    "Capability",
    "Citation",
    "Credential",
    "CredentialKind",
    "CredentialStatus",
    "Credentialing",
    "CredentialingTrack",
    "DueIndex",
    "DueItem",
    "Explanation",
    "Explanations",
    "KindSpec",
    "Location",
    "MatrixRow",
    "MonitoringAlert",
    "MonitoringLedger",
    "MonitoringSource",
    "PersonCoverage",
    "Reason",
    "RecredentialingPath",
    "RecredentialingPlan",
    "Requirement",
    "Role",
    "Rule",
    "RuleBook",
    "RulePack",
    "Scope",
    "Screening",
    "ScreeningResult",
    "ScreeningSource",
    "SourceGap",
    "StaffMember",
    "Standing",
    "StatusIndex",
    "Term",
    "TermShape",
    "Tier",
    "Timeline",
    "VerificationEvent",
    "VerificationOutcome",
    "WeekdayCalendar",
    "Window",
    "add_months",
    "at_least_annually_due",
    "best_credential",
    "birth_month_expiry",
    "birth_month_parity_expiry",
    "calendar_month_gaps",
    "can_bill",
    "can_perform_waived_tests",
    "can_practise",
    "can_prescribe_controlled",
    "check_coverage",
    "check_new_credential",
    "check_screening",
    "coverage_limit",
    "deadline_instant",
    "end_of_month",
    "end_of_month_after",
    "is_last_day_of_month",
    "issue_or_birth_month_expiry",
    "monitoring_ledger",
    "month_after_second_birthday",
    "parse_requirement",
    "plan_alerts",
    "plan_recredentialing",
    "posted_due_date",
    "profession_of",
    "requirement_of",
    "requirement_status",
    "requirements_for",
    "rolling_due",
    "season_end",
    "status",
    "timeline_of",
    "window_after",
]
