"""Diagnosis list and pointer rules: how many diagnoses, and how the lines point at them.

More information: ASC X12 005010X222A1 (837P) TR3, HI (up to 12 diagnoses) and SV107 (up to 4
pointers); CMS Medicare Claims Processing Manual, chapter 26 (CMS-1500 items 21 and 24E).

>>> from datetime import date
>>> import attrs
>>> from medoffice.claims import CheckContext, check_claim
>>> from medoffice.testing import InMemoryDiagnosisCodes, sample_claim
>>> context = CheckContext(on=date(2026, 3, 20), diagnoses=InMemoryDiagnosisCodes.sample())
>>> first, *rest = sample_claim().lines
>>> claim = sample_claim(lines=(attrs.evolve(first, pointers=(1, 1, 9)), *rest))
>>> [(f.rule.value, f.path, f.value) for f in check_claim(claim, context=context)]
[('PTR-REPEATED', 'lines[0].pointers[1]', '1'),
 ('PTR-OUT-OF-RANGE', 'lines[0].pointers[2]', '9'),
 ('DX-UNREFERENCED', 'diagnoses[2]', 'E785'),
 ('DX-UNREFERENCED', 'diagnoses[3]', 'Z794')]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from medoffice.claims._facts import Facts
from medoffice.claims._rule import NO_HITS, Hit, Rule
from medoffice.kernel import Severity

__all__ = ["POINTER_RULES"]

MAX_DIAGNOSES: Final = 12
MAX_POINTERS: Final = 4
# The pointers that name one of n diagnoses; a frozenset so that a non-integer is simply absent.
_VALID_POINTERS: Final = tuple(frozenset(range(1, n + 1)) for n in range(MAX_DIAGNOSES + 1))
_HI: Final = "ASC X12 005010X222A1 (837P) TR3, HI segment; CMS-1500 item 21"
_SV107: Final = "ASC X12 005010X222A1 (837P) TR3, SV107; CMS-1500 item 24E"


def dx_none(f: Facts) -> Sequence[Hit]:
    if f.dx:
        return NO_HITS
    return [Hit("diagnoses", "the claim has no diagnosis")]


def dx_too_many(f: Facts) -> Sequence[Hit]:
    count = len(f.dx)
    if count <= MAX_DIAGNOSES:
        return NO_HITS
    return [Hit("diagnoses", f"at most {MAX_DIAGNOSES} diagnoses fit on a claim", str(count))]


def dx_duplicate(f: Facts) -> Sequence[Hit]:
    if len(set(f.dx)) == len(f.dx):
        return NO_HITS
    seen: set[str] = set()
    hits: list[Hit] = []
    for j, code in enumerate(f.dx):
        if code in seen:
            hits.append(Hit(f"diagnoses[{j}]", "the diagnosis is listed twice", code))
        seen.add(code)
    return hits


def ptr_missing(f: Facts) -> Sequence[Hit]:
    return [
        Hit(f"lines[{i}].pointers", "the line points at no diagnosis")
        for i, line in enumerate(f.claim.lines)
        if not line.pointers
    ]


def ptr_too_many(f: Facts) -> Sequence[Hit]:
    return [
        Hit(
            f"lines[{i}].pointers",
            f"a line points at most at {MAX_POINTERS} diagnoses",
            str(len(line.pointers)),
        )
        for i, line in enumerate(f.claim.lines)
        if len(line.pointers) > MAX_POINTERS
    ]


def ptr_out_of_range(f: Facts) -> Sequence[Hit]:
    count = min(len(f.dx), MAX_DIAGNOSES)
    valid = _VALID_POINTERS[count]
    hits: list[Hit] = []
    for i, line in enumerate(f.claim.lines):
        if valid.issuperset(line.pointers):
            continue
        for k, pointer in enumerate(line.pointers):
            if pointer not in valid:
                hits.append(
                    Hit(
                        f"lines[{i}].pointers[{k}]",
                        f"the pointer does not name one of the {count} diagnoses",
                        str(pointer),
                    )
                )
    return hits


def ptr_repeated(f: Facts) -> Sequence[Hit]:
    hits: list[Hit] = []
    for i, line in enumerate(f.claim.lines):
        pointers = line.pointers
        if len(set(pointers)) == len(pointers):
            continue
        seen: set[int] = set()
        for k, pointer in enumerate(pointers):
            if pointer in seen:
                hits.append(Hit(f"lines[{i}].pointers[{k}]", "the line points twice", str(pointer)))
            seen.add(pointer)
    return hits


def dx_unreferenced(f: Facts) -> Sequence[Hit]:
    if not f.claim.lines:
        return NO_HITS
    used = f.referenced
    if len(used) >= len(f.dx):
        return NO_HITS
    return [
        Hit(f"diagnoses[{j}]", "no service line points at this diagnosis", code)
        for j, code in enumerate(f.dx)
        if j + 1 not in used
    ]


POINTER_RULES: Final[tuple[Rule, ...]] = (
    Rule(
        id="DX-NONE",
        severity=Severity.ERROR,
        summary="The claim has no diagnosis.",
        authority=_HI,
        check=dx_none,
    ),
    Rule(
        id="DX-TOO-MANY",
        severity=Severity.ERROR,
        summary="The claim has more than 12 diagnoses.",
        authority=_HI,
        check=dx_too_many,
    ),
    Rule(
        id="DX-DUPLICATE",
        severity=Severity.ERROR,
        summary="A diagnosis is listed twice.",
        authority=_HI,
        check=dx_duplicate,
    ),
    Rule(
        id="PTR-MISSING",
        severity=Severity.ERROR,
        summary="A line points at no diagnosis.",
        authority=_SV107,
        check=ptr_missing,
    ),
    Rule(
        id="PTR-TOO-MANY",
        severity=Severity.ERROR,
        summary="A line has more than four diagnosis pointers.",
        authority=_SV107,
        check=ptr_too_many,
    ),
    Rule(
        id="PTR-OUT-OF-RANGE",
        severity=Severity.ERROR,
        summary="A pointer names a diagnosis the claim does not have.",
        authority=_SV107,
        check=ptr_out_of_range,
    ),
    Rule(
        id="PTR-REPEATED",
        severity=Severity.ERROR,
        summary="A line points at the same diagnosis twice.",
        authority=_SV107,
        check=ptr_repeated,
    ),
    Rule(
        id="DX-UNREFERENCED",
        severity=Severity.INFO,
        summary="No line points at a diagnosis.",
        authority=_SV107,
        check=dx_unreferenced,
    ),
)
