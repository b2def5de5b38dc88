"""Reading 837P interchanges: claims and findings, streamed.

:func:`read_837p` reads an X12 file (any delimiters, with or without line breaks, several
interchanges, groups and transaction sets) and yields, in file order, each :class:`X12Claim`
as soon as its 2300 loop closes and each :class:`~medoffice.kernel.Finding` that does not belong
to a claim (envelope and structure problems between claims). Problems inside a claim travel
with it in ``X12Claim.findings``. Nothing in the data raises: only an input that is not X12 at
all does (:class:`NotX12`). :func:`read_837p_all` collects everything for small files.

Rule ids: ``X12-ENVELOPE`` (control numbers and counts), ``X12-SEGMENT`` (unknown, misplaced,
repeated or missing segments and loops), ``X12-ELEMENT`` (missing or malformed values).

More information: ASC X12 005010X222A1 Health Care Claim: Professional (837P) TR3.
"""

from __future__ import annotations

import functools
import io
import os
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from itertools import chain
from operator import itemgetter
from pathlib import Path
from typing import IO, Any, Final, TypeVar, final

import attrs

from medoffice.adapters.formats.x12._claims import (
    CLOSING,
    ClaimBuilder,
    Coverage,
    LinePart,
    coverage_of,
    line_part,
    payer_of,
)
from medoffice.adapters.formats.x12._elements import period, problem
from medoffice.adapters.formats.x12._envelope import EnvelopeChecker
from medoffice.adapters.formats.x12._limits import overlong, unlisted
from medoffice.adapters.formats.x12._model import (
    X12Claim,
    X12Diagnosis,
    X12Envelope,
    X12Provider,
)
from medoffice.adapters.formats.x12._placement import Key, State, Step
from medoffice.adapters.formats.x12._schema import TRANSACTION
from medoffice.adapters.formats.x12._tokens import (
    MAX_SEGMENT,
    OVERLONG,
    Delimiters,
    Segment,
    Text,
    lined_segments,
    open_batches,
    open_texts,
    plain_segments,
)
from medoffice.adapters.formats.x12._values import (
    read_diagnoses,
    read_provider,
    read_service,
    with_taxonomy,
)
from medoffice.adapters.formats.x12._walker import Walker
from medoffice.kernel import Finding, Report, Severity

__all__ = ["DEFAULT_X12_LIMITS", "Reading", "X12Limits", "read_837p", "read_837p_all"]

_new: Final = tuple.__new__  # a Segment without the Python-level __new__ of a NamedTuple
# The batch of no segments by which blocks() has run() hand on what a block finished.
_HANDED: Final[tuple[Segment, ...]] = ()

Source = IO[bytes] | bytes | str | os.PathLike[str]
Handler = Callable[[Any, Segment], None]
# The envelope's segments, and the stand-in for an overlong segment: handled off the fast path.
_CONTROL: Final = frozenset({"ISA", "IEA", "GS", "GE", "ST", "SE", OVERLONG})
# Elements the TR3 requires wherever these segments appear (the claim handlers check the rest).
_REQUIRED: Final = {
    "BHT": (1, 2, 3, 4, 5, 6),
    "NM1": (1, 2),
    "N3": (1,),
    "N4": (1,),
    "REF": (1, 2),
    "PER": (1,),
    "HL": (1, 3, 4),
    "PRV": (1, 2, 3),
    "DMG": (1, 2),
    "DTP": (1, 2, 3),
    "LX": (1,),
    "PAT": (1,),
}
# Where a segment's situational rules differ by loop. In 2000B, PAT01 to PAT04 are "not used":
# the subscriber's PAT carries only a death date, weight or pregnancy (PAT05 to PAT09).
_REQUIRED_IN_LOOP: Final[dict[tuple[str, str], tuple[int, ...]]] = {("2000B", "PAT"): ()}


@final
@attrs.frozen(kw_only=True)
class Reading:
    """Everything read from a (small) file: the claims and one report of every finding."""

    claims: tuple[X12Claim, ...]
    report: Report


@final
@attrs.frozen(kw_only=True)
class X12Limits:
    """How much of an 837P file is kept: the longest segment, the findings listed.

    ``max_segment``: a segment still unterminated after this many bytes is dropped with one
    ``X12-LIMIT`` finding (memory stays bounded however long it runs). ``max_findings``: the
    findings listed for the file as a whole, and for each claim; past it, one ``X12-LIMIT``
    finding counts the rest.
    """

    max_segment: int = MAX_SEGMENT
    max_findings: int = 1000


DEFAULT_X12_LIMITS: Final = X12Limits()


