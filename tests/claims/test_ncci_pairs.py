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


SAMPLE = InMemoryEditTables.sample()
SAMPLE_CONTEXT = CheckContext(
    on=date(2026, 3, 20), diagnoses=InMemoryDiagnosisCodes.sample(), tables=SAMPLE
)
ELSEWHERE = date(2025, 1, 6)  # a day no claim here has lines on
SAMPLE_CODES = ("99214", "36415", "29881", "29877", "83036", "J1100", "96372", "76140",
                "99292", "99291", "G2211", "99359", "93000", "93005")  # fmt: skip
any_lines = st.builds(
    lambda code, day, modifiers, units: ServiceLine(
        service_from=day,
        procedure=code,
        pointers=(1,),
        charge=Money.of("10.00", "USD"),
        modifiers=tuple(modifiers),
        units=units,
    ),
    st.sampled_from(SAMPLE_CODES),
    st.sampled_from(DAYS[:1] * 3 + DAYS[1:]),
    st.lists(st.sampled_from(["59", "XS", "50", "76", "LT", "25"]), max_size=2),
    st.sampled_from([1, 1, 2, 3, 5, 11]),
)


class TestTheOneDayPath:
    @given(st.lists(any_lines, min_size=1, max_size=8))
    def test_a_claim_without_earlier_lines_gets_the_per_day_answer(
        self, own: list[ServiceLine]
    ) -> None:
        """The lines of one day, grouped in one pass without the days' grouping, get every
        NCCI finding of the per-day path (which an earlier line on another day takes)."""
        claim = sample_claim(lines=tuple(own), total_charge=None)
        far = {ELSEWHERE: [ServiceLine(service_from=ELSEWHERE, procedure="99214", pointers=(1,),
                                       charge=Money.of("10.00", "USD"))]}  # fmt: skip
        alone = check_with_prior(claim, context=SAMPLE_CONTEXT, prior=None)
        per_day = check_with_prior(claim, context=SAMPLE_CONTEXT, prior=far)
        assert alone == per_day
