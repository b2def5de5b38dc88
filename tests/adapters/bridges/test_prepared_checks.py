"""The bridges' prepared answers: the same as the shared decision, before and after every change.

A booking's ``check_request`` and a claim's ``issues`` answer a kind of service from what the
patient's records prepared for it. These tests hold them to the answer of the shared decision
run on the day itself (``check_visit`` of the visit the request books; the decision on each
claim line), on random records, instants and claims, and between two checks of the same
visit or claim while authorizations, their statuses and the usage change.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import attrs
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from tests.authorizations._strategies import authorizations

from medoffice.adapters.bridges import (
    BookingAuthorizationCheck,
    ClaimAuthorizationCheck,
    ServiceMap,
)
from medoffice.adapters.bridges._authorizations import _numbers, _numbers_agree
from medoffice.adapters.memory import InMemoryStore
from medoffice.authorizations import (
    Authorizations,
    Coverage,
    PriorAuthorization,
    Referral,
    Use,
    UseKind,
)
from medoffice.authorizations._decision import decide_service
from medoffice.authorizations._index import AuthorizationIndex
from medoffice.authorizations._requirements import RequirementBook
from medoffice.claims import Claim, Payer, PayerType, Provider, ServiceLine
from medoffice.claims.ports import AuthorizationIssue
from medoffice.kernel import DateRange, Money
from medoffice.scheduling import BookingRequest, Patient
from medoffice.scheduling._booking import visit_of
from medoffice.scheduling._conflicts import Conflict
from medoffice.testing import FrozenClock, sample_claim, sample_requirement_book

PT_NPI, SPEC_NPI = "1111111112", "1245319599"
SERVICES = ServiceMap(
    visit_types={"PT": ("97110",), "PT2": ("97140",), "SPEC": ("99203",), "FU": ("99213",)},
    npis={"dr-pt": PT_NPI, "dr-spec": SPEC_NPI},
    specialists={"dr-spec"},
    places={"PT2": "22"},
)
BOOK = sample_requirement_book(therapy_payer_ids=frozenset({"ACME1"}))
AT = datetime(2026, 3, 1, tzinfo=UTC)
MARCH_1 = date(2026, 3, 1)
MARCH = DateRange(MARCH_1, date(2026, 3, 31))


def _therapy_authorization(approved: int = 3) -> PriorAuthorization:
    """Patient p-1's approved authorization A-1 of ``approved`` visits of 97110 in March."""
    return PriorAuthorization(
        id="PA-1",
        patient="p-1",
        payer_id="ACME1",
        procedures={"97110"},
        approved=approved,
        valid=MARCH,
        status="approved",
        number="A-1",
    )


# Zones far from UTC either way, and zones whose clocks change in the days tried (New York on
# 2026-03-08; Santiago goes back an hour at midnight on 2026-04-05, repeating a day's last hour).
ZONES = ["UTC", "America/New_York", "America/Santiago", "Pacific/Kiritimati", "Pacific/Pago_Pago"]


@st.composite
def ranges(draw: st.DrawFn) -> DateRange:
    first = MARCH_1 + timedelta(days=draw(st.integers(0, 30)))
    return DateRange(first, first + timedelta(days=draw(st.integers(0, 25))))


AUTHS = authorizations(
    ranges(),
    providers=(None, PT_NPI, SPEC_NPI),
    statuses=("requested", "pending", "approved", "denied", "expired"),
)
REFERRALS = st.lists(
    st.builds(
        Referral,
        id=st.sampled_from(["R-1", "R-2"]),
        patient=st.just("p-1"),
        payer_id=st.just("ACME1"),
        referring=st.just("1003000126"),
        receiving=st.sampled_from([None, SPEC_NPI, PT_NPI]),
        visits=st.integers(0, 2),
        valid=ranges(),
        number=st.sampled_from([None, "R-9"]),
        status=st.sampled_from(["requested", "sent", "seen", "closed"]),
    ),
    max_size=2,
    unique_by=lambda r: r.id,
)
COVERAGES = st.lists(
    st.builds(
        Coverage,
        patient=st.just("p-1"),
        payer_id=st.sampled_from(["ACME1", "OTHER"]),
        plan_type=st.sampled_from(["hmo", "ppo"]),
        valid=st.one_of(st.just(DateRange.starting(date(2026, 1, 1))), ranges()),
    ),
    max_size=2,
    unique_by=lambda c: c.payer_id,
)
USES = st.lists(
    st.tuples(
        st.sampled_from(["PA-1", "PA-2", "PA-3", "R-1", "R-2"]),
        st.integers(0, 45),
        st.sampled_from([UseKind.BOOKED, UseKind.BILLED]),
        st.sampled_from(["appointment:a-1", "appointment:a-2", "claim:p-1:1", "claim:p-1:2"]),
        st.integers(1, 2),
    ),
    max_size=6,
)


