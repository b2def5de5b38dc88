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

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from types import MappingProxyType
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
# No hit for any rule: empty, so the checker skips the nine rules in one test.
_NOTHING: Final[Mapping[str, Sequence[Hit]]] = MappingProxyType({})
_ZERO: Final = Decimal(0)
_MUE_RULES: Final = {1: "MUE-LINE", 2: "MUE-DAY-POLICY", 3: "MUE-DAY-CLINICAL"}


def _bypassed(line: ServiceLine) -> bool:
    modifiers = line.modifiers
    return bool(modifiers) and not NCCI_ASSOCIATED.isdisjoint(modifiers)


def _kinds(lines: Iterable[ServiceLine]) -> tuple[bool, bool]:
    """Whether some of ``lines`` have no NCCI-associated modifier, and whether some have one."""
    plain = modified = False
    for line in lines:
        if _bypassed(line):
            modified = True
        else:
            plain = True
    return plain, modified


_Found = dict[str, dict[tuple[int, str], Hit]]
"""The hits of the nine rules on one claim, by rule, then by (line index, value): a PTP hit
met twice (two lines of the partner code) is one hit, and the hits come out by line, then
value. A plain dict: most claims find nothing, and then nothing more is made."""


def _add(found: _Found, rule: str, index: int, value: str, hit: Hit) -> None:
    by_line = found.get(rule)
    if by_line is None:
        found[rule] = {(index, value): hit}
    else:
        by_line.setdefault((index, value), hit)


def _result(found: _Found) -> Mapping[str, Sequence[Hit]]:
    result: dict[str, Sequence[Hit]] = {}
    for rule, by_line in found.items():
        if len(by_line) == 1:
            result[rule] = tuple(by_line.values())
        else:
            result[rule] = tuple([hit for _, hit in sorted(by_line.items())])
    return result


def _ptp(
    found: _Found,
    lines: Sequence[ServiceLine],
    pairs: Mapping[tuple[str, str], int],
    own: Mapping[str, list[int]],
    before: Mapping[str, list[ServiceLine]],
) -> None:
    """The three PTP rules on one day, from the pairs in force among its distinct codes.

    A hit points at a line of this claim: the column-2 line, or the column-1 line when its
    partner was submitted earlier. Indicator 0 always hits; indicator 1 hits NCCI-PTP-1 when
    a pair of lines has no NCCI-associated modifier on either, NCCI-PTP-1-BYPASSED when one of
    them has one.
    """
    # Whether a code's lines, every one or the earlier ones, are plain / modified: each code
    # is read once however many pairs it is in (a day of many lines meets many pairs).
    every_line: dict[str, tuple[bool, bool]] = {}
    if not before:
        _ptp_alone(found, lines, pairs, own, every_line)
        return
    earlier_lines: dict[str, tuple[bool, bool]] = {}
    for (c1, c2), indicator in pairs.items():
        if indicator not in {0, 1}:
            continue
        first, second = own.get(c1), own.get(c2)
        second_earlier = before.get(c2)
        if not second and not (first and second_earlier):
            continue
        value = f"{c1}/{c2}"
        # Column-2 lines of this claim against every column-1 line, then column-1 lines of
        # this claim against earlier column-2 lines.
        sides: list[tuple[int, bool, bool]] = []
        if second:
            kinds = every_line.get(c1)
            if kinds is None:
                first_lines = [lines[i] for i in first] if first else []
                kinds = every_line[c1] = _kinds([*first_lines, *before.get(c1, ())])
            sides += [(j, *kinds) for j in second]
        if first and second_earlier:
            kinds = earlier_lines.get(c2)
            if kinds is None:
                kinds = earlier_lines[c2] = _kinds(second_earlier)
            sides += [(i, *kinds) for i in first]
        for index, plain, other_modified in sides:
            hit = Hit(f"lines[{index}].procedure", _PTP_MESSAGE, value)
            if indicator == 0:
                _add(found, "NCCI-PTP-0", index, value, hit)
                continue
            modified = _bypassed(lines[index])
            if not modified and plain:
                _add(found, "NCCI-PTP-1", index, value, hit)
            if modified or other_modified:
                _add(found, "NCCI-PTP-1-BYPASSED", index, value, hit)


