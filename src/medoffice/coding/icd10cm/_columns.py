"""Columns of compiled ICD-10-CM tables kept as a cache stores them, read on first use.

A column of texts is one string with the offsets of its entries (:class:`Texts`); numbers are
native ``int`` arrays read from bytes (:func:`ints`); the few dicts are nested :mod:`marshal`
blobs, checked when they are first decoded (:func:`decode_targets`, :func:`seventh_pairs`).

>>> column = Texts.of(["E11", "E119"])
>>> column[1], column.find("E119"), column.find("E1"), column.all()
('E119', 1, None, ('E11', 'E119'))
"""

from __future__ import annotations

import bisect
import marshal
from array import array

from medoffice.kernel._errors import InvalidValue
from medoffice.kernel._records import final

TYPE_CHECKING = False  # typing's own flag, without importing typing on a cold start
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any, Final

__all__ = [
    "INT",
    "SEPARATOR",
    "Texts",
    "decode_targets",
    "ints",
    "notes_of_items",
    "seventh_pairs",
    "unmarshal",
]

SEPARATOR: Final = "\0"
INT: Final = "i"


@final
class Texts:
    """A column of texts kept as one string, ``\\0`` before each entry and after the last."""

    __slots__ = ("_joined", "_starts")

    def __init__(self, joined: str, starts: array[int]) -> None:
        self._joined = joined
        self._starts = starts

    @classmethod
    def of(cls, texts: Sequence[str]) -> Texts:
        starts = array(INT)
        position = 1
        for text in texts:
            starts.append(position)
            position += len(text) + 1
        starts.append(position)
        return cls(SEPARATOR + SEPARATOR.join(texts) + SEPARATOR, starts)

    def __len__(self) -> int:
        return len(self._starts) - 1

    def __getitem__(self, index: int) -> str:
        starts = self._starts
        return self._joined[starts[index] : starts[index + 1] - 1]

    def all(self) -> tuple[str, ...]:
        return tuple(self._joined[1:-1].split(SEPARATOR)) if len(self) else ()

    def find(self, text: str) -> int | None:
        """The position of the last entry equal to ``text`` (a search of the joined string)."""
        if SEPARATOR in text:
            return None
        found = self._joined.rfind(f"\0{text}\0")
        if found < 0:
            return None
        return bisect.bisect_left(self._starts, found + 1)

    def payload(self) -> tuple[str, bytes]:
        return self._joined, self._starts.tobytes()

    @classmethod
    def from_payload(cls, joined: object, starts: object, count: int) -> Texts:
        offsets = ints(starts)
        if (
            not isinstance(joined, str)
            or len(offsets) != count + 1
            or (count and (offsets[0] != 1 or offsets[-1] != len(joined)))
            or (not count and joined != SEPARATOR * 2)
        ):
            raise InvalidValue("the compiled ICD-10-CM tables are inconsistent")
        return cls(joined, offsets)


def ints(value: object) -> array[int]:
    if not isinstance(value, bytes):
        raise InvalidValue("the compiled ICD-10-CM tables are inconsistent")
    numbers = array(INT)
    numbers.frombytes(value)
    return numbers


def notes_of_items(note_items: Sequence[int]) -> dict[int, tuple[int, ...]]:
    grouped: dict[int, list[int]] = {}
    for note_id, item in enumerate(note_items):
        grouped.setdefault(item, []).append(note_id)
    return {item: tuple(ids) for item, ids in grouped.items()}


def unmarshal(blob: bytes) -> dict[Any, Any]:
    try:
        value = marshal.loads(blob)  # noqa: S302 - inside the checksummed cache; runs no code
    except (EOFError, ValueError, TypeError) as error:
        raise InvalidValue("the compiled ICD-10-CM tables are not readable") from error
    if not isinstance(value, dict):
        raise InvalidValue("the compiled ICD-10-CM tables are inconsistent")
    return value


def decode_targets(blob: bytes) -> dict[int, frozenset[str]]:
    """The Excludes1 targets of a payload, read on first use (a lookup never needs them)."""
    targets = unmarshal(blob)
    if not all(
        isinstance(note, int)
        and isinstance(keys, frozenset)
        and all(isinstance(key, str) for key in keys)
        for note, keys in targets.items()
    ):
        raise InvalidValue("the compiled ICD-10-CM tables are inconsistent")
    return targets


def seventh_pairs(value: object) -> bool:
    """Whether ``value`` is a tuple of (character, meaning) pairs of strings."""
    return isinstance(value, tuple) and all(
        isinstance(pair, tuple)
        and len(pair) == 2
        and isinstance(pair[0], str)
        and isinstance(pair[1], str)
        for pair in value
    )
