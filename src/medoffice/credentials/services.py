"""Use cases: the only credentials code that reads a clock, once per call.

Each use case reads ``clock.now()`` once, turns it into the practice's calendar day in
``zone``, loads through the ports, calls the pure core and saves. Nothing stored is lost: a
save based on a stale version raises :class:`~medoffice.kernel.ConcurrencyConflict` and leaves
the stored record as it was.

>>> import pendulum
>>> class Clock:
...     def now(self) -> pendulum.DateTime:
...         return pendulum.datetime(2026, 6, 10, 3, 30, tz="UTC")
>>> today(Clock(), "America/Los_Angeles")
datetime.date(2026, 6, 9)

More information: docs/credentials.md.
"""

from __future__ import annotations

from datetime import date

from medoffice.credentials._model import Credential, StaffMember
from medoffice.credentials._monitoring import Screening
from medoffice.credentials._packs import DEFAULT_RULES
from medoffice.credentials._rules import RuleBook
from medoffice.credentials._status import CredentialStatus, status
from medoffice.credentials.ports import CredentialRepository, ScreeningLog
from medoffice.kernel import Clock, InvalidArgument

__all__ = ["record_credential", "record_screening", "status_today", "today"]


def today(clock: Clock, zone: str = "UTC") -> date:
    """The calendar day in ``zone`` at the clock's current instant (one read)."""
    local = clock.now().in_timezone(zone)
    return date(local.year, local.month, local.day)


def record_credential(
    staff_id: str,
    credential: Credential,
    *,
    repository: CredentialRepository,
    clock: Clock,
    zone: str = "UTC",
) -> StaffMember:
    """Add ``credential`` to ``staff_id``'s record; a credential issued in the future is refused."""
    on = today(clock, zone)
    if credential.issued_on > on:
        raise InvalidArgument("a credential cannot be recorded before its issue date")
    version = repository.version(staff_id)
    member = repository.get(staff_id)
    if member is None:
        raise InvalidArgument("no staff member has that id")
    updated = member.with_credential(credential)
    repository.save(updated, expected_version=version)
    return updated


def record_screening(
    screening: Screening, *, log: ScreeningLog, clock: Clock, zone: str = "UTC"
) -> None:
    """Log a screening; one dated after today is refused."""
    if screening.on > today(clock, zone):
        raise InvalidArgument("a screening cannot be logged before it happened")
    log.append(screening)


def status_today(
    staff_id: str,
    *,
    repository: CredentialRepository,
    clock: Clock,
    zone: str = "UTC",
    rules: RuleBook = DEFAULT_RULES,
    explain: bool = True,
) -> tuple[CredentialStatus, ...]:
    """The status of ``staff_id``'s credentials today in ``zone``."""
    member = repository.get(staff_id)
    if member is None:
        raise InvalidArgument("no staff member has that id")
    return status(member, today(clock, zone), rules=rules, explain=explain)
