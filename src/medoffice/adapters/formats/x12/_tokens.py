"""The X12 tokenizer: delimiters from the ISA header, then segments in streaming chunks.

An interchange declares its own delimiters in the fixed-length ISA header (106 characters): the
element separator is the fourth character, the repetition separator is ISA11 (from version
00402 on), the component separator is ISA16 and the segment terminator is the character right
after it. Line breaks after terminators are common and ignored. The file is read in chunks and
decoded as Latin-1, so byte offsets stay exact and memory stays flat however long the file is.

>>> import io
>>> data = b"ISA*00*          *00*          *ZZ*A              *ZZ*B              "
>>> data += b"*260301*1200*^*00501*000000001*0*T*:~\\nGS*HC*A*B*20260301*1200*1*X*005010X222A1~"
>>> [(s.position, s.offset, s.id) for s in segments(io.BytesIO(data))]
[(1, 0, 'ISA'), (2, 107, 'GS')]
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from itertools import accumulate, count, repeat
from operator import add
from typing import IO, Final, NamedTuple, final

import attrs

from medoffice.kernel import InvalidArgument, InvalidValue

__all__ = [
    "MAX_SEGMENT",
    "OVERLONG",
    "Delimiters",
    "NotX12",
    "Segment",
    "Text",
    "lined_segments",
    "open_batches",
    "open_interchange",
    "open_texts",
    "plain_segments",
    "read_delimiters",
    "segments",
]

_BOM: Final = b"\xef\xbb\xbf"
_SPACE: Final = b" \t\r\n"
_LINE_BREAKS: Final = " \t\r\n"
_ISA_LENGTH: Final = 106
_CHUNK: Final = 1 << 20
MAX_SEGMENT: Final = 1 << 20
"""The longest segment kept (bytes): no 837P segment comes near it; a longer one is dropped."""
OVERLONG: Final = "\x00OVERLONG"
"""The id of the stand-in for a segment longer than ``max_segment`` (no X12 id looks like it)."""


class NotX12(InvalidValue):
    """The input is not an X12 interchange (it does not start with an ISA header)."""


@final
@attrs.frozen(kw_only=True)
class Delimiters:
    """The four delimiters an interchange declares in its ISA header."""

    element: str = "*"
    component: str = ":"
    repetition: str | None = "^"
    segment: str = "~"


class Segment(NamedTuple):
    """One segment: its 1-based position in the file, its byte offset, and its elements.

    ``elements[0]`` is the segment id, so ``elements[1]`` is the X12 element 01 (``SV101``).
    """

    position: int
    offset: int
    elements: tuple[str, ...]

    @property
    def id(self) -> str:
        """The segment identifier (``CLM``, ``SV1``, ...)."""
        return self.elements[0]

    def get(self, position: int) -> str:
        """Element ``position`` (1-based as in X12), or ``""`` when absent."""
        return self.elements[position] if position < len(self.elements) else ""

    @property
    def path(self) -> str:
        """The finding path of this segment: ``segment[57]``."""
        return f"segment[{self.position}]"


class Text(NamedTuple):
    """A run of whole segments as read, each ending with its terminator, for a reader that
    recognises common runs of segments in the text itself.

    The text has no empty segment, and its ``k``-th character is at byte ``offset + k`` of the
    file. ``before`` is the number of segments before it (the position of its first segment is
    ``before + 1``). Unless ``lined``, it has no line break or leading blank either (see
    ``_plain``) and each segment is its text between two terminators; a ``lined`` text may have
    line breaks and blanks, which the tokenizer takes off each segment (see
    :func:`lined_segments`).
    """

    text: str
    before: int
    offset: int
    lined: bool = False


def plain_segments(
    pieces: list[str], index: int, offset: int, element: str, step: int
) -> Iterator[Segment]:
    """The segments of ``pieces`` (segment texts without terminators, none empty, no line
    breaks), the first at position ``index + 1`` and byte ``offset``; ``step`` is the length of
    the terminator."""
    offsets = accumulate(map(add, map(len, pieces), repeat(step)), initial=offset)
    # Segments are made as they are read, so each dies young (little for the GC to do).
    rows = map(tuple, map(str.split, pieces, repeat(element)))
    return map(_new, repeat(Segment), zip(count(index + 1), offsets, rows))


def lined_segments(
    pieces: list[str], index: int, offset: int, element: str, step: int
) -> Iterator[Segment]:
    """As :func:`plain_segments`, for the pieces of a ``lined`` :class:`Text` (none of only
    blanks and line breaks): each segment without the blanks and line breaks before it and the
    line breaks after it, at the byte where it starts, as the tokenizer reads it."""
    bodies, starts, _ = _unwrapped(pieces, offset, step)
    rows = map(tuple, map(str.split, bodies, repeat(element)))
    return map(_new, repeat(Segment), zip(count(index + 1), starts, rows))


_new: Final = tuple.__new__  # a Segment without the Python-level __new__ of a NamedTuple


def read_delimiters(header: str) -> Delimiters:
    """The delimiters declared by an ISA header (at least 106 characters from ``ISA``)."""
    if not header.startswith("ISA") or len(header) < _ISA_LENGTH:
        raise NotX12("the input does not start with a complete ISA interchange header")
    element = header[3]
    if element.isalnum() or element in _LINE_BREAKS:
        raise NotX12("the ISA header does not declare a usable element separator")
    fixed = header[:_ISA_LENGTH]
    if fixed.count(element) == 16 and fixed[103] == element:
        component, terminator, repetition = fixed[104], fixed[105], fixed[82]
    else:
        # A header whose fields were not padded to their fixed widths: find ISA16 by counting.
        parts = header.split(element, 16)
        if len(parts) < 17 or len(parts[16]) < 2:
            raise NotX12("the ISA header does not have its sixteen elements")
        component, terminator = parts[16][0], parts[16][1]
        repetition = parts[11][:1]
    if element in {terminator, component} or terminator.isalnum():
        raise NotX12("the ISA header declares clashing or unusable delimiters")
    separator = (
        None if (not repetition or repetition.isalnum() or repetition == " ") else repetition
    )
    return Delimiters(
        element=element, component=component, repetition=separator, segment=terminator
    )


def _not_x12(head: bytes, start: int) -> NotX12:
    """The clearest reason why ``head`` does not start an interchange."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"I\x00S\x00A\x00" in head:
        return NotX12(
            "the input is not X12: it is UTF-16 text; save it as 8-bit text (ASCII or UTF-8)"
        )
    if not head[start:].strip():
        return NotX12("the input is empty")
    found = head.find(b"ISA", start)
    if found > 0:
        return NotX12(
            f"the input is not X12: {found - start} bytes of other text come before the ISA segment"
        )
    return NotX12("the input is not X12: it does not start with an ISA segment")


