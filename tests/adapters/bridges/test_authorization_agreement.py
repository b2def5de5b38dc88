"""Booking and billing agree: the same facts give the same authorization and referral problems."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from medoffice.adapters.bridges import (
    BookingAuthorizationCheck,
    ClaimAuthorizationCheck,
    ServiceMap,
)
from medoffice.adapters.memory import InMemoryStore
from medoffice.authorizations import (
    Authorizations,
    Coverage,
    PriorAuthorization,
    Referral,
    Use,
    UseKind,
)
from medoffice.claims import Payer, PayerType, Provider, ServiceLine
from medoffice.kernel import DateRange, Money
from medoffice.scheduling.ports import Visit
from medoffice.testing import FrozenClock, sample_claim, sample_requirement_book

PT_NPI, SPEC_NPI = "1111111112", "1245319599"
SERVICES = ServiceMap(
    visit_types={"PT": ("97110",), "PT2": ("97140",), "SPEC": ("99203",), "FU": ("99213",)},
    npis={"dr-pt": PT_NPI, "dr-spec": SPEC_NPI},
    specialists={"dr-spec"},
)
BOOK = sample_requirement_book(therapy_payer_ids=frozenset({"ACME1"}))
AT = datetime(2026, 3, 1, tzinfo=UTC)
_NUMBER_RULES = frozenset({"AUTH-NUMBER-MISSING", "AUTH-NUMBER-MISMATCH", "REF-NUMBER-MISSING"})


@st.composite
def ranges(draw: st.DrawFn) -> DateRange:
    first = date(2026, 3, 1) + timedelta(days=draw(st.integers(0, 25)))
    return DateRange(first, first + timedelta(days=draw(st.integers(0, 25))))


_AUTHS = st.builds(
    PriorAuthorization,
    id=st.just("PA-1"),
    patient=st.just("p-1"),
    payer_id=st.sampled_from(["ACME1", "OTHER"]),
    procedures=st.sampled_from([{"97110"}, {"97140"}, {"97110", "97140"}]),
    approved=st.integers(0, 3),
    valid=ranges(),
    unit=st.sampled_from(["visits", "units"]),
    place_of_service=st.sampled_from([None, "11", "22"]),
    rendering=st.sampled_from([None, PT_NPI, "1999999984"]),
    status=st.sampled_from(
        ["requested", "pending", "approved", "partially-approved", "denied", "expired"]
    ),
)
_REFERRALS = st.builds(
    Referral,
    id=st.just("R-1"),
    patient=st.just("p-1"),
    payer_id=st.just("ACME1"),
    referring=st.just("1003000126"),
    receiving=st.sampled_from([None, SPEC_NPI, PT_NPI]),
    visits=st.integers(0, 2),
    valid=ranges(),
    status=st.sampled_from(["requested", "sent", "seen", "report-received", "closed"]),
)
_USES = st.lists(
    st.tuples(
        st.sampled_from(["PA-1", "R-1"]),
        st.integers(1, 28),
        st.sampled_from([UseKind.BOOKED, UseKind.BILLED]),
        st.integers(1, 2),
    ),
    max_size=5,
)


class TestBookingAndBillingAgree:
    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        auths=st.lists(_AUTHS, max_size=1),
        referrals=st.lists(_REFERRALS, max_size=1),
        plan=st.sampled_from(["hmo", "ppo"]),
        entries=_USES,
        kind=st.sampled_from(["PT", "PT2", "SPEC", "FU"]),
        provider=st.sampled_from(["dr-pt", "dr-spec"]),
        day=st.integers(0, 40),
    )
    def test_the_same_visit_gets_the_same_problems(
        self,
        auths: list[PriorAuthorization],
        referrals: list[Referral],
        plan: str,
        entries: list[tuple[str, int, UseKind, int]],
        kind: str,
        provider: str,
        day: int,
    ) -> None:
        """What the booking conflicts name, the claim check reports, rule id for rule id."""
        on = date(2026, 3, 1) + timedelta(days=day)
        # The ledger holds other visits: uses on other days than this one.
        uses = [
            Use(record=r, source=f"x:{n}", kind=k, day=date(2026, 3, d), quantity=q, at=AT)
            for n, (r, d, k, q) in enumerate(entries)
            if date(2026, 3, d) != on
        ]
        store = InMemoryStore()
        store.authorizations.save(
            coverages=[Coverage(patient="p-1", payer_id="ACME1", plan_type=plan)],
            authorizations=auths,
            referrals=referrals,
            uses=uses,
            expected_version=0,
        )
        records = Authorizations(store, clock=FrozenClock(AT), requirements=BOOK)

        booking = BookingAuthorizationCheck(records, services=SERVICES).check_visit(
            Visit(appointment_id="b-1", patient="p-1", type_code=kind, provider=provider, day=on)
        )
        line = ServiceLine(
            service_from=on,
            procedure=SERVICES.visit_types[kind][0],
            charge=Money.of("90.00", "USD"),
            pointers=(1,),
        )
        claim = sample_claim(
            patient_control_number="p-1",
            payer=Payer(payer_id="ACME1", type=PayerType.COMMERCIAL),
            rendering=Provider(npi=SERVICES.provider(provider)),
            lines=(line,),
            total_charge=None,
        )
        billing = ClaimAuthorizationCheck(records, services=SERVICES).issues(claim)

        assert {c.kind.value.upper() for c in booking} == {
            i.rule for i in billing if i.rule not in _NUMBER_RULES
        }
