"""Sample payer requirements and records for checking claims against authorizations.

:func:`sample_claim_authorizations` builds the claims port over a fixed snapshot: therapy codes
97110-97546 need a prior authorization from Medicare-type payers (an illustrative rule), and the
HMO payer ``HMO01`` requires a referral for every visit with a specialist (the sample claim's
rendering provider is one). Patients are named by the claims' patient control numbers:

============  =====================================================================
``PCN-0001``  Medicare; authorization ``PA-1`` (number ``A-1``) for 97110, 2 visits in March 2026
``PCN-0002``  Medicare; nothing on file
``PCN-0003``  Medicare; authorization ``PA-3`` for 97110 still pending
``PCN-0004``  Medicare; authorization ``PA-4`` for 97110, 1 visit, billed on 2026-03-01
``PCN-0005``  HMO ``HMO01``; no referral
``PCN-0006``  HMO ``HMO01``; referral ``R-6`` (number ``R-6``) sent, 2 visits in March 2026
``PCN-0007``  HMO ``HMO01``; referral ``R-7`` sent, 1 visit, billed on 2026-03-01
============  =====================================================================

>>> from medoffice.testing import sample_claim
>>> [i.rule for i in sample_claim_authorizations().issues(sample_claim())]
[]
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Final

from medoffice.adapters.bridges import ClaimAuthorizationCheck, ServiceMap
from medoffice.authorizations._index import AuthorizationIndex
from medoffice.authorizations._records import Coverage, PriorAuthorization, Referral
from medoffice.authorizations._requirements import Requirement, RequirementBook
from medoffice.authorizations._usage import Use, UseKind
from medoffice.authorizations.ports import AuthorizationSnapshot
from medoffice.kernel import DateRange

__all__ = [
    "SAMPLE_SPECIALIST_NPI",
    "sample_authorization_snapshot",
    "sample_claim_authorizations",
    "sample_requirement_book",
]

#: The NPI of the sample claim's rendering provider, a specialist in the samples.
SAMPLE_SPECIALIST_NPI: Final = "1245319599"

_MARCH: Final = DateRange(date(2026, 3, 1), date(2026, 3, 31))
_AT: Final = datetime(2026, 3, 1, tzinfo=UTC)


def sample_requirement_book(
    *,
    therapy_payer_ids: frozenset[str] = frozenset(),
    therapy_payer_types: frozenset[str] = frozenset(),
    referral_payer_ids: frozenset[str] = frozenset(),
) -> RequirementBook:
    """Therapy codes 97110-97546 need a prior authorization; HMO plans refer specialists.

    The therapy rule concerns every payer unless narrowed by payer ids or types; the referral
    rule every HMO plan, or the payers of ``referral_payer_ids`` whatever their plan. Both are
    in effect from 2026-01-01.
    """
    since = DateRange.starting(date(2026, 1, 1))
    return RequirementBook(
        [
            Requirement(
                id="SAMPLE-THERAPY-PA",
                kind="prior-authorization",
                payer_ids=therapy_payer_ids,
                payer_types=therapy_payer_types,
                procedures={"97110-97546"},
                effective=since,
                source="sample requirement profile (illustrative)",
            ),
            Requirement(
                id="SAMPLE-HMO-REFERRAL",
                kind="referral",
                payer_ids=referral_payer_ids,
                plan_types=frozenset() if referral_payer_ids else {"hmo"},
                specialists=True,
                effective=since,
                source="sample requirement profile (illustrative)",
            ),
        ]
    )


def sample_authorization_snapshot() -> AuthorizationSnapshot:
    """The sample requirements and records (see the module's table)."""
    book = sample_requirement_book(
        therapy_payer_types=frozenset({"medicare"}), referral_payer_ids=frozenset({"HMO01"})
    )
    medicare = [
        Coverage(
            patient=f"PCN-000{n}", payer_id="00952", payer_type="medicare", plan_type="medicare"
        )
        for n in (1, 2, 3, 4)
    ]
    hmo = [Coverage(patient=f"PCN-000{n}", payer_id="HMO01", plan_type="hmo") for n in (5, 6, 7)]

    def auth(n: int, **changes: object) -> PriorAuthorization:
        fields: dict[str, object] = {
            "id": f"PA-{n}",
            "patient": f"PCN-000{n}",
            "payer_id": "00952",
            "procedures": {"97110"},
            "approved": 2,
            "valid": _MARCH,
            "status": "approved",
            "number": f"A-{n}",
        }
        fields.update(changes)
        return PriorAuthorization(**fields)  # type: ignore[arg-type]

    def referral(n: int, visits: int) -> Referral:
        return Referral(
            id=f"R-{n}",
            patient=f"PCN-000{n}",
            payer_id="HMO01",
            referring="1003000126",
            receiving=SAMPLE_SPECIALIST_NPI,
            visits=visits,
            valid=_MARCH,
            status="sent",
            number=f"R-{n}",
        )

    def billed(record: str) -> Use:
        return Use(
            record=record,
            source=f"claim:{record}-earlier:1",
            kind=UseKind.BILLED,
            day=date(2026, 3, 1),
            quantity=1,
            at=_AT,
        )

    index = AuthorizationIndex.build(
        coverages=[*medicare, *hmo],
        authorizations=[auth(1), auth(3, status="pending"), auth(4, approved=1)],
        referrals=[referral(6, 2), referral(7, 1)],
        uses=[billed("PA-4"), billed("R-7")],
    )
    return AuthorizationSnapshot(book=book, index=index)


def sample_claim_authorizations() -> ClaimAuthorizationCheck:
    """The claims port over :func:`sample_authorization_snapshot`."""
    return ClaimAuthorizationCheck(
        sample_authorization_snapshot(),
        services=ServiceMap(specialists={SAMPLE_SPECIALIST_NPI}),
    )
