"""Use case: check a batch of claims and record the clean ones as submitted.

:func:`check_and_record` streams the batch through :func:`medoffice.claims.check_claims`
against the :class:`~medoffice.claims.ports.ClaimHistory`, and records each claim without error
findings as soon as it is checked, so later claims of the same batch are checked against it too
(an NCCI pair split across two claims of one day is caught). A claim with errors is held back and
not recorded. The clock is read once, for the audit event; one ``claims.check_batch`` event
names the batch and counts the claims, never a patient.

More information: CMS NCCI Policy Manual for Medicare Services, chapter I; HIPAA audit
controls, 45 CFR 164.312(b).

>>> from datetime import UTC, date, datetime
>>> from medoffice.testing import InMemoryAuditLog, InMemoryClaimHistory
>>> from medoffice.claims import CheckContext
>>> from medoffice.testing import InMemoryDiagnosisCodes, sample_claim
>>> from medoffice.testing._clock import FrozenClock
>>> context = CheckContext(on=date(2026, 3, 20), diagnoses=InMemoryDiagnosisCodes.sample())
>>> audit = InMemoryAuditLog()
>>> batch = check_and_record(
...     [sample_claim()],
...     context=context,
...     history=InMemoryClaimHistory(),
...     batch_id="B-1",
...     clock=FrozenClock(datetime(2026, 3, 20, tzinfo=UTC)),
...     audit=audit,
... )
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
from medoffice.claims.ports import ClaimHistory
from medoffice.kernel import AuditEvent, AuditLog, AuditOutcome, Clock, ConcurrencyConflict, Report

__all__ = ["CheckedBatch", "check_and_record"]


@final
@attrs.frozen(kw_only=True)
class CheckedBatch:
    """Each claim with its report, in input order; how many were recorded and held back."""

    results: tuple[tuple[object, Report], ...]
    recorded: int
    held: int


def check_and_record(
    claims: Iterable[Claim],
    *,
    context: CheckContext,
    history: ClaimHistory,
    clock: Clock,
    batch_id: str,
    audit: AuditLog | None = None,
    actor: str = "system",
    progress: Callable[[int], object] | None = None,
) -> CheckedBatch:
    """Check ``claims`` in order, recording each one without error findings in ``history``.

    With an ``audit`` log, one ``claims.check_batch`` event records the outcome: success when
    every claim was recorded, rejected when some were held back, error when the batch failed.
    """
    event = AuditEvent(
        at=clock.now(),
        actor=actor,
        action="claims.check_batch",
        record_type="claim_batch",
        record_id=str(batch_id),
        outcome=AuditOutcome.SUCCESS,
    )
    results: list[tuple[object, Report]] = []
    recorded = 0
    try:
        for claim, report in check_claims(
            claims, context=context, history=history, progress=progress
        ):
            results.append((claim, report))
            if report.ok and isinstance(claim, Claim):
                history.record(claim)
                recorded += 1
    except Exception as error:
        if audit is not None:
            failed = AuditOutcome.CONFLICT
            if not isinstance(error, ConcurrencyConflict):
                failed = AuditOutcome.ERROR
            audit.append(attrs.evolve(event, outcome=failed, details=_counts(results, recorded)))
        raise
    held = len(results) - recorded
    if audit is not None:
        outcome = AuditOutcome.REJECTED if held else AuditOutcome.SUCCESS
        audit.append(attrs.evolve(event, outcome=outcome, details=_counts(results, recorded)))
    return CheckedBatch(results=tuple(results), recorded=recorded, held=held)


def _counts(results: list[tuple[object, Report]], recorded: int) -> dict[str, str]:
    return {
        "checked": str(len(results)),
        "recorded": str(recorded),
        "held": str(len(results) - recorded),
    }
