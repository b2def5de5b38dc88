"""The PTP rules visit each day's pairs of distinct codes once and agree with every line pair."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from medoffice.adapters.memory import InMemoryDiagnosisCodes, InMemoryEditTables
from medoffice.claims import CheckContext, ServiceLine
from medoffice.claims._check import check_with_prior
from medoffice.kernel import Money
from medoffice.testing import sample_claim

CODES = ("99214", "36415", "29881", "29877", "93000", "93005", "20610", "20604")
PTP = {
    ("99214", "36415"): 0,
    ("29881", "29877"): 1,
    ("93000", "93005"): 0,
    ("20610", "20604"): 9,
    ("36415", "29881"): 1,
}
TABLES = InMemoryEditTables(ptp=PTP)
CONTEXT = CheckContext(
    on=date(2026, 3, 20), diagnoses=InMemoryDiagnosisCodes.sample(), tables=TABLES
)
DAYS = (date(2026, 3, 2), date(2026, 3, 3))
RULES = ("NCCI-PTP-0", "NCCI-PTP-1", "NCCI-PTP-1-BYPASSED")

lines = st.builds(
    lambda code, day, modified: ServiceLine(
        service_from=day,
        procedure=code,
        pointers=(1,),
        charge=Money.of("10.00", "USD"),
        modifiers=("59",) if modified else (),
    ),
    st.sampled_from(CODES),
    st.sampled_from(DAYS),
    st.booleans(),
)


def every_line_pair(
    claim_lines: tuple[ServiceLine, ...], prior: dict[date, list[ServiceLine]]
) -> set[tuple[str, str, str]]:
    """The hits as the rules defined them: every ordered pair of lines, one at a time."""
    hits: set[tuple[str, str, str]] = set()
    for day in DAYS:
        entries: list[tuple[int | None, ServiceLine]] = [
            (i, ln) for i, ln in enumerate(claim_lines) if ln.service_from == day
        ]
        entries += [(None, ln) for ln in prior.get(day, [])]
        for i, first in entries:
            for j, second in entries:
                if (i is None and j is None) or first.procedure == second.procedure:
                    continue
                indicator = TABLES.ptp_indicator(first.procedure, second.procedure, day)
                if indicator not in {0, 1}:
                    continue
                bypassed = bool(first.modifiers or second.modifiers)
                rule = (
                    "NCCI-PTP-0"
                    if indicator == 0
                    else ("NCCI-PTP-1-BYPASSED" if bypassed else "NCCI-PTP-1")
                )
                index = j if j is not None else i
                hits.add(
                    (rule, f"lines[{index}].procedure", f"{first.procedure}/{second.procedure}")
                )
    return hits


class TestPairsOfDistinctCodes:
    @given(st.lists(lines, min_size=1, max_size=12), st.lists(lines, max_size=4))
    def test_the_hits_equal_those_of_every_line_pair(
        self, own: list[ServiceLine], earlier: list[ServiceLine]
    ) -> None:
        """Grouping by code changes no hit: same rule, line and pair as visiting line pairs."""
        claim = sample_claim(lines=tuple(own), total_charge=None)
        prior: dict[date, list[ServiceLine]] = {}
        for line in earlier:
            prior.setdefault(line.service_from, []).append(line)
        report = check_with_prior(claim, context=CONTEXT, prior=prior or None)
        found = {(str(f.rule), f.path, f.value) for f in report if str(f.rule) in RULES}
        assert found == every_line_pair(claim.lines, prior)
