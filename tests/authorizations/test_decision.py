"""The shared decision: each problem code, in the order the diagnosis finds them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from tests.authorizations._strategies import authorizations

from medoffice.authorizations._decision import (
    Problem,
    ServiceFacts,
    _diagnosed,
    decide_service,
)
from medoffice.authorizations._index import AuthorizationIndex
from medoffice.authorizations._records import Coverage, PriorAuthorization, Referral
from medoffice.authorizations._usage import Use, UseKind
from medoffice.kernel import DateRange, InvalidValue
from medoffice.testing import sample_requirement_book

MARCH = DateRange(date(2026, 3, 1), date(2026, 3, 31))
DAY = date(2026, 3, 10)
AT = datetime(2026, 3, 1, tzinfo=UTC)
BOOK = sample_requirement_book()
COVERAGE = Coverage(patient="p-1", payer_id="ACME1", plan_type="hmo")
AUTH = PriorAuthorization(
    id="PA-1",
    patient="p-1",
    payer_id="ACME1",
    procedures={"97110", "97140"},
    approved=2,
    valid=MARCH,
    status="approved",
    number="A-77",
)
REFERRAL = Referral(
    id="R-1",
    patient="p-1",
    payer_id="ACME1",
    referring="dr-pcp",
    receiving="dr-spec",
    visits=1,
    valid=MARCH,
    status="sent",
    number="R-55",
)


def problems(
    facts: ServiceFacts,
    *,
    auths: tuple[PriorAuthorization, ...] = (AUTH,),
    referrals: tuple[Referral, ...] = (REFERRAL,),
    uses: tuple[Use, ...] = (),
) -> list[str]:
    index = AuthorizationIndex.build(
        coverages=[COVERAGE], authorizations=auths, referrals=referrals, uses=uses
    )
    verdict = decide_service(facts, book=BOOK, records=index.patient(facts.patient))
    return sorted(i.problem.value for i in verdict.issues)


def therapy(**changes: Any) -> ServiceFacts:
    return attrs.evolve(ServiceFacts(patient="p-1", day=DAY, procedures=("97110",)), **changes)


def booked(day: date, source: str, record: str = "PA-1") -> Use:
    return Use(record=record, source=source, kind=UseKind.BOOKED, day=day, quantity=1, at=AT)


class TestNothingRequired:
    def test_a_service_no_requirement_lists_needs_nothing(self) -> None:
        """An office visit with a primary care provider needs no approval."""
        index = AuthorizationIndex.build(coverages=[COVERAGE])
        verdict = decide_service(
            therapy(procedures=("99213",)), book=BOOK, records=index.patient("p-1")
        )
        assert not verdict.required
        assert verdict.ok

    def test_a_patient_without_coverage_on_file_is_not_judged(self) -> None:
        """Without a payer the decision cannot say what is required: nothing is reported."""
        verdict = decide_service(
            therapy(patient="p-9"), book=BOOK, records=AuthorizationIndex.build().patient("p-9")
        )
        assert not verdict.required

    def test_a_requirement_not_yet_in_effect_does_not_apply(self) -> None:
        """Requirements are effective-dated."""
        assert problems(therapy(day=date(2025, 12, 31)), auths=()) == []


class TestAuthorization:
    def test_a_valid_authorization_with_room_is_used(self) -> None:
        """An approved authorization covering the code in date is the one used, with its number."""
        index = AuthorizationIndex.build(coverages=[COVERAGE], authorizations=[AUTH])
        verdict = decide_service(therapy(), book=BOOK, records=index.patient("p-1"))
        assert verdict.ok
        assert (verdict.authorization, verdict.authorization_number) == ("PA-1", "A-77")

    def test_none_on_file_is_missing(self) -> None:
        """AUTH-MISSING when the patient has no authorization at all."""
        assert problems(therapy(), auths=()) == ["AUTH-MISSING"]

    def test_out_of_date_is_expired(self) -> None:
        """AUTH-EXPIRED on a day outside the approved range, or when the record expired."""
        assert problems(therapy(day=date(2026, 4, 1))) == ["AUTH-EXPIRED"]
        assert problems(therapy(), auths=(attrs.evolve(AUTH, status="expired"),)) == [
            "AUTH-EXPIRED"
        ]

    def test_used_up_is_exhausted(self) -> None:
        """AUTH-EXHAUSTED once every approved visit is booked on other days."""
        uses = (booked(date(2026, 3, 2), "a:1"), booked(date(2026, 3, 3), "a:2"))
        assert problems(therapy(), uses=uses) == ["AUTH-EXHAUSTED"]
        assert problems(therapy(source="a:2"), uses=uses) == []

    def test_another_code_is_a_service_mismatch(self) -> None:
        """AUTH-SERVICE-MISMATCH when the authorization in force approves other codes."""
        assert problems(therapy(procedures=("97530",))) == ["AUTH-SERVICE-MISMATCH"]

    def test_another_place_or_provider_is_a_service_mismatch(self) -> None:
        """A restriction to a place of service or a rendering provider is enforced."""
        restricted = attrs.evolve(AUTH, place_of_service="11", rendering="dr-pt")
        assert problems(therapy(place_of_service="22", provider="dr-pt"), auths=(restricted,)) == [
            "AUTH-SERVICE-MISMATCH"
        ]
        assert problems(therapy(place_of_service="11", provider="dr-x"), auths=(restricted,)) == [
            "AUTH-SERVICE-MISMATCH"
        ]
        assert problems(therapy(place_of_service="11", provider="dr-pt"), auths=(restricted,)) == []

    def test_a_pending_request_is_not_approved(self) -> None:
        """AUTH-NOT-APPROVED while the payer has not decided, or denied."""
        for status in ("requested", "pending", "denied"):
            assert problems(therapy(), auths=(attrs.evolve(AUTH, status=status),)) == [
                "AUTH-NOT-APPROVED"
            ]

    def test_another_payers_authorization_does_not_count(self) -> None:
        """An authorization from a former payer is not this payer's."""
        assert problems(therapy(), auths=(attrs.evolve(AUTH, payer_id="OTHER"),)) == [
            "AUTH-MISSING"
        ]

    def test_units_are_counted_for_a_unit_approval(self) -> None:
        """A units approval counts the service's units, a visits approval one per day."""
        units = attrs.evolve(AUTH, unit="units", approved=3)
        assert problems(therapy(units=3), auths=(units,)) == []
        assert problems(therapy(units=4), auths=(units,)) == ["AUTH-EXHAUSTED"]
        assert problems(therapy(units=4)) == []

    def test_the_authorization_ending_first_is_used_first(self) -> None:
        """Of two fitting authorizations, the one that ends sooner is consumed."""
        later = attrs.evolve(AUTH, id="PA-2", valid=DateRange(date(2026, 3, 1), date(2026, 6, 30)))
        index = AuthorizationIndex.build(coverages=[COVERAGE], authorizations=[later, AUTH])
        assert (
            decide_service(therapy(), book=BOOK, records=index.patient("p-1")).authorization
            == "PA-1"
        )

    def test_units_must_be_positive(self) -> None:
        """A service of zero units is not a service."""
        with pytest.raises(InvalidValue):
            therapy(units=0)


