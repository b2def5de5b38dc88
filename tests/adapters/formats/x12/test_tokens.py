"""The tokenizer: delimiters from the ISA header, segments with positions, streaming."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medoffice.adapters.formats.x12 import Delimiters, NotX12, read_delimiters, segments
from medoffice.kernel import InvalidArgument, InvalidValue
from medoffice.testing import generate_837p

ISA = (
    "ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       "
    "*260301*1200*^*00501*000000001*0*T*:~"
)


class TestDelimiters:
    def test_standard_header_declares_star_colon_caret_tilde(self) -> None:
        """The usual header gives * for elements, : for components, ^ repeats, ~ ends."""
        assert read_delimiters(ISA) == Delimiters(
            element="*", component=":", repetition="^", segment="~"
        )

    def test_any_declared_characters_are_used(self) -> None:
        """Other characters declared in the header are honoured."""
        header = ISA.replace("*", "|").replace("^", "{").replace(":~", "}\n")
        assert read_delimiters(header) == Delimiters(
            element="|", component="}", repetition="{", segment="\n"
        )

    def test_a_version_4010_header_has_no_repetition_separator(self) -> None:
        """ISA11 holding the letter U (version 00401 and older) means no repetition separator."""
        assert read_delimiters(ISA.replace("*^*", "*U*")).repetition is None

    def test_an_unpadded_header_is_read_by_counting_elements(self) -> None:
        """A header whose fields are not padded still yields its delimiters."""
        header = "ISA*00**00**ZZ*S*ZZ*R*260301*1200*^*00501*000000001*0*T*>!"
        header += "GS*HC" + " " * 60
        assert read_delimiters(header).component == ">"
        assert read_delimiters(header).segment == "!"

    @pytest.mark.parametrize("text", ["", "ISA", "GS*HC*A*B~" * 20, "ISAX" + "0" * 120])
    def test_a_header_that_cannot_be_read_is_not_x12(self, text: str) -> None:
        """Truncated or malformed headers raise NotX12, a kind of InvalidValue."""
        with pytest.raises(InvalidValue):
            read_delimiters(text)


class TestSegments:
    def test_positions_are_one_based_and_offsets_are_bytes(self) -> None:
        """The ISA is segment 1 at byte 0; line breaks after terminators are skipped."""
        data = (ISA + "\r\nGS*HC*S*R*20260301*1200*1*X*005010X222A1~\r\n").encode()
        found = list(segments(io.BytesIO(data)))
        assert [(s.position, s.offset, s.id) for s in found] == [(1, 0, "ISA"), (2, 108, "GS")]
        assert found[1].get(8) == "005010X222A1"
        assert found[1].get(30) == ""
        assert found[1].path == "segment[2]"

    def test_a_byte_order_mark_and_leading_blank_lines_are_allowed(self) -> None:
        """A UTF-8 BOM and whitespace before the ISA do not make the file unreadable."""
        data = b"\xef\xbb\xbf\n  " + ISA.encode()
        assert [s.id for s in segments(io.BytesIO(data))] == ["ISA"]

    def test_the_last_segment_is_read_without_its_terminator(self) -> None:
        """A final segment missing its terminator is still yielded."""
        data = (ISA + "IEA*1*000000001\n").encode()
        assert [s.elements for s in segments(io.BytesIO(data))][-1] == ("IEA", "1", "000000001")

    @pytest.mark.parametrize(
        "data", [b"", b"{}", b'{"claims": []}', b"\xff\xfe\x00\x00", b"ISB*00*" + b" " * 200]
    )
    def test_input_that_is_not_x12_raises_not_x12(self, data: bytes) -> None:
        """JSON, binary noise and empty files are refused before anything is read."""
        with pytest.raises(NotX12):
            segments(io.BytesIO(data))

    def test_a_text_stream_is_refused_with_a_clear_error(self) -> None:
        """Streams must be binary; a text stream raises InvalidArgument."""
        with pytest.raises(InvalidArgument):
            segments(io.StringIO(ISA))  # type: ignore[arg-type]

    @given(chunk=st.integers(min_value=1, max_value=700), breaks=st.sampled_from(["", "\n"]))
    def test_chunk_size_never_changes_the_segments(self, chunk: int, breaks: str) -> None:
        """Reading in chunks of any size yields exactly the segments of a single read."""
        data = generate_837p(2, seed=1, line_break=breaks)
        whole = list(segments(io.BytesIO(data)))
        assert list(segments(io.BytesIO(data), chunk_size=chunk)) == whole

    @given(st.sampled_from(["\n", "\r\n"]))
    def test_offsets_point_at_the_segment_in_the_file(self, breaks: str) -> None:
        """Each segment's bytes start at its offset."""
        data = generate_837p(1, seed=2, line_break=breaks)
        for segment in segments(io.BytesIO(data)):
            assert data[segment.offset :].startswith(segment.id.encode() + b"*")


class TestLineBreaksDoNotMatter:
    @given(st.integers(min_value=0, max_value=2**16), st.sampled_from(["\n", "\r\n"]))
    def test_a_file_with_line_breaks_splits_like_one_without(self, seed: int, breaks: str) -> None:
        """The same interchange with and without line breaks has the same segments, in order."""
        plain = generate_837p(3, seed=seed)
        broken = generate_837p(3, seed=seed, line_break=breaks)
        rows = [(s.position, s.elements) for s in segments(io.BytesIO(plain), chunk_size=97)]
        again = [(s.position, s.elements) for s in segments(io.BytesIO(broken), chunk_size=97)]
        assert rows == again
