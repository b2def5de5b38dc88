"""The synthetic 837P claims and interchanges: seeded, valid, refusing impossible layouts."""

from __future__ import annotations

import io

import pytest

from medoffice.adapters.formats.x12 import Delimiters, write_837p
from medoffice.kernel import InvalidArgument
from medoffice.testing import SYNTHETIC_SUBMISSION, generate_837p, synthetic_claims


class TestDeterminism:
    def test_the_same_seed_gives_the_same_bytes(self) -> None:
        """Two runs with one seed are byte-identical; another seed differs."""
        assert generate_837p(20, seed=4) == generate_837p(20, seed=4)
        assert generate_837p(20, seed=4) != generate_837p(20, seed=5)

    def test_writing_to_a_stream_gives_the_generated_bytes(self) -> None:
        """write_837p streams exactly what generate_837p returns and says how much."""
        stream = io.BytesIO()
        written = write_837p(stream, synthetic_claims(300, seed=2), submission=SYNTHETIC_SUBMISSION)
        assert stream.getvalue() == generate_837p(300, seed=2)
        assert written == len(stream.getvalue())


class TestLayout:
    def test_claims_are_split_into_transaction_sets(self) -> None:
        """claims_per_transaction bounds each ST ... SE."""
        data = generate_837p(7, seed=1, claims_per_transaction=3)
        assert data.count(b"ST*837*") == 3
        assert data.count(b"CLM*") == 7

    def test_line_breaks_follow_each_terminator(self) -> None:
        """With CRLF every segment ends its own line."""
        data = generate_837p(2, seed=1, line_break="\r\n")
        assert all(line.endswith(b"~") for line in data.split(b"\r\n") if line)

    @pytest.mark.parametrize(
        ("delimiters", "line_break"),
        [
            (Delimiters(element="*", component="*"), ""),
            (Delimiters(element="A"), ""),
            (Delimiters(segment="-"), ""),
            (Delimiters(), "\t"),
        ],
    )
    def test_impossible_layouts_are_refused(self, delimiters: Delimiters, line_break: str) -> None:
        """Clashing or alphanumeric delimiters, and odd line breaks, raise InvalidArgument."""
        with pytest.raises(InvalidArgument):
            generate_837p(1, delimiters=delimiters, line_break=line_break)

    @pytest.mark.parametrize("claims", [0, -1])
    def test_an_interchange_without_claims_is_refused(self, claims: int) -> None:
        """An 837P holds at least one claim."""
        with pytest.raises(InvalidArgument):
            generate_837p(claims)
