"""Reading whole blocks of segments gives exactly what reading each segment on its own gives.

The reader recognises the run of segments most files repeat for each claim (a subscriber's HL
to the claim's last service line) in the text itself and reads it without dispatching each
segment (``_Reader.blocks``). Whatever the file, the items (claims with their findings, and
findings between claims) must be the same, in the same order, as the general path's
(``blocks=False``): for every 837P sample of the test suite and of the reference data, for
synthetic files, and for synthetic files with segments and elements dropped, emptied, added,
moved or changed, other delimiters, cut short, read in small chunks and with few findings kept;
and all of these with line breaks after (or before) the terminators, in every common style or
mixed.
"""

from __future__ import annotations

import io
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

import attrs
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from medoffice.adapters.formats.x12 import X12Claim, _reader, claims_to_837p
from medoffice.adapters.formats.x12._claims import ClaimBuilder
from medoffice.adapters.formats.x12._reader import (
    DEFAULT_X12_LIMITS,
    X12Limits,
    _read_source,
    _Reader,
)
from medoffice.adapters.formats.x12._schema import TRANSACTION, LoopSpec
from medoffice.adapters.formats.x12._tokens import (
    Delimiters,
    NotX12,
    Segment,
    Text,
    lined_segments,
    open_interchange,
    open_texts,
    plain_segments,
    segments,
)
from medoffice.kernel import Finding
from medoffice.testing import SYNTHETIC_SUBMISSION, generate_837p, synthetic_claims

FIXTURES: Final = Path(__file__).parent / "fixtures"
CHUNKS: Final = (1 << 20, 4096, 700, 64)
DELIMITERS: Final = (
    None,
    Delimiters(element="|", component=">", repetition="^", segment="~"),
    Delimiters(element="^", component=":", repetition=None, segment="'"),
    Delimiters(element="*", component="\\", repetition="!", segment="|"),
    Delimiters(element="+", component=":", repetition="*", segment="?"),
)
FEW: Final = X12Limits(max_findings=2)
# What may come around a terminator in a file with line breaks (before it, after it): the common
# styles, and blanks and line breaks the tokenizer takes off a segment in other places.
BREAKS: Final = ("\n", "\r\n")
ODD_BREAKS: Final = (
    ("", ""),
    ("", "\n"),
    ("", "\r\n"),
    ("", "\r"),
    ("", "\n\n"),
    ("", "  \n"),
    ("", "\n\t "),
    ("\r\n", "\r\n"),
    ("\n", ""),
)


def _with_breaks(
    data: bytes, breaks: str | random.Random, choices: tuple[tuple[str, str], ...] = ODD_BREAKS
) -> bytes:
    """``data`` with ``breaks`` after each terminator, or (a random source) with one of
    ``choices`` around each terminator after the ISA header's."""
    try:
        terminator = open_interchange(io.BytesIO(data))[0].segment
    except NotX12:
        return data
    segments = data.decode("latin-1").split(terminator)
    if isinstance(breaks, str):
        return (terminator + breaks).join(segments).encode("latin-1")
    joined = [segments[0], terminator]
    for segment in segments[1:-1]:
        before, after = breaks.choice(choices)
        joined += [after, segment, before, terminator]
    joined.append(segments[-1])
    return "".join(joined).encode("latin-1")


def _items(
    data: bytes | Path,
    *,
    blocks: bool,
    chunk_size: int = 1 << 20,
    limits: X12Limits = DEFAULT_X12_LIMITS,
) -> list[X12Claim | Finding] | str:
    """Everything read, or the error refusing the input."""
    try:
        return list(_read_source(data, chunk_size, limits, blocks=blocks))
    except NotX12 as error:
        return f"NotX12: {error}"


