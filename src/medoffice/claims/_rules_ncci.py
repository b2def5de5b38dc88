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

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Final

from medoffice.claims._diagnoses import CACHE_LIMIT
from medoffice.claims._facts import Facts
from medoffice.claims._model import ServiceLine
from medoffice.claims._rule import NO_HITS, Hit, Needs, Rule
from medoffice.coding.modifiers import ANATOMIC, NCCI_ASSOCIATED, REPEAT
from medoffice.kernel import Severity

__all__ = ["NCCI_RULES"]

_SEPARATE: Final = REPEAT | ANATOMIC
# A line of this claim is (index, line); a line submitted earlier has no index.
_Entry = tuple[int | None, ServiceLine]


def _days(f: Facts) -> dict[date, list[_Entry]]:
    """The claim's lines (and earlier ones) grouped by day: once per claim, for every rule."""
    days: dict[date, list[_Entry]] | None = f.ncci_days  # type: ignore[assignment]
    if days is None:
        days = {}
        for i, line in enumerate(f.claim.lines):
            days.setdefault(line.service_from, []).append((i, line))
        for day, entries in days.items():
            entries.extend((None, line) for line in f.prior.get(day, ()))
        f.ncci_days = days
    return days


def _bypassed(*lines: ServiceLine) -> bool:
    return any(m in NCCI_ASSOCIATED for line in lines for m in line.modifiers)


class _Code:
    """The lines of one code on one day: this claim's (index, modified) and the earlier ones."""

    __slots__ = ("modified", "own", "plain", "prior_modified", "prior_plain")

    def __init__(self) -> None:
        self.own: list[tuple[int, bool]] = []
        self.modified = self.plain = False  # any line at all (this claim's or earlier)
        self.prior_modified = self.prior_plain = False  # any earlier line

    def add(self, index: int | None, *, modified: bool) -> None:
        if index is not None:
            self.own.append((index, modified))
        elif modified:
            self.prior_modified = True
        else:
            self.prior_plain = True
        if modified:
            self.modified = True
        else:
            self.plain = True


_PTP_MESSAGE: Final = "the code pair is an NCCI procedure-to-procedure edit"
_PTP_RULES: Final = ("NCCI-PTP-0", "NCCI-PTP-1", "NCCI-PTP-1-BYPASSED")


def _ptp_all(f: Facts) -> dict[str, Sequence[Hit]]:
    """The hits of the three PTP rules in one pass over each day's pairs of distinct codes.

    A hit points at a line of this claim: the column-2 line, or the column-1 line when its
    partner was submitted earlier. Indicator 0 always hits; indicator 1 hits NCCI-PTP-1 when
    a pair of lines has no NCCI-associated modifier on either, NCCI-PTP-1-BYPASSED when one of
    them has one.
    """
    tables = f.tables
    found: dict[str, set[Hit]] = {rule: set() for rule in _PTP_RULES}
    if tables is None:
        return dict.fromkeys(_PTP_RULES, ())
    for day, entries in _days(f).items():
        if len(entries) < 2:
            continue
        codes: dict[str, _Code] = {}
        for i, line in entries:
            codes.setdefault(line.procedure, _Code()).add(i, modified=_bypassed(line))
        if len(codes) < 2:
            continue
        for (c1, c2), indicator in tables.ptp_pairs(codes.keys(), day).items():
            first, second, value = codes[c1], codes[c2], f"{c1}/{c2}"
            # Column-2 lines of this claim against every column-1 line, then column-1 lines of
            # this claim against earlier column-2 lines.
            sides = [(j, mod, first.plain, first.modified) for j, mod in second.own]
            if second.prior_plain or second.prior_modified:
                sides += [
                    (i, mod, second.prior_plain, second.prior_modified) for i, mod in first.own
                ]
            for index, modified, plain, other_modified in sides:
                hit = Hit(f"lines[{index}].procedure", _PTP_MESSAGE, value)
                if indicator == 0:
                    found["NCCI-PTP-0"].add(hit)
                    continue
                if indicator != 1:
                    continue
                if not modified and plain:
                    found["NCCI-PTP-1"].add(hit)
                if modified or other_modified:
                    found["NCCI-PTP-1-BYPASSED"].add(hit)
    return {rule: sorted(hits, key=_line_order) for rule, hits in found.items()}


def _line_order(hit: Hit) -> tuple[int, str]:
    index = hit.path.removeprefix("lines[").split("]", 1)[0]
    return (int(index) if index.isdigit() else 0, hit.value or "")


def _units_text(units: Decimal) -> str:
    return format(units.normalize(), "f")


def _mue_line(f: Facts) -> Sequence[Hit]:
    tables = f.tables
    if tables is None:
        return NO_HITS
    # Lines of one code and day without a repeat or anatomic modifier count as one line.
    groups: dict[tuple[str, date], list[int]] = {}
    hits: list[Hit] = []
    for i, line in enumerate(f.claim.lines):
        limit = tables.mue(line.procedure, line.service_from)
        if limit is None or limit.mai != 1:
            continue
        if any(m in _SEPARATE for m in line.modifiers):
            if line.units > limit.max_units:
                hits.append(_mue_hit(i, line.units, limit.max_units))
            continue
        groups.setdefault((line.procedure, line.service_from), []).append(i)
    for (code, day), indexes in groups.items():
        total = sum((f.claim.lines[i].units for i in indexes), Decimal(0))
        limit = tables.mue(code, day)
        if limit is not None and total > limit.max_units:
            hits.append(_mue_hit(indexes[0], total, limit.max_units))
    return sorted(hits, key=_line_order)