def read_837p(
    source: Source, *, chunk_size: int = 1 << 20, limits: X12Limits = DEFAULT_X12_LIMITS
) -> Iterator[X12Claim | Finding]:
    """Claims and findings of an 837P file, path or bytes, in file order.

    Raises :class:`NotX12` at once when the input does not start with an ISA header. Transaction
    sets that are not 837P of version 005010X222 (an 835, an 837I, a 4010 claim) get one
    ``X12-ENVELOPE`` finding each and are not read.
    """
    return _read_source(source, chunk_size, limits, blocks=True)


def _read_source(
    source: Source, chunk_size: int, limits: X12Limits, *, blocks: bool
) -> Iterator[X12Claim | Finding]:
    """:func:`read_837p`; ``blocks=False`` reads every segment on its own (the general path,
    which the block path must match item for item)."""
    if isinstance(source, bytes):
        return _read(io.BytesIO(source), chunk_size, None, limits, blocks)
    if isinstance(source, str | os.PathLike):
        stream = Path(source).open("rb")  # noqa: SIM115 - closed when the reading ends
        try:
            return _read(stream, chunk_size, stream, limits, blocks)
        except BaseException:
            stream.close()
            raise
    return _read(source, chunk_size, None, limits, blocks)


def read_837p_all(source: Source, *, limits: X12Limits = DEFAULT_X12_LIMITS) -> Reading:
    """Read a whole file into memory: its claims and a report of all findings."""
    claims: list[X12Claim] = []
    findings: list[Finding] = []
    for item in read_837p(source, limits=limits):
        if isinstance(item, X12Claim):
            claims.append(item)
            findings.extend(item.findings)
        else:
            findings.append(item)
    return Reading(claims=tuple(claims), report=Report.of(findings))


def _read(
    stream: IO[bytes],
    chunk_size: int,
    owned: IO[bytes] | None,
    limits: X12Limits,
    blocks: bool,  # noqa: FBT001 - private
) -> Iterator[X12Claim | Finding]:
    if not blocks:
        delimiters, batches = open_batches(
            stream, chunk_size=chunk_size, max_segment=limits.max_segment
        )
        return _Reader(delimiters.component, limits.max_findings).run(batches, owned)
    delimiters, texts = open_texts(stream, chunk_size=chunk_size, max_segment=limits.max_segment)
    reader = _Reader(delimiters.component, limits.max_findings)
    return reader.run(reader.blocks(texts, delimiters), owned)


# What the reader does with a segment whose key it has met before in the same state (its move,
# kept in ``State.moves``): the state it lands in, how much of the walker's work the step needs
# (quiet: none; simple: close loops missing nothing and open one; full: all of it), the step, what
# the builder finishes as the step closes loops, the highest element the segment must have (-1
# none), a getter of them all as one tuple and their positions, what more is checked (HL: the
# hierarchy; DTP: the dates) and the claim handler.
_Move = tuple[
    State,
    int,
    Step,
    tuple[Callable[[ClaimBuilder], None], ...],
    int,
    Callable[[tuple[str, ...]], tuple[str, ...]],
    tuple[int, ...],
    int,
    Handler | None,
]
_QUIET: Final = 0
_SIMPLE: Final = 1
_FULL: Final = 2
_PLAIN: Final = 0
_HL: Final = 1
_DTP: Final = 2
# The moves of a reader outside an 837P set: none, so that every segment takes the slow path.
_NOWHERE: Final[dict[Key, object]] = {}


def _move(step: Step, sid: str) -> _Move:
    finishing = tuple(ClaimBuilder.FINISHING[name] for name in step.names if name in CLOSING)
    kind = _QUIET if step.quiet else _SIMPLE if step.simple else _FULL
    loop = step.loop
    if loop is None:
        special = _HL if sid == "HL" else _PLAIN
        return (step.state, kind, step, finishing, -1, tuple, (), special, None)
    required = _REQUIRED_IN_LOOP.get((loop, sid), _REQUIRED.get(sid, ()))
    handler = ClaimBuilder.HANDLERS.get((loop, sid))
    # A single position twice, so that the getter returns a tuple of them all in every case.
    getter = itemgetter(*required * (2 if len(required) == 1 else 1)) if required else tuple
    need = max(required, default=-1)
    special = _HL if sid == "HL" else _DTP if sid == "DTP" and need >= 0 else _PLAIN
    return (step.state, kind, step, finishing, need, getter, required, special, handler)