def _ptp_alone(
    found: _Found,
    lines: Sequence[ServiceLine],
    pairs: Mapping[tuple[str, str], int],
    own: Mapping[str, list[int]],
    every_line: dict[str, tuple[bool, bool]],
) -> None:
    """:func:`_ptp` on a day without earlier lines: the column-2 lines of this claim hit."""
    for (c1, c2), indicator in pairs.items():
        second = own.get(c2)
        if not second or indicator not in {0, 1}:
            continue
        value = f"{c1}/{c2}"
        if indicator == 0:
            for j in second:
                hit = Hit(f"lines[{j}].procedure", _PTP_MESSAGE, value)
                _add(found, "NCCI-PTP-0", j, value, hit)
            continue
        kinds = every_line.get(c1)
        if kinds is None:
            first = own.get(c1)
            kinds = every_line[c1] = _kinds([lines[i] for i in first] if first else [])
        plain, other_modified = kinds
        for j in second:
            hit = Hit(f"lines[{j}].procedure", _PTP_MESSAGE, value)
            modified = _bypassed(lines[j])
            if not modified and plain:
                _add(found, "NCCI-PTP-1", j, value, hit)
            if modified or other_modified:
                _add(found, "NCCI-PTP-1-BYPASSED", j, value, hit)


def _units_text(units: Decimal) -> str:
    return format(units.normalize(), "f")


def _mue_hit(found: _Found, rule: str, index: int, units: Decimal, limit: int) -> None:
    value = _units_text(units)
    hit = Hit(
        f"lines[{index}].units", f"the units exceed the medically unlikely edit of {limit}", value
    )
    _add(found, rule, index, value, hit)


def _mue(
    found: _Found,
    lines: Sequence[ServiceLine],
    code: str,
    at: list[int],
    limit: UnitLimit,
    *,
    before: Mapping[str, list[ServiceLine]],
    clinical: int | None,
) -> None:
    """The three MUE rules on one code of one day.

    MUE-LINE (MAI 1) sees this claim's lines only: lines with a repeat or anatomic modifier
    count alone, the others of the code together. The date-of-service rules (MAI 2 and 3) sum
    every line of the code that day, earlier ones included.
    """
    mai = limit.mai
    if mai == 1:
        most = limit.max_units
        grouped = -1
        total = _ZERO
        for i in at:
            line = lines[i]
            if line.modifiers and not _SEPARATE.isdisjoint(line.modifiers):
                if line.units > most:
                    _mue_hit(found, "MUE-LINE", i, line.units, most)
            else:
                if grouped < 0:
                    grouped = i
                total += line.units
        if grouped >= 0 and total > most:
            _mue_hit(found, "MUE-LINE", grouped, total, most)
    elif mai in {2, 3}:
        ceiling = limit.max_units
        if mai == 3 and clinical is not None:
            ceiling = clinical
        total = _ZERO
        for i in at:
            total += lines[i].units
        for line in before.get(code, ()):
            total += line.units
        if total > ceiling:
            rule = "MUE-DAY-POLICY" if mai == 2 else "MUE-DAY-CLINICAL"
            _mue_hit(found, rule, at[0], total, ceiling)


def _aoc(
    found: _Found,
    tables: EditTables,
    day: date,
    rules: Mapping[str, AddOnRule],
    *,
    every: bool,
    own: Mapping[str, list[int]],
    before: Mapping[str, list[ServiceLine]],
) -> None:
    """The three add-on rules on one day (earlier lines count as primaries).

    ``rules`` are the add-on edits of this claim's codes that day; ``every`` tells whether all
    of them are add-on codes. The codes of earlier lines are looked up only then (to tell
    whether add-on codes are all that was billed).
    """
    alone = every and all(
        tables.add_on(code, day) is not None for code in before if code not in own
    )
    for code, rule in rules.items():
        if alone:
            kind = "AOC-ALONE"
        elif rule.type in {1, 3}:
            primaries = rule.primaries
            if not primaries.isdisjoint(own) or (before and not primaries.isdisjoint(before)):
                continue
            kind = "AOC-NO-PRIMARY" if rule.type == 1 else "AOC-NO-PRIMARY-T3"
        else:
            continue
        for i in own[code]:
            _add(found, kind, i, code, Hit(f"lines[{i}].procedure", _AOC_MESSAGE, code))


_NO_LINES: Final[Mapping[str, list[ServiceLine]]] = MappingProxyType({})


