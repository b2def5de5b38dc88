"""Authorizations and referrals for the claim checker, answered by the shared decision.

:class:`ClaimAuthorizationCheck` answers the claims port
:class:`~medoffice.claims.ports.ClaimAuthorizations`: each line of a claim a requirement
could concern goes, as :class:`~medoffice.authorizations.ServiceFacts` would describe it,
through :func:`~medoffice.authorizations.decide_service` (its fields given directly), the
decision the booking bridge (:mod:`._booking_authorizations`) uses too, so both give the same
answer on the same facts. The claim adds what only a claim can get wrong: the authorization or
referral on file whose number is not on the claim (REF*G1, REF*9F), or a different number.

A claim names its patient by the patient control number (CLM01, the practice's account number
for the patient); ``patient_of`` maps it to the patient id the records use when they differ.
:class:`ServiceMap` says how both sides describe a visit alike: the procedure codes of each
appointment type, the NPI of each provider id, and which providers are specialists.

More information: ASC X12 005010X222A1 (837P) TR3, REF*G1 and REF*9F.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import ROUND_CEILING, Decimal
from typing import Final, final

import attrs

from medoffice.authorizations._decision import ServiceFacts, Verdict, decide, procedure_codes
from medoffice.authorizations._index import PatientRecords
from medoffice.authorizations._prepared import UNSETTLED, Prepared, prepared
from medoffice.authorizations._requirements import RequirementBook
from medoffice.authorizations.ports import AuthorizationSource, UsageRecorder
from medoffice.claims._model import Claim, ServiceLine
from medoffice.claims.ports import AuthorizationIssue
from medoffice.kernel import InvalidArgument, InvalidValue

__all__ = ["ClaimAuthorizationCheck", "ServiceMap", "claim_source"]

_NO_ISSUES: Final[tuple[AuthorizationIssue, ...]] = ()
_MEMO_LIMIT: Final = 4096


def _codes(value: Mapping[str, Iterable[str]]) -> dict[str, tuple[str, ...]]:
    found = {}
    for key, codes in dict(value).items():
        if isinstance(codes, str):
            raise InvalidValue("each appointment type maps to a list of procedure codes")
        found[key] = tuple(codes)
    return found


def _names(value: Mapping[str, str]) -> dict[str, str]:
    return dict(value)


def _set(value: Iterable[str]) -> frozenset[str]:
    if isinstance(value, str):
        raise InvalidValue("specialists is a collection of provider ids or NPIs")
    return frozenset(value)


@final
@attrs.frozen(kw_only=True)
class ServiceMap:
    """How a booking and a claim describe one visit alike.

    ``visit_types`` gives each appointment type's procedure codes (the first is the visit's
    own); ``npis`` each scheduling provider id's NPI (records and claims name providers by NPI);
    ``specialists`` the provider ids or NPIs of specialists (whose visits an HMO refers);
    ``places`` an appointment type's place of service when it is not the office (``11``).
    """

    visit_types: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict, converter=_codes)
    npis: Mapping[str, str] = attrs.field(factory=dict, converter=_names)
    specialists: frozenset[str] = attrs.field(default=frozenset(), converter=_set)
    places: Mapping[str, str] = attrs.field(factory=dict, converter=_names)
    _specialists: frozenset[str] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        # A specialist listed by id is recognised by NPI too (claims name NPIs), and the reverse.
        named = {self.npis.get(p, p) for p in self.specialists} | set(self.specialists)
        object.__setattr__(self, "_specialists", frozenset(named))

    def provider(self, provider: str) -> str:
        """The provider's NPI when known, else the id as given."""
        return self.npis.get(provider, provider)

    def is_specialist(self, provider: str) -> bool:
        """Whether the provider (id or NPI) is a specialist."""
        return provider in self._specialists or self.provider(provider) in self._specialists


def claim_source(claim: Claim, index: int) -> str:
    """The usage source name of a claim line: ``claim:<control number>:<line number>``."""
    return f"claim:{claim.patient_control_number}:{index + 1}"


# One unit as a Decimal: a line's units compare with it about twice as fast as with the int 1.
_ONE: Final = Decimal(1)


def _units(line: ServiceLine) -> int:
    units = line.units
    if units == _ONE:  # most lines
        return 1
    if units <= 0:
        return 1
    return max(1, int(units.to_integral_value(rounding=ROUND_CEILING)))


