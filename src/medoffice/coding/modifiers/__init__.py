"""Procedure code modifiers: CPT values, HCPCS Level II modifiers, and the groups edits use.

More information: CMS, "NCCI Policy Manual for Medicare Services"
(https://www.cms.gov/medicare/coding-billing/national-correct-coding-initiative-ncci-edits/medicare-ncci-policy-manual)

>>> "XU" in NCCI_ASSOCIATED, "76" in REPEAT
(True, True)
"""

from __future__ import annotations

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
    modifier_kinds,
)
from medoffice.coding.modifiers._set import ModifierSet

__all__ = [
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
    "is_modifier",
    "modifier_kinds",
]
