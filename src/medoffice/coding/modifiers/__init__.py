"""Procedure code modifiers: CPT values, HCPCS Level II modifiers, and the groups edits use.

Valid on a date of service without any file: the CPT modifiers (two digits, and the anesthesia
physical status modifiers P1 to P6, each from the CPT year that added it) and the ambulance
origin/destination pairs (``RH``); the HCPCS Level II modifiers come from the CMS file
(:class:`ModifierSet`).

More information: CMS, "NCCI Policy Manual for Medicare Services"
(https://www.cms.gov/medicare/coding-billing/national-correct-coding-initiative-ncci-edits/medicare-ncci-policy-manual)

>>> "XU" in NCCI_ASSOCIATED, "76" in REPEAT
(True, True)
>>> from datetime import date
>>> [is_standard_modifier(m, on=date(2026, 3, 2)) for m in ("P1", "RH", "93", "GT")]
[True, True, True, False]
"""

from __future__ import annotations

from medoffice.coding.modifiers._ambulance import (
    AMBULANCE_DESTINATIONS,
    AMBULANCE_ORIGINS,
    is_ambulance_modifier,
)
from medoffice.coding.modifiers._hcpcs import HcpcsModifier
from medoffice.coding.modifiers._kinds import (
    ANATOMIC,
    BILATERAL,
    CPT_MODIFIERS,
    NCCI_ASSOCIATED,
    PRICING,
    REPEAT,
    CptModifier,
    ModifierKind,
    is_modifier,
    is_standard_modifier,
    modifier_kinds,
)
from medoffice.coding.modifiers._set import ModifierSet

__all__ = [
    "AMBULANCE_DESTINATIONS",
    "AMBULANCE_ORIGINS",
    "ANATOMIC",
    "BILATERAL",
    "CPT_MODIFIERS",
    "NCCI_ASSOCIATED",
    "PRICING",
    "REPEAT",
    "CptModifier",
    "HcpcsModifier",
    "ModifierKind",
    "ModifierSet",
    "is_ambulance_modifier",
    "is_modifier",
    "is_standard_modifier",
    "modifier_kinds",
]
