"""The one decision booking and billing share: does this service need an approval, and is there one?

:func:`decide_service` takes the facts of one service (patient, day, procedure codes, rendering
provider, place of service, units), the payer requirements and the patient's records, and
returns a :class:`Verdict`: which requirements apply, the authorization and referral the
service would use, and an :class:`Issue` for each thing missing, with a stable
:class:`Problem` code. The scheduling bridge turns issues into booking conflicts and the claims
bridge into claim findings with the same codes, so a visit refused at the front desk for
``AUTH-EXHAUSTED`` is flagged ``AUTH-EXHAUSTED`` by the claim check too.

The order of the diagnosis, first match wins, for a prior authorization: an approved one
covering the codes on that day, with the place and rendering provider it allows, and room left
(fine, or ``AUTH-EXHAUSTED`` without room); approved and in date but for another place or
provider (``AUTH-SERVICE-MISMATCH``); covering the codes but not that day, or expired
(``AUTH-EXPIRED``); approved and in date for other codes (``AUTH-SERVICE-MISMATCH``);
requested, pending or denied (``AUTH-NOT-APPROVED``); otherwise ``AUTH-MISSING``. Referrals:
issued, to this provider, in date, with visits left (fine, or ``REF-EXHAUSTED``); out of date
or closed (``REF-EXPIRED``); otherwise ``REF-MISSING``.

More information: ASC X12 005010X222A1 (837P) TR3, loop 2300 and 2400 REF*G1 and REF*9F.

>>> from datetime import UTC, date, datetime
>>> from medoffice.kernel import DateRange
>>> from medoffice.authorizations._index import AuthorizationIndex
>>> from medoffice.authorizations._records import Coverage, PriorAuthorization
>>> from medoffice.authorizations._requirements import Requirement, RequirementBook
>>> book = RequirementBook(
...     [
...         Requirement(
...             id="PT",
...             kind="prior-authorization",
...             procedures={"97110"},
...             effective=DateRange.starting(date(2026, 1, 1)),
...             source="plan manual",
...         )
...     ]
... )
>>> auth = PriorAuthorization(
...     id="PA-1",
...     patient="p-1",
...     payer_id="60054",
...     procedures={"97110"},
...     approved=1,
...     valid=DateRange(date(2026, 3, 1), date(2026, 3, 31)),
...     status="approved",
... )
>>> index = AuthorizationIndex.build(
...     coverages=[Coverage(patient="p-1", payer_id="60054")], authorizations=[auth]
... )
>>> facts = ServiceFacts(patient="p-1", day=date(2026, 3, 2), procedures=("97110",))
>>> decide_service(facts, book=book, records=index.patient("p-1")).authorization
'PA-1'
>>> later = ServiceFacts(patient="p-1", day=date(2026, 4, 2), procedures=("97110",))
>>> [i.problem.value for i in decide_service(later, book=book, records=index.patient("p-1")).issues]
['AUTH-EXPIRED']
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date, datetime
from typing import Final, final

import attrs

from medoffice.authorizations._index import PatientRecords
from medoffice.authorizations._records import (
    AuthorizationStatus,
    Coverage,
    PlanType,
    PriorAuthorization,
    QuantityUnit,
    Referral,
    ReferralStatus,
)
from medoffice.authorizations._requirements import (
    Requirement,
    RequirementBook,
    RequirementMatch,
)
from medoffice.authorizations._usage import Use, UseKind
from medoffice.kernel import InvalidValue

__all__ = [
    "Issue",
    "Problem",
    "ServiceFacts",
    "Verdict",
    "decide",
    "decide_service",
    "kept_verdict",
    "procedure_codes",
    "quantity",
    "restriction",
    "uses_of",
]


@final
class Problem(enum.StrEnum):
    """What is missing for a service; the value is the stable rule id both checks report."""

    AUTH_MISSING = "AUTH-MISSING"
    AUTH_NOT_APPROVED = "AUTH-NOT-APPROVED"
    AUTH_EXPIRED = "AUTH-EXPIRED"
    AUTH_EXHAUSTED = "AUTH-EXHAUSTED"
    AUTH_SERVICE_MISMATCH = "AUTH-SERVICE-MISMATCH"
    REF_MISSING = "REF-MISSING"
    REF_EXPIRED = "REF-EXPIRED"
    REF_EXHAUSTED = "REF-EXHAUSTED"


_CANONICAL: dict[tuple[str, ...], tuple[str, ...]] = {}  # codes already in canonical form
_CANONICAL_KEPT: Final = 4096


def procedure_codes(value: Iterable[str]) -> tuple[str, ...]:
    """Procedure codes in canonical form (stripped, upper case); a single string is refused."""
    # The bridges pass the same few code tuples again and again, already canonical.
    if type(value) is tuple:
        try:
            known = _CANONICAL.get(value)
        except TypeError:  # an element that cannot be hashed: converted (or refused) below
            known = None
        if known is not None:
            return known
    if isinstance(value, str):
        raise InvalidValue("procedures is a collection of codes, not a single string")
    codes = tuple(str(code).strip().upper() for code in value)
    if len(_CANONICAL) < _CANONICAL_KEPT:
        _CANONICAL[codes] = codes
    return codes


def _units(_: object, __: object, value: object) -> None:
    if type(value) is int and value >= 1:  # most services: checked at once
        return
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidValue("units is a whole number of at least 1")


@final
@attrs.frozen(kw_only=True)
class ServiceFacts:
    """One service as the decision sees it.

    ``payer_id`` is ``None`` at booking (the patient's primary coverage on ``day`` is used);
    ``payer_type`` stands in when no coverage is on file. ``billed`` says the service is a
    submitted claim line rather than a booking; ``source`` names it (an appointment or a claim
    line) so it is never counted against itself.
    """

    patient: str
    day: date
    procedures: tuple[str, ...] = attrs.field(converter=procedure_codes)
    provider: str | None = None
    specialist: bool = False
    place_of_service: str | None = None
    units: int = attrs.field(default=1, validator=_units)
    payer_id: str | None = None
    payer_type: str | None = None
    billed: bool = False
    source: str | None = None


@final
@attrs.frozen(kw_only=True)
class Issue:
    """One thing missing: the problem, a message for people (no PHI), the record concerned."""

    problem: Problem
    message: str
    record: str | None = None


@final
@attrs.frozen(kw_only=True)
class Verdict:
    """What a service needs and what is missing.

    ``authorization`` and ``referral`` are the ids of the records the service uses (set even when
    exhausted, so an allowed over-use is counted against them); ``numbers`` are their payer
    numbers (REF*G1, REF*9F) when known.
    """

    requirements: tuple[Requirement, ...] = ()
    issues: tuple[Issue, ...] = ()
    authorization: str | None = None
    referral: str | None = None
    authorization_number: str | None = None
    referral_number: str | None = None

    @property
    def required(self) -> bool:
        """Whether any requirement applies to the service."""
        return bool(self.requirements)

    @property
    def ok(self) -> bool:
        """Whether nothing is missing."""
        return not self.issues

    @property
    def problems(self) -> frozenset[Problem]:
        """The problems found."""
        return frozenset(issue.problem for issue in self.issues)


NOT_REQUIRED: Final = Verdict()
_ISSUED: Final = frozenset({AuthorizationStatus.APPROVED, AuthorizationStatus.PARTIALLY_APPROVED})
_VERDICTS_KEPT: Final = 4096  # answers without a problem, kept per requirement match
_WAITING: Final = frozenset(
    {AuthorizationStatus.REQUESTED, AuthorizationStatus.PENDING, AuthorizationStatus.DENIED}
)


def decide_service(
    facts: ServiceFacts, *, book: RequirementBook, records: PatientRecords
) -> Verdict:
    """What ``facts`` needs under ``book`` and what ``records`` lack; pure and deterministic."""
    return decide(
        book,
        records,
        facts.patient,
        facts.day,
        facts.procedures,
        facts.provider,
        facts.specialist,
        facts.place_of_service,
        facts.source,
        facts.units,
        facts.payer_id,
        facts.payer_type,
        facts.billed,
    )


def decide(  # noqa: PLR0912, PLR0915, PLR0917 - flat and positional: the hot path
    book: RequirementBook,
    records: PatientRecords,
    patient: str,
    day: date,
    procedures: tuple[str, ...],
    provider: str | None,
    specialist: bool,  # noqa: FBT001 - positional, like every field here
    place: str | None,
    source: str | None,
    units: int = 1,
    payer_id: str | None = None,
    payer_type: str | None = None,
    billed: bool = False,  # noqa: FBT001, FBT002 - a booking leaves the claim's fields out
) -> Verdict:
    """:func:`decide_service` of the fields of :class:`ServiceFacts`, already in their form.

    The bridges pass the fields of a service they described themselves (canonical procedure
    codes, whole units), so a service missing nothing is decided without building its facts:
    a few look-ups and comparisons over data prepared once (the requirement match compiled per
    payer, plan and service, the payer's approved authorizations in the order they lapse, the
    usage's running totals, the verdict kept on the match). The facts are built only to
    diagnose what is missing.
    """
    if not (specialist and book.specialist_rules):
        concerned = book.concerned  # one look-up per code when nothing could be required
        for code in procedures:
            if concerned[code]:
                break
        else:
            return NOT_REQUIRED
    coverages = records.coverages
    coverage: Coverage | None
    if len(coverages) == 1:  # most patients: one coverage (PatientRecords.coverage_on, inline)
        coverage = coverages[0]
        valid = coverage.valid
        if not (
            valid.first <= day <= valid.last and (payer_id is None or coverage.payer_id == payer_id)
        ):
            coverage = None
    else:
        coverage = records.coverage_on(day, payer_id)
    key: tuple[str, str, PlanType | None, tuple[str, ...], bool]
    if coverage is not None:
        payer = payer_id or coverage.payer_id
        key = (payer, coverage.payer_type, coverage.plan_type, procedures, specialist)
    elif payer_id is not None:
        payer = payer_id
        key = (payer, payer_type or "other", None, procedures, specialist)
    else:
        return NOT_REQUIRED
    match = book.compiled.get(key) or book.match(key)
    if not match.first <= day <= match.last:
        match = match.on(day)
    if not match.requirements:
        return NOT_REQUIRED
    auth: PriorAuthorization | None = None
    referral: Referral | None = None
    missing = False
    if match.needs_authorization:
        codes = match.authorization_codes
        usage = records.usage
        # The first approved one, first to lapse first, that allows the service and has room.
        for auth in records.approved_by_payer.get(payer, ()):
            valid = auth.valid
            if (
                valid.first <= day <= valid.last
                and auth.procedures.issuperset(codes)
                and (
                    (auth.place_of_service is None and auth.rendering is None)
                    or restriction(auth, place, provider) is None
                )
            ):
                used = usage.get(auth.id)
                need = 1 if auth.unit is QuantityUnit.VISITS else units
                if (need if used is None else used.projected(day, need, not billed, source)) <= (
                    auth.approved
                ):
                    break
        else:
            missing = True
    if match.needs_referral and not missing:
        for referral in records.issued_by_payer.get(payer, ()):
            valid = referral.valid
            if (
                valid.first <= day <= valid.last
                and referral.sends_to(provider)
                and records.used(referral.id).projected(day, 1, not billed, source)
                <= referral.visits
            ):
                break
        else:
            missing = True
    if missing:
        facts = ServiceFacts(
            patient=patient,
            day=day,
            procedures=procedures,
            provider=provider,
            specialist=specialist,
            place_of_service=place,
            units=units,
            payer_id=payer_id,
            payer_type=payer_type,
            billed=billed,
            source=source,
        )
        return _diagnosed(facts, match, records, payer)
    # One verdict for every service missing nothing that uses these records, kept on the match
    # (an authorization alone, the common case, is keyed by its id and number).
    found: tuple[str | None, ...]
    if referral is None and auth is not None:
        found = (auth.id, auth.number)
    else:
        found = (
            None if auth is None else auth.id,
            None if auth is None else auth.number,
            None if referral is None else referral.id,
            None if referral is None else referral.number,
        )
    verdict: Verdict | None = match.verdicts.get(found)
    if verdict is None:
        verdict = _kept(match, found, auth, referral)
    return verdict


def _kept(
    match: RequirementMatch,
    found: tuple[str | None, ...],
    auth: PriorAuthorization | None,
    referral: Referral | None,
) -> Verdict:
    """The verdict of a service missing nothing, made once and kept on its match."""
    return kept_verdict(
        match,
        found,
        None if auth is None else auth.id,
        None if auth is None else auth.number,
        None if referral is None else referral.id,
        None if referral is None else referral.number,
    )


def kept_verdict(  # noqa: PLR0917 - the ids and numbers of the records used
    match: RequirementMatch,
    found: tuple[str | None, ...],
    authorization: str | None,
    authorization_number: str | None,
    referral: str | None,
    referral_number: str | None,
) -> Verdict:
    """The verdict of a service missing nothing that uses these records, kept under ``found``."""
    verdict = Verdict(
        requirements=match.requirements,
        authorization=authorization,
        referral=referral,
        authorization_number=authorization_number,
        referral_number=referral_number,
    )
    verdicts = match.verdicts
    if len(verdicts) >= _VERDICTS_KEPT:
        verdicts.clear()
    verdicts[found] = verdict
    return verdict


def _diagnosed(
    facts: ServiceFacts, match: RequirementMatch, records: PatientRecords, payer_id: str
) -> Verdict:
    """The verdict of a service missing something: every record looked at, each issue said."""
    issues: list[Issue] = []
    auth: PriorAuthorization | None = None
    referral: Referral | None = None
    if match.needs_authorization:
        mine = [a for a in records.authorizations if a.payer_id == payer_id]
        auth, issue = _authorization(facts, match.authorization_codes, mine, records)
        if issue is not None:
            issues.append(issue)
    if match.needs_referral:
        mine_refs = [r for r in records.referrals if r.payer_id == payer_id]
        referral, issue = _referral(facts, mine_refs, records)
        if issue is not None:
            issues.append(issue)
    return Verdict(
        requirements=match.requirements,
        issues=tuple(issues),
        authorization=None if auth is None else auth.id,
        referral=None if referral is None else referral.id,
        authorization_number=None if auth is None else auth.number,
        referral_number=None if referral is None else referral.number,
    )


def quantity(auth: PriorAuthorization, facts: ServiceFacts) -> int:
    """What one service uses of ``auth``: a visit, or its units."""
    return 1 if auth.unit is QuantityUnit.VISITS else facts.units


def uses_of(
    verdict: Verdict, facts: ServiceFacts, *, records: PatientRecords, at: datetime
) -> tuple[Use, ...]:
    """The ledger entries a service records against what ``verdict`` says it uses.

    A booking records ``booked`` uses, a claim line ``billed`` ones; ``facts.source`` names it.
    Nothing is recorded for a service without a source or without a record to count against.
    """
    if facts.source is None:
        return ()
    kind = UseKind.BILLED if facts.billed else UseKind.BOOKED
    found: list[Use] = []
    if verdict.authorization is not None:
        auth = next(a for a in records.authorizations if a.id == verdict.authorization)
        found.append(
            Use(
                record=auth.id,
                source=facts.source,
                kind=kind,
                day=facts.day,
                quantity=quantity(auth, facts),
                at=at,
            )
        )
    if verdict.referral is not None:
        found.append(
            Use(
                record=verdict.referral,
                source=facts.source,
                kind=kind,
                day=facts.day,
                quantity=1,
                at=at,
            )
        )
    return tuple(found)


def _room(
    record: PriorAuthorization | Referral, facts: ServiceFacts, records: PatientRecords
) -> bool:
    if isinstance(record, PriorAuthorization):
        need, limit = quantity(record, facts), record.approved
    else:
        need, limit = 1, record.visits
    usage = records.used(record.id)
    return usage.after(facts.day, need, booked=not facts.billed, source=facts.source) <= limit


def _restricted(auth: PriorAuthorization, facts: ServiceFacts) -> str | None:
    return restriction(auth, facts.place_of_service, facts.provider)


def restriction(auth: PriorAuthorization, place: str | None, provider: str | None) -> str | None:
    """What of the service ``auth`` does not allow: its place or its rendering provider."""
    if auth.place_of_service is not None and place not in (None, auth.place_of_service):
        return "place of service"
    if auth.rendering is not None and provider != auth.rendering:
        return "rendering provider"
    return None


def _authorization(
    facts: ServiceFacts,
    codes: tuple[str, ...],
    mine: list[PriorAuthorization],
    records: PatientRecords,
) -> tuple[PriorAuthorization | None, Issue | None]:
    day = facts.day
    covering = [a for a in mine if a.procedures.issuperset(codes)]
    in_date = [a for a in covering if a.status in _ISSUED and a.valid.first <= day <= a.valid.last]
    fitting = [a for a in in_date if _restricted(a, facts) is None]
    if len(fitting) > 1:
        fitting.sort(key=lambda a: (a.valid.last, a.id))
    if fitting:
        for auth in fitting:
            if _room(auth, facts, records):
                return auth, None
        first = fitting[0]
        return first, Issue(
            problem=Problem.AUTH_EXHAUSTED,
            message=f"every approved {first.unit.value} of the authorization is used",
            record=first.id,
        )
    if in_date:
        what = _restricted(in_date[0], facts)
        return None, Issue(
            problem=Problem.AUTH_SERVICE_MISMATCH,
            message=f"the authorization allows another {what}",
            record=in_date[0].id,
        )
    lapsed = [
        a
        for a in covering
        if a.status is AuthorizationStatus.EXPIRED
        or (a.status in _ISSUED and not a.valid.first <= day <= a.valid.last)
    ]
    if lapsed:
        return None, Issue(
            problem=Problem.AUTH_EXPIRED,
            message="the authorization is not valid on the date of service",
            record=lapsed[0].id,
        )
    other = [a for a in mine if a.status in _ISSUED and a.valid.first <= day <= a.valid.last]
    if other:
        return None, Issue(
            problem=Problem.AUTH_SERVICE_MISMATCH,
            message="the authorization in force approves other procedure codes",
            record=other[0].id,
        )
    waiting = [a for a in covering if a.status in _WAITING]
    if waiting:
        return None, Issue(
            problem=Problem.AUTH_NOT_APPROVED,
            message=f"the authorization is {waiting[0].status.value}, not approved",
            record=waiting[0].id,
        )
    return None, Issue(
        problem=Problem.AUTH_MISSING,
        message="the payer requires a prior authorization and none is on file",
    )


def _referral(
    facts: ServiceFacts, mine: list[Referral], records: PatientRecords
) -> tuple[Referral | None, Issue | None]:
    to_provider = [r for r in mine if r.sends_to(facts.provider)]
    in_date = sorted(
        (r for r in to_provider if r.is_usable and r.valid.contains(facts.day)),
        key=lambda r: (r.valid.last, r.id),
    )
    if in_date:
        for referral in in_date:
            if _room(referral, facts, records):
                return referral, None
        return in_date[0], Issue(
            problem=Problem.REF_EXHAUSTED,
            message="every visit of the referral is used",
            record=in_date[0].id,
        )
    lapsed = [
        r
        for r in to_provider
        if r.status is ReferralStatus.CLOSED or (r.is_usable and not r.valid.contains(facts.day))
    ]
    if lapsed:
        return None, Issue(
            problem=Problem.REF_EXPIRED,
            message="the referral is closed or not valid on the date of service",
            record=lapsed[0].id,
        )
    return None, Issue(
        problem=Problem.REF_MISSING,
        message="the plan requires a referral to this provider and none has been issued",
    )
