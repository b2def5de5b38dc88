"""HCPCS Level II code syntax (Healthcare Common Procedure Coding System).

CMS maintains HCPCS Level II for the products, supplies and services that CPT (HCPCS Level I)
does not cover: ambulance rides, durable medical equipment, drugs given in the office,
temporary codes. A code is one letter and four digits (``J1100``, ``G0438``).

Letters: the CMS alpha-numeric HCPCS file of October 2025 (HCPC2025_OCT_ANWEB) uses exactly
A, B, C, E, G, H, J, K, L, M, P, Q, R, S, T, U and V for its procedure and supply codes. D codes
are the ADA's dental CDT codes, which CMS does not publish in its file and which are billed on
dental claims, not professional ones; no code starts with D, F, I, N, O or W-Z.

This module checks only the syntax; whether a code exists on a date of service is for
:mod:`medoffice.coding`.

More information:
  https://www.cms.gov/medicare/coding-billing/healthcare-common-procedure-system
  https://www.cms.gov/medicare/coding-billing/healthcare-common-procedure-system/quarterly-update

>>> validate("j1100")
'J1100'
>>> validate("D0120")
Traceback (most recent call last):
    ...
medoffice.kernel._errors.InvalidComponent: the first letter is not one CMS uses for HCPCS Level II
>>> is_procedure_code("99213"), is_procedure_code("G0438"), is_procedure_code("E11.9")
(True, True, False)
"""

from __future__ import annotations

import re
from typing import Final

from medoffice.identifiers import cpt
from medoffice.identifiers._tools import answers, clean
from medoffice.kernel import InvalidComponent, InvalidFormat, InvalidLength

__all__ = ["LETTERS", "compact", "format", "is_procedure_code", "is_valid", "validate"]

# Source: CMS alpha-numeric HCPCS file, October 2025 (first letters of its RECID 3 records).
LETTERS: Final = frozenset("ABCEGHJKLMPQRSTUV")

_SHAPE: Final = re.compile(r"[A-Z][0-9]{4}")


def compact(value: str) -> str:
    """Strip spaces and upper-case."""
    return clean(value)


def validate(value: str) -> str:
    """Return the code, or raise the reason it is not a well-formed HCPCS Level II code."""
    number = compact(value)
    if len(number) != 5:
        raise InvalidLength("a HCPCS Level II code has five characters")
    if not _SHAPE.fullmatch(number):
        raise InvalidFormat("a HCPCS Level II code is a letter and four digits")
    if number[0] not in LETTERS:
        raise InvalidComponent("the first letter is not one CMS uses for HCPCS Level II")
    return number


def is_valid(value: object) -> bool:
    """Whether ``value`` is a well-formed HCPCS Level II code; never raises."""
    return answers(validate, value)


def is_procedure_code(value: object) -> bool:
    """Whether ``value`` is a well-formed CPT (Level I) or HCPCS Level II code; never raises."""
    return cpt.is_valid(value) or is_valid(value)


def format(value: str) -> str:  # noqa: A001 -- the stdnum name; the builtin is not needed here
    """The code as printed: five characters."""
    return validate(value)
