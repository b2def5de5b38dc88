"""Professions: which board's rule a licence follows, from the NUCC taxonomy or the role.

A California licence held by a physician follows the Medical Board's rule; held by a physician
assistant, the Physician Assistant Board's birth-month rule; held by a registered nurse or a
nurse practitioner (who practises on a registered nurse licence), the Board of Registered
Nursing's. Rules therefore name the professions they govern (:attr:`Rule.professions`), and a
staff member's profession comes from their NUCC Health Care Provider Taxonomy code when one is
recorded (the classification the licence was issued under), else from their practice role.

>>> from medoffice.credentials._model import StaffMember
>>> profession_of(StaffMember(id="S-1", role="rn", taxonomy="363L00000X")).value
'np'
>>> profession_of(StaffMember(id="S-2", role="pa")).value
'pa'

More information: NUCC Health Care Provider Taxonomy (https://taxonomy.nucc.org), code set
version 25.0 (2025); the classification codes below are stable across versions.
"""

from __future__ import annotations

from typing import Final

from medoffice.credentials._model import Role, StaffMember

__all__ = ["NUCC_PROFESSIONS", "profession_of"]

#: (NUCC code prefix, profession): the first matching prefix wins, longer prefixes first.
#: Source: NUCC Health Care Provider Taxonomy; groupings "Allopathic & Osteopathic Physicians"
#: (codes 20x), "Physician Assistants & Advanced Practice Nursing Providers" (363A physician
#: assistant, 363L nurse practitioner, 364S clinical nurse specialist, 367A midwife, 3675
#: nurse anesthetist) and "Nursing Service Providers" (163W registered nurse, 164W licensed
#: practical nurse, 164X licensed vocational nurse).
NUCC_PROFESSIONS: Final[tuple[tuple[str, Role], ...]] = (
    ("363A", Role.PHYSICIAN_ASSISTANT),
    ("363L", Role.NURSE_PRACTITIONER),
    ("364S", Role.NURSE_PRACTITIONER),
    ("367A", Role.NURSE_PRACTITIONER),
    ("3675", Role.NURSE_PRACTITIONER),
    ("163W", Role.REGISTERED_NURSE),
    ("164W", Role.LICENSED_PRACTICAL_NURSE),
    ("164X", Role.LICENSED_PRACTICAL_NURSE),
    ("20", Role.PHYSICIAN),
)

_CACHE: dict[tuple[Role, str | None], Role] = {}


def profession_of(staff: StaffMember) -> Role:
    """The profession whose board rules ``staff``'s licences: by NUCC taxonomy, else by role."""
    key = (staff.role, staff.taxonomy)
    found = _CACHE.get(key)
    if found is None:
        found = staff.role
        if staff.taxonomy is not None:
            for prefix, profession in NUCC_PROFESSIONS:
                if staff.taxonomy.startswith(prefix):
                    found = profession
                    break
        if len(_CACHE) < 4096:
            _CACHE[key] = found
    return found
