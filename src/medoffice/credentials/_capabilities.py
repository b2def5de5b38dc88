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

from medoffice.credentials._matrix import (
    MATRIX,
    MEDICARE,
    MatrixRow,
    Requirement,
    requirements_for,
)
from medoffice.credentials._model import Credential, CredentialKind, Location, Role, StaffMember
from medoffice.credentials._packs import DEFAULT_RULES
from medoffice.credentials._professions import profession_of
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
    """One reason a capability is refused: the requirement, its standing, the rule if any.

    An ``undecidable`` blocker names the ``missing`` fact that would decide it.
    """

    requirement: Requirement
    standing: Standing
    rule: str | None = None
    missing: str | None = None

    @property
    def code(self) -> str:
        """``requirement:standing``, such as ``state_license/CA:expired``; an undecidable one
        adds the missing fact (``state_license/CA:undecidable:birth_date``)."""
        code = f"{self.requirement}:{self.standing.value}"
        return f"{code}:{self.missing}" if self.missing else code


@final
@attrs.frozen(kw_only=True)
class Capability:
    """A yes or no, with every blocking reason (empty when allowed).

    ``allowed`` is ``True`` only when every credential the capability needs is shown to be in
    force. When the only obstacles are undecidable credentials the answer is not a refusal:
    :attr:`decided` is ``False`` and :attr:`missing` names the facts that would decide it.
    """

    allowed: bool
    blocking: tuple[Blocker, ...] = ()

    def __bool__(self) -> bool:
        return self.allowed

    @property
    def reasons(self) -> tuple[str, ...]:
        """The blocking reasons as codes."""
        return tuple(b.code for b in self.blocking)

    @property
    def decided(self) -> bool:
        """Whether the answer is known: allowed, or refused for a reason that is not missing
        information."""
        return self.allowed or any(b.standing is not Standing.UNDECIDABLE for b in self.blocking)

    @property
    def missing(self) -> tuple[str, ...]:
        """The facts whose absence keeps the answer undecided, such as ``birth_date``."""
        return tuple(sorted({b.missing for b in self.blocking if b.missing}))


def _check(
    requirement: Requirement,
    held: tuple[Credential, ...],
    on: date,
    staff: StaffMember | None,
    rules: RuleBook,
) -> Blocker | None:
    check_day(on)
    credentials = tuple(c for c in held if requirement_of(c, rules=rules) == requirement)
    best = best_credential(
        credentials,
        on,
        birth_date=staff.birth_date if staff else None,
        rules=rules,
        profession=profession_of(staff) if staff else None,
        practice_states=staff.states if staff else frozenset(),
    )
    if best is None:
        return Blocker(requirement=requirement, standing=Standing.MISSING)
    line = best[1]
    standing = line.standing(on)
    if standing.in_force or (standing is Standing.IN_GRACE and line.grace_in_force):
        return None
    return Blocker(
        requirement=requirement,
        standing=standing,
        rule=line.rule.id.value if line.rule else None,
        missing=line.missing_fact if standing is Standing.UNDECIDABLE else None,
    )


_BUILT_IN_GATES: Final = {
    "practise": frozenset({CredentialKind.STATE_LICENSE}),
    "prescribe_controlled": frozenset(
        {CredentialKind.STATE_LICENSE, CredentialKind.DEA_REGISTRATION}
    ),
    "bill": frozenset(
        {
            CredentialKind.STATE_LICENSE,
            CredentialKind.MEDICARE_ENROLLMENT,
            CredentialKind.PAYER_CREDENTIALING,
            CredentialKind.CAQH_ATTESTATION,
        }
    ),
}