def _by_day(lines: Sequence[ServiceLine]) -> dict[date, dict[str, list[int]]]:
    """This claim's line indexes by day, then code (in order of first appearance)."""
    days: dict[date, dict[str, list[int]]] = {}
    for i, line in enumerate(lines):
        codes = days.get(line.service_from)
        if codes is None:
            days[line.service_from] = {line.procedure: [i]}
        else:
            same = codes.get(line.procedure)
            if same is None:
                codes[line.procedure] = [i]
            else:
                same.append(i)
    return days


def _by_code(earlier: Sequence[ServiceLine]) -> dict[str, list[ServiceLine]]:
    codes: dict[str, list[ServiceLine]] = {}
    for line in earlier:
        same = codes.get(line.procedure)
        if same is None:
            codes[line.procedure] = [line]
        else:
            same.append(line)
    return codes


_Edits = Callable[[Iterable[str], date], Sequence[tuple[UnitLimit | None, AddOnRule | None]]]


def _edits_of(tables: EditTables) -> _Edits:
    """The tables' ``code_edits`` (:class:`~medoffice.claims.ports.CodeEdits`), or the same
    answers from ``mue`` and ``add_on`` code by code for tables without it."""
    found: _Edits | None = getattr(tables, "code_edits", None)
    if found is not None:
        return found

    def one_by_one(
        codes: Iterable[str], on: date
    ) -> list[tuple[UnitLimit | None, AddOnRule | None]]:
        return [(tables.mue(code, on), tables.add_on(code, on)) for code in codes]

    return one_by_one


def _codes(
    found: _Found,
    lines: Sequence[ServiceLine],
    edits: _Edits,
    day: date,
    own: Mapping[str, list[int]],
    *,
    tables: EditTables,
    before: Mapping[str, list[ServiceLine]],
    clinical: int | None,
) -> None:
    """The MUE and add-on rules on one day: the codes of this claim looked up in one call."""
    rules: dict[str, AddOnRule] | None = None
    every = True
    alone = not before
    for (code, at), (limit, rule) in zip(own.items(), edits(own, day), strict=False):
        if limit is None:
            pass
        elif len(at) == 1 and (alone or limit.mai == 1 or code not in before):
            # One line of the code that day: its units against the limit, whatever the MAI.
            units = lines[at[0]].units
            if clinical is None:
                if units > limit.max_units and limit.mai in _MUE_RULES:
                    _mue_hit(found, _MUE_RULES[limit.mai], at[0], units, limit.max_units)
            else:
                mai = limit.mai
                ceiling = clinical if mai == 3 else limit.max_units
                if units > ceiling and mai in _MUE_RULES:
                    _mue_hit(found, _MUE_RULES[mai], at[0], units, ceiling)
        else:
            _mue(found, lines, code, at, limit, before=before, clinical=clinical)
        if rule is None:
            every = False
        elif rules is None:
            rules = {code: rule}
        else:
            rules[code] = rule
    if rules is not None:
        _aoc(found, tables, day, rules, every=every, own=own, before=before)


def _compute(  # noqa: PLR0912 - the common case first, in one pass
    lines: Sequence[ServiceLine],
    prior: Mapping[date, Sequence[ServiceLine]],
    tables: EditTables,
    clinical: int | None,
) -> Mapping[str, Sequence[Hit]]:
    """The nine rules' hits: the lines grouped by day and code once, each code looked up once.

    Per day: one look-up of the PTP pairs among its distinct codes, then one of its codes' MUE
    and add-on edits. Modifiers and units are read only where an edit is found.
    """
    found: _Found = {}
    edits: _Edits | None = getattr(tables, "code_edits", None)  # _edits_of, without its call
    if edits is None:
        edits = _edits_of(tables)
    if not prior and lines:
        # No earlier lines (most claims): the lines grouped by code in one pass while they
        # are all on one day (most claims), else by day as below.
        first = lines[0].service_from
        codes: dict[str, list[int]] = {}
        for i, line in enumerate(lines):
            if line.service_from != first:
                break
            code = line.procedure
            at = codes.get(code)
            if at is None:
                codes[code] = [i]
            else:
                at.append(i)
        else:
            if len(codes) > 1:
                pairs = tables.ptp_pairs(codes.keys(), first)
                if pairs:
                    _ptp(found, lines, pairs, codes, _NO_LINES)
            _codes(
                found,
                lines,
                edits,
                first,
                codes,
                tables=tables,
                before=_NO_LINES,
                clinical=clinical,
            )
            return _result(found) if found else _NOTHING
    for day, own in _by_day(lines).items():
        earlier = prior.get(day) if prior else None
        before: Mapping[str, list[ServiceLine]] = _NO_LINES
        if earlier:
            before = _by_code(earlier)
            every_code = own.keys() | before.keys()
            if len(every_code) > 1:
                # The pairs among earlier lines alone point at no line of this claim.
                pairs = tables.ptp_pairs(every_code, day, touching=own.keys())
                if pairs:
                    _ptp(found, lines, pairs, own, before)
        elif len(own) > 1:
            pairs = tables.ptp_pairs(own.keys(), day)
            if pairs:
                _ptp(found, lines, pairs, own, before)
        _codes(found, lines, edits, day, own, tables=tables, before=before, clinical=clinical)
    return _result(found) if found else _NOTHING


