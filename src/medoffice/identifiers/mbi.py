"""MBI (Medicare Beneficiary Identifier).

CMS gives every person with Medicare an MBI, printed on the Medicare card and required on every
Medicare claim since 2020 in place of the SSN-based HICN. It has eleven characters with no
meaning and no check digit, by position:

=========  =====================================================
position   character
=========  =====================================================
1          a digit 1-9
2 5 8 9    a letter, A-Z without S, L, O, I, B and Z
3 6        a digit 0-9 or one of those letters
4 7 10 11  a digit 0-9
=========  =====================================================

The letters S, L, O, I, B and Z are never used because they read like digits. Systems store the
MBI without dashes; it is shown as ``XXXX-XXX-XXXX``. An MBI is PHI-adjacent: no message raised
here ever contains it.

More information:
  https://www.cms.gov/medicare/new-medicare-card/understanding-the-mbi.pdf
  https://www.cms.gov/medicare/new-medicare-card

CMS's own example:

>>> validate("1EG4-TE5-MK73")
'1EG4TE5MK73'
>>> format("1eg4te5mk73")
'1EG4-TE5-MK73'
>>> validate("1EG4-TE5-MK7")
Traceback (most recent call last):
    ...
medoffice.kernel._errors.InvalidLength: an MBI has eleven characters
>>> validate("1SG4-TE5-MK73")
Traceback (most recent call last):
    ...
medoffice.kernel._errors.InvalidComponent: an MBI never uses S, L, O, I, B or Z
"""

from __future__ import annotations

import re
from typing import Final

from medoffice.identifiers._tools import answers, clean
from medoffice.kernel import InvalidComponent, InvalidFormat, InvalidLength

__all__ = ["LETTERS", "compact", "format", "is_valid", "validate"]

# CMS MBI format specification: the 20 letters an MBI may contain.
LETTERS: Final = "ACDEFGHJKMNPQRTUVWXY"

_N: Final = "[1-9]"
_A: Final = f"[{LETTERS}]"
_AN: Final = f"[0-9{LETTERS}]"
_D: Final = "[0-9]"
_SHAPE: Final = re.compile(_N + _A + _AN + _D + _A + _AN + _D + _A + _A + _D + _D)
# The same positions with any letter and any digit: a value that fits this but not _SHAPE uses
# a letter or a leading zero that the specification excludes.
_LOOSE: Final = re.compile(r"[0-9][A-Z][A-Z0-9][0-9][A-Z][A-Z0-9][0-9][A-Z][A-Z][0-9][0-9]")


def compact(value: str) -> str:
    """Strip spaces and dashes and upper-case."""
    return clean(value, "-")


def validate(value: str) -> str:
    """Return the MBI as eleven characters, or raise the reason it is not valid."""
    number = compact(value)
    if len(number) != 11:
        raise InvalidLength("an MBI has eleven characters")
    if _SHAPE.fullmatch(number):
        return number
    if not _LOOSE.fullmatch(number):
        raise InvalidFormat("the letters and digits of an MBI are not in their positions")
    if number[0] == "0":
        raise InvalidComponent("an MBI does not start with 0")
    raise InvalidComponent("an MBI never uses S, L, O, I, B or Z")


def is_valid(value: object) -> bool:
    """Whether ``value`` is a well-formed MBI; never raises."""
    if isinstance(value, str) and _SHAPE.fullmatch(value):
        return True  # stored as it should be (eleven characters, upper case): nothing to clean
    return answers(validate, value)


def format(value: str) -> str:  # noqa: A001 -- the stdnum name; the builtin is not needed here
    """The MBI as shown to people: ``XXXX-XXX-XXXX``."""
    number = validate(value)
    return f"{number[:4]}-{number[4:7]}-{number[7:]}"
