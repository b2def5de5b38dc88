"""When the file fails (full disk, size limit, read-only, locked): DatabaseError, nothing lost."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest

from medoffice.adapters.sqlite import SqliteDatabase, open_database
from medoffice.budget._ledger import Leg, Transaction
from medoffice.kernel import DatabaseError, DateRange, Money
from medoffice.testing._audit_contracts import sample_event


def _transaction(number: int) -> Transaction:
    return Transaction(
        id=f"T-{number}",
        on=date(2026, 3, 2),
        legs=(
            Leg(account="6100", amount=Money.of("10.00", "USD")),
            Leg(account="2000", amount=Money.of("-10.00", "USD")),
        ),
    )


def _fill_until_full(database: SqliteDatabase, start: int) -> tuple[int, DatabaseError]:
    """Append events until the database refuses; the number appended and the refusal."""
    for number in range(start, start + 100_000):
        try:
            database.audit.append(sample_event(f"a-{number}", minutes=number % 600))
        except DatabaseError as error:
            return number - start, error
    raise AssertionError("the database never filled")  # pragma: no cover


class TestAFullDisk:
    """A full database (PRAGMA max_page_count stands in for the disk) refuses; nothing is lost."""

    def test_a_write_that_does_not_fit_is_a_database_error(self, tmp_path: Path) -> None:
        """The error names the file, the operation and the problem; earlier events stay."""
        path = tmp_path / "office.db"
        with open_database(path) as database:
            pages = database.connection().execute("PRAGMA page_count").fetchone()[0]
            database.connection().execute(f"PRAGMA max_page_count = {pages + 2}")
            appended, error = _fill_until_full(database, 0)
            assert appended > 0
            assert error.file == str(path)
            assert error.operation == "audit.append"
            assert "full" in error.problem
            assert [e.record_id for e in database.audit.events()] == [
                f"a-{n}" for n in range(appended)
            ]
            database.connection().execute("PRAGMA max_page_count = 1073741823")
            database.audit.append(sample_event("after"))
            assert database.audit.check_chain().ok
        with open_database(path) as database:
            assert len(list(database.audit.events())) == appended + 1
            assert database.integrity_check() == "ok"

    @pytest.mark.parametrize("carry_on", [True, False])
    def test_a_unit_of_work_that_fills_the_disk_commits_nothing(
        self, tmp_path: Path, carry_on: bool
    ) -> None:
        """A unit whose write fails commits none of its writes, even if the caller carries on."""
        with open_database(tmp_path / "office.db") as database:
            database.postings.append(_transaction(0))
            connection = database.connection()
            pages = connection.execute("PRAGMA page_count").fetchone()[0]
            connection.execute(f"PRAGMA max_page_count = {pages + 1}")

            def fill_in_one_unit() -> None:
                with database.unit_of_work() as uow:
                    uow.postings.append(_transaction(1))
                    try:
                        for number in range(2, 5_000):
                            uow.postings.append(_transaction(number))
                    except DatabaseError:
                        if carry_on:
                            uow.postings.append(_transaction(9_999))

            with pytest.raises(DatabaseError) as raised:
                fill_in_one_unit()
            expected = "only roll back" if carry_on else "nothing of it was committed"
            assert expected in str(raised.value)
            connection.execute("PRAGMA max_page_count = 1073741823")
            year = DateRange(date(2026, 1, 1), date(2026, 12, 31))
            assert {p.transaction for p in database.postings.postings(year)} == {"T-0"}


class TestAFileSizeLimit:
    """A process over its file-size limit (RLIMIT_FSIZE) gets a DatabaseError, not a crash."""

    @pytest.mark.skipif(sys.platform == "win32", reason="POSIX resource limits")
    def test_the_limit_is_reported_and_the_file_stays_sound(self, tmp_path: Path) -> None:
        """A child process limited to 256 KiB files stops with DatabaseError; the file checks ok."""
        path = tmp_path / "office.db"
        open_database(path).close()
        script = textwrap.dedent(
            f"""
            import resource, signal
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (256 * 1024, 256 * 1024))
            from medoffice.adapters.sqlite import open_database
            from medoffice.kernel import DatabaseError
            from medoffice.testing._audit_contracts import sample_event
            database = open_database({str(path)!r})
            try:
                for number in range(100_000):
                    database.audit.append(sample_event(f"a-{{number}}"))
            except DatabaseError as error:
                print("DatabaseError", number, error.operation)
            """
        )
        run = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
        )
        assert run.returncode == 0, run.stderr
        kind, appended, operation = run.stdout.split()
        assert (kind, operation) == ("DatabaseError", "audit.append")
        with open_database(path) as database:
            assert database.integrity_check() == "ok"
            events = list(database.audit.events())
            assert len(events) >= int(appended) - 1
            assert database.audit.check_chain().ok


class TestAReadOnlyDatabase:
    """A database opened read-only (mode=ro) reads, refuses writes and is never changed."""

    def test_reads_work_and_writes_are_refused(self, tmp_path: Path) -> None:
        """An append on a read-only database is a DatabaseError naming read-only."""
        path = tmp_path / "office.db"
        with open_database(path) as database:
            database.audit.append(sample_event("a-1"))
        before = path.read_bytes()
        with open_database(path, read_only=True) as database:
            assert [e.record_id for e in database.audit.events()] == ["a-1"]
            with pytest.raises(DatabaseError, match="read-only") as raised:
                database.audit.append(sample_event("a-2"))
            assert raised.value.operation == "audit.append"
        assert path.read_bytes() == before

    def test_an_older_schema_is_not_migrated_read_only(self, tmp_path: Path) -> None:
        """A read-only open of a database that needs migrating says so."""
        path = tmp_path / "office.db"
        open_database(path).close()
        raw = sqlite3.connect(path)
        raw.execute("PRAGMA user_version = 1")
        raw.close()
        with pytest.raises(DatabaseError, match="migrate"):
            open_database(path, read_only=True)

    def test_a_missing_file_is_not_created_read_only(self, tmp_path: Path) -> None:
        """Opening a missing file read-only is refused and creates nothing."""
        with pytest.raises(DatabaseError, match="no database file"):
            open_database(tmp_path / "none.db", read_only=True)
        assert not (tmp_path / "none.db").exists()


class TestALockedDatabase:
    """A writer that waits past the busy timeout gets a DatabaseError and can try again."""

    def test_a_lock_held_too_long_is_reported_then_released(self, tmp_path: Path) -> None:
        """While another connection holds the write lock, an append fails; afterwards it works."""
        path = tmp_path / "office.db"
        with open_database(path, busy_timeout=0.05) as database:
            holder = sqlite3.connect(path, isolation_level=None)
            holder.execute("BEGIN IMMEDIATE")
            with pytest.raises(DatabaseError, match="locked") as raised:
                database.audit.append(sample_event("a-1"))
            assert raised.value.operation == "audit.append"
            holder.execute("ROLLBACK")
            holder.close()
            database.audit.append(sample_event("a-2"))
            assert [e.record_id for e in database.audit.events()] == ["a-2"]

    @pytest.mark.parametrize("timeout", [-1, 4000, "soon", True])
    def test_a_bad_busy_timeout_is_refused(self, tmp_path: Path, timeout: object) -> None:
        """The busy timeout is a number of seconds between 0 and an hour."""
        with pytest.raises(ValueError, match="busy_timeout"):
            open_database(tmp_path / "office.db", busy_timeout=timeout)  # type: ignore[arg-type]
