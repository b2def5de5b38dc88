"""Contract suites for the revenue ports; every adapter's tests subclass them.

::

    from medoffice.testing import ReceivablesRepositoryContract


    class TestMyReceivables(ReceivablesRepositoryContract):
        def make_receivables(self) -> ReceivablesRepository:
            return MyReceivables()

:class:`RevenueUnitOfWorkContract` checks a store's units of work over the receivables: commit,
rollback on an exception, a rolled-back posting never seen, a stale posting undoing the unit.
"""

from __future__ import annotations

from datetime import date

import pytest

from medoffice.kernel import ConcurrencyConflict, InvalidArgument, Money
from medoffice.revenue._denials import Denial, DenialCategory, NextAction
from medoffice.revenue._ledger import LedgerEntry
from medoffice.revenue._model import BilledClaim, BilledLine
from medoffice.revenue._posting import Posting, WorkItem, WorkReason
from medoffice.revenue.ports import ReceivablesRepository, RevenueStore, RevenueUnitOfWork
from medoffice.testing._unit_of_work_contracts import _VersionedUnitOfWorkContract

__all__ = ["ReceivablesRepositoryContract", "RevenueUnitOfWorkContract", "sample_posting"]

_DAY = date(2026, 3, 20)


def _billed(number: str) -> BilledClaim:
    return BilledClaim(
        control_number=number,
        payer_id="PAYER-A",
        patient="p-1",
        billed_on=date(2026, 3, 3),
        lines=(
            BilledLine(
                number=1,
                procedure="99214",
                modifiers=("25",),
                charge=Money.of("185.00", "USD"),
                service_date=date(2026, 3, 2),
                units=2,  # type: ignore[arg-type]
            ),
        ),
        payer_type="medicare",
    )


def sample_posting(key: str, *, claim: str = "A1", on: date = _DAY) -> Posting:
    """A posting of every kind of record: entries, a denial and a work item."""
    entries = (
        LedgerEntry(on, claim, 1, "payment", -10000, "USD", "PAYER-A", "", key, "PCN-1"),
        LedgerEntry(on, claim, 1, "transfer", 4800, "USD", "patient", "PR-2", key, "PCN-1"),
        LedgerEntry(on, "", 0, "provider", -125, "USD", "PAYER-A", "L6", key, ""),
    )
    denial = Denial(
        source=key,
        claim=claim,
        line=1,
        on=on,
        group="CO",
        reason="50",
        remarks=("N115",),
        cents=3700,
        currency="USD",
        category=DenialCategory.MEDICAL_NECESSITY,
        action=NextAction.APPEAL,
        appeal_by=date(2026, 7, 18),
        claims_rule=None,
        payer="PAYER-A",
    )
    work = WorkItem(
        source=key,
        claim="ZZ",
        line=2,
        reason=WorkReason.LINE_NOT_MATCHED,
        cents=-50,
        currency="USD",
        segment=41,
    )
    return Posting(key=key, entries=entries, denials=(denial,), work=(work,))


class ReceivablesRepositoryContract:
    """What every receivables repository must do."""

    def make_receivables(self) -> ReceivablesRepository:
        """Build an empty repository under test."""
        raise NotImplementedError

    def test_it_satisfies_the_protocol(self) -> None:
        """The repository is a ``ReceivablesRepository``."""
        assert isinstance(self.make_receivables(), ReceivablesRepository)

    def test_billed_claims_come_back_whole(self) -> None:
        """A billed claim reads back equal, by control number, and in order in ``all_billed``."""
        receivables = self.make_receivables()
        receivables.add_billed([_billed("B2"), _billed("A1")])
        assert receivables.billed(["A1", "NOPE"]) == {"A1": _billed("A1")}
        assert [c.control_number for c in receivables.all_billed()] == ["A1", "B2"]

    def test_a_control_number_billed_twice_is_refused_and_nothing_stored(self) -> None:
        """Billing A1 again (with C3 beside it) stores neither."""
        receivables = self.make_receivables()
        receivables.add_billed([_billed("A1")])
        with pytest.raises(InvalidArgument):
            receivables.add_billed([_billed("C3"), _billed("A1")])
        assert receivables.billed(["C3"]) == {}

    def test_a_posting_reads_back_whole_and_in_order(self) -> None:
        """Entries, denials and work items come back equal, in the order recorded."""
        receivables = self.make_receivables()
        first, second = sample_posting("1P/T1"), sample_posting("1P/T2", claim="B2")
        receivables.record(first, expected_count=0)
        receivables.record(second, expected_count=1)
        assert receivables.count() == 2
        assert receivables.is_posted("1P/T2")
        assert not receivables.is_posted("1P/T3")
        assert receivables.entries() == first.entries + second.entries
        assert receivables.denials() == first.denials + second.denials
        assert receivables.work_queue() == first.work + second.work
        assert receivables.payer_claims(["PCN-1", "PCN-X"]) == {"PCN-1": "A1"}

    def test_denials_are_filtered_by_day(self) -> None:
        """``since`` keeps the denials dated on or after it."""
        receivables = self.make_receivables()
        receivables.record(sample_posting("1P/T1", on=date(2026, 3, 1)), expected_count=0)
        receivables.record(sample_posting("1P/T2", on=date(2026, 4, 1)), expected_count=1)
        assert [d.source for d in receivables.denials(since=date(2026, 3, 2))] == ["1P/T2"]

    def test_a_stale_count_is_a_conflict_and_changes_nothing(self) -> None:
        """A posting decided on a count that moved is refused."""
        receivables = self.make_receivables()
        receivables.record(sample_posting("1P/T1"), expected_count=0)
        with pytest.raises(ConcurrencyConflict):
            receivables.record(sample_posting("1P/T2"), expected_count=0)
        assert receivables.count() == 1
        assert len(receivables.entries()) == 3

    def test_a_key_posted_before_is_a_conflict(self) -> None:
        """The same key is never recorded twice."""
        receivables = self.make_receivables()
        receivables.record(sample_posting("1P/T1"), expected_count=0)
        with pytest.raises(ConcurrencyConflict):
            receivables.record(sample_posting("1P/T1"), expected_count=1)
        assert receivables.count() == 1


class RevenueUnitOfWorkContract(_VersionedUnitOfWorkContract[RevenueUnitOfWork]):
    """What every revenue store and its unit of work must do."""

    def make_store(self) -> RevenueStore:
        """Build an empty store under test."""
        raise NotImplementedError

    def write(self, uow: RevenueUnitOfWork, number: int) -> None:
        receivables = uow.receivables
        receivables.add_billed([_billed(f"W{number}")])
        receivables.record(sample_posting(f"1P/W{number}"), expected_count=receivables.count())

    def state(self, uow: RevenueUnitOfWork) -> object:
        receivables = uow.receivables
        return (
            receivables.count(),
            len(receivables.all_billed()),
            len(receivables.entries()),
            len(receivables.denials()),
        )

    def stale_write(self, uow: RevenueUnitOfWork) -> None:
        uow.receivables.record(sample_posting("1P/STALE"), expected_count=-1)

    def test_the_store_and_its_unit_satisfy_the_protocols(self) -> None:
        """The store is a ``RevenueStore``; its unit a ``RevenueUnitOfWork``."""
        store = self.make_store()
        assert isinstance(store, RevenueStore)
        with store.unit_of_work() as uow:
            assert isinstance(uow, RevenueUnitOfWork)