def _start(stream: IO[bytes], chunk_size: int) -> tuple[bytes, int]:
    head = stream.read(chunk_size)
    if not isinstance(head, bytes):
        raise InvalidArgument("an X12 file is read as bytes: open it in binary mode ('rb')")
    while len(head) < 4096:
        more = stream.read(chunk_size)
        if not more:
            break
        head += more
    start = len(_BOM) if head.startswith(_BOM) else 0
    while start < len(head) and head[start] in _SPACE:
        start += 1
    if head[start : start + 3] != b"ISA":
        raise _not_x12(head, start)
    return head, start


def segments(
    stream: IO[bytes], *, chunk_size: int = _CHUNK, max_segment: int = MAX_SEGMENT
) -> Iterator[Segment]:
    """Every segment of a binary stream, read ``chunk_size`` bytes at a time.

    Raises :class:`NotX12` before yielding anything when the stream is not an interchange. A
    segment still without its terminator after ``max_segment`` bytes is not kept: it comes as
    a segment whose id is :data:`OVERLONG` and whose one element is its length in bytes.
    """
    return open_interchange(stream, chunk_size=chunk_size, max_segment=max_segment)[1]


def open_interchange(
    stream: IO[bytes], *, chunk_size: int = _CHUNK, max_segment: int = MAX_SEGMENT
) -> tuple[Delimiters, Iterator[Segment]]:
    """The delimiters of the first ISA header, and an iterator over every segment."""
    delimiters, batches = open_batches(stream, chunk_size=chunk_size, max_segment=max_segment)
    return delimiters, (segment for batch in batches for segment in batch)


def open_batches(
    stream: IO[bytes], *, chunk_size: int = _CHUNK, max_segment: int = MAX_SEGMENT
) -> tuple[Delimiters, Iterator[Iterator[Segment]]]:
    """The delimiters of the first ISA header, and an iterator over the segments of each chunk."""
    head, start = _start(stream, chunk_size)
    text = head.decode("latin-1")
    delimiters = read_delimiters(text[start : start + 512])
    batches = _split(stream, text, start, delimiters, (chunk_size, max_segment), texts=False)
    return delimiters, batches  # type: ignore[return-value]


def open_texts(
    stream: IO[bytes], *, chunk_size: int = _CHUNK, max_segment: int = MAX_SEGMENT
) -> tuple[Delimiters, Iterator[Iterator[Segment] | Text]]:
    """As :func:`open_batches`, but a chunk of whole segments with no empty segment comes as its
    :class:`Text`, for the caller to split (``lined`` when it has line breaks or blanks)."""
    head, start = _start(stream, chunk_size)
    text = head.decode("latin-1")
    delimiters = read_delimiters(text[start : start + 512])
    return delimiters, _split(
        stream, text, start, delimiters, (chunk_size, max_segment), texts=True
    )


def _plain(buffer: str, pieces: list[str], terminator: str) -> bool:
    return (
        "\n" not in buffer
        and "\r" not in buffer
        and "" not in pieces
        and buffer[:1] not in " \t"
        and terminator + " " not in buffer
        and terminator + "\t" not in buffer
    )


