"""The claims service: check a batch of claims and record the clean ones as submitted.

:class:`Billing` holds what the billing office's use case needs: the store (a
:class:`~medoffice.claims.ports.ClaimsStore`, whose unit of work exposes the
:class:`~medoffice.claims.ports.ClaimHistory`), the clock and the audit log.
:meth:`Billing.check_and_record` streams the batch through :func:`medoffice.claims.check_claims`
against the history and records each claim without error findings as soon as it is checked,
each in a unit of work of its own, so later claims of the same batch are checked against it too
(an NCCI pair split across two claims of one day is caught) and a failure later in the batch
keeps what was already recorded. A claim with errors is held back and not recorded. With a
``usage`` port (:class:`~medoffice.claims.ports.ClaimUsage`), each recorded claim's lines are
counted against the prior authorizations and referrals they use. The clock is
read once, for the audit event; one ``claims.check_batch`` event names the batch and counts the
claims, never a patient. The actor is given per call.

More information: CMS NCCI Policy Manual for Medicare Services, chapter I; HIPAA audit
controls, 45 CFR 164.312(b).

>>> from datetime import UTC, date, datetime
>>> from medoffice.claims import CheckContext
>>> from medoffice.testing import (
...     FrozenClock,
...     InMemoryAuditLog,
...     InMemoryDiagnosisCodes,
...     InMemoryStore,
...     sample_claim,
... )
>>> context = CheckContext(on=date(2026, 3, 20), diagnoses=InMemoryDiagnosisCodes.sample())
>>> audit = InMemoryAuditLog()
>>> billing = Billing(
...     InMemoryStore(), clock=FrozenClock(datetime(2026, 3, 20, tzinfo=UTC)), audit=audit
... )
>>> batch = billing.check_and_record([sample_claim()], context=context, batch_id="B-1")
>>> batch.recorded, batch.held, [e.outcome.value for e in audit.events()]
(1, 0, ['success'])
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import final

import attrs

from medoffice.claims._batch import check_claims
from medoffice.claims._check import CheckContext
from medoffice.claims._model import Claim
from medoffice.claims.ports import ClaimsStore, ClaimUsage
from medoffice.kernel import AuditLog, Clock, Report, audited

__all__ = ["Billing", "CheckedBatch"]


@final
@attrs.frozen(kw_only=True)
class CheckedBatch:
    """Each claim with its report, in input order; how many were recorded and held back."""

    results: tuple[tuple[Claim, Report], ...]
    recorded: int
    held: int


@final
class Billing:
    """The billing office's use case over a store of submitted claims."""

    __slots__ = ("_audit", "_clock", "_store", "_usage")

    def __init__(
        self,
        store: ClaimsStore,
        *,
        clock: Clock,
        audit: AuditLog | None = None,
        usage: ClaimUsage | None = None,
    ) -> None:
        self._store = store
        self._clock = clock
        self._audit = audit
        self._usage = usage

    def __repr__(self) -> str:
        return f"Billing({self._store!r})"

    def check_and_record(
        self,
        claims: Iterable[Claim],
        *,
        context: CheckContext,
        batch_id: str,
        actor: str = "system",
        progress: Callable[[int], object] | None = None,
    ) -> CheckedBatch:
        """Check ``claims`` in order, recording each one without error findings as submitted.

        ``progress`` is called with the number of claims done after each. One
        ``claims.check_batch`` event records the outcome: success when every claim was
        recorded, rejected when some were held back, error when the batch failed.
        """
        results: list[tuple[Claim, Report]] = []
        recorded = 0

        def run() -> CheckedBatch:
            nonlocal recorded
            for done, claim in enumerate(claims, start=1):
                with self._store.unit_of_work() as uow:
                    ((checked, report),) = check_claims(
                        [claim], context=context, history=uow.claims
                    )
                    results.append((checked, report))
                    submitted = report.ok and isinstance(claim, Claim)
                    if submitted:
                        uow.claims.record(claim)
                        recorded += 1
                if submitted and self._usage is not None:
                    # Once the claim is recorded: its lines use the authorizations they name.
                    self._usage.record_submitted(claim)
                if progress is not None:
                    progress(done)
            return CheckedBatch(
                results=tuple(results), recorded=recorded, held=len(results) - recorded
            )

        return audited(
            self._audit,
            run,
            at=self._clock.now(),
            actor=actor,
            action="claims.check_batch",
            record_type="claim_batch",
            record_id=str(batch_id),
            rejected=lambda batch: batch.held > 0,
            late_details=lambda: {
                "checked": str(len(results)),
                "recorded": str(recorded),
                "held": str(len(results) - recorded),
            },
        )
