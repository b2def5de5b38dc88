"""Usage counted from bookings and claim lines: a booked visit later billed counts once."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medoffice.authorizations._usage import Usage, Use, UseKind, usage_by_record
from medoffice.kernel import InvalidValue

AT = datetime(2026, 3, 1, tzinfo=UTC)
D1, D2 = date(2026, 3, 2), date(2026, 3, 9)


def use(source: str, kind: UseKind, day: date, quantity: int = 1, record: str = "PA-1") -> Use:
    return Use(record=record, source=source, kind=kind, day=day, quantity=quantity, at=AT)


class TestCounting:
    def test_a_booked_visit_billed_later_counts_once(self) -> None:
        """Booking then billing the same day uses one visit, not two."""
        usage = Usage.of([use("a:1", UseKind.BOOKED, D1), use("c:1", UseKind.BILLED, D1)])
        assert usage.total == 1
        assert usage.on(D1) == 1

    def test_a_cancelled_booking_is_released(self) -> None:
        """A released booking no longer counts; a release of a billed line changes nothing."""
        usage = Usage.of(
            [
                use("a:1", UseKind.BOOKED, D1),
                use("a:1", UseKind.RELEASED, D1),
                use("c:1", UseKind.BILLED, D2),
                use("c:1", UseKind.RELEASED, D2),
            ]
        )
        assert usage.total == 1
        assert usage.days() == {D2: 1}

    def test_billed_units_beyond_the_booking_count(self) -> None:
        """Four units billed on a day booked for one count four."""
        usage = Usage.of([use("a:1", UseKind.BOOKED, D1), use("c:1", UseKind.BILLED, D1, 4)])
        assert usage.total == 4

    def test_a_source_already_counted_is_not_counted_against_itself(self) -> None:
        """Checking a recorded claim line again projects the same total, not one more."""
        usage = Usage.of([use("c:1", UseKind.BILLED, D1), use("a:2", UseKind.BOOKED, D2)])
        assert usage.after(D1, 1, booked=False, source="c:1") == 2
        assert usage.after(D2, 1, booked=True, source="a:2") == 2
        assert usage.after(D2, 1, booked=True, source="c:1") == 2
        assert usage.after(D2, 1, booked=True) == 3

    def test_future_bookings_are_counted(self) -> None:
        """booked_after counts the booked visits after a day."""
        usage = Usage.of([use("a:1", UseKind.BOOKED, D1), use("a:2", UseKind.BOOKED, D2)])
        assert usage.booked_after(D1) == 1

    def test_the_ledger_is_grouped_by_record(self) -> None:
        """usage_by_record gives each record its own summary."""
        found = usage_by_record(
            [use("a:1", UseKind.BOOKED, D1), use("a:1", UseKind.BOOKED, D1, record="R-1")]
        )
        assert {k: v.total for k, v in found.items()} == {"PA-1": 1, "R-1": 1}

    def test_impossible_uses_are_refused(self) -> None:
        """Negative quantities and empty sources are not uses."""
        with pytest.raises(InvalidValue):
            use("a:1", UseKind.BOOKED, D1, -1)
        with pytest.raises(InvalidValue):
            use("", UseKind.BOOKED, D1)


_KINDS = st.sampled_from([UseKind.BOOKED, UseKind.BILLED, UseKind.RELEASED])
_USES = st.lists(
    st.tuples(
        st.sampled_from(["a:1", "a:2", "c:1", "c:2"]),
        _KINDS,
        st.sampled_from([D1, D2]),
        st.integers(0, 3),
    ),
    max_size=12,
)


class TestProjection:
    @given(_USES, st.sampled_from([D1, D2]), st.integers(1, 3), st.booleans())
    def test_after_equals_the_total_with_the_use_added(
        self, entries: list[tuple[str, UseKind, date, int]], day: date, qty: int, booked: bool
    ) -> None:
        """after() is exactly the total of the ledger with one more use appended."""
        uses = [use(s, k, d, q) for s, k, d, q in entries]
        kind = UseKind.BOOKED if booked else UseKind.BILLED
        expected = Usage.of([*uses, use("new", kind, day, qty)]).total
        assert Usage.of(uses).after(day, qty, booked=booked) == expected

    @given(_USES, st.sampled_from(["a:1", "c:1"]), st.sampled_from([D1, D2]), st.integers(1, 3))
    def test_after_with_a_source_replaces_that_source(
        self, entries: list[tuple[str, UseKind, date, int]], source: str, day: date, qty: int
    ) -> None:
        """after(source=...) is the total with that source's use replaced by the new one."""
        uses = [use(s, k, d, q) for s, k, d, q in entries]
        booked = source.startswith("a")
        kind = UseKind.BOOKED if booked else UseKind.BILLED
        kept = [u for u in uses if u.source != source]
        expected = Usage.of([*kept, use(source, kind, day, qty)]).total
        assert Usage.of(uses).after(day, qty, booked=booked, source=source) == expected
