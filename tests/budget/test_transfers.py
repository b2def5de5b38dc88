"""Reallocations: balanced transfers, approval by someone else, bitemporal replay."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medoffice.budget._accounts import Account, AccountType, ChartOfAccounts
from medoffice.budget._budget import Budget
from medoffice.budget._calendar import FiscalCalendar
from medoffice.budget._ledger import aggregate
from medoffice.budget._phasing import Flat
from medoffice.budget._transfers import (
    JournalEntry,
    Transfer,
    TransferLeg,
    TransferStatus,
    budget_as_of,
    decide,
    draft,
    net_transfers,
    pending_transfers,
    submit,
    transfer_states,
)
from medoffice.budget._variance import budget_vs_actual
from medoffice.kernel import Currency, CurrencyMismatch, InvalidValue, Money, Refused
from medoffice.testing._budget_strategies import budget_transfers

USD = Currency.of("USD")
T0 = datetime(2026, 3, 1, 9, tzinfo=UTC)
ACCOUNTS = ("6100", "6200", "6300")
CHART = ChartOfAccounts.of([Account(code=a, name=a, type=AccountType.EXPENSE) for a in ACCOUNTS])
BUDGET = Budget(name="b", fiscal_year=2026, currency="USD", calendar=FiscalCalendar())
for _a in ACCOUNTS:
    BUDGET = BUDGET.with_phased(_a, Money.of("12000", "USD"), Flat())


def usd(text: str) -> Money:
    return Money.of(text, "USD")


def entry(step: JournalEntry | Refused) -> JournalEntry:
    """The entry a journal step made (the test expects it to be allowed)."""
    assert isinstance(step, JournalEntry), step
    return step


def refused(step: JournalEntry | Refused) -> tuple[str, ...]:
    """The rule ids of a step the test expects to be refused."""
    assert isinstance(step, Refused), step
    return tuple(str(rule) for rule in step.rules)


def move(ident: str = "TR-1", amount: str = "250", effective: date = date(2026, 3, 1)) -> Transfer:
    return Transfer(
        id=ident,
        legs=(
            TransferLeg(account="6100", period=3, amount=-usd(amount)),
            TransferLeg(account="6200", period=3, amount=usd(amount)),
        ),
        requester="ana",
        reason="supplies to IT",
        effective=effective,
    )


class TestTransferShape:
    def test_an_unbalanced_transfer_cannot_exist(self) -> None:
        """Out 250, in 200 is refused."""
        with pytest.raises(InvalidValue):
            Transfer(
                id="X",
                legs=(
                    TransferLeg(account="6100", period=1, amount=usd("-250")),
                    TransferLeg(account="6200", period=1, amount=usd("200")),
                ),
                requester="ana",
                reason="r",
                effective=date(2026, 1, 1),
            )

    def test_a_single_or_zero_leg_is_refused(self) -> None:
        """A transfer moves a non-zero amount between at least two cells."""
        with pytest.raises(InvalidValue):
            Transfer(
                id="X",
                legs=(TransferLeg(account="6100", period=1, amount=usd("0")),) * 2,
                requester="a",
                reason="r",
                effective=date(2026, 1, 1),
            )

    def test_currencies_balance_separately(self) -> None:
        """Each currency's legs must sum to zero on their own."""
        with pytest.raises(InvalidValue):
            Transfer(
                id="X",
                legs=(
                    TransferLeg(account="6100", period=1, amount=usd("-1")),
                    TransferLeg(account="6200", period=1, amount=Money.of("1", "CAD")),
                ),
                requester="a",
                reason="r",
                effective=date(2026, 1, 1),
            )


