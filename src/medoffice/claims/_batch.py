"""Checking a batch: ``check_claims`` streams (claim, report) pairs over any iterable of claims.

A day's or a month's claims need not fit in memory: :func:`check_claims` takes one claim at a
time and yields its report before reading the next, calling ``progress`` with the number of
claims done. With a :class:`~medoffice.claims.ports.ClaimHistory` the NCCI pair and day-level
MUE rules also see the lines already submitted for the same patient, rendering provider and
day. The history is only read: record a claim (``history.record(claim)``) once it has gone out.

More information: CMS NCCI Policy Manual for Medicare Services, chapter I.

>>> from datetime import date
>>> from medoffice.claims import CheckContext
>>> from medoffice.testing import InMemoryDiagnosisCodes, sample_claim
>>> context = CheckContext(on=date(2026, 3, 20), diagnoses=InMemoryDiagnosisCodes.sample())
>>> done = []
>>> results = check_claims([sample_claim(), sample_claim()], context=context, progress=done.append)
>>> [report.ok for _, report in results], done
([True, True], [1, 2])
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date

from medoffice.claims._check import CheckContext, check_with_prior
from medoffice.claims._history import provider_key
from medoffice.claims._model import Claim, ServiceLine
from medoffice.claims.ports import ClaimHistory
from medoffice.kernel import Report

__all__ = ["check_claims"]


def _prior(claim: Claim, history: ClaimHistory) -> dict[date, Sequence[ServiceLine]]:
    patient, provider = history.patient_key(claim), provider_key(claim)
    prior: dict[date, Sequence[ServiceLine]] = {}
    for day in dict.fromkeys(line.service_from for line in claim.lines):
        lines = history.lines_on(patient=patient, provider=provider, day=day)
        if lines:
            prior[day] = tuple(lines)
    return prior


def check_claims(
    claims: Iterable[Claim],
    *,
    context: CheckContext,
    history: ClaimHistory | None = None,
    progress: Callable[[int], object] | None = None,
) -> Iterator[tuple[Claim, Report]]:
    """Each claim with its report, one at a time, in input order."""
    for done, claim in enumerate(claims, start=1):
        prior = None
        if history is not None and isinstance(claim, Claim):
            prior = _prior(claim, history)
        yield claim, check_with_prior(claim, context=context, prior=prior)
        if progress is not None:
            progress(done)