# A block: the run of segments most 837P files repeat for each claim, a subscriber who is the
# patient (2000B, 2010BA, 2010BB), the claim (2300) with its diagnoses (HI) and rendering provider
# (2310B), and its service lines (2400: LX, SV1, DTP*472). Each segment as (id, the position and
# value of the qualifier the pattern requires, the loop the segment must land in).
_HEAD: Final = (
    ("HL", 3, "22", "2000B"),
    ("SBR", 0, "", "2000B"),
    ("NM1", 1, "IL", "2010BA"),
    ("N3", 0, "", "2010BA"),
    ("N4", 0, "", "2010BA"),
    ("DMG", 0, "", "2010BA"),
    ("NM1", 1, "PR", "2010BB"),
    ("CLM", 0, "", "2300"),
    ("HI", 0, "", "2300"),
    ("NM1", 1, "82", "2310B"),
    ("PRV", 0, "", "2310B"),
)
_LINE: Final = (("LX", 0, "", "2400"), ("SV1", 0, "", "2400"), ("DTP", 1, "472", "2400"))
# After a block that did not match, so many "HL" segments are passed before the next try (doubled
# at each miss up to the cap, back to none after a block read whole).
_MAX_SKIP: Final = 64
# A block's plan: the move of each of its segments, in order, and the state after the last.
_Plan = tuple[
    tuple[_Move, ...],
    State,
    int,
    tuple[int, ...],
    tuple[tuple[tuple[Callable[[ClaimBuilder], None], ...], int], ...],
    int,
]


