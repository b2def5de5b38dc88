"""Procedure code modifier syntax (CPT and HCPCS Level II modifiers).

A modifier tells a payer that a service was altered without changing its code: performed on
the left side (``LT``), a distinct procedural service (``59``, ``XS``), a significant separate
E/M service on the same day (``25``). A claim line carries up to four. Every modifier has two
characters, letters or digits: the AMA's CPT modifiers are numeric (Appendix A of CPT), CMS's
HCPCS Level II modifiers are alphanumeric (the modifier records of the CMS HCPCS file). People
often write them with a leading dash (``-25``); the dash is not part of the modifier.

This module checks only the syntax; whether a modifier exists and fits a code is for
:mod:`medoffice.coding`.

More information:
  https://www.cms.gov/medicare/coding-billing/healthcare-common-procedure-system
  https://www.ama-assn.org/practice-management/cpt

>>> validate("-25")
'25'
>>> validate("lt")
'LT'
>>> validate("5")
Traceback (most recent call last):
    ...
medoffice.kernel._errors.InvalidLength: a modifier has two characters
"""

from __future__ import annotations

import re
from typing import Final

from medoffice.identifiers._tools import answers, clean
from medoffice.kernel import InvalidFormat, InvalidLength

__all__ = ["compact", "format", "is_valid", "validate"]

_SHAPE: Final = re.compile(r"[A-Z0-9]{2}")


def compact(value: str) -> str:
    """Strip spaces and dashes and upper-case."""
    return clean(value, "-")


def validate(value: str) -> str:
    """Return the modifier upper-cased, or raise the reason it is not well-formed."""
    number = compact(value)
    if len(number) != 2:
        raise InvalidLength("a modifier has two characters")
    if not _SHAPE.fullmatch(number):
        raise InvalidFormat("a modifier is made of letters and digits")
    return number


def is_valid(value: object) -> bool:
    """Whether ``value`` is a well-formed modifier; never raises."""
    return answers(validate, value)


def format(value: str) -> str:  # noqa: A001 -- the stdnum name; the builtin is not needed here
    """The modifier as printed: two characters, no dash."""
    return validate(value)
