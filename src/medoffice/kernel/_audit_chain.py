"""A hash chain over an audit log: an export whose tampering shows.

Each exported line is one :class:`~medoffice.kernel.AuditEvent` as canonical JSON (sorted keys,
UTC instant, details as pairs) with two more members: ``previous``, the hash of the line before
(64 zeros for the first), and ``hash``, the SHA-256 of ``previous`` and the event's canonical
JSON. Changing, removing, inserting or reordering any event breaks every hash after it, so a
copy kept off-site (or the last hash written down) proves that the log was not rewritten.
Every database adapter exports its log through :func:`chain_lines`, and
:func:`first_broken_line` checks an export, whichever database wrote it.

>>> from datetime import UTC, datetime
>>> event = AuditEvent(
...     at=datetime(2026, 3, 2, 14, tzinfo=UTC),
...     actor="user:1",
...     action="claim.check",
...     record_type="claim",
...     record_id="CLM-1",
...     outcome="success",
... )
>>> lines = list(chain_lines([event, event]))
>>> first_broken_line(lines) is None
True
>>> first_broken_line([lines[1], lines[0]])
0

More information: NIST SP 800-92 (log integrity), FIPS 180-4 (SHA-256).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from datetime import UTC
from typing import Final

from medoffice.kernel._audit import AuditEvent

__all__ = ["GENESIS", "chain_lines", "event_digest", "first_broken_line"]

GENESIS: Final = "0" * 64
_SEPARATORS: Final = (",", ":")
_FIELDS: Final = ("action", "actor", "at", "details", "outcome", "record_id", "record_type")


def _canonical(event: AuditEvent) -> dict[str, object]:
    return {
        "action": event.action,
        "actor": event.actor,
        "at": event.at.astimezone(UTC).isoformat(),
        "details": [list(pair) for pair in event.details],
        "outcome": event.outcome.value,
        "record_id": event.record_id,
        "record_type": event.record_type,
    }


def _digest(previous: str, canonical: dict[str, object]) -> str:
    text = json.dumps(canonical, sort_keys=True, separators=_SEPARATORS)
    return hashlib.sha256(f"{previous}\n{text}".encode()).hexdigest()


def event_digest(previous: str, event: AuditEvent) -> str:
    """The chain hash of ``event`` following the hash ``previous``."""
    return _digest(previous, _canonical(event))


def chain_lines(events: Iterable[AuditEvent]) -> Iterator[str]:
    """One JSON line per event, in the given (append) order, each chained to the one before."""
    previous = GENESIS
    for event in events:
        canonical = _canonical(event)
        digest = _digest(previous, canonical)
        line = {**canonical, "previous": previous, "hash": digest}
        yield json.dumps(line, sort_keys=True, separators=_SEPARATORS)
        previous = digest


def first_broken_line(lines: Iterable[str]) -> int | None:
    """The index of the first line that does not follow from the ones before, or ``None``."""
    previous = GENESIS
    for number, line in enumerate(lines):
        try:
            record = json.loads(line)
        except ValueError:
            return number
        if not isinstance(record, dict) or record.get("previous") != previous:
            return number
        canonical = {name: record.get(name) for name in _FIELDS}
        if record.get("hash") != _digest(previous, canonical):
            return number
        previous = record["hash"]
    return None
