"""Checking varied claims against the official edit tables, and the cost of a claim history.

The claims of ``bench_claims.py`` and ``bench_claims_edits.py`` repeat a few line sets, so the
checker's memos answer most of them. Here every claim has a line set of its own, drawn from
the real codes of the shared reference data (``MEDOFFICE_REFERENCE_DATA``): 1 to 6 lines, some
with the two codes of a PTP edit in force on the day (now and then with a bypass modifier), some
with the code of an MUE and units around its limit, some with an add-on code (usually with one
of its primaries), the rest common office codes; 1 to 4 diagnoses from a pool of common ones.
Every rule with data runs: ICD-10-CM (bundled), the MCE edits, HCPCS, PTP, MUE and add-on tables.

- ``test_varied_claims``: claims per second through ``check_claims`` (target: at least 40,000),
  by the clock and by CPU time; each round checks the batch with a fresh context, so no memo
  outlives a round.
- ``test_prior_lines_on_the_same_day``: varied claims checked with 0, 10 and 100 lines already
  submitted for the same patient, provider and day (an in-memory claim history; the earlier
  lines are common office codes), the three alternated in one run; the medians per claim and
  the ratios to no prior lines are in ``extra_info`` (target: 100 prior lines cost at most 3x
  none). CPU time (``time.process_time``) is measured: the machine may be shared.

Skipped, with the reason, when ``MEDOFFICE_REFERENCE_DATA`` is unset.
"""

from __future__ import annotations

import os
import random
import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, Final, cast

import attrs
import pytest
from pytest_benchmark.fixture import BenchmarkFixture

from medoffice.adapters.bridges import NcciEditTables
from medoffice.adapters.memory import InMemoryClaimHistory
from medoffice.adapters.reference import load_edit_tables, load_reference_data
from medoffice.claims._batch import check_claims
from medoffice.claims._check import CheckContext
from medoffice.claims._model import Claim, Patient, ServiceLine, Subscriber
from medoffice.claims._profile import Profile, RuleSetting
from medoffice.claims.ports import ClaimHistory
from medoffice.kernel import Money
from medoffice.testing import sample_claim

ON: Final = date(2026, 9, 30)
FIRST_DAY: Final = date(2026, 7, 1)  # the quarter of the PTP and MUE files
DAYS: Final = 91
EVERY_RULE = Profile(name="every-rule", rules={"DX-SEX-CONFLICT": RuleSetting(enabled=True)})
COMMON: Final = (
    "99202", "99203", "99204", "99211", "99212", "99213", "99214", "99215",
    "36415", "93000", "81003", "85025", "80053", "83036", "96372", "J1100", "71046",
    "90471", "90686", "G0439", "99396", "97110", "20610", "11721", "17110",
)  # fmt: skip
DIAGNOSES: Final = (
    "E11.65", "E11.9", "I10", "E78.5", "Z79.4", "J06.9", "M54.50", "K21.9", "F41.1",
    "F32.A", "R51.9", "N39.0", "J45.909", "E66.9", "M17.11", "M25.561",
    "L03.115", "R05.9", "G47.33", "I48.91", "N18.30", "E03.9", "D64.9", "B35.1", "L57.0",
    "M79.604", "R10.9", "H52.4", "J30.9", "K59.00",
)  # fmt: skip
PRIOR_COUNTS: Final = (0, 10, 100)


@attrs.frozen
class Reference:
    """What the shared folder holds: the context's ports and the codes claims are drawn from."""

    context: Callable[[], CheckContext]
    pairs: tuple[tuple[str, str, int], ...]  # PTP pairs in force in the quarter, indicator
    limits: tuple[tuple[str, int], ...]  # MUE codes with their limits
    add_ons: tuple[tuple[str, tuple[str, ...]], ...]  # add-on codes with primaries


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Reference:
    value = os.environ.get("MEDOFFICE_REFERENCE_DATA")
    if not value or not Path(value).is_dir():
        pytest.skip("MEDOFFICE_REFERENCE_DATA is not set: the official reference files are absent")
    root, cache = Path(value), tmp_path_factory.mktemp("varied-cache")
    tables = load_edit_tables(root, cache_dir=cache).tables
    data = load_reference_data(root, cache_dir=cache)
    assert tables is not None
    assert data.edits is not None
    assert data.procedures is not None

    def context() -> CheckContext:
        return CheckContext(
            on=ON,
            diagnoses=data.diagnoses,
            edits=data.edits,
            procedures=data.procedures,
            tables=tables,
            profile=EVERY_RULE,
        )

    return Reference(context, *_codes(tables))


