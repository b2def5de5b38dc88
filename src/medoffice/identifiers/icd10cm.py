"""ICD-10-CM diagnosis code syntax (International Classification of Diseases, 10th revision, CM).

ICD-10-CM is the US diagnosis code set, maintained by CDC's National Center for Health
Statistics (NCHS) with CMS, and required on every claim for dates of service from
1 October 2015. A code has three to seven characters: a letter, a digit, then letters or digits;
a dot follows the third character when there are more (the three-character category, then the
etiology, anatomic site or severity, then the seventh-character extension, with ``X`` as a
placeholder). Claims carry the code without the dot.

This module checks only the *syntax*. Whether a code exists, and is billable, on a date of
service is a question for :mod:`medoffice.coding`, which knows each year's code set.

More information:
  https://www.cdc.gov/nchs/icd/icd-10-cm/index.html
  https://www.cms.gov/medicare/coding-billing/icd-10-codes

>>> validate("S72.001A")
'S72001A'
>>> validate("e11.9")
'E119'
>>> format("S72001A")
'S72.001A'
>>> format("I10")
'I10'
>>> validate("S7.2001A")
Traceback (most recent call last):
    ...
medoffice.kernel._errors.InvalidFormat: a dot may only follow the third character
>>> validate("S72.001AB")
Traceback (most recent call last):
    ...
medoffice.kernel._errors.InvalidLength: an ICD-10-CM code has three to seven characters
"""

from __future__ import annotations

import re
from typing import Final

from medoffice.identifiers._tools import answers, clean
from medoffice.kernel import InvalidFormat, InvalidLength

__all__ = ["compact", "format", "is_valid", "validate"]

_SHAPE: Final = re.compile(r"[A-Z][0-9][A-Z0-9]{1,5}")


def compact(value: str) -> str:
    """Strip spaces and the dot, and upper-case."""
    return clean(value, ".")


def validate(value: str) -> str:
    """Return the code without its dot, or raise the reason it is not well-formed."""
    number = compact(value)
    if not 3 <= len(number) <= 7:
        raise InvalidLength("an ICD-10-CM code has three to seven characters")
    written = clean(value)
    if "." in written and (written.index(".") != 3 or written.count(".") > 1 or len(number) == 3):
        raise InvalidFormat("a dot may only follow the third character")
    if not _SHAPE.fullmatch(number):
        raise InvalidFormat("an ICD-10-CM code is a letter, a digit, then letters or digits")
    return number


def is_valid(value: object) -> bool:
    """Whether ``value`` is a well-formed ICD-10-CM code; never raises."""
    return answers(validate, value)


def format(value: str) -> str:  # noqa: A001 -- the stdnum name; the builtin is not needed here
    """The code as printed in the tabular list: a dot after the third character."""
    number = validate(value)
    return f"{number[:3]}.{number[3:]}" if len(number) > 3 else number
