"""The compiled PTP cache: reused while the source is unchanged, rebuilt otherwise."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from medoffice.coding.ncci import load_ptp

FIXTURES = Path(__file__).parents[1] / "fixtures"


@pytest.fixture
def source(tmp_path: Path) -> Path:
    target = tmp_path / "src" / "ccipra-v321r0-f1.txt"
    target.parent.mkdir()
    shutil.copy(FIXTURES / "ccipra-v321r0-f1.txt", target)
    return target


def cache_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("ptp-*.bin"))


class TestCompiledCache:
    def test_a_load_writes_one_cache_file(self, source: Path, tmp_path: Path) -> None:
        """The first load compiles and stores the table in the cache folder."""
        load_ptp(source, cache_dir=tmp_path / "cache")
        assert len(cache_files(tmp_path / "cache")) == 1

    def test_the_cached_table_answers_like_the_parsed_one(
        self, source: Path, tmp_path: Path
    ) -> None:
        """Rows, versions, quarters and problems come back unchanged from the cache."""
        parsed = load_ptp(source, cache=False)
        load_ptp(source, cache_dir=tmp_path / "cache")
        cached = load_ptp(source, cache_dir=tmp_path / "cache")
        assert list(cached.rows()) == list(parsed.rows())
        assert cached.quarters == parsed.quarters
        assert cached.problems == parsed.problems

    def test_a_changed_source_gets_a_new_cache_entry(self, source: Path, tmp_path: Path) -> None:
        """Editing the source makes the old entry stale; the new answer reflects the edit."""
        load_ptp(source, cache_dir=tmp_path / "cache")
        source.write_bytes(source.read_bytes().replace(b"81164", b"81160"))
        table = load_ptp(source, cache_dir=tmp_path / "cache")
        assert table.edit("0001U", "81160", on=date(2026, 5, 1)) is not None
        assert len(cache_files(tmp_path / "cache")) == 2

    def test_a_corrupt_cache_file_is_rebuilt(self, source: Path, tmp_path: Path) -> None:
        """A cache file cut in half is ignored and rewritten from the source."""
        load_ptp(source, cache_dir=tmp_path / "cache")
        (entry,) = cache_files(tmp_path / "cache")
        entry.write_bytes(entry.read_bytes()[: entry.stat().st_size // 2])
        table = load_ptp(source, cache_dir=tmp_path / "cache")
        assert len(table) == 2
        assert len(load_ptp(source, cache_dir=tmp_path / "cache")) == 2

    def test_the_environment_variable_names_the_default_folder(
        self, source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Without ``cache_dir``, ``MEDOFFICE_CACHE_DIR`` decides where the cache goes."""
        monkeypatch.setenv("MEDOFFICE_CACHE_DIR", str(tmp_path / "env-cache"))
        load_ptp(source)
        assert len(cache_files(tmp_path / "env-cache")) == 1

    def test_an_unwritable_cache_folder_does_not_stop_a_load(
        self, source: Path, tmp_path: Path
    ) -> None:
        """A cache folder that is really a file only costs speed."""
        blocker = tmp_path / "not-a-folder"
        blocker.write_text("x")
        assert len(load_ptp(source, cache_dir=blocker)) == 2