def _numbers(
    verdict: Verdict, claim: Claim, line: ServiceLine, index: int
) -> list[AuthorizationIssue]:
    found: list[AuthorizationIssue] = []
    number = verdict.authorization_number
    if number is not None and not any(i.problem.value.startswith("AUTH") for i in verdict.issues):
        given = line.prior_authorization or claim.prior_authorization
        if given is None:
            found.append(
                AuthorizationIssue(
                    rule="AUTH-NUMBER-MISSING",
                    line=index,
                    field="prior_authorization",
                    message="the authorization number is not on the claim (REF*G1)",
                )
            )
        elif given.strip() != number:
            found.append(
                AuthorizationIssue(
                    rule="AUTH-NUMBER-MISMATCH",
                    line=index,
                    field="prior_authorization",
                    message="the claim's authorization number is not the one on file",
                    value=given,
                )
            )
    referral = verdict.referral_number
    if referral is not None and (line.referral_number or claim.referral_number) is None:
        found.append(
            AuthorizationIssue(
                rule="REF-NUMBER-MISSING",
                line=index,
                field="referral_number",
                message="the referral number is not on the claim (REF*9F)",
            )
        )
    return found


def _line_issues(
    verdict: Verdict, claim: Claim, line: ServiceLine, index: int
) -> list[AuthorizationIssue]:
    """The issues of line ``index``: what the verdict finds missing, then the numbers."""
    found = [
        AuthorizationIssue(rule=i.problem.value, line=index, message=i.message)
        for i in verdict.issues
    ]
    return found + _numbers(verdict, claim, line, index)


def _numbers_agree(verdict: Verdict, claim: Claim, line: ServiceLine) -> bool:
    """Whether the claim carries the numbers on file (the answer almost every time)."""
    number = verdict.authorization_number
    if number is not None:
        given = line.prior_authorization or claim.prior_authorization
        if given is None or (given != number and given.strip() != number):
            return False
    return (
        verdict.referral_number is None
        or (line.referral_number or claim.referral_number) is not None
    )


def _concerned(claim: Claim, book: RequirementBook, *, specialist: bool) -> Sequence[int]:
    """The lines a requirement could concern: every one of a specialist's, when some do."""
    if specialist and book.specialist_rules:
        return range(len(claim.lines))
    codes = book.concerned
    return [n for n, line in enumerate(claim.lines) if codes[line.procedure]]


