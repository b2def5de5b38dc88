"""Procedure codes: CPT categories by shape, and HCPCS Level II codes valid by date of service.

More information: CMS, "Healthcare Common Procedure Coding System (HCPCS)"
(https://www.cms.gov/medicare/coding-billing/healthcare-common-procedure-system)

>>> classify("3074F")
<CodeCategory.CPT_CATEGORY_II: 'cpt-ii'>
"""

from __future__ import annotations

from medoffice.coding.procedures._classify import CodeCategory, classify, is_procedure_code
from medoffice.coding.procedures._hcpcs import Coverage, HcpcsCode, HcpcsCodeSet

__all__ = [
    "CodeCategory",
    "Coverage",
    "HcpcsCode",
    "HcpcsCodeSet",
    "classify",
    "is_procedure_code",
]