def ncci_analysis(f: Facts) -> Mapping[str, Sequence[Hit]]:
    """Every NCCI rule's hits on this claim, by rule id (only the rules with hits), computed
    once and shared by the nine rules.

    The checker calls it once per claim for the nine rules together (:data:`NCCI_SHARED`);
    each rule's function answers the same hits alone.

    Claims with the same lines (codes, days, modifiers, units) and no earlier lines get the
    same answer, so it is remembered across claims in the context's memo (from the second
    such claim on: a batch of claims that all differ keeps nothing alive, and after a run of
    claims that all differ the memo pauses, so no key is made).
    """
    if f.ncci is not None:
        return f.ncci
    tables = f.context.tables
    if tables is None:
        f.ncci = {}
        return f.ncci
    clinical = f.context.clinical_units
    lines = f.claim.lines
    key: object = None
    if not f.prior and f.context.ncci_memo.watching():
        key = (
            tuple([(ln.procedure, ln.service_from, ln.modifiers, ln.units) for ln in lines]),
            clinical,
        )
        found, keep = f.context.ncci_memo.sight(key)
        if found is not None:
            f.ncci = found
            return found
        if not keep:
            key = None
    result = _compute(lines, f.prior, tables, clinical)
    if key is not None:
        f.context.ncci_memo.keep(key, result)
    f.ncci = result
    return result


def ncci_ptp_0(f: Facts) -> Sequence[Hit]:
    return ncci_analysis(f).get("NCCI-PTP-0", NO_HITS) if f.context.tables is not None else NO_HITS


def ncci_ptp_1(f: Facts) -> Sequence[Hit]:
    return ncci_analysis(f).get("NCCI-PTP-1", NO_HITS) if f.context.tables is not None else NO_HITS


def ncci_ptp_1_bypassed(f: Facts) -> Sequence[Hit]:
    return (
        ncci_analysis(f).get("NCCI-PTP-1-BYPASSED", NO_HITS)
        if f.context.tables is not None
        else NO_HITS
    )


def mue_line(f: Facts) -> Sequence[Hit]:
    return ncci_analysis(f).get("MUE-LINE", NO_HITS) if f.context.tables is not None else NO_HITS


def mue_day_policy(f: Facts) -> Sequence[Hit]:
    return (
        ncci_analysis(f).get("MUE-DAY-POLICY", NO_HITS) if f.context.tables is not None else NO_HITS
    )


def mue_day_clinical(f: Facts) -> Sequence[Hit]:
    return (
        ncci_analysis(f).get("MUE-DAY-CLINICAL", NO_HITS)
        if f.context.tables is not None
        else NO_HITS
    )


def aoc_no_primary(f: Facts) -> Sequence[Hit]:
    return (
        ncci_analysis(f).get("AOC-NO-PRIMARY", NO_HITS) if f.context.tables is not None else NO_HITS
    )


def aoc_no_primary_t3(f: Facts) -> Sequence[Hit]:
    return (
        ncci_analysis(f).get("AOC-NO-PRIMARY-T3", NO_HITS)
        if f.context.tables is not None
        else NO_HITS
    )


def aoc_alone(f: Facts) -> Sequence[Hit]:
    return ncci_analysis(f).get("AOC-ALONE", NO_HITS) if f.context.tables is not None else NO_HITS


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
