"""Compare-and-set retries: run a use case again when a concurrent save got in first.

Repositories save with optimistic concurrency: a save names the version it read and raises
:class:`~medoffice.kernel.ConcurrencyConflict` when someone saved in between, storing nothing.
The use case then reads again and decides again on the fresh data. :func:`retry_on_conflict` is
that loop, written once for every service: it runs ``attempt`` until it returns, at most
``attempts`` times, and when every attempt met a conflict raises a ``ConcurrencyConflict``
saying so (the last conflict chained as its cause). Any other exception goes straight through.

>>> calls = []
>>> def attempt() -> str:
...     calls.append(1)
...     if len(calls) < 3:
...         raise ConcurrencyConflict("someone saved first")
...     return "booked"
>>> retry_on_conflict(attempt, attempts=5), len(calls)
('booked', 3)
>>> retry_on_conflict(attempt, attempts=0)
Traceback (most recent call last):
...
medoffice.kernel._errors.InvalidArgument: attempts is a whole number of at least 1
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from medoffice.kernel._errors import ConcurrencyConflict, InvalidArgument

__all__ = ["check_attempts", "retry_on_conflict"]

T = TypeVar("T")


def check_attempts(attempts: object) -> int:
    """``attempts`` when it is a whole number of at least 1; :class:`InvalidArgument` if not."""
    if isinstance(attempts, bool) or not isinstance(attempts, int) or attempts < 1:
        raise InvalidArgument("attempts is a whole number of at least 1")
    return attempts


def retry_on_conflict(attempt: Callable[[], T], *, attempts: int) -> T:
    """Run ``attempt`` until it returns, re-running it after each ``ConcurrencyConflict``.

    ``attempt`` must read what it decides on afresh each time (it is one whole load, decide,
    save). After ``attempts`` conflicts in a row, a ``ConcurrencyConflict`` naming the number of
    attempts is raised from the last one.
    """
    check_attempts(attempts)
    for number in range(1, attempts + 1):
        try:
            return attempt()
        except ConcurrencyConflict as conflict:
            if number == attempts:
                raise ConcurrencyConflict(
                    f"still conflicting after {attempts} attempt{'s' * (attempts > 1)}: {conflict}"
                ) from conflict
    raise AssertionError("unreachable")  # pragma: no cover
