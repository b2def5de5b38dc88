"""Opening a PostgreSQL practice: URLs, forward migrations, and a newer schema refused untouched."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import attrs
import psycopg
import pytest
from tests.adapters.postgres._versions import practice_at, schema_exists, versions

from medoffice.adapters.databases import open_database, split_practice
from medoffice.adapters.postgres import (
    SCHEMA_VERSION,
    DatabaseError,
    NewerSchema,
    PostgresDatabase,
    schema_name,
)
from medoffice.adapters.postgres import open_database as open_postgres
from medoffice.adapters.postgres._connection import connection_refused
from medoffice.adapters.postgres._schema import MIGRATIONS
from medoffice.adapters.sqlite import SqliteDatabase
from medoffice.adapters.sqlite._codec import Codec
from medoffice.claims._history import identity_digest, provider_key
from medoffice.kernel import InvalidArgument
from medoffice.scheduling._waitlist import OfferStatus, WaitlistStatus
from medoffice.testing import sample_claim, sample_event
from medoffice.testing._postgres import ServerUnreachable, scratch_database, server_url
from medoffice.testing._waitlist_contracts import sample_entry, sample_offer

_PASSWORD = "s3cret-never-shown"


class TestOpeningByUrl:
    """``open_database`` picks the adapter from the URL."""

    def test_a_sqlite_url_and_a_plain_path_open_sqlite(self, tmp_path: Path) -> None:
        """``sqlite:///path``, a path string and a ``Path`` all open the SQLite file."""
        for name in (f"sqlite:///{tmp_path}/a.db", str(tmp_path / "b.db"), tmp_path / "c.db"):
            with open_database(name) as database:
                assert isinstance(database, SqliteDatabase)
        assert sorted(p.name for p in tmp_path.glob("*.db")) == ["a.db", "b.db", "c.db"]

    def test_read_only_sqlite_opens_only_an_existing_file(self, tmp_path: Path) -> None:
        """``read_only=True`` creates no file, and refuses a write to one that exists."""
        missing = tmp_path / "none.db"
        for name in (f"sqlite://{missing}", str(missing), missing):
            with pytest.raises(DatabaseError, match="no database file"):
                open_database(name, read_only=True)
        assert not missing.exists()
        with open_database(tmp_path / "office.db"):
            pass
        with open_database(f"sqlite://{tmp_path}/office.db", read_only=True) as database:
            assert isinstance(database, SqliteDatabase)
            with pytest.raises(DatabaseError):
                database.audit.append(sample_event("a-1"))

    def test_an_unreadable_url_is_refused(self) -> None:
        """A URL that cannot be split (an unclosed IPv6 bracket) is an InvalidArgument."""
        with pytest.raises(InvalidArgument, match="cannot be read"):
            open_database("postgresql://app:secret@[::1/db")

    def test_other_schemes_and_junk_are_refused(self) -> None:
        """A URL of another database, or no name at all, is an InvalidArgument."""
        for junk in ("mysql://localhost/office", "", 42):
            with pytest.raises(InvalidArgument):
                open_database(junk)  # type: ignore[arg-type]

    def test_the_practice_parameter_is_split_off(self) -> None:
        """``?practice=`` names the practice, kept from the server; ``main`` when absent."""
        assert split_practice("postgresql://h/db") == ("postgresql://h/db", "main")
        assert split_practice("postgresql://h/db?practice=east&connect_timeout=3") == (
            "postgresql://h/db?connect_timeout=3",
            "east",
        )
        with pytest.raises(InvalidArgument):
            split_practice("postgresql://h/db?practice=a&practice=b")

    def test_a_postgres_url_opens_the_named_practice(self, postgres_url: str) -> None:
        """A ``postgresql://`` URL opens a PostgresDatabase on the practice it names."""
        with open_database(f"{postgres_url}?practice=by_url") as database:
            assert isinstance(database, PostgresDatabase)
            assert database.practice == "by_url"
            assert database.integrity_check() == "ok"

    def test_practice_names_are_plain_identifiers(self) -> None:
        """A practice name that is not a lower-case identifier is refused before any SQL."""
        assert schema_name("north_2") == "medoffice_north_2"
        for bad in ("North", "1st", "a-b", 'x"; DROP TABLE staff; --', "", None):
            with pytest.raises(InvalidArgument):
                schema_name(bad)  # type: ignore[arg-type]

    def test_an_unreachable_server_is_a_database_error(self) -> None:
        """Nobody listening: a DatabaseError saying the server cannot be reached, and where."""
        with pytest.raises(DatabaseError, match="cannot reach") as raised:
            open_postgres(f"postgresql://nobody:{_PASSWORD}@127.0.0.1:1/none")
        message = str(raised.value)
        assert message.endswith("at 127.0.0.1:1: connection refused"), message
        assert _PASSWORD not in message
        assert "nobody" not in message

    @pytest.mark.parametrize(
        ("url", "expected"),
        [
            (f"postgresql://app:{_PASSWORD}%zz@127.0.0.1:1/x", "invalid percent-encoded token"),
            (f"postgresql://app@127.0.0.1:1/x?password={_PASSWORD}%zz", "percent-encoded"),
            (f"postgresql://app:{_PASSWORD}@[::1:5432/x", "IPv6 host address"),
        ],
    )
    def test_a_malformed_url_is_named_without_its_password(self, url: str, expected: str) -> None:
        """The driver quotes a malformed URL, or the token it stopped at: shown as "..."."""
        with pytest.raises(DatabaseError, match="the PostgreSQL URL is not valid") as raised:
            open_postgres(url)
        message = str(raised.value)
        assert expected in message, message
        assert '"..."' in message, message
        assert _PASSWORD not in message

    def test_a_message_still_holding_the_password_is_not_shown(self) -> None:
        """A password the driver echoes outside quotes leaves only the error's type."""
        error = psycopg.OperationalError(f"connection is bad: oops {_PASSWORD} here")
        line = connection_refused(error, f"postgresql://app:{_PASSWORD}@db/x")
        assert line == "cannot reach the PostgreSQL server: OperationalError"

    def test_the_server_s_refusal_is_given_with_its_address(self) -> None:
        """libpq's "connection to server at ... failed: FATAL: ..." becomes the reason, and
        the address the server answered at."""
        error = psycopg.OperationalError(
            'connection failed: connection to server at "db.internal" (10.0.0.5), port 5433 '
            'failed: FATAL:  password authentication failed for user "app"'
        )
        assert connection_refused(error, f"postgresql://app:{_PASSWORD}@db.internal:5433/x") == (
            "the PostgreSQL server at db.internal:5433 refused the connection: "
            'password authentication failed for user "app"'
        )

    def test_a_database_the_server_does_not_have_is_named(self, postgres_url: str) -> None:
        """A server that answers but has no such database says so; the password never shows."""
        parts = urlsplit(postgres_url)
        user, host = parts.netloc.rsplit("@", 1)
        url = urlunsplit(
            parts._replace(netloc=f"{user}:{_PASSWORD}@{host}", path="/medoffice_no_such_db")
        )
        with pytest.raises(DatabaseError) as raised:
            open_postgres(url)
        message = str(raised.value)
        assert message == (
            f"the PostgreSQL server at {parts.hostname}:{parts.port or 5432} refused the "
            'connection: database "medoffice_no_such_db" does not exist'
        )
        assert _PASSWORD not in message

    def test_a_wrong_port_on_the_server_s_host_is_refused_there(self, postgres_url: str) -> None:
        """The server's host, a port nobody listens on: connection refused at host:port."""
        parts = urlsplit(postgres_url)
        user = parts.netloc.rsplit("@", 1)[0]
        url = urlunsplit(parts._replace(netloc=f"{user}:{_PASSWORD}@{parts.hostname}:1"))
        with pytest.raises(DatabaseError) as raised:
            open_postgres(url)
        message = str(raised.value)
        assert message.startswith("cannot reach the PostgreSQL server at "), message
        assert message.endswith(":1: connection refused"), message
        assert _PASSWORD not in message

    def test_only_postgres_urls_reach_the_postgres_adapter(self) -> None:
        """The PostgreSQL adapter refuses a URL of anything else."""
        with pytest.raises(InvalidArgument):
            open_postgres("sqlite:///office.db")


