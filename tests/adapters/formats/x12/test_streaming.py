"""Streaming: memory stays flat however many claims the file holds."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

from medoffice.adapters.formats.x12 import X12Claim, read_837p, write_837p
from medoffice.testing import SYNTHETIC_SUBMISSION, synthetic_claims


def _peak_while_reading(path: Path) -> tuple[int, int]:
    tracemalloc.start()
    try:
        claims = sum(
            1 for item in read_837p(path, chunk_size=1 << 14) if isinstance(item, X12Claim)
        )
        return claims, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


class TestFlatMemory:
    def test_four_times_the_claims_needs_no_more_memory(self, tmp_path: Path) -> None:
        """Peak memory reading 800 claims stays within that of 200 claims plus slack."""
        small, large = tmp_path / "small.x12", tmp_path / "large.x12"
        with small.open("wb") as stream:
            write_837p(stream, synthetic_claims(200, seed=1), submission=SYNTHETIC_SUBMISSION)
        with large.open("wb") as stream:
            write_837p(stream, synthetic_claims(800, seed=1), submission=SYNTHETIC_SUBMISSION)
        # A first, untraced reading fills the reader's bounded caches of charges and dates.
        assert sum(1 for _ in read_837p(large)) >= 800
        small_claims, small_peak = _peak_while_reading(small)
        large_claims, large_peak = _peak_while_reading(large)
        assert (small_claims, large_claims) == (200, 800)
        assert large.stat().st_size > 3 * small.stat().st_size
        assert large_peak < small_peak * 1.5 + 64_000
