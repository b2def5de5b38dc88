"""Placing each segment of a transaction in its loop, with X12-SEGMENT findings.

The walker keeps a stack of open loop iterations. A segment goes, in order of preference, to the
next position of the innermost loop, to a new iteration of one of its child loops, or to an
enclosing loop (closing the inner ones, whose required segments and loops are then checked).
A segment that only fits an earlier position is *out of order*; one that fits nowhere is
*unexpected* (or *unknown*, when the 837P has no such segment). Each of these is an
``X12-SEGMENT`` finding at the segment's position, and reading goes on.

Where a segment goes depends only on the open loops, where each stands, how often each of
their segments and child loops has been seen (up to its repeat limit: more cannot change a
decision) and the segment's id and qualifier. The walker therefore works out each such
transition once (:mod:`~medoffice.adapters.formats.x12._placement`) and afterwards only looks it
up, so a file of many similar claims is placed at the cost of one dictionary look-up per segment.

More information: ASC X12 005010X222A1 TR3, appendix A (loop and segment placement rules).

>>> from medoffice.adapters.formats.x12._schema import TRANSACTION
>>> from medoffice.adapters.formats.x12._tokens import Segment
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

from medoffice.adapters.formats.x12._placement import SEGMENT_RULE, Graph, Key, State, Step, graph
from medoffice.adapters.formats.x12._schema import LoopSpec
from medoffice.adapters.formats.x12._tokens import Segment
from medoffice.kernel import Finding, Severity

__all__ = ["SEGMENT_RULE", "Walker"]

_ERROR: Final = Severity.ERROR


def _ignore(_: str) -> None:
    pass


class Walker:
    """Places segments into the loops of ``root``; findings go to ``report``.

    ``closed`` is called with each loop name as its iteration closes (only with the names in
    ``watched``, when given).
    """

    __slots__ = (
        "_closed",
        "_exact",
        "_graph",
        "_report",
        "_watched",
        "qualifier_at",
        "qualifiers",
        "starts",
        "state",
    )

    def __init__(
        self,
        root: LoopSpec,
        report: Callable[[Finding], None],
        closed: Callable[[str], None] | None = None,
        *,
        watched: frozenset[str] | None = None,
    ) -> None:
        self._graph: Graph = graph(root)
        # How a segment becomes the key of its step from ``state``: its id, or its id and
        # qualifier (when known to the structure) for the ids that some loop qualifies.
        self.qualifier_at = self._graph.qualifier_at
        self.qualifiers = self._graph.qualifiers
        self._report = report
        self._closed = closed or _ignore
        self._watched = watched
        self.state: State = self._graph.empty
        # The position of the segment that opened each open loop iteration, outermost first
        # (always the same list, so that a caller applying simple steps itself may hold it).
        self.starts: list[int] = []
        # Exact counts of the loops and segments allowed to repeat without a practical limit,
        # by (depth, kind, index): (start of the frame counted, count).
        self._exact: dict[tuple[int, str, int], tuple[int, int]] = {}

    @property
    def loop(self) -> str:
        """The name of the innermost open loop (``""`` outside a transaction)."""
        return self.state.loop

    def start(self, segment: Segment) -> None:
        """Open the transaction at its ST segment."""
        self.finish()
        self.state = self._graph.initial
        self.starts[:] = [segment.position]

    def finish(self) -> None:
        """Close every open loop (at SE, or at the end of the input)."""
        state = self.state
        if state.frames:
            step = state.finish
            if step is None:
                step = state.finish = self._graph.finishing(state)
            self._close(step)
            self.state = step.state

    def feed(self, segment: Segment) -> str | None:
        """Place ``segment``; the loop it went to, or ``None`` when it fits nowhere."""
        return self.place(segment).loop

    def place(self, segment: Segment) -> Step:
        """Place ``segment``; the step it took (``step.loop`` is ``None`` when it fits nowhere)."""
        elements = segment.elements
        sid = elements[0]
        at = self.qualifier_at.get(sid)
        if at is None:
            key: Key = sid
        else:
            value = elements[at] if at < len(elements) else None
            key = (sid, value if value in self.qualifiers[sid] else None)
        step = self.state.next.get(key)
        if step is None:
            step = self._graph.transition(self.state, key, elements)
        self.take(step, segment)
        return step

    def take(self, step: Step, segment: Segment) -> None:
        """Apply ``step``, found in ``state.next`` for ``segment``'s key."""
        if step.closing:
            self._close(step)
        self.state = step.state
        if step.problem is not None:
            message, value = step.problem
            self._report(
                Finding(
                    rule=SEGMENT_RULE,
                    severity=_ERROR,
                    message=message,
                    path=f"segment[{segment.position}]",
                    value=value,
                )
            )
        if step.push:
            self.starts.append(segment.position)
        if step.bump is not None:
            self._count(step.bump)

    def count(self, step: Step) -> None:
        """Count what ``step`` counts exactly, for a caller that applies the rest of it itself
        (as :meth:`take` does, with the same ``starts``)."""
        if step.bump is not None:
            self._count(step.bump)

    def _close(self, step: Step) -> None:
        closed, watched = self._closed, self._watched
        if step.silent:
            for name in step.names:
                if watched is None or name in watched:
                    closed(name)
            del self.starts[step.keep :]
            return
        starts, report = self.starts, self._report
        for depth, missing, name in step.closing:
            for message, label in missing:
                report(
                    Finding(
                        rule=SEGMENT_RULE,
                        severity=_ERROR,
                        message=message,
                        path=f"segment[{starts[depth]}]",
                        value=label,
                    )
                )
            if watched is None or name in watched:
                closed(name)
        del starts[step.keep :]

    def _count(self, bump: tuple[int, str, int, int]) -> None:
        depth, kind, index, limit = bump
        start = self.starts[depth]
        key = (depth, kind, index)
        seen = self._exact.get(key)
        count = (seen[1] if seen is not None and seen[0] == start else 0) + 1
        self._exact[key] = (start, count)
        if count >= limit:
            self.state = self._graph.saturated(self.state, depth, kind, index)