@functools.lru_cache(maxsize=8)
def _patterns(
    element: str,
    terminator: str,
    lined: bool = False,  # noqa: FBT001, FBT002 - private
) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The pattern of a whole block, and of one service line, for these delimiters.

    Each group is one whole segment without its terminator; the block's last group holds its
    service lines. ``lined``: for a text with line breaks. Each segment may then follow blanks
    and line breaks, which the tokenizer takes off it; a segment with a line break inside it or
    before its terminator does not match (the tokenizer keeps the one and takes off the other:
    the general path reads it).
    """
    e, t = re.escape(element), re.escape(terminator)
    breaks = "\r\n" if lined else ""
    rest = f"(?:{e}[^{t}{breaks}]*)?"  # the elements after those the pattern names, if any
    before = "[ \t\r\n]*" if lined else ""

    def one(sid: str, at: int, value: str, group: str = "(") -> str:
        close = ")" if group else ""
        if not at:
            return f"{before}{group}{sid}{rest}{close}{t}"
        between = "".join(f"{e}[^{e}{t}{breaks}]*" for _ in range(at - 1))
        return f"{before}{group}{sid}{between}{e}{re.escape(value)}{rest}{close}{t}"

    line = "".join(one(sid, at, value) for sid, at, value, _ in _LINE)
    head = "".join(one(sid, at, value) for sid, at, value, _ in _HEAD)
    lines = "".join(one(sid, at, value, "(?:") for sid, at, value, _ in _LINE)
    return re.compile(f"{head}((?:{lines})+)"), re.compile(line)


_Find = Callable[[str, int], int]


@functools.lru_cache(maxsize=16)
def _finders(element: str, terminator: str, *, lined: bool) -> tuple[_Find, _Find]:
    """Where, in a text from a byte on, the next HL segment's terminator before it is, and
    where the next ST segment is (or a byte inside the segment before it): -1 when none is.

    A segment starts where a terminator (or the text) ends, after blanks and line breaks in a
    lined text.
    """
    if lined:
        e, t, blank = re.escape(element), re.escape(terminator), "[ \t\r\n]*"
        marker = re.compile(f"{t}{blank}HL{e}").search
        opening = re.compile(f"{blank}ST{e}").match
        heading = re.compile(f"{t}{blank}ST{e}").search

        def next_lined_hl(text: str, start: int) -> int:
            found = marker(text, start)
            return -1 if found is None else found.start()

        def next_lined_st(text: str, start: int) -> int:
            if opening(text, start):
                return start
            found = heading(text, start)
            return -1 if found is None else found.start() + 1

        return next_lined_hl, next_lined_st
    hl, st = f"{terminator}HL{element}", f"ST{element}"
    after = terminator + st

    def next_hl(text: str, start: int) -> int:
        return text.find(hl, start)

    def next_st(text: str, start: int) -> int:
        if text.startswith(st, start):
            return start
        found = text.find(after, start)
        return found + 1 if found >= 0 else -1

    return next_hl, next_st


@functools.lru_cache(maxsize=8)
def _lx_texts(element: str) -> tuple[str, ...]:
    """The LX segments of lines 1 to 99, in order, as they read when nothing else is in them."""
    return tuple(f"LX{element}{number}" for number in range(1, 100))


# Values known to read without a finding, kept per reader by segment text (bounded).
_KNOWN: Final = 4096
_K = TypeVar("_K")
_T = TypeVar("_T")


def _remember(known: dict[_K, _T], text: _K, value: _T) -> None:
    if len(known) >= _KNOWN:
        known.clear()
    known[text] = value


def _complete(move: _Move, elements: tuple[str, ...]) -> bool:
    """Whether ``elements`` have every element the segment of ``move`` requires."""
    need, present = move[4], move[5]
    return need < 0 or (len(elements) > need and "" not in present(elements))


class _Reader:
    def __init__(self, component: str, max_findings: int) -> None:
        self.out: list[X12Claim | Finding] = []
        self.max_findings = max_findings
        self.listed = 0
        self.unlisted = 0
        self.builder = ClaimBuilder(self.out.append, self._outer, max_findings=max_findings)
        self.builder.component = component
        self.walker = Walker(TRANSACTION, self.builder.report, self.builder.closed, watched=CLOSING)
        self.envelope = EnvelopeChecker(self.builder.report)
        self.hl_ids: set[str] = set()
        # The last segment read: as a segment, or (when a block was read last) as its
        # position, offset and text.
        self.last: Segment | None = None
        self.last_read: tuple[int, int, str] | None = None
        # Whether the open transaction set is an 837P being read (others are passed over).
        self.reading = False
        # The element separator and the pattern of a service line, when reading by blocks.
        self.element = "*"
        self.line_pattern = _patterns("*", "~")[1]
        self.services: dict[str, LinePart] = {}
        self.periods: dict[str, tuple[date, date]] = {}
        self.lx_texts: tuple[str, ...] = ()
        self.terminator = "~"
        # Whether the text being read by blocks is lined (see Text).
        self.lined = False
        self.diagnoses: dict[str, tuple[X12Diagnosis, ...]] = {}
        self.renderings: dict[tuple[str, str], X12Provider] = {}
        self.coverages: dict[str, Coverage] = {}
        self.payers: dict[str, tuple[str, str]] = {}

    def _outer(self, finding: Finding) -> None:
        if self.listed < self.max_findings:
            self.listed += 1
            self.out.append(finding)
        else:
            self.unlisted += 1

    def run(  # noqa: PLR0912, PLR0915 - the per-segment loop stays flat: it runs for every segment
        self, batches: Iterator[Iterable[Segment]], owned: IO[bytes] | None
    ) -> Iterator[X12Claim | Finding]:
        out = self.out
        walker, builder, envelope = self.walker, self.builder, self.envelope
        take, report, slow = walker.take, builder.report, self._slow
        qualifier_at, qualifiers = walker.qualifier_at, walker.qualifiers
        starts = walker.starts
        segment: Segment | None = None
        try:
            for batch in batches:
                if out:
                    yield from out
                    out.clear()
                if batch is _HANDED:
                    continue
                # The walker's state, kept here on the fast path and handed back before the
                # walker runs and after each batch (between batches, a block of segments may
                # be read as a whole: see blocks()).
                state = walker.state
                moves = state.moves if self.reading else _NOWHERE
                segment = None
                for segment in batch:
                    elements = segment[2]
                    sid = elements[0]
                    if moves is _NOWHERE and sid not in _CONTROL:
                        # Not in an 837P being read: a segment outside any set is a finding
                        # (past the limit only counted), one in another kind of set is passed
                        # over. A file of strays stays on this short path.
                        if envelope.st is None:
                            if self.listed < self.max_findings:
                                report(_outside(segment))
                            else:  # no finding is even made
                                self.unlisted += 1
                            if out:
                                yield from out
                                out.clear()
                        continue
                    move: Any = moves.get(sid)
                    if move.__class__ is dict:
                        # A qualified id: its moves by qualifier (None for any other value).
                        at = qualifier_at[sid]
                        value = elements[at] if at < len(elements) else None
                        found = move.get(value)
                        if found is None and value not in qualifiers[sid]:
                            found = move.get(None)
                        move = found
                    if move is None:
                        # Envelopes, and keys first met in this state.
                        walker.state = state
                        slow(segment)
                        state = walker.state
                        moves = state.moves if self.reading else _NOWHERE
                    else:
                        state, kind, step, finishes, need, present, required, special, handler = (
                            move
                        )
                        if kind == _SIMPLE:
                            # The walker's take(), inlined for a step that only closes loops
                            # missing nothing and opens one: the builder finishes what the
                            # closed loops held (a line, a claim), as the walker would.
                            if step.closing:
                                for finish in finishes:
                                    finish(builder)
                                del starts[step.keep :]
                            if step.push:
                                starts.append(segment[0])
                        elif kind == _FULL:
                            take(step, segment)
                            state = walker.state
                        moves = state.moves
                        if special == _HL:
                            self._hierarchy(segment)
                        if need >= 0:
                            if len(elements) <= need or "" in present(elements):
                                self._missing(segment, required)
                            if special == _DTP:
                                builder.dates = period(segment, report)
                        if handler is not None:
                            handler(builder, segment)
                    if out:
                        yield from out
                        out.clear()
                walker.state = state
                if segment is not None:
                    self.last = segment
            walker.finish()
            self.envelope.end(self._last())
            if self.unlisted:
                out.append(unlisted(self.unlisted, "the file"))
            yield from out
            out.clear()
        finally:
            if owned is not None:
                owned.close()

    def _slow(self, segment: Segment) -> None:
        """Read an envelope segment, or a segment of the 837P being read off the fast path (and
        remember its move for the next time)."""
        elements = segment.elements
        sid = elements[0]
        if sid in _CONTROL:
            self._control(sid, segment)
            return
        walker = self.walker
        before = walker.state
        at = walker.qualifier_at.get(sid)
        if at is None:
            key: Key = sid
        else:
            value = elements[at] if at < len(elements) else None
            key = (sid, value if value in walker.qualifiers[sid] else None)
        step = before.next.get(key)
        if step is None:
            step = walker.place(segment)
        else:
            walker.take(step, segment)
        move = _move(step, sid)
        if key in before.next:  # a step the walker remembers (not one of an unknown id)
            if isinstance(key, tuple):  # qualified: kept by qualifier under the id
                by_qualifier: Any = before.moves.setdefault(sid, {})
                by_qualifier[key[1]] = move
            else:
                before.moves[key] = move
        self._work(move, segment)

    def _work(self, move: _Move, segment: Segment) -> None:
        """What a segment asks besides its step: the HL and DTP checks, the required elements,
        and its handler."""
        _, _, _, _, need, present, required, special, handler = move
        if special == _HL:
            self._hierarchy(segment)
        if need >= 0:
            elements = segment.elements
            if len(elements) <= need or "" in present(elements):
                self._missing(segment, required)
            if special == _DTP:
                self.builder.dates = period(segment, self.builder.report)
        if handler is not None:
            handler(self.builder, segment)

    def blocks(
        self, texts: Iterator[Iterator[Segment] | Text], delimiters: Delimiters
    ) -> Iterator[Iterable[Segment]]:
        """The batches of segments for :meth:`run`, reading whole blocks between them.

        A chunk of plain text is read block by block where a block starts (an HL segment) in a
        state from which the moves of all its segments are known (:meth:`_plan`): the block is
        then read without making a segment tuple of each segment and dispatching it
        (:meth:`_block`). Everything else, and any block that does not match the pattern, goes
        to :meth:`run` as segments. ``run`` hands the walker's state back after each batch, so
        a block starts from where the segments before it left off, and hands on what a block
        finished before it asks for the next batch.
        """
        element, terminator = delimiters.element, delimiters.segment
        plain = (*_patterns(element, terminator), *_finders(element, terminator, lined=False))
        lined = (*_patterns(element, terminator, True), *_finders(element, terminator, lined=True))
        self.element = element
        self.terminator = terminator
        self.lx_texts = _lx_texts(element)
        out = self.out
        for batch in texts:
            if not isinstance(batch, Text):
                yield batch
                continue
            text, index, offset, self.lined = batch
            pattern, self.line_pattern, next_hl, next_st = lined if self.lined else plain
            match = pattern.match
            split = lined_segments if self.lined else plain_segments
            pos, end, skip, skipping = 0, len(text), 0, 0
            while pos < end:
                if not skipping and self.reading:
                    found = match(text, pos)
                    read = 0 if found is None else self._block(found, index, offset)
                    if found is not None and read:
                        index += read
                        pos = found.end() if read > 1 else found.start(2)
                        skip = 0
                        if out:
                            yield _HANDED  # run() hands on the claim the block finished
                        continue
                    skip = skipping = min(skip * 2 + 1, _MAX_SKIP)
                if self.reading:
                    # The segments up to the next HL, or a few HLs on after a block not read.
                    stop = pos
                    while True:
                        stop = next_hl(text, stop + 1)
                        if stop < 0 or skipping <= 1:
                            break
                        skipping -= 1
                    stop = end if stop < 0 else stop + 1  # the terminator is one character
                else:
                    # Outside an 837P being read: up to the next ST (which may open one), with it.
                    at = next_st(text, pos)
                    stop = end if at < 0 else text.find(terminator, at) + 1
                skipping = 0
                pieces = text[pos:stop].split(terminator)
                pieces.pop()
                yield split(pieces, index, offset + pos, element, 1)
                index += len(pieces)
                pos = stop

    def _plan(self, start: State, lines: int) -> _Plan | None:
        """How a block of ``lines`` service lines reads from ``start``: the move of each of its
        segments, the state after the last, what the head's moves (after the HL's) do to the
        open loops' starts, and what each LX's move finishes and keeps.

        ``None`` unless all moves are known, each segment lands in its loop, none closes a loop
        missing something, raises a finding or counts (but the HL's, which counts the
        subscribers), no move of the head after the HL finishes anything, each LX closes a loop
        and opens its own, and SV1 and DTP stay where they are.
        """
        found = self._moves(start, lines)
        if found is None:
            return None
        moves, state = found
        # What _block() checks of the subscriber's elements before reading them at once.
        if [move[6] for move in moves[2:6]] != [(1, 2), (1,), (1,), (1, 2)]:
            return None
        # ... and the handlers _block() calls in their stead.
        if moves[0][8] is not ClaimBuilder.HANDLERS["2000B", "HL"]:
            return None
        # ... and of the CLM's: what its handler checks (ClaimBuilder.read_clm), nothing more.
        if moves[7][6] or moves[7][8] is not ClaimBuilder.HANDLERS["2300", "CLM"]:
            return None
        # The head's starts: those left open by the HL's move (-1 ...) and the new ones (by
        # their place in the block).
        starts = [-1] * len(moves[0][0].frames)
        for number in range(1, len(_HEAD)):
            step = moves[number][2]
            if moves[number][1] == _SIMPLE:
                if step.closing:
                    del starts[step.keep :]
                if step.push:
                    starts.append(number)
        keep = starts.count(-1)
        if starts[:keep] != [-1] * keep:
            return None
        line_steps = tuple(
            (moves[number][3], moves[number][2].keep)
            for number in range(len(_HEAD), len(moves), len(_LINE))
        )
        # All lines at once: the first LX finishes nothing, each other one the line before, and
        # all keep the same loops open.
        finishing = (ClaimBuilder.FINISHING["2400"],)
        together = line_steps[0][0] == () and all(
            finishes == finishing and kept == line_steps[0][1] for finishes, kept in line_steps[1:]
        )
        lines_keep = line_steps[0][1] if together else -1
        plan = (tuple(moves), state, keep, tuple(starts[keep:]), line_steps, lines_keep)
        start.blocks[lines] = plan
        return plan

    def _moves(self, start: State, lines: int) -> tuple[list[_Move], State] | None:
        """The moves of a block's segments from ``start``, and the state after the last (see
        :meth:`_plan`)."""
        walker = self.walker
        qualifier_at, qualifiers = walker.qualifier_at, walker.qualifiers
        state = start
        moves: list[_Move] = []
        for sid, at, value, loop in chain(_HEAD, _LINE * lines):
            move: Any = state.moves.get(sid)
            if move.__class__ is dict:
                if qualifier_at[sid] != at:
                    return None
                found = move.get(value)
                if found is None and value not in qualifiers[sid]:
                    found = move.get(None)
                move = found
            if move is None:
                return None
            step: Step = move[2]
            if step.loop != loop or step.problem is not None or not step.silent:
                return None
            kind = move[1]
            if moves and (
                kind == _FULL
                or (sid in {"SV1", "DTP"} and kind != _QUIET)
                or (sid == "LX" and not (step.closing and step.push))
                or (sid not in {"LX", "SV1", "DTP"} and move[3])
            ):
                return None
            moves.append(move)
            state = move[0]
        return moves, state

    def _block(self, found: re.Match[str], index: int, base: int) -> int:  # noqa: PLR0912, PLR0915
        """Read the block ``found`` (its first segment at position ``index + 1``, its text at
        byte ``base`` of the file): how many of its segments were read (all, or only the HL when
        the HL's count reaches its limit), or 0 when it is left to the general path.

        Each segment takes the move the general path takes (the plan), and is read as the
        general path reads it; or, when its text is one known to read without a finding (and
        the builder is where the handlers expect it), by setting the value it reads as.
        """
        walker = self.walker
        texts = found.groups()
        lines = self.line_pattern.findall(texts[11])
        plan: Any = walker.state.blocks.get(len(lines))
        if plan is None:
            plan = self._plan(walker.state, len(lines))
            if plan is None:
                return 0
        moves, final, keep, pushes, line_steps, lines_keep = plan
        builder, starts, element = self.builder, walker.starts, self.element
        start = found.start
        first = index + 1
        # HL: its move closes the claim before (finishing it) and counts the subscribers.
        hl = moves[0]
        step = hl[2]
        for finish in hl[3]:
            finish(builder)
        del starts[step.keep :]
        starts.append(first)
        walker.state = hl[0]
        walker.count(step)
        elements = texts[0].split(element)
        own = elements[1]
        parent = elements[2]
        hl_ids = self.hl_ids
        segment: Segment | None = None
        if (
            len(elements) > 4
            and own
            and parent
            and elements[4]
            and own not in hl_ids
            and parent in hl_ids
        ):
            hl_ids.add(own)  # what _hierarchy() finds right, with HL01, HL03 and HL04 present
            builder.start_subscriber()  # the handler of the HL (see _plan)
        else:
            segment = _new(Segment, (first, base + start(1), tuple(elements)))
            self._work(hl, segment)
        if walker.state is not hl[0]:
            if segment is None:
                segment = _new(Segment, (first, base + start(1), tuple(elements)))
            self.last = segment
            return 1  # the count reached its limit: the rest is read the general way
        # The loops the head opens and closes after the HL (nothing finishes there).
        del starts[keep:]
        starts.extend([first + number for number in pushes])
        # SBR
        known: Any = self.coverages.get(texts[1])
        if known is not None:
            builder.read_coverage(known)
        else:
            segment = _new(Segment, (first + 1, base + start(2), tuple(texts[1].split(element))))
            self._work(moves[1], segment)
            problems: list[Finding] = []
            coverage = coverage_of(segment, problems.append)
            if not problems:
                _remember(self.coverages, texts[1], coverage)
        # NM1*IL, N3, N4 and DMG: read at once when each has the elements it requires (NM101
        # and NM102, N301, N401, DMG01 and DMG02: see _plan) and none has a finding.
        name = texts[2].split(element)
        street = texts[3].split(element)
        city = texts[4].split(element)
        demographics = texts[5].split(element)
        if not (
            len(name) > 2
            and name[2]
            and len(street) > 1
            and street[1]
            and len(city) > 1
            and city[1]
            and len(demographics) > 2
            and demographics[1]
            and demographics[2]
            and builder.read_subscriber(name, street, city, demographics)
        ):
            for number, values in enumerate((name, street, city, demographics), start=2):
                at = base + start(number + 1)
                segment = _new(Segment, (first + number, at, tuple(values)))
                self._work(moves[number], segment)
        # NM1*PR (a payer known, or read as the general path reads it) and CLM.
        body = texts[6]
        known = self.payers.get(body)
        if known is not None:
            builder.read_payer(known)
        else:
            segment = _new(Segment, (first + 6, base + start(7), tuple(body.split(element))))
            self._work(moves[6], segment)
            problems = []
            payer = payer_of(segment, problems.append)
            if not problems and _complete(moves[6], segment.elements):
                _remember(self.payers, body, payer)
        clm = texts[7].split(element)
        if not builder.read_clm(first + 7, clm):
            segment = _new(Segment, (first + 7, base + start(8), tuple(clm)))
            self._work(moves[7], segment)
        # HI
        body = texts[8]
        known = self.diagnoses.get(body)
        if known is None or not builder.read_first_diagnoses(known):
            segment = _new(Segment, (first + 8, base + start(9), tuple(body.split(element))))
            self._work(moves[8], segment)
            if known is None:
                self._learn_diagnoses(body, segment)
        # NM1*82 and PRV: the claim's rendering provider with its taxonomy.
        pair = (texts[9], texts[10])
        known = self.renderings.get(pair)
        if known is None or not builder.read_rendering(known):
            self._rendering(moves, pair, first + 9, (base + start(10), base + start(11)))
        # The service lines: all at once when each reads as known, else one by one.
        position = first + len(_HEAD)
        numbers, services, dates = zip(*lines, strict=True)
        parts = list(map(self.services.get, services))
        spans = list(map(self.periods.get, dates))
        if (
            lines_keep >= 0
            and None not in parts
            and None not in spans
            and numbers == self.lx_texts[: len(numbers)]
            and builder.read_lines(position, parts, spans)  # type: ignore[arg-type]
        ):
            del starts[lines_keep:]
            starts.append(position + 3 * len(parts) - 3)
            position += 3 * len(parts)
        else:
            # Where each line's segments start (after blanks and line breaks, in a lined text).
            matches = self.line_pattern.finditer(found.string, *found.span(12))
            for number, ((finishes, kept), line, each) in enumerate(
                zip(line_steps, lines, matches, strict=True), start=1
            ):
                for finish in finishes:
                    finish(builder)
                del starts[kept:]
                starts.append(position)
                offsets = (base + each.start(1), base + each.start(2), base + each.start(3))
                self._line(moves, number, line, position, offsets)
                position += 3
        walker.state = final
        self.last = None
        self.last_read = (position - 1, base + found.end() - len(dates[-1]) - 1, dates[-1])
        return len(moves)

    def _rendering(
        self,
        moves: tuple[_Move, ...],
        pair: tuple[str, str],
        position: int,
        offsets: tuple[int, int],
    ) -> None:
        """The NM1*82 and PRV of a block (at ``position`` and bytes ``offsets``) read as the
        general path reads them; the provider they make is remembered when both read without a
        finding (PRV03 at most 50 characters)."""
        element = self.element
        name, prv = pair
        segment = _new(Segment, (position, offsets[0], tuple(name.split(element))))
        self._work(moves[9], segment)
        taxonomy = _new(Segment, (position + 1, offsets[1], tuple(prv.split(element))))
        self._work(moves[10], taxonomy)
        if pair in self.renderings:
            return
        code = taxonomy.elements[3] if len(taxonomy.elements) > 3 else ""
        if not (
            _complete(moves[9], segment.elements)
            and _complete(moves[10], taxonomy.elements)
            and len(code) <= 50
        ):
            return
        problems: list[Finding] = []
        provider = read_provider("rendering", segment, problems.append)
        if not problems:
            _remember(self.renderings, pair, with_taxonomy(provider, code or None))

    def _line(
        self,
        moves: tuple[_Move, ...],
        number: int,
        line: tuple[str, str, str],
        position: int,
        at: tuple[int, int, int],
    ) -> None:
        """Service line ``number`` of a block (the texts of its LX, SV1 and DTP), at
        ``position`` and bytes ``at``, read as the general path reads it (its LX's move taken);
        the values of its SV1 and DTP are remembered when they read without a finding."""
        element, component = self.element, self.builder.component
        first = 8 + number * 3
        lx, sv1, dtp = line
        self._work(moves[first], _new(Segment, (position, at[0], tuple(lx.split(element)))))
        segment = _new(Segment, (position + 1, at[1], tuple(sv1.split(element))))
        self._work(moves[first + 1], segment)
        if sv1 not in self.services:
            problems: list[Finding] = []
            service = read_service(segment, component, problems.append)
            if not problems:
                _remember(self.services, sv1, line_part(service))
        segment = _new(Segment, (position + 2, at[2], tuple(dtp.split(element))))
        move = moves[first + 2]
        self._work(move, segment)
        if dtp not in self.periods and _complete(move, segment.elements):
            problems = []
            dates = period(segment, problems.append)
            if dates is not None and not problems:
                _remember(self.periods, dtp, dates)

    def _learn_diagnoses(self, body: str, segment: Segment) -> None:
        problems: list[Finding] = []
        diagnoses: list[X12Diagnosis] = []
        read_diagnoses(segment, self.builder.component, problems.append, diagnoses)
        if not problems:
            _remember(self.diagnoses, body, tuple(diagnoses))

    def _last(self) -> Segment | None:
        if self.last is None and self.last_read is not None:
            position, offset, body = self.last_read
            return Segment(position, offset, tuple(body.split(self.element)))
        return self.last

    def _control(self, sid: str, segment: Segment) -> None:
        envelope = self.envelope
        if sid == OVERLONG:
            self.builder.report(overlong(segment))
            return
        self.reading = False
        if sid == "ST":
            self.walker.finish()
            if envelope.transaction(segment):
                self.reading = True
                self.walker.start(segment)
                self.hl_ids = set()
                self._set_envelope(segment)
        elif sid == "SE":
            self.walker.finish()
            envelope.transaction_end(segment)
        else:
            self.walker.finish()
            if sid == "ISA":
                envelope.interchange(segment)
            elif sid == "GS":
                envelope.group(segment)
            elif sid == "GE":
                envelope.group_end(segment)
            else:
                envelope.interchange_end(segment)

    def _missing(self, segment: Segment, required: Iterable[int]) -> None:
        """A finding for each required element of ``segment`` that is absent or empty."""
        elements = segment.elements
        count = len(elements)
        for position in required:
            if position >= count or not elements[position]:
                label = f"{elements[0]}{position:02d}"
                self.builder.report(
                    problem(segment, position, f"required element {label} is missing")
                )

    def _set_envelope(self, st: Segment) -> None:
        isa, gs = self.envelope.isa, self.envelope.gs
        self.builder.envelope = X12Envelope(
            interchange_control=isa.get(13) if isa else "",
            group_control=gs.get(6) if gs else "",
            transaction_control=st.get(2),
            sender_id=isa.get(6).strip() if isa else "",
            receiver_id=isa.get(8).strip() if isa else "",
            version=st.get(3),
        )

    def _hierarchy(self, segment: Segment) -> None:
        elements = segment.elements
        count = len(elements)
        own = elements[1] if count > 1 else ""
        parent = elements[2] if count > 2 else ""
        report = self.builder.report
        if not own or own in self.hl_ids:
            report(problem(segment, 1, "HL01 is missing or not unique in the set", own[:12]))
        if parent and parent not in self.hl_ids:
            report(problem(segment, 2, "HL02 names no earlier HL", parent[:12]))
        if (elements[3] if count > 3 else "") != "20" and not parent:
            report(problem(segment, 2, "HL02 (the parent) is required below 2000A"))
        self.hl_ids.add(own)


def _outside(segment: Segment) -> Finding:
    return Finding(
        rule="X12-ENVELOPE",
        severity=Severity.ERROR,
        message="segment outside a transaction set (ST ... SE)",
        path=segment.path,
    )
