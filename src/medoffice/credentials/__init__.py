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
- :func:`~medoffice.credentials.recredentialing.plan_recredentialing`: the NCQA due date, path
  and stale verifications, for initial and recredentialing files, on the accreditation or the
  CVO track;
- :func:`~medoffice.credentials.monitoring.monitoring_ledger`: calendar-month (or per-alert)
  proof of screening against every source in
  :data:`~medoffice.credentials.monitoring.MONITORING_SOURCES`, and its gaps;
- :func:`~medoffice.credentials.alerts.plan_alerts` and
  :class:`~medoffice.credentials.alerts.DueIndex`: reminders on business days, each kind at its own
  cadence, with escalation and the opening of renewal windows;
- :class:`~medoffice.credentials.index.StatusIndex`: the same standings for a whole roster,
  compiled for speed;
- :class:`Credentialing`: the use cases that record credentials and screenings through a store,
  reading the clock once per call.

The package exports the model and the everyday answers; the rest is grouped in public
submodules: :mod:`~medoffice.credentials.rules` (the rule model),
:mod:`~medoffice.credentials.packs` (the shipped packs and kinds),
:mod:`~medoffice.credentials.primitives` (date arithmetic), :mod:`~medoffice.credentials.matrix`,
:mod:`~medoffice.credentials.timelines`, :mod:`~medoffice.credentials.index`,
:mod:`~medoffice.credentials.alerts`, :mod:`~medoffice.credentials.recredentialing` and
:mod:`~medoffice.credentials.monitoring`.

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
the citations of every pack in :data:`~medoffice.credentials.packs.PACKS`.
"""

from medoffice.credentials._capabilities import (
    Blocker,
    Capability,
    can_bill,
    can_perform_waived_tests,
    can_practise,
    can_prescribe_controlled,
)
from medoffice.credentials._coverage import (
    check_coverage,
    coverage_limit,
)
from medoffice.credentials._matrix import (
    Requirement,
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
    Screening,
    ScreeningResult,
    ScreeningSource,
)
from medoffice.credentials._query import (
    parse_requirement,
    requirement_status,
)
from medoffice.credentials._recording import (
    check_new_credential,
    check_screening,
)
from medoffice.credentials._status import (
    CredentialStatus,
    Explanation,
    Standing,
    status,
)
from medoffice.credentials.services import (
    Credentialing,
)

__all__ = [
    "Activity",
    "Blocker",
    "Capability",
    "Credential",
    "CredentialKind",
    "CredentialStatus",
    "Credentialing",
    "Explanation",
    "Location",
    "Requirement",
    "Role",
    "Screening",
    "ScreeningResult",
    "ScreeningSource",
    "StaffMember",
    "Standing",
    "VerificationEvent",
    "VerificationOutcome",
    "can_bill",
    "can_perform_waived_tests",
    "can_practise",
    "can_prescribe_controlled",
    "check_coverage",
    "check_new_credential",
    "check_screening",
    "coverage_limit",
    "parse_requirement",
    "requirement_status",
    "status",
]
