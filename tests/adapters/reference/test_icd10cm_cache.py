"""The compiled cache: reused when it matches, rebuilt when stale, corrupt or foreign."""

from __future__ import annotations

import hashlib
import marshal
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medoffice.adapters.reference import cache_directory, load_icd10cm
from medoffice.adapters.reference._icd10cm_cache import (
    _MAGIC,
    _header,
    read_cache,
    source_digest,
    write_cache,
)
from medoffice.coding.icd10cm import (
    IcdCodeSet,
    IcdRelease,
    IcdTables,
    ItemKind,
    SourceNode,
    compile_tables,
)


def _cache_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("icd10cm-*.cache"))


class TestReuse:
    def test_the_cache_round_trips_to_an_equal_index(
        self, codes: IcdCodeSet, bundled_cache: Path
    ) -> None:
        """Loading the bundled set from its cache equals the fresh compile."""
        assert _cache_files(bundled_cache)
        assert load_icd10cm(cache_dir=bundled_cache) == codes

    def test_a_second_load_reads_the_cache(self, small_tabular: Path, tmp_path: Path) -> None:
        """The first load writes one cache file; the second leaves it unchanged."""
        first = load_icd10cm(small_tabular, cache_dir=tmp_path)
        (written,) = _cache_files(tmp_path)
        stamp = written.stat().st_mtime_ns
        assert load_icd10cm(small_tabular, cache_dir=tmp_path) == first
        assert written.stat().st_mtime_ns == stamp

    def test_no_temporary_file_is_left_behind(self, small_tabular: Path, tmp_path: Path) -> None:
        """The cache is written through a temporary file that is renamed into place."""
        load_icd10cm(small_tabular, cache_dir=tmp_path)
        assert [p.name for p in tmp_path.iterdir() if p.suffix == ".tmp"] == []


