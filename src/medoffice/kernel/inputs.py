"""Reading untrusted input: size, nesting and number limits, one error for what cannot be read.

Every file medoffice reads from a user (claims JSON, profiles, practice files, rosters, budget
files) goes through these functions, so a hostile or broken file ends in one documented
exception, :class:`UnreadableInput`, naming the file and the problem, instead of a
``RecursionError`` (a JSON array nested a thousand deep), a ``ValueError`` from Python's limit
on integer digits (a number of 4,301 digits) or an unbounded read (``/dev/zero``). These
functions are pure (bytes or text in, data out); reading the file itself, once and within
``max_bytes``, is the adapters' job.

The limits (:class:`InputLimits`) are:

- ``max_bytes``: the largest file read whole (64 MiB by default);
- ``max_depth``: the deepest nesting of arrays and objects (64);
- ``max_digits``: the longest integer literal (100 digits).

>>> parse_json(b'{"a": [1, 2]}', source="small.json")
{'a': [1, 2]}
>>> parse_json("[" * 100 + "]" * 100, source="deep.json")
Traceback (most recent call last):
...
medoffice.kernel.inputs.UnreadableInput: deep.json: nested deeper than 64 levels
>>> parse_toml("n = 1" + "0" * 200, source="big.toml")
Traceback (most recent call last):
...
medoffice.kernel.inputs.UnreadableInput: big.toml: an integer has more than 100 digits
"""

from __future__ import annotations

import json
import re
import tomllib
from itertools import accumulate
from typing import Any, Final, final

import attrs

from medoffice.kernel._errors import InvalidValue

__all__ = [
    "DEFAULT_LIMITS",
    "InputLimits",
    "UnreadableInput",
    "decode_text",
    "parse_json",
    "parse_toml",
]


@final
class UnreadableInput(InvalidValue):
    """An input that cannot be read at all: too large, too deep, not the format it claims.

    ``source`` names the file (or ``(input)``), ``problem`` says what is wrong, in words that
    never quote the data; ``str(error)`` is the single line ``source: problem``.
    """

    def __init__(self, source: str, problem: str) -> None:
        self.source = source
        self.problem = problem
        super().__init__(f"{source}: {problem}")


def _positive(_: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or value < 1:
        raise InvalidValue(f"{attribute.name} is a positive whole number")


@final
@attrs.frozen(kw_only=True)
class InputLimits:
    """How much of an untrusted document is read before it is refused."""

    max_bytes: int = attrs.field(default=64 * 1024 * 1024, validator=_positive)
    max_depth: int = attrs.field(default=64, validator=_positive)
    max_digits: int = attrs.field(default=100, validator=_positive)


DEFAULT_LIMITS: Final = InputLimits()

# JSON strings (with their escapes), then everything that is not a bracket, are dropped before
# the nesting is measured, so brackets inside strings do not count.
_JSON_STRING: Final = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_TOML_STRING: Final = re.compile(
    r'"""(?:[^\\]|\\.)*?"""|\'\'\'.*?\'\'\'|"[^"\\\n]*(?:\\.[^"\\\n]*)*"|\'[^\'\n]*\'|#[^\n]*',
    re.DOTALL,
)
_NOT_BRACKET: Final = re.compile(r"[^\[\]{}]+")
_STEP: Final = {"[": 1, "{": 1, "]": -1, "}": -1}
# An integer literal: digits (and TOML's underscores) not part of a longer word or number.
_LONG_INTEGER: Final = "[0-9_]{{{0},}}"


def decode_text(data: bytes | str, *, source: str = "(input)") -> str:
    """``data`` as text: UTF-8 (a byte-order mark is dropped), else :class:`UnreadableInput`."""
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableInput(source, f"not UTF-8 text (byte {error.start})") from None


def _depth(brackets: str) -> int:
    steps = map(_STEP.__getitem__, brackets)
    return max(accumulate(steps), default=0)


def _check_size(text: str | bytes, source: str, limits: InputLimits) -> None:
    if len(text) > limits.max_bytes:
        raise UnreadableInput(source, f"larger than the limit of {limits.max_bytes:,} bytes")


def _check_depth(text: str, pattern: re.Pattern[str], source: str, limits: InputLimits) -> None:
    brackets = _NOT_BRACKET.sub("", pattern.sub("", text))
    if len(brackets) > limits.max_depth and _depth(brackets) > limits.max_depth:
        raise UnreadableInput(source, f"nested deeper than {limits.max_depth} levels")


def _json_text(data: str | bytes, source: str) -> str:
    if isinstance(data, str):
        return data
    try:
        return data.decode(json.detect_encoding(data))
    except (UnicodeDecodeError, LookupError) as error:
        raise UnreadableInput(
            source, f"not valid JSON: not text ({type(error).__name__})"
        ) from None


def parse_json(
    data: str | bytes, *, source: str = "(input)", limits: InputLimits = DEFAULT_LIMITS
) -> Any:
    """The value of a JSON document, within ``limits``; :class:`UnreadableInput` otherwise."""
    _check_size(data, source, limits)
    text = _json_text(data, source).removeprefix("\ufeff")
    if not text.strip():
        raise UnreadableInput(source, "the file is empty: there is no JSON in it")
    _check_depth(text, _JSON_STRING, source, limits)
    digits = limits.max_digits

    def integer(literal: str) -> int:
        if len(literal.lstrip("-")) > digits:
            raise UnreadableInput(source, f"an integer has more than {digits} digits")
        return int(literal)

    try:
        return json.loads(text, parse_int=integer)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        raise UnreadableInput(source, f"not valid JSON ({error.msg} at {where})") from None
    except RecursionError:  # a nesting the pre-scan could not see (malformed brackets)
        raise UnreadableInput(source, "nested too deeply") from None


def parse_toml(
    data: str | bytes, *, source: str = "(input)", limits: InputLimits = DEFAULT_LIMITS
) -> dict[str, Any]:
    """The table of a TOML document, within ``limits``; :class:`UnreadableInput` otherwise."""
    _check_size(data, source, limits)
    text = decode_text(data, source=source)
    _check_depth(text, _TOML_STRING, source, limits)
    stripped = _TOML_STRING.sub("", text)
    if re.search(_LONG_INTEGER.format(limits.max_digits + 1), stripped):
        raise UnreadableInput(source, f"an integer has more than {limits.max_digits} digits")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise UnreadableInput(source, f"not valid TOML ({error})") from None
    except RecursionError:
        raise UnreadableInput(source, "nested too deeply") from None
    except ValueError as error:  # a value tomllib cannot convert (Python's own limits)
        raise UnreadableInput(source, f"not valid TOML ({type(error).__name__})") from None