class TestReferral:
    def specialist(self, **changes: Any) -> ServiceFacts:
        base = ServiceFacts(
            patient="p-1", day=DAY, procedures=("99203",), provider="dr-spec", specialist=True
        )
        return attrs.evolve(base, **changes)

    def test_an_issued_referral_to_the_provider_is_used(self) -> None:
        """A sent referral to this specialist in date is fine and is the one used."""
        assert problems(self.specialist()) == []

    def test_none_issued_is_missing(self) -> None:
        """REF-MISSING without one, with one only requested, or with one to someone else."""
        assert problems(self.specialist(), referrals=()) == ["REF-MISSING"]
        requested = attrs.evolve(REFERRAL, status="requested")
        assert problems(self.specialist(), referrals=(requested,)) == ["REF-MISSING"]
        assert problems(self.specialist(provider="dr-other")) == ["REF-MISSING"]

    def test_out_of_date_or_closed_is_expired(self) -> None:
        """REF-EXPIRED after the valid days or once the loop is closed."""
        assert problems(self.specialist(day=date(2026, 4, 2))) == ["REF-EXPIRED"]
        closed = attrs.evolve(REFERRAL, status="closed")
        assert problems(self.specialist(), referrals=(closed,)) == ["REF-EXPIRED"]

    def test_every_visit_used_is_exhausted(self) -> None:
        """REF-EXHAUSTED when the referral's visits are booked on other days."""
        uses = (booked(date(2026, 3, 3), "a:1", record="R-1"),)
        assert problems(self.specialist(), uses=uses) == ["REF-EXHAUSTED"]

    def test_a_ppo_needs_no_referral(self) -> None:
        """The referral requirement is for HMO plans only."""
        index = AuthorizationIndex.build(
            coverages=[attrs.evolve(COVERAGE, plan_type="ppo")], referrals=[]
        )
        verdict = decide_service(self.specialist(), book=BOOK, records=index.patient("p-1"))
        assert not verdict.required

    def test_a_therapy_visit_with_a_specialist_needs_both(self) -> None:
        """Both requirements apply at once and each problem is reported."""
        facts = therapy(provider="dr-spec", specialist=True)
        assert problems(facts, auths=(), referrals=()) == ["AUTH-MISSING", "REF-MISSING"]
        assert Problem("AUTH-MISSING") is Problem.AUTH_MISSING


