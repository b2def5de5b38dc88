"""NCCI rules: procedure-to-procedure (PTP) pairs, medically unlikely edits (MUE), add-on codes.

CMS pays neither column-2 code of a PTP pair billed with its column-1 code by the same provider
for the same patient on the same day (modifier indicator 0), unless an NCCI-associated modifier
(59, XE/XS/XP/XU, anatomic, ...) shows distinct services where the indicator is 1. An MUE caps
the units of a code: per line (MUE adjudication indicator 1) or summed over the day (2, a
policy limit; 3, a clinical one that a payer may let documentation override). An add-on code is
paid only with one of its primary procedures. The pairs and day sums also see the lines of
claims already submitted (a :class:`~medoffice.claims.ports.ClaimHistory`, see
:func:`~medoffice.claims.check_claims`); a finding always points at a line of this claim.

Profile parameter: ``MUE-DAY-CLINICAL`` takes ``max_units`` (a payer's own limit after
clinical review replaces the MAI-3 value).

More information: CMS NCCI Policy Manual for Medicare Services, chapter I;
https://www.cms.gov/medicare/coding-billing/national-correct-coding-initiative-ncci-edits ;
CMS MUE and add-on code edit pages on the same site.

>>> from datetime import date
>>> from medoffice.claims import CheckContext, check_claim
>>> from medoffice.testing import InMemoryDiagnosisCodes, InMemoryEditTables, sample_claim
>>> tables = InMemoryEditTables(ptp={("99214", "83036"): 0})
>>> context = CheckContext(
...     on=date(2026, 3, 20), diagnoses=InMemoryDiagnosisCodes.sample(), tables=tables
... )
>>> [(f.rule.value, f.path, f.value) for f in check_claim(sample_claim(), context=context)]
[('NCCI-PTP-0', 'lines[1].procedure', '99214/83036')]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Final

from medoffice.claims._facts import Facts
from medoffice.claims._model import ServiceLine
from medoffice.claims._rule import NO_HITS, Hit, Needs, Rule
from medoffice.claims.ports import AddOnRule, EditTables, UnitLimit
from medoffice.coding.modifiers import ANATOMIC, NCCI_ASSOCIATED, REPEAT
from medoffice.kernel import Severity

__all__ = ["NCCI_RULES", "NCCI_SHARED"]

_SEPARATE: Final = REPEAT | ANATOMIC
_PTP_MESSAGE: Final = "the code pair is an NCCI procedure-to-procedure edit"
_AOC_MESSAGE: Final = "the add-on code is billed without a primary procedure that day"
_RULE_IDS: Final = (
    "NCCI-PTP-0",
    "NCCI-PTP-1",
    "NCCI-PTP-1-BYPASSED",
    "MUE-LINE",
    "MUE-DAY-POLICY",
    "MUE-DAY-CLINICAL",
    "AOC-NO-PRIMARY",
    "AOC-NO-PRIMARY-T3",
    "AOC-ALONE",
)
_NOTHING: Final[Mapping[str, Sequence[Hit]]] = dict.fromkeys(_RULE_IDS, NO_HITS)
_ZERO: Final = Decimal(0)


class _Code:
    """One code on one day: this claim's lines of it (index, bypass modifier) and the rest.

    ``modified``/``plain``: some line of the code, this claim's or earlier, has an
    NCCI-associated modifier / has none; ``prior_*`` the same for earlier lines only. ``units``
    sums the units of every line of the code that day (MUE date-of-service edits).
    """

    __slots__ = ("modified", "own", "plain", "prior_modified", "prior_plain", "units")

    def __init__(self) -> None:
        self.own: list[tuple[int, bool]] = []
        self.modified = self.plain = False
        self.prior_modified = self.prior_plain = False
        self.units = _ZERO


def _bypassed(line: ServiceLine) -> bool:
    modifiers = line.modifiers
    return bool(modifiers) and not NCCI_ASSOCIATED.isdisjoint(modifiers)


def _day_codes(
    lines: Sequence[ServiceLine], indexes: Sequence[int], earlier: Sequence[ServiceLine]
) -> dict[str, _Code]:
    """The codes of one day, in order of first appearance (this claim's lines first)."""
    codes: dict[str, _Code] = {}
    for i in indexes:
        line = lines[i]
        code = codes.get(line.procedure)
        if code is None:
            code = codes[line.procedure] = _Code()
        modified = _bypassed(line)
        code.own.append((i, modified))
        if modified:
            code.modified = True
        else:
            code.plain = True
        code.units += line.units
    for line in earlier:
        code = codes.get(line.procedure)
        if code is None:
            code = codes[line.procedure] = _Code()
        if _bypassed(line):
            code.modified = code.prior_modified = True
        else:
            code.plain = code.prior_plain = True
        code.units += line.units
    return codes


class _Found:
    """The hits of the nine rules on one claim, made only when something is found."""

    __slots__ = ("hits",)

    def __init__(self) -> None:
        self.hits: dict[str, list[Hit]] = {}

    def add(self, rule: str, hit: Hit) -> None:
        self.hits.setdefault(rule, []).append(hit)

    def result(self) -> Mapping[str, Sequence[Hit]]:
        if not self.hits:
            return _NOTHING
        # Each rule's hits by line, then value; a PTP hit met twice (two lines of the partner
        # code) is one hit.
        hits = self.hits
        return {
            rule: tuple(sorted(set(hits[rule]), key=_line_order)) if rule in hits else NO_HITS
            for rule in _RULE_IDS
        }


def _ptp(
    found: _Found, tables: EditTables, day: date, codes: dict[str, _Code], *, earlier: bool
) -> None:
    """The three PTP rules on one day: one look-up of the pairs among its distinct codes.

    A hit points at a line of this claim: the column-2 line, or the column-1 line when its
    partner was submitted earlier. Indicator 0 always hits; indicator 1 hits NCCI-PTP-1 when
    a pair of lines has no NCCI-associated modifier on either, NCCI-PTP-1-BYPASSED when one of
    them has one.
    """
    if earlier:  # the pairs among earlier lines alone point at no line of this claim
        own = [code for code, c in codes.items() if c.own]
        pairs = tables.ptp_pairs(codes.keys(), day, touching=own)
    else:
        pairs = tables.ptp_pairs(codes.keys(), day)
    for (c1, c2), indicator in pairs.items():
        if indicator not in {0, 1}:
            continue
        first, second = codes[c1], codes[c2]
        if not second.own and not (first.own and (second.prior_plain or second.prior_modified)):
            continue
        value = f"{c1}/{c2}"
        # Column-2 lines of this claim against every column-1 line, then column-1 lines of
        # this claim against earlier column-2 lines.
        sides = [(j, mod, first.plain, first.modified) for j, mod in second.own]
        if second.prior_plain or second.prior_modified:
            sides += [(i, mod, second.prior_plain, second.prior_modified) for i, mod in first.own]
        for index, modified, plain, other_modified in sides:
            hit = Hit(f"lines[{index}].procedure", _PTP_MESSAGE, value)
            if indicator == 0:
                found.add("NCCI-PTP-0", hit)
                continue
            if not modified and plain:
                found.add("NCCI-PTP-1", hit)
            if modified or other_modified:
                found.add("NCCI-PTP-1-BYPASSED", hit)


def _line_order(hit: Hit) -> tuple[int, str]:
    index = hit.path.removeprefix("lines[").split("]", 1)[0]
    return (int(index) if index.isdigit() else 0, hit.value or "")


def _units_text(units: Decimal) -> str:
    return format(units.normalize(), "f")


def _mue_hit(index: int, units: Decimal, limit: int) -> Hit:
    return Hit(
        f"lines[{index}].units",
        f"the units exceed the medically unlikely edit of {limit}",
        _units_text(units),
    )


def _mue(
    found: _Found,
    lines: Sequence[ServiceLine],
    limits: Mapping[str, UnitLimit | None],
    codes: Mapping[str, _Code],
    clinical: object,
) -> None:
    """The three MUE rules on one day, each code's limit looked up once.

    MUE-LINE (MAI 1) sees this claim's lines only: lines with a repeat or anatomic modifier
    count alone, the others of the code together. The date-of-service rules (MAI 2 and 3) sum
    every line of the code that day, earlier ones included.
    """
    for code, limit in limits.items():
        if limit is None:
            continue
        own = codes[code].own
        if limit.mai == 1:
            grouped: list[int] = []
            for i, _ in own:
                line = lines[i]
                if line.modifiers and not _SEPARATE.isdisjoint(line.modifiers):
                    if line.units > limit.max_units:
                        found.add("MUE-LINE", _mue_hit(i, line.units, limit.max_units))
                else:
                    grouped.append(i)
            if grouped:
                total = sum((lines[i].units for i in grouped), _ZERO)
                if total > limit.max_units:
                    found.add("MUE-LINE", _mue_hit(grouped[0], total, limit.max_units))
        elif limit.mai in {2, 3}:
            ceiling = limit.max_units
            if limit.mai == 3 and isinstance(clinical, int):
                ceiling = clinical
            total = codes[code].units
            if total > ceiling:
                rule = "MUE-DAY-POLICY" if limit.mai == 2 else "MUE-DAY-CLINICAL"
                found.add(rule, _mue_hit(own[0][0], total, ceiling))


def _aoc(
    found: _Found,
    lines: Sequence[ServiceLine],
    tables: EditTables,
    day: date,
    codes: Mapping[str, _Code],
) -> None:
    """The three add-on rules on one day (earlier lines count as primaries).

    The codes of earlier lines are looked up only when every code of this claim that day is an
    add-on code (to tell whether add-on codes are all that was billed).
    """
    rules: dict[str, AddOnRule] = {}
    every = True
    for code, c in codes.items():
        if c.own:
            rule = tables.add_on(code, day)
            if rule is None:
                every = False
            else:
                rules[code] = rule
    if not rules:
        return
    alone = every and all(
        tables.add_on(code, day) is not None for code, c in codes.items() if not c.own
    )
    for code, rule in rules.items():
        if alone:
            kind = "AOC-ALONE"
        elif rule.type in {1, 3}:
            if not rule.primaries.isdisjoint(codes.keys()):
                continue
            kind = "AOC-NO-PRIMARY" if rule.type == 1 else "AOC-NO-PRIMARY-T3"
        else:
            continue
        for i, _ in codes[code].own:
            found.add(kind, Hit(f"lines[{i}].procedure", _AOC_MESSAGE, lines[i].procedure))


def _compute(f: Facts, tables: EditTables) -> Mapping[str, Sequence[Hit]]:
    """The nine rules' hits: the lines grouped by day once, each day's codes looked up once."""
    lines = f.claim.lines
    days: dict[date, list[int]] = {}
    for i, line in enumerate(lines):
        same_day = days.get(line.service_from)
        if same_day is None:
            days[line.service_from] = [i]
        else:
            same_day.append(i)
    prior = f.prior
    clinical = f.params("MUE-DAY-CLINICAL").get("max_units")
    found = _Found()
    for day, indexes in days.items():
        earlier = prior.get(day, ()) if prior else ()
        codes = _day_codes(lines, indexes, earlier)
        if len(codes) > 1:
            _ptp(found, tables, day, codes, earlier=bool(earlier))
        limits = {code: tables.mue(code, day) for code, c in codes.items() if c.own}
        _mue(found, lines, limits, codes, clinical)
        _aoc(found, lines, tables, day, codes)
    return found.result()


def ncci_analysis(f: Facts) -> Mapping[str, Sequence[Hit]]:
    """Every NCCI rule's hits on this claim, computed once and shared by the nine rules.

    The checker calls it once per claim for the nine rules together (:data:`NCCI_SHARED`);
    each rule's function answers the same hits alone.

    Claims with the same lines (codes, days, modifiers, units) and no earlier lines get the
    same answer, so it is remembered across claims in the context's memo (from the second
    such claim on: a batch of claims that all differ keeps nothing alive).
    """
    if f.ncci is not None:
        return f.ncci
    tables = f.tables
    if tables is None:
        f.ncci = {}
        return f.ncci
    key: object = None
    if not f.prior:
        override = f.params("MUE-DAY-CLINICAL").get("max_units")
        key = (
            tuple(
                [(ln.procedure, ln.service_from, ln.modifiers, ln.units) for ln in f.claim.lines]
            ),
            override if isinstance(override, int) else None,
        )
        found = f.ncci_memo.get(key)
        if found is not None:
            f.ncci = found
            return found
    result = _compute(f, tables)
    if key is not None:
        f.ncci_memo.offer(key, result)
    f.ncci = result
    return result


def ncci_ptp_0(f: Facts) -> Sequence[Hit]:
    return ncci_analysis(f)["NCCI-PTP-0"] if f.tables is not None else NO_HITS


def ncci_ptp_1(f: Facts) -> Sequence[Hit]:
    return ncci_analysis(f)["NCCI-PTP-1"] if f.tables is not None else NO_HITS


def ncci_ptp_1_bypassed(f: Facts) -> Sequence[Hit]:
    return ncci_analysis(f)["NCCI-PTP-1-BYPASSED"] if f.tables is not None else NO_HITS


def mue_line(f: Facts) -> Sequence[Hit]:
    return ncci_analysis(f)["MUE-LINE"] if f.tables is not None else NO_HITS


def mue_day_policy(f: Facts) -> Sequence[Hit]:
    return ncci_analysis(f)["MUE-DAY-POLICY"] if f.tables is not None else NO_HITS


def mue_day_clinical(f: Facts) -> Sequence[Hit]:
    return ncci_analysis(f)["MUE-DAY-CLINICAL"] if f.tables is not None else NO_HITS


def aoc_no_primary(f: Facts) -> Sequence[Hit]:
    return ncci_analysis(f)["AOC-NO-PRIMARY"] if f.tables is not None else NO_HITS


def aoc_no_primary_t3(f: Facts) -> Sequence[Hit]:
    return ncci_analysis(f)["AOC-NO-PRIMARY-T3"] if f.tables is not None else NO_HITS


def aoc_alone(f: Facts) -> Sequence[Hit]:
    return ncci_analysis(f)["AOC-ALONE"] if f.tables is not None else NO_HITS


_NCCI: Final = "CMS NCCI PTP edits (practitioner), NCCI Policy Manual chapter I"
_MUE: Final = "CMS NCCI medically unlikely edits (practitioner services)"
_AOC: Final = "CMS NCCI add-on code edits"

NCCI_SHARED: Final = (ncci_analysis, _RULE_IDS)
"""The analysis the nine rules share, with their ids: the checker calls it once per claim."""

NCCI_RULES: Final[tuple[Rule, ...]] = (
    Rule(
        id="NCCI-PTP-0",
        severity=Severity.ERROR,
        summary="A column-2 code billed with its column-1 code the same day (indicator 0): "
        "denied whatever the modifiers.",
        authority=_NCCI,
        check=ncci_ptp_0,
        needs=Needs.EDIT_TABLES,
    ),
    Rule(
        id="NCCI-PTP-1",
        severity=Severity.ERROR,
        summary="A column-2 code billed with its column-1 code the same day (indicator 1) "
        "and neither line carries an NCCI-associated modifier.",
        authority=_NCCI,
        check=ncci_ptp_1,
        needs=Needs.EDIT_TABLES,
    ),
    Rule(
        id="NCCI-PTP-1-BYPASSED",
        severity=Severity.INFO,
        summary="An indicator-1 PTP pair is bypassed by an NCCI-associated modifier; payers "
        "audit these.",
        authority=_NCCI,
        check=ncci_ptp_1_bypassed,
        needs=Needs.EDIT_TABLES,
    ),
    Rule(
        id="MUE-LINE",
        severity=Severity.ERROR,
        summary="The units of one line exceed the code's MUE (MAI 1); lines with 76, 77, 91 "
        "or an anatomic modifier count separately, others of the same code and day together.",
        authority=_MUE,
        check=mue_line,
        needs=Needs.EDIT_TABLES,
    ),
    Rule(
        id="MUE-DAY-POLICY",
        severity=Severity.ERROR,
        summary="The units of a code summed over the day exceed its MUE (MAI 2, policy).",
        authority=_MUE,
        check=mue_day_policy,
        needs=Needs.EDIT_TABLES,
    ),
    Rule(
        id="MUE-DAY-CLINICAL",
        severity=Severity.ERROR,
        summary="The units of a code summed over the day exceed its MUE (MAI 3, clinical; "
        "a profile may set the payer's own max_units).",
        authority=_MUE,
        check=mue_day_clinical,
        needs=Needs.EDIT_TABLES,
    ),
    Rule(
        id="AOC-NO-PRIMARY",
        severity=Severity.ERROR,
        summary="A type-1 add-on code is billed without any of its listed primaries that day.",
        authority=_AOC,
        check=aoc_no_primary,
        needs=Needs.EDIT_TABLES,
    ),
    Rule(
        id="AOC-NO-PRIMARY-T3",
        severity=Severity.WARNING,
        summary="A type-3 add-on code is billed without any of its listed primaries that day "
        "(the contractor may accept another).",
        authority=_AOC,
        check=aoc_no_primary_t3,
        needs=Needs.EDIT_TABLES,
    ),
    Rule(
        id="AOC-ALONE",
        severity=Severity.ERROR,
        summary="An add-on code is the only kind of procedure billed that day.",
        authority=_AOC,
        check=aoc_alone,
        needs=Needs.EDIT_TABLES,
    ),
)
