"""The shared pieces of ``medoffice demo``'s stages, and its credentials stage.

Each stage drives the library's own use cases and pure cores over the synthetic practice of
:mod:`medoffice.cli._demo_practice` and returns a JSON-ready summary. ``advance`` is called once
per unit of work so the command can draw progress bars; the stages never print.

:class:`RememberingAppointments` puts a write-through memory in front of an appointment
repository: saves still go behind (where the version is checked), reads come from memory.
:class:`RememberingStore` is the database as the scheduling store, its appointments read
through that memory (forgotten whenever a unit of work rolls back).

>>> from medoffice.adapters.memory import InMemoryAppointmentRepository
>>> behind = InMemoryAppointmentRepository()
>>> front = RememberingAppointments(behind)
>>> front.save([], expected_version=front.load().version) == behind.load().version
True

More information: docs/demo.md.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from types import TracebackType
from typing import TYPE_CHECKING, Any, Final, Self, final

import attrs

from medoffice.adapters.bridges import CredentialEligibility
from medoffice.adapters.formats.roster import roster_from_mapping
from medoffice.cli._demo_practice import MONTH, NOW, STATE, DemoPractice
from medoffice.credentials import Credentialing, Standing, StatusIndex, plan_alerts, status
from medoffice.kernel import AuditLog, ConcurrencyConflict
from medoffice.scheduling import (
    Appointment,
)
from medoffice.scheduling.ports import (
    AppointmentRepository,
    StoredAppointments,
    WaitlistRepository,
)

if TYPE_CHECKING:
    from medoffice.adapters.databases import Database, DatabaseUnitOfWork

__all__ = [
    "Advance",
    "DemoClock",
    "Eligibility",
    "RememberingAppointments",
    "RememberingStore",
    "credentials_stage",
]

Advance = Callable[[int], None]
_NOT_IN_FORCE: Final = frozenset(
    {
        Standing.IN_GRACE,
        Standing.LAPSED_REINSTATABLE,
        Standing.EXPIRED,
        Standing.MISSING,
        Standing.UNDECIDABLE,
    }
)


@final
class DemoClock:
    """A clock fixed at one instant: the demo replays a month, so its time is chosen, not read."""

    __slots__ = ("_now",)

    def __init__(self, now: datetime) -> None:
        self._now = now.astimezone(UTC)

    def __repr__(self) -> str:
        return f"DemoClock({self._now.isoformat()})"

    def now(self) -> datetime:
        """The chosen instant."""
        return self._now


@final
class Eligibility:
    """Scheduling's eligibility port answered from the credential repository (one state)."""

    __slots__ = ("_answers", "_credentials", "_state")

    def __init__(self, credentials: CredentialEligibility, state: str) -> None:
        self._credentials = credentials
        self._state = state
        self._answers: dict[tuple[str, date], bool] = {}

    def is_eligible(self, provider: str, type_code: str, on: date) -> bool:
        """True when the provider's credentials let them practise in the state on ``on``."""
        key = (provider, on)
        if key not in self._answers:
            self._answers[key] = self._credentials.is_eligible(provider, self._state, on)[0]
        return self._answers[key]


@final
class RememberingAppointments:
    """An ``AppointmentRepository`` that remembers what it read and wrote, in front of another.

    Every save still goes to the repository behind, which checks the version; a conflict
    forgets what was remembered, so the use case's retry reads afresh. Reading is then free
    while this process is the only writer, which is what a batch of bookings needs.
    """

    __slots__ = ("_inner", "_stored")

    def __init__(self, inner: AppointmentRepository) -> None:
        self._inner = inner
        self._stored: StoredAppointments | None = None

    def __repr__(self) -> str:
        return f"RememberingAppointments({self._inner!r})"

    def load(self) -> StoredAppointments:
        """What was last read or written, or a fresh read."""
        if self._stored is None:
            self._stored = self._inner.load()
        return self._stored

    def save(self, changed: Sequence[Appointment], *, expected_version: int) -> int:
        """Save behind; remember the result only when the save succeeded."""
        try:
            version = self._inner.save(changed, expected_version=expected_version)
        except ConcurrencyConflict:
            self._stored = None
            raise
        known = self._stored
        if known is None or known.version != expected_version:
            self._stored = None
            return version
        replaced = {a.id: a for a in changed}
        kept = [replaced.pop(a.id, a) for a in known.appointments]
        kept.extend(replaced.values())
        self._stored = StoredAppointments(appointments=kept, version=version)
        return version

    def forget(self) -> None:
        """Drop what was remembered (a unit of work that saved through it rolled back)."""
        self._stored = None


@final
class RememberingStore:
    """The database as a scheduling store whose appointments are read through memory."""

    __slots__ = ("_appointments", "_database")

    def __init__(self, database: Database) -> None:
        self._database = database
        self._appointments = RememberingAppointments(database.appointments)

    def __repr__(self) -> str:
        return f"RememberingStore({self._database!r})"

    @property
    def appointments(self) -> RememberingAppointments:
        """The remembering appointments (reads outside a unit of work)."""
        return self._appointments

    def unit_of_work(self) -> _RememberingUnit:
        """The database's unit of work, with the remembering appointments."""
        return _RememberingUnit(self._database.unit_of_work(), self._appointments)


@final
class _RememberingUnit:
    __slots__ = ("_appointments", "_unit")

    def __init__(self, unit: DatabaseUnitOfWork, appointments: RememberingAppointments) -> None:
        self._unit = unit
        self._appointments = appointments

    def __enter__(self) -> Self:
        self._unit.__enter__()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if kind is not None:
            self._appointments.forget()
        try:
            self._unit.__exit__(kind, error, trace)
        except BaseException:
            self._appointments.forget()
            raise

    @property
    def appointments(self) -> RememberingAppointments:
        return self._appointments

    @property
    def waitlist(self) -> WaitlistRepository:
        return self._unit.waitlist


def credentials_stage(
    practice: DemoPractice, database: Database, audit: AuditLog, advance: Advance
) -> dict[str, Any]:
    """Record the roster's credentials, report standings at month end, plan the reminders."""
    roster = roster_from_mapping(practice.roster)
    repository = database.credentials
    credentialing = Credentialing(database, clock=DemoClock(NOW), audit=audit)
    for member in roster.staff:
        repository.save(attrs.evolve(member, credentials=()), expected_version=0)
        for credential in member.credentials:
            credentialing.record_credential(member.id, credential)
        advance(1)
    end = MONTH.last
    not_in_force: dict[str, list[object]] = {}
    for member in roster.staff:
        for entry in status(member, end, explain=False):
            if entry.standing in _NOT_IN_FORCE:
                not_in_force.setdefault(member.id, []).append(entry.requirement)
    alerts = plan_alerts(
        StatusIndex(roster.staff).due_items(MONTH.first), MONTH.first, horizon_days=30
    )
    eligibility = CredentialEligibility(repository)
    blocked = {}
    for provider in practice.providers:
        last_day = next(
            (d for d in MONTH if not eligibility.is_eligible(provider, STATE, d)[0]), None
        )
        if last_day is not None:
            blocked[provider] = last_day.isoformat()
    return {
        "staff": len(roster.staff),
        "not_in_force_on": end.isoformat(),
        "staff_not_in_force": len(not_in_force),
        "requirements_not_in_force": dict(
            sorted(Counter(str(r) for rs in not_in_force.values() for r in rs).items())
        ),
        "alerts_planned": len(alerts),
        "alerts_by_tier": dict(sorted(Counter(a.tier.value for a in alerts).items())),
        "providers_not_bookable_from": dict(sorted(blocked.items())),
    }
