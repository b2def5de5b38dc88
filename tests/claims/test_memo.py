"""The checker's bounded memo: kept from a second sighting, paused when nothing repeats."""

from __future__ import annotations

from datetime import date, timedelta

import attrs

from medoffice.adapters.memory import InMemoryDiagnosisCodes, InMemoryEditTables
from medoffice.claims._check import CheckContext, check_claim
from medoffice.claims._memo import PAUSE, SAMPLE, SecondSightMemo
from medoffice.claims._model import Claim
from medoffice.testing import sample_claim


def test_an_answer_is_kept_from_the_second_sighting() -> None:
    memo: SecondSightMemo[str, int] = SecondSightMemo()
    assert memo.sight("a") == (None, False)
    assert memo.sight("a") == (None, True)
    memo.keep("a", 1)
    assert memo.sight("a") == (1, True)


def test_a_run_of_first_sightings_pauses_then_samples_again() -> None:
    memo: SecondSightMemo[int, int] = SecondSightMemo()
    for n in range(SAMPLE - 1):
        assert memo.watching()
        memo.sight(n)
    assert memo.watching()
    memo.sight(-1)  # the SAMPLE-th first sighting in a row
    assert [memo.watching() for _ in range(PAUSE)] == [False] * PAUSE
    assert memo.watching()
    assert memo.sight(0) == (None, True)  # what was seen before the pause is still known


def test_a_repeat_among_the_sightings_keeps_the_memo_watching() -> None:
    memo: SecondSightMemo[int, int] = SecondSightMemo()
    for n in range(10 * SAMPLE):
        assert memo.watching()
        memo.sight(n)
        if n % (SAMPLE // 2) == 0:
            memo.sight(n)  # seen twice: the batch repeats


def test_the_ncci_findings_are_the_same_paused_or_not() -> None:
    """Claims that all differ pause the context's NCCI memo; each claim's findings stay its own."""
    tables = InMemoryEditTables.sample()
    context = CheckContext(
        on=date(2026, 3, 20), diagnoses=InMemoryDiagnosisCodes.sample(), tables=tables
    )
    base = sample_claim()
    claims = []
    for n in range(SAMPLE + 200):
        day = date(2026, 3, 2) + timedelta(days=n % 7)
        first, second, *rest = base.lines
        lines = (
            attrs.evolve(first, service_from=day, units=1 + n // 7),  # 99214: MUE of 1
            attrs.evolve(
                second,
                service_from=day,
                procedure="36415" if n % 3 == 0 else second.procedure,  # PTP-0 with 99214
                modifiers=("59",) if n % 2 else (),
            ),
            *(attrs.evolve(line, service_from=day) for line in rest),
        )
        claims.append(attrs.evolve(base, lines=lines))
    claims += claims[:50]  # repeats after the pause

    def findings(claim: Claim, ctx: CheckContext) -> list[tuple[str, str, str | None]]:
        return [(f.rule.value, f.path, f.value) for f in check_claim(claim, context=ctx)]

    assert {f[0] for claim in claims for f in findings(claim, context)} >= {
        "NCCI-PTP-0",
        "MUE-DAY-POLICY",
    }
    assert not context.ncci_memo.watching()  # paused by the distinct claims
    for claim in claims:
        fresh = CheckContext(
            on=date(2026, 3, 20), diagnoses=InMemoryDiagnosisCodes.sample(), tables=tables
        )
        assert findings(claim, context) == findings(claim, fresh)
