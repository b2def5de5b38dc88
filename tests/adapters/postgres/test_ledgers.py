"""The PostgreSQL A/R ledger and authorization usage ledger are append-only, even for the owner,
and a refused write through the repository is a ``DatabaseError`` naming the operation."""

from __future__ import annotations

from collections.abc import Callable

import attrs
import psycopg
import pytest

from medoffice.adapters.postgres import DatabaseError, PostgresDatabase
from medoffice.testing._authorization_contracts import sample_use
from medoffice.testing._revenue_contracts import sample_posting

_ENTRY_REWRITES = (
    "UPDATE {s}.revenue_entry SET minor_units = 0",
    "DELETE FROM {s}.revenue_entry",
    "TRUNCATE {s}.revenue_entry",
)
_USE_REWRITES = (
    "UPDATE {s}.authorization_use SET source = 'elsewhere'",
    "DELETE FROM {s}.authorization_use",
    "TRUNCATE {s}.authorization_use",
)


@pytest.mark.parametrize("statement", _ENTRY_REWRITES)
def test_a_ledger_entry_cannot_be_changed_or_removed(
    new_practice: Callable[[], PostgresDatabase], postgres_url: str, statement: str
) -> None:
    """Triggers refuse an update, a delete or a truncate of the A/R ledger."""
    database = new_practice()
    database.receivables.record(sample_posting("1P/T1"), expected_count=0)
    before = database.receivables.entries()
    with (
        psycopg.connect(postgres_url) as connection,
        pytest.raises(psycopg.errors.RaiseException, match="append-only"),
    ):
        connection.execute(database.sql(statement))
    assert database.receivables.entries() == before
    assert len(before) == 3


@pytest.mark.parametrize("statement", _USE_REWRITES)
def test_a_use_cannot_be_changed_or_removed(
    new_practice: Callable[[], PostgresDatabase], postgres_url: str, statement: str
) -> None:
    """Triggers refuse an update, a delete or a truncate of the usage ledger."""
    database = new_practice()
    database.authorizations.save(uses=[sample_use("visit-1")], expected_version=0)
    with (
        psycopg.connect(postgres_url) as connection,
        pytest.raises(psycopg.errors.RaiseException, match="never edited"),
    ):
        connection.execute(database.sql(statement))
    assert [u.source for u in database.authorizations.load().uses] == ["visit-1"]


def test_a_refused_posting_is_a_database_error_and_stores_nothing(
    new_practice: Callable[[], PostgresDatabase],
) -> None:
    """A row the schema refuses (a currency that is not an ISO 4217 code) is a ``DatabaseError``
    naming the operation, never the values, and nothing of the posting is stored."""
    database = new_practice()
    good = sample_posting("1P/T1")
    entries = (*good.entries[:-1], good.entries[-1]._replace(currency="usd"))
    bad = attrs.evolve(good, entries=entries)
    with pytest.raises(DatabaseError, match="recording a posting failed") as raised:
        database.receivables.record(bad, expected_count=0)
    assert "usd" not in str(raised.value)
    assert database.receivables.count() == 0
    assert database.receivables.entries() == ()
    assert not database.receivables.is_posted("1P/T1")
