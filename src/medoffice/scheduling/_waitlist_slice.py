"""The open slice of the waitlist: what an operation reads instead of the whole history.

An entry is *open* at ``now`` when it still waits or holds an offer and has not expired
(:meth:`~medoffice.scheduling._waitlist.WaitlistEntry.is_open`); the slice holds those entries,
their offers, and every offer live at ``now`` whatever its entry (a live offer holds its slot).
:func:`open_slice` is the reference filter (the in-memory repository uses it; the SQL adapters
answer the same with indexed columns); the checks turn a caller's bad argument into
:class:`~medoffice.kernel.InvalidArgument`.

>>> from datetime import UTC, datetime
>>> checked_ids(["w-1", "w-1"], "entry_ids")
frozenset({'w-1'})
>>> checked_instant(datetime(2026, 3, 2, tzinfo=UTC), "now").year
2026
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from medoffice.kernel import InvalidArgument
from medoffice.scheduling._waitlist import Offer, WaitlistEntry

__all__ = ["checked_ids", "checked_instant", "in_period", "open_slice"]


def checked_instant(value: object, what: str) -> datetime:
    """``value`` if it is an aware ``datetime``; else ``InvalidArgument`` naming ``what``."""
    if not isinstance(value, datetime) or value.utcoffset() is None:
        raise InvalidArgument(f"{what} is an aware datetime")
    return value


def checked_ids(value: object, what: str) -> frozenset[str]:
    """``value`` as a set of ids, if it is a collection of strings (not one string)."""
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise InvalidArgument(f"{what} is a collection of ids")
    ids = frozenset(value)
    if not all(isinstance(i, str) for i in ids):
        raise InvalidArgument(f"{what} is a collection of ids")
    return ids


def open_slice(
    entries: Iterable[WaitlistEntry], offers: Iterable[Offer], now: datetime
) -> tuple[tuple[WaitlistEntry, ...], tuple[Offer, ...]]:
    """The entries open at ``now``, and the offers that are theirs or live at ``now``, in the
    order given."""
    opened = tuple(e for e in entries if e.is_open(now))
    ids = {e.id for e in opened}
    return opened, tuple(o for o in offers if o.entry_id in ids or o.is_live(now))


def in_period(
    entries: Iterable[WaitlistEntry], offers: Iterable[Offer], start: datetime, end: datetime
) -> tuple[tuple[WaitlistEntry, ...], tuple[Offer, ...]]:
    """The entries created from ``start`` to ``end`` (exclusive) and their offers."""
    chosen = tuple(e for e in entries if start <= e.created < end)
    ids = {e.id for e in chosen}
    return chosen, tuple(o for o in offers if o.entry_id in ids)
