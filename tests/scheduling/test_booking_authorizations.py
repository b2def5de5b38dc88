"""Booking consults the payer's authorization and referral rules, under the practice's policy."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from medoffice.adapters.bridges import BookingAuthorizationCheck, ServiceMap
from medoffice.adapters.memory import InMemoryStore
from medoffice.authorizations import (
    Authorizations,
    Coverage,
    PriorAuthorization,
    Referral,
)
from medoffice.claims._catalogue import rule_by_id
from medoffice.kernel import DateRange, TimeRange
from medoffice.scheduling import (
    AppointmentType,
    Booked,
    BookingPolicy,
    BookingRequest,
    CancelReason,
    ConflictAction,
    ConflictKind,
    Patient,
    PracticeSetup,
    Rejected,
    Rescheduled,
    Schedule,
    Scheduling,
    WeeklyTemplate,
    Window,
)
from medoffice.scheduling._alloc_model import AllocationRequest
from medoffice.scheduling._booking import decide_booking, visit_of
from medoffice.scheduling._conflicts import Conflict
from medoffice.scheduling._series import Frequency, Recurrence, SeriesMode, SeriesRequest
from medoffice.scheduling._snapshot import ScheduleSnapshot
from medoffice.scheduling._waitlist import WaitlistEntry
from medoffice.scheduling.ports import Visit, VisitAuthorizations, new_visit
from medoffice.testing import FrozenClock, sample_requirement_book

MONDAY = date(2026, 3, 2)
NOW = datetime(2026, 3, 1, tzinfo=UTC)
MARCH = DateRange(date(2026, 3, 1), date(2026, 3, 31))
SINCE = DateRange.starting(date(2026, 1, 1))
WEEK = WeeklyTemplate(
    effective=SINCE, windows=[Window(weekday=d, start=time(8), end=time(18)) for d in range(5)]
)
SETUP = PracticeSetup(
    schedules=[Schedule(resource=p, zone="UTC", templates=[WEEK]) for p in ("dr-pt", "dr-spec")],
    appointment_types=[
        AppointmentType(code="PT", duration_minutes=30),
        AppointmentType(code="SPEC", duration_minutes=30),
        AppointmentType(code="FU", duration_minutes=30),
    ],
    practice_zone="UTC",
)
SERVICES = ServiceMap(
    visit_types={"PT": ("97110",), "SPEC": ("99203",), "FU": ("99213",)},
    npis={"dr-pt": "1111111112", "dr-spec": "1245319599"},
    specialists={"dr-spec"},
)
BOOK = sample_requirement_book(therapy_payer_ids=frozenset({"ACME1"}))
AUTH = PriorAuthorization(
    id="PA-1",
    patient="p-1",
    payer_id="ACME1",
    procedures={"97110"},
    approved=2,
    valid=MARCH,
    status="approved",
    number="A-1",
)
REFERRAL = Referral(
    id="R-1",
    patient="p-1",
    payer_id="ACME1",
    referring="1003000126",
    receiving="1245319599",
    visits=1,
    valid=MARCH,
    status="sent",
    number="R-1",
)


def office(
    policy: BookingPolicy | None = None, *, referral: bool = False
) -> tuple[Scheduling, Authorizations]:
    """The appointment book and the records of a practice with PA-1 approved for p-1."""
    scheduling, records, _ = office_and_store(policy, referral=referral)
    return scheduling, records


def office_and_store(
    policy: BookingPolicy | None = None, *, referral: bool = False
) -> tuple[Scheduling, Authorizations, InMemoryStore]:
    store = InMemoryStore()
    clock = FrozenClock(NOW)
    records = Authorizations(store, clock=clock, requirements=BOOK)
    records.add_coverage(Coverage(patient="p-1", payer_id="ACME1", plan_type="hmo"))
    records.record_authorization(AUTH)
    if referral:
        records.record_referral(REFERRAL)
    scheduling = Scheduling(
        store,
        setup=SETUP,
        clock=clock,
        policy=policy or BookingPolicy(),
        authorizations=BookingAuthorizationCheck(records, services=SERVICES),
    )
    return scheduling, records, store


def visit(
    ident: str, day: int, *, kind: str = "PT", reason: str | None = None, hour: int = 9
) -> BookingRequest:
    provider = "dr-spec" if kind == "SPEC" else "dr-pt"
    return BookingRequest(
        appointment_id=ident,
        type_code=kind,
        provider=provider,
        start=datetime.combine(MONDAY + timedelta(days=day), time(hour), UTC),
        patient=Patient(ref="p-1"),
        reason=reason,
    )


def used(records: Authorizations, record: str = "PA-1") -> int:
    return records.refresh().patient("p-1").used(record).total


class TestBookingConsumesAnAuthorization:
    def test_each_booking_uses_a_visit_until_none_is_left(self) -> None:
        """Two approved visits: two bookings pass, the third is refused as exhausted."""
        scheduling, records = office()
        assert isinstance(scheduling.book(visit("a-1", 0)), Booked)
        assert isinstance(scheduling.book(visit("a-2", 1)), Booked)
        third = scheduling.book(visit("a-3", 2))
        assert isinstance(third, Rejected)
        assert third.kinds == {ConflictKind.AUTH_EXHAUSTED}
        assert used(records) == 2

    def test_a_cancelled_visit_gives_its_visit_back(self) -> None:
        """Cancelling releases the visit; the next booking gets it."""
        scheduling, records = office()
        scheduling.book(visit("a-1", 0))
        scheduling.book(visit("a-2", 1))
        scheduling.cancel("a-1", reason=CancelReason.PATIENT)
        assert used(records) == 1
        assert isinstance(scheduling.book(visit("a-3", 2)), Booked)

    def test_a_missed_visit_gives_its_visit_back(self) -> None:
        """A no-show does not use an authorized visit."""
        scheduling, records = office()
        scheduling.book(visit("a-1", 0))
        scheduling.mark("a-1", "noshow")  # type: ignore[arg-type]
        assert used(records) == 0

    def test_a_moved_visit_is_counted_once(self) -> None:
        """Rescheduling releases the old visit and counts the new one."""
        scheduling, records = office()
        scheduling.book(visit("a-1", 0))
        moved = scheduling.reschedule("a-1", visit("a-2", 3))
        assert isinstance(moved, Rescheduled)
        assert used(records) == 1
        assert records.refresh().patient("p-1").used("PA-1").days() == {date(2026, 3, 5): 1}

    def test_a_visit_needing_nothing_is_not_counted(self) -> None:
        """A primary care follow-up needs no approval and uses nothing."""
        scheduling, records = office()
        assert isinstance(scheduling.book(visit("a-1", 0, kind="FU")), Booked)
        assert used(records) == 0

    def test_out_of_the_approved_dates_is_expired(self) -> None:
        """A visit in April is outside the authorization: AUTH-EXPIRED."""
        scheduling, _ = office()
        found = scheduling.book(visit("a-1", 31))
        assert isinstance(found, Rejected)
        assert found.kinds == {ConflictKind.AUTH_EXPIRED}
        assert found.conflicts[0].rule.value == "SCH-AUTH-EXPIRED"


def therapy_series(count: int) -> SeriesRequest:
    """``count`` weekly therapy visits on Mondays at 10:00 from 2 March 2026."""
    return SeriesRequest(
        series_id="s-pt",
        type_code="PT",
        provider="dr-pt",
        patient=Patient(ref="p-1"),
        first=datetime(2026, 3, 2, 10),  # noqa: DTZ001 - a series starts at a wall-clock time
        recurrence=Recurrence(frequency=Frequency.WEEKLY, count=count),
    )


class TestASeriesConsumesTheAuthorization:
    def test_a_series_longer_than_the_approval_is_refused_whole(self) -> None:
        """All or nothing: four weekly visits on an approval of two book none and use none."""
        scheduling, records = office()
        decision = scheduling.book_series(therapy_series(4))
        assert decision.booked == ()
        kinds = [{c.kind for c in r.conflicts} for r in decision.rejected]
        assert kinds == [{ConflictKind.AUTH_EXHAUSTED}, {ConflictKind.AUTH_EXHAUSTED}]
        assert used(records) == 0

    def test_the_feasible_part_is_booked_and_counted(self) -> None:
        """Feasible mode books the two approved visits, counts them, and refuses the rest."""
        scheduling, records = office()
        decision = scheduling.book_series(therapy_series(4), mode=SeriesMode.FEASIBLE)
        assert [a.id for a in decision.booked] == ["s-pt-1", "s-pt-2"]
        assert len(decision.rejected) == 2
        assert used(records) == 2
        assert isinstance(scheduling.book(visit("a-9", 1)), Rejected)

    def test_a_series_within_the_approval_books_whole(self) -> None:
        """Two visits on an approval of two: both booked, both counted."""
        scheduling, records = office()
        assert len(scheduling.book_series(therapy_series(2)).booked) == 2
        assert used(records) == 2


class TestABatchConsumesTheAuthorization:
    def test_a_batch_books_what_is_approved_and_counts_it(self) -> None:
        """Three therapy visits on an approval of two: the batch books two, counts them, and
        refuses the third as exhausted (each placement checked with the earlier ones counted)."""
        scheduling, records = office()
        requests = [
            AllocationRequest(
                id=f"b-{n}",
                type_code="PT",
                patient=Patient(ref="p-1"),
                windows=[TimeRange(at(n, 9), at(n, 12))],
                providers={"dr-pt"},
            )
            for n in range(3)
        ]
        result = scheduling.allocate(requests)
        assert len(result.booked) == 2
        [refused] = [d for d in result.decisions if isinstance(d, Rejected)]
        assert refused.kinds == {ConflictKind.AUTH_EXHAUSTED}
        assert used(records) == 2


def at(day: int, hour: int) -> datetime:
    """``hour`` o'clock UTC, ``day`` days after Monday 2 March 2026."""
    return datetime.combine(MONDAY + timedelta(days=day), time(hour), UTC)


