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

from collections.abc import Iterable, Iterator
from itertools import accumulate, count, repeat
from operator import add
from typing import IO, Final, NamedTuple, final

import attrs

from medoffice.kernel import InvalidArgument, InvalidValue

__all__ = [
    "Delimiters",
    "NotX12",
    "Segment",
    "open_batches",
    "open_interchange",
    "read_delimiters",
    "segments",
]

_BOM: Final = b"\xef\xbb\xbf"
_SPACE: Final = b" \t\r\n"
_LINE_BREAKS: Final = " \t\r\n"
_ISA_LENGTH: Final = 106
_CHUNK: Final = 1 << 20


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
        raise NotX12("the input is not X12: it does not start with an ISA segment")
    return head, start


def segments(stream: IO[bytes], *, chunk_size: int = _CHUNK) -> Iterator[Segment]:
    """Every segment of a binary stream, read ``chunk_size`` bytes at a time.

    Raises :class:`NotX12` before yielding anything when the stream is not an interchange.
    """
    return open_interchange(stream, chunk_size=chunk_size)[1]


def open_interchange(
    stream: IO[bytes], *, chunk_size: int = _CHUNK
) -> tuple[Delimiters, Iterator[Segment]]:
    """The delimiters of the first ISA header, and an iterator over every segment."""
    delimiters, batches = open_batches(stream, chunk_size=chunk_size)
    return delimiters, (segment for batch in batches for segment in batch)


def open_batches(
    stream: IO[bytes], *, chunk_size: int = _CHUNK
) -> tuple[Delimiters, Iterator[Iterator[Segment]]]:
    """The delimiters of the first ISA header, and an iterator over the segments of each chunk."""
    head, start = _start(stream, chunk_size)
    text = head.decode("latin-1")
    delimiters = read_delimiters(text[start : start + 512])
    return delimiters, _split(stream, text, start, delimiters, chunk_size)


def _plain(buffer: str, pieces: list[str], terminator: str) -> bool:
    return (
        "\n" not in buffer
        and "\r" not in buffer
        and "" not in pieces
        and buffer[:1] not in " \t"
        and terminator + " " not in buffer
        and terminator + "\t" not in buffer
    )


def _split(
    stream: IO[bytes], text: str, start: int, delimiters: Delimiters, chunk_size: int
) -> Iterator[Iterator[Segment]]:
    terminator, element = delimiters.segment, delimiters.element
    step = len(terminator)
    new = tuple.__new__  # a Segment without the Python-level __new__ of a NamedTuple
    buffer, offset, index = text[start:], start, 0
    while True:
        pieces = buffer.split(terminator)
        tail = pieces.pop()
        if _plain(buffer, pieces, terminator):
            # No empty segment and no line break or leading blank anywhere: every piece is a
            # segment as it stands, so the chunk is split without a Python-level loop.
            bodies = pieces
            offsets: Iterable[int] = accumulate(
                map(add, map(len, pieces), repeat(step)), initial=offset
            )
            offset += len(buffer) - len(tail)
        else:
            bodies, starts = [], []
            for piece in pieces:
                body = piece.lstrip(_LINE_BREAKS)
                if body:
                    bodies.append(body.rstrip("\r\n"))
                    starts.append(offset + len(piece) - len(body))
                offset += len(piece) + step
            offsets = starts
        if bodies:
            # Segments are made as they are read, so each dies young (little for the GC to do).
            rows = map(tuple, map(str.split, bodies, repeat(element)))
            yield map(new, repeat(Segment), zip(count(index + 1), offsets, rows))
            index += len(bodies)
        chunk = stream.read(chunk_size)
        if not chunk:
            break
        buffer = tail + chunk.decode("latin-1")
    body = tail.lstrip(_LINE_BREAKS)
    if body.strip(_LINE_BREAKS):
        # The last segment lacks its terminator; it is read all the same.
        at = offset + len(tail) - len(body)
        yield iter((Segment(index + 1, at, tuple(body.rstrip().split(element))),))