def _mue_hit(index: int, units: Decimal, limit: int) -> Hit:
    return Hit(
        f"lines[{index}].units",
        f"the units exceed the medically unlikely edit of {limit}",
        _units_text(units),
    )


def _mue_day(f: Facts, mai: int, override: object = None) -> Sequence[Hit]:
    tables = f.tables
    if tables is None:
        return NO_HITS
    hits: list[Hit] = []
    for day, entries in _days(f).items():
        totals: dict[str, Decimal] = {}
        first: dict[str, int] = {}
        for i, line in entries:
            totals[line.procedure] = totals.get(line.procedure, Decimal(0)) + line.units
            if i is not None:
                first.setdefault(line.procedure, i)
        for code, index in first.items():
            limit = tables.mue(code, day)
            if limit is None or limit.mai != mai:
                continue
            ceiling = override if isinstance(override, int) else limit.max_units
            if totals[code] > ceiling:
                hits.append(_mue_hit(index, totals[code], ceiling))
    return sorted(hits, key=_line_order)


def _mue_day_policy(f: Facts) -> Sequence[Hit]:
    return _mue_day(f, 2)


def _mue_day_clinical(f: Facts) -> Sequence[Hit]:
    return _mue_day(f, 3, f.params("MUE-DAY-CLINICAL").get("max_units"))


def _aoc_hits(f: Facts, kind: str) -> Sequence[Hit]:
    tables = f.tables
    if tables is None:
        return NO_HITS
    hits: list[Hit] = []
    for day, entries in _days(f).items():
        codes = [line.procedure for _, line in entries]
        add_ons = {code: tables.add_on(code, day) for code in dict.fromkeys(codes)}
        alone = all(rule is not None for rule in add_ons.values())
        for i, line in entries:
            rule = add_ons[line.procedure]
            if i is None or rule is None:
                continue
            if kind == "alone":
                found = alone
            else:
                wanted = 1 if kind == "t1" else 3
                found = (
                    not alone and rule.type == wanted and not _has_primary(rule.primaries, codes)
                )
            if found:
                hits.append(
                    Hit(
                        f"lines[{i}].procedure",
                        "the add-on code is billed without a primary procedure that day",
                        line.procedure,
                    )
                )
    return sorted(hits, key=_line_order)


def _has_primary(primaries: Iterable[str], codes: Sequence[str]) -> bool:
    present = set(codes)
    return any(p in present for p in primaries)


def _aoc_no_primary(f: Facts) -> Sequence[Hit]:
    return _aoc_hits(f, "t1")


def _aoc_no_primary_t3(f: Facts) -> Sequence[Hit]:
    return _aoc_hits(f, "t3")


def _aoc_alone(f: Facts) -> Sequence[Hit]:
    return _aoc_hits(f, "alone")


_COMPUTE: Final = (
    ("MUE-LINE", _mue_line),
    ("MUE-DAY-POLICY", _mue_day_policy),
    ("MUE-DAY-CLINICAL", _mue_day_clinical),
    ("AOC-NO-PRIMARY", _aoc_no_primary),
    ("AOC-NO-PRIMARY-T3", _aoc_no_primary_t3),
    ("AOC-ALONE", _aoc_alone),
)


def _analysis(f: Facts) -> Mapping[str, Sequence[Hit]]:
    """Every NCCI rule's hits on this claim, computed once and shared by the nine rules.

    Claims with the same lines (codes, days, modifiers, units) and no earlier lines get the
    same answer, so it is remembered across claims in the context's memo.
    """
    if f.ncci is not None:
        return f.ncci
    if f.tables is None:
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
    result = {rule: tuple(hits) for rule, hits in _ptp_all(f).items()}
    result |= {rule: tuple(compute(f)) for rule, compute in _COMPUTE}
    if key is not None:
        if len(f.ncci_memo) >= CACHE_LIMIT:
            f.ncci_memo.clear()
        f.ncci_memo[key] = result
    f.ncci = result
    return result


def ncci_ptp_0(f: Facts) -> Sequence[Hit]:
    return _analysis(f)["NCCI-PTP-0"] if f.tables is not None else NO_HITS


def ncci_ptp_1(f: Facts) -> Sequence[Hit]:
    return _analysis(f)["NCCI-PTP-1"] if f.tables is not None else NO_HITS


def ncci_ptp_1_bypassed(f: Facts) -> Sequence[Hit]:
    return _analysis(f)["NCCI-PTP-1-BYPASSED"] if f.tables is not None else NO_HITS


def mue_line(f: Facts) -> Sequence[Hit]:
    return _analysis(f)["MUE-LINE"] if f.tables is not None else NO_HITS


def mue_day_policy(f: Facts) -> Sequence[Hit]:
    return _analysis(f)["MUE-DAY-POLICY"] if f.tables is not None else NO_HITS


def mue_day_clinical(f: Facts) -> Sequence[Hit]:
    return _analysis(f)["MUE-DAY-CLINICAL"] if f.tables is not None else NO_HITS


def aoc_no_primary(f: Facts) -> Sequence[Hit]:
    return _analysis(f)["AOC-NO-PRIMARY"] if f.tables is not None else NO_HITS


def aoc_no_primary_t3(f: Facts) -> Sequence[Hit]:
    return _analysis(f)["AOC-NO-PRIMARY-T3"] if f.tables is not None else NO_HITS


def aoc_alone(f: Facts) -> Sequence[Hit]:
    return _analysis(f)["AOC-ALONE"] if f.tables is not None else NO_HITS


_NCCI: Final = "CMS NCCI PTP edits (practitioner), NCCI Policy Manual chapter I"
_MUE: Final = "CMS NCCI medically unlikely edits (practitioner services)"
_AOC: Final = "CMS NCCI add-on code edits"

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
