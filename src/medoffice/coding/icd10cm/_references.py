"""Code references inside ICD-10-CM instructional notes, read into structured values.

The tabular list writes the codes a note points at in free text, usually in parentheses at the
end of the note: ``type 1 diabetes mellitus (E10.-)``. The shapes that occur in the official
file are exact codes (``E85.4``), category and subcategory wildcards (``E08.-``, ``O24.4-``,
``S06.0X-``), bare categories (``B20``), ranges within and across letters (``E00-E07``,
``C00-D49``, ``E00-E03.-``, ``S06.1- to S06.6-``), odd forms (``G35-``, ``A99.9.-``,
``F98.2.-F98.3``), qualifiers (``B27.- with fifth character 2``, ``T36-T50 with fifth or sixth
character 5``, ``E08-E13 with .52``, ``I69. with final characters -23``) and notes with no
parentheses at all (``torticollis NOS M43.6``). Every reference covers a code *and all its
descendants*, because a note on an item applies to everything below it.

A reference whose qualifier cannot be read (``with C3 glomerulopathy``) keeps the qualifier text
and matches nothing: a conflict is never reported on a guess.

>>> [str(r) for r in parse_references("diabetes (E08.-, E09.-, E13.-)")]
['E08.-', 'E09.-', 'E13.-']
>>> ref = parse_references("infectious mononucleosis (B27.- with fifth character 2)")[0]
>>> ref.matches("B27.02"), ref.matches("B27.01")
(True, False)
>>> parse_references("neoplasms (C00-D49)")[0].matches("C50.911")
True
>>> parse_references("certain localized infections - see body system-related chapters")
()

More information: ICD-10-CM Official Guidelines for Coding and Reporting FY2026, section I.A
(conventions: Excludes notes, "code first", "use additional code", "code also"),
https://www.cdc.gov/nchs/icd/icd-10-cm/
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final, final

import attrs

__all__ = ["CharacterQualifier", "CodeReference", "parse_references", "undotted"]

_CODE: Final = r"[A-Z]\d[0-9A-Z](?:\.?[0-9A-Z]{1,4})?"
_REFERENCE: Final = re.compile(
    rf"(?<![0-9A-Za-z.])(?P<first>{_CODE})"
    rf"(?P<first_wild>\.?-(?!\s*{_CODE}))?"
    rf"(?:\s*(?:\.?-|\bto\b)\s*(?P<last>{_CODE})(?P<last_wild>\.?-)?)?"
    r"(?![0-9A-Za-z])"
)
_QUALIFIER: Final = re.compile(r"\A\.?\s*(?:-\s*)?with\s+(?P<text>[^,;()]*)")
_TAIL_ONLY: Final = re.compile(r"\A\s*\.(?P<tail>[0-9A-Z]+)-?\s*\Z")
_ORDINALS: Final = {
    "fourth": 4,
    "4th": 4,
    "fifth": 5,
    "5th": 5,
    "sixth": 6,
    "6th": 6,
    "six": 6,
    "seventh": 7,
    "7th": 7,
}
_POSITIONAL: Final = re.compile(
    r"\A(?P<ordinals>(?:(?:fourth|4th|fifth|5th|sixth|6th|six|seventh|7th|final)"
    r"(?:\s+(?:or|to)\s+|-|\s+))+)characters?\s+(?P<values>[0-9A-Z.\- ,or]+?)\s*\Z"
)
_TAILS: Final = re.compile(r"\A(?P<values>\.[0-9A-Z.\- ]+?)\s*\Z")


def undotted(code: str) -> str:
    """The code without its dot, upper-cased and stripped: ``e11.9`` -> ``E119``."""
    return code.strip().upper().replace(".", "")


def _frozen(values: Iterable[str]) -> frozenset[str]:
    return frozenset(values)


def _qualifier_tuple(values: Iterable[CharacterQualifier]) -> tuple[CharacterQualifier, ...]:
    return tuple(values)


@final
@attrs.frozen(kw_only=True)
class CharacterQualifier:
    """Characters required at a position of the undotted code (1-based), any one of them."""

    position: int
    values: frozenset[str] = attrs.field(converter=_frozen)

    def matches(self, code: str) -> bool:
        """Whether the undotted ``code`` carries one of the values at the position."""
        start = self.position - 1
        return any(code[start : start + len(value)] == value for value in self.values)


@final
@attrs.frozen(kw_only=True)
class CodeReference:
    """A code, wildcard or range named in a note; it covers descendants too.

    ``first`` and ``last`` are undotted prefixes (equal for a single code or wildcard).
    """

    text: str
    first: str
    last: str
    qualifiers: tuple[CharacterQualifier, ...] = attrs.field(default=(), converter=_qualifier_tuple)
    unread_qualifier: str | None = None

    def __str__(self) -> str:
        return self.text

    @property
    def is_range(self) -> bool:
        """Whether the reference spans more than one code prefix."""
        return self.first != self.last

    def matches(self, code: str) -> bool:
        """Whether ``code`` (dotted or not) falls under this reference."""
        return self.matches_key(undotted(code))

    def matches_key(self, key: str) -> bool:
        """:meth:`matches` for a key already undotted and upper-case (the compiler's hot path)."""
        if self.unread_qualifier is not None:
            return False
        if not (self.first <= key[: len(self.first)] and key[: len(self.last)] <= self.last):
            return False
        return not self.qualifiers or any(q.matches(key) for q in self.qualifiers)


def _expand(values: str) -> frozenset[str]:
    """``1-4 or 6`` -> {1, 2, 3, 4, 6}; ``B or C`` -> {B, C}; ``.00 or .01`` -> {00, 01}."""
    found: set[str] = set()
    for raw in re.split(r"\s*(?:,|\bor\b)\s*", values.strip()):
        part = raw.strip().strip(".").strip()
        if not part:
            continue
        span = re.fullmatch(r"([0-9A-Z])\s*-\s*([0-9A-Z])", part)
        if span:
            low, high = span.groups()
            found.update(chr(c) for c in range(ord(low), ord(high) + 1))
            continue
        tails = re.fullmatch(r"\.?([0-9A-Z]+)-?\s*-\s*\.([0-9A-Z]+)-?", raw.strip())
        if tails:
            found.update(tails.groups())
            continue
        found.add(part.lstrip("-").rstrip("-"))
    found.discard("")
    return frozenset(found)


def _qualifiers(text: str) -> tuple[CharacterQualifier, ...] | None:
    """Read ``fifth or sixth character 5`` and friends; ``None`` when unreadable."""
    text = " ".join(text.split())
    positional = _POSITIONAL.match(text)
    if positional:
        words = re.findall(r"fourth|4th|fifth|5th|sixth|6th|six|seventh|7th|final", text)
        raw_values = positional.group("values").strip()
        values = _expand(raw_values)
        if not values:
            return None
        if raw_values.startswith("."):
            return (CharacterQualifier(position=4, values=values),)
        if "final" in words:
            position = 5 if raw_values.startswith("-") else 4
            return (CharacterQualifier(position=position, values=values),)
        positions = sorted({_ORDINALS[w] for w in words})
        if " to " in positional.group("ordinals"):
            positions = positions[:1]
        return tuple(CharacterQualifier(position=p, values=values) for p in positions)
    tails = _TAILS.match(text)
    if tails:
        values = _expand(tails.group("values"))
        return (CharacterQualifier(position=4, values=values),) if values else None
    return None


def _segments(text: str) -> list[str]:
    groups = re.findall(r"\(([^()]*)\)", text)
    return groups or [text]


def parse_references(text: str) -> tuple[CodeReference, ...]:
    """Every code reference in a note's text, in order; never raises."""
    found: list[CodeReference] = []
    for segment in _segments(text or ""):
        last_qualified: int | None = None
        for part in re.split(r"[,;]", segment):
            tail = _TAIL_ONLY.match(part)
            if tail and last_qualified is not None:
                extend = found[last_qualified]
                extra = tuple(
                    attrs.evolve(q, values=q.values | {tail.group("tail")})
                    for q in extend.qualifiers
                )
                found[last_qualified] = attrs.evolve(
                    extend, text=f"{extend.text}, .{tail.group('tail')}", qualifiers=extra
                )
                continue
            last_qualified = None
            for match in _REFERENCE.finditer(part):
                first = undotted(match.group("first"))
                last = undotted(match.group("last") or match.group("first"))
                if last < first:
                    first, last = last, first
                written = match.group(0)
                qualifier = _QUALIFIER.match(part[match.end() :])
                qualifiers: tuple[CharacterQualifier, ...] = ()
                unread: str | None = None
                if qualifier:
                    written = (written + part[match.end() : match.end() + qualifier.end()]).strip()
                    read = _qualifiers(qualifier.group("text"))
                    if read is None:
                        unread = qualifier.group("text").strip()
                    else:
                        qualifiers = read
                        last_qualified = len(found)
                found.append(
                    CodeReference(
                        text=written.strip(),
                        first=first,
                        last=last,
                        qualifiers=qualifiers,
                        unread_qualifier=unread,
                    )
                )
    return tuple(found)
