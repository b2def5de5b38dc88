"""Audit events and the append-only audit log port.

HIPAA's audit-controls standard (45 CFR 164.312(b)) asks for a record of who did what to which
record, when, and with what outcome. Every use case (book an appointment, record a credential,
approve a budget transfer, check a batch of claims) appends one :class:`AuditEvent` to an
:class:`AuditLog`. Events carry record identifiers, never PHI values: no names, dates of birth,
member ids or addresses, in the event or its details.

More information: https://www.ecfr.gov/current/title-45/section-164.312

>>> from datetime import UTC, datetime
>>> event = AuditEvent(
...     at=datetime(2026, 3, 2, 14, 5, tzinfo=UTC),
...     actor="user:frontdesk-2",
...     action="appointment.book",
...     record_type="appointment",
...     record_id="apt-1042",
...     outcome=AuditOutcome.SUCCESS,
...     details=(("provider", "prv-7"),),
... )
>>> event.outcome.value
'success'
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, datetime
from typing import Final, Protocol, TypeVar, final, runtime_checkable

import attrs

from medoffice.kernel._errors import ConcurrencyConflict, InvalidValue
from medoffice.kernel._refused import Refused
from medoffice.kernel._retry import check_attempts, retry_on_conflict

__all__ = ["AuditEvent", "AuditLog", "AuditOutcome", "audited"]

T = TypeVar("T")

_ACTION: Final = re.compile(r"[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)+")


@final
class AuditOutcome(enum.StrEnum):
    """How a use case ended."""

    SUCCESS = "success"
    REJECTED = "rejected"  # the rules said no (a finding, a blocking conflict)
    CONFLICT = "conflict"  # a concurrent change won; nothing was written
    ERROR = "error"  # bad input or an unexpected failure; nothing was written


def _utc_instant(given: datetime) -> datetime:
    value: object = given  # checked at run time: not every caller is type-checked
    if not isinstance(value, datetime) or value.tzinfo is None or value.utcoffset() is None:
        raise InvalidValue("an audit event needs a timezone-aware instant")
    return value.astimezone(UTC)


def _details(given: Mapping[str, str] | Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    value: object = given  # checked at run time: not every caller is type-checked
    if isinstance(value, Mapping):
        items: list[object] = list(value.items())
    elif isinstance(value, Iterable) and not isinstance(value, str | bytes):
        items = list(value)
    else:
        raise InvalidValue("audit details are (name, identifier) pairs")
    pairs = []
    for item in items:
        if not isinstance(item, tuple) or len(item) != 2:
            raise InvalidValue("audit details are (name, identifier) pairs")
        pairs.append((str(item[0]), str(item[1])))
    return tuple(sorted(pairs))


@final
@attrs.frozen(kw_only=True)
class AuditEvent:
    """One audited action: who, what, which record, when, and the outcome.

    ``action`` is a dotted verb such as ``appointment.book``; ``details`` are extra
    (name, identifier) pairs, sorted, and must never hold PHI.
    """

    at: datetime = attrs.field(converter=_utc_instant)
    actor: str = attrs.field()
    action: str = attrs.field()
    record_type: str
    record_id: str
    outcome: AuditOutcome = attrs.field(converter=AuditOutcome)
    details: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_details)

    @actor.validator
    def _check_actor(self, _: attrs.Attribute[str], actor: str) -> None:
        if not actor or not isinstance(actor, str):
            raise InvalidValue("an audit event names its actor")

    @action.validator
    def _check_action(self, _: attrs.Attribute[str], action: object) -> None:
        if not isinstance(action, str) or not _ACTION.fullmatch(action):
            raise InvalidValue("an audit action is a dotted lower-case verb such as 'claim.check'")


@runtime_checkable
class AuditLog(Protocol):
    """An append-only log of audit events, read back in the order they were appended."""

    def append(self, event: AuditEvent) -> None:
        """Record ``event``; never changes or removes an earlier one."""
        ...

    def events(self, *, record_id: str | None = None) -> Iterator[AuditEvent]:
        """Every event in append order, or only those about ``record_id``."""
        ...


def _refused(result: object) -> bool:
    return isinstance(result, Refused)


def audited(
    audit: AuditLog | None,
    run: Callable[[], T],
    *,
    attempts: int = 1,
    at: datetime,
    actor: str,
    action: str,
    record_type: str,
    record_id: str,
    details: Mapping[str, str] | None = None,
    rejected: Callable[[T], bool] | None = None,
    late_details: Callable[[], Mapping[str, str]] | None = None,
) -> T:
    """Run a use case and append one :class:`AuditEvent` with the outcome it had.

    ``run`` is one whole attempt (load, decide, save); with ``attempts`` above one it runs again
    after each :class:`~medoffice.kernel.ConcurrencyConflict`, through
    :func:`~medoffice.kernel.retry_on_conflict`, and the event tells how the last one ended.
    The event (``at``, ``actor``, ``action``, the record and ``details``) is built, and so
    checked, before ``run`` runs. Its outcome is ``rejected`` when ``rejected(result)`` says so
    (by default: the result is a :class:`~medoffice.kernel.Refused`), ``success`` otherwise;
    ``conflict`` when ``run`` raised :class:`~medoffice.kernel.ConcurrencyConflict` and ``error``
    for any other exception, which then goes on to the caller. ``late_details``, when given, is
    called as the event is appended, whatever the outcome, for details known only at the end
    (counts of a batch). Without an audit log, ``run`` simply runs. Every use case of every
    domain records its event through here; details carry identifiers, never PHI.

    >>> from datetime import UTC, datetime
    >>> appended = []
    >>> class Log:
    ...     def append(self, event: AuditEvent) -> None:
    ...         appended.append(event)
    >>> audited(
    ...     Log(),
    ...     lambda: "done",
    ...     at=datetime(2026, 3, 2, 14, tzinfo=UTC),
    ...     actor="user:frontdesk-2",
    ...     action="appointment.book",
    ...     record_type="appointment",
    ...     record_id="apt-1042",
    ...     details={"provider": "prv-7"},
    ... )
    'done'
    >>> [(e.action, e.outcome.value, e.details) for e in appended]
    [('appointment.book', 'success', (('provider', 'prv-7'),))]
    """
    event = AuditEvent(
        at=at,
        actor=actor,
        action=action,
        record_type=record_type,
        record_id=record_id,
        outcome=AuditOutcome.SUCCESS,
        details=details or (),
    )
    check_attempts(attempts)
    if audit is None:
        return retry_on_conflict(run, attempts=attempts)

    def append(outcome: AuditOutcome) -> None:
        extra = () if late_details is None else tuple(late_details().items())
        audit.append(attrs.evolve(event, outcome=outcome, details=event.details + extra))

    try:
        result = retry_on_conflict(run, attempts=attempts)
    except ConcurrencyConflict:
        append(AuditOutcome.CONFLICT)
        raise
    except Exception:
        append(AuditOutcome.ERROR)
        raise
    refused = _refused(result) if rejected is None else rejected(result)
    append(AuditOutcome.REJECTED if refused else AuditOutcome.SUCCESS)
    return result
