"""What every identifier module shares: cleaning input and the Luhn (mod 10) check.

>>> clean(" 12-34 ", "-")
'1234'
>>> luhn_check_digit("7992739871")
'3'
>>> luhn_is_valid("79927398713")
True
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from medoffice.kernel import InvalidChecksum, InvalidFormat, InvalidLength, ValidationError

__all__ = [
    "MAX_INPUT_LENGTH",
    "answers",
    "clean",
    "digits_only",
    "luhn_check_digit",
    "luhn_is_valid",
    "require_check_digit",
]

# No identifier here is longer than 15 characters even with separators and stray spaces;
# anything far longer is refused before any work is done on it.
MAX_INPUT_LENGTH: Final = 64

_WHITESPACE: Final = " \t\r\n\f\v"
_DIGITS: Final = frozenset("0123456789")

# The Luhn doubling of a digit, with the digits of the product summed (7 -> 14 -> 5).
_DOUBLED: Final = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)


def clean(value: object, deletechars: str = "") -> str:
    """Return ``value`` upper-cased, without whitespace and without ``deletechars``.

    Raises :class:`~medoffice.kernel.InvalidFormat` for anything that is not an ASCII string
    (so look-alike characters such as full-width or Arabic-Indic digits never pass), and
    :class:`~medoffice.kernel.InvalidLength` for absurdly long input.
    """
    if not isinstance(value, str):
        raise InvalidFormat("the value is not a string")
    if len(value) > MAX_INPUT_LENGTH:
        raise InvalidLength
    if not value.isascii():
        raise InvalidFormat("the value contains characters outside ASCII")
    if value.isalnum():  # the common case: nothing to delete
        return value.upper()
    return value.translate(_delete_table(deletechars)).upper()


_TABLES: dict[str, dict[int, None]] = {}


def _delete_table(deletechars: str) -> dict[int, None]:
    table = _TABLES.get(deletechars)
    if table is None:
        table = dict.fromkeys(map(ord, _WHITESPACE + deletechars))
        _TABLES[deletechars] = table
    return table


def digits_only(value: str) -> bool:
    """Whether ``value`` is non-empty and made of the ASCII digits 0-9 only."""
    return bool(value) and _DIGITS.issuperset(value)


def _luhn_sum(digits: str, *, double_last: bool) -> int:
    total = 0
    double = double_last
    for char in reversed(digits):
        digit = ord(char) - 48
        total += _DOUBLED[digit] if double else digit
        double = not double
    return total


def luhn_check_digit(digits: str) -> str:
    """The Luhn check digit to append to ``digits`` (ASCII digits, already checked)."""
    return str(-_luhn_sum(digits, double_last=True) % 10)


def luhn_is_valid(digits: str) -> bool:
    """Whether ``digits`` (ASCII digits, already checked) ends in a correct Luhn check digit."""
    return _luhn_sum(digits, double_last=False) % 10 == 0


def require_check_digit(expected: str, actual: str) -> None:
    """Raise :class:`~medoffice.kernel.InvalidChecksum` unless the two check digits agree."""
    if expected != actual:
        raise InvalidChecksum


def answers(validate: Callable[[str], str], value: object) -> bool:
    """Whether ``validate`` accepts ``value``; ``False`` for anything else, never an exception."""
    if not isinstance(value, str):
        return False
    try:
        validate(value)
    except ValidationError:
        return False
    return True