class TestNeverTrusted:
    @pytest.mark.parametrize(
        "damage",
        [
            b"",
            b"not a cache at all",
            b"medoffice-icd10cm-cache\n{}\n",
            b"medoffice-icd10cm-cache\n{broken json\n",
        ],
    )
    def test_a_corrupt_cache_is_rebuilt(
        self, small_tabular: Path, tmp_path: Path, damage: bytes
    ) -> None:
        """A damaged cache file is ignored, the set recompiled, and the cache rewritten."""
        fresh = load_icd10cm(small_tabular, cache_dir=tmp_path)
        (written,) = _cache_files(tmp_path)
        written.write_bytes(damage)
        assert load_icd10cm(small_tabular, cache_dir=tmp_path) == fresh
        assert written.read_bytes() != damage

    def test_a_flipped_payload_byte_is_caught(self, small_tabular: Path, tmp_path: Path) -> None:
        """A payload whose checksum no longer matches is rebuilt, never decoded."""
        fresh = load_icd10cm(small_tabular, cache_dir=tmp_path)
        (written,) = _cache_files(tmp_path)
        blob = bytearray(written.read_bytes())
        blob[-10] ^= 0xFF
        written.write_bytes(bytes(blob))
        assert load_icd10cm(small_tabular, cache_dir=tmp_path) == fresh

    def test_a_cache_of_other_sources_is_not_used(self, tmp_path: Path) -> None:
        """The header names the source hash; another hash reads as no cache."""
        write_cache(tmp_path / "x.cache", {"a": 1}, source="one")
        assert read_cache(tmp_path / "x.cache", source="two") is None

    def test_a_cache_of_another_library_version_is_not_used(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A cache written by another medoffice version reads as no cache."""
        write_cache(tmp_path / "x.cache", {"a": 1}, source="one")
        monkeypatch.setattr("medoffice.adapters.reference._icd10cm_cache.__version__", "9.9.9")
        assert read_cache(tmp_path / "x.cache", source="one") is None

    def test_only_plain_values_are_written(self, tmp_path: Path) -> None:
        """A cache holds builtins only: an object of any class is refused before writing."""
        with pytest.raises(ValueError, match="plain values"):
            write_cache(tmp_path / "x.cache", {"path": Path("/")}, source="one")
        assert not (tmp_path / "x.cache").exists()

    def test_a_cache_holding_code_is_refused(self, tmp_path: Path) -> None:
        """A well-formed file whose payload holds a code object reads as no cache."""
        payload = marshal.dumps({"code": compile("1 + 1", "cache", "eval")})
        header = _header("one", payload)
        (tmp_path / "x.cache").write_bytes(_MAGIC + header + payload)
        assert read_cache(tmp_path / "x.cache", source="one") is None

    def test_a_cache_of_the_wrong_shape_is_rebuilt(
        self, small_tabular: Path, tmp_path: Path
    ) -> None:
        """A sound file for the right sources whose payload is not the tables is rebuilt."""
        fresh = load_icd10cm(small_tabular, cache_dir=tmp_path)
        (written,) = _cache_files(tmp_path)
        source = written.read_bytes().split(b"\n")[1].split()[2].decode()
        payload = fresh.tables.to_payload()
        payload["parents"] = payload["parents"][:-4]  # one item short
        write_cache(written, payload, source=source)
        damaged = written.read_bytes()
        assert load_icd10cm(small_tabular, cache_dir=tmp_path) == fresh
        assert written.read_bytes() != damaged

    def test_an_edited_source_file_gets_a_new_cache(
        self, small_tabular: Path, tmp_path: Path
    ) -> None:
        """Changing the tabular file changes the key, so the old cache is not used."""
        folder = tmp_path / "files"
        folder.mkdir()
        shutil.copy(small_tabular, folder / small_tabular.name)
        shutil.copy(small_tabular.with_name("icd10cm-codes-2025.txt"), folder)
        before = load_icd10cm(folder / small_tabular.name, cache_dir=tmp_path)
        text = (folder / small_tabular.name).read_text(encoding="utf-8")
        edited = text.replace("Type 2 diabetes mellitus</desc>", "Diabetes type 2</desc>")
        (folder / small_tabular.name).write_text(edited, encoding="utf-8")
        after = load_icd10cm(folder / small_tabular.name, cache_dir=tmp_path)
        assert len(_cache_files(tmp_path)) == 2
        item = after.lookup("E11")
        assert item is not None
        assert item.description == "Diabetes type 2"
        assert before != after


class TestSourceDigest:
    def test_the_digest_is_remembered_and_reused(self, small_tabular: Path, tmp_path: Path) -> None:
        """A second digest of unchanged files comes from the memo and equals the first."""
        memo = tmp_path / "sources.memo"
        first = source_digest((small_tabular,), memo=memo)
        assert memo.is_file()
        assert source_digest((small_tabular,), memo=memo) == first
        assert first == hashlib.sha256(small_tabular.read_bytes() + b"\0").hexdigest()

    @pytest.mark.parametrize(
        "junk",
        [
            b"",
            b"[1, 2]",
            b"not a memo",
            marshal.dumps([1, 2]),
            marshal.dumps({"key": 3}),
            marshal.dumps({1: "0" * 64}),
            marshal.dumps(compile("1", "memo", "eval")),
        ],
    )
    def test_a_damaged_memo_is_ignored(
        self, small_tabular: Path, tmp_path: Path, junk: bytes
    ) -> None:
        """A memo that does not parse, or holds the wrong shape, means hashing again."""
        memo = tmp_path / "sources.memo"
        memo.write_bytes(junk)
        expected = hashlib.sha256(small_tabular.read_bytes() + b"\0").hexdigest()
        assert source_digest((small_tabular,), memo=memo) == expected

    def test_a_changed_file_is_hashed_again(self, small_tabular: Path, tmp_path: Path) -> None:
        """Other contents (and so another size or time) give another digest."""
        copy = tmp_path / "tabular.xml"
        shutil.copy(small_tabular, copy)
        memo = tmp_path / "sources.memo"
        before = source_digest((copy,), memo=memo)
        copy.write_text(copy.read_text(encoding="utf-8") + "<!-- edited -->", encoding="utf-8")
        assert source_digest((copy,), memo=memo) != before


class TestWhere:
    def test_the_environment_variable_chooses_the_folder(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """``MEDOFFICE_CACHE_DIR`` overrides the user cache; an argument overrides both."""
        monkeypatch.setenv("MEDOFFICE_CACHE_DIR", str(tmp_path))
        assert cache_directory() == tmp_path
        assert cache_directory(tmp_path / "other") == tmp_path / "other"

    def test_an_unwritable_cache_folder_still_loads(
        self, small_tabular: Path, tmp_path: Path
    ) -> None:
        """When the cache cannot be written the code set is still returned."""
        blocker = tmp_path / "file"
        blocker.write_text("not a folder", encoding="utf-8")
        assert len(load_icd10cm(small_tabular, cache_dir=blocker / "cache")) > 0


_KINDS = st.sampled_from([ItemKind.BLOCK, ItemKind.CATEGORY, ItemKind.SUBCATEGORY])


@st.composite
def _trees(draw: st.DrawFn) -> list[SourceNode]:
    nodes = [SourceNode(kind=ItemKind.CHAPTER, name="1", description="Chapter", parent=-1)]
    for index in range(draw(st.integers(0, 12))):
        nodes.append(
            SourceNode(
                kind=draw(_KINDS),
                name=f"A{index:02d}",
                description=draw(st.text(st.characters(blacklist_characters="\0"), max_size=20)),
                parent=draw(st.integers(0, len(nodes) - 1)),
                seventh=draw(st.sampled_from([(), (("A", "initial"), ("D", "subsequent"))])),
            )
        )
    return nodes


class TestPayload:
    @settings(max_examples=50)
    @given(_trees(), st.sets(st.sampled_from(["A00XXXA", "A01XXXD", "A02XXXA"])))
    def test_the_payload_round_trips_to_equal_tables(
        self, nodes: list[SourceNode], code_list: set[str]
    ) -> None:
        """Any compiled tables survive ``to_payload`` and ``from_payload`` unchanged."""
        tables = compile_tables(nodes, code_list=code_list, release=IcdRelease(fiscal_year=2026))
        assert IcdTables.from_payload(tables.to_payload()) == tables
