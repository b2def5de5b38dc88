"""Many practices in one database: each practice's repositories see and change only its own rows,
and an application role granted one practice cannot touch another's schema."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import psycopg
import pytest

from medoffice.adapters.postgres import DatabaseError, PostgresDatabase, open_database
from medoffice.budget._encumbrance import Encumbrance
from medoffice.credentials import StaffMember
from medoffice.kernel import ConcurrencyConflict, Money
from medoffice.testing import sample_event


def _requisition(amount: str) -> Encumbrance:
    return Encumbrance.requisition(
        id="E1", account="6100", amount=Money.of(amount, "USD"), on=date(2026, 3, 2)
    )


class TestPracticesAreIsolated:
    """Two practices in one database share nothing but the server."""

    def test_one_practice_cannot_read_or_change_anothers_rows(
        self, new_practice: Callable[[], PostgresDatabase]
    ) -> None:
        """Rows of one practice are invisible to the other; the same ids are independent."""
        north, south = new_practice(), new_practice()
        north.credentials.save(StaffMember(id="S-1", role="physician"), expected_version=0)
        north.encumbrances.save(_requisition("50.00"), expected_version=0)
        north.audit.append(sample_event("a-1"))
        assert list(south.credentials.staff_ids()) == []
        assert south.encumbrances.all() == ()
        assert list(south.audit.events()) == []
        # South saving the same ids creates its own rows; north's stay as they were.
        south.credentials.save(StaffMember(id="S-1", role="ma"), expected_version=0)
        south.encumbrances.save(_requisition("7.00"), expected_version=0)
        with pytest.raises(ConcurrencyConflict):
            south.credentials.save(StaffMember(id="S-1", role="ma"), expected_version=0)
        member = north.credentials.get("S-1")
        assert member is not None
        assert member.role == "physician"
        assert north.credentials.version("S-1") == 1
        (kept,) = north.encumbrances.all()
        assert kept.committed == Money.of("50.00", "USD")

    def test_a_practice_role_cannot_reach_another_practice(
        self,
        postgres_url: str,
        role_name: Callable[[str], str],
        as_role: Callable[[str, str], str],
    ) -> None:
        """The role granted north reads and writes north, and is refused on south's tables."""
        role = role_name("north_app")
        with psycopg.connect(postgres_url, autocommit=True) as admin:
            admin.execute(f'CREATE ROLE "{role}" LOGIN')
        with open_database(postgres_url, practice="iso_north") as north:
            north.grant(role)
        with open_database(postgres_url, practice="iso_south") as south:
            south.credentials.save(StaffMember(id="S-9", role="physician"), expected_version=0)
        as_north = as_role(postgres_url, role)
        with open_database(as_north, practice="iso_north") as database:
            database.credentials.save(StaffMember(id="S-1", role="physician"), expected_version=0)
            assert list(database.credentials.staff_ids()) == ["S-1"]
        with (
            pytest.raises(DatabaseError, match="42501"),
            open_database(as_north, practice="iso_south") as intruder,
        ):
            intruder.credentials.get("S-9")
        with (
            psycopg.connect(as_north) as connection,
            pytest.raises(psycopg.errors.InsufficientPrivilege),
        ):
            connection.execute("SELECT body FROM medoffice_iso_south.staff")
