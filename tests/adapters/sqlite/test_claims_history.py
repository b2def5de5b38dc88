"""The SQLite claim history answers exactly as the in-memory one, replacements and voids too."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from medoffice.adapters.memory import InMemoryClaimHistory
from medoffice.adapters.sqlite import open_database
from medoffice.adapters.sqlite._codec import Codec
from medoffice.adapters.sqlite._schema import MIGRATIONS, _apply
from medoffice.claims import Claim
from medoffice.claims._history import identity_digest, provider_key
from medoffice.kernel import DatabaseError
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
            provider = provider_key(_BASE)
            ours = database.claims.patient_key(_BASE)
            theirs = memory.patient_key(_BASE)
            for day in _DAYS:
                assert tuple(
                    database.claims.lines_on(patient=ours, provider=provider, day=day)
                ) == tuple(memory.lines_on(patient=theirs, provider=provider, day=day))


class TestPatientKeys:
    """The database keys patients with its own secret, kept in the file, stable across opens."""

    def test_the_key_survives_reopening_and_differs_between_files(self, tmp_path: Path) -> None:
        """Same file, same key; another file, another key; lines recorded are found again."""
        with open_database(tmp_path / "a.db") as database:
            key = database.claims.patient_key(_BASE)
            database.claims.record(_BASE)
        with open_database(tmp_path / "a.db") as database:
            assert database.claims.patient_key(_BASE) == key
            day = _BASE.lines[0].service_from
            assert database.claims.lines_on(patient=key, provider=provider_key(_BASE), day=day)
        with open_database(tmp_path / "b.db") as database:
            assert database.claims.patient_key(_BASE) != key

    def test_lines_stored_under_unkeyed_digests_are_keyed_on_migration(
        self, tmp_path: Path
    ) -> None:
        """A schema-5 database's history is found again under the new keyed patient key."""
        path = tmp_path / "old.db"
        raw = sqlite3.connect(path, isolation_level=None)
        for migration in MIGRATIONS[:5]:
            _apply(raw, migration)
        day = _BASE.lines[0].service_from
        raw.execute(
            "INSERT INTO claim_line (patient_key, provider, service_day, claim_number, body) "
            "VALUES (?, ?, ?, ?, ?)",
            (
                identity_digest(_BASE),
                provider_key(_BASE),
                day.isoformat(),
                _BASE.patient_control_number,
                Codec().dumps(_BASE.lines[0]),
            ),
        )
        raw.execute("PRAGMA user_version = 5")
        raw.close()
        with open_database(path) as database:
            found = database.claims.lines_on(
                patient=database.claims.patient_key(_BASE), provider=provider_key(_BASE), day=day
            )
            assert list(found) == [_BASE.lines[0]]

    def test_a_missing_secret_is_a_database_error(self, tmp_path: Path) -> None:
        """A file whose secret row was removed says so instead of keying with nothing."""
        with open_database(tmp_path / "a.db") as database:
            database.connection().execute("DELETE FROM store_secret")
            with pytest.raises(DatabaseError, match="secret"):
                database.claims.patient_key(_BASE)
