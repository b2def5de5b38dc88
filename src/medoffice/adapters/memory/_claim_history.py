"""Claims already submitted, kept in memory: the ``ClaimHistory`` port for batch checks.

:class:`InMemoryClaimHistory` remembers the service lines of each recorded claim under its
patient key, rendering provider and day, so :func:`medoffice.claims.check_claims` can apply the
NCCI pair and day-level MUE rules across claims. A replacement (frequency ``7``) of a claim
already recorded under the same patient control number replaces its lines; a void (``8``)
removes them. Patients are filed under keys made with a random secret of the history's own
(or the ``secret`` given), so its keys cannot be linked to another store's.

More information: CMS NCCI Policy Manual for Medicare Services, chapter I; ASC X12 005010X222A1
CLM05-3 (claim frequency type code).

>>> from datetime import date
>>> from medoffice.claims.history import provider_key
>>> from medoffice.testing import sample_claim
>>> history = InMemoryClaimHistory()
>>> claim = sample_claim()
>>> history.record(claim)
>>> key = {"patient": history.patient_key(claim), "provider": provider_key(claim)}
>>> [line.procedure for line in history.lines_on(**key, day=date(2026, 3, 2))]
['99214', '83036', 'G2211']
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable, Sequence
from datetime import date
from typing import final

from medoffice.claims._history import keyed, patient_key, provider_key
from medoffice.claims._model import Claim, ServiceLine

__all__ = ["InMemoryClaimHistory"]

_Key = tuple[str, str, date]


@final
class InMemoryClaimHistory:
    """Submitted claims' lines by (patient key, provider, day), then patient control number."""

    __slots__ = ("_days", "_lock", "_secret", "_where")

    def __init__(self, *, lock: threading.RLock | None = None, secret: bytes | None = None) -> None:
        self._secret = secrets.token_bytes(32) if secret is None else secret
        keyed("", secret=self._secret)  # a secret too short is refused here, not at first use
        # A lock shared with other repositories lets a unit of work hold them all at once.
        self._lock = lock or threading.RLock()
        # Each day's inner dict is replaced, never changed in place, so a checkpoint is a
        # shallow copy of the outer one.
        self._days: dict[_Key, dict[str, tuple[ServiceLine, ...]]] = {}
        # The days each claim has lines on, by (patient, provider, control number): a
        # replacement or a void finds what it replaces without scanning every day recorded.
        # Its values are replaced, never changed in place, for the same reason.
        self._where: dict[tuple[str, str, str], tuple[date, ...]] = {}

    def patient_key(self, claim: Claim) -> str:
        """The key this history files the claim's patient under."""
        return patient_key(claim, secret=self._secret)

    def lines_on(self, *, patient: str, provider: str, day: date) -> Sequence[ServiceLine]:
        with self._lock:
            by_claim = self._days.get((patient, provider, day))
        if not by_claim:
            return ()
        return tuple(line for lines in by_claim.values() for line in lines)

    def record(self, claim: Claim) -> None:
        patient, provider = self.patient_key(claim), provider_key(claim)
        number = claim.patient_control_number
        days: dict[date, list[ServiceLine]] = {}
        for line in claim.lines:
            days.setdefault(line.service_from, []).append(line)
        with self._lock:
            claim_key = (patient, provider, number)
            if claim.frequency in {"7", "8"}:
                for day in self._where.pop(claim_key, ()):
                    key = (patient, provider, day)
                    rest = {n: lines for n, lines in self._days[key].items() if n != number}
                    if rest:
                        self._days[key] = rest
                    else:
                        del self._days[key]
            if claim.frequency == "8" or not days:
                return
            for day, lines in days.items():
                key = (patient, provider, day)
                by_claim = dict(self._days.get(key, {}))
                by_claim[number] = by_claim.get(number, ()) + tuple(lines)
                self._days[key] = by_claim
            # A tuple of days, not a set: the collector stops tracking a tuple of dates, so a
            # history of 100,000 claims does not make every collection longer.
            earlier = self._where.get(claim_key)
            self._where[claim_key] = tuple(days) if earlier is None else tuple({*earlier, *days})

    def checkpoint(self) -> Callable[[], None]:
        """A function that puts back what the history holds now (a unit of work's rollback)."""
        with self._lock:
            days, where = dict(self._days), dict(self._where)

        def restore() -> None:
            with self._lock:
                self._days, self._where = days, where

        return restore

    def __len__(self) -> int:
        return sum(len(by_claim) for by_claim in self._days.values())

    def __repr__(self) -> str:
        return f"InMemoryClaimHistory(days={len(self._days)})"
