"""EIN (US Employer Identification Number).

The IRS assigns an EIN, also called a Federal Tax Identification Number, to employers and to
businesses, trusts, estates and organisations; a medical practice bills under it (as the
billing provider's tax id on a professional claim). It has nine digits written ``XX-XXXXXXX``
and no check digit. The two-digit prefix names the IRS campus (or the online application, or
the Small Business Administration) that assigned it; prefixes that no one assigns are refused.

Prefix table: IRS, "How EINs are assigned and valid EIN prefixes", transcribed November 2026.
Some prefixes are used by more than one location (Philadelphia and the Internet application
share 46 and 85-88), so :func:`get_campus` answers with every location that uses the prefix.
Older versions of the page moved prefixes between Philadelphia and the Internet application;
the set of valid prefixes did not change.

More information:
  https://www.irs.gov/businesses/small-businesses-self-employed/how-eins-are-assigned-and-valid-ein-prefixes
  https://www.irs.gov/businesses/small-businesses-self-employed/employer-id-numbers

>>> validate("12-3456789")
'123456789'
>>> format("123456789")
'12-3456789'
>>> get_campus("12-3456789")
('Andover',)
>>> get_campus("46-0000001")
('Philadelphia', 'Internet')
>>> validate("07-3456789")
Traceback (most recent call last):
    ...
medoffice.kernel._errors.InvalidComponent: the prefix is not one the IRS assigns
>>> validate("123-456789")
Traceback (most recent call last):
    ...
medoffice.kernel._errors.InvalidFormat: an EIN is written XX-XXXXXXX
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from medoffice.identifiers._tools import answers, clean, digits_only
from medoffice.kernel import InvalidComponent, InvalidFormat, InvalidLength

__all__ = ["CAMPUS_PREFIXES", "compact", "format", "get_campus", "is_valid", "validate"]


def _prefixes(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Source: IRS, "How EINs are assigned and valid EIN prefixes" (transcribed November 2026).
CAMPUS_PREFIXES: Final[Mapping[str, frozenset[str]]] = MappingProxyType(
    {
        "Andover": _prefixes("10 12"),
        "Atlanta": _prefixes("60 67"),
        "Austin": _prefixes("50 53"),
        "Brookhaven": _prefixes(
            "01 02 03 04 05 06 11 13 14 16 21 22 23 25 34 51 52 54 55 56 57 58 59 65"
        ),
        "Cincinnati": _prefixes("30 32 35 36 37 38 61"),
        "Fresno": _prefixes("15 24"),
        "Kansas City": _prefixes("40 44"),
        "Memphis": _prefixes("94 95"),
        "Ogden": _prefixes("80 90"),
        "Philadelphia": _prefixes(
            "33 39 41 42 43 46 48 62 63 64 66 68 71 72 73 74 75 76 77 85 86 87 88 91 92 93 98 99"
        ),
        "Internet": _prefixes("20 26 27 45 46 47 81 82 83 84 85 86 87 88"),
        "Small Business Administration (SBA)": _prefixes("31"),
    }
)

_VALID_PREFIXES: Final = frozenset().union(*CAMPUS_PREFIXES.values())


def compact(value: str) -> str:
    """Strip spaces and dashes."""
    return clean(value, "-")


def validate(value: str) -> str:
    """Return the EIN as nine digits, or raise the reason it is not valid."""
    number = compact(value)
    if not digits_only(number):
        raise InvalidFormat("an EIN is made of digits")
    if len(number) != 9:
        raise InvalidLength("an EIN has nine digits")
    dashes = [i for i, char in enumerate(clean(value)) if char == "-"]
    if dashes not in ([], [2]):
        raise InvalidFormat("an EIN is written XX-XXXXXXX")
    if number[:2] not in _VALID_PREFIXES:
        raise InvalidComponent("the prefix is not one the IRS assigns")
    return number


def is_valid(value: object) -> bool:
    """Whether ``value`` is a valid EIN; never raises."""
    return answers(validate, value)


def get_campus(value: str) -> tuple[str, ...]:
    """Every IRS location that assigns the prefix of a valid EIN, in the IRS table's order."""
    prefix = validate(value)[:2]
    return tuple(campus for campus, prefixes in CAMPUS_PREFIXES.items() if prefix in prefixes)


def format(value: str) -> str:  # noqa: A001 -- the stdnum name; the builtin is not needed here
    """The EIN as printed: ``XX-XXXXXXX``."""
    number = validate(value)
    return f"{number[:2]}-{number[2:]}"
