"""The credentials service: record credentials and screenings, and today's standing.

:class:`Credentialing` holds what the use cases share: the store (a
:class:`~medoffice.credentials.ports.CredentialsStore`), the clock, the practice's time zone, the
rule book and the audit log. Each use case reads ``clock.now()`` once and turns it into the
practice's calendar day in ``zone``, opens a unit of work, loads, calls the pure core, saves and
records one audit event. Nothing stored is lost: a save based on a stale version raises
:class:`~medoffice.kernel.ConcurrencyConflict`, leaves the stored record as it was, and the use
case decides again on the fresh record (:func:`~medoffice.kernel.retry_on_conflict`). A
credential issued, or a screening dated, after today is refused with a value, a
:class:`~medoffice.kernel.Refused` holding the report of
:func:`~medoffice.credentials.check_new_credential` (``CRED-ISSUED-FUTURE``) or
:func:`~medoffice.credentials.check_screening` (``CRED-SCREENED-FUTURE``), never an exception.
The actor is given per call.

>>> from datetime import UTC, date, datetime
>>> from medoffice.credentials import Credential, StaffMember
>>> from medoffice.testing import FrozenClock, InMemoryStore
>>> store = InMemoryStore()
>>> store.credentials.save(StaffMember(id="S-1", role="ma"), expected_version=0)
1
>>> credentialing = Credentialing(
...     store,
...     clock=FrozenClock(datetime(2026, 6, 10, 3, 30, tzinfo=UTC)),
...     zone="America/Los_Angeles",
... )
>>> credentialing.today()
datetime.date(2026, 6, 9)
>>> card = Credential(kind="bls", issuer="AHA", jurisdiction="US", issued_on=date(2026, 6, 10))
>>> credentialing.record_credential("S-1", card, actor="user:hr").rules
(RuleId('CRED-ISSUED-FUTURE'),)

More information: docs/credentials.md.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from medoffice.credentials._model import Credential, StaffMember
from medoffice.credentials._monitoring import Screening
from medoffice.credentials._packs import DEFAULT_RULES
from medoffice.credentials._recording import check_new_credential, check_screening
from medoffice.credentials._rules import RuleBook
from medoffice.credentials._status import CredentialStatus, status
from medoffice.credentials.ports import CredentialsStore
from medoffice.kernel import (
    AuditLog,
    Clock,
    InvalidArgument,
    Refused,
    audited,
    check_attempts,
)

__all__ = ["Credentialing"]


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError, OSError):
        raise InvalidArgument("zone is an IANA time zone name such as America/Chicago") from None


@final
class Credentialing:
    """The credentials use cases of a practice, over a store of staff records and screenings.

    ``zone`` is the practice's time zone: "today" is the calendar day there. ``rules`` is the
    rule book standings are computed with; with an ``audit`` log every recording appends one
    event; ``attempts`` bounds the retries after a concurrent save.
    """

    __slots__ = ("_attempts", "_audit", "_clock", "_rules", "_store", "_zone")

    def __init__(
        self,
        store: CredentialsStore,
        *,
        clock: Clock,
        zone: str = "UTC",
        rules: RuleBook = DEFAULT_RULES,
        audit: AuditLog | None = None,
        attempts: int = 5,
    ) -> None:
        self._store = store
        self._clock = clock
        self._zone = _zone(zone)
        self._rules = rules
        self._audit = audit
        self._attempts = check_attempts(attempts)

    def __repr__(self) -> str:
        return f"Credentialing({self._store!r}, zone={self._zone.key!r})"

    def today(self) -> date:
        """The calendar day in the practice's zone at the clock's current instant (one read)."""
        return self._local_day(self._clock.now())

    def record_credential(
        self, staff_id: str, credential: Credential, *, actor: str = "system"
    ) -> StaffMember | Refused:
        """Add ``credential`` to ``staff_id``'s record; one issued after today is refused.

        An unknown staff id is an :class:`~medoffice.kernel.InvalidArgument`. One
        ``credential.record`` event records the outcome.
        """
        now = self._clock.now()
        on = self._local_day(now)

        def attempt() -> StaffMember | Refused:
            report = check_new_credential(credential, on=on)
            if not report.ok:
                return Refused(report=report)
            with self._store.unit_of_work() as uow:
                version = uow.credentials.version(staff_id)
                member = uow.credentials.get(staff_id)
                if member is None:
                    raise InvalidArgument("no staff member has that id")
                updated = member.with_credential(credential)
                uow.credentials.save(updated, expected_version=version)
                return updated

        # Record ids and codes only: never a name, a birth date or a licence number.
        return audited(
            self._audit,
            attempt,
            attempts=self._attempts,
            at=now,
            actor=actor,
            action="credential.record",
            record_type="staff",
            record_id=str(staff_id),
            details={"kind": credential.kind},
        )

    def record_screening(
        self, screening: Screening, *, actor: str = "system"
    ) -> Screening | Refused:
        """Log a screening; one dated after today is refused.

        One ``screening.record`` event records the outcome.
        """
        now = self._clock.now()
        on = self._local_day(now)

        def attempt() -> Screening | Refused:
            report = check_screening(screening, on=on)
            if not report.ok:
                return Refused(report=report)
            with self._store.unit_of_work() as uow:
                uow.screenings.append(screening)
            return screening

        return audited(
            self._audit,
            attempt,
            attempts=self._attempts,
            at=now,
            actor=actor,
            action="screening.record",
            record_type="staff",
            record_id=screening.person_id,
            details={"source": screening.source, "result": screening.result},
        )

    def status_today(self, staff_id: str, *, explain: bool = True) -> tuple[CredentialStatus, ...]:
        """The status of ``staff_id``'s credentials today in the practice's zone."""
        on = self.today()
        with self._store.unit_of_work() as uow:
            member = uow.credentials.get(staff_id)
        if member is None:
            raise InvalidArgument("no staff member has that id")
        return status(member, on, rules=self._rules, explain=explain)

    def _local_day(self, now: datetime) -> date:
        return now.astimezone(self._zone).date()
