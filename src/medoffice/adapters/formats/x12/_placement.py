"""The placement rules of a loop structure, worked out once per situation and then looked up.

A :class:`State` is everything that decides where the next segment goes: the open loop
iterations, innermost last, each as ``(loop, segment position, child loop position, segment
counts, child loop counts)``. Counts are kept only up to the repeat limit, since more cannot
change a decision (a loop allowed practically without limit, such as 2000B, counts 0, 1, "more"
and "at its limit"; the walker counts those exactly on the side). A :class:`Step` is what one
segment does to a state: the loops it closes (with their missing required segments and loops),
the finding it raises, the loop it lands in and the state that follows. States and steps are
shared, immutable and bounded in number, so memory stays flat however long the file.

More information: ASC X12 005010X222A1 TR3, appendix A (loop and segment placement rules).

>>> from medoffice.adapters.formats.x12._schema import TRANSACTION
>>> rules = graph(TRANSACTION)
>>> step = rules.transition(rules.initial, "BHT", ("BHT", "0019"))
>>> step.loop, step.closing, step.problem
('ST', (), None)
>>> rules.transition(step.state, "N4", ("N4", "CITY")).problem
('segment N4 is not expected in loop ST', 'N4')
"""

from __future__ import annotations

import threading
from typing import Final

from medoffice.adapters.formats.x12._schema import KNOWN_SEGMENTS, LoopSpec

__all__ = ["SEGMENT_RULE", "Graph", "State", "Step", "graph"]

SEGMENT_RULE: Final = "X12-SEGMENT"
# Repeat limits above this are counted exactly by the walker, not in the state.
_BIG: Final = 1000
# States kept per loop structure before the table is started afresh (memory stays bounded).
_MAX_STATES: Final = 4096

Frame = tuple[int, int, int, tuple[int, ...], tuple[int, ...]]
Key = str | tuple[str, str | None]
Missing = tuple[tuple[str, str], ...]


class State:
    """The open loop iterations; ``next`` caches the step each segment key takes from here."""

    __slots__ = ("blocks", "finish", "frames", "loop", "moves", "next")

    def __init__(self, frames: tuple[Frame, ...], loop: str) -> None:
        self.frames = frames
        self.loop = loop
        self.next: dict[Key, Step] = {}
        self.finish: Step | None = None
        # What the walker's owner makes of the steps of ``next``, by the same keys (the same for
        # every owner of a kind), so that it finds all it needs in one look-up per segment.
        self.moves: dict[Key, object] = {}
        # What the walker's owner makes of whole runs of segments from here, by its own keys.
        self.blocks: dict[object, object] = {}


class Step:
    """What one segment does: closes loops, may raise a finding, lands in a loop (or none)."""

    __slots__ = (
        "bump",
        "closing",
        "data",
        "keep",
        "loop",
        "names",
        "problem",
        "push",
        "quiet",
        "silent",
        "simple",
        "state",
    )

    def __init__(
        self,
        state: State,
        loop: str | None,
        *,
        closing: tuple[tuple[int, Missing, str], ...],
        problem: tuple[str, str | None] | None,
        push: bool,
        bump: tuple[int, str, int, int] | None,
    ) -> None:
        self.state = state
        self.loop = loop
        self.closing = closing
        self.problem = problem
        self.push = push
        self.bump = bump
        # Nothing to do but move to the next state: no loop closes or opens, no finding.
        self.quiet = not closing and problem is None and not push and bump is None
        # The loops it closes, innermost first, and whether none of them misses anything.
        self.names = tuple(name for _, _, name in closing)
        self.silent = not any(missing for _, missing, _ in closing)
        # No finding and no exact count: only loops to close (missing nothing) and one to open.
        self.simple = self.silent and problem is None and bump is None
        # How many loops stay open from before (the rest close).
        self.keep = len(state.frames) - push
        # What the walker's owner derives from the step (the same for every owner of a kind).
        self.data: object = None


def _cap(limit: int) -> int:
    return limit if limit <= _BIG else 2


def _bump(counts: list[int], index: int, limit: int) -> None:
    value = counts[index]
    if value < _cap(limit):
        counts[index] = value + 1


