"""Which code system a procedure code belongs to, from its shape alone.

A professional claim line carries one procedure code of five characters. CPT Category I codes
are five digits (``99213``); Category II performance-measure codes are four digits and ``F``
(``3074F``); Category III emerging-technology codes four digits and ``T`` (``0042T``);
Proprietary Laboratory Analyses (PLA) four digits and ``U`` (``0001U``); Multianalyte Assays with
Algorithmic Analyses (MAAA) four digits and ``M`` (``0002M``). HCPCS Level II codes are a letter
and four digits (``A4397``, ``G0438``). The shape says nothing about whether the code exists on a
date of service; :class:`~medoffice.coding.procedures.HcpcsCodeSet` answers that for Level II.

More information: AMA, "CPT code categories" (https://www.ama-assn.org/practice-management/cpt);
CMS, "HCPCS Level II" (https://www.cms.gov/medicare/coding-billing/healthcare-common-procedure-system)

>>> classify("99213")
<CodeCategory.CPT_CATEGORY_I: 'cpt-i'>
>>> classify("0001U").is_cpt
True
>>> classify("a4397")
<CodeCategory.HCPCS_LEVEL_II: 'hcpcs-ii'>
>>> classify("9921") is None
True
"""

from __future__ import annotations

import enum
import re
from typing import Final, final

__all__ = ["CodeCategory", "classify", "is_procedure_code"]


@final
class CodeCategory(enum.StrEnum):
    """The code system and category of a procedure code."""

    CPT_CATEGORY_I = "cpt-i"
    CPT_CATEGORY_II = "cpt-ii"
    CPT_CATEGORY_III = "cpt-iii"
    CPT_PLA = "cpt-pla"
    CPT_MAAA = "cpt-maaa"
    HCPCS_LEVEL_II = "hcpcs-ii"

    @property
    def is_cpt(self) -> bool:
        """Whether the code is a CPT code (AMA), as opposed to HCPCS Level II (CMS)."""
        return self is not CodeCategory.HCPCS_LEVEL_II


_SHAPES: Final = (
    (re.compile(r"\d{5}"), CodeCategory.CPT_CATEGORY_I),
    (re.compile(r"\d{4}F"), CodeCategory.CPT_CATEGORY_II),
    (re.compile(r"\d{4}T"), CodeCategory.CPT_CATEGORY_III),
    (re.compile(r"\d{4}U"), CodeCategory.CPT_PLA),
    (re.compile(r"\d{4}M"), CodeCategory.CPT_MAAA),
    (re.compile(r"[A-Z]\d{4}"), CodeCategory.HCPCS_LEVEL_II),
)


def classify(code: object) -> CodeCategory | None:
    """The category of ``code`` (case and surrounding spaces ignored), or ``None``; never raises."""
    if not isinstance(code, str):
        return None
    text = code.strip().upper()
    for shape, category in _SHAPES:
        if shape.fullmatch(text):
            return category
    return None


def is_procedure_code(code: object) -> bool:
    """Whether ``code`` has the shape of a CPT or HCPCS Level II code."""
    return classify(code) is not None
