"""DEA registration number (US Drug Enforcement Administration).

Every practitioner, pharmacy, hospital, manufacturer or distributor that handles controlled
substances registers with the DEA and receives a registration number that prescriptions for
those substances must carry. It has nine characters: a letter for the registrant type, the
initial of the registrant's last name (or business name; ``9`` for some business registrants
registered by address), six digits and a check digit. The check digit is the last digit of
``(d1 + d3 + d5) + 2 * (d2 + d4 + d6)``.

Registrant-type letters (table compiled November 2026). DEA's own "DEA Registration Record
Layout" (Diversion Control Division, revised December 2017) lists A, B, F and G for
practitioners, hospitals/clinics, pharmacies and teaching institutions (A before
1 October 1985; B, F and G as each earlier letter ran out), M for mid-level practitioners, and
P and R for manufacturers, distributors, researchers, analytical labs, importers, exporters,
reverse distributors and narcotic treatment programs. X was issued to DATA-waived
(buprenorphine) practitioners until the waiver ended in 2023. The remaining letters (C, D, E, H,
J, K, L, S, T, U) follow DEA's business-activity codes as published in secondary references;
they are accepted so that no issued number is refused, and documented as such.

More information:
  https://www.deadiversion.usdoj.gov/
  https://www.deadiversion.usdoj.gov/drugreg/reg_apps/new_reg_number110906.html
  https://en.wikipedia.org/wiki/DEA_number

>>> validate("AB1234563")
'AB1234563'
>>> calc_check_digit("123456")
'3'
>>> get_registrant_type("ab 1234563")
'practitioner, hospital/clinic, pharmacy or teaching institution'
>>> validate("AB1234567")
Traceback (most recent call last):
    ...
medoffice.kernel._errors.InvalidChecksum: the value's check digit does not match
>>> validate("QB1234563")
Traceback (most recent call last):
    ...
medoffice.kernel._errors.InvalidComponent: the first letter is not a DEA registrant type
>>> format("f9 1234563")
'F91234563'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from medoffice.identifiers._tools import answers, clean, digits_only, require_check_digit
from medoffice.kernel import InvalidComponent, InvalidFormat, InvalidLength

__all__ = [
    "REGISTRANT_TYPES",
    "calc_check_digit",
    "compact",
    "format",
    "get_registrant_type",
    "is_valid",
    "validate",
]

_PRACTITIONER: Final = "practitioner, hospital/clinic, pharmacy or teaching institution"
_NTP: Final = "narcotic treatment program"

# Source and date: see the module docstring (DEA Registration Record Layout, Dec 2017, and
# DEA business-activity letters; compiled November 2026).
REGISTRANT_TYPES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "A": _PRACTITIONER,
        "B": _PRACTITIONER,
        "C": "practitioner",
        "D": "teaching institution",
        "E": "manufacturer",
        "F": _PRACTITIONER,
        "G": _PRACTITIONER,
        "H": "analytical lab",
        "J": "importer",
        "K": "exporter",
        "L": "reverse distributor",
        "M": "mid-level practitioner",
        "P": "manufacturer, distributor, researcher, lab, importer, exporter or " + _NTP,
        "R": "manufacturer, distributor, researcher, lab, importer, exporter or " + _NTP,
        "S": _NTP,
        "T": _NTP,
        "U": _NTP,
        "X": "DATA-waived practitioner (buprenorphine)",
    }
)

_SHAPE: Final = re.compile(r"[A-Z][A-Z9][0-9]{7}")


def compact(value: str) -> str:
    """Strip spaces and upper-case."""
    return clean(value)


def calc_check_digit(six_digits: str) -> str:
    """The check digit for the six digits that follow the two letters."""
    digits = clean(six_digits)
    if not digits_only(digits):
        raise InvalidFormat("a DEA number's serial is made of digits")
    if len(digits) != 6:
        raise InvalidLength("the check digit is computed over exactly six digits")
    odd = int(digits[0]) + int(digits[2]) + int(digits[4])
    even = int(digits[1]) + int(digits[3]) + int(digits[5])
    return str((odd + 2 * even) % 10)


def validate(value: str) -> str:
    """Return the DEA number compacted, or raise the reason it is not valid."""
    number = compact(value)
    if len(number) != 9:
        raise InvalidLength("a DEA number has nine characters")
    if not _SHAPE.fullmatch(number):
        raise InvalidFormat("a DEA number is two letters and seven digits")
    if number[0] not in REGISTRANT_TYPES:
        raise InvalidComponent("the first letter is not a DEA registrant type")
    require_check_digit(calc_check_digit(number[2:8]), number[8])
    return number


def is_valid(value: object) -> bool:
    """Whether ``value`` is a valid DEA registration number; never raises."""
    return answers(validate, value)


def get_registrant_type(value: str) -> str:
    """The kind of registrant the first letter of a valid DEA number stands for."""
    return REGISTRANT_TYPES[validate(value)[0]]


def format(value: str) -> str:  # noqa: A001 -- the stdnum name; the builtin is not needed here
    """The DEA number as printed: nine characters, no separators."""
    return validate(value)
