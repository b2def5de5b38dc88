"""A state machine over random encumbrance lifecycles and budget transfers: the invariants hold
and no cent is ever lost."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    invariant,
    precondition,
    rule,
)

from medoffice.budget._budget import Budget
from medoffice.budget._calendar import FiscalCalendar
from medoffice.budget._dimensions import Dimensions
from medoffice.budget._encumbrance import Encumbrance, EncumbranceError
from medoffice.budget._funds import FundsLedger
from medoffice.budget._ledger import Actuals
from medoffice.budget._phasing import Flat
from medoffice.budget._transfers import (
    JournalEntry,
    Transfer,
    budget_as_of,
    decide,
    net_transfers,
    submit,
)
from medoffice.kernel import Money
from medoffice.testing._budget_strategies import budget_transfers

ACCOUNTS = ("6100", "6200", "6300")
START = datetime(2026, 1, 1, tzinfo=UTC)
YEAR_END = date(2026, 12, 31)


def usd_units(units: int) -> Money:
    return Money.from_minor_units(units, "USD")


class BudgetMachine(RuleBasedStateMachine):
    """Encumbrances move through their lives and transfers through approval, at random."""

    encumbrances = Bundle("encumbrances")

    def __init__(self) -> None:
        super().__init__()
        budget = Budget(name="b", fiscal_year=2026, currency="USD", calendar=FiscalCalendar())
        for account in ACCOUNTS:
            budget = budget.with_phased(account, Money.of("120000.00", "USD"), Flat())
        self.budget = budget
        self.journal: list[JournalEntry] = []
        self.live: dict[str, Encumbrance] = {}
        self.clock = START
        self.counter = 0
        # The model: what should be open per encumbrance, in minor units.
        self.model_open: dict[str, int] = {}

    def _tick(self) -> datetime:
        self.clock += timedelta(minutes=1)
        return self.clock

    @rule(
        target=encumbrances,
        account=st.sampled_from(ACCOUNTS),
        units=st.integers(1, 10**7),
    )
    def requisition(self, account: str, units: int) -> str:
        self.counter += 1
        ident = f"E{self.counter}"
        self.live[ident] = Encumbrance.requisition(
            id=ident, account=account, amount=usd_units(units), on=date(2026, 3, 1)
        )
        self.model_open[ident] = units
        return ident

    @rule(ident=encumbrances, units=st.integers(1, 10**7))
    def order(self, ident: str, units: int) -> None:
        try:
            self.live[ident] = self.live[ident].order(usd_units(units), on=date(2026, 3, 2))
        except EncumbranceError:
            return
        self.model_open[ident] = units

    @rule(ident=encumbrances, units=st.integers(0, 10**7))
    def receive(self, ident: str, units: int) -> None:
        try:
            self.live[ident] = self.live[ident].receive(usd_units(units), on=date(2026, 3, 3))
        except EncumbranceError:
            return

    @rule(ident=encumbrances, units=st.integers(0, 10**7))
    def invoice(self, ident: str, units: int) -> None:
        try:
            self.live[ident] = self.live[ident].invoice(usd_units(units), on=date(2026, 3, 4))
        except EncumbranceError:
            return
        self.model_open[ident] -= min(units, self.model_open[ident])

    @rule(ident=encumbrances, units=st.integers(0, 10**7))
    def liquidate(self, ident: str, units: int) -> None:
        try:
            self.live[ident] = self.live[ident].liquidate(usd_units(units), on=date(2026, 3, 5))
        except EncumbranceError:
            return
        self.model_open[ident] -= units

    @rule(ident=consumes(encumbrances), close=st.booleans())
    def finish(self, ident: str, close: bool) -> None:
        current = self.live[ident]
        try:
            self.live[ident] = current.close(on=YEAR_END) if close else current.cancel(on=YEAR_END)
        except EncumbranceError:
            return
        self.model_open[ident] = 0

    @rule(data=st.data())
    def submit_transfer(self, data: st.DataObject) -> None:
        transfer: Transfer = data.draw(
            budget_transfers(currency=self.budget.currency, accounts=ACCOUNTS)
        )
        step = submit(transfer, recorded=self._tick(), journal=self.journal)
        if isinstance(step, JournalEntry):
            self.journal.append(step)

    @precondition(lambda self: any(e.transfer for e in self.journal))
    @rule(data=st.data(), approve=st.booleans())
    def decide_transfer(self, data: st.DataObject, approve: bool) -> None:
        ident = data.draw(st.sampled_from([e.transfer_id for e in self.journal if e.transfer]))
        step = decide(self.journal, ident, approve=approve, actor="carol", recorded=self._tick())
        if isinstance(step, JournalEntry):
            self.journal.append(step)

    @invariant()
    def encumbrances_match_the_model(self) -> None:
        for ident, e in self.live.items():
            assert e.open.minor_units == self.model_open[ident]
            assert e.liquidated + e.released + e.open == e.committed
            assert e.received <= e.committed

    @invariant()
    def transfers_never_create_or_destroy_money(self) -> None:
        moved = net_transfers(self.journal, effective=YEAR_END)
        assert sum(moved.values()) == 0
        after = budget_as_of(self.budget, self.journal, effective=YEAR_END)
        assert after.total() == self.budget.total()

    @invariant()
    def funds_available_is_budget_plus_transfers_less_actuals_and_commitments(self) -> None:
        moved = net_transfers(self.journal, effective=YEAR_END)
        invoiced: dict[tuple[str, Dimensions, int], int] = {}
        for e in self.live.values():  # each invoice is an actual in March
            key = (e.account, e.dimensions, 3)
            invoiced[key] = invoiced.get(key, 0) + e.invoiced.minor_units
        actuals = Actuals(fiscal_year=2026, currency=self.budget.currency, units=invoiced)
        ledger = FundsLedger(
            budget=self.budget,
            actuals=actuals,
            encumbrances=tuple(self.live.values()),
            transfers=moved,
        )
        total_available = sum(ledger.available(a).minor_units for a in ACCOUNTS)
        open_units = sum(self.model_open.values())
        spent = sum(invoiced.values())
        # Every cent of the budget is available, spent or committed: none is lost.
        assert total_available + spent + open_units == self.budget.total().minor_units


TestBudgetMachine = BudgetMachine.TestCase
TestBudgetMachine.settings = settings(max_examples=60, stateful_step_count=25, deadline=None)
