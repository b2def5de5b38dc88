"""Claim checker benchmarks with the NCCI tables loaded: typical claims per second per core.

Target: at least 20,000 typical claims (4 diagnoses, 3 lines) per second on one core with a
synthetic practitioner PTP table of 1.7 million pairs (the size of the CMS quarterly files),
an MUE table of 15,000 codes and an add-on table of 1,000 edits loaded through the coding
layer (``PtpTableBuilder``, ``MueVersion``, ``AocVersion``) and every rule of the catalogue
running. Table sizes follow ``scale`` (0.01 in the smoke run).
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import attrs
import pytest
from pytest_benchmark.fixture import BenchmarkFixture

from medoffice.adapters.bridges import NcciEditTables
from medoffice.adapters.memory import (
    InMemoryClaimHistory,
    InMemoryDiagnosisCodes,
    InMemoryDiagnosisEdits,
    InMemoryProcedureCodes,
)
from medoffice.claims._batch import check_claims
from medoffice.claims._catalogue import RULES
from medoffice.claims._check import CheckContext, check_claim
from medoffice.claims._model import Claim
from medoffice.claims._profile import Profile, RuleSetting
from medoffice.claims._rule import Needs
from medoffice.coding.modifiers import HcpcsModifier, ModifierSet
from medoffice.coding.ncci import (
    AocEdit,
    AocTable,
    AocVersion,
    MueLimit,
    MueTable,
    MueVersion,
    NcciEdits,
    PtpTable,
    PtpTableBuilder,
    Quarter,
)
from medoffice.testing import sample_claim

ON = date(2026, 3, 20)
SINCE = date(2010, 1, 1)
EVERY_RULE = Profile(name="every-rule", rules={"DX-SEX-CONFLICT": RuleSetting(enabled=True)})
TYPICAL = ("99214", "83036", "G2211", "99213", "36415", "93000", "81003", "J1100", "96372")


def _codes(rng: random.Random, count: int) -> list[str]:
    return [f"{rng.randrange(10000, 99999)}" for _ in range(count)]


@pytest.fixture(scope="module")
def tables(scale: float) -> NcciEditTables:
    """A PTP table of max(1, 1.7 M x scale) synthetic pairs, with MUE and add-on tables."""
    rng = random.Random(1700)
    pairs = max(1, int(1_700_000 * scale))
    pool = _codes(rng, max(2, int(12_000 * max(scale, 0.05))))
    builder = PtpTableBuilder(version="SYN-2026Q1", quarter=Quarter(2026, 1))
    for n in range(pairs):
        first = pool[n % len(pool)]
        builder.add(first, rng.choice(pool), effective=SINCE, deleted=None, indicator=n % 2)
    for code in TYPICAL:  # the typical claim's codes meet edits with codes it does not carry
        for other in pool[:20]:
            builder.add(code, other, effective=SINCE, deleted=None, indicator=1)
    limits = {code: MueLimit(code=code, max_units=4, mai=1 + n % 3) for n, code in enumerate(pool)}
    limits.update({c: MueLimit(code=c, max_units=3, mai=2) for c in TYPICAL})
    mue = MueVersion.of(version="SYN-MUE", quarter=Quarter(2026, 1), limits=limits.values())
    edits = [
        AocEdit(add_on=pool[n], primary=pool[-1 - n], type=1 + n % 3, effective=SINCE)
        for n in range(min(1000, len(pool) // 2))
    ]
    edits.append(AocEdit(add_on="G2211", primary="99214", type=3, effective=SINCE))
    aoc = AocVersion.of(version="SYN-AOC", quarter=Quarter(2026, 1), edits=edits)
    ncci = NcciEdits(ptp=PtpTable.of(builder.build()), mue=MueTable.of(mue), aoc=AocTable.of(aoc))
    modifiers = ModifierSet.of([HcpcsModifier(code="GT", added=date(1999, 1, 1))])
    return NcciEditTables(ncci, modifiers=modifiers)


def _context(tables: NcciEditTables) -> CheckContext:
    context = CheckContext(
        on=ON,
        diagnoses=InMemoryDiagnosisCodes.sample(),
        edits=InMemoryDiagnosisEdits.sample(),
        procedures=InMemoryProcedureCodes.sample(),
        tables=tables,
        profile=EVERY_RULE,
    )
    # Every rule whose data the context holds runs (no authorization port is given here, and
    # CHK-NOT-RUN only reports the rules that did not run).
    runnable = [r for r in RULES if r.needs is not Needs.AUTHORIZATIONS and r.id != "CHK-NOT-RUN"]
    assert len(context.plan_for("00952", "medicare")) == len(runnable)
    return context


@pytest.fixture(scope="module")
def batch(scale: float) -> list[Claim]:
    """max(1, 10,000 x scale) typical claims of distinct patients on varied days (Feb-Mar 2026)."""
    rng = random.Random(2026)
    base = sample_claim()
    claims = []
    for n in range(max(1, int(10_000 * scale))):
        day = date(2026, 2, 1) + timedelta(days=rng.randrange(45))
        lines = tuple(attrs.evolve(line, service_from=day) for line in base.lines)
        patient = attrs.evolve(base.patient, name=f"Synthetic Person {n}")
        claims.append(
            attrs.evolve(base, patient_control_number=f"PCN-{n:06d}", patient=patient, lines=lines)
        )
    return claims


def test_typical_claim_with_ncci_tables(
    benchmark: BenchmarkFixture, tables: NcciEditTables
) -> None:
    """One typical claim, every rule on, PTP/MUE/AOC loaded (ops = claims per second)."""
    context = _context(tables)
    claim = sample_claim()
    report = benchmark(check_claim, claim, context=context)
    assert report.ok


def test_batch_with_ncci_tables(
    benchmark: BenchmarkFixture, tables: NcciEditTables, batch: list[Claim]
) -> None:
    """A streamed batch of typical claims on varied days (claims/s = len(batch) x ops)."""
    context = _context(tables)

    def run() -> int:
        return sum(1 for _, report in check_claims(batch, context=context) if report.ok)

    assert benchmark(run) == len(batch)


def test_batch_with_ncci_tables_and_history(
    benchmark: BenchmarkFixture, tables: NcciEditTables, batch: list[Claim]
) -> None:
    """The same batch with half its patients seen earlier the same day (a history lookup each)."""
    context = _context(tables)
    history = InMemoryClaimHistory()
    for claim in batch[: len(batch) // 2]:
        history.record(
            attrs.evolve(claim, patient_control_number="EARLIER", lines=claim.lines[1:2])
        )

    def run() -> int:
        return sum(1 for _ in check_claims(batch, context=context, history=history))

    assert benchmark(run) == len(batch)
