"""Claim checker benchmarks: typical claims per second with every rule on.

Target: at least 20,000 typical claims (4 diagnoses, 3 lines) per second on one core, with every
rule of the catalogue running (the diagnosis-edit table and HCPCS loaded, the sex edit turned on
by the profile). Measured twice: against the in-memory fakes, and against the real bundled
ICD-10-CM FY2026 index for a batch of varied claims.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import attrs
import pytest
from pytest_benchmark.fixture import BenchmarkFixture

from medoffice.adapters.memory import (
    InMemoryDiagnosisCodes,
    InMemoryDiagnosisEdits,
    InMemoryEditTables,
    InMemoryProcedureCodes,
)
from medoffice.adapters.reference import load_diagnosis_codes
from medoffice.claims._catalogue import RULES
from medoffice.claims._check import CheckContext, check_claim
from medoffice.claims._model import Claim
from medoffice.claims._profile import Profile, RuleSetting
from medoffice.claims._rule import Needs
from medoffice.testing import sample_claim

ON = date(2026, 3, 20)
# The sex edit is dated off for 2026 services; turning it on by name makes every rule run.
EVERY_RULE = Profile(name="every-rule", rules={"DX-SEX-CONFLICT": RuleSetting(enabled=True)})
DIAGNOSES = (
    ("E11.65", "I10", "E78.5", "Z79.4"),
    ("I10", "E11.9", "E78.5", "J06.9"),
    ("M54.50", "I10", "E11.65", "Z79.4"),
    ("S72.001A", "W19.XXXA", "I10", "E78.5"),
)


def _context(diagnoses: object) -> CheckContext:
    context = CheckContext(
        on=ON,
        diagnoses=diagnoses,  # type: ignore[arg-type]
        edits=InMemoryDiagnosisEdits.sample(),
        procedures=InMemoryProcedureCodes.sample(),
        tables=InMemoryEditTables.sample(),
        profile=EVERY_RULE,
    )
    # Every rule whose data the context holds runs (no authorization port is given here, and
    # CHK-NOT-RUN only reports the rules that did not run).
    runnable = [r for r in RULES if r.needs is not Needs.AUTHORIZATIONS and r.id != "CHK-NOT-RUN"]
    assert len(context.plan_for("00952", "medicare")) == len(runnable)
    return context


@pytest.fixture(scope="module")
def batch(scale: float) -> list[Claim]:
    """max(1, 10,000 x scale) typical claims with varied codes and dates in February-March 2026."""
    rng = random.Random(2026)
    base = sample_claim()
    claims = []
    for n in range(max(1, int(10_000 * scale))):
        day = date(2026, 2, 1) + timedelta(days=rng.randrange(45))
        lines = tuple(attrs.evolve(line, service_from=day) for line in base.lines)
        claims.append(
            attrs.evolve(
                base,
                patient_control_number=f"PCN-{n:06d}",
                diagnoses=rng.choice(DIAGNOSES),
                lines=lines,
            )
        )
    return claims


def test_typical_claim_with_fakes(benchmark: BenchmarkFixture) -> None:
    """One typical claim, every rule on, in-memory reference data (ops = claims per second)."""
    context = _context(InMemoryDiagnosisCodes.sample())
    claim = sample_claim()
    report = benchmark(check_claim, claim, context=context)
    assert report.ok


def test_batch_against_the_bundled_icd10cm(benchmark: BenchmarkFixture, batch: list[Claim]) -> None:
    """A batch of varied typical claims against the real FY2026 index, every rule on."""
    context = _context(load_diagnosis_codes())

    def run() -> int:
        return sum(1 for claim in batch if check_claim(claim, context=context).ok)

    clean = benchmark(run)
    assert clean >= 1