def _gated(
    staff: StaffMember,
    capability: str,
    state: str,
    on: date,
    *,
    rules: RuleBook,
    matrix: tuple[MatrixRow, ...],
) -> list[Blocker | None]:
    """Blockers from the required kinds whose packs say they gate ``capability``."""
    if matrix is MATRIX:
        return []  # the shipped matrix asks only for the kinds checked explicitly
    built_in = _BUILT_IN_GATES.get(capability, frozenset())
    found: list[Blocker | None] = []
    for requirement in requirements_for(staff, matrix=matrix):
        spec = rules.kind_spec(requirement.kind)
        if spec is None or capability not in spec.gates or requirement.kind in built_in:
            continue
        if requirement.jurisdiction is not None and requirement.jurisdiction != state:
            continue
        found.append(_check(requirement, staff.credentials, on, staff, rules))
    return found


def _answer(blockers: list[Blocker | None]) -> Capability:
    # a blocker met twice (practise inside prescribe) counts once, in first-seen order
    found = tuple(dict.fromkeys(b for b in blockers if b is not None))
    return Capability(allowed=not found, blocking=found)


def _licence(staff: StaffMember, state: str, on: date, rules: RuleBook) -> list[Blocker | None]:
    if not isinstance(staff, StaffMember):
        raise InvalidArgument(
            f"capabilities are asked of a StaffMember, not {type(staff).__name__}"
        )
    check_day(on)
    if staff.role not in _LICENSED:
        return []
    requirement = Requirement(CredentialKind.STATE_LICENSE, state.upper())
    return [_check(requirement, staff.credentials, on, staff, rules)]


def can_practise(
    staff: StaffMember,
    state: str,
    on: date,
    *,
    rules: RuleBook = DEFAULT_RULES,
    matrix: tuple[MatrixRow, ...] = MATRIX,
) -> Capability:
    """Whether ``staff`` may work in ``state`` on ``on`` (a licence in force if licensed).

    With a ``matrix`` that requires more kinds (such as ``OFFICE_MATRIX``), every required
    kind whose pack gates practice (a malpractice certificate) must be in force too.
    """
    blockers = _licence(staff, state, on, rules)
    blockers.extend(_gated(staff, "practise", state.upper(), on, rules=rules, matrix=matrix))
    return _answer(blockers)


def can_prescribe_controlled(
    staff: StaffMember,
    state: str,
    on: date,
    *,
    rules: RuleBook = DEFAULT_RULES,
    matrix: tuple[MatrixRow, ...] = MATRIX,
) -> Capability:
    """Whether ``staff`` may prescribe controlled substances in ``state`` on ``on``.

    A state controlled-substance registration, where the ``matrix`` requires one, is checked
    with the DEA registration it is linked to.
    """
    blockers: list[Blocker | None] = list(
        can_practise(staff, state, on, rules=rules, matrix=matrix).blocking
    )
    dea = Requirement(CredentialKind.DEA_REGISTRATION, state.upper())
    blockers.append(_check(dea, staff.credentials, on, staff, rules))
    blockers.extend(
        _gated(staff, "prescribe_controlled", state.upper(), on, rules=rules, matrix=matrix)
    )
    return _answer(list(blockers))


def can_bill(
    staff: StaffMember,
    payer: str,
    location: Location,
    on: date,
    *,
    rules: RuleBook = DEFAULT_RULES,
    matrix: tuple[MatrixRow, ...] = MATRIX,
) -> Capability:
    """Whether ``staff`` may bill ``payer`` for work at ``location`` on ``on``."""
    blockers: list[Blocker | None] = list(
        can_practise(staff, location.state, on, rules=rules, matrix=matrix).blocking
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
    blockers.append(_check(enrolment, staff.credentials, on, staff, rules))
    blockers.extend(_gated(staff, "bill", location.state, on, rules=rules, matrix=matrix))
    return _answer(blockers)


def can_perform_waived_tests(
    location: Location, on: date, *, rules: RuleBook = DEFAULT_RULES
) -> Capability:
    """Whether ``location`` holds a CLIA certificate in force on ``on``."""
    clia = Requirement(CredentialKind.CLIA_CERTIFICATE)
    return _answer([_check(clia, location.credentials, on, None, rules)])
