"""Authorizations and referrals for the booking decision, answered by the shared decision.

:class:`BookingAuthorizationCheck` answers scheduling's
:class:`~medoffice.scheduling.ports.VisitAuthorizations` port: the visit is described as
:class:`~medoffice.authorizations.ServiceFacts` describes a service (the appointment type's
procedure codes and place of service, the provider's NPI, whether a specialist sees it, from a
:class:`~medoffice.adapters.bridges.ServiceMap`, worked out once per type and provider) and
goes through :func:`~medoffice.authorizations.decide_service` (its fields given directly), the
decision the claim check uses too. Each
issue becomes a booking :class:`~medoffice.scheduling.Conflict` whose kind is the problem's id
in lower case (``AUTH-EXHAUSTED`` -> ``auth-exhausted``, rule ``SCH-AUTH-EXHAUSTED``), so the
practice's :class:`~medoffice.scheduling.BookingPolicy` blocks it, warns or allows it with a
reason. A booked visit is counted through the source's
:meth:`~medoffice.authorizations.ports.UsageRecorder.record_booking` and released when it is
cancelled, moved or missed.

More information: docs/authorizations.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Final, final
from zoneinfo import ZoneInfo

from medoffice.adapters.bridges._authorizations import ServiceMap
from medoffice.authorizations._decision import (
    ServiceFacts,
    Verdict,
    decide,
    decide_service,
    procedure_codes,
    uses_of,
)
from medoffice.authorizations._index import AuthorizationIndex
from medoffice.authorizations._prepared import prepared
from medoffice.authorizations._requirements import RequirementBook
from medoffice.authorizations.ports import UsageRecorder
from medoffice.scheduling._booking import BookingRequest
from medoffice.scheduling._conflicts import Conflict, ConflictKind
from medoffice.scheduling._time import zone
from medoffice.scheduling.ports import Visit

__all__ = ["OFFICE", "BookingAuthorizationCheck", "appointment_source"]

#: The place of service of a visit whose type names none: the office (CMS POS code 11).
OFFICE: Final = "11"
_NONE: Final[tuple[Conflict, ...]] = ()
_MEMO_LIMIT: Final = 4096


def appointment_source(appointment_id: str) -> str:
    """The usage source name of a booking: ``appointment:<id>``."""
    return f"appointment:{appointment_id}"


@final
class BookingAuthorizationCheck:
    """Scheduling's ``VisitAuthorizations`` port, answered from an authorization source."""

    __slots__ = ("_kinds", "_may", "_services", "_shapes", "_source", "_zones")

    def __init__(self, source: UsageRecorder, *, services: ServiceMap) -> None:
        self._source = source
        self._services = services
        self._may: dict[tuple[RequirementBook, str, str], bool] = {}
        # What a type of visit with a provider is, as the decision reads it: built once each.
        self._shapes: dict[tuple[str, str], tuple[tuple[str, ...], str, bool, str]] = {}
        # The same, with whether the requirement book could concern it (see check_request).
        self._kinds: dict[tuple[str, str], _Kind] = {}
        self._zones: dict[str, ZoneInfo] = {}

    def __repr__(self) -> str:
        return f"BookingAuthorizationCheck({self._source!r})"

    def _shape(self, type_code: str, provider: str) -> tuple[tuple[str, ...], str, bool, str]:
        """The codes, the provider's NPI, whether a specialist sees it, the place of service."""
        key = (type_code, provider)
        shape = self._shapes.get(key)
        if shape is None:
            services = self._services
            shape = (
                procedure_codes(services.visit_types.get(type_code, ())),
                services.provider(provider),
                services.is_specialist(provider),
                services.places.get(type_code, OFFICE),
            )
            if len(self._shapes) >= _MEMO_LIMIT:
                self._shapes.clear()
            self._shapes[key] = shape
        return shape

    def facts(self, visit: Visit) -> ServiceFacts:
        """The facts of ``visit``, as the shared decision reads them."""
        procedures, provider, specialist, place = self._shape(visit.type_code, visit.provider)
        return ServiceFacts(
            patient=visit.patient,
            day=visit.day,
            procedures=procedures,
            provider=provider,
            specialist=specialist,
            place_of_service=place,
            source=appointment_source(visit.appointment_id),
        )

    def may_require(self, type_code: str, provider: str) -> bool:
        """Whether any requirement could concern this type of visit with this provider."""
        book = self._source.requirement_book()
        key = (book, type_code, provider)  # a new requirement book is asked again
        known = self._may.get(key)
        if known is None:
            codes = self._services.visit_types.get(type_code, ())
            specialist = self._services.is_specialist(provider)
            known = book.may_require(codes, specialist=specialist)
            if len(self._may) >= _MEMO_LIMIT:
                self._may.clear()
            self._may[key] = known
        return known

    def check_visit(self, visit: Visit) -> tuple[Conflict, ...]:
        """A conflict for each prior authorization or referral the visit lacks."""
        # The decision reads the visit's fields as they are (no facts are built unless something
        # is missing), and itself first asks whether anything could concern the visit.
        shape = self._shapes.get((visit.type_code, visit.provider))
        if shape is None:
            shape = self._shape(visit.type_code, visit.provider)
        procedures, provider, specialist, place = shape
        source = self._source
        patient = visit.patient
        verdict = decide(
            source.requirement_book(),
            source.records().patient(patient),
            patient,
            visit.day,
            procedures,
            provider,
            specialist,
            place,
            f"appointment:{visit.appointment_id}",
        )
        if not verdict.issues:
            return _NONE
        return _conflicts(verdict, visit.provider)

    def check_request(self, request: BookingRequest, practice_zone: str) -> tuple[Conflict, ...]:
        """What is missing for the visit ``request`` books, on its day in ``practice_zone``.

        The answer of :meth:`check_visit` for that visit (nothing when :meth:`may_require`
        says no), read from the request as it is. A visit of a kind a requirement concerns is
        answered from what the patient's records prepared for that kind of visit
        (:func:`~medoffice.authorizations._prepared.prepared`: kept with the records, made again
        when they change); when that does not settle it, the shared decision runs.
        """
        source = self._source
        book = source.requirement_book()
        kind = self._kinds.get((request.type_code, request.provider))
        if kind is None or kind.book is not book:
            kind = self._kind(request.type_code, request.provider, book)
        if not kind.may:
            return _NONE
        start = request.start
        # The practice's day is within a day of the instant's UTC day (an offset is less than
        # a day), two of its own wall day: the prepared answer is taken when it is the same on
        # every one of those days, and the day itself is worked out only when it is not.
        wall = start.toordinal()
        margin = 1 if start.tzinfo is UTC else 2
        patient = request.patient.ref
        records = source.records().patient(patient)
        plan = records.prepared.get(kind)
        if plan is None or plan.book is not book:
            plan = prepared(book, records, kind, *kind.fields)
        low, high = wall - margin, wall + margin
        if plan.one_first <= low and high <= plan.one_last:
            return _NONE  # one verdict on every day it could be, and a span's has no issue
        for first, last, verdict, _ in plan.one:  # noqa: B007 - the verdict is read after it
            if first <= low and high <= last:
                break
        else:
            tz = self._zones.get(practice_zone)
            if tz is None:
                tz = self._zones[practice_zone] = zone(practice_zone)
            procedures, provider, specialist, place, _, _ = kind.fields
            verdict = decide(
                book,
                records,
                patient,
                start.astimezone(tz).date(),
                procedures,
                provider,
                specialist,
                place,
                appointment_source(request.appointment_id),
            )
        if not verdict.issues:
            return _NONE
        return _conflicts(verdict, request.provider)

    def _kind(self, type_code: str, provider: str, book: RequirementBook) -> _Kind:
        procedures, npi, specialist, place = self._shape(type_code, provider)
        kind = _Kind(
            book,
            book.may_require(procedures, specialist=specialist),
            (procedures, npi, specialist, place, None, None),
        )
        if len(self._kinds) >= _MEMO_LIMIT:
            self._kinds.clear()
        self._kinds[type_code, provider] = kind
        return kind

    def holding(self, visits: Sequence[Visit]) -> BookingAuthorizationCheck:
        """This check with ``visits`` counted as booked (a series decided together)."""
        return BookingAuthorizationCheck(
            _Holding(self, self._source, visits), services=self._services
        )

    def consume(self, visit: Visit) -> None:
        """Count the booked visit against the authorization and referral it uses."""
        if self.may_require(visit.type_code, visit.provider):
            self._source.record_booking(appointment_source(visit.appointment_id), self.facts(visit))

    def release(self, appointment_id: str) -> None:
        """Stop counting the visit."""
        self._source.release_booking(appointment_source(appointment_id))