class TestTheWaitlistBooksThroughThePort:
    def offer(self, scheduling: Scheduling, day: int) -> str:
        start = datetime.combine(MONDAY + timedelta(days=day), time(9), UTC)
        (offer,) = scheduling.offer_from_waitlist(
            TimeRange(start, start + timedelta(minutes=30)), ["dr-pt"]
        )
        return offer.id

    def test_an_accepted_offer_is_checked_and_counted(self) -> None:
        """Accepting an offer books through the port: counted, and refused once exhausted."""
        scheduling, records, store = office_and_store()
        entries = [
            WaitlistEntry(
                id=f"w-{n}",
                patient=Patient(ref="p-1"),
                type_code="PT",
                requested_periods=[TimeRange(NOW, NOW + timedelta(days=30))],
                created=NOW,
            )
            for n in range(3)
        ]
        store.waitlist.save(entries=entries, expected_version=0)
        for n in range(2):
            accepted = scheduling.accept_offer(self.offer(scheduling, n), appointment_id=f"w-a{n}")
            assert isinstance(accepted, Booked)
        assert used(records) == 2
        refused = scheduling.accept_offer(self.offer(scheduling, 2), appointment_id="w-a2")
        assert isinstance(refused, Rejected)
        assert refused.kinds == {ConflictKind.AUTH_EXHAUSTED}


