"""Placing each segment of a transaction in its loop, with X12-SEGMENT findings.

The walker keeps a stack of open loop iterations. A segment goes, in order of preference, to the
next position of the innermost loop, to a new iteration of one of its child loops, or to an
enclosing loop (closing the inner ones, whose required segments and loops are then checked).
A segment that only fits an earlier position is *out of order*; one that fits nowhere is
*unexpected* (or *unknown*, when the 837P has no such segment). Each of these is an
``X12-SEGMENT`` finding at the segment's position, and reading goes on.

More information: ASC X12 005010X222A1 TR3, appendix A (loop and segment placement rules).

>>> from medoffice.adapters.x12._schema import TRANSACTION
>>> from medoffice.adapters.x12._tokens import Segment
>>> found = []
>>> walker = Walker(TRANSACTION, found.append)
>>> walker.start(Segment(3, 0, ("ST", "837", "1")))
>>> walker.feed(Segment(4, 0, ("N4", "CITY")))
>>> [(str(f.rule), f.path) for f in found]
[('X12-SEGMENT', 'segment[4]')]
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from medoffice.adapters.x12._schema import KNOWN_SEGMENTS, LoopSpec, SegmentSpec
from medoffice.adapters.x12._tokens import Segment
from medoffice.kernel import Finding, Severity

__all__ = ["SEGMENT_RULE", "Walker"]

SEGMENT_RULE: Final = "X12-SEGMENT"


class _Frame:
    """One open iteration of a loop."""

    __slots__ = ("child_counts", "child_pos", "counts", "seg_pos", "spec", "start")

    def __init__(self, spec: LoopSpec, start: int) -> None:
        self.spec = spec
        self.start = start
        self.seg_pos = 0
        self.counts = [0] * len(spec.segments)
        self.counts[0] = 1
        self.child_pos = -1
        self.child_counts = [0] * len(spec.children)


def _problem(message: str, path: str, value: str | None = None) -> Finding:
    return Finding(
        rule=SEGMENT_RULE, severity=Severity.ERROR, message=message, path=path, value=value
    )


class Walker:
    """Places segments into the loops of ``root``; findings go to ``report``.

    ``closed`` is called with each loop name as its iteration closes.
    """

    def __init__(
        self,
        root: LoopSpec,
        report: Callable[[Finding], None],
        closed: Callable[[str], None] | None = None,
    ) -> None:
        self._root = root
        self._report = report
        self._closed = closed or (lambda _: None)
        self._stack: list[_Frame] = []

    @property
    def loop(self) -> str:
        """The name of the innermost open loop (``""`` outside a transaction)."""
        return self._stack[-1].spec.name if self._stack else ""

    def start(self, segment: Segment) -> None:
        """Open the transaction at its ST segment."""
        self.finish()
        self._stack = [_Frame(self._root, segment.position)]

    def finish(self) -> None:
        """Close every open loop (at SE, or at the end of the input)."""
        self._pop_to(-1)

    def feed(self, segment: Segment) -> str | None:
        """Place ``segment``; the loop it went to, or ``None`` when it fits nowhere."""
        elements = segment.elements
        sid = elements[0]
        stack = self._stack
        top = len(stack) - 1
        for depth in range(top, -1, -1):
            frame = stack[depth]
            spec = frame.spec
            if frame.child_pos < 0:
                candidates = spec.by_id.get(sid)
                if candidates is not None:
                    for pos, candidate in candidates:
                        if pos < frame.seg_pos or (
                            candidate.qualifiers and not candidate.matches(elements)
                        ):
                            continue
                        if pos == frame.seg_pos and frame.counts[pos] >= candidate.max_use:
                            continue
                        if depth != top:
                            self._pop_to(depth)
                        frame.seg_pos = pos
                        frame.counts[pos] += 1
                        return spec.name
            children = spec.children_by_trigger.get(sid)
            if children is not None:
                for k, child in children:
                    if k < frame.child_pos or not child.trigger.matches(elements):
                        continue
                    if k == frame.child_pos and frame.child_counts[k] >= child.max_repeat:
                        continue
                    if depth != top:
                        self._pop_to(depth)
                    return self._enter(frame, k, child, segment)
        return self._misplaced(segment)

    def _enter(self, frame: _Frame, k: int, child: LoopSpec, segment: Segment) -> str:
        frame.child_pos = max(frame.child_pos, k)
        frame.child_counts[k] += 1
        self._stack.append(_Frame(child, segment.position))
        return child.name

    def _misplaced(self, segment: Segment) -> str | None:
        elements = segment.elements
        sid = elements[0]
        stack = self._stack
        for depth in range(len(stack) - 1, -1, -1):
            frame = stack[depth]
            spec = frame.spec
            for pos, candidate in spec.by_id.get(sid, ()):
                if candidate.matches(elements):
                    self._pop_to(depth)
                    self._repeat_or_order(frame, pos, candidate, segment)
                    frame.counts[pos] += 1
                    return spec.name
            for k, child in spec.children_by_trigger.get(sid, ()):
                if child.trigger.matches(elements):
                    self._pop_to(depth)
                    if k == frame.child_pos:
                        message = f"loop {child.name} repeats more than {child.max_repeat} times"
                    else:
                        message = f"loop {child.name} is out of order in loop {spec.name}"
                    self._report(_problem(message, segment.path, child.name))
                    return self._enter(frame, k, child, segment)
        where = stack[-1].spec.name if stack else "the transaction"
        if sid in KNOWN_SEGMENTS:
            message = f"segment {_label(segment)} is not expected in loop {where}"
        else:
            message = f"unknown segment id in loop {where}"
        self._report(_problem(message, segment.path, _safe_id(sid)))
        return None

    def _repeat_or_order(
        self, frame: _Frame, pos: int, candidate: SegmentSpec, segment: Segment
    ) -> None:
        name = frame.spec.name
        if pos == frame.seg_pos and frame.child_pos < 0:
            message = f"{candidate.label} appears more than {candidate.max_use} times in {name}"
        else:
            message = f"{candidate.label} is out of order in loop {name}"
        self._report(_problem(message, segment.path, candidate.label))

    def _pop_to(self, depth: int) -> None:
        stack = self._stack
        while len(stack) > depth + 1:
            frame = stack.pop()
            self._check_closed(frame)
            self._closed(frame.spec.name)

    def _check_closed(self, frame: _Frame) -> None:
        spec = frame.spec
        counts, child_counts = frame.counts, frame.child_counts
        for pos in spec.required_segments:
            if not counts[pos]:
                candidate = spec.segments[pos]
                message = f"required segment {candidate.label} is missing in loop {spec.name}"
                self._report(_problem(message, f"segment[{frame.start}]", candidate.label))
        for k in spec.required_children:
            if not child_counts[k]:
                child = spec.children[k]
                message = f"required loop {child.name} is missing in loop {spec.name}"
                self._report(_problem(message, f"segment[{frame.start}]", child.name))


def _label(segment: Segment) -> str:
    return _safe_id(segment.elements[0])


def _safe_id(sid: str) -> str:
    # A segment id is at most three letters and digits; anything else is not echoed back.
    return sid if sid.isalnum() and len(sid) <= 3 else "?"
