"""The SQLite claim history answers exactly as the in-memory one, replacements and voids too."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from medoffice.adapters.memory import InMemoryClaimHistory
from medoffice.adapters.sqlite import open_database
from medoffice.claims._history import patient_key, provider_key
from medoffice.claims._model import Claim
from medoffice.testing import sample_claim

_BASE = sample_claim()
_DAYS = (date(2026, 3, 2), date(2026, 3, 3))


def _claim(number: str, frequency: str, day: int, lines: int) -> Claim:
    moved = tuple(attrs.evolve(line, service_from=_DAYS[day]) for line in _BASE.lines[: lines + 1])
    return attrs.evolve(_BASE, patient_control_number=number, frequency=frequency, lines=moved)


_claims = st.lists(
    st.builds(
        _claim,
        number=st.sampled_from(["PCN-1", "PCN-2", "PCN-3"]),
        frequency=st.sampled_from(["1", "7", "8"]),
        day=st.integers(0, 1),
        lines=st.integers(0, len(_BASE.lines) - 1),
    ),
    max_size=8,
)


class TestSameAnswersAsInMemory:
    """Any sequence of originals, replacements and voids gives the same lines in both."""

    @settings(
        max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(claims=_claims)
    def test_lines_match_the_in_memory_history(self, tmp_path: Path, claims: list[Claim]) -> None:
        """For every day, the SQLite history lists the in-memory history's lines, in order."""
        memory = InMemoryClaimHistory()
        path = tmp_path / f"history-{len(list(tmp_path.iterdir()))}.db"
        with open_database(path) as database:
            for claim in claims:
                memory.record(claim)
                database.claims.record(claim)
            key = {"patient": patient_key(_BASE), "provider": provider_key(_BASE)}
            for day in _DAYS:
                assert tuple(database.claims.lines_on(**key, day=day)) == tuple(
                    memory.lines_on(**key, day=day)
                )
