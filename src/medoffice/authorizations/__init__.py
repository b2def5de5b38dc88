"""Authorizations: referrals and prior authorizations, consulted when booking and when billing.

A payer pays for some services only with a prior authorization (an approval of procedure codes,
for a number of visits or units, within dates) or, in many HMO plans, a referral from the
primary care provider. This package keeps both as records with a status history
(:class:`PriorAuthorization`, :class:`Referral`), the payer requirements as effective-dated,
cited data (:class:`Requirement` in a :class:`RequirementBook`), usage counted from bookings and
submitted claim lines (:class:`Use`, never typed by hand), and one pure decision,
:func:`decide_service`, that both the booking check and the claim check call through their
bridges, so the front desk and the biller get the same answer on the same facts.
:func:`work_queues` lists what someone must act on: authorizations expiring with visits left,
exhausted ones with visits still booked, stale requests, referrals without a report.
:class:`Authorizations` (:mod:`medoffice.authorizations.services`) holds the use cases; the ports
are in :mod:`medoffice.authorizations.ports`.

More information: CMS prior authorization initiatives
(https://www.cms.gov/data-research/monitoring-programs/medicare-fee-service-compliance-programs/prior-authorization-and-pre-claim-review-initiatives);
ASC X12 005010X222A1 (837P) TR3, REF*G1 and REF*9F.

>>> from datetime import date
>>> from medoffice.kernel import DateRange
>>> book = RequirementBook(
...     [
...         Requirement(
...             id="HMO-SPEC",
...             kind="referral",
...             plan_types={"hmo"},
...             specialists=True,
...             effective=DateRange.starting(date(2026, 1, 1)),
...             source="plan manual",
...         )
...     ]
... )
>>> index = AuthorizationIndex.build(
...     coverages=[Coverage(patient="p-1", payer_id="HMO1", plan_type="hmo")]
... )
>>> facts = ServiceFacts(
...     patient="p-1", day=date(2026, 3, 2), procedures=("99203",), specialist=True
... )
>>> [i.problem.value for i in decide_service(facts, book=book, records=index.patient("p-1")).issues]
['REF-MISSING']
"""

from medoffice.authorizations._decision import (
    Issue,
    Problem,
    ServiceFacts,
    Verdict,
    decide_service,
)
from medoffice.authorizations._index import AuthorizationIndex, PatientRecords
from medoffice.authorizations._queues import Queue, QueueSettings, WorkItem, work_queues
from medoffice.authorizations._records import (
    AuthorizationStatus,
    Coverage,
    PlanType,
    PriorAuthorization,
    QuantityUnit,
    Referral,
    ReferralStatus,
    StatusChange,
    TransitionNotAllowed,
    change_status,
)
from medoffice.authorizations._requirements import (
    Requirement,
    RequirementBook,
    RequirementKind,
    RequirementMatch,
)
from medoffice.authorizations._usage import Usage, Use, UseKind
from medoffice.authorizations.services import Authorizations

__all__ = [
    "AuthorizationIndex",
    "AuthorizationStatus",
    "Authorizations",
    "Coverage",
    "Issue",
    "PatientRecords",
    "PlanType",
    "PriorAuthorization",
    "Problem",
    "QuantityUnit",
    "Queue",
    "QueueSettings",
    "Referral",
    "ReferralStatus",
    "Requirement",
    "RequirementBook",
    "RequirementKind",
    "RequirementMatch",
    "ServiceFacts",
    "StatusChange",
    "TransitionNotAllowed",
    "Usage",
    "Use",
    "UseKind",
    "Verdict",
    "WorkItem",
    "change_status",
    "decide_service",
    "work_queues",
]