class TestMigrations:
    """Forward-only migrations recorded in ``schema_version``; a newer schema is refused."""

    def test_a_new_practice_is_migrated_once(self, postgres_url: str) -> None:
        """The first open applies every migration; opening again applies nothing more."""
        with open_postgres(postgres_url, practice="migrated") as database:
            assert database.integrity_check() == "ok"
        with open_postgres(postgres_url, practice="migrated"):
            pass
        assert versions(postgres_url, "medoffice_migrated") == list(range(1, SCHEMA_VERSION + 1))

    def test_a_newer_schema_is_refused_and_left_untouched(self, postgres_url: str) -> None:
        """A practice at a version this medoffice does not know is refused; nothing changes."""
        with open_postgres(postgres_url, practice="newer") as database:
            database.encumbrances  # noqa: B018 - the practice exists now
        with psycopg.connect(postgres_url) as connection:
            connection.execute(
                "INSERT INTO medoffice_newer.schema_version (version) VALUES (%s)",
                (SCHEMA_VERSION + 1,),
            )
            before = connection.execute(
                "SELECT count(*) FROM pg_tables WHERE schemaname = 'medoffice_newer'"
            ).fetchone()
        with pytest.raises(NewerSchema, match="upgrade medoffice"):
            open_postgres(postgres_url, practice="newer")
        with psycopg.connect(postgres_url) as connection:
            after = connection.execute(
                "SELECT count(*) FROM pg_tables WHERE schemaname = 'medoffice_newer'"
            ).fetchone()
        assert after == before
        assert versions(postgres_url, "medoffice_newer")[-1] == SCHEMA_VERSION + 1

    def test_claim_lines_stored_before_keying_are_keyed_and_kept(self, postgres_url: str) -> None:
        """Migration 2 draws the practice's secret and keys the patient keys already stored, so
        a claim recorded under the unkeyed digest is still found, under the keyed one only."""
        claim = sample_claim()
        line = claim.lines[0]
        schema = "medoffice_keyed"
        with psycopg.connect(postgres_url, autocommit=True) as connection:
            connection.execute(f'CREATE SCHEMA "{schema}"')
            connection.execute(f'SET search_path TO "{schema}"')
            first = MIGRATIONS[0]
            assert isinstance(first, str)
            connection.execute(first.encode())
            connection.execute(
                "CREATE TABLE schema_version (version integer PRIMARY KEY CHECK (version > 0),"
                " applied_at timestamptz NOT NULL DEFAULT now())"
            )
            connection.execute("INSERT INTO schema_version (version) VALUES (1)")
            connection.execute(
                "INSERT INTO claim_line (patient_key, provider, service_day, claim_number, body)"
                " VALUES (%s, %s, %s, %s, %s)",
                (
                    identity_digest(claim),
                    provider_key(claim),
                    line.service_from,
                    claim.patient_control_number,
                    Codec().dumps(line),
                ),
            )
        with open_postgres(postgres_url, practice="keyed") as database:
            key = database.claims.patient_key(claim)
            assert key != identity_digest(claim)
            found = database.claims.lines_on(
                patient=key, provider=provider_key(claim), day=line.service_from
            )
            assert found == (line,)
            assert not database.claims.lines_on(
                patient=identity_digest(claim), provider=provider_key(claim), day=line.service_from
            )
        assert versions(postgres_url, schema) == list(range(1, SCHEMA_VERSION + 1))

    def test_waitlist_rows_stored_before_the_slice_are_filed(self, postgres_url: str) -> None:
        """Migration 4 fills the slice columns of the waitlist rows already stored: the open
        slice holds the waiting entry and the live offer; the closed ones are found by id."""
        schema = "medoffice_sliced"
        codec = Codec()
        waiting = sample_entry("w-wait")
        booked = attrs.evolve(sample_entry("w-booked"), status=WaitlistStatus.BOOKED)
        live = sample_offer("o-live", "w-wait")
        accepted = attrs.evolve(sample_offer("o-acc", "w-booked"), status=OfferStatus.ACCEPTED)
        with psycopg.connect(postgres_url, autocommit=True) as connection:
            connection.execute(f'CREATE SCHEMA "{schema}"')
            connection.execute(f'SET search_path TO "{schema}"')
            connection.execute(
                "CREATE TABLE schema_version (version integer PRIMARY KEY CHECK (version > 0),"
                " applied_at timestamptz NOT NULL DEFAULT now())"
            )
            for number, migration in enumerate(MIGRATIONS[:3], start=1):
                if callable(migration):
                    migration(connection)
                else:
                    connection.execute(migration.encode())
                connection.execute("INSERT INTO schema_version (version) VALUES (%s)", (number,))
            with connection.cursor() as cursor:
                cursor.executemany(
                    "INSERT INTO waitlist_entry (id, body) VALUES (%s, %s)",
                    [(e.id, codec.dumps(e)) for e in (waiting, booked)],
                )
                cursor.executemany(
                    "INSERT INTO waitlist_offer (id, body) VALUES (%s, %s)",
                    [(o.id, codec.dumps(o)) for o in (live, accepted)],
                )
        with open_postgres(postgres_url, practice="sliced") as database:
            stored = database.waitlist.load_open(live.made)
            assert (stored.entries, stored.offers) == ((waiting,), (live,))
            found = database.waitlist.find(entry_ids=["w-booked"], offer_ids=["o-acc"])
            assert (found.entries, found.offers) == ((booked,), (accepted,))
        assert versions(postgres_url, schema) == list(range(1, SCHEMA_VERSION + 1))

    def test_reprs_name_the_practice_only(
        self, new_practice: Callable[[], PostgresDatabase]
    ) -> None:
        """Reprs show the practice, never a URL, a password or stored values."""
        database = new_practice()
        assert repr(database) == f"PostgresDatabase(practice={database.practice!r})"
        assert repr(database.appointments).startswith("PostgresAppointmentRepository(")
        with database.unit_of_work() as uow:
            assert repr(uow).startswith("PostgresUnitOfWork(")