def _same(
    data: bytes | Path, *, chunk_size: int = 1 << 20, limits: X12Limits = DEFAULT_X12_LIMITS
) -> None:
    general = _items(data, blocks=False, chunk_size=chunk_size, limits=limits)
    read = _items(data, blocks=True, chunk_size=chunk_size, limits=limits)
    if isinstance(general, str) or isinstance(read, str):
        assert read == general
        return
    for at, (expected, got) in enumerate(zip(general, read, strict=False)):
        assert got == expected, f"item {at} differs"
    assert len(read) == len(general)


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of segments each block read (0: left to the general path), as it is read."""
    reads: list[int] = []
    block: Callable[..., int] = _Reader._block

    def counting(self: _Reader, *args: Any) -> int:
        read = block(self, *args)
        reads.append(read)
        return read

    monkeypatch.setattr(_Reader, "_block", counting)
    return reads


class TestSamples:
    @pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.x12")), ids=lambda p: p.name)
    @pytest.mark.parametrize("chunk_size", CHUNKS)
    def test_the_fixtures_read_the_same(self, path: Path, chunk_size: int) -> None:
        _same(path, chunk_size=chunk_size)

    @pytest.mark.reference_data
    @pytest.mark.parametrize("chunk_size", CHUNKS)
    def test_the_reference_samples_read_the_same(
        self, reference_data: Path, chunk_size: int
    ) -> None:
        samples = sorted(
            path for path in (reference_data / "x12_837p").rglob("*") if path.suffix != ".md"
        )
        assert len(samples) > 30
        for path in samples:
            if path.is_file():
                _same(path, chunk_size=chunk_size)
                _same(path, chunk_size=chunk_size, limits=FEW)

    @pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.x12")), ids=lambda p: p.name)
    @pytest.mark.parametrize("chunk_size", CHUNKS)
    @pytest.mark.parametrize("breaks", BREAKS, ids=repr)
    def test_the_fixtures_with_line_breaks_read_the_same(
        self, path: Path, chunk_size: int, breaks: str
    ) -> None:
        _same(_with_breaks(path.read_bytes(), breaks), chunk_size=chunk_size)

    @pytest.mark.reference_data
    @pytest.mark.parametrize("chunk_size", CHUNKS)
    @pytest.mark.parametrize("breaks", [*BREAKS, "mixed"])
    def test_the_reference_samples_with_line_breaks_read_the_same(
        self, reference_data: Path, chunk_size: int, breaks: str
    ) -> None:
        samples = sorted(
            path for path in (reference_data / "x12_837p").rglob("*") if path.suffix != ".md"
        )
        for number, path in enumerate(samples):
            if path.is_file():
                style = random.Random(number) if breaks == "mixed" else breaks
                data = _with_breaks(path.read_bytes(), style)
                _same(data, chunk_size=chunk_size)
                _same(data, chunk_size=chunk_size, limits=FEW)


class TestSynthetic:
    @pytest.mark.parametrize("delimiters", DELIMITERS)
    def test_a_synthetic_file_is_read_by_blocks_and_the_same(
        self, delimiters: Delimiters | None, counted: list[int]
    ) -> None:
        data = generate_837p(300, seed=9, delimiters=delimiters, claims_per_transaction=120)
        _same(data)
        blocks = [read for read in counted if read]
        assert len(blocks) > 280  # all but the first few, while the moves are learnt
        assert sum(counted) > 0.9 * data.count(delimiters.segment.encode() if delimiters else b"~")

    def test_sets_not_read_are_passed_over_the_same(self, counted: list[int]) -> None:
        # An 837I's HL segments are passed over with the rest of the set, not tried as blocks;
        # the 837P after it is read by blocks.
        institutional = generate_837p(30, seed=5, claims_per_transaction=10).replace(
            b"*005010X222A1~", b"*005010X223A2~"
        )
        body = generate_837p(30, seed=6)
        data = institutional[: institutional.index(b"GE*")] + body[body.index(b"ST*") :]
        _same(data)
        _same(data, chunk_size=700)
        assert counted
        assert sum(counted) > 0.8 * body.count(b"~")

    @pytest.mark.parametrize("delimiters", DELIMITERS)
    @pytest.mark.parametrize("breaks", BREAKS, ids=repr)
    def test_a_file_with_line_breaks_is_read_by_blocks_and_the_same(
        self, delimiters: Delimiters | None, breaks: str, counted: list[int]
    ) -> None:
        data = generate_837p(
            300, seed=9, delimiters=delimiters, claims_per_transaction=120, line_break=breaks
        )
        _same(data)
        assert len([read for read in counted if read]) > 280
        assert sum(counted) > 0.9 * data.count(breaks.encode())

    def test_a_file_with_mixed_line_breaks_is_read_by_blocks_and_the_same(
        self, counted: list[int]
    ) -> None:
        # Some segments followed by a line break (of either style), some not.
        plain = generate_837p(300, seed=7, claims_per_transaction=120)
        common = (("", ""), ("", "\n"), ("", "\r\n"))
        data = _with_breaks(plain, random.Random(1), common)
        assert data.count(b"~\r\n") > 1000
        assert data.count(b"~\n") > 1000
        assert data.count(b"~") - data.count(b"~\r\n") - data.count(b"~\n") > 1000
        _same(data)
        assert len([read for read in counted if read]) > 280
        counted.clear()
        for chunk_size in CHUNKS[1:]:
            _same(data, chunk_size=chunk_size)
        # With a segment keeping a line break before its terminator, its block is read by the
        # general path (the tokenizer takes the line break off the segment).
        odd = _with_breaks(plain, random.Random(2), (*common * 30, ("\n", "")))
        _same(odd)
        _same(odd, chunk_size=700)
        assert counted

    def test_a_file_with_line_breaks_in_one_part_only_reads_the_same(
        self, counted: list[int]
    ) -> None:
        data = generate_837p(3000, seed=3, claims_per_transaction=120)
        half = data.index(b"~", len(data) // 2) + 1
        lined = data[:half] + data[half:].replace(b"~", b"~\r\n")
        _same(lined)
        # Both halves are read by blocks.
        assert sum(counted) > 0.9 * data.count(b"~")
        for chunk_size in CHUNKS[1:]:
            _same(lined, chunk_size=chunk_size)

    def test_a_line_break_split_across_chunks_reads_the_same(self, counted: list[int]) -> None:
        data = generate_837p(30, seed=11, line_break="\r\n")
        split = 0
        for chunk_size in range(600, 640):
            if data[chunk_size - 1 : len(data) - 1 : chunk_size].count(b"\r"):
                split += 1
            _same(data, chunk_size=chunk_size)
        assert split > 5  # chunks ending between the CR and the LF of a line break
        assert len([read for read in counted if read > 1]) > 100

    @pytest.mark.parametrize("breaks", ["", *BREAKS, "blanks"], ids=repr)
    def test_the_segments_a_block_reads_are_the_tokenizers(
        self, monkeypatch: pytest.MonkeyPatch, breaks: str, counted: list[int]
    ) -> None:
        # Offsets never show in claims or findings: each segment a block makes (where a value is
        # not known yet) is checked against the tokenizer's, position, offset and elements.
        data = generate_837p(40, seed=2, line_break="" if breaks == "blanks" else breaks)
        if breaks == "blanks":
            blanks = (("", "\n"), ("", "\r\n"), ("", "  \n"), ("", "\n\t "), ("", " "))
            data = _with_breaks(data, random.Random(3), blanks)
        made: list[Segment] = []
        work = _Reader._work

        def recording(self: _Reader, move: Any, segment: Segment) -> None:
            made.append(segment)
            work(self, move, segment)

        monkeypatch.setattr(_Reader, "_work", recording)
        list(_read_source(data, 1 << 20, DEFAULT_X12_LIMITS, blocks=True))
        tokens = list(segments(io.BytesIO(data)))
        assert len([read for read in counted if read > 1]) > 20
        assert len(made) > 200
        for segment in made:
            assert segment == tokens[segment.position - 1]

    @pytest.mark.parametrize("chunk_size", CHUNKS)
    def test_blocks_across_chunks_read_the_same(self, chunk_size: int) -> None:
        _same(generate_837p(60, seed=4, claims_per_transaction=25), chunk_size=chunk_size)

    @pytest.mark.parametrize("line_break", ["", "\r\n"], ids=repr)
    def test_the_count_of_subscribers_reaching_its_limit_reads_the_same(
        self, monkeypatch: pytest.MonkeyPatch, counted: list[int], line_break: str
    ) -> None:
        # 2000B repeats practically without limit (counted exactly by the walker). With a limit
        # of 1001, the HL of subscriber 1001 moves to the state where the limit is reached: the
        # block reads that HL only and leaves the rest to the general path; the next HL repeats
        # the loop once too often (a finding).
        monkeypatch.setattr(_reader, "TRANSACTION", _with_limit(TRANSACTION, "2000B", 1001))
        data = generate_837p(1003, seed=8, line_break=line_break)
        _same(data)
        assert 1 in counted
        findings = [item for item in _items(data, blocks=True) if isinstance(item, Finding)]
        assert [finding.message for finding in findings] == [
            "loop 2000B repeats more than 1001 times",
            "loop 2000B repeats more than 1001 times",
        ]


def _with_limit(loop: LoopSpec, name: str, limit: int) -> LoopSpec:
    children = tuple(_with_limit(child, name, limit) for child in loop.children)
    repeat = limit if loop.name == name else loop.max_repeat
    return attrs.evolve(loop, children=children, max_repeat=repeat)


# Mutations of one segment: (kind, the segment: its id and which of them, element, text).
_IDS: Final = ("HL", "SBR", "NM1", "N3", "N4", "DMG", "CLM", "HI", "PRV", "LX", "SV1", "DTP", "")
_TEXTS: Final = st.sampled_from(
    [
        "",
        "X",
        "1",
        "2",
        "22",
        "20",
        "IL",
        "D8",
        "RD8",
        "472",
        "20260230",
        "2026010",
        "20260101-20251231",
        "HC:99213:25:XX",
        "ABK:",
        "ZZ:1",
        "1:2:13:4:5",
        "99999999999.999",
        "-5",
        "A" * 61,
        "0" * 81,
    ]
)
_MUTATION: Final = st.tuples(
    st.sampled_from(["drop", "twice", "swap", "unknown", "cut", "empty", "extra", "set", "id"]),
    st.sampled_from(_IDS),
    st.integers(0, 10_000),
    st.integers(0, 12),
    _TEXTS,
)


def _mutate(segments: list[str], element: str, mutation: tuple[str, str, int, int, str]) -> None:
    kind, sid, index, position, text = mutation
    # Never the ISA header; a segment of the id, when there is one.
    found = [at for at, segment in enumerate(segments) if segment.startswith(sid + element)]
    at = found[index % len(found)] if sid and found else 1 + index % (len(segments) - 1)
    elements = segments[at].split(element)
    position = 1 + position % len(elements)  # an element of the segment, or the one after
    if kind == "drop":
        del segments[at]
    elif kind == "twice":
        segments.insert(at, segments[at])
    elif kind == "swap" and at + 1 < len(segments):
        segments[at], segments[at + 1] = segments[at + 1], segments[at]
    elif kind == "unknown":
        segments.insert(at, f"ZZ9{element}{text}")
    elif kind == "id":
        segments[at] = element.join([text[:3] or "HL", *elements[1:]])
    elif kind in {"cut", "empty", "set"} and position < len(elements):
        if kind == "cut":
            del elements[position:]
        else:
            elements[position] = "" if kind == "empty" else text
        segments[at] = element.join(elements)
    elif kind == "extra":
        segments[at] = element.join([*elements, *[""] * (position % 3), text])


@st.composite
def files(draw: st.DrawFn) -> bytes:
    """A synthetic 837P with other delimiters, mutated segments, maybe cut short."""
    delimiters = draw(st.sampled_from(DELIMITERS))
    # A few claims, repeated as a day's batch repeats its visits: their segments recur, and
    # are read as known after their first time.
    claims = list(synthetic_claims(draw(st.integers(1, 6)), seed=draw(st.integers(0, 10**6))))
    data = claims_to_837p(
        claims * draw(st.integers(1, 8)),
        submission=SYNTHETIC_SUBMISSION,
        delimiters=delimiters,
        claims_per_transaction=draw(st.integers(1, 30)),
    )
    terminator = (delimiters or Delimiters()).segment
    element = data.decode("latin-1")[3]
    segments = data.decode("latin-1").split(terminator)
    for mutation in draw(st.lists(_MUTATION, max_size=6)):
        _mutate(segments, element, mutation)
    mutated = terminator.join(segments).encode("latin-1")
    breaks = draw(st.sampled_from(["", *BREAKS, "mixed"]))
    if breaks:
        style = random.Random(draw(st.integers(0, 10**6))) if breaks == "mixed" else breaks
        mutated = _with_breaks(mutated, style)
    if draw(st.integers(0, 4)) == 0:
        mutated = mutated[: draw(st.integers(107, len(mutated)))]
    return mutated


class TestMutated:
    @settings(max_examples=300)
    @given(
        data=files(),
        chunk_size=st.sampled_from(CHUNKS),
        limits=st.sampled_from([DEFAULT_X12_LIMITS, FEW]),
    )
    def test_blocks_read_what_segments_read(
        self, data: bytes, chunk_size: int, limits: X12Limits
    ) -> None:
        _same(data, chunk_size=chunk_size, limits=limits)


class TestTexts:
    @pytest.mark.parametrize("delimiters", DELIMITERS)
    @pytest.mark.parametrize("chunk_size", CHUNKS)
    @pytest.mark.parametrize("line_break", ["", "\n", "\r\n"])
    def test_texts_hold_the_segments_the_tokenizer_reads(
        self, delimiters: Delimiters | None, chunk_size: int, line_break: str
    ) -> None:
        data = generate_837p(12, seed=3, delimiters=delimiters, line_break=line_break)
        data += b"  " + data.split(b"\n")[-1][:40]  # blanks, and a last segment left unfinished
        found, texts = open_texts(io.BytesIO(data), chunk_size=chunk_size)
        read: list[Segment] = []
        for batch in texts:
            if isinstance(batch, Text):
                assert batch.text.endswith(found.segment)
                pieces = batch.text.split(found.segment)[:-1]
                split = lined_segments if batch.lined else plain_segments
                read.extend(split(pieces, batch.before, batch.offset, found.element, 1))
            else:
                read.extend(batch)
        assert read == list(segments(io.BytesIO(data), chunk_size=chunk_size))
        whole = [batch for batch in open_texts(io.BytesIO(data))[1] if isinstance(batch, Text)]
        assert whole
        assert all(text.lined == bool(line_break) for text in whole)


_CLM_NUMBERS: Final = st.sampled_from(["PCN1", "A" * 38] * 3 + ["", "A" * 39])
_CLM_CHARGES: Final = st.sampled_from(["430.00", "430"] * 3 + ["", "4.305", "-5", "1E3", "X"])
_CLM_FACILITIES: Final = st.sampled_from(
    ["11:B:1", "22:B:7:X"] * 3 + ["11:B:", ":B:1", "11:B", "11", "", "11::1"]
)


class TestClaimReadAtOnce:
    @settings(max_examples=300)
    @given(
        _CLM_NUMBERS,
        _CLM_CHARGES,
        _CLM_FACILITIES,
        st.lists(st.sampled_from(["", "Y", "A"]), max_size=6),
        st.integers(1, 12) | st.just(99),
    )
    def test_a_clm_read_at_once_is_the_one_its_handler_reads(
        self, number: str, charge: str, facility: str, rest: list[str], length: int
    ) -> None:
        """ClaimBuilder.read_clm reads a CLM as _clm does, or leaves it (False) when _clm would
        report a finding (or its charge was never read before)."""
        elements = ["CLM", number, charge, "", "", facility, *rest][:length]
        general: list[Finding] = []
        handled = ClaimBuilder(lambda _: None, general.append)
        handled._clm(Segment(7, 70, tuple(elements)))
        read = ClaimBuilder(lambda _: None, lambda _: None)
        if read.read_clm(7, elements):
            event("read at once")
            assert handled._claim_findings == []
            assert read._claim == handled._claim