def practice(
    coverages: Sequence[Coverage],
    auths: Sequence[PriorAuthorization],
    referrals: Sequence[Referral],
    used: Sequence[tuple[str, int, UseKind, str, int]] = (),
) -> Authorizations:
    store = InMemoryStore()
    store.authorizations.save(
        coverages=coverages,
        authorizations=auths,
        referrals=referrals,
        uses=[
            Use(record=r, source=s, kind=k, day=MARCH_1 + timedelta(days=d), quantity=q, at=AT)
            for r, d, k, s, q in used
        ],
        expected_version=0,
    )
    return Authorizations(store, clock=FrozenClock(AT), requirements=BOOK)


def request(ident: str, kind: str, provider: str, start: datetime) -> BookingRequest:
    return BookingRequest(
        appointment_id=ident,
        type_code=kind,
        provider=provider,
        start=start,
        patient=Patient(ref="p-1"),
    )


def by_the_decision(
    check: BookingAuthorizationCheck, booking: BookingRequest, zone: str
) -> tuple[Conflict, ...]:
    """The answer of the shared decision on the day itself, as the booking used to ask it."""
    if not check.may_require(booking.type_code, booking.provider):
        return ()
    return check.check_visit(visit_of(booking, zone))


def claim_by_the_decision(
    check: ClaimAuthorizationCheck, records: Authorizations, claim: Claim
) -> list[AuthorizationIssue]:
    """Every line's issues from the shared decision on its own facts, line by line."""
    book = records.requirement_book()
    found: list[AuthorizationIssue] = []
    for number, line in enumerate(claim.lines):
        facts = check.facts(claim, number)
        if not (facts.specialist and book.specialist_rules) and not book.concerned[line.procedure]:
            continue
        verdict = decide_service(facts, book=book, records=records.records().patient("p-1"))
        if not verdict.requirements:
            continue
        if not verdict.issues and _numbers_agree(verdict, claim, line):
            continue
        found += [
            AuthorizationIssue(rule=i.problem.value, line=number, message=i.message)
            for i in verdict.issues
        ]
        found += _numbers(verdict, claim, line, number)
    return found


def therapy_claim(lines: Sequence[ServiceLine], number: str | None = "A-1") -> Claim:
    return sample_claim(
        patient_control_number="p-1",
        payer=Payer(payer_id="ACME1", type=PayerType.COMMERCIAL),
        rendering=Provider(npi=PT_NPI),
        prior_authorization=number,
        lines=tuple(lines),
        total_charge=None,
    )


def line(day: date, procedure: str = "97110", units: str = "1", place: str = "11") -> ServiceLine:
    return ServiceLine(
        service_from=day,
        procedure=procedure,
        charge=Money.of("90.00", "USD"),
        units=Decimal(units),
        place_of_service=place,
        pointers=(1,),
    )


