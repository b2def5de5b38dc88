"""The audit log's hash chain: evidence that no event was rewritten, even by the file's owner.

A database can refuse ``UPDATE``, ``DELETE`` and ``REPLACE`` on its audit table with triggers,
but whoever can write the file can drop the triggers. So each event is also linked to the one
before it: its digest is the SHA-256 of the previous digest and the event's canonical encoding
(its sequence number, instant, actor, action, record, outcome and details). Rewriting,
inserting or deleting an event changes every digest after it. Someone who rewrites an event
*and* recomputes the digests after it leaves a consistent chain, which is why the chain is
**exported**: a copy of the links kept elsewhere (another machine, write-once storage, a
printed head digest) is an anchor, and :func:`check_audit_chain` refuses a log whose chain no
longer passes through it.

>>> from datetime import UTC, datetime
>>> from medoffice.kernel import AuditEvent
>>> event = AuditEvent(
...     at=datetime(2026, 3, 2, 14, tzinfo=UTC),
...     actor="user:1",
...     action="claim.check",
...     record_type="claim",
...     record_id="CLM-1",
...     outcome="success",
... )
>>> first = chain_link(GENESIS, 1, event)
>>> check_audit_chain([(1, event, first)]).ok
True
>>> forged = AuditEvent(
...     at=event.at,
...     actor="user:2",
...     action="claim.check",
...     record_type="claim",
...     record_id="CLM-1",
...     outcome="success",
... )
>>> [str(f.rule) for f in check_audit_chain([(1, forged, first)]).findings]
['AUDIT-CHAIN-BROKEN']

More information: 45 CFR 164.312(b) and (c)(1),
https://www.ecfr.gov/current/title-45/section-164.312
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any, Final, final

import attrs

from medoffice.kernel._audit import AuditEvent
from medoffice.kernel._errors import InvalidValue
from medoffice.kernel._findings import Finding, Report, Severity

__all__ = ["GENESIS", "ChainLink", "chain_link", "check_audit_chain"]

GENESIS: Final = "0" * 64
"""The digest before the first event."""

_DIGEST: Final = re.compile(r"[0-9a-f]{64}")


def _canonical(seq: int, event: AuditEvent) -> bytes:
    fields = [
        seq,
        event.at.isoformat(),
        event.actor,
        event.action,
        event.record_type,
        event.record_id,
        event.outcome.value,
        [list(pair) for pair in event.details],
    ]
    return json.dumps(fields, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def chain_link(previous: str, seq: int, event: AuditEvent) -> str:
    """The digest of event number ``seq`` that follows the digest ``previous``."""
    start, number = _digest(previous), _seq(seq)
    return hashlib.sha256(start.encode("ascii") + b"\n" + _canonical(number, event)).hexdigest()


def _digest(value: object) -> str:
    if not isinstance(value, str) or not _DIGEST.fullmatch(value):
        raise InvalidValue("a chain digest is 64 lower-case hexadecimal digits")
    return value


def _seq(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise InvalidValue("audit events are numbered from 1")
    return value


@final
@attrs.frozen(kw_only=True)
class ChainLink:
    """One exported link: the event number and the digest of the chain up to it."""

    seq: int = attrs.field(converter=_seq)
    digest: str = attrs.field(converter=_digest)

    def to_dict(self) -> dict[str, Any]:
        """``{"seq": ..., "digest": ...}``, the form of an exported chain."""
        return {"seq": self.seq, "digest": self.digest}

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> ChainLink:
        """The link written by :meth:`to_dict`."""
        given: object = data  # checked at run time: it comes from a file
        if not isinstance(given, Mapping) or set(given) != {"seq", "digest"}:
            raise InvalidValue("an exported chain link has exactly the keys seq and digest")
        return cls(seq=_seq(data["seq"]), digest=_digest(data["digest"]))


def _finding(rule: str, message: str, seq: int | None) -> Finding:
    return Finding(
        rule=rule,
        severity=Severity.ERROR,
        message=message,
        path="" if seq is None else f"events[{seq}]",
        source="45 CFR 164.312(b)",
    )


def check_audit_chain(
    rows: Iterable[tuple[int, AuditEvent, str]], *, anchor: Iterable[ChainLink] = ()
) -> Report:
    """Check a log's events and stored digests, in order, against each other and ``anchor``.

    ``rows`` are ``(seq, event, stored digest)`` in sequence order. The findings:

    - ``AUDIT-CHAIN-GAP``: the numbers do not run 1, 2, 3, ... (an event was deleted or
      inserted out of turn);
    - ``AUDIT-CHAIN-BROKEN``: a stored digest is not the one its event and the previous digest
      give (the event, or one before it, was changed after it was written);
    - ``AUDIT-ANCHOR-MISMATCH``: the chain is consistent but differs from an exported link
      (events up to that link were rewritten and the digests recomputed);
    - ``AUDIT-ANCHOR-MISSING``: an exported link names an event the log no longer has (the
      log was cut short).

    Only the first break of each kind is reported: after it, every later digest differs too.
    """
    expected = {link.seq: link.digest for link in anchor}
    findings: list[Finding] = []
    previous, count = GENESIS, 0
    gap = broken = mismatch = False
    for seq, event, stored in rows:
        count += 1
        if seq != count and not gap:
            gap = True
            findings.append(
                _finding("AUDIT-CHAIN-GAP", f"event {count} is missing (next is {seq})", seq)
            )
        computed = chain_link(previous, seq, event) if seq >= 1 else GENESIS
        if stored != computed and not broken:
            broken = True
            findings.append(
                _finding(
                    "AUDIT-CHAIN-BROKEN",
                    f"event {seq} does not match its digest: it or an earlier event was changed",
                    seq,
                )
            )
        if seq in expected and expected.pop(seq) != stored and not mismatch:
            mismatch = True
            findings.append(
                _finding(
                    "AUDIT-ANCHOR-MISMATCH",
                    f"the chain at event {seq} differs from the exported copy: "
                    "events up to it were rewritten",
                    seq,
                )
            )
        # A stored digest damaged beyond the digest form is already reported as broken; the
        # chain goes on from the digest it should have had.
        previous = stored if _DIGEST.fullmatch(stored) else computed
    if expected:
        first = min(expected)
        findings.append(
            _finding(
                "AUDIT-ANCHOR-MISSING",
                f"the exported copy names event {first}, which the log no longer has "
                f"({count} events)",
                first,
            )
        )
    return Report.of(findings)
