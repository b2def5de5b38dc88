"""The contract suite of :class:`~medoffice.kernel.AuditLog`.

Subclass :class:`AuditLogContract` and supply ``make_log``; the suite checks that events come back
equal and in append order, that filtering by record id keeps that order, that nothing but an
:class:`~medoffice.kernel.AuditEvent` is accepted, and that appending never changes an event
already read::

    class TestMyAuditLog(AuditLogContract):
        def make_log(self) -> AuditLog:
            return MyAuditLog(...)
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medoffice.kernel import AuditEvent, AuditLog, AuditOutcome, InvalidValue, MedofficeError

__all__ = ["AuditLogContract", "sample_event"]

_AT = datetime(2026, 3, 2, 14, tzinfo=UTC)


def sample_event(
    record_id: str, minutes: int = 0, outcome: AuditOutcome = AuditOutcome.SUCCESS
) -> AuditEvent:
    """An audit event about ``record_id`` (no PHI), ``minutes`` after a fixed instant."""
    return AuditEvent(
        at=_AT + timedelta(minutes=minutes),
        actor="user:frontdesk-1",
        action="appointment.book",
        record_type="appointment",
        record_id=record_id,
        outcome=outcome,
        details=(("provider", "dr-0"),),
    )


_events = st.lists(
    st.builds(
        sample_event,
        record_id=st.sampled_from(["a-1", "a-2", "a-3"]),
        minutes=st.integers(-600, 600),
        outcome=st.sampled_from(AuditOutcome),
    ),
    max_size=12,
)


class AuditLogContract:
    """What every audit log must do."""

    def make_log(self) -> AuditLog:
        """Build an empty audit log under test."""
        raise NotImplementedError

    def test_satisfies_the_protocol(self) -> None:
        """The log is recognised as an ``AuditLog``."""
        assert isinstance(self.make_log(), AuditLog)

    def test_starts_empty(self) -> None:
        """A new log holds no events."""
        assert list(self.make_log().events()) == []

    def test_events_come_back_equal_and_in_append_order(self) -> None:
        """Appended events are read back unchanged, oldest append first (not sorted by time)."""
        log = self.make_log()
        written = [
            sample_event("a-1", 30),
            sample_event("a-2", 0),
            sample_event("a-1", 10, AuditOutcome.CONFLICT),
        ]
        for event in written:
            log.append(event)
        assert list(log.events()) == written

    def test_filtering_by_record_keeps_append_order(self) -> None:
        """Events about one record come back in append order, and only those."""
        log = self.make_log()
        for event in (sample_event("a-1", 5), sample_event("a-2"), sample_event("a-1", 1)):
            log.append(event)
        assert [e.at for e in log.events(record_id="a-1")] == [
            _AT + timedelta(minutes=5),
            _AT + timedelta(minutes=1),
        ]
        assert list(log.events(record_id="nobody")) == []

    def test_appending_keeps_what_was_already_read(self) -> None:
        """An event read before a later append is still there, unchanged, after it."""
        log = self.make_log()
        log.append(sample_event("a-1"))
        before = list(log.events())
        log.append(sample_event("a-1", 1, AuditOutcome.ERROR))
        assert list(log.events())[: len(before)] == before

    def test_refuses_anything_but_ansample_event(self) -> None:
        """Appending something that is not an AuditEvent is a medoffice error; nothing is kept."""
        log = self.make_log()
        with pytest.raises(MedofficeError):
            log.append("appointment.book a-1")  # type: ignore[arg-type]
        assert list(log.events()) == []

    def test_instants_come_back_as_utc(self) -> None:
        """An event's instant reads back as the same UTC instant."""
        log = self.make_log()
        log.append(sample_event("a-1"))
        (event,) = log.events()
        assert event.at == _AT
        assert event.at.utcoffset() == timedelta(0)

    def test_behaves_like_a_list(self) -> None:
        """Any sequence of appends reads back as the same list, and per record as its filter."""
        make = self.make_log

        @settings(max_examples=25, deadline=None)
        @given(events=_events)
        def check(events: list[AuditEvent]) -> None:
            log = make()
            for event in events:
                log.append(event)
            assert list(log.events()) == events
            assert list(log.events(record_id="a-2")) == [e for e in events if e.record_id == "a-2"]

        check()

    def test_an_event_with_bad_details_never_reaches_the_log(self) -> None:
        """Details that are not pairs fail when the event is built, before any append."""
        with pytest.raises(InvalidValue):
            AuditEvent(
                at=_AT,
                actor="user:1",
                action="appointment.book",
                record_type="appointment",
                record_id="a-1",
                outcome=AuditOutcome.SUCCESS,
                details=("not a pair",),  # type: ignore[arg-type]
            )
