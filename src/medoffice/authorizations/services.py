"""The authorizations service: record coverages, authorizations and referrals, count their use.

:class:`Authorizations` holds the store (an
:class:`~medoffice.authorizations.ports.AuthorizationsStore`), the clock, the practice's payer
requirements and the audit log. Each use case reads the clock once, opens a unit of work, loads
the records, lets the pure core decide, saves with the version it read (again on a concurrent
save, up to ``attempts`` times) and records one audit event, with record ids only.

Usage is never typed in: :meth:`Authorizations.record_booking` and
:meth:`Authorizations.record_billed` append what the shared decision says a booking or a claim
line uses, once per source, and :meth:`Authorizations.release_booking` releases a cancelled
visit. The service is also the live :class:`~medoffice.authorizations.ports.UsageRecorder` the
booking and claim bridges read: :meth:`Authorizations.records` is the index of every patient's
records, read when the service is built and after each change made through it, so a booking
asks it without opening a second unit of work (:meth:`Authorizations.refresh` reads again what
another process saved).

>>> from datetime import UTC, date, datetime
>>> from medoffice.kernel import DateRange
>>> from medoffice.authorizations import Coverage, PriorAuthorization, RequirementBook
>>> from medoffice.testing import FrozenClock, InMemoryStore
>>> service = Authorizations(
...     InMemoryStore(),
...     clock=FrozenClock(datetime(2026, 3, 1, tzinfo=UTC)),
...     requirements=RequirementBook(),
... )
>>> auth = PriorAuthorization(
...     id="PA-1",
...     patient="p-1",
...     payer_id="ACME1",
...     procedures={"97110"},
...     approved=12,
...     valid=DateRange(date(2026, 3, 1), date(2026, 5, 31)),
... )
>>> service.record_authorization(auth, actor="user:auth-desk").history[0].status
'requested'
>>> service.change_status("PA-1", "approved", note="portal", actor="user:auth-desk").status.value
'approved'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import TypeVar, final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs

from medoffice.authorizations._decision import ServiceFacts, Verdict, decide_service, uses_of
from medoffice.authorizations._index import AuthorizationIndex
from medoffice.authorizations._queues import QueueSettings, WorkItem, work_queues
from medoffice.authorizations._records import (
    AuthorizationStatus,
    Coverage,
    PriorAuthorization,
    Referral,
    ReferralStatus,
    StatusChange,
    change_status,
)
from medoffice.authorizations._requirements import RequirementBook
from medoffice.authorizations._usage import Use, UseKind
from medoffice.authorizations.ports import AuthorizationsStore, StoredAuthorizations
from medoffice.kernel import AuditLog, Clock, InvalidArgument, audited, check_attempts

__all__ = ["Authorizations"]


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise InvalidArgument("zone is an IANA time zone name such as America/Chicago") from None


@final
@attrs.frozen(kw_only=True)
class _Changes:
    coverages: tuple[Coverage, ...] = ()
    authorizations: tuple[PriorAuthorization, ...] = ()
    referrals: tuple[Referral, ...] = ()
    uses: tuple[Use, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.coverages or self.authorizations or self.referrals or self.uses)


_NOTHING = _Changes()
T = TypeVar("T")
Decide = Callable[[StoredAuthorizations, datetime], tuple[T, _Changes]]


Record = TypeVar("Record", PriorAuthorization, Referral)


def _auth(record: PriorAuthorization) -> _Changes:
    return _Changes(authorizations=(record,))


def _referral(record: Referral) -> _Changes:
    return _Changes(referrals=(record,))


def _started(record: Record, at: datetime) -> Record:
    if record.history:
        return record
    first = StatusChange(status=record.status.value, at=at)
    return attrs.evolve(record, history=(first,))


@final
class Authorizations:
    """The referral and prior authorization use cases of one practice, over a store."""

    __slots__ = ("_attempts", "_audit", "_book", "_clock", "_index", "_store", "_zone")

    def __init__(
        self,
        store: AuthorizationsStore,
        *,
        clock: Clock,
        requirements: RequirementBook,
        zone: str = "UTC",
        audit: AuditLog | None = None,
        attempts: int = 5,
    ) -> None:
        if not isinstance(requirements, RequirementBook):
            raise InvalidArgument("requirements is the practice's RequirementBook")
        self._store = store
        self._clock = clock
        self._book = requirements
        self._zone = _zone(zone)
        self._audit = audit
        self._attempts = check_attempts(attempts)
        # Read now and after each write, never during another domain's unit of work (a
        # booking asks for the records while the appointment book's unit is open).
        self._index = self.refresh()

    def __repr__(self) -> str:
        return f"Authorizations({self._store!r}, requirements={len(self._book)})"

    # -- the source the bridges read --------------------------------------------------------

    def requirement_book(self) -> RequirementBook:
        """The practice's payer requirements."""
        return self._book

    def records(self) -> AuthorizationIndex:
        """Every patient's records, indexed (read when built and again after each change)."""
        return self._index

    def refresh(self) -> AuthorizationIndex:
        """Read the store again and rebuild the index (changes saved by another process)."""
        with self._store.unit_of_work() as uow:
            stored = uow.authorizations.load()
        self._index = stored.index()
        return self._index

    def check(self, facts: ServiceFacts) -> Verdict:
        """What ``facts`` needs and what is missing, on the current records."""
        return decide_service(facts, book=self._book, records=self.records().patient(facts.patient))

    def work_queues(self, settings: QueueSettings | None = None) -> tuple[WorkItem, ...]:
        """Today's work items (today in the practice's zone)."""
        on = self._clock.now().astimezone(self._zone).date()
        return work_queues(self.refresh(), on=on, settings=settings)

    def today(self) -> date:
        """The calendar day in the practice's zone (one clock read)."""
        return self._clock.now().astimezone(self._zone).date()

    # -- records ----------------------------------------------------------------------------

    def add_coverage(self, coverage: Coverage, *, actor: str = "system") -> Coverage:
        """Record (or replace) the coverage of a patient by a payer.

        One ``coverage.record`` event records the outcome.
        """
        if not isinstance(coverage, Coverage):
            raise InvalidArgument("add_coverage takes a Coverage")
        return self._save(
            lambda stored, now: (coverage, _Changes(coverages=(coverage,))),
            action="coverage.record",
            record_type="coverage",
            record_id=coverage.payer_id,
            actor=actor,
        )

    def record_authorization(
        self, authorization: PriorAuthorization, *, actor: str = "system"
    ) -> PriorAuthorization:
        """Record a prior authorization (its history starts with its status now).

        One ``authorization.record`` event records the outcome.
        """
        if not isinstance(authorization, PriorAuthorization):
            raise InvalidArgument("record_authorization takes a PriorAuthorization")
        return self._record(authorization, kind="authorization", changes=_auth, actor=actor)

    def record_referral(self, referral: Referral, *, actor: str = "system") -> Referral:
        """Record a referral (its history starts with its status now).

        One ``referral.record`` event records the outcome.
        """
        if not isinstance(referral, Referral):
            raise InvalidArgument("record_referral takes a Referral")
        return self._record(referral, kind="referral", changes=_referral, actor=actor)

    def _record(
        self, record: Record, *, kind: str, changes: Callable[[Record], _Changes], actor: str
    ) -> Record:
        def decide(stored: StoredAuthorizations, now: datetime) -> tuple[Record, _Changes]:
            started = _started(record, now)
            return started, changes(started)

        return self._save(
            decide,
            action=f"{kind}.record",
            record_type=kind,
            record_id=record.id,
            actor=actor,
        )

    def change_status(
        self,
        record_id: str,
        status: AuthorizationStatus | ReferralStatus | str,
        *,
        note: str = "",
        actor: str = "system",
    ) -> PriorAuthorization | Referral:
        """Move an authorization or a referral to ``status``, appending to its history.

        An unknown id is an :class:`~medoffice.kernel.InvalidArgument`; a move the workflow
        does not allow raises :class:`~medoffice.authorizations.TransitionNotAllowed`. One
        ``authorization.status`` event records the outcome.
        """

        def decide(
            stored: StoredAuthorizations, now: datetime
        ) -> tuple[PriorAuthorization | Referral, _Changes]:
            auth = next((a for a in stored.authorizations if a.id == record_id), None)
            if auth is not None:
                changed_auth = change_status(auth, status, at=now, note=note)
                return changed_auth, _Changes(authorizations=(changed_auth,))
            referral = next((r for r in stored.referrals if r.id == record_id), None)
            if referral is None:
                raise InvalidArgument("no authorization or referral has that id")
            changed = change_status(referral, status, at=now, note=note)
            return changed, _Changes(referrals=(changed,))

        return self._save(
            decide,
            action="authorization.status",
            record_type="authorization",
            record_id=str(record_id),
            actor=actor,
            details={"status": str(status)},
        )

    # -- usage ------------------------------------------------------------------------------

    def record_booking(self, source: str, facts: ServiceFacts, *, actor: str = "system") -> None:
        """Count the booking ``source`` against what the shared decision says it uses.

        Idempotent: a source already counted is left as it is. One ``authorization.use``
        event records the outcome.
        """
        self._record_use(source, attrs.evolve(facts, billed=False, source=source), actor=actor)

    def record_billed(self, facts: Sequence[ServiceFacts], *, actor: str = "system") -> None:
        """Count submitted claim lines (each with its ``source``, ``billed=True``).

        Idempotent per line. One ``authorization.use`` event per line records the outcome.
        """
        for line in facts:
            if line.source is None:
                raise InvalidArgument("a billed line names its source (claim:<number>:<line>)")
            self._record_use(line.source, attrs.evolve(line, billed=True), actor=actor)

    def release_booking(self, source: str, *, actor: str = "system") -> None:
        """Stop counting the booking ``source`` (cancelled, moved, not attended).

        One ``authorization.release`` event records the outcome.
        """

        def decide(stored: StoredAuthorizations, now: datetime) -> tuple[None, _Changes]:
            index = stored.index()
            released: list[Use] = []
            for patient in index.patients():
                for record, usage in index.patient(patient).usage.items():
                    day = usage.booked_on(source)
                    if day is not None:
                        released.append(
                            Use(
                                record=record,
                                source=source,
                                kind=UseKind.RELEASED,
                                day=day,
                                quantity=0,
                                at=now,
                            )
                        )
            return None, _Changes(uses=tuple(released))

        self._save(
            decide,
            action="authorization.release",
            record_type="usage",
            record_id=source,
            actor=actor,
        )

    def _record_use(self, source: str, facts: ServiceFacts, *, actor: str) -> None:
        def decide(stored: StoredAuthorizations, now: datetime) -> tuple[None, _Changes]:
            records = stored.index().patient(facts.patient)
            if any(usage.counts(source) for usage in records.usage.values()):
                return None, _NOTHING
            verdict = decide_service(facts, book=self._book, records=records)
            return None, _Changes(uses=uses_of(verdict, facts, records=records, at=now))

        self._save(
            decide,
            action="authorization.use",
            record_type="usage",
            record_id=source,
            actor=actor,
        )

    # -- the shared attempt -----------------------------------------------------------------

    def _save(
        self,
        decide: Decide[T],
        *,
        action: str,
        record_type: str,
        record_id: str,
        actor: str,
        details: Mapping[str, str] | None = None,
    ) -> T:
        now = self._clock.now()

        def attempt() -> T:
            with self._store.unit_of_work() as uow:
                stored = uow.authorizations.load()
                result, changes = decide(stored, now)
                if changes:
                    uow.authorizations.save(
                        coverages=changes.coverages,
                        authorizations=changes.authorizations,
                        referrals=changes.referrals,
                        uses=changes.uses,
                        expected_version=stored.version,
                    )
            if changes:
                self.refresh()
            return result

        return audited(
            self._audit,
            attempt,
            attempts=self._attempts,
            at=now,
            actor=actor,
            action=action,
            record_type=record_type,
            record_id=record_id,
            details=details,
        )
