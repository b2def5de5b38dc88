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

import io
import os
from collections.abc import Callable, Iterable, Iterator
from operator import itemgetter
from pathlib import Path
from typing import IO, Any, Final, final

import attrs

from medoffice.adapters.formats.x12._claims import CLOSING, ClaimBuilder
from medoffice.adapters.formats.x12._elements import period, problem
from medoffice.adapters.formats.x12._envelope import EnvelopeChecker
from medoffice.adapters.formats.x12._limits import overlong, unlisted
from medoffice.adapters.formats.x12._model import X12Claim, X12Envelope
from medoffice.adapters.formats.x12._placement import Key, State, Step
from medoffice.adapters.formats.x12._schema import TRANSACTION
from medoffice.adapters.formats.x12._tokens import MAX_SEGMENT, OVERLONG, Segment, open_batches
from medoffice.adapters.formats.x12._walker import Walker
from medoffice.kernel import Finding, Report, Severity

__all__ = ["DEFAULT_X12_LIMITS", "Reading", "X12Limits", "read_837p", "read_837p_all"]

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
    if isinstance(source, bytes):
        return _read(io.BytesIO(source), chunk_size, None, limits)
    if isinstance(source, str | os.PathLike):
        stream = Path(source).open("rb")  # noqa: SIM115 - closed when the reading ends
        try:
            return _read(stream, chunk_size, stream, limits)
        except BaseException:
            stream.close()
            raise
    return _read(source, chunk_size, None, limits)


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
    stream: IO[bytes], chunk_size: int, owned: IO[bytes] | None, limits: X12Limits
) -> Iterator[X12Claim | Finding]:
    delimiters, batches = open_batches(
        stream, chunk_size=chunk_size, max_segment=limits.max_segment
    )
    return _Reader(delimiters.component, limits.max_findings).run(batches, owned)


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
        self.last: Segment | None = None
        # Whether the open transaction set is an 837P being read (others are passed over).
        self.reading = False

    def _outer(self, finding: Finding) -> None:
        if self.listed < self.max_findings:
            self.listed += 1
            self.out.append(finding)
        else:
            self.unlisted += 1

    def run(  # noqa: PLR0912, PLR0915 - the per-segment loop stays flat: it runs for every segment
        self, batches: Iterator[Iterator[Segment]], owned: IO[bytes] | None
    ) -> Iterator[X12Claim | Finding]:
        out = self.out
        walker, builder, envelope = self.walker, self.builder, self.envelope
        take, report, slow = walker.take, builder.report, self._slow
        qualifier_at, qualifiers = walker.qualifier_at, walker.qualifiers
        starts = walker.starts
        # The walker's state, kept here on the fast path and handed back before the walker runs.
        state = walker.state
        moves = _NOWHERE
        segment: Segment | None = None
        try:
            for batch in batches:
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
            self.last = segment
            walker.state = state
            walker.finish()
            self.envelope.end(self.last)
            if self.unlisted:
                out.append(unlisted(self.unlisted, "the file"))
            yield from out
            out.clear()
        finally:
            if owned is not None:
                owned.close()

    def _slow(self, segment: Segment) -> None:  # noqa: PLR0912 - one branch per kind of segment
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
        _, _, _, _, need, present, required, special, handler = move
        if special == _HL:
            self._hierarchy(segment)
        if need >= 0:
            if len(elements) <= need or "" in present(elements):
                self._missing(segment, required)
            if special == _DTP:
                self.builder.dates = period(segment, self.builder.report)
        if handler is not None:
            handler(self.builder, segment)

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
