"""Provider eligibility from credentials: the seam scheduling books through.

The scheduling package declares its own eligibility port (``is_eligible(provider_id, state,
on) -> (eligible, blocking reasons)``); this adapter answers it from a
:class:`~medoffice.credentials.ports.CredentialRepository` and the credential rules, so a
provider whose licence lapsed cannot be booked after that date. Neither domain imports the
other: only this adapter knows both shapes.

>>> from datetime import date
>>> from medoffice.adapters.memory import InMemoryCredentialRepository
>>> from medoffice.credentials import Credential, StaffMember
>>> repo = InMemoryCredentialRepository()
>>> licence = Credential(
...     kind="state_license",
...     issuer="TMB",
...     jurisdiction="TX",
...     issued_on=date(2024, 1, 1),
...     expires_on=date(2026, 1, 31),
... )
>>> _ = repo.save(
...     StaffMember(id="P-1", role="physician", states={"TX"}, credentials=[licence]),
...     expected_version=0,
... )
>>> eligibility = CredentialEligibility(repo)
>>> eligibility.is_eligible("P-1", "TX", date(2026, 1, 31))
(True, ())
>>> eligibility.is_eligible("P-1", "TX", date(2026, 2, 1))
(False, ('state_license/TX:in_grace',))

:class:`SchedulingEligibility` has the exact shape of
``medoffice.scheduling.ports.ProviderEligibility`` (``is_eligible(provider, type_code, on) ->
bool``) for a practice in one state: every appointment type needs a licence in force there.

More information: docs/credentials.md (capabilities).
"""

from __future__ import annotations

from datetime import date
from typing import Final, final

from medoffice.credentials._capabilities import can_practise
from medoffice.credentials._packs import DEFAULT_RULES
from medoffice.credentials._rules import RuleBook
from medoffice.credentials.ports import CredentialRepository

__all__ = ["UNKNOWN_PROVIDER", "CredentialEligibility", "SchedulingEligibility"]

#: The blocking reason given for a provider id the repository does not know.
UNKNOWN_PROVIDER: Final = "provider:unknown"


@final
class CredentialEligibility:
    """``is_eligible`` answered by :func:`~medoffice.credentials.can_practise`."""

    __slots__ = ("_repository", "_rules")

    def __init__(
        self, repository: CredentialRepository, *, rules: RuleBook = DEFAULT_RULES
    ) -> None:
        self._repository = repository
        self._rules = rules

    def __repr__(self) -> str:
        return f"CredentialEligibility({self._repository!r})"

    def is_eligible(self, provider_id: str, state: str, on: date) -> tuple[bool, tuple[str, ...]]:
        """Whether the provider may practise in ``state`` on ``on``, and why not."""
        member = self._repository.get(provider_id)
        if member is None:
            return False, (UNKNOWN_PROVIDER,)
        answer = can_practise(member, state, on, rules=self._rules)
        return answer.allowed, answer.reasons


@final
class SchedulingEligibility:
    """The scheduling port's shape: a yes or no per provider, appointment type and day.

    ``state`` is where the visits happen; ``exempt_types`` lists appointment types that need no
    licence (an administrative meeting, say). Blocking reasons are available from
    :meth:`reasons` for a message to the person booking.
    """

    __slots__ = ("_exempt", "_inner", "_state")

    def __init__(
        self,
        repository: CredentialRepository,
        *,
        state: str,
        exempt_types: frozenset[str] = frozenset(),
        rules: RuleBook = DEFAULT_RULES,
    ) -> None:
        self._inner = CredentialEligibility(repository, rules=rules)
        self._state = state.upper()
        self._exempt = frozenset(exempt_types)

    def __repr__(self) -> str:
        return f"SchedulingEligibility(state={self._state!r})"

    def is_eligible(self, provider: str, type_code: str, on: date) -> bool:
        """Whether ``provider`` may see ``type_code`` visits on ``on``."""
        return type_code in self._exempt or self._inner.is_eligible(provider, self._state, on)[0]

    def reasons(self, provider: str, on: date) -> tuple[str, ...]:
        """Why ``provider`` cannot be booked on ``on`` (empty when they can)."""
        return self._inner.is_eligible(provider, self._state, on)[1]