class _Open:
    """A mutable copy of one frame of a state."""

    __slots__ = ("child_counts", "child_pos", "counts", "seg_pos", "spec")

    def __init__(self, frame: Frame) -> None:
        self.spec, self.seg_pos, self.child_pos = frame[0], frame[1], frame[2]
        self.counts, self.child_counts = list(frame[3]), list(frame[4])

    def frozen(self) -> Frame:
        return (
            self.spec,
            self.seg_pos,
            self.child_pos,
            tuple(self.counts),
            tuple(self.child_counts),
        )


class _Work:
    """A mutable copy of a state's frames while one transition is worked out."""

    def __init__(self, specs: list[LoopSpec], frames: tuple[Frame, ...]) -> None:
        self.specs = specs
        self.frames = [_Open(frame) for frame in frames]
        self.closing: list[tuple[int, Missing, str]] = []
        self.problem: tuple[str, str | None] | None = None
        self.push = False
        self.bump: tuple[int, str, int, int] | None = None
        self.loop: str | None = None

    def pop_to(self, depth: int) -> None:
        frames = self.frames
        while len(frames) > depth + 1:
            index = len(frames) - 1
            frame = frames.pop()
            spec, counts, child_counts = self.specs[frame.spec], frame.counts, frame.child_counts
            missing: list[tuple[str, str]] = []
            for pos in spec.required_segments:
                if not counts[pos]:
                    label = spec.segments[pos].label
                    missing.append(
                        (f"required segment {label} is missing in loop {spec.name}", label)
                    )
            for k in spec.required_children:
                if not child_counts[k]:
                    child = spec.children[k].name
                    missing.append((f"required loop {child} is missing in loop {spec.name}", child))
            self.closing.append((index, tuple(missing), spec.name))

    def count_segment(self, depth: int, pos: int, limit: int) -> None:
        _bump(self.frames[depth].counts, pos, limit)
        if limit > _BIG:
            self.bump = (depth, "s", pos, limit)

    def enter(self, depth: int, k: int, child: LoopSpec, child_index: int) -> str:
        frame = self.frames[depth]
        frame.child_pos = max(frame.child_pos, k)
        _bump(frame.child_counts, k, child.max_repeat)
        if child.max_repeat > _BIG:
            self.bump = (depth, "c", k, child.max_repeat)
        counts = [0] * len(child.segments)
        counts[0] = 1
        self.frames.append(_Open((child_index, 0, -1, tuple(counts), (0,) * len(child.children))))
        self.push = True
        return child.name