def _codes(tables: NcciEditTables) -> tuple[Any, Any, Any]:
    ncci, day = tables.ncci, FIRST_DAY + timedelta(days=30)
    assert ncci.ptp is not None
    assert ncci.mue is not None
    assert ncci.aoc is not None
    pairs = {
        (e.column1, e.column2, int(e.indicator))
        for e in ncci.ptp.rows()
        if tables.ptp_indicator(e.column1, e.column2, day) in (0, 1)
    }
    limits = {
        (code, limit.max_units)
        for version in ncci.mue.versions
        for code in version.limits
        if (limit := tables.mue(code, day)) is not None
    }
    add_ons: dict[str, set[str]] = {}
    for version in ncci.aoc.versions:
        for edit in version.edits:
            rule = tables.add_on(edit.add_on, day)
            if rule is not None and rule.primaries:
                add_ons.setdefault(edit.add_on, set()).update(rule.primaries)
    assert pairs
    assert limits
    assert add_ons
    return (
        tuple(sorted(pairs)),
        tuple(sorted(limits)),
        tuple((code, tuple(sorted(p))) for code, p in sorted(add_ons.items())),
    )


def _line(day: date, code: str, rng: random.Random, **fields: Any) -> ServiceLine:
    return ServiceLine(
        service_from=day,
        procedure=code,
        charge=Money.of(f"{rng.randrange(20, 400)}.00", "USD"),
        **fields,
    )


def _procedures(ref: Reference, rng: random.Random, day: date) -> list[ServiceLine]:
    """1 to 6 lines on one day: a PTP pair, an MUE code, an add-on, common codes (by chance)."""
    wanted = rng.choice((1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 5, 6))
    lines: list[ServiceLine] = []
    if wanted >= 2 and rng.random() < 0.2:
        first, second, _ = rng.choice(ref.pairs)
        modifiers = (rng.choice(("59", "XS", "XU")),) if rng.random() < 0.3 else ()
        lines += [_line(day, first, rng), _line(day, second, rng, modifiers=modifiers)]
    if len(lines) < wanted and rng.random() < 0.2:
        code, limit = rng.choice(ref.limits)
        units = max(1, limit + rng.choice((-1, 0, 0, 1)))
        lines.append(_line(day, code, rng, units=units))
    if len(lines) < wanted and rng.random() < 0.1:
        add_on, primaries = rng.choice(ref.add_ons)
        if len(lines) + 1 < wanted and rng.random() < 0.7:
            lines.append(_line(day, rng.choice(primaries), rng))
        lines.append(_line(day, add_on, rng))
    while len(lines) < wanted:
        code = rng.choice(COMMON) if rng.random() < 0.85 else rng.choice(ref.limits)[0]
        if any(ln.procedure == code for ln in lines):
            continue
        modifiers = ("25",) if code.startswith("992") and rng.random() < 0.3 else ()
        units = rng.choice((1, 1, 1, 2))
        lines.append(_line(day, code, rng, modifiers=modifiers, units=units))
    return lines


_LETTERS: Final = "ACDEFGHJKMNPQRTUVWXY"  # the letters an MBI may use


