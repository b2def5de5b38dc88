"""Opening a database: owner-only file, WAL, foreign keys, forward migrations, clear refusals."""

from __future__ import annotations

import sqlite3
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from medoffice.adapters.sqlite import (
    SCHEMA_VERSION,
    DatabaseError,
    NewerSchema,
    connect,
    open_database,
)
from medoffice.adapters.sqlite._codec import Codec, instant_to_text
from medoffice.adapters.sqlite._schema import MIGRATIONS
from medoffice.kernel import InvalidArgument, InvalidValue, MedofficeError, TimeRange
from medoffice.scheduling._appointments import Appointment, AppointmentStatus
from medoffice.scheduling._slices import SliceQuery
from medoffice.testing._scheduling_contracts import stored_appointments, whole_lane


class TestOpeningANewFile:
    """A new database file is private, in WAL mode, with foreign keys on and the schema current."""

    def test_the_file_is_readable_by_its_owner_only(self, tmp_path: Path) -> None:
        """The created file has mode 0600."""
        open_database(tmp_path / "office.db").close()
        assert stat.S_IMODE((tmp_path / "office.db").stat().st_mode) == 0o600

    def test_pragmas_are_set_on_every_connection(self, tmp_path: Path) -> None:
        """Each connection runs in WAL mode with foreign keys and a busy timeout."""
        connection = connect(tmp_path / "office.db")
        try:
            assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            assert connection.execute("PRAGMA foreign_keys").fetchone()[0] == 1
            assert connection.execute("PRAGMA busy_timeout").fetchone()[0] > 0
            assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        finally:
            connection.close()

    def test_reopening_keeps_the_data_and_the_version(self, tmp_path: Path) -> None:
        """Opening an existing current database migrates nothing and loses nothing."""
        key = whole_lane("dr-0")
        with open_database(tmp_path / "office.db") as database:
            version = database.appointments.save([], expected={key: 0})[key]
        with open_database(tmp_path / "office.db") as database:
            assert database.appointments.load(SliceQuery(keys=[key])).version(key) == version

    def test_a_posting_without_its_transaction_is_refused(self, tmp_path: Path) -> None:
        """Foreign keys are enforced: an orphan posting row cannot be written."""
        with open_database(tmp_path / "office.db") as database, pytest.raises(sqlite3.Error):
            database.connection().execute(
                "INSERT INTO posting (transaction_id, on_day, account, minor_units, currency, "
                "dimensions) VALUES ('T-none', '2026-03-01', '6100', 100, 'USD', '{}')"
            )


class TestForwardMigrations:
    """Opening a database from an older schema applies the missing migrations and keeps data."""

    def test_a_version_one_database_is_brought_up_to_date(self, tmp_path: Path) -> None:
        """A database at schema 1 is migrated on open; what it held is kept."""
        path = tmp_path / "office.db"
        raw = sqlite3.connect(path)
        raw.executescript(MIGRATIONS[0])
        raw.execute("INSERT INTO store_version (store, version) VALUES ('waitlist', 7)")
        start = datetime(2026, 3, 2, 23, 45, tzinfo=UTC)  # held across UTC midnight
        visit = Appointment(
            id="old",
            type_code="FU",
            provider="dr-0",
            patient="p-old",
            span=TimeRange(start, start + timedelta(minutes=30)),
            status=AppointmentStatus.BOOKED,
            resources={"room-1"},
            buffer_after_minutes=10,
        )
        raw.execute(
            "INSERT INTO appointment (id, provider, start_utc, end_utc, status, body)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                visit.id,
                visit.provider,
                instant_to_text(visit.span.start),
                instant_to_text(visit.span.end),
                visit.status.value,
                Codec().dumps(visit),
            ),
        )
        raw.execute("PRAGMA user_version = 1")
        raw.commit()
        raw.close()
        with open_database(path) as database:
            connection = database.connection()
            assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
            assert database.waitlist.save(expected_version=7) == 8
            for lane in ("dr-0", "room-1"):
                assert stored_appointments(database.appointments, lane) == (visit,)
            filed = connection.execute(
                "SELECT lane, utc_day FROM appointment_lane ORDER BY lane, utc_day"
            ).fetchall()
            assert filed == [
                (lane, day)
                for lane in ("patient:p-old", "resource:dr-0", "resource:room-1")
                for day in ("2026-03-02", "2026-03-03")
            ]
            assert database.integrity_check() == "ok"


class TestRefusals:
    """A file that is not a usable medoffice database is refused with a medoffice error."""

    def test_a_newer_schema_is_refused(self, tmp_path: Path) -> None:
        """A database stamped with a later schema version raises NewerSchema."""
        path = tmp_path / "office.db"
        open_database(path).close()
        raw = sqlite3.connect(path)
        raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
        raw.close()
        with pytest.raises(NewerSchema):
            open_database(path)

    def test_a_file_that_is_not_a_database_is_refused(self, tmp_path: Path) -> None:
        """Random bytes in place of a database raise DatabaseError, not sqlite3's own error."""
        path = tmp_path / "office.db"
        path.write_bytes(b"this is not sqlite" * 100)
        with pytest.raises(DatabaseError):
            open_database(path)

    def test_a_missing_folder_is_refused(self, tmp_path: Path) -> None:
        """A path inside a folder that does not exist raises DatabaseError."""
        with pytest.raises(DatabaseError):
            open_database(tmp_path / "missing" / "office.db")

    def test_a_path_that_is_not_a_path_is_refused(self) -> None:
        """Passing a number as the path is an InvalidArgument."""
        with pytest.raises(InvalidArgument):
            open_database(42)  # type: ignore[arg-type]

    def test_a_damaged_row_reads_as_invalid_value(self, tmp_path: Path) -> None:
        """A stored value whose JSON no longer fits the model raises InvalidValue on read."""
        with open_database(tmp_path / "office.db") as database:
            database.connection().execute(
                "INSERT INTO staff (id, version, body) VALUES ('S-1', 1, '{\"id\": 5}')"
            )
            with pytest.raises(InvalidValue):
                database.credentials.get("S-1")

    def test_every_refusal_is_a_medoffice_error(self) -> None:
        """The database errors share the library's base class."""
        assert issubclass(DatabaseError, MedofficeError)
        assert issubclass(NewerSchema, MedofficeError)
