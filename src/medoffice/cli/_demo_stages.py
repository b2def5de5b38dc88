"""The shared pieces of ``medoffice demo``'s stages, and its credentials stage.

Each stage drives the library's own use cases and pure cores over the synthetic practice of
:mod:`medoffice.cli._demo_practice` and returns a JSON-ready summary. ``advance`` is called once
per unit of work so the command can draw progress bars; the stages never print.

>>> DemoClock(NOW).now().isoformat()
'2026-03-01T14:00:00+00:00'

More information: docs/demo.md.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, Final, final

import attrs

from medoffice.adapters.bridges import CredentialEligibility
from medoffice.adapters.formats.roster import roster_from_mapping
from medoffice.cli._demo_practice import MONTH, NOW, STATE, DemoPractice
from medoffice.credentials._alerts import plan_alerts
from medoffice.credentials._index import StatusIndex
from medoffice.credentials._status import Standing, status
from medoffice.credentials.services import Credentialing
from medoffice.kernel import AuditLog

if TYPE_CHECKING:
    from medoffice.adapters.databases import Database

__all__ = [
    "Advance",
    "DemoClock",
    "Eligibility",
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
