"""Values survive storage exactly: money to the minor unit, instants with their zones, whole
staff records and transfers."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from medoffice.adapters.sqlite import open_database
from medoffice.adapters.sqlite._codec import Codec
from medoffice.budget._transfers import JournalEntry, TransferStatus
from medoffice.credentials import StaffMember
from medoffice.kernel import Currency, DatabaseError, Money, TimeRange
from medoffice.testing._budget_strategies import budget_transfers
from medoffice.testing._credentials_strategies import staff_members
from medoffice.testing._kernel_strategies import aware_datetimes, money, time_ranges

CODEC = Codec()
_FIXTURE = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


class TestExactValues:
    """Money and instants come back equal, and zones come back by name."""

    @settings(max_examples=100)
    @given(amount=money())
    def test_money_round_trips_to_the_minor_unit(self, amount: Money) -> None:
        """Any amount in any currency reads back equal, stored as integer minor units."""
        text = CODEC.dumps(amount)
        assert CODEC.loads(text, Money) == amount
        assert str(amount.minor_units) in text
        assert "." not in text.replace(amount.currency.code, "")

    @settings(max_examples=100)
    @given(span=time_ranges())
    def test_instants_keep_their_instant_and_zone(self, span: TimeRange) -> None:
        """A range of zoned instants reads back equal, each end in its original zone."""
        back = CODEC.loads(CODEC.dumps(span), TimeRange)
        assert back == span
        for original, restored in ((span.start, back.start), (span.end, back.end)):
            if isinstance(original.tzinfo, ZoneInfo):
                assert restored.tzinfo == original.tzinfo
            assert restored.utcoffset() == original.utcoffset()

    @settings(max_examples=100)
    @given(moment=aware_datetimes())
    def test_a_zoned_instant_keeps_its_zone_and_offset(self, moment: datetime) -> None:
        """Any aware instant reads back as the same instant, in its zone; a wall time that never
        existed (inside a spring-forward gap) reads back as the real wall time of that instant."""
        back = CODEC.loads(CODEC.dumps(moment), datetime)
        normalised = moment.astimezone(UTC).astimezone(moment.tzinfo)
        assert back.astimezone(UTC) == moment.astimezone(UTC)
        assert (back.replace(tzinfo=None), back.utcoffset()) == (
            normalised.replace(tzinfo=None),
            normalised.utcoffset(),
        )
        if isinstance(moment.tzinfo, ZoneInfo):
            assert back.tzinfo == moment.tzinfo

    def test_a_fall_back_instant_keeps_its_offset(self) -> None:
        """The second 01:30 of the New York fall-back night reads back as that instant."""
        second = datetime(2026, 11, 1, 1, 30, fold=1, tzinfo=ZoneInfo("America/New_York"))
        back = CODEC.loads(CODEC.dumps(second), datetime)
        assert back.astimezone(UTC) == second.astimezone(UTC)
        assert back.utcoffset() == second.utcoffset()

    @pytest.mark.parametrize("text", ["", "{", '{"currency": "USD", "minor": 1.5}', "[]"])
    def test_damaged_text_is_a_database_error(self, text: str) -> None:
        """Text that does not decode to the value is refused with DatabaseError, not a crash."""
        with pytest.raises(DatabaseError, match="damaged"):
            CODEC.loads(text, Money)


class TestWholeRecordsThroughTheDatabase:
    """Staff records and transfer journal entries come back from the file unchanged."""

    @_FIXTURE
    @given(member=staff_members())
    def test_a_staff_member_round_trips(self, tmp_path: Path, member: StaffMember) -> None:
        """Any staff member, every credential and verification included, reads back equal."""
        path = tmp_path / f"staff-{len(list(tmp_path.iterdir()))}.db"
        with open_database(path) as database:
            database.credentials.save(member, expected_version=0)
            assert database.credentials.get(member.id) == member

    @_FIXTURE
    @given(data=st.data())
    def test_a_transfer_round_trips(self, tmp_path: Path, data: st.DataObject) -> None:
        """Any balanced transfer in the journal reads back equal, amounts exact."""
        transfer = data.draw(budget_transfers(currency=Currency.of("USD"), ident="TR-1"))
        entry = JournalEntry(
            transfer_id=transfer.id,
            status=TransferStatus.PENDING,
            actor=transfer.requester,
            recorded=datetime(2026, 3, 2, 9, tzinfo=ZoneInfo("America/Chicago")),
            transfer=transfer,
        )
        path = tmp_path / f"journal-{len(list(tmp_path.iterdir()))}.db"
        with open_database(path) as database:
            database.transfers.append(entry, expected_length=0)
            assert database.transfers.entries() == (entry,)