class TestTheBookingCheckIsTheDecision:
    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        coverages=COVERAGES,
        auths=AUTHS,
        referrals=REFERRALS,
        used=USES,
        kind=st.sampled_from(["PT", "PT2", "SPEC", "FU"]),
        provider=st.sampled_from(["dr-pt", "dr-spec"]),
        minutes=st.integers(0, 40 * 24 * 4).map(lambda n: n * 15),
        zone=st.sampled_from(ZONES),
        own_zone=st.sampled_from([None, *ZONES]),
    )
    @example(  # an authorization of one day, booked late on that day in New York
        coverages=[Coverage(patient="p-1", payer_id="ACME1")],
        auths=[
            PriorAuthorization(
                id="PA-1",
                patient="p-1",
                payer_id="ACME1",
                procedures={"97110"},
                approved=2,
                valid=DateRange(date(2026, 3, 8), date(2026, 3, 8)),
                status="approved",
            )
        ],
        referrals=[],
        used=[],
        kind="PT",
        provider="dr-pt",
        minutes=(7 * 24 + 27) * 60 + 30,  # 2026-03-09 03:30 UTC, 23:30 on the 8th in New York
        zone="America/New_York",
        own_zone=None,
    )
    def test_a_request_is_answered_as_its_visit_on_the_practice_day(
        self,
        coverages: list[Coverage],
        auths: list[PriorAuthorization],
        referrals: list[Referral],
        used: list[tuple[str, int, UseKind, str, int]],
        kind: str,
        provider: str,
        minutes: int,
        zone: str,
        own_zone: str | None,
    ) -> None:
        """Whatever the records, the zone and the instant, the request gets the visit's answer."""
        records = practice(coverages, auths, referrals, used)
        check = BookingAuthorizationCheck(records, services=SERVICES)
        start = datetime(2026, 3, 2, tzinfo=UTC) + timedelta(minutes=minutes)
        if own_zone is not None:  # the same instant, written in another zone
            start = start.astimezone(ZoneInfo(own_zone))
        booking = request("a-1", kind, provider, start)
        expected = by_the_decision(check, booking, zone)
        assert check.check_request(booking, zone) == expected
        assert check.check_request(booking, zone) == expected  # answered from what was kept


class TestTheClaimCheckIsTheDecision:
    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        coverages=COVERAGES,
        auths=AUTHS,
        referrals=REFERRALS,
        used=USES,
        lines=st.lists(
            st.builds(
                line,
                day=st.integers(0, 45).map(lambda d: MARCH_1 + timedelta(days=d)),
                procedure=st.sampled_from(["97110", "97140", "99213", "83036"]),
                units=st.sampled_from(["1", "2", "0.5", "3"]),
                place=st.sampled_from(["11", "22"]),
            ),
            min_size=1,
            max_size=3,
        ),
        number=st.sampled_from([None, "A-1", "A-2", " A-1 "]),
        rendering=st.sampled_from([PT_NPI, SPEC_NPI]),
        payer=st.sampled_from(["ACME1", "OTHER"]),
        payer_type=st.sampled_from(list(PayerType)),
    )
    def test_a_claim_is_answered_line_by_line_as_the_decision(
        self,
        coverages: list[Coverage],
        auths: list[PriorAuthorization],
        referrals: list[Referral],
        used: list[tuple[str, int, UseKind, str, int]],
        lines: list[ServiceLine],
        number: str | None,
        rendering: str,
        payer: str,
        payer_type: PayerType,
    ) -> None:
        """Whatever the records and the lines, the same issues as the decision on each line."""
        records = practice(coverages, auths, referrals, used)
        check = ClaimAuthorizationCheck(records, services=SERVICES)
        claim = attrs.evolve(
            therapy_claim(lines, number),
            rendering=Provider(npi=rendering),
            payer=Payer(payer_id=payer, type=payer_type),
        )
        expected = claim_by_the_decision(check, records, claim)
        assert list(check.issues(claim)) == expected
        assert list(check.issues(claim)) == expected  # answered from what was kept


def _kinds(conflicts: Sequence[Conflict]) -> list[str]:
    return [c.kind.value for c in conflicts]