def _conflicts(verdict: Verdict, provider: str) -> tuple[Conflict, ...]:
    """A booking conflict for each issue of ``verdict`` (its kind the problem's id)."""
    return tuple(
        Conflict(
            kind=ConflictKind(issue.problem.value.lower()),
            message=issue.message,
            resource=provider,
        )
        for issue in verdict.issues
    )


@final
class _Kind:
    """A kind of visit (an appointment type with a provider) under one requirement book.

    Compared by identity: the key under which a patient's records keep what they prepared for
    it (:attr:`~medoffice.authorizations.PatientRecords.prepared`).
    """

    __slots__ = ("book", "fields", "may")

    def __init__(
        self,
        book: RequirementBook,
        may: bool,  # noqa: FBT001
        fields: tuple[tuple[str, ...], str, bool, str, None, None],
    ) -> None:
        self.book = book
        #: Whether a requirement of the book could concern the visit at all.
        self.may = may
        #: Codes, provider NPI, specialist, place of service, payer id and type (a booking's
        #: payer is the patient's coverage).
        self.fields = fields


_TENTATIVE: Final = datetime(1970, 1, 1, tzinfo=UTC)  # uses counted for a decision, never saved


@final
class _Holding:
    """A source whose records count some visits not yet saved; it records nothing itself."""

    __slots__ = ("_index", "_source")

    def __init__(
        self, check: BookingAuthorizationCheck, source: UsageRecorder, visits: Sequence[Visit]
    ) -> None:
        self._source = source
        book = self._source.requirement_book()
        index = self._source.records()
        for visit in visits:
            if not check.may_require(visit.type_code, visit.provider):
                continue
            facts = check.facts(visit)
            records = index.patient(visit.patient)
            verdict = decide_service(facts, book=book, records=records)
            held = uses_of(verdict, facts, records=records, at=_TENTATIVE)
            index = index.with_uses(visit.patient, held)
        self._index = index

    def __repr__(self) -> str:
        return f"_Holding({self._source!r})"

    def requirement_book(self) -> RequirementBook:
        return self._source.requirement_book()

    def records(self) -> AuthorizationIndex:
        return self._index

    def record_booking(self, source: str, facts: ServiceFacts) -> None:
        self._source.record_booking(source, facts)

    def release_booking(self, source: str) -> None:
        self._source.release_booking(source)

    def record_billed(self, facts: Sequence[ServiceFacts]) -> None:
        self._source.record_billed(facts)
