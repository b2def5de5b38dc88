"""The compiled PTP cache: reused while the source is unchanged, rebuilt otherwise."""

from __future__ import annotations

import shutil
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medoffice.adapters.reference import load_ptp
from medoffice.adapters.reference._ptp_cache import decode_cache, read_cache, write_cache
from medoffice.coding.ncci import PtpTable, PtpTableBuilder, Quarter

FIXTURES = Path(__file__).parent / "fixtures"


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

    def test_no_single_bit_flip_in_the_cache_changes_an_answer(
        self, source: Path, tmp_path: Path
    ) -> None:
        """Every one-bit flip of the cache file is caught and rebuilt: the edits stay the same.

        Without a checksum, one flipped bit in an effective date dropped an NCCI-PTP-1 edit with
        no warning.
        """
        parsed = load_ptp(source, cache=False)
        expected = list(parsed.rows())
        load_ptp(source, cache_dir=tmp_path / "cache")
        (entry,) = cache_files(tmp_path / "cache")
        original = entry.read_bytes()
        for position in range(len(original)):
            for bit in (0x01, 0x80):
                damaged = bytearray(original)
                damaged[position] ^= bit
                assert decode_cache(bytes(damaged)) is None, (position, bit)  # never used
                if position % 97 == 0:  # and rebuilt by the loader (a sample: it is slower)
                    entry.write_bytes(bytes(damaged))
                    table = load_ptp(source, cache_dir=tmp_path / "cache")
                    assert list(table.rows()) == expected, (position, bit)
                    assert entry.read_bytes() == original

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


ROWS = st.lists(
    st.tuples(
        st.sampled_from(["10060", "12002", "0001U", "G0438"]),
        st.sampled_from(["99213", "12001", "81164"]),
        st.dates(min_value=date(1996, 1, 1), max_value=date(2026, 12, 31)),
        st.none() | st.dates(min_value=date(1996, 1, 1), max_value=date(2030, 12, 31)),
        st.sampled_from([0, 1, 9]),
        st.sampled_from(["", "Mutually exclusive procedures", "CPT\u00ae Manual"]),
    ),
    max_size=30,
)


class TestCacheFormat:
    @given(
        rows=ROWS,
        quarter=st.none() | st.builds(Quarter, st.integers(2000, 2030), st.integers(1, 4)),
    )
    def test_any_table_comes_back_from_the_cache_unchanged(
        self,
        rows: list[tuple[str, str, date, date | None, int, str]],
        quarter: Quarter | None,
    ) -> None:
        """Writing compiled columns and reading them back gives the same rows and labels."""
        builder = PtpTableBuilder(version="v", quarter=quarter)
        for first, second, effective, deleted, indicator, rationale in rows:
            builder.add(
                first,
                second,
                effective=effective,
                deleted=deleted,
                indicator=indicator,
                rationale=rationale,
            )
        columns = builder.build()
        with tempfile.TemporaryDirectory() as folder:
            target = Path(folder) / "ptp.bin"
            write_cache(target, [columns])
            restored = read_cache(target)
        assert restored is not None
        assert list(PtpTable(restored).rows()) == list(PtpTable.of(columns).rows())
        assert restored[0].quarter == quarter

    def test_a_file_that_is_not_a_cache_reads_as_missing(self, tmp_path: Path) -> None:
        """Foreign bytes are no cache: the loader rebuilds instead of trusting them."""
        target = tmp_path / "ptp.bin"
        target.write_bytes(b"something else entirely")
        assert read_cache(target) is None
        assert read_cache(tmp_path / "absent.bin") is None
