"""Opening a database: owner-only file, WAL, foreign keys, forward migrations, clear refusals."""

from __future__ import annotations

import sqlite3
import stat
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import attrs
import pytest

from medoffice.adapters.sqlite import (
    SCHEMA_VERSION,
    DatabaseError,
    NewerSchema,
    connect,
    open_database,
)
from medoffice.adapters.sqlite._codec import Codec, instant_to_text, unseal
from medoffice.adapters.sqlite._schema import MIGRATIONS, _apply
from medoffice.credentials._model import StaffMember
from medoffice.kernel import (
    DateRange,
    InvalidArgument,
    MedofficeError,
    Money,
    TimeRange,
)
from medoffice.scheduling._appointments import Appointment, AppointmentStatus
from medoffice.scheduling._slices import SliceQuery
from medoffice.scheduling._waitlist import OfferStatus, WaitlistStatus
from medoffice.testing._scheduling_contracts import stored_appointments, whole_lane
from medoffice.testing._waitlist_contracts import sample_entry, sample_offer


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
        first = MIGRATIONS[0]
        assert isinstance(first, str)
        raw.executescript(first)
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
                unseal(Codec().dumps(visit), "appointment"),  # stored before sealing
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

    def test_values_stored_before_sealing_are_sealed_on_open(self, tmp_path: Path) -> None:
        """A schema-4 database's bodies and postings get their checksums and read back equal."""
        path = tmp_path / "office.db"
        member = StaffMember(id="S-1", role="rn", states={"TX"})
        raw = sqlite3.connect(path, isolation_level=None)
        for migration in MIGRATIONS[:4]:
            _apply(raw, migration)
        raw.execute(
            "INSERT INTO staff (id, version, body) VALUES (?, 1, ?)",
            (member.id, unseal(Codec().dumps(member), "staff")),
        )
        raw.execute("INSERT INTO ledger_transaction (id, on_day) VALUES ('T-1', '2026-03-02')")
        raw.execute(
            "INSERT INTO posting (transaction_id, on_day, account, minor_units, currency, "
            "dimensions) VALUES ('T-1', '2026-03-02', '6100', 1250, 'USD', '{}')"
        )
        raw.execute("PRAGMA user_version = 4")
        raw.close()
        with open_database(path) as database:
            assert database.credentials.get(member.id) == member
            year = DateRange(date(2026, 1, 1), date(2026, 12, 31))
            [posting] = database.postings.postings(year)
            assert posting.amount == Money.of("12.50", "USD")
            body = database.connection().execute("SELECT body FROM staff").fetchone()[0]
            assert body.startswith('{"c":"')

    @pytest.mark.parametrize("damaged", [False, True])
    def test_waitlist_rows_stored_before_the_slice_are_filed(
        self, tmp_path: Path, damaged: bool
    ) -> None:
        """A schema-9 database's waitlist rows get their slice columns on open: the open slice
        holds the waiting entry and the live offer, the closed ones are found by id; a body
        damaged before the migration is filed open, so the slice reports it."""
        path = tmp_path / "office.db"
        raw = sqlite3.connect(path, isolation_level=None)
        for migration in MIGRATIONS[:9]:
            _apply(raw, migration)
        codec = Codec()
        waiting = sample_entry("w-wait")
        booked = attrs.evolve(sample_entry("w-booked"), status=WaitlistStatus.BOOKED)
        live = sample_offer("o-live", "w-wait")
        accepted = attrs.evolve(sample_offer("o-acc", "w-booked"), status=OfferStatus.ACCEPTED)
        entries = [(e.id, codec.dumps(e)) for e in (waiting, booked)]
        raw.executemany("INSERT INTO waitlist_entry (id, body) VALUES (?, ?)", entries)
        offers = [(o.id, codec.dumps(o)) for o in (live, accepted)]
        raw.executemany("INSERT INTO waitlist_offer (id, body) VALUES (?, ?)", offers)
        if damaged:
            raw.execute("INSERT INTO waitlist_entry (id, body) VALUES ('w-bad', '{}')")
        raw.execute("INSERT INTO store_version (store, version) VALUES ('waitlist', 3)")
        raw.execute("PRAGMA user_version = 9")
        raw.close()
        now = live.made
        with open_database(path) as database:
            if damaged:
                with pytest.raises(DatabaseError):
                    database.waitlist.load_open(now)
                return
            stored = database.waitlist.load_open(now)
            assert (stored.entries, stored.offers, stored.version) == ((waiting,), (live,), 3)
            found = database.waitlist.find(entry_ids=["w-booked"], offer_ids=["o-acc"])
            assert (found.entries, found.offers) == ((booked,), (accepted,))
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

    def test_a_damaged_row_reads_as_a_database_error(self, tmp_path: Path) -> None:
        """A stored value whose JSON no longer fits the model raises DatabaseError on read."""
        with open_database(tmp_path / "office.db") as database:
            database.connection().execute(
                "INSERT INTO staff (id, version, body) VALUES ('S-1', 1, '{\"id\": 5}')"
            )
            with pytest.raises(DatabaseError, match=r"office\.db: credentials\.get: .*damaged"):
                database.credentials.get("S-1")

    def test_every_refusal_is_a_medoffice_error(self) -> None:
        """The database errors share the library's base class."""
        assert issubclass(DatabaseError, MedofficeError)
        assert issubclass(NewerSchema, MedofficeError)