class TestPreparedAnswers:
    def test_a_kept_answer_follows_the_records_it_came_from(self) -> None:
        """An answer kept for one authorization never stands in for another's number or id."""
        renumbered = attrs.evolve(AUTH, number="A-78")
        renamed = attrs.evolve(AUTH, id="PA-9")
        for auth in (AUTH, renumbered, renamed, AUTH):
            index = AuthorizationIndex.build(coverages=[COVERAGE], authorizations=[auth])
            verdict = decide_service(therapy(), book=BOOK, records=index.patient("p-1"))
            assert (verdict.authorization, verdict.authorization_number) == (auth.id, auth.number)
            assert verdict.ok

    def test_only_approved_records_are_prepared_first_to_lapse_first(self) -> None:
        """Each payer's approved authorizations and issued referrals, the sooner ending first."""
        later = attrs.evolve(AUTH, id="PA-2", valid=DateRange(date(2026, 3, 1), date(2026, 6, 30)))
        pending = attrs.evolve(AUTH, id="PA-3", status="pending")
        other = attrs.evolve(AUTH, id="PA-4", payer_id="OTHER")
        closed = attrs.evolve(REFERRAL, id="R-2", status="closed")
        records = AuthorizationIndex.build(
            coverages=[COVERAGE],
            authorizations=[later, pending, AUTH, other],
            referrals=[closed, REFERRAL],
        ).patient("p-1")
        assert [a.id for a in records.approved("ACME1")] == ["PA-1", "PA-2"]
        assert [a.id for a in records.approved("OTHER")] == ["PA-4"]
        assert [r.id for r in records.issued("ACME1")] == ["R-1"]
        assert records.approved("NOBODY") == ()

    def test_counted_usage_keeps_the_prepared_records(self) -> None:
        """Visits held for a series are counted on the same prepared records."""
        index = AuthorizationIndex.build(coverages=[COVERAGE], authorizations=[AUTH])
        held = index.with_uses("p-1", [booked(DAY, "appointment:a-1")])
        assert held.patient("p-1").approved("ACME1") == (AUTH,)
        assert held.patient("p-1").used("PA-1").total == 1
        assert index.patient("p-1").used("PA-1").total == 0


_PLACES = st.sampled_from([None, "11", "22"])
_PROVIDERS = st.sampled_from([None, "dr-pt", "dr-spec"])


