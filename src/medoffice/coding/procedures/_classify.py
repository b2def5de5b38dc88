"""Which code system a procedure code belongs to, from its shape alone.

A professional claim line carries one procedure code of five characters. CPT Category I codes
are five digits (``99213``); Category II performance-measure codes are four digits and ``F``
(``3074F``); Category III emerging-technology codes four digits and ``T`` (``0042T``);
Proprietary Laboratory Analyses (PLA) four digits and ``U`` (``0001U``); Multianalyte Assays with
Algorithmic Analyses (MAAA) four digits and ``M`` (``0002M``). HCPCS Level II codes are a letter
and four digits (``A4397``, ``G0438``); dental ``D`` codes (CDT) are not professional codes.
The shape says nothing about whether the code exists on a date of service;
:class:`~medoffice.coding.procedures.HcpcsCodeSet` answers that for Level II.

More information: AMA, "CPT code categories" (https://www.ama-assn.org/practice-management/cpt);
CMS, "HCPCS Level II" (https://www.cms.gov/medicare/coding-billing/healthcare-common-procedure-system)

>>> classify("99213")
<CodeCategory.CPT_CATEGORY_I: 'cpt-i'>
>>> classify("0001U").is_cpt
True
>>> classify("a4397")
<CodeCategory.HCPCS_LEVEL_II: 'hcpcs-ii'>
>>> classify("9921") is None, classify("D0120") is None
(True, True)
"""

from __future__ import annotations

import enum
from typing import Final, final

from medoffice.identifiers import cpt, hcpcs
from medoffice.identifiers.cpt import CptCategory

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


_CPT: Final = {
    CptCategory.I: CodeCategory.CPT_CATEGORY_I,
    CptCategory.II: CodeCategory.CPT_CATEGORY_II,
    CptCategory.III: CodeCategory.CPT_CATEGORY_III,
    CptCategory.PLA: CodeCategory.CPT_PLA,
    CptCategory.MAAA: CodeCategory.CPT_MAAA,
}


def classify(code: object) -> CodeCategory | None:
    """The category of ``code`` (case and spaces ignored), or ``None``; never raises.

    The syntax checks are those of :mod:`medoffice.identifiers.cpt` and
    :mod:`medoffice.identifiers.hcpcs` (which also refuses first letters CMS never uses).
    """
    if not isinstance(code, str):
        return None
    if cpt.is_valid(code):
        return _CPT[cpt.category(code)]
    if hcpcs.is_valid(code):
        return CodeCategory.HCPCS_LEVEL_II
    return None


def is_procedure_code(code: object) -> bool:
    """Whether ``code`` has the shape of a CPT or HCPCS Level II code."""
    return classify(code) is not None