class TestThePolicyDecides:
    def test_a_warning_books_and_says_why(self) -> None:
        """Under WARN the over-use is booked, counted, and the booking carries the warning."""
        policy = BookingPolicy(actions={ConflictKind.AUTH_EXHAUSTED: ConflictAction.WARN})
        scheduling, records = office(policy)
        scheduling.book(visit("a-1", 0))
        scheduling.book(visit("a-2", 1))
        third = scheduling.book(visit("a-3", 2))
        assert isinstance(third, Booked)
        assert [w.kind for w in third.warnings] == [ConflictKind.AUTH_EXHAUSTED]
        assert used(records) == 3

    def test_allowed_with_a_reason_keeps_the_reason(self) -> None:
        """ALLOW_WITH_REASON needs a reason, and the appointment keeps it."""
        policy = BookingPolicy(
            actions={ConflictKind.AUTH_EXHAUSTED: ConflictAction.ALLOW_WITH_REASON}
        )
        scheduling, _ = office(policy)
        scheduling.book(visit("a-1", 0))
        scheduling.book(visit("a-2", 1))
        assert isinstance(scheduling.book(visit("a-3", 2)), Rejected)
        allowed = scheduling.book(visit("a-4", 2, reason="extension requested, ref 77"))
        assert isinstance(allowed, Booked)
        assert [c.kind for c in allowed.allowed] == [ConflictKind.AUTH_EXHAUSTED]
        assert allowed.appointment.reasons == ("extension requested, ref 77",)