class TestEveryChangeIsSeenByTheNextCheck:
    """The same visit and the same claim, checked again after each change to the records."""

    def setup_method(self) -> None:
        self.records = practice(
            [Coverage(patient="p-1", payer_id="ACME1", plan_type="ppo")], [], []
        )
        self.booking = BookingAuthorizationCheck(self.records, services=SERVICES)
        self.billing = ClaimAuthorizationCheck(self.records, services=SERVICES)
        self.visit = request("new", "PT", "dr-pt", datetime(2026, 3, 10, 15, tzinfo=UTC))
        self.claim = therapy_claim([line(date(2026, 3, 10))])

    def answers(self) -> tuple[list[str], list[str]]:
        """The booking's conflict kinds and the claim's rules, each checked against the decision."""
        booked = self.booking.check_request(self.visit, "America/Chicago")
        assert booked == by_the_decision(self.booking, self.visit, "America/Chicago")
        billed = list(self.billing.issues(self.claim))
        assert billed == claim_by_the_decision(self.billing, self.records, self.claim)
        return _kinds(booked), [i.rule for i in billed]

    def test_statuses_approvals_and_date_changes(self) -> None:
        """Requested, pending, denied, approved, expired, extended: each is the next answer."""
        assert self.answers() == (["auth-missing"], ["AUTH-MISSING"])
        auth = attrs.evolve(_therapy_authorization(), status="requested")
        self.records.record_authorization(auth)
        assert self.answers() == (["auth-not-approved"], ["AUTH-NOT-APPROVED"])
        self.records.change_status("PA-1", "denied")
        assert self.answers() == (["auth-not-approved"], ["AUTH-NOT-APPROVED"])
        self.records.change_status("PA-1", "pending")
        self.records.change_status("PA-1", "approved")
        assert self.answers() == ([], [])
        self.records.change_status("PA-1", "expired")
        assert self.answers() == (["auth-expired"], ["AUTH-EXPIRED"])
        # A new authorization that ends before the visit, then extended to cover it.
        short = attrs.evolve(
            auth,
            id="PA-2",
            number="A-1",
            valid=DateRange(MARCH_1, date(2026, 3, 9)),
            status="approved",
            history=(),
        )
        self.records.record_authorization(short)
        assert self.answers() == (["auth-expired"], ["AUTH-EXPIRED"])
        self.records.record_authorization(attrs.evolve(short, valid=MARCH))
        assert self.answers() == ([], [])
        # Narrowed to another place of service: the visit at the office no longer fits.
        self.records.record_authorization(attrs.evolve(short, valid=MARCH, place_of_service="22"))
        assert self.answers() == (["auth-service-mismatch"], ["AUTH-SERVICE-MISMATCH"])

    def test_an_approval_shortened_extended_and_withdrawn(self) -> None:
        """From a visit that fits: each change that takes the fit away is the next answer."""
        auth = _therapy_authorization()
        self.records.record_authorization(auth)
        assert self.answers() == ([], [])
        self.records.record_authorization(attrs.evolve(auth, valid=DateRange(MARCH_1, MARCH_1)))
        assert self.answers() == (["auth-expired"], ["AUTH-EXPIRED"])
        self.records.record_authorization(auth)
        assert self.answers() == ([], [])
        self.records.record_authorization(attrs.evolve(auth, procedures={"97140"}))
        assert self.answers() == (["auth-service-mismatch"], ["AUTH-SERVICE-MISMATCH"])
        self.records.record_authorization(auth)
        assert self.answers() == ([], [])
        self.records.change_status("PA-1", "expired")
        assert self.answers() == (["auth-expired"], ["AUTH-EXPIRED"])

    def test_visits_used_up_and_given_back(self) -> None:
        """Bookings use the visits, a cancellation gives one back, billed units count too."""
        auth = _therapy_authorization(approved=2)
        self.records.record_authorization(auth)
        assert self.answers() == ([], [])
        facts = self.booking.facts(visit_of(self.visit, "America/Chicago"))
        for n, day in ((1, 3), (2, 4)):
            self.records.record_booking(
                f"appointment:b-{n}", attrs.evolve(facts, day=date(2026, 3, day))
            )
        assert self.answers() == (["auth-exhausted"], ["AUTH-EXHAUSTED"])
        self.records.release_booking("appointment:b-1")
        assert self.answers() == ([], [])
        # A visit already booked on the claim's day: billing it is the same visit.
        self.records.record_booking("appointment:b-3", attrs.evolve(facts, day=date(2026, 3, 10)))
        assert self.answers() == (["auth-exhausted"], [])
        # Counted in units: the claim's two units do not fit where one visit did.
        self.records.release_booking("appointment:b-3")
        self.records.record_authorization(attrs.evolve(auth, unit="units", approved=2))
        self.claim = therapy_claim([line(date(2026, 3, 10), units="2")])
        assert self.answers() == ([], ["AUTH-EXHAUSTED"])
        self.records.record_billed([self.billing.facts(therapy_claim([line(date(2026, 3, 5))]), 0)])
        assert self.answers() == (["auth-exhausted"], ["AUTH-EXHAUSTED"])

    def test_a_referral_closed_and_reissued(self) -> None:
        """An HMO specialist visit: the referral's status and visits are read again each time."""
        self.records.add_coverage(Coverage(patient="p-1", payer_id="ACME1", plan_type="hmo"))
        self.visit = request("new", "SPEC", "dr-spec", datetime(2026, 3, 10, 15, tzinfo=UTC))
        self.claim = attrs.evolve(
            therapy_claim([line(date(2026, 3, 10), procedure="99203")], number=None),
            rendering=Provider(npi=SPEC_NPI),
            referral_number="R-9",
        )
        assert self.answers() == (["ref-missing"], ["REF-MISSING"])
        referral = Referral(
            id="R-1",
            patient="p-1",
            payer_id="ACME1",
            referring="1003000126",
            receiving=SPEC_NPI,
            visits=1,
            valid=MARCH,
            status="sent",
            number="R-9",
        )
        self.records.record_referral(referral)
        assert self.answers() == ([], [])
        facts = self.booking.facts(visit_of(self.visit, "America/Chicago"))
        self.records.record_booking("appointment:b-1", attrs.evolve(facts, day=date(2026, 3, 3)))
        assert self.answers() == (["ref-exhausted"], ["REF-EXHAUSTED"])
        self.records.change_status("R-1", "closed")
        assert self.answers() == (["ref-expired"], ["REF-EXPIRED"])


