"""One requirement's status: the question a coordinator asks most ("is her CA licence OK?").

:func:`requirement_status` answers for a single requirement, given as a
:class:`~medoffice.credentials.Requirement` or as its text (``state_license/CA``,
``payer_credentialing/ACME``, ``bls``), exactly as :func:`~medoffice.credentials.status` would
answer for it, without computing the others. A requirement the matrix does not ask of the
person is answered as ``not_required`` (with the credential's dates when one is held).

>>> from datetime import date
>>> from medoffice.credentials._model import Credential, StaffMember
>>> licence = Credential(
...     kind="state_license", issuer="PAB", jurisdiction="CA", issued_on=date(2024, 3, 10)
... )
>>> pa = StaffMember(id="S-8", role="pa", states={"CA"}, credentials=[licence])
>>> answer = requirement_status(pa, "state_license/CA", date(2025, 1, 1))
>>> answer.standing.value, answer.missing
('undecidable', 'birth_date')

More information: see :mod:`._status`.
"""

from __future__ import annotations

from datetime import date

from medoffice.credentials._matrix import MATRIX, MatrixRow, Requirement, Scope, requirements_for
from medoffice.credentials._model import CredentialKind, StaffMember
from medoffice.credentials._packs import DEFAULT_RULES
from medoffice.credentials._rules import RuleBook
from medoffice.credentials._status import CredentialStatus, answer_for, check_day, requirement_of
from medoffice.kernel import InvalidArgument

__all__ = ["parse_requirement", "requirement_status"]


def parse_requirement(text: str, *, rules: RuleBook = DEFAULT_RULES) -> Requirement:
    """The requirement written as ``kind``, ``kind/STATE`` or ``kind/PAYER``.

    The kind's scope (declared by the packs) says whether the second part is a state or a
    payer.
    """
    if not text.strip():
        raise InvalidArgument("a requirement is written kind, kind/STATE or kind/PAYER")
    kind_text, _, rest = text.strip().partition("/")
    try:
        kind = CredentialKind(kind_text.strip().lower())
    except ValueError:
        raise InvalidArgument("a requirement starts with a credential kind") from None
    scope = rules.scope_of(kind)
    part = rest.strip().upper() or None
    if scope is Scope.ONCE:
        if part is not None:
            raise InvalidArgument(f"{kind} is held once, without a state or payer")
        return Requirement(kind)
    if part is None:
        raise InvalidArgument(
            f"{kind} is held per {'state' if scope is Scope.PER_STATE else 'payer'}"
        )
    if scope is Scope.PER_STATE:
        return Requirement(kind, part)
    return Requirement(kind, None, part)


def requirement_status(
    staff: StaffMember,
    requirement: Requirement | str,
    on: date,
    *,
    rules: RuleBook = DEFAULT_RULES,
    matrix: tuple[MatrixRow, ...] = MATRIX,
    explain: bool = True,
) -> CredentialStatus:
    """The standing of ``requirement`` for ``staff`` on ``on``, as ``status`` gives it."""
    if not isinstance(staff, StaffMember):
        raise InvalidArgument(f"status is asked of a StaffMember, not {type(staff).__name__}")
    check_day(on)
    wanted = (
        requirement
        if isinstance(requirement, Requirement)
        else parse_requirement(requirement, rules=rules)
    )
    held = tuple(c for c in staff.credentials if requirement_of(c, rules=rules) == wanted)
    return answer_for(
        wanted,
        held,
        on,
        staff=staff,
        required=wanted in requirements_for(staff, matrix=matrix),
        rules=rules,
        explain=explain,
    )