class TestReferrals:
    def test_a_specialist_visit_without_a_referral_is_refused(self) -> None:
        """The HMO requires a referral for the specialist: REF-MISSING."""
        scheduling, _ = office()
        found = scheduling.book(visit("s-1", 0, kind="SPEC"))
        assert isinstance(found, Rejected)
        assert found.kinds == {ConflictKind.REF_MISSING}

    def test_the_referral_is_used_by_the_booking(self) -> None:
        """With a one-visit referral the first visit books and the second is exhausted."""
        scheduling, records = office(referral=True)
        assert isinstance(scheduling.book(visit("s-1", 0, kind="SPEC")), Booked)
        assert used(records, "R-1") == 1
        second = scheduling.book(visit("s-2", 1, kind="SPEC"))
        assert isinstance(second, Rejected)
        assert second.kinds == {ConflictKind.REF_EXHAUSTED}

    def test_the_bridge_is_the_scheduling_port(self) -> None:
        """BookingAuthorizationCheck satisfies VisitAuthorizations."""
        _, records = office()
        assert isinstance(
            BookingAuthorizationCheck(records, services=SERVICES), VisitAuthorizations
        )


class TestTheVisitOfABooking:
    def test_the_quick_visit_is_the_visit(self) -> None:
        """The booking's positional builder makes the same value as the keyword constructor."""
        day = date(2026, 3, 2)
        quick = new_visit("a-1", "p-1", "PT", "dr-pt", day)
        made = Visit(appointment_id="a-1", patient="p-1", type_code="PT", provider="dr-pt", day=day)
        assert quick == made
        assert hash(quick) == hash(made)
        assert repr(quick) == repr(made)
        assert attrs.evolve(quick, day=date(2026, 3, 3)) != made
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            quick.day = day  # type: ignore[misc]

    def test_the_builder_sets_every_field_and_the_fields_check_nothing(self) -> None:
        """A field added to Visit, or a converter or validator, must be added to the builder."""
        fields = attrs.fields(Visit)
        assert [f.name for f in fields] == [
            "appointment_id",
            "patient",
            "type_code",
            "provider",
            "day",
        ]
        assert all(f.converter is None and f.validator is None for f in fields)

    def test_its_day_is_the_practice_day_across_daylight_saving(self) -> None:
        """The port sees the practice's day of a late visit, before and after the change."""
        setup = attrs.evolve(SETUP, practice_zone="America/New_York")
        snapshot = ScheduleSnapshot(setup=setup, appointments=[])
        for instant, day in (
            (datetime(2026, 3, 7, 4, 30, tzinfo=UTC), date(2026, 3, 6)),  # 23:30 EST
            (datetime(2026, 3, 9, 3, 30, tzinfo=UTC), date(2026, 3, 8)),  # 23:30 EDT
            (datetime(2026, 3, 9, 4, 30, tzinfo=UTC), date(2026, 3, 9)),  # 00:30 EDT
        ):
            request = BookingRequest(
                appointment_id="a-1",
                type_code="PT",
                provider="dr-pt",
                start=instant,
                patient=Patient(ref="p-1"),
            )
            seen = _Seen()
            decide_booking(snapshot, request, BookingPolicy(), NOW, authorizations=seen)
            assert seen.visits == [visit_of(request, "America/New_York")]
            assert seen.visits[0].day == day


