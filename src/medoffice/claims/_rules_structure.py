"""Structure rules: lines, totals, frequency, charges, units, duplicates and modifiers.

More information: ASC X12 005010X222A1 (837P) TR3, segments CLM and SV1; CMS Medicare Claims
Processing Manual, chapter 26 (CMS-1500 items 22 and 24).

>>> from datetime import date
>>> from medoffice.claims import CheckContext, check_claim
>>> from medoffice.testing import InMemoryDiagnosisCodes, sample_claim
>>> context = CheckContext(on=date(2026, 3, 20), diagnoses=InMemoryDiagnosisCodes.sample())
>>> [(f.rule.value, f.path) for f in check_claim(sample_claim(frequency="7"), context=context)]
[('CLM-FREQ-INVALID', 'original_reference')]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Final

from medoffice.claims._facts import Facts
from medoffice.claims._rule import NO_HITS, Hit, Rule
from medoffice.kernel import Severity

__all__ = ["STRUCTURE_RULES"]

MAX_LINES: Final = 50
MAX_MODIFIERS: Final = 4
_REPEAT_MODIFIERS: Final = frozenset({"76", "77", "91"})
_FREQUENCIES: Final = frozenset({"1", "7", "8"})
_MODIFIER_SHAPE: Final = re.compile(r"[0-9A-Z]{2}")
_POS_SHAPE: Final = re.compile(r"[0-9]{2}")
_ZERO: Final = Decimal(0)
_TR3: Final = "ASC X12 005010X222A1 (837P) TR3"


def no_lines(f: Facts) -> Sequence[Hit]:
    if f.claim.lines:
        return NO_HITS
    return [Hit("lines", "the claim has no service line")]


def too_many_lines(f: Facts) -> Sequence[Hit]:
    count = len(f.claim.lines)
    if count <= MAX_LINES:
        return NO_HITS
    return [Hit("lines", f"the claim has {count} lines; at most {MAX_LINES} fit", str(count))]


def total_mismatch(f: Facts) -> Sequence[Hit]:
    total = f.claim.total_charge
    if total is None or not f.claim.lines:
        return NO_HITS
    amount = _ZERO
    currency = total.currency
    for line in f.claim.lines:
        charge = line.charge
        if charge.currency is not currency and charge.currency != currency:
            return [Hit("total_charge", "the lines are charged in another currency", str(total))]
        amount += charge.amount
    if amount == total.amount:
        return NO_HITS
    return [
        Hit("total_charge", f"the total does not equal the sum of the lines ({amount})", str(total))
    ]


def frequency_invalid(f: Facts) -> Sequence[Hit]:
    code = f.claim.frequency
    if code not in _FREQUENCIES:
        return [Hit("frequency", "the frequency code is not 1, 7 or 8", str(code))]
    if code != "1" and not (f.claim.original_reference or "").strip():
        return [Hit("original_reference", "a replacement or void needs the original claim number")]
    return NO_HITS


def charge_not_positive(f: Facts) -> Sequence[Hit]:
    hits: list[Hit] = []
    for i, line in enumerate(f.claim.lines):
        charge = line.charge
        if charge.amount <= _ZERO:
            hits.append(Hit(f"lines[{i}].charge", "the charge must be above zero", str(charge)))
    return hits


def units_not_positive(f: Facts) -> Sequence[Hit]:
    hits: list[Hit] = []
    for i, line in enumerate(f.claim.lines):
        if not line.units > _ZERO:
            hits.append(Hit(f"lines[{i}].units", "the units must be above zero", str(line.units)))
    return hits


def line_duplicate(f: Facts) -> Sequence[Hit]:
    lines = f.claim.lines
    if len(lines) < 2 or len({line.procedure for line in lines}) == len(lines):
        return NO_HITS
    seen: set[tuple[object, ...]] = set()
    hits: list[Hit] = []
    for i, line in enumerate(lines):
        # Drug lines of one code differ by their NDC (a J code given as two products).
        key = (
            line.procedure,
            line.service_from,
            tuple(sorted(map(str, line.modifiers))),
            line.ndc,
        )
        if key in seen and _REPEAT_MODIFIERS.isdisjoint(line.modifiers):
            hits.append(
                Hit(
                    f"lines[{i}]",
                    "the same procedure, date, modifiers and NDC appear on an earlier line "
                    "without modifier 76, 77 or 91",
                    str(line.procedure),
                )
            )
        seen.add(key)
    return hits


def too_many_modifiers(f: Facts) -> Sequence[Hit]:
    hits: list[Hit] = []
    for i, line in enumerate(f.claim.lines):
        if len(line.modifiers) > MAX_MODIFIERS:
            hits.append(
                Hit(
                    f"lines[{i}].modifiers",
                    f"a line takes at most {MAX_MODIFIERS} modifiers",
                    str(len(line.modifiers)),
                )
            )
    return hits


def modifier_format(f: Facts) -> Sequence[Hit]:
    hits: list[Hit] = []
    for i, line in enumerate(f.claim.lines):
        for k, modifier in enumerate(line.modifiers):
            if not _MODIFIER_SHAPE.fullmatch(modifier):
                hits.append(
                    Hit(
                        f"lines[{i}].modifiers[{k}]",
                        "a modifier is two letters or digits",
                        str(modifier),
                    )
                )
    return hits


def place_of_service_format(f: Facts) -> Sequence[Hit]:
    hits: list[Hit] = []
    for i, line in enumerate(f.claim.lines):
        pos = line.place_of_service
        if not _POS_SHAPE.fullmatch(pos):
            hits.append(
                Hit(f"lines[{i}].place_of_service", "a place of service is two digits", str(pos))
            )
    return hits


STRUCTURE_RULES: Final[tuple[Rule, ...]] = (
    Rule(
        id="CLM-NO-LINES",
        severity=Severity.ERROR,
        summary="The claim has no service line.",
        authority=f"{_TR3}, loop 2400 (1 to 50 service lines)",
        check=no_lines,
    ),
    Rule(
        id="CLM-TOO-MANY-LINES",
        severity=Severity.ERROR,
        summary="The claim has more than 50 service lines.",
        authority=f"{_TR3}, loop 2400 repeat 50",
        check=too_many_lines,
    ),
    Rule(
        id="CLM-TOTAL-MISMATCH",
        severity=Severity.ERROR,
        summary="The total charge differs from the sum of the line charges.",
        authority=f"{_TR3}, CLM02 (total equals the sum of SV102)",
        check=total_mismatch,
    ),
    Rule(
        id="CLM-FREQ-INVALID",
        severity=Severity.ERROR,
        summary="The frequency code is not 1, 7 or 8, or a 7/8 lacks the original claim number.",
        authority=f"{_TR3}, CLM05-3 and REF*F8; CMS-1500 item 22",
        check=frequency_invalid,
    ),
    Rule(
        id="CHG-NOT-POSITIVE",
        severity=Severity.ERROR,
        summary="A line charge is zero or negative.",
        authority=f"{_TR3}, SV102; CMS-1500 item 24F",
        check=charge_not_positive,
    ),
    Rule(
        id="UNIT-NOT-POSITIVE",
        severity=Severity.ERROR,
        summary="A line's units are zero or negative.",
        authority=f"{_TR3}, SV104; CMS-1500 item 24G",
        check=units_not_positive,
    ),
    Rule(
        id="LINE-DUPLICATE",
        severity=Severity.ERROR,
        summary="Two lines bill the same code, date, modifiers and NDC without 76, 77 or 91.",
        authority="CMS Medicare Claims Processing Manual ch. 1 §120.2 (duplicate claims); "
        "CPT modifiers 76, 77, 91",
        check=line_duplicate,
    ),
    Rule(
        id="MOD-TOO-MANY",
        severity=Severity.ERROR,
        summary="A line has more than four modifiers.",
        authority=f"{_TR3}, SV101-3 to SV101-6",
        check=too_many_modifiers,
    ),
    Rule(
        id="MOD-FORMAT",
        severity=Severity.ERROR,
        summary="A modifier is not two letters or digits.",
        authority=f"{_TR3}, SV101-3 to SV101-6",
        check=modifier_format,
    ),
    Rule(
        id="POS-FORMAT",
        severity=Severity.ERROR,
        summary="A place of service is not a two-digit code.",
        authority=f"{_TR3}, SV105; CMS Place of Service code set",
        check=place_of_service_format,
    ),
)