class _Switching:
    """A source whose requirement book can be swapped between two checks."""

    def __init__(self, records: Authorizations) -> None:
        self.inner = records
        self.book = BOOK

    def requirement_book(self) -> RequirementBook:
        return self.book

    def records(self) -> AuthorizationIndex:
        return self.inner.records()


class TestANewRequirementBookIsReadAtOnce:
    def test_the_booking_and_the_claim_follow_the_book_in_force(self) -> None:
        """What was prepared under one book is never the answer under another."""
        auth = _therapy_authorization()
        records = practice([Coverage(patient="p-1", payer_id="ACME1")], [auth], [])
        source = _Switching(records)
        booking = BookingAuthorizationCheck(source, services=SERVICES)  # type: ignore[arg-type]
        billing = ClaimAuthorizationCheck(source, services=SERVICES)
        on = datetime(2026, 3, 10, 15, tzinfo=UTC)
        therapy, other = request("a-1", "PT", "dr-pt", on), request("a-2", "PT2", "dr-pt", on)
        claim = therapy_claim([line(date(2026, 3, 10))], number=None)  # REF*G1 left off
        elsewhere = sample_requirement_book(therapy_payer_ids=frozenset({"OTHER"}))

        def answers() -> tuple[list[str], list[str], list[str]]:
            return (
                _kinds(booking.check_request(therapy, "UTC")),
                _kinds(booking.check_request(other, "UTC")),
                [i.rule for i in billing.issues(claim)],
            )

        source.book = RequirementBook()  # nothing required
        assert answers() == ([], [], [])
        source.book = BOOK
        assert answers() == ([], ["auth-service-mismatch"], ["AUTH-NUMBER-MISSING"])
        source.book = elsewhere  # the same codes concerned, for another payer only
        assert answers() == ([], [], [])
        source.book = BOOK
        assert answers() == ([], ["auth-service-mismatch"], ["AUTH-NUMBER-MISSING"])