class _Seen:
    """A port that needs nothing and remembers the visits it was asked about."""

    def __init__(self) -> None:
        self.visits: list[Visit] = []

    def may_require(self, type_code: str, provider: str) -> bool:
        return True

    def check_visit(self, visit: Visit) -> tuple[Conflict, ...]:
        self.visits.append(visit)
        return ()

    def check_request(self, request: BookingRequest, practice_zone: str) -> tuple[Conflict, ...]:
        return self.check_visit(visit_of(request, practice_zone))

    def holding(self, visits: Sequence[Visit]) -> _Seen:
        return self

    def consume(self, visit: Visit) -> None:
        pass

    def release(self, appointment_id: str) -> None:
        pass


_ACTIONS = st.sampled_from(
    [ConflictAction.BLOCK, ConflictAction.WARN, ConflictAction.ALLOW_WITH_REASON]
)
_STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("book"), st.integers(0, 20), st.booleans()),
        st.tuples(st.just("cancel"), st.integers(0, 10), st.just(False)),
    ),
    min_size=1,
    max_size=10,
)


class TestUsageNeverExceedsTheApprovalUnlessAllowed:
    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(_ACTIONS, _STEPS)
    def test_usage_beyond_the_approval_is_always_explained(
        self, action: ConflictAction, steps: list[tuple[str, int, bool]]
    ) -> None:
        """Used visits never pass the approval by more than the bookings that said why."""
        policy = BookingPolicy(actions={ConflictKind.AUTH_EXHAUSTED: action})
        scheduling, records = office(policy)
        live: dict[str, bool] = {}  # appointment id -> its booking was flagged exhausted
        for n, (what, value, with_reason) in enumerate(steps):
            if what == "book":
                ident = f"a-{n}"
                decision = scheduling.book(
                    visit(ident, value, reason="payer called" if with_reason else None, hour=8 + n)
                )
                # A refused booking (for any reason) uses nothing: it is not in ``live``.
                if isinstance(decision, Booked):
                    said = {c.kind for c in (*decision.warnings, *decision.allowed)}
                    live[ident] = ConflictKind.AUTH_EXHAUSTED in said
            elif live:
                ident = sorted(live)[value % len(live)]
                scheduling.cancel(ident, reason=CancelReason.PATIENT)
                del live[ident]
            flagged = sum(live.values())
            assert used(records) <= AUTH.approved + flagged
            if action is ConflictAction.BLOCK:
                assert used(records) <= AUTH.approved

    def test_a_refused_booking_uses_nothing(self) -> None:
        """A booking refused for another reason (a double booking) consumes no visit."""
        scheduling, records = office()
        scheduling.book(visit("a-1", 0))
        assert isinstance(scheduling.book(visit("a-2", 0)), Rejected)
        assert used(records) == 1


@pytest.mark.parametrize("kind", [k for k in ConflictKind if k.value.startswith(("auth", "ref"))])
def test_every_authorization_conflict_kind_names_a_claim_rule(kind: ConflictKind) -> None:
    """The conflict kind's id, in capitals, is the claim rule id of the same problem."""
    assert rule_by_id(kind.value.upper()).id == kind.value.upper()