@final
class ClaimAuthorizationCheck:
    """The claims port ``ClaimAuthorizations``, answered from an authorization source."""

    __slots__ = ("_patient_of", "_procedures", "_services", "_source", "_specialists")

    def __init__(
        self,
        source: AuthorizationSource,
        *,
        services: ServiceMap | None = None,
        patient_of: Callable[[Claim], str] | None = None,
    ) -> None:
        self._source = source
        self._services = services or ServiceMap()
        self._patient_of = patient_of
        self._specialists: dict[str, bool] = {}  # by NPI, from the fixed service map
        self._procedures: dict[str, tuple[str, ...]] = {}  # a line's code, canonical

    def _canonical(self, procedure: str) -> tuple[str, ...]:
        codes = procedure_codes((procedure,))
        if len(self._procedures) < _MEMO_LIMIT:
            self._procedures[procedure] = codes
        return codes

    def __repr__(self) -> str:
        return f"ClaimAuthorizationCheck({self._source!r})"

    def _specialist(self, provider: str) -> bool:
        specialist = self._specialists.get(provider)
        if specialist is None:
            specialist = self._services.is_specialist(provider)
            if len(self._specialists) < _MEMO_LIMIT:
                self._specialists[provider] = specialist
        return specialist

    def _claim_facts(self, claim: Claim) -> tuple[str, str, bool, str, str]:
        """What every line of ``claim`` shares: patient, provider, specialist, payer, type."""
        provider = (claim.rendering or claim.billing).npi
        patient = (
            claim.patient_control_number if self._patient_of is None else self._patient_of(claim)
        )
        payer = claim.payer
        return patient, provider, self._specialist(provider), payer.payer_id, str(payer.type)

    def facts(self, claim: Claim, index: int) -> ServiceFacts:
        """The facts of line ``index`` of ``claim``, as the shared decision reads them."""
        return self._line_facts(claim, index, self._claim_facts(claim))

    def _line_facts(
        self, claim: Claim, index: int, shared: tuple[str, str, bool, str, str]
    ) -> ServiceFacts:
        patient, provider, specialist, payer_id, payer_type = shared
        line = claim.lines[index]
        return ServiceFacts(
            patient=patient,
            day=line.service_from,
            procedures=(line.procedure,),
            provider=provider,
            specialist=specialist,
            place_of_service=line.place_of_service,
            units=_units(line),
            payer_id=payer_id,
            payer_type=payer_type,
            billed=True,
            source=claim_source(claim, index),
        )

    def _decided(  # noqa: PLR0917 - the line and what the claim's lines share
        self,
        claim: Claim,
        number: int,
        book: RequirementBook,
        records: PatientRecords,
        shared: tuple[str, bool, str, str],
        units: int,
    ) -> Verdict:
        """The shared decision on line ``number``, its fields given as they are."""
        patient, specialist, payer_id, payer_type = shared
        line = claim.lines[number]
        provider = (claim.rendering or claim.billing).npi
        procedures = self._procedures.get(line.procedure)
        if procedures is None:
            procedures = self._canonical(line.procedure)
        return decide(
            book,
            records,
            patient,
            line.service_from,
            procedures,
            provider,
            specialist,
            line.place_of_service,
            claim_source(claim, number),
            units,
            payer_id,
            payer_type,
            True,
        )

    def _answer(  # noqa: PLR0917 - as _decided
        self,
        plan: Prepared,
        claim: Claim,
        number: int,
        book: RequirementBook,
        records: PatientRecords,
        shared: tuple[str, bool, str, str],
    ) -> Verdict:
        """The verdict of line ``number`` off the usual span: another span, or the decision."""
        line = claim.lines[number]
        units = _units(line)
        day = line.service_from.toordinal()
        verdict = plan.answer(day, day, units)
        if verdict is None:
            verdict = self._decided(claim, number, book, records, shared, units)
        return verdict

    def record_submitted(self, claim: Claim) -> None:
        """Count ``claim``'s lines as billed (the claims port ``ClaimUsage``).

        Only the lines a requirement could concern are recorded; a line already counted is left
        as it is. The source must be a :class:`~medoffice.authorizations.ports.UsageRecorder`.
        """
        source = self._source
        if not isinstance(source, UsageRecorder):
            raise InvalidArgument("recording submitted claims needs a source that records usage")
        shared = self._claim_facts(claim)
        lines = _concerned(claim, source.requirement_book(), specialist=shared[2])
        if lines:
            source.record_billed([self._line_facts(claim, n, shared) for n in lines])

    def issues(self, claim: Claim) -> Sequence[AuthorizationIssue]:  # noqa: PLR0912 - flat, hot
        """Every missing authorization or referral of ``claim``'s lines, in line order."""
        source = self._source
        book = source.requirement_book()
        provider = (claim.rendering or claim.billing).npi
        specialist = self._specialists.get(provider)
        if specialist is None:
            specialist = self._specialist(provider)
        codes = book.concerned
        every = specialist and book.specialist_rules  # every line of a specialist's
        if not every:
            # The common case ends here, a remembered look-up per line: no requirement lists
            # these codes, so no patient is looked up.
            for line in claim.lines:
                if codes[line.procedure]:
                    break
            else:
                return _NO_ISSUES
        patient = (
            claim.patient_control_number if self._patient_of is None else self._patient_of(claim)
        )
        payer = claim.payer
        # The payer type as it is: a str enum, equal to its value and hashed as it.
        payer_id, payer_type = payer.payer_id, payer.type
        records = source.records().patient(patient)
        kept = records.prepared
        found: list[AuthorizationIssue] | None = None
        for number, line in enumerate(claim.lines):
            procedure = line.procedure
            if not (every or codes[procedure]):
                continue
            place = line.place_of_service
            # What this kind of line needs from the patient's records, prepared once for them
            # (a change to the records makes new ones): a few comparisons settle the day.
            key = (procedure, provider, specialist, place, payer_id, payer_type)
            plan = kept.get(key)
            if plan is None or plan.book is not book:
                plan = prepared(
                    book,
                    records,
                    key,
                    self._canonical(procedure),
                    provider,
                    specialist,
                    place,
                    payer_id,
                    str(payer_type),
                )
            day = line.service_from.toordinal()
            if line.units == _ONE and plan.one_first <= day <= plan.one_last:
                # One unit on a day of the usual span: settled by one comparison when nothing
                # is required, or when the claim carries the authorization's number as on file.
                carried = plan.one_carried
                if carried is None or (
                    carried is not UNSETTLED
                    and carried == (line.prior_authorization or claim.prior_authorization)
                ):
                    continue
                verdict = plan.one_verdict
            else:
                shared = (patient, specialist, payer_id, str(payer_type))
                verdict = self._answer(plan, claim, number, book, records, shared)
            if not verdict.requirements:
                continue
            if not verdict.issues and _numbers_agree(verdict, claim, line):
                continue
            if found is None:
                found = []
            found += _line_issues(verdict, claim, line, number)
        return found or _NO_ISSUES