class TestReadOnly:
    """``read_only=True`` opens only a current practice, changes nothing, and refuses writes."""

    def test_a_missing_practice_is_refused_and_not_created(self, postgres_url: str) -> None:
        """No schema of that name: a DatabaseError, and still no schema afterwards."""
        with pytest.raises(DatabaseError, match="no such practice"):
            open_postgres(postgres_url, practice="absent", read_only=True)
        with pytest.raises(DatabaseError, match="no such practice"):
            open_database(f"{postgres_url}?practice=absent", read_only=True)
        assert not schema_exists(postgres_url, "medoffice_absent")

    def test_an_older_practice_is_refused_and_not_migrated(self, postgres_url: str) -> None:
        """A practice behind this medoffice's version is refused as it is, not migrated."""
        practice_at(postgres_url, "behind", SCHEMA_VERSION - 1)
        with pytest.raises(DatabaseError, match=f"schema version {SCHEMA_VERSION - 1}, not"):
            open_postgres(postgres_url, practice="behind", read_only=True)
        assert versions(postgres_url, "medoffice_behind") == list(range(1, SCHEMA_VERSION))

    def test_a_newer_practice_is_refused(self, postgres_url: str) -> None:
        """A practice ahead of this medoffice is NewerSchema, read-only or not."""
        practice_at(postgres_url, "ahead", SCHEMA_VERSION + 1)
        with pytest.raises(NewerSchema, match="upgrade medoffice"):
            open_postgres(postgres_url, practice="ahead", read_only=True)

    def test_a_current_practice_reads_and_refuses_writes(
        self, new_practice: Callable[[], PostgresDatabase], postgres_url: str
    ) -> None:
        """The audit log reads as written; an append is a DatabaseError and adds nothing."""
        practice = new_practice()
        practice.audit.append(sample_event("a-1"))
        url = f"{postgres_url}?practice={practice.practice}"
        with open_database(url, read_only=True) as database:
            assert isinstance(database, PostgresDatabase)
            assert [link.seq for link in database.audit.chain()] == [1]
            with pytest.raises(DatabaseError, match="read-only"):
                database.audit.append(sample_event("a-2"))
        assert [e.record_id for e in practice.audit.events()] == ["a-1"]


