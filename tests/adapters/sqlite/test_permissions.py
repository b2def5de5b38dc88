"""The database file is its owner's alone: existing files tightened, symbolic links refused."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from medoffice.adapters.sqlite import open_database
from medoffice.kernel import DatabaseError


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


class TestExistingFiles:
    """A database file (and its -wal and -shm files) that others could read is made 0600."""

    @pytest.mark.parametrize("mode", [0o644, 0o666, 0o640, 0o604])
    def test_a_readable_file_is_tightened(self, tmp_path: Path, mode: int) -> None:
        """An existing database with group or other bits comes back owner-only."""
        path = tmp_path / "office.db"
        open_database(path).close()
        path.chmod(mode)
        with open_database(path) as database:
            database.audit.check_chain()
            assert _mode(path) == 0o600
            for companion in (tmp_path / "office.db-wal", tmp_path / "office.db-shm"):
                if companion.exists():
                    assert _mode(companion) & 0o077 == 0

    def test_a_readable_wal_file_is_tightened(self, tmp_path: Path) -> None:
        """A -wal file left readable by others is tightened before SQLite opens it."""
        path = tmp_path / "office.db"
        open_database(path).close()
        wal = tmp_path / "office.db-wal"
        wal.write_bytes(b"")
        wal.chmod(0o644)
        open_database(path).close()
        assert not wal.exists() or _mode(wal) & 0o077 == 0

    def test_a_file_that_cannot_be_tightened_is_refused(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """When chmod fails (another owner), the open is refused with the mode in the message."""
        path = tmp_path / "office.db"
        open_database(path).close()
        path.chmod(0o644)

        def refuse(self: Path, mode: int) -> None:
            raise PermissionError(1, "Operation not permitted")

        monkeypatch.setattr(Path, "chmod", refuse)
        with pytest.raises(DatabaseError, match="0644"):
            open_database(path)

    def test_a_folder_in_place_of_the_file_is_refused(self, tmp_path: Path) -> None:
        """A directory where the database should be is refused, not opened."""
        (tmp_path / "office.db").mkdir()
        with pytest.raises(DatabaseError, match="not a regular file"):
            open_database(tmp_path / "office.db")


class TestSymbolicLinks:
    """A symbolic link at the database's path is refused, dangling or not; nothing is created."""

    def test_a_link_to_a_database_is_refused(self, tmp_path: Path) -> None:
        """A link to a real database is refused; open the target by its own path instead."""
        real = tmp_path / "real.db"
        open_database(real).close()
        link = tmp_path / "office.db"
        link.symlink_to(real)
        with pytest.raises(DatabaseError, match="symbolic link") as raised:
            open_database(link)
        assert raised.value.file == str(link)

    def test_a_dangling_link_is_refused_and_no_target_created(self, tmp_path: Path) -> None:
        """A link to a missing file does not create that file (with any mode)."""
        target = tmp_path / "elsewhere.db"
        link = tmp_path / "office.db"
        link.symlink_to(target)
        with pytest.raises(DatabaseError, match="symbolic link"):
            open_database(link)
        assert not target.exists()

    def test_a_linked_wal_file_is_refused(self, tmp_path: Path) -> None:
        """A -wal symlink (a way to redirect the log) is refused as well."""
        path = tmp_path / "office.db"
        open_database(path).close()
        (tmp_path / "office.db-wal").symlink_to(tmp_path / "stolen")
        with pytest.raises(DatabaseError, match="symbolic link"):
            open_database(path)
        assert not (tmp_path / "stolen").exists()
