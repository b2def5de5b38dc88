"""CPT code syntax (Current Procedural Terminology, HCPCS Level I).

The American Medical Association maintains CPT, the codes for the services and procedures that
physicians and other professionals bill. Every code has five characters, and its shape tells its
category:

==========  =====================================================================
shape       category
==========  =====================================================================
``nnnnn``   Category I: services and procedures (``99213``)
``nnnnF``   Category II: performance-measurement tracking codes (``1036F``)
``nnnnT``   Category III: emerging technology, services and procedures (``0042T``)
``nnnnU``   Proprietary Laboratory Analyses, PLA (``0001U``)
``nnnnM``   Multianalyte Assays with Algorithmic Analyses, administrative MAAA (``0002M``)
==========  =====================================================================

This module checks only the syntax: whether a code exists on a date of service is for
:mod:`medoffice.coding`. CPT descriptors are AMA-copyrighted and appear nowhere in medoffice.

More information:
  https://www.ama-assn.org/practice-management/cpt/cpt-overview-and-code-approval
  https://www.ama-assn.org/practice-management/cpt/category-ii-codes
  https://www.ama-assn.org/practice-management/cpt/category-iii-codes

>>> validate("99213")
'99213'
>>> category("0001u")
<CptCategory.PLA: 'PLA'>
>>> str(category("1036F"))
'II'
>>> validate("9921")
Traceback (most recent call last):
    ...
medoffice.kernel._errors.InvalidLength: a CPT code has five characters
>>> validate("1036X")
Traceback (most recent call last):
    ...
medoffice.kernel._errors.InvalidFormat: a CPT code is four digits and a digit, F, T, U or M
"""

from __future__ import annotations

import enum
import re
from typing import Final

from medoffice.identifiers._tools import answers, clean
from medoffice.kernel import InvalidFormat, InvalidLength

__all__ = ["CptCategory", "category", "compact", "format", "is_valid", "validate"]


@enum.unique
class CptCategory(enum.StrEnum):
    """The kind of CPT code, told by its fifth character."""

    I = "I"  # noqa: E741 -- the AMA's own name for the category
    II = "II"
    III = "III"
    PLA = "PLA"
    MAAA = "MAAA"


_CATEGORY_BY_LAST: Final = {
    "F": CptCategory.II,
    "T": CptCategory.III,
    "U": CptCategory.PLA,
    "M": CptCategory.MAAA,
}

_SHAPE: Final = re.compile(r"[0-9]{4}[0-9FTUM]")


def compact(value: str) -> str:
    """Strip spaces and upper-case."""
    return clean(value)


def validate(value: str) -> str:
    """Return the code, or raise the reason it is not a well-formed CPT code."""
    number = compact(value)
    if len(number) != 5:
        raise InvalidLength("a CPT code has five characters")
    if not _SHAPE.fullmatch(number):
        raise InvalidFormat("a CPT code is four digits and a digit, F, T, U or M")
    return number


def is_valid(value: object) -> bool:
    """Whether ``value`` is a well-formed CPT code; never raises."""
    return answers(validate, value)


def category(value: str) -> CptCategory:
    """The category of a well-formed CPT code."""
    return _CATEGORY_BY_LAST.get(validate(value)[4], CptCategory.I)


def format(value: str) -> str:  # noqa: A001 -- the stdnum name; the builtin is not needed here
    """The code as printed: five characters."""
    return validate(value)