class TestTheScratchDatabaseOfATestRun:
    """The test kit skips without a server named, and fails when the named one is unreachable."""

    def test_an_unset_variable_names_no_server(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Unset or empty: ``None``, so the tests skip (saying why)."""
        monkeypatch.delenv("MEDOFFICE_POSTGRES_URL", raising=False)
        assert server_url() is None
        monkeypatch.setenv("MEDOFFICE_POSTGRES_URL", "")
        assert server_url() is None

    def test_a_server_that_does_not_answer_is_an_error_not_a_skip(self) -> None:
        """Named but unreachable: ServerUnreachable, which the fixture turns into a failure."""
        with (
            pytest.raises(ServerUnreachable),
            scratch_database("postgresql://nobody@127.0.0.1:1/postgres"),
        ):
            pass  # pragma: no cover - never entered

    def test_the_scratch_database_is_dropped_at_the_end(self, postgres_url: str) -> None:
        """A scratch database exists inside the block and is gone after it."""
        with scratch_database(postgres_url) as url:
            name = url.rsplit("/", 1)[-1]
            with psycopg.connect(url) as connection:
                assert connection.execute("SELECT current_database()").fetchone() == (name,)
        with psycopg.connect(postgres_url) as connection:
            found = connection.execute(
                "SELECT count(*) FROM pg_database WHERE datname = %s", (name,)
            ).fetchone()
        assert found == (0,)
