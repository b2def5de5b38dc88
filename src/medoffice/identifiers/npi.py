"""NPI (National Provider Identifier).

The NPI identifies every HIPAA-covered health care provider, a person (type 1) or an
organisation (type 2), on claims and in every other standard transaction. CMS's National Plan
and Provider Enumeration System (NPPES) assigns it. It has ten digits: nine that carry no meaning
and a Luhn (ISO/IEC 7812) check digit. The first digit is 1 or 2 for every NPI issued so far.

The check digit is computed over the NPI prefixed with ``80840``, the issuer identifier of US
health applications under ISO/IEC 7812, so that an NPI reads the same on its own and inside a
15-digit card number. CMS's worked example: the first nine digits ``123456789`` give the check
digit ``3``, so ``1234567893`` is a valid NPI.

More information:
  https://www.cms.gov/Regulations-and-Guidance/Administrative-Simplification/NationalProvIdentStand/Downloads/NPIcheckdigit.pdf
  https://www.cms.gov/regulations-and-guidance/administrative-simplification/nationalprovidentstand

>>> calc_check_digit("123456789")
'3'
>>> validate("1234567893")
'1234567893'
>>> validate("1234-5678-93")
'1234567893'
>>> validate("1234567890")
Traceback (most recent call last):
    ...
medoffice.kernel._errors.InvalidChecksum: the value's check digit does not match
>>> validate("3234567891")
Traceback (most recent call last):
    ...
medoffice.kernel._errors.InvalidComponent: an NPI starts with 1 or 2
>>> is_valid("1234567893"), is_valid(None)
(True, False)
>>> format(" 1234567893 ")
'1234567893'
"""

from __future__ import annotations

from typing import Final

from medoffice.identifiers._tools import (
    answers,
    clean,
    digits_only,
    luhn_check_digit,
    require_check_digit,
)
from medoffice.kernel import InvalidComponent, InvalidFormat, InvalidLength

__all__ = ["calc_check_digit", "compact", "format", "is_valid", "validate"]

# The ISO/IEC 7812 issuer identifier of US health applications, prefixed before the check.
CARD_ISSUER_PREFIX: Final = "80840"


def compact(value: str) -> str:
    """Strip spaces and dashes."""
    return clean(value, "-")


def calc_check_digit(first_nine: str) -> str:
    """The check digit for the first nine digits of an NPI."""
    digits = clean(first_nine)
    if not digits_only(digits):
        raise InvalidFormat("an NPI is made of digits")
    if len(digits) != 9:
        raise InvalidLength("the check digit is computed over exactly nine digits")
    return luhn_check_digit(CARD_ISSUER_PREFIX + digits)


def validate(value: str) -> str:
    """Return the NPI as ten digits, or raise the reason it is not valid."""
    number = compact(value)
    if not digits_only(number):
        raise InvalidFormat("an NPI is made of digits")
    if len(number) != 10:
        raise InvalidLength("an NPI has ten digits")
    if number[0] not in "12":
        raise InvalidComponent("an NPI starts with 1 or 2")
    require_check_digit(luhn_check_digit(CARD_ISSUER_PREFIX + number[:9]), number[9])
    return number


def is_valid(value: object) -> bool:
    """Whether ``value`` is a valid NPI; never raises."""
    return answers(validate, value)


def format(value: str) -> str:  # noqa: A001 -- the stdnum name; the builtin is not needed here
    """The NPI as printed: ten digits, no separators."""
    return validate(value)
