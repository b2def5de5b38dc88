"""837P reading benchmarks: MB/s over a ~10 MB synthetic interchange, and pyx12 side by side.

Target: reading (tokenizing, envelope and loop checks, building every claim) at 25 MB/s or more.
Each test records its speed as ``MB/s`` (from the median round) in ``extra_info``; the tokenizer
and placement tests measure the floors under the full reader in the same run. The same file is
read by pyx12 (the optional ``x12`` extra) in two ways, for the ratio: its raw segment reader
alone, and its full TR3 validation (what ``--strict-x12`` adds).
"""

from __future__ import annotations

import io
import logging
from pathlib import Path

import pytest
from pytest_benchmark.fixture import BenchmarkFixture

from medoffice.adapters.formats.x12 import X12Claim, read_837p, segments, write_837p
from medoffice.adapters.formats.x12._schema import TRANSACTION
from medoffice.adapters.formats.x12._walker import Walker
from medoffice.testing import SYNTHETIC_SUBMISSION, synthetic_claims

# About 450 bytes per synthetic claim: 22,000 claims make a ~10 MB file at scale 1.0.
CLAIMS = 22_000


@pytest.fixture(scope="module")
def interchange(tmp_path_factory: pytest.TempPathFactory, scale: float) -> Path:
    """A synthetic 837P file of max(1, 22,000 x scale) claims on disk."""
    path = tmp_path_factory.mktemp("x12") / "claims.x12"
    with path.open("wb") as stream:
        claims = synthetic_claims(max(1, int(CLAIMS * scale)), seed=837)
        write_837p(stream, claims, submission=SYNTHETIC_SUBMISSION)
    return path


def _megabytes_per_second(benchmark: BenchmarkFixture, path: Path) -> None:
    size = path.stat().st_size
    benchmark.extra_info["bytes"] = size
    stats = getattr(benchmark, "stats", None)
    if stats is not None and stats.stats.median:
        benchmark.extra_info["MB/s"] = round(size / stats.stats.median / 1e6, 2)


def test_read_837p(benchmark: BenchmarkFixture, interchange: Path) -> None:
    """Read every claim of the file with all findings (the full medoffice reader)."""

    def read() -> int:
        return sum(1 for item in read_837p(interchange) if isinstance(item, X12Claim))

    claims = benchmark(read)
    assert claims == interchange.read_bytes().count(b"~CLM*")
    _megabytes_per_second(benchmark, interchange)


def test_tokenize_837p(benchmark: BenchmarkFixture, interchange: Path) -> None:
    """Only split the file into segments (the floor under the full reader)."""

    def tokenize() -> int:
        with interchange.open("rb") as stream:
            return sum(1 for _ in segments(stream))

    assert benchmark(tokenize) > 0
    _megabytes_per_second(benchmark, interchange)


def test_place_837p(benchmark: BenchmarkFixture, interchange: Path) -> None:
    """Split and place every segment in its loop, building nothing (the reader's skeleton)."""

    def place() -> int:
        walker = Walker(TRANSACTION, lambda _: None)
        placed = 0
        with interchange.open("rb") as stream:
            for segment in segments(stream):
                sid = segment.elements[0]
                if sid == "ST":
                    walker.start(segment)
                elif sid == "SE":
                    walker.finish()
                elif sid not in {"ISA", "GS", "GE", "IEA"}:
                    placed += walker.feed(segment) is not None
        return placed

    assert benchmark(place) > 0
    _megabytes_per_second(benchmark, interchange)


def test_pyx12_segment_reader(benchmark: BenchmarkFixture, interchange: Path) -> None:
    """pyx12's raw segment reader over the same file (tokenizing only)."""
    x12file = pytest.importorskip("pyx12.x12file")

    def tokenize() -> int:
        with interchange.open(encoding="latin-1") as stream:
            return sum(1 for _ in x12file.X12Reader(stream))

    assert benchmark.pedantic(tokenize, rounds=3, iterations=1) > 0  # type: ignore[no-untyped-call]
    _megabytes_per_second(benchmark, interchange)


def test_pyx12_full_validation(benchmark: BenchmarkFixture, interchange: Path) -> None:
    """pyx12's full TR3 validation of the same file (slow: one round)."""
    document = pytest.importorskip("pyx12.x12n_document")
    params = pytest.importorskip("pyx12.params")
    logging.getLogger("pyx12").setLevel(logging.CRITICAL + 1)

    def validate() -> bool:
        with interchange.open(encoding="latin-1") as stream:
            result: bool = document.x12n_document(
                params.params(), stream, None, None, None, io.StringIO()
            )
        return result

    assert benchmark.pedantic(validate, rounds=1, iterations=1)  # type: ignore[no-untyped-call]
    _megabytes_per_second(benchmark, interchange)
