"""The requirement matrix: which credentials a staff member needs, as data.

:data:`MATRIX` is a tuple of :class:`MatrixRow` values (role x activity x state x payer, each
row with its :class:`Scope`); :func:`requirements_for` lists a staff member's requirements.
:data:`OFFICE_MATRIX` adds the kinds an office tracks; :data:`MEDICARE` and :data:`MEDICAID`
name the public payers.

>>> from medoffice.credentials import Role, StaffMember
>>> nurse = StaffMember(id="S-2", role=Role.REGISTERED_NURSE, states={"TX", "CA"})
>>> [str(r) for r in requirements_for(nurse)]
['bls', 'state_license/CA', 'state_license/TX']
"""

from medoffice.credentials._kind_packs import (
    MEDICAID,
    OFFICE_MATRIX,
)
from medoffice.credentials._matrix import (
    MATRIX,
    MEDICARE,
    MatrixRow,
    Scope,
    requirements_for,
)

__all__ = [
    "MATRIX",
    "MEDICAID",
    "MEDICARE",
    "OFFICE_MATRIX",
    "MatrixRow",
    "Scope",
    "requirements_for",
]
