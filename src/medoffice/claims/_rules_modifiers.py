"""Modifier and place-of-service rules: the shape, validity and consistency of each line.

Each modifier of a line (their number and shape are structure rules: ``MOD-TOO-MANY``,
``MOD-FORMAT``) must be a CPT modifier or a HCPCS Level II modifier in effect on the date of
service, and none may appear twice. Some modifiers contradict each other on one line: 26
(professional component) with TC (technical component), 50 (bilateral) with LT or RT, LT with
RT. CMS asks for the more specific X modifiers (XE, XS, XP, XU) instead of 59, never both, and
neither on an evaluation and management code (use 25). The place of service must be a code of
the CMS list in effect on the date of service (its two-digit shape is ``POS-FORMAT``).

More information: CMS NCCI Policy Manual for Medicare Services, chapter I (modifiers 59 and
X{EPSU}); CMS Medicare Claims Processing Manual chapter 12 (26/TC, 50);
CMS Place of Service code set, https://www.cms.gov/medicare/coding-billing/place-of-service-codes/code-sets

>>> from datetime import date
>>> import attrs
>>> from medoffice.claims import CheckContext, check_claim
>>> from medoffice.testing import InMemoryDiagnosisCodes, sample_claim
>>> context = CheckContext(on=date(2026, 3, 20), diagnoses=InMemoryDiagnosisCodes.sample())
>>> first, *rest = sample_claim().lines
>>> claim = sample_claim(lines=(attrs.evolve(first, modifiers=("25", "59", "25")), *rest))
>>> [(f.rule.value, f.path) for f in check_claim(claim, context=context)]
[('MOD-59-WITH-X', 'lines[0].modifiers[1]'), ('MOD-DUPLICATE', 'lines[0].modifiers[2]')]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Final

from medoffice.claims._diagnoses import CACHE_LIMIT
from medoffice.claims._facts import Facts
from medoffice.claims._rule import NO_HITS, Hit, Needs, Rule
from medoffice.claims.ports import EditTables
from medoffice.coding.pos import is_valid_place_of_service
from medoffice.kernel import Severity

__all__ = ["MODIFIER_RULES"]

_SHAPE: Final = re.compile(r"[0-9A-Z]{2}")
_POS_SHAPE: Final = re.compile(r"\d{2}")
_X: Final = frozenset({"XE", "XS", "XP", "XU"})
_CONFLICTS: Final = (
    frozenset({"26", "TC"}),
    frozenset({"50", "LT"}),
    frozenset({"50", "RT"}),
    frozenset({"LT", "RT"}),
)


def _is_em(code: str) -> bool:
    return len(code) == 5 and code.isdigit() and "99202" <= code <= "99499"


def _modifier_passes(f: Facts, modifier: str, day: date) -> bool:
    """Whether MOD-UNKNOWN passes over ``modifier`` on ``day`` (a modifier of another shape is
    MOD-FORMAT's), kept in the context's memo (``f.context.modifiers_known``) that callers read
    first."""
    tables = f.context.tables
    passes = tables is None or not (
        _SHAPE.fullmatch(modifier) and tables.modifier_known(modifier, day) is False
    )
    known = f.context.modifiers_known
    if len(known) >= CACHE_LIMIT:
        known.clear()
    known[modifier, day] = passes
    return passes


def mod_unknown(f: Facts) -> Sequence[Hit]:
    if not f.modified:
        return NO_HITS
    tables = f.context.tables
    if tables is None:
        return NO_HITS
    return [
        Hit(
            f"lines[{i}].modifiers[{k}]",
            "the modifier is not a CPT or HCPCS modifier on the date of service",
            m,
        )
        for i, ln in enumerate(f.claim.lines)
        for k, m in enumerate(ln.modifiers)
        if _SHAPE.fullmatch(m) and tables.modifier_known(m, ln.service_from) is False
    ]


def mod_duplicate(f: Facts) -> Sequence[Hit]:
    if not f.modified:
        return NO_HITS
    return [
        Hit(f"lines[{i}].modifiers[{k}]", "the modifier is already on this line", m)
        for i, ln in enumerate(f.claim.lines)
        for k, m in enumerate(ln.modifiers)
        if m in ln.modifiers[:k]
    ]


def mod_59_with_x(f: Facts) -> Sequence[Hit]:
    if not f.modified:
        return NO_HITS
    hits: list[Hit] = []
    for i, ln in enumerate(f.claim.lines):
        mods = ln.modifiers
        if "59" in mods and _X.intersection(mods):
            k = mods.index("59")
            hits.append(
                Hit(f"lines[{i}].modifiers[{k}]", "use 59 or an X modifier, not both", "59")
            )
        elif _is_em(ln.procedure):
            for k, m in enumerate(mods):
                if m == "59" or m in _X:
                    hits.append(
                        Hit(
                            f"lines[{i}].modifiers[{k}]",
                            "59 and the X modifiers never apply to an E/M code",
                            m,
                        )
                    )
    return hits


def mod_conflict(f: Facts) -> Sequence[Hit]:
    if not f.modified:
        return NO_HITS
    hits: list[Hit] = []
    for i, ln in enumerate(f.claim.lines):
        mods = ln.modifiers
        for k, m in enumerate(mods):
            earlier = set(mods[:k])
            if any(m in pair and (pair - {m}) & earlier for pair in _CONFLICTS):
                hits.append(
                    Hit(
                        f"lines[{i}].modifiers[{k}]",
                        "the modifier contradicts another on the same line",
                        m,
                    )
                )
    return hits


def _pos_valid(tables: EditTables | None, code: str, day: date) -> bool:
    if tables is None:
        return is_valid_place_of_service(code, on=day)
    return tables.place_of_service_valid(code, day)


def _place_passes(f: Facts, code: str, day: date) -> bool:
    """Whether POS-INVALID passes over the place ``code`` on ``day`` (a code that is not two
    digits is POS-FORMAT's), kept in the context's memo (``f.context.places``) that callers read
    first."""
    known = f.context.places  # lines mostly share one place and day, and so do a batch's claims
    valid = not _POS_SHAPE.fullmatch(code) or _pos_valid(f.context.tables, code, day)
    if len(known) >= CACHE_LIMIT:
        known.clear()
    known[code, day] = valid
    return valid


def pos_invalid(f: Facts) -> Sequence[Hit]:
    hits: list[Hit] = []
    known = f.context.places
    for i, ln in enumerate(f.claim.lines):
        code = ln.place_of_service
        valid = known.get((code, ln.service_from))
        if valid is None:
            valid = _place_passes(f, code, ln.service_from)
        if not valid:
            hits.append(
                Hit(
                    f"lines[{i}].place_of_service",
                    "the place of service is unknown or not in effect on the date of service",
                    code,
                )
            )
    return hits


_MODS: Final = "CMS NCCI Policy Manual chapter I; CMS Claims Processing Manual chapter 12"

MODIFIER_RULES: Final[tuple[Rule, ...]] = (
    Rule(
        id="MOD-UNKNOWN",
        severity=Severity.ERROR,
        summary="A modifier is neither a CPT modifier nor a HCPCS modifier in effect on the "
        "date of service.",
        authority="AMA CPT Appendix A; CMS HCPCS quarterly file (modifier records)",
        check=mod_unknown,
        needs=Needs.EDIT_TABLES,
    ),
    Rule(
        id="MOD-DUPLICATE",
        severity=Severity.ERROR,
        summary="The same modifier appears twice on one line.",
        authority=_MODS,
        check=mod_duplicate,
    ),
    Rule(
        id="MOD-59-WITH-X",
        severity=Severity.ERROR,
        summary="Modifier 59 together with XE, XS, XP or XU, or 59 or an X modifier on an "
        "E/M code.",
        authority="CMS MLN1783722 (modifiers 59 and X{EPSU}); NCCI Policy Manual chapter I",
        check=mod_59_with_x,
    ),
    Rule(
        id="MOD-CONFLICT",
        severity=Severity.ERROR,
        summary="Contradictory modifiers on one line: 26 with TC, 50 with LT or RT, LT with RT.",
        authority=_MODS,
        check=mod_conflict,
    ),
    Rule(
        id="POS-INVALID",
        severity=Severity.ERROR,
        summary="A place of service is unknown or not in effect on the date of service.",
        authority="CMS Place of Service code set",
        check=pos_invalid,
    ),
)
