"""The revenue service: bill claims, post remittances, age the receivables, list the denials.

:class:`Revenue` holds what the revenue cycle's use cases share: the store (a
:class:`~medoffice.revenue.ports.RevenueStore`), the clock, the audit log and each payer's
appeal window. Each use case reads the clock once, opens a unit of work, loads through the
:class:`~medoffice.revenue.ports.ReceivablesRepository`, calls the pure core, records the
result under its key with compare-and-set, and appends one audit event; a concurrent posting
makes it decide again on fresh data. Posting the same remittance twice (same trace) records
nothing the second time and answers a duplicate :class:`~medoffice.revenue.posting.Posting`.

>>> from datetime import UTC, date, datetime
>>> from medoffice.testing import FrozenClock, InMemoryStore, synthetic_billed_claims
>>> from medoffice.testing import synthetic_remittance
>>> revenue = Revenue(InMemoryStore(), clock=FrozenClock(datetime(2026, 4, 1, tzinfo=UTC)))
>>> claims = list(synthetic_billed_claims(5, seed=1))
>>> revenue.bill(claims, actor="user:biller")
5
>>> era = synthetic_remittance(claims, seed=1)
>>> (
...     revenue.post(era, actor="user:biller").duplicate,
...     revenue.post(era, actor="user:biller").duplicate,
... )
(False, True)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from typing import Literal, final

from medoffice.kernel import AuditLog, Clock, InvalidArgument, Money, audited, check_attempts
from medoffice.revenue._aging import Aging, AgingBasis, age, open_items
from medoffice.revenue._denials import Denial
from medoffice.revenue._kpis import ArFacts, ar_facts, revenue_kpis
from medoffice.revenue._ledger import PATIENT, ArLedger, EntryKind, LedgerEntry
from medoffice.revenue._model import BilledClaim, Remittance
from medoffice.revenue._posting import Posting, WorkItem, charge_entries, post_remittance
from medoffice.revenue.ports import KpiDefinitions, KpiValue, RevenueStore

__all__ = ["Revenue"]


@final
class Revenue:
    """The use cases of a practice's revenue cycle, over a store of receivables.

    ``appeal_days`` maps a payer id to its appeal window in days (from the payer profile);
    ``basis`` is what aging counts from; with an ``audit`` log every use case appends one
    event; ``attempts`` bounds the retries after a concurrent save.
    """

    __slots__ = ("_appeal_days", "_attempts", "_audit", "_basis", "_clock", "_store")

    def __init__(
        self,
        store: RevenueStore,
        *,
        clock: Clock,
        appeal_days: Mapping[str, int] | None = None,
        basis: AgingBasis = AgingBasis.SERVICE,
        audit: AuditLog | None = None,
        attempts: int = 5,
    ) -> None:
        self._store = store
        self._clock = clock
        self._appeal_days = dict(appeal_days or {})
        self._basis = AgingBasis(basis)
        self._audit = audit
        self._attempts = check_attempts(attempts)

    def __repr__(self) -> str:
        return f"Revenue({self._store!r}, attempts={self._attempts})"

    def bill(self, claims: Iterable[BilledClaim], *, actor: str = "system") -> int:
        """Put claims on the ledger as billed (their charges, owed by their payers).

        Claims already billed are left as they are; answers how many were new. One
        ``claims.bill`` event records the outcome.
        """
        now = self._clock.now()
        given = list(claims)

        def attempt() -> int:
            with self._store.unit_of_work() as uow:
                repository = uow.receivables
                known = repository.billed(c.control_number for c in given)
                new = [c for c in given if c.control_number not in known]
                repository.add_billed(new)
                count = repository.count()
                for number, claim in enumerate(new, start=count):
                    posting = Posting(
                        key=f"bill:{claim.control_number}", entries=charge_entries(claim)
                    )
                    repository.record(posting, expected_count=number)
                return len(new)

        return audited(
            self._audit,
            attempt,
            attempts=self._attempts,
            at=now,
            actor=actor,
            action="claims.bill",
            record_type="claims",
            record_id=f"{len(given)} claims",
        )

    def post(self, remittance: Remittance, *, actor: str = "system") -> Posting:
        """Post one remittance; a trace posted before posts nothing (``duplicate`` is true).

        One ``remittance.post`` event records the outcome, with the counts of entries,
        denials and work items.
        """
        now = self._clock.now()

        def attempt() -> Posting:
            with self._store.unit_of_work() as uow:
                repository = uow.receivables
                if repository.is_posted(remittance.key):
                    return Posting(key=remittance.key, duplicate=True)
                count = repository.count()
                numbers = {c.control_number for c in remittance.claims}
                payer_claims = repository.payer_claims(
                    c.payer_claim_number for c in remittance.claims if c.payer_claim_number
                )
                billed = repository.billed(numbers | set(payer_claims.values()))
                posting = post_remittance(
                    remittance,
                    billed=billed,
                    posted=(),
                    payer_claims=payer_claims,
                    on=now.date(),
                    appeal_days=self._appeal_days,
                )
                repository.record(posting, expected_count=count)
                return posting

        return self._audited(attempt, now, actor, "remittance.post", "remittance", remittance.key)

    def record_patient_payment(
        self, claim: str, line: int, amount: Money, *, reference: str, actor: str = "system"
    ) -> Posting:
        """Record a patient's payment on one claim line (``reference``: the receipt number).

        A receipt recorded before is not recorded again. More than the patient owes leaves a
        credit balance.
        """
        now = self._clock.now()
        if not amount.is_positive():
            raise InvalidArgument("a patient payment is a positive amount")
        key = f"patient:{reference}"

        def attempt() -> Posting:
            with self._store.unit_of_work() as uow:
                repository = uow.receivables
                if repository.is_posted(key):
                    return Posting(key=key, duplicate=True)
                entry = LedgerEntry(
                    now.date(),
                    claim,
                    line,
                    EntryKind.PATIENT_PAYMENT.value,
                    -amount.minor_units,
                    amount.currency.code,
                    PATIENT,
                    "",
                    key,
                    "",
                )
                posting = Posting(key=key, entries=(entry,))
                repository.record(posting, expected_count=repository.count())
                return posting

        return self._audited(attempt, now, actor, "payment.record", "claim", claim)

    def _audited(  # noqa: PLR0917 - the audit event's facts, in the order it lists them
        self,
        attempt: Callable[[], Posting],
        now: datetime,
        actor: str,
        action: str,
        record_type: str,
        record_id: str,
    ) -> Posting:
        """Run a posting use case with one audit event; a duplicate posting is ``rejected``."""
        return audited(
            self._audit,
            attempt,
            attempts=self._attempts,
            at=now,
            actor=actor,
            action=action,
            record_type=record_type,
            record_id=record_id,
            rejected=lambda posting: posting.duplicate,
        )

    # -- questions (no clock, no audit: they change nothing) ---------------------------------

    def ledger(self, *, as_of: date | None = None) -> ArLedger:
        """The A/R ledger, as it stood at the end of ``as_of`` when given."""
        with self._store.unit_of_work() as uow:
            ledger = ArLedger(uow.receivables.entries())
        return ledger if as_of is None else ledger.as_of(as_of)

    def _book(self) -> tuple[ArLedger, tuple[Denial, ...], dict[str, BilledClaim]]:
        """The ledger, the denials and the claims billed, read in one unit of work."""
        with self._store.unit_of_work() as uow:
            repository = uow.receivables
            ledger = ArLedger(repository.entries())
            denials = repository.denials()
            claims = {c.control_number: c for c in repository.all_billed()}
        return ledger, denials, claims

    def aging(self, *, as_of: date, by: Literal["payer", "patient"] = "payer") -> Aging:
        """Accounts receivable by age on ``as_of``, by payer or by patient."""
        ledger, _, claims = self._book()
        items = open_items(ledger.as_of(as_of), claims, basis=self._basis)
        return age(items, as_of=as_of, by=by)

    def denials(self, *, since: date | None = None) -> tuple[Denial, ...]:
        """The denial work list, from ``since`` on."""
        with self._store.unit_of_work() as uow:
            return uow.receivables.denials(since=since)

    def work_queue(self) -> tuple[WorkItem, ...]:
        """What remittances said that could not be posted, and why."""
        with self._store.unit_of_work() as uow:
            return uow.receivables.work_queue()

    def facts(self, *, start: date, end: date) -> ArFacts:
        """The KPI facts of the period ``start`` to ``end``."""
        ledger, denials, claims = self._book()
        return ar_facts(ledger, denials, claims, start=start, end=end)

    def kpis(self, definitions: KpiDefinitions, *, start: date, end: date) -> tuple[KpiValue, ...]:
        """The revenue-cycle KPIs of the period, computed with ``definitions``."""
        return revenue_kpis(self.facts(start=start, end=end), definitions)
