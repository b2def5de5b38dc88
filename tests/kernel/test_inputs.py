"""Reading untrusted input: each limit and each unreadable case is one UnreadableInput."""

from __future__ import annotations

from pathlib import Path

import pytest

from medoffice.adapters.formats.inputs import read_input
from medoffice.kernel import InvalidValue
from medoffice.kernel.inputs import (
    InputLimits,
    UnreadableInput,
    decode_text,
    parse_json,
    parse_toml,
)


class TestLimits:
    @pytest.mark.parametrize("value", [0, -1, True])
    def test_a_limit_is_a_positive_whole_number(self, value: int) -> None:
        """Zero, negative or boolean limits cannot exist."""
        with pytest.raises(InvalidValue):
            InputLimits(max_depth=value)

    def test_a_document_larger_than_the_limit_is_refused(self) -> None:
        """Text over max_bytes is refused before it is parsed."""
        with pytest.raises(UnreadableInput, match="larger than"):
            parse_json("[1, 2, 3]", limits=InputLimits(max_bytes=4))

    def test_nesting_inside_strings_does_not_count(self) -> None:
        """Brackets in a string are text, not nesting."""
        assert parse_json('{"a": "' + "[" * 500 + '"}') == {"a": "[" * 500}

    def test_deep_toml_is_refused(self) -> None:
        """A TOML array nested past max_depth is refused like a JSON one."""
        with pytest.raises(UnreadableInput, match="nested deeper"):
            parse_toml("a = " + "[" * 80 + "]" * 80)


class TestUnreadable:
    def test_a_missing_file_names_itself(self, tmp_path: Path) -> None:
        """A file that cannot be opened: its name and the system's reason."""
        with pytest.raises(UnreadableInput) as caught:
            read_input(tmp_path / "none.json")
        assert caught.value.source.endswith("none.json")
        assert "no such file" in caught.value.problem

    def test_text_that_is_not_utf8(self) -> None:
        """Latin-1 bytes are not UTF-8 text."""
        with pytest.raises(UnreadableInput, match="not UTF-8"):
            decode_text(b"caf\xe9", source="x.toml")

    def test_a_byte_order_mark_is_dropped(self) -> None:
        """UTF-8 with a BOM reads as its text."""
        assert decode_text(b"\xef\xbb\xbfa = 1") == "a = 1"

    @pytest.mark.parametrize("data", [b"\xff\xfe{\x00", b"\x00\x00\xfe\xff"])
    def test_json_bytes_that_are_no_text(self, data: bytes) -> None:
        """Bytes no JSON encoding decodes: refused, not a UnicodeDecodeError."""
        with pytest.raises(UnreadableInput):
            parse_json(data)

    def test_invalid_json_says_where(self) -> None:
        """The parser's reason and position, never the text itself."""
        with pytest.raises(UnreadableInput, match="line 1, column 2"):
            parse_json("[secret")

    def test_invalid_toml(self) -> None:
        """A TOML syntax error is an UnreadableInput."""
        with pytest.raises(UnreadableInput, match="not valid TOML"):
            parse_toml("a = = 1", source="p.toml")

    def test_the_error_is_one_line_naming_the_source(self) -> None:
        """str() is 'source: problem'."""
        error = UnreadableInput("claims.json", "nested deeper than 64 levels")
        assert str(error) == "claims.json: nested deeper than 64 levels"
