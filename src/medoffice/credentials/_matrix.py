"""The requirement matrix: which credentials a staff member needs, as data.

Each :class:`MatrixRow` says: staff in these roles (optionally only when they perform an
activity, or bill a payer) need this kind of credential, once, once per state they work in, or
once per payer they bill. :func:`requirements_for` applies the rows to a staff member; the
answer is a sorted tuple of :class:`Requirement` values, so it is the same whatever order the
facts were recorded in.

>>> from medoffice.credentials._model import Activity, Role, StaffMember
>>> nurse = StaffMember(id="S-2", role=Role.REGISTERED_NURSE, states={"TX", "CA"})
>>> [str(r) for r in requirements_for(nurse)]
['bls', 'state_license/CA', 'state_license/TX']

More information: the rows cite the packs in :mod:`._packs`; state scope-of-practice rules
vary, so adapt ``MATRIX`` to your states with :func:`requirements_for`'s ``matrix`` argument.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Final, final

import attrs

from medoffice.credentials._model import Activity, CredentialKind, Role, StaffMember

__all__ = ["MATRIX", "MEDICARE", "MatrixRow", "Requirement", "Scope", "requirements_for"]

_R = Role
_LICENSED: Final = frozenset(
    {
        _R.PHYSICIAN,
        _R.NURSE_PRACTITIONER,
        _R.PHYSICIAN_ASSISTANT,
        _R.REGISTERED_NURSE,
        _R.LICENSED_PRACTICAL_NURSE,
        _R.RADIOLOGY_TECH,
    }
)
_CLINICAL: Final = _LICENSED | {_R.MEDICAL_ASSISTANT, _R.LAB_TECH}
_BILLING_PROVIDERS: Final = frozenset({_R.PHYSICIAN, _R.NURSE_PRACTITIONER, _R.PHYSICIAN_ASSISTANT})
_EVERYONE: Final = frozenset(Role)

MEDICARE: Final = "MEDICARE"


@final
class Scope(enum.StrEnum):
    """How many of a credential a row asks for."""

    ONCE = "once"
    PER_STATE = "per_state"
    PER_PAYER = "per_payer"


def _roles(values: Iterable[Role | str]) -> frozenset[Role]:
    return frozenset(Role(v) for v in values)


def _payers(values: Iterable[str]) -> frozenset[str]:
    return frozenset(v.upper() for v in values)


@final
@attrs.frozen(kw_only=True)
class MatrixRow:
    """Staff in ``roles`` (doing ``activity``; billing ``payer``) need ``kind`` at ``scope``.

    ``payer`` ``None`` with ``PER_PAYER`` means every payer except those listed in
    ``except_payers``; a ``payer`` on a ``PER_STATE`` row asks for the credential in each state
    only of staff who bill that payer (Medicaid enrolment). ``states`` limits a ``PER_STATE``
    row to those states (a state controlled-substance registration); empty means every state.
    """

    roles: frozenset[Role] = attrs.field(converter=_roles)
    kind: CredentialKind
    scope: Scope = Scope.ONCE
    activity: Activity | None = None
    payer: str | None = None
    except_payers: frozenset[str] = attrs.field(default=frozenset(), converter=_payers)
    states: frozenset[str] = attrs.field(default=frozenset(), converter=_payers)


@final
@attrs.frozen(order=True, cache_hash=True)
class Requirement:
    """One credential a staff member needs: its kind, and the state or payer it is for."""

    kind: CredentialKind
    jurisdiction: str | None = None
    payer: str | None = None

    def __str__(self) -> str:
        return "/".join(p for p in (self.kind.value, self.jurisdiction, self.payer) if p)

    def sort_key(self) -> tuple[str, str, str]:
        """Kind, jurisdiction and payer as strings (``None`` sorts first)."""
        return (self.kind.value, self.jurisdiction or "", self.payer or "")


#: The shipped requirement matrix (role x activity x state x payer).
MATRIX: Final[tuple[MatrixRow, ...]] = (
    MatrixRow(roles=_LICENSED, kind=CredentialKind.STATE_LICENSE, scope=Scope.PER_STATE),
    MatrixRow(roles=_CLINICAL, kind=CredentialKind.BLS),
    MatrixRow(
        roles=_EVERYONE,
        kind=CredentialKind.DEA_REGISTRATION,
        scope=Scope.PER_STATE,
        activity=Activity.PRESCRIBES_CONTROLLED,
    ),
    MatrixRow(
        roles=_EVERYONE, kind=CredentialKind.BBP_TRAINING, activity=Activity.EXPOSED_TO_BLOOD
    ),
    MatrixRow(roles=_CLINICAL, kind=CredentialKind.ACLS, activity=Activity.ADULT_RESUSCITATION),
    MatrixRow(roles=_CLINICAL, kind=CredentialKind.PALS, activity=Activity.PEDIATRIC_RESUSCITATION),
    MatrixRow(
        roles=_BILLING_PROVIDERS,
        kind=CredentialKind.MEDICARE_ENROLLMENT,
        scope=Scope.PER_PAYER,
        payer=MEDICARE,
    ),
    MatrixRow(
        roles=_BILLING_PROVIDERS,
        kind=CredentialKind.PAYER_CREDENTIALING,
        scope=Scope.PER_PAYER,
        except_payers=frozenset({MEDICARE}),
    ),
    MatrixRow(
        roles=_BILLING_PROVIDERS,
        kind=CredentialKind.CAQH_ATTESTATION,
        scope=Scope.ONCE,
        except_payers=frozenset({MEDICARE}),
    ),
)

_CACHE: dict[tuple[object, ...], tuple[Requirement, ...]] = {}
_CACHE_LIMIT: Final = 4096


def requirements_for(
    staff: StaffMember, *, matrix: tuple[MatrixRow, ...] = MATRIX
) -> tuple[Requirement, ...]:
    """The credentials ``staff`` needs under ``matrix``, sorted and without duplicates."""
    key = (staff.role, staff.activities, staff.states, staff.payers, id(matrix))
    cached = _CACHE.get(key) if matrix is MATRIX else None
    if cached is not None:
        return cached
    found: set[Requirement] = set()
    for row in matrix:
        if staff.role not in row.roles:
            continue
        if row.activity is not None and row.activity not in staff.activities:
            continue
        payers = sorted(p for p in staff.payers if p not in row.except_payers)
        if row.payer is not None:
            payers = [row.payer] if row.payer in staff.payers else []
        if row.scope is Scope.PER_STATE:
            if row.payer is not None and not payers:
                continue
            found.update(
                Requirement(row.kind, state)
                for state in staff.states
                if not row.states or state in row.states
            )
        elif row.scope is Scope.PER_PAYER:
            found.update(Requirement(row.kind, None, payer) for payer in payers)
        elif row.except_payers and not payers:
            continue
        else:
            found.add(Requirement(row.kind))
    result = tuple(sorted(found, key=Requirement.sort_key))
    if matrix is MATRIX and len(_CACHE) < _CACHE_LIMIT:
        _CACHE[key] = result
    return result
