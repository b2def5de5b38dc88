"""The revenue domain's receivables in memory: billed claims and postings, append-only.

:class:`InMemoryReceivables` implements :class:`~medoffice.revenue.ports.ReceivablesRepository`
with lists and dictionaries behind a lock: each posting's entries, denials and work items are
appended under its key, never changed; a posting whose key is known, or that was decided on a
stale count, is refused with :class:`~medoffice.kernel.ConcurrencyConflict`.

>>> from medoffice.revenue import Posting
>>> receivables = InMemoryReceivables()
>>> receivables.record(Posting(key="1P/T1"), expected_count=0)
>>> receivables.is_posted("1P/T1"), receivables.count()
(True, 1)
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any, final

from medoffice.kernel import ConcurrencyConflict, InvalidArgument
from medoffice.revenue._denials import Denial
from medoffice.revenue._ledger import LedgerEntry
from medoffice.revenue._model import BilledClaim
from medoffice.revenue._posting import Posting, WorkItem

__all__ = ["InMemoryReceivables"]


@final
class InMemoryReceivables:
    """A :class:`~medoffice.revenue.ports.ReceivablesRepository` in process memory."""

    __slots__ = (
        "_added",
        "_billed",
        "_denials",
        "_entries",
        "_keys",
        "_lock",
        "_payer_claims",
        "_posted",
        "_work",
    )

    def __init__(self, *, lock: threading.RLock | None = None) -> None:
        self._lock = lock or threading.RLock()
        self._billed: dict[str, BilledClaim] = {}
        self._keys: list[str] = []
        self._posted: set[str] = set()
        # What was added, in order, so that a rollback can take it out again.
        self._added: list[tuple[dict[str, Any], str]] = []
        self._entries: list[LedgerEntry] = []
        self._denials: list[Denial] = []
        self._work: list[WorkItem] = []
        self._payer_claims: dict[str, str] = {}

    def add_billed(self, claims: Iterable[BilledClaim]) -> None:
        """Remember claims as billed; a control number billed before is refused."""
        given = list(claims)
        with self._lock:
            numbers = [c.control_number for c in given]
            if len(set(numbers)) != len(numbers) or any(n in self._billed for n in numbers):
                raise InvalidArgument("a claim's control number was billed before")
            for claim in given:
                self._billed[claim.control_number] = claim
                self._added.append((self._billed, claim.control_number))

    def billed(self, control_numbers: Iterable[str]) -> dict[str, BilledClaim]:
        """The billed claims among ``control_numbers``."""
        with self._lock:
            return {n: self._billed[n] for n in control_numbers if n in self._billed}

    def all_billed(self) -> tuple[BilledClaim, ...]:
        """Every billed claim, by control number."""
        with self._lock:
            return tuple(self._billed[n] for n in sorted(self._billed))

    def payer_claims(self, numbers: Iterable[str]) -> dict[str, str]:
        """The control numbers of payer claim numbers posted before."""
        with self._lock:
            return {n: self._payer_claims[n] for n in numbers if n in self._payer_claims}

    def is_posted(self, key: str) -> bool:
        """Whether ``key`` was recorded."""
        with self._lock:
            return key in self._posted

    def count(self) -> int:
        """How many postings were recorded."""
        with self._lock:
            return len(self._keys)

    def record(self, posting: Posting, *, expected_count: int) -> None:
        """Append ``posting`` if the count is still ``expected_count`` and its key is new."""
        with self._lock:
            if len(self._keys) != expected_count:
                raise ConcurrencyConflict(
                    f"{len(self._keys)} postings are recorded, not {expected_count}"
                )
            if posting.key in self._posted:
                raise ConcurrencyConflict(f"{posting.key!r} is already posted")
            self._keys.append(posting.key)
            self._posted.add(posting.key)
            self._entries.extend(posting.entries)
            self._denials.extend(posting.denials)
            self._work.extend(posting.work)
            for entry in posting.entries:
                if entry.reference and entry.claim and entry.reference not in self._payer_claims:
                    self._payer_claims[entry.reference] = entry.claim
                    self._added.append((self._payer_claims, entry.reference))

    def entries(self) -> tuple[LedgerEntry, ...]:
        """Every entry, in the order recorded."""
        with self._lock:
            return tuple(self._entries)

    def denials(self, *, since: date | None = None) -> tuple[Denial, ...]:
        """The denials dated on or after ``since``."""
        with self._lock:
            return tuple(d for d in self._denials if since is None or d.on >= since)

    def work_queue(self) -> tuple[WorkItem, ...]:
        """The work items, in the order recorded."""
        with self._lock:
            return tuple(self._work)

    def checkpoint(self) -> Callable[[], None]:
        """A function that puts back what the repository holds now (a unit's rollback)."""
        with self._lock:
            added = len(self._added)
            lengths = (len(self._keys), len(self._entries), len(self._denials), len(self._work))

        def restore() -> None:
            with self._lock:
                for mapping, key in self._added[added:]:
                    del mapping[key]
                del self._added[added:]
                self._posted.difference_update(self._keys[lengths[0] :])
                del self._keys[lengths[0] :]
                del self._entries[lengths[1] :]
                del self._denials[lengths[2] :]
                del self._work[lengths[3] :]

        return restore

    def __repr__(self) -> str:
        return f"InMemoryReceivables({len(self._keys)} postings)"