@st.composite
def _days(draw: st.DrawFn) -> DateRange:
    first = date(2026, 3, 1) + timedelta(days=draw(st.integers(0, 12)))
    return DateRange(first, first + timedelta(days=draw(st.integers(0, 25))))


_AUTHS = authorizations(_days())
_REFERRALS = st.lists(
    st.builds(
        Referral,
        id=st.sampled_from(["R-1", "R-2"]),
        patient=st.just("p-1"),
        payer_id=st.just("ACME1"),
        referring=st.just("dr-pcp"),
        receiving=st.sampled_from([None, "dr-spec"]),
        visits=st.integers(0, 2),
        valid=_days(),
        status=st.sampled_from(["sent", "seen", "closed"]),
    ),
    min_size=1,
    max_size=2,
    unique_by=lambda r: r.id,
)


class TestTheQuickAnswerAgreesWithTheDiagnosis:
    @settings(max_examples=400, deadline=None)
    @given(
        auths=_AUTHS,
        referrals=_REFERRALS,
        used=st.lists(
            st.tuples(
                st.sampled_from(["PA-1", "PA-2", "PA-3", "R-1", "R-2"]),
                st.integers(1, 31),
                st.sampled_from([UseKind.BOOKED, UseKind.BILLED]),
                st.sampled_from(["appointment:a-1", "claim:C-1:1", "appointment:a-9"]),
            ),
            max_size=6,
        ),
        day=st.integers(1, 31),
        procedure=st.sampled_from(["97110", "99213"]),
        specialist=st.booleans(),
        place=_PLACES,
        provider=_PROVIDERS,
        units=st.integers(1, 3),
        billed=st.booleans(),
        source=st.sampled_from([None, "appointment:a-1", "claim:C-1:1"]),
    )
    @example(  # a referral to the provider, and an authorization restricted to this service
        auths=[attrs.evolve(AUTH, place_of_service="11", rendering="dr-spec")],
        referrals=[REFERRAL],
        used=[("R-1", 3, UseKind.BOOKED, "appointment:a-9")],
        day=10,
        procedure="97110",
        specialist=True,
        place="11",
        provider="dr-spec",
        units=2,
        billed=False,
        source="appointment:a-1",
    )
    def test_nothing_is_missing_exactly_when_the_diagnosis_finds_nothing(
        self,
        auths: list[PriorAuthorization],
        referrals: list[Referral],
        used: list[tuple[str, int, UseKind, str]],
        day: int,
        procedure: str,
        specialist: bool,
        place: str | None,
        provider: str | None,
        units: int,
        billed: bool,
        source: str | None,
    ) -> None:
        """The prepared path uses the record the full diagnosis would pick, or defers to it."""
        uses = [
            Use(record=r, source=s, kind=k, day=date(2026, 3, d), quantity=1, at=AT)
            for r, d, k, s in used
        ]
        records = AuthorizationIndex.build(
            coverages=[COVERAGE], authorizations=auths, referrals=referrals, uses=uses
        ).patient("p-1")
        facts = therapy(
            day=date(2026, 3, day),
            procedures=(procedure,),
            specialist=specialist,
            place_of_service=place,
            provider=provider,
            units=units,
            billed=billed,
            source=source,
        )
        verdict = decide_service(facts, book=BOOK, records=records)
        key = ("ACME1", COVERAGE.payer_type, COVERAGE.plan_type, facts.procedures, specialist)
        match = BOOK.match(key).on(facts.day)
        assert verdict.requirements == match.requirements
        if not match.requirements:
            return
        diagnosis = _diagnosed(facts, match, records, "ACME1")
        assert verdict.issues == diagnosis.issues
        if not diagnosis.issues:
            # Answered by the prepared path, not by the diagnosis: the verdict kept on the match.
            assert any(verdict is kept for kept in match.verdicts.values())
            assert (verdict.authorization, verdict.authorization_number) == (
                diagnosis.authorization,
                diagnosis.authorization_number,
            )
            assert (verdict.referral, verdict.referral_number) == (
                diagnosis.referral,
                diagnosis.referral_number,
            )