class Graph:
    """The states and steps of one loop structure (``root``), built as they are met."""

    def __init__(self, root: LoopSpec) -> None:
        self.root = root
        self.specs: list[LoopSpec] = []
        self._index: dict[int, int] = {}
        self._collect(root)
        self.qualifier_at: dict[str, int] = {}
        self.qualifiers: dict[str, frozenset[str]] = {}
        self._qualified(root)
        self._sids = frozenset(s.id for spec in self.specs for s in spec.segments)
        self._lock = threading.Lock()
        self._states: dict[tuple[Frame, ...], State] = {}
        self.empty = self._intern(())
        counts = (1,) + (0,) * (len(root.segments) - 1)
        self.initial = self._intern(((0, 0, -1, counts, (0,) * len(root.children)),))

    def _collect(self, spec: LoopSpec) -> None:
        self._index[id(spec)] = len(self.specs)
        self.specs.append(spec)
        for child in spec.children:
            self._collect(child)

    def _qualified(self, spec: LoopSpec) -> None:
        for segment in spec.segments:
            if segment.qualifiers:
                at = self.qualifier_at.setdefault(segment.id, segment.qualifier_at)
                if at != segment.qualifier_at:
                    raise ValueError(f"{segment.id} is qualified at two positions")
                known = self.qualifiers.get(segment.id, frozenset())
                self.qualifiers[segment.id] = known | segment.qualifiers
        for child in spec.children:
            self._qualified(child)

    def _intern(self, frames: tuple[Frame, ...]) -> State:
        state = self._states.get(frames)
        if state is None:
            with self._lock:
                if len(self._states) >= _MAX_STATES:
                    self._states.clear()
                loop = self.specs[frames[-1][0]].name if frames else ""
                state = self._states.setdefault(frames, State(frames, loop))
        return state

    def _freeze(self, work: _Work) -> State:
        return self._intern(tuple(frame.frozen() for frame in work.frames))

    def _step(self, work: _Work) -> Step:
        return Step(
            self._freeze(work),
            work.loop,
            closing=tuple(work.closing),
            problem=work.problem,
            push=work.push,
            bump=work.bump,
        )

    def finishing(self, state: State) -> Step:
        """The step that closes every open loop of ``state``."""
        work = _Work(self.specs, state.frames)
        work.pop_to(-1)
        return self._step(work)

    def saturated(self, state: State, depth: int, kind: str, index: int) -> State:
        """``state`` with one practically unlimited count marked as at its limit."""
        work = _Work(self.specs, state.frames)
        frame = work.frames[depth]
        spec = self.specs[frame.spec]
        if kind == "s":
            frame.counts[index] = spec.segments[index].max_use
        else:
            frame.child_counts[index] = spec.children[index].max_repeat
        return self._freeze(work)

    def transition(self, state: State, key: Key, elements: tuple[str, ...]) -> Step:
        """The step a segment (``elements``, reduced to ``key``) takes from ``state``.

        The step is remembered for ``key`` unless the segment id is one the structure does not
        know (whose finding quotes it).
        """
        sid = elements[0]
        work = _Work(self.specs, state.frames)
        self._place(work, sid, elements)
        step = self._step(work)
        if sid in self._sids:
            state.next[key] = step
        return step

    def _place(self, work: _Work, sid: str, elements: tuple[str, ...]) -> None:
        frames, specs = work.frames, self.specs
        top = len(frames) - 1
        for depth in range(top, -1, -1):
            frame = frames[depth]
            spec = specs[frame.spec]
            if frame.child_pos < 0:
                for pos, candidate in spec.by_id.get(sid, ()):
                    if pos < frame.seg_pos or (
                        candidate.qualifiers and not candidate.matches(elements)
                    ):
                        continue
                    if pos == frame.seg_pos and frame.counts[pos] >= candidate.max_use:
                        continue
                    work.pop_to(depth)
                    frame.seg_pos = pos
                    work.count_segment(depth, pos, candidate.max_use)
                    work.loop = spec.name
                    return
            for k, child in spec.children_by_trigger.get(sid, ()):
                if k < frame.child_pos or not child.trigger.matches(elements):
                    continue
                if k == frame.child_pos and frame.child_counts[k] >= child.max_repeat:
                    continue
                work.pop_to(depth)
                work.loop = work.enter(depth, k, child, self._index[id(child)])
                return
        self._misplaced(work, sid, elements)

    def _misplaced(self, work: _Work, sid: str, elements: tuple[str, ...]) -> None:
        frames, specs = work.frames, self.specs
        for depth in range(len(frames) - 1, -1, -1):
            frame = frames[depth]
            spec = specs[frame.spec]
            for pos, candidate in spec.by_id.get(sid, ()):
                if candidate.matches(elements):
                    work.pop_to(depth)
                    name = spec.name
                    if pos == frame.seg_pos and frame.child_pos < 0:
                        limit = candidate.max_use
                        message = f"{candidate.label} appears more than {limit} times in {name}"
                    else:
                        message = f"{candidate.label} is out of order in loop {name}"
                    work.problem = (message, candidate.label)
                    work.count_segment(depth, pos, candidate.max_use)
                    work.loop = name
                    return
            for k, child in spec.children_by_trigger.get(sid, ()):
                if child.trigger.matches(elements):
                    work.pop_to(depth)
                    if k == frame.child_pos:
                        message = f"loop {child.name} repeats more than {child.max_repeat} times"
                    else:
                        message = f"loop {child.name} is out of order in loop {spec.name}"
                    work.problem = (message, child.name)
                    work.loop = work.enter(depth, k, child, self._index[id(child)])
                    return
        where = specs[frames[-1].spec].name if frames else "the transaction"
        if sid in KNOWN_SEGMENTS:
            message = f"segment {_safe_id(sid)} is not expected in loop {where}"
        else:
            message = f"unknown segment id in loop {where}"
        work.problem = (message, _safe_id(sid))


def _safe_id(sid: str) -> str:
    # A segment id is at most three letters and digits; anything else is not echoed back.
    return sid if sid.isalnum() and len(sid) <= 3 else "?"


_GRAPHS: Final[dict[int, Graph]] = {}


def graph(root: LoopSpec) -> Graph:
    """The (shared) placement graph of the loop structure ``root``."""
    found = _GRAPHS.get(id(root))
    if found is None or found.root is not root:
        if len(_GRAPHS) >= 8:
            _GRAPHS.clear()
        found = _GRAPHS[id(root)] = Graph(root)
    return found