def _plain_text(text: str, terminator: str) -> bool:
    """:func:`_plain` for whole segments, each with its terminator, without splitting them."""
    return (
        "\n" not in text
        and "\r" not in text
        and text[:1] not in {terminator, " ", "\t"}
        and _unplain(terminator).search(text) is None
    )


def _lined_text(text: str, terminator: str) -> bool:
    """Whether whole segments, each with its terminator, hold no empty segment (none of only
    blanks and line breaks, which the tokenizer passes over without counting it), with a
    terminator that is not itself a blank or line break."""
    return (
        terminator not in _LINE_BREAKS
        and text.lstrip(_LINE_BREAKS)[:1] != terminator
        and _empty(terminator).search(text) is None
    )


@functools.lru_cache(maxsize=8)
def _empty(terminator: str) -> re.Pattern[str]:
    """A segment of nothing but blanks and line breaks, after the first."""
    escaped = re.escape(terminator)
    return re.compile(f"{escaped}[ \t\r\n]*{escaped}")


@functools.lru_cache(maxsize=8)
def _unplain(terminator: str) -> re.Pattern[str]:
    """An empty segment, or one that starts with a blank (one pass, not three)."""
    escaped = re.escape(terminator)
    return re.compile(f"{escaped}[{escaped} \t]")


def _grow(
    stream: IO[bytes], tail: str, terminator: str, limits: tuple[int, int]
) -> tuple[str, int, str]:
    """Read on until a chunk brings a terminator: (the unfinished segment, its length, chunk).

    The unfinished segment grows by whole chunks, joined once, never split again for each
    chunk, so its cost is linear in its length. Past ``max_segment`` it is only measured (the
    text returned is then empty). ``chunk`` is ``""`` at the end of the input.
    """
    chunk_size, max_segment = limits
    parts, size = [tail], len(tail)
    while True:
        raw = stream.read(chunk_size)
        if not raw:
            return "".join(parts), size, ""
        chunk = raw.decode("latin-1")
        if terminator in chunk:
            return "".join(parts), size, chunk
        size += len(chunk)
        if size > max_segment:
            parts = []
        else:
            parts.append(chunk)


def _unwrapped(pieces: list[str], offset: int, step: int) -> tuple[list[str], list[int], int]:
    """The segments of ``pieces`` without line breaks and blanks around them, their offsets,
    and the offset after the last piece."""
    bodies, starts = [], []
    for piece in pieces:
        body = piece.lstrip(_LINE_BREAKS)
        if body:
            bodies.append(body.rstrip("\r\n"))
            starts.append(offset + len(piece) - len(body))
        offset += len(piece) + step
    return bodies, starts, offset


def _split(
    stream: IO[bytes],
    text: str,
    start: int,
    delimiters: Delimiters,
    limits: tuple[int, int],
    *,
    texts: bool,
) -> Iterator[Iterator[Segment] | Text]:
    terminator, element = delimiters.segment, delimiters.element
    step = len(terminator)
    new = _new
    buffer, offset, index = text[start:], start, 0
    while True:
        whole = buffer.rfind(terminator) + step if texts else 0
        lined = False
        if whole and (
            _plain_text(buffer[:whole], terminator)
            or (lined := _lined_text(buffer[:whole], terminator))
        ):
            # Whole segments, left to the caller to split (as _plain() has them, or lined).
            body = buffer[:whole]
            yield Text(body, index, offset, lined)
            index += body.count(terminator)
            offset += whole
            tail = buffer[whole:]
        else:
            pieces = buffer.split(terminator)
            tail = pieces.pop()
            if _plain(buffer, pieces, terminator):
                # No empty segment and no line break or leading blank anywhere: every piece is
                # a segment as it stands, so the chunk is split without a Python-level loop.
                bodies = pieces
                offsets: Iterable[int] = accumulate(
                    map(add, map(len, pieces), repeat(step)), initial=offset
                )
                offset += len(buffer) - len(tail)
            else:
                bodies, offsets, offset = _unwrapped(pieces, offset, step)
            if bodies:
                # Segments are made as they are read, so each dies young (little for the GC).
                rows = map(tuple, map(str.split, bodies, repeat(element)))
                yield map(new, repeat(Segment), zip(count(index + 1), offsets, rows))
                index += len(bodies)
        tail, size, chunk = _grow(stream, tail, terminator, limits)
        if size > limits[1]:
            # Too long to keep: a stand-in segment says where it was and how long it ran.
            cut = chunk.find(terminator)
            length = size + max(cut, 0)
            index += 1
            yield iter((Segment(index, offset, (OVERLONG, str(length))),))
            if cut < 0:
                return
            offset += length + step
            buffer = chunk[cut + step :]
        elif chunk:
            buffer = tail + chunk
        else:
            break
    body = tail.lstrip(_LINE_BREAKS)
    if body.strip(_LINE_BREAKS):
        # The last segment lacks its terminator; it is read all the same.
        at = offset + len(tail) - len(body)
        yield iter((Segment(index + 1, at, tuple(body.rstrip().split(element))),))
