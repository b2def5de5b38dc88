"""CLIA certificate number (Clinical Laboratory Improvement Amendments).

Every US laboratory that tests human specimens, a physician office lab running waived tests
included, holds a CLIA certificate issued by CMS. Claims for laboratory services carry its
number (item 23 of the CMS-1500; ``REF*X4`` in the 837P). The number has ten characters: two
digits for the state where the lab is (CMS's state code), the letter ``D``, and a seven-digit
sequence number. It has no check digit.

More information:
  https://www.cms.gov/medicare/quality/clinical-laboratory-improvement-amendments
  https://www.cms.gov/regulations-and-guidance/legislation/clia/downloads/howobtaincertificateofwaiver.pdf

>>> validate("05d0123456")
'05D0123456'
>>> validate("05X0123456")
Traceback (most recent call last):
    ...
medoffice.kernel._errors.InvalidComponent: the third character of a CLIA number is D
>>> format(" 05D 0123456 ")
'05D0123456'
"""

from __future__ import annotations

import re
from typing import Final

from medoffice.identifiers._tools import answers, clean
from medoffice.kernel import InvalidComponent, InvalidFormat, InvalidLength

__all__ = ["compact", "format", "is_valid", "validate"]

_SHAPE: Final = re.compile(r"[0-9]{2}[A-Z][0-9]{7}")


def compact(value: str) -> str:
    """Strip spaces and dashes and upper-case."""
    return clean(value, "-")


def validate(value: str) -> str:
    """Return the CLIA number compacted, or raise the reason it is not valid."""
    number = compact(value)
    if len(number) != 10:
        raise InvalidLength("a CLIA number has ten characters")
    if not _SHAPE.fullmatch(number):
        raise InvalidFormat("a CLIA number is two digits, a letter and seven digits")
    if number[2] != "D":
        raise InvalidComponent("the third character of a CLIA number is D")
    return number


def is_valid(value: object) -> bool:
    """Whether ``value`` is a well-formed CLIA number; never raises."""
    return answers(validate, value)


def format(value: str) -> str:  # noqa: A001 -- the stdnum name; the builtin is not needed here
    """The CLIA number as printed: ten characters, no separators."""
    return validate(value)
