"""Prepared answers: what a patient's records prepare for a kind of service is decide()'s answer."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import example, given, settings
from hypothesis import strategies as st
from tests.authorizations._strategies import authorizations

from medoffice.authorizations._decision import NOT_REQUIRED, Verdict, decide
from medoffice.authorizations._index import AuthorizationIndex, PatientRecords
from medoffice.authorizations._prepared import UNSETTLED, prepared
from medoffice.authorizations._records import Coverage, PriorAuthorization, Referral
from medoffice.authorizations._requirements import Requirement, RequirementBook
from medoffice.authorizations._usage import Use, UseKind
from medoffice.kernel import DateRange
from medoffice.testing import sample_requirement_book

AT = datetime(2026, 3, 1, tzinfo=UTC)
MARCH_1 = date(2026, 3, 1)
BOOK = sample_requirement_book()
# Requirements that start and end within the days tried: the answer changes with the day.
DATED = RequirementBook(
    [
        Requirement(
            id="DATED-PA",
            kind="prior-authorization",
            procedures={"97110-97546"},
            effective=DateRange(date(2026, 3, 8), date(2026, 3, 25)),
            source="test",
        ),
        Requirement(
            id="DATED-REF",
            kind="referral",
            plan_types={"hmo"},
            specialists=True,
            effective=DateRange(date(2026, 3, 12), date(2026, 4, 20)),
            source="test",
        ),
    ]
)
PROVIDERS = st.sampled_from([None, "dr-pt", "dr-spec"])
PLACES = st.sampled_from([None, "11", "22"])


@st.composite
def days(draw: st.DrawFn) -> DateRange:
    first = MARCH_1 + timedelta(days=draw(st.integers(0, 30)))
    return DateRange(first, first + timedelta(days=draw(st.integers(0, 25))))


COVERAGES = st.lists(
    st.builds(
        Coverage,
        patient=st.just("p-1"),
        payer_id=st.sampled_from(["ACME1", "OTHER"]),
        plan_type=st.sampled_from(["hmo", "ppo"]),
        valid=st.one_of(st.just(DateRange.starting(date(2026, 1, 1))), days()),
        primary=st.booleans(),
    ),
    max_size=2,
    unique_by=lambda c: c.payer_id,
)
AUTHS = authorizations(days())
REFERRALS = st.lists(
    st.builds(
        Referral,
        id=st.sampled_from(["R-1", "R-2"]),
        patient=st.just("p-1"),
        payer_id=st.sampled_from(["ACME1", "OTHER"]),
        referring=st.just("dr-pcp"),
        receiving=st.sampled_from([None, "dr-spec"]),
        visits=st.integers(0, 2),
        valid=days(),
        number=st.sampled_from([None, "R-9"]),
        status=st.sampled_from(["sent", "seen", "closed"]),
    ),
    max_size=2,
    unique_by=lambda r: r.id,
)
USES = st.lists(
    st.tuples(
        st.sampled_from(["PA-1", "PA-2", "PA-3", "R-1", "R-2"]),
        st.integers(0, 45),
        st.sampled_from([UseKind.BOOKED, UseKind.BILLED, UseKind.RELEASED]),
        st.sampled_from(["appointment:a-1", "claim:C-1:1", "appointment:a-9"]),
        st.integers(1, 3),
    ),
    max_size=8,
)


def _records(
    coverages: list[Coverage],
    auths: list[PriorAuthorization],
    referrals: list[Referral],
    used: list[tuple[str, int, UseKind, str, int]],
) -> PatientRecords:
    uses = [
        Use(record=r, source=s, kind=k, day=MARCH_1 + timedelta(days=d), quantity=q, at=AT)
        for r, d, k, s, q in used
    ]
    return AuthorizationIndex.build(
        coverages=coverages, authorizations=auths, referrals=referrals, uses=uses
    ).patient("p-1")


class TestPreparedAnswersAreDecisions:
    @settings(max_examples=500, deadline=None)
    @given(
        book=st.sampled_from([BOOK, DATED]),
        coverages=COVERAGES,
        auths=AUTHS,
        referrals=REFERRALS,
        used=USES,
        procedure=st.sampled_from(["97110", "97140", "99213"]),
        provider=PROVIDERS,
        specialist=st.booleans(),
        place=PLACES,
        payer=st.sampled_from([(None, None), ("ACME1", "commercial"), ("OTHER", "medicaid")]),
        day=st.integers(-3, 50),
        width=st.integers(0, 4),
        units=st.integers(1, 3),
        billed=st.booleans(),
        source=st.sampled_from([None, "appointment:a-1", "claim:C-1:1", "appointment:new"]),
    )
    @example(  # the first to lapse lapses on the day asked: it is still the one used
        book=BOOK,
        coverages=[Coverage(patient="p-1", payer_id="ACME1")],
        auths=[
            PriorAuthorization(
                id=f"PA-{n}",
                patient="p-1",
                payer_id="ACME1",
                procedures={"97110"},
                approved=3,
                valid=DateRange(MARCH_1, MARCH_1 + timedelta(days=last)),
                status="approved",
            )
            for n, last in ((1, 9), (2, 30))
        ],
        referrals=[],
        used=[("PA-1", 2, UseKind.BOOKED, "appointment:a-9", 1)],
        procedure="97110",
        provider="dr-pt",
        specialist=False,
        place="11",
        payer=(None, None),
        day=9,
        width=0,
        units=1,
        billed=False,
        source="appointment:new",
    )
    def test_an_answer_is_the_decision_on_every_day_it_covers(
        self,
        book: RequirementBook,
        coverages: list[Coverage],
        auths: list[PriorAuthorization],
        referrals: list[Referral],
        used: list[tuple[str, int, UseKind, str, int]],
        procedure: str,
        provider: str | None,
        specialist: bool,
        place: str | None,
        payer: tuple[str | None, str | None],
        day: int,
        width: int,
        units: int,
        billed: bool,
        source: str | None,
    ) -> None:
        """Whatever the usage, the source or the span of days, a prepared answer is decide()'s."""
        records = _records(coverages, auths, referrals, used)
        payer_id, payer_type = payer
        fields = ((procedure,), provider, specialist, place, payer_id, payer_type)
        plan = prepared(book, records, fields, *fields)
        low = (MARCH_1 + timedelta(days=day)).toordinal()

        def decided(on: int, units: int) -> Verdict:
            return decide(
                book,
                records,
                "p-1",
                date.fromordinal(on),
                (procedure,),
                provider,
                specialist,
                place,
                source,
                units,
                payer_id,
                payer_type,
                billed,
            )

        answer = plan.answer(low, low + width, units)
        if answer is not None:
            for on in range(low, low + width + 1):
                assert decided(on, units) == answer
        # The spans of one visit or unit: each day of each span is decided the same.
        for first, last, verdict, carried in plan.one:
            for on in range(max(first, low - 10), min(last, low + 10) + 1):
                assert decided(on, 1) == verdict
            # What a claim line must carry to have no issue: one number, or more to look at.
            assert not verdict.issues
            if not verdict.requirements:
                assert carried is None
            elif verdict.referral_number is not None:
                assert carried is UNSETTLED
            else:
                assert carried == verdict.authorization_number
        # The first span, in slots of its own (an empty range when there is none).
        first_span = plan.one[0] if plan.one else (1, 0, NOT_REQUIRED, UNSETTLED)
        assert (plan.one_first, plan.one_last, plan.one_verdict, plan.one_carried) == first_span
        # And kept: asking again gives the same preparation.
        assert prepared(book, records, fields, *fields) is plan

    def test_a_service_no_requirement_lists_is_prepared_as_not_required(self) -> None:
        """A code no requirement concerns is answered whatever the day or the records."""
        records = _records([], [], [], [])
        plan = prepared(BOOK, records, "fu", ("99213",), "dr-pt", False, "11", None, None)
        assert plan.answer(1, date.max.toordinal(), 3) is NOT_REQUIRED

    def test_several_coverages_always_go_to_the_decision(self) -> None:
        """Which coverage is in force depends on the day: nothing is prepared for it."""
        both = [
            Coverage(patient="p-1", payer_id="ACME1", plan_type="hmo"),
            Coverage(patient="p-1", payer_id="OTHER", plan_type="ppo", primary=False),
        ]
        records = _records(both, [], [], [])
        plan = prepared(BOOK, records, "pt", ("97110",), "dr-pt", False, "11", None, None)
        on = date(2026, 3, 2).toordinal()
        assert plan.answer(on, on, 1) is None
        assert plan.one == ()

    def test_another_book_prepares_again(self) -> None:
        """A preparation names the requirement book it was made under."""
        records = _records([Coverage(patient="p-1", payer_id="ACME1")], [], [], [])
        fields = (("97110",), "dr-pt", False, "11", None, None)
        first = prepared(BOOK, records, "pt", *fields)
        again = prepared(DATED, records, "pt", *fields)
        assert again is not first
        assert again.book is DATED
        assert prepared(DATED, records, "pt", *fields) is again

    def test_counted_usage_prepares_again(self) -> None:
        """Records with another usage (a series held together) keep nothing prepared."""
        auth = PriorAuthorization(
            id="PA-1",
            patient="p-1",
            payer_id="ACME1",
            procedures={"97110"},
            approved=1,
            valid=DateRange(date(2026, 3, 1), date(2026, 3, 31)),
            status="approved",
        )
        index = AuthorizationIndex.build(
            coverages=[Coverage(patient="p-1", payer_id="ACME1")], authorizations=[auth]
        )
        fields = (("97110",), "dr-pt", False, "11", None, None)
        on = date(2026, 3, 10).toordinal()
        before = prepared(BOOK, index.patient("p-1"), "pt", *fields)
        assert before.answer(on, on, 1) is not None
        held = Use(
            record="PA-1",
            source="appointment:a-1",
            kind=UseKind.BOOKED,
            day=date(2026, 3, 3),
            quantity=1,
            at=AT,
        )
        after = index.with_uses("p-1", [held]).patient("p-1")
        assert after.prepared == {}
        # Used up: the prepared path defers, and the decision says it is exhausted.
        assert prepared(BOOK, after, "pt", *fields).answer(on, on, 1) is None
