"""Ports of the revenue domain: what the pure core and its service need from outside.

:class:`ReceivablesRepository` keeps the claims billed, the ledger entries, denials and work
items of every posting, each posting under its key (a remittance's ``originator/trace``, or
``bill:...`` for charges), so a key is never posted twice; :class:`RevenueStore` opens a
:class:`RevenueUnitOfWork` over it. :class:`KpiDefinitions` computes the KPIs (the bridge in
``adapters.bridges`` answers it with the budget module's definitions); the same bridges turn a
submitted ``medoffice.claims.Claim`` into the :class:`~medoffice.revenue.model.BilledClaim`
facts posting needs.

Adapters: ``adapters.memory`` and ``adapters.sqlite`` implement the repository and pass the
contract suite ``medoffice.testing.ReceivablesContract``.

More information: the ports-and-adapters pattern, Cockburn (https://alistair.cockburn.us/hexagonal-architecture/).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from medoffice.kernel import Money, UnitOfWork

if TYPE_CHECKING:
    from medoffice.revenue._denials import Denial
    from medoffice.revenue._ledger import LedgerEntry
    from medoffice.revenue._model import BilledClaim
    from medoffice.revenue._posting import Posting, WorkItem

__all__ = [
    "KpiDefinitions",
    "KpiValue",
    "ReceivablesRepository",
    "RevenueStore",
    "RevenueUnitOfWork",
]


@runtime_checkable
class ReceivablesRepository(Protocol):
    """Claims billed and the postings against them: append-only, one posting per key."""

    def add_billed(self, claims: Iterable[BilledClaim]) -> None:
        """Remember claims as billed; a control number already billed is refused
        (:class:`~medoffice.kernel.InvalidArgument`) and nothing is stored then."""
        ...

    def billed(self, control_numbers: Iterable[str]) -> dict[str, BilledClaim]:
        """The billed claims among ``control_numbers``, by control number."""
        ...

    def all_billed(self) -> tuple[BilledClaim, ...]:
        """Every billed claim, ordered by control number."""
        ...

    def payer_claims(self, numbers: Iterable[str]) -> dict[str, str]:
        """The control numbers of the payer claim numbers ``numbers`` posted before."""
        ...

    def is_posted(self, key: str) -> bool:
        """Whether a posting with this key was recorded."""
        ...

    def count(self) -> int:
        """How many postings were recorded."""
        ...

    def record(self, posting: Posting, *, expected_count: int) -> None:
        """Record ``posting`` if ``expected_count`` postings are recorded and its key is new.

        Raises :class:`~medoffice.kernel.ConcurrencyConflict` otherwise; nothing is changed then.
        """
        ...

    def entries(self) -> tuple[LedgerEntry, ...]:
        """Every ledger entry, in the order recorded."""
        ...

    def denials(self, *, since: date | None = None) -> tuple[Denial, ...]:
        """The denials recorded, dated on or after ``since``, in the order recorded."""
        ...

    def work_queue(self) -> tuple[WorkItem, ...]:
        """The work items recorded, in the order recorded."""
        ...


@runtime_checkable
class RevenueUnitOfWork(UnitOfWork, Protocol):
    """One transaction over the receivables."""

    @property
    def receivables(self) -> ReceivablesRepository:
        """The receivables, inside this unit."""
        ...


@runtime_checkable
class RevenueStore(Protocol):
    """Where the receivables are kept: it opens units of work."""

    def unit_of_work(self) -> RevenueUnitOfWork:
        """A new unit of work, to be used as ``with store.unit_of_work() as uow:``."""
        ...


@runtime_checkable
class KpiValue(Protocol):
    """One computed KPI, as the definitions answer it."""

    @property
    def name(self) -> str:
        """The KPI's name."""
        ...

    @property
    def value(self) -> Decimal:
        """Its display value."""
        ...

    def to_dict(self) -> dict[str, str]:
        """A JSON-ready mapping."""
        ...


@runtime_checkable
class KpiDefinitions(Protocol):
    """The KPI definitions the revenue facts are measured with."""

    def days_in_ar(
        self, *, receivables: Money, charges: Money, days: int, credit_balance: Money
    ) -> KpiValue:
        """(Receivables - credit balance) / (charges / days)."""
        ...

    def net_collection_rate(
        self, *, payments: Money, charges: Money, contractual_adjustments: Money, refunds: Money
    ) -> KpiValue:
        """(Payments - refunds) / (charges - contractual adjustments)."""
        ...

    def denial_rate_by_count(self, *, denied: int, submitted: int) -> KpiValue:
        """Claims denied / claims submitted."""
        ...

    def denial_rate_by_amount(self, *, denied: Money, submitted: Money) -> KpiValue:
        """Amount denied / amount submitted."""
        ...

    def first_pass_resolution_rate(
        self, *, resolved_on_first_submission: int, adjudicated: int
    ) -> KpiValue:
        """Claims resolved on first submission / claims adjudicated."""
        ...

    def ar_over(self, aging: Mapping[int, Money], *, days: int) -> KpiValue:
        """Share of A/R older than ``days``."""
        ...