def _mbi(number: int) -> str:
    """A well-formed Medicare Beneficiary Identifier made from ``number``."""
    digits = f"{number:08d}"
    letters = [_LETTERS[(number // 20**k) % 20] for k in range(4)]
    return (
        f"{1 + number % 9}{letters[0]}{digits[-1]}{digits[-2]}{letters[1]}{digits[-3]}"
        f"{digits[-4]}{letters[2]}{letters[3]}{digits[-5]}{digits[-6]}"
    )


def _claim(base: Claim, number: int, lines: list[ServiceLine], rng: random.Random) -> Claim:
    diagnoses = tuple(rng.sample(DIAGNOSES, rng.randint(1, 4)))
    every = tuple(range(1, len(diagnoses) + 1))
    pointed = [  # the first line points at every diagnosis, the others at one or two
        attrs.evolve(ln, pointers=every if n == 0 else tuple(rng.sample(every, min(2, len(every)))))
        for n, ln in enumerate(lines)
    ]
    total = sum((ln.charge.amount for ln in pointed), Decimal(0))
    return attrs.evolve(
        base,
        patient_control_number=f"PCN-{number:07d}",
        patient=Patient(name=f"Synthetic Person {number}", date_of_birth=date(1950, 1, 1)),
        subscriber=Subscriber(
            member_id=_mbi(number),
            name=f"Synthetic Person {number}",
            date_of_birth=date(1950, 1, 1),
        ),
        diagnoses=diagnoses,
        lines=tuple(pointed),
        total_charge=Money.of(total, "USD"),
    )


def varied_claims(ref: Reference, count: int, *, seed: int = 19) -> list[Claim]:
    """``count`` claims, each with a line set (codes, days, modifiers, units) of its own."""
    rng, base, seen = random.Random(seed), sample_claim(), set()
    claims: list[Claim] = []
    while len(claims) < count:
        day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
        lines = _procedures(ref, rng, day)
        if rng.random() < 0.15:  # a second day of service on the same claim
            lines += _procedures(ref, rng, day + timedelta(days=1))[:2]
        key = tuple((ln.procedure, ln.service_from, ln.modifiers, ln.units) for ln in lines)
        if key not in seen:
            seen.add(key)
            claims.append(_claim(base, len(claims), lines, rng))
    return claims


def _findings(ref: Reference, claims: Iterable[Claim]) -> Counter[str]:
    found: Counter[str] = Counter()
    for _, report in check_claims(claims, context=ref.context()):
        found.update(f.rule.value for f in report)
    return found


@pytest.fixture(scope="module")
def batch(reference: Reference, scale: float) -> list[Claim]:
    """max(100, 20,000 x scale) varied claims."""
    return varied_claims(reference, max(100, int(20_000 * scale)))


def test_varied_claims(
    benchmark: BenchmarkFixture, reference: Reference, batch: list[Claim]
) -> None:
    """Claims per second on varied claims, every rule with data on (target >= 40,000/s)."""
    found = _findings(reference, batch)
    # The batch exercises the edits it was drawn for.
    assert found["NCCI-PTP-0"] + found["NCCI-PTP-1"] > 0
    assert found["MUE-LINE"] + found["MUE-DAY-POLICY"] + found["MUE-DAY-CLINICAL"] > 0
    assert found["AOC-NO-PRIMARY"] + found["AOC-ALONE"] > 0

    cpu: list[float] = []

    def run() -> int:
        start = time.process_time()
        done = sum(1 for _ in check_claims(batch, context=reference.context()))
        cpu.append(time.process_time() - start)
        return done

    done = cast(Any, benchmark).pedantic(run, rounds=5, iterations=1)  # untyped upstream
    assert done == len(batch)
    stats = benchmark.stats
    benchmark.extra_info["claims"] = len(batch)
    if stats is not None:  # None when the run is disabled (the smoke run)
        benchmark.extra_info["claims_per_second"] = round(len(batch) / stats.stats.median)
    # CPU time is what a loaded machine does not inflate.
    benchmark.extra_info["claims_per_cpu_second"] = round(len(batch) / statistics.median(cpu))
    benchmark.extra_info["load_average"] = os.getloadavg()[0]
    benchmark.extra_info["lines_per_claim"] = round(
        sum(len(c.lines) for c in batch) / len(batch), 2
    )
    benchmark.extra_info["findings_by_rule"] = dict(sorted(found.items()))


def _history(claims: list[Claim], ref: Reference, prior: int) -> ClaimHistory:
    """A history holding, for each claim, ``prior`` lines of an earlier claim on its first day."""
    history, rng = InMemoryClaimHistory(), random.Random(prior)
    codes = COMMON
    for claim in claims:
        if prior:
            day = claim.lines[0].service_from
            lines = tuple(_line(day, rng.choice(codes), rng) for _ in range(prior))
            total = sum((ln.charge.amount for ln in lines), Decimal(0))
            history.record(
                attrs.evolve(
                    claim,
                    patient_control_number=f"{claim.patient_control_number}-EARLIER",
                    lines=lines,
                    total_charge=Money.of(total, "USD"),
                )
            )
    return history


def test_prior_lines_on_the_same_day(
    benchmark: BenchmarkFixture, reference: Reference, scale: float
) -> None:
    """0, 10 and 100 prior lines per claim, alternated in one run (target: 100 <= 3x 0)."""
    claims = varied_claims(reference, max(20, int(2_000 * scale)), seed=7)
    histories = {n: _history(claims, reference, n) for n in PRIOR_COUNTS}
    rounds = 1 if benchmark.disabled else 7
    times: dict[int, list[float]] = {n: [] for n in PRIOR_COUNTS}

    def alternated() -> None:
        for _ in range(rounds):
            for n, history in histories.items():
                context = reference.context()
                start = time.process_time()
                for _ in check_claims(claims, context=context, history=history):
                    pass
                times[n].append((time.process_time() - start) / len(claims))

    cast(Any, benchmark).pedantic(alternated, rounds=1, iterations=1)  # untyped upstream
    medians = {n: statistics.median(values) for n, values in times.items()}
    benchmark.extra_info["claims"] = len(claims)
    benchmark.extra_info["load_average"] = os.getloadavg()[0]
    for n in PRIOR_COUNTS:
        benchmark.extra_info[f"us_per_claim_{n}_prior"] = round(medians[n] * 1e6, 1)
        benchmark.extra_info[f"ratio_{n}_prior_to_none"] = round(medians[n] / medians[0], 2)
