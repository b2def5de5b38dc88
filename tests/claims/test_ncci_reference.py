"""The nine NCCI rules agree with a plain reading of their definitions, line by line.

The checker groups a claim's lines by day and code once and asks the tables once per code; the
reference below visits every line and every pair of lines of a day, as the rules are worded,
with random PTP, MUE and add-on tables, random lines (codes, days, modifiers, units) and random
lines of earlier claims. Both must report the same hits, the same number of times.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from medoffice.adapters.memory import InMemoryDiagnosisCodes, InMemoryEditTables
from medoffice.claims import CheckContext, ServiceLine
from medoffice.claims._check import check_with_prior
from medoffice.claims._profile import Profile, RuleSetting
from medoffice.claims.ports import AddOnRule, UnitLimit
from medoffice.coding.modifiers import ANATOMIC, NCCI_ASSOCIATED, REPEAT
from medoffice.kernel import Money
from medoffice.testing import sample_claim

CODES = ("99214", "36415", "29881", "29877", "93000", "20610", "J1100", "99292")
DAYS = (date(2026, 3, 2), date(2026, 3, 3))
MODIFIERS = ((), ("59",), ("XS",), ("76",), ("RT",), ("25",), ("GT",))
RULES = (
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
Found = Counter[tuple[str, str, str | None]]

lines = st.builds(
    lambda code, day, modifiers, units: ServiceLine(
        service_from=day,
        procedure=code,
        pointers=(1,),
        charge=Money.of("10.00", "USD"),
        modifiers=modifiers,
        units=units,
    ),
    st.sampled_from(CODES),
    st.sampled_from(DAYS),
    st.sampled_from(MODIFIERS),
    st.integers(min_value=1, max_value=5),
)
pairs = st.dictionaries(
    st.tuples(st.sampled_from(CODES), st.sampled_from(CODES)), st.sampled_from((0, 1, 9))
)
limits = st.dictionaries(
    st.sampled_from(CODES),
    st.builds(
        UnitLimit,
        max_units=st.integers(min_value=0, max_value=4),
        mai=st.sampled_from((1, 2, 3)),
    ),
)
add_ons = st.dictionaries(
    st.sampled_from(CODES),
    st.builds(
        AddOnRule,
        type=st.sampled_from((1, 2, 3)),
        primaries=st.frozensets(st.sampled_from(CODES), max_size=3),
    ),
)


def _units(units: Decimal) -> str:
    return format(units.normalize(), "f")


def reference(
    tables: InMemoryEditTables,
    own: list[ServiceLine],
    prior: dict[date, list[ServiceLine]],
    clinical: int | None,
) -> Found:
    """The hits as the rules are worded, each line and pair of lines looked at in turn."""
    found: Found = Counter()
    for day in DAYS:
        mine = [(i, ln) for i, ln in enumerate(own) if ln.service_from == day]
        entries: list[tuple[int | None, ServiceLine]] = [
            *mine,
            *((None, ln) for ln in prior.get(day, [])),
        ]
        ptp: set[tuple[str, str, str]] = set()
        for i, first in entries:
            for j, second in entries:
                if (i is None and j is None) or first.procedure == second.procedure:
                    continue
                indicator = tables.ptp_indicator(first.procedure, second.procedure, day)
                if indicator not in {0, 1}:
                    continue
                bypassed = any(m in NCCI_ASSOCIATED for m in (*first.modifiers, *second.modifiers))
                rule = "NCCI-PTP-0"
                if indicator == 1:
                    rule = "NCCI-PTP-1-BYPASSED" if bypassed else "NCCI-PTP-1"
                index = j if j is not None else i
                ptp.add(
                    (rule, f"lines[{index}].procedure", f"{first.procedure}/{second.procedure}")
                )
        found.update(ptp)
        codes = {ln.procedure for _, ln in entries}
        for code in dict.fromkeys(ln.procedure for _, ln in mine):
            limit = tables.mue(code, day)
            of_code = [(i, ln) for i, ln in mine if ln.procedure == code]
            if limit is not None and limit.mai == 1:
                together = []
                for i, ln in of_code:
                    if set(ln.modifiers) & (REPEAT | ANATOMIC):
                        if ln.units > limit.max_units:
                            found[("MUE-LINE", f"lines[{i}].units", _units(ln.units))] += 1
                    else:
                        together.append((i, ln.units))
                total = sum((u for _, u in together), Decimal(0))
                if together and total > limit.max_units:
                    found[("MUE-LINE", f"lines[{together[0][0]}].units", _units(total))] += 1
            if limit is not None and limit.mai in {2, 3}:
                ceiling = limit.max_units
                if limit.mai == 3 and clinical is not None:
                    ceiling = clinical
                total = sum((ln.units for _, ln in entries if ln.procedure == code), Decimal(0))
                if total > ceiling:
                    rule = "MUE-DAY-POLICY" if limit.mai == 2 else "MUE-DAY-CLINICAL"
                    found[(rule, f"lines[{of_code[0][0]}].units", _units(total))] += 1
        alone = all(tables.add_on(code, day) is not None for code in codes)
        for i, ln in mine:
            add_on = tables.add_on(ln.procedure, day)
            if add_on is None:
                continue
            hit = (f"lines[{i}].procedure", ln.procedure)
            if alone:
                found[("AOC-ALONE", *hit)] += 1
            elif not add_on.primaries & codes and add_on.type == 1:
                found[("AOC-NO-PRIMARY", *hit)] += 1
            elif not add_on.primaries & codes and add_on.type == 3:
                found[("AOC-NO-PRIMARY-T3", *hit)] += 1
    return found


class TestTheRulesAsWorded:
    @settings(max_examples=300)
    @given(
        pairs,
        limits,
        add_ons,
        st.lists(lines, min_size=1, max_size=8),
        st.lists(lines, max_size=8),
        st.none() | st.integers(min_value=0, max_value=3),
    )
    def test_the_checker_finds_what_the_reference_finds(
        self,
        ptp: dict[tuple[str, str], int],
        mue: dict[str, UnitLimit],
        aoc: dict[str, AddOnRule],
        own: list[ServiceLine],
        earlier: list[ServiceLine],
        clinical: int | None,
    ) -> None:
        """Same rule, path and value, as many times, with and without earlier lines."""
        tables = InMemoryEditTables(ptp=ptp, mue=mue, add_ons=aoc)
        params = {} if clinical is None else {"max_units": clinical}
        context = CheckContext(
            on=date(2026, 3, 20),
            diagnoses=InMemoryDiagnosisCodes.sample(),
            tables=tables,
            profile=Profile(rules={"MUE-DAY-CLINICAL": RuleSetting(params=params)}),
        )
        prior: dict[date, list[ServiceLine]] = {}
        for line in earlier:
            prior.setdefault(line.service_from, []).append(line)
        claim = sample_claim(lines=tuple(own), total_charge=None)
        report = check_with_prior(claim, context=context, prior=prior or None)
        found: Found = Counter(
            (str(f.rule), f.path, f.value) for f in report if str(f.rule) in RULES
        )
        assert found == reference(tables, own, prior, clinical)
        # The same claim again: the context's memo answers as the first check did.
        again = check_with_prior(claim, context=context, prior=prior or None)
        assert again == report