class TestApprovalFlow:
    def test_pending_then_approved_by_another(self) -> None:
        """Submitted by Ana, approved by Ben: the state records Ben and the time."""
        journal = [entry(submit(move(), recorded=T0))]
        journal.append(
            entry(
                decide(journal, "TR-1", approve=True, actor="ben", recorded=T0 + timedelta(hours=1))
            )
        )
        state = transfer_states(journal)["TR-1"]
        assert (state.status, state.approver) == (TransferStatus.APPROVED, "ben")

    def test_pending_transfers_wait_for_a_decision(self) -> None:
        """Two submitted, one decided: one is still pending."""
        journal = [entry(submit(move("A"), recorded=T0)), entry(submit(move("B"), recorded=T0))]
        journal.append(entry(decide(journal, "A", approve=False, actor="ben", recorded=T0)))
        assert list(pending_transfers(journal)) == ["B"]

    def test_the_requester_cannot_approve(self) -> None:
        """Segregation of duties: Ana cannot approve her own transfer (BUD-TRANSFER-004)."""
        journal = [entry(submit(move(), recorded=T0))]
        step = decide(journal, "TR-1", approve=True, actor="ana", recorded=T0)
        assert refused(step) == ("BUD-TRANSFER-004",)

    def test_only_pending_transfers_are_decided(self) -> None:
        """Drafts, decided transfers and unknown ids cannot be decided; nor resubmitted."""
        journal = [draft(move(), recorded=T0)]
        step = decide(journal, "TR-1", approve=True, actor="ben", recorded=T0)
        assert refused(step) == ("BUD-TRANSFER-003",)
        journal.append(entry(submit(move(), recorded=T0, journal=journal)))
        journal.append(entry(decide(journal, "TR-1", approve=False, actor="ben", recorded=T0)))
        step = decide(journal, "TR-1", approve=True, actor="ben", recorded=T0)
        assert refused(step) == ("BUD-TRANSFER-003",)
        step = decide(journal, "nope", approve=True, actor="ben", recorded=T0)
        assert refused(step) == ("BUD-TRANSFER-002",)
        assert refused(submit(move(), recorded=T0, journal=journal)) == ("BUD-TRANSFER-001",)

    def test_rejected_transfers_move_nothing(self) -> None:
        """A rejected transfer leaves the budget as it was."""
        journal = [entry(submit(move(), recorded=T0))]
        journal.append(entry(decide(journal, "TR-1", approve=False, actor="ben", recorded=T0)))
        assert net_transfers(journal, effective=date(2026, 12, 31)) == {}

    def test_naive_recorded_times_are_refused(self) -> None:
        """The knowledge time is an aware instant."""
        with pytest.raises(InvalidValue):
            submit(move(), recorded=datetime(2026, 3, 1))  # noqa: DTZ001

    def test_a_transfer_in_another_currency_cannot_touch_the_budget(self) -> None:
        """A CAD transfer replayed against a USD budget raises CurrencyMismatch."""
        cad = Transfer(
            id="C",
            legs=(
                TransferLeg(account="6100", period=1, amount=Money.of("-1", "CAD")),
                TransferLeg(account="6200", period=1, amount=Money.of("1", "CAD")),
            ),
            requester="a",
            reason="r",
            effective=date(2026, 1, 1),
        )
        with pytest.raises(CurrencyMismatch):
            budget_as_of(BUDGET, [entry(submit(cad, recorded=T0))], effective=date(2026, 12, 31))


class TestBitemporalReplay:
    def test_effective_date_and_knowledge_time_both_matter(self) -> None:
        """A back-dated approval shows only for knowledge times after it was recorded."""
        journal = [entry(submit(move(effective=date(2026, 3, 1)), recorded=T0))]
        approved_at = T0 + timedelta(days=40)
        journal.append(
            entry(decide(journal, "TR-1", approve=True, actor="ben", recorded=approved_at))
        )
        march = date(2026, 3, 31)
        before = budget_as_of(
            BUDGET, journal, effective=march, known=approved_at - timedelta(seconds=1)
        )
        after = budget_as_of(BUDGET, journal, effective=march, known=approved_at)
        assert before.amount("6100", 3) == usd("1000")
        assert after.amount("6100", 3) == usd("750")
        assert after.amount("6200", 3) == usd("1250")
        feb = budget_as_of(BUDGET, journal, effective=date(2026, 2, 28), known=approved_at)
        assert feb.amount("6100", 3) == usd("1000")

    @given(st.data(), st.lists(st.booleans(), min_size=1, max_size=8))
    def test_replay_at_any_knowledge_time_reproduces_the_report_then(
        self, data: st.DataObject, approvals: list[bool]
    ) -> None:
        """Snapshot the report after every journal step; replaying at that instant gives it back."""
        actuals = aggregate((), BUDGET.calendar, 2026, "USD")
        journal: list[JournalEntry] = []
        snapshots: list[tuple[datetime, dict[str, str]]] = []
        now = T0
        effective = date(2026, 12, 31)

        def report_now(known: datetime) -> dict[str, str]:
            budget = budget_as_of(BUDGET, journal, effective=effective, known=known)
            rows = budget_vs_actual(budget, actuals, CHART).rows()
            return {f"{r.account}/{r.period}": str(r.variance) for r in rows}

        for i, approve in enumerate(approvals):
            transfer = data.draw(budget_transfers(currency=USD, accounts=ACCOUNTS, ident=f"T{i}"))
            now += timedelta(minutes=data.draw(st.integers(1, 600)))
            journal.append(entry(submit(transfer, recorded=now)))
            snapshots.append((now, report_now(now)))
            now += timedelta(minutes=data.draw(st.integers(1, 600)))
            journal.append(
                entry(decide(journal, f"T{i}", approve=approve, actor="zed", recorded=now))
            )
            snapshots.append((now, report_now(now)))
        for known, expected in snapshots:
            assert report_now(known) == expected
