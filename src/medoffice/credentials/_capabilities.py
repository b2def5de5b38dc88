"""Capabilities: may this person practise, prescribe or bill, may this location test, on a day.

Each answer is a :class:`Capability`: a boolean and the blocking reasons, one per credential
that is not in force, naming the requirement, its standing and the rule. A grace or
reinstatement window is not a licence to work: a DEA registration that can still be renewed in
the calendar month after expiry does not allow prescribing controlled substances meanwhile.

>>> from datetime import date
>>> from medoffice.credentials._model import Activity, Credential, Role, StaffMember
>>> dea = Credential(
...     kind="dea_registration",
...     issuer="DEA",
...     jurisdiction="TX",
...     issued_on=date(2023, 3, 1),
...     expires_on=date(2026, 2, 28),
... )
>>> lic = Credential(
...     kind="state_license",
...     issuer="TMB",
...     jurisdiction="TX",
...     issued_on=date(2025, 1, 1),
...     expires_on=date(2027, 1, 31),
... )
>>> doc = StaffMember(
...     id="S-4",
...     role=Role.PHYSICIAN,
...     states={"TX"},
...     activities={Activity.PRESCRIBES_CONTROLLED},
...     credentials=[dea, lic],
... )
>>> answer = can_prescribe_controlled(doc, "TX", date(2026, 3, 15))
>>> answer.allowed, [b.code for b in answer.blocking]
(False, ['dea_registration/TX:lapsed_reinstatable'])

More information: 21 CFR 1301.13; 42 CFR 424.500-424.570; 42 CFR 493.
"""

from __future__ import annotations

from datetime import date
from typing import Final, final

import attrs

from medoffice.credentials._matrix import MEDICARE, Requirement
from medoffice.credentials._model import Credential, CredentialKind, Location, Role, StaffMember
from medoffice.credentials._packs import DEFAULT_RULES
from medoffice.credentials._rules import RuleBook
from medoffice.credentials._status import Standing, best_credential, check_day, requirement_of
from medoffice.kernel import InvalidArgument

__all__ = [
    "Blocker",
    "Capability",
    "can_bill",
    "can_perform_waived_tests",
    "can_practise",
    "can_prescribe_controlled",
]

_LICENSED: Final = frozenset(
    {
        Role.PHYSICIAN,
        Role.NURSE_PRACTITIONER,
        Role.PHYSICIAN_ASSISTANT,
        Role.REGISTERED_NURSE,
        Role.LICENSED_PRACTICAL_NURSE,
        Role.RADIOLOGY_TECH,
    }
)
_BILLING: Final = frozenset({Role.PHYSICIAN, Role.NURSE_PRACTITIONER, Role.PHYSICIAN_ASSISTANT})


@final
@attrs.frozen(kw_only=True)
class Blocker:
    """One reason a capability is refused: the requirement, its standing, the rule if any."""

    requirement: Requirement
    standing: Standing
    rule: str | None = None

    @property
    def code(self) -> str:
        """``requirement:standing``, such as ``state_license/CA:expired``."""
        return f"{self.requirement}:{self.standing.value}"


@final
@attrs.frozen(kw_only=True)
class Capability:
    """A yes or no, with every blocking reason (empty when allowed)."""

    allowed: bool
    blocking: tuple[Blocker, ...] = ()

    def __bool__(self) -> bool:
        return self.allowed

    @property
    def reasons(self) -> tuple[str, ...]:
        """The blocking reasons as codes."""
        return tuple(b.code for b in self.blocking)


def _check(
    requirement: Requirement,
    held: tuple[Credential, ...],
    on: date,
    birth_date: date | None,
    rules: RuleBook,
) -> Blocker | None:
    check_day(on)
    credentials = tuple(c for c in held if requirement_of(c) == requirement)
    best = best_credential(credentials, on, birth_date=birth_date, rules=rules)
    if best is None:
        return Blocker(requirement=requirement, standing=Standing.MISSING)
    line = best[1]
    standing = line.standing(on)
    if standing.in_force or (standing is Standing.IN_GRACE and line.grace_in_force):
        return None
    return Blocker(
        requirement=requirement, standing=standing, rule=line.rule.id.value if line.rule else None
    )


def _answer(blockers: list[Blocker | None]) -> Capability:
    found = tuple(b for b in blockers if b is not None)
    return Capability(allowed=not found, blocking=found)


def can_practise(
    staff: StaffMember, state: str, on: date, *, rules: RuleBook = DEFAULT_RULES
) -> Capability:
    """Whether ``staff`` may work in ``state`` on ``on`` (a licence in force if licensed)."""
    if not isinstance(staff, StaffMember):
        raise InvalidArgument(
            f"capabilities are asked of a StaffMember, not {type(staff).__name__}"
        )
    check_day(on)
    if staff.role not in _LICENSED:
        return Capability(allowed=True)
    requirement = Requirement(CredentialKind.STATE_LICENSE, state.upper())
    return _answer([_check(requirement, staff.credentials, on, staff.birth_date, rules)])


def can_prescribe_controlled(
    staff: StaffMember, state: str, on: date, *, rules: RuleBook = DEFAULT_RULES
) -> Capability:
    """Whether ``staff`` may prescribe controlled substances in ``state`` on ``on``."""
    blockers: list[Blocker | None] = list(can_practise(staff, state, on, rules=rules).blocking)
    dea = Requirement(CredentialKind.DEA_REGISTRATION, state.upper())
    blockers.append(_check(dea, staff.credentials, on, staff.birth_date, rules))
    return _answer(list(blockers))


def can_bill(
    staff: StaffMember,
    payer: str,
    location: Location,
    on: date,
    *,
    rules: RuleBook = DEFAULT_RULES,
) -> Capability:
    """Whether ``staff`` may bill ``payer`` for work at ``location`` on ``on``."""
    blockers: list[Blocker | None] = list(
        can_practise(staff, location.state, on, rules=rules).blocking
    )
    payer = payer.upper()
    if staff.role not in _BILLING:
        blockers.append(
            Blocker(
                requirement=Requirement(CredentialKind.PAYER_CREDENTIALING, None, payer),
                standing=Standing.NOT_REQUIRED,
                rule="CRED-NOT-A-BILLING-ROLE",
            )
        )
        return _answer(blockers)
    kind = (
        CredentialKind.MEDICARE_ENROLLMENT
        if payer == MEDICARE
        else CredentialKind.PAYER_CREDENTIALING
    )
    enrolment = Requirement(kind, None, payer)
    blockers.append(_check(enrolment, staff.credentials, on, staff.birth_date, rules))
    return _answer(blockers)


def can_perform_waived_tests(
    location: Location, on: date, *, rules: RuleBook = DEFAULT_RULES
) -> Capability:
    """Whether ``location`` holds a CLIA certificate in force on ``on``."""
    clia = Requirement(CredentialKind.CLIA_CERTIFICATE)
    return _answer([_check(clia, location.credentials, on, None, rules)])
