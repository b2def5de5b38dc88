"""A bounded memo that keeps an answer from the second time its key is asked for.

The checker remembers answers across the claims of a context (the NCCI analysis of a line set,
the diagnosis analysis of a claim's diagnoses and dates). A batch where every claim differs
would fill such a memo with answers nobody asks for again, and with keys that stay alive: every
claim would leave tuples behind for the garbage collector to walk. So the first time a key is
met only its hash is noted (an integer the collector ignores); its answer is kept from the
second time on.

Making a key costs too (a tuple of a claim's lines, hashed). :meth:`watching` tells a caller
whether to make one at all: after :data:`SAMPLE` first sightings in a row (a batch where every
claim differs) the memo pauses for :data:`PAUSE` calls, then samples again; a single repeat
among the sightings keeps it watching.

>>> memo: SecondSightMemo[str, int] = SecondSightMemo()
>>> memo.get("a") is None
True
>>> memo.offer("a", 1)
>>> memo.get("a") is None
True
>>> memo.offer("a", 1)
>>> memo.get("a")
1
>>> memo.sight("b"), memo.sight("b")
((None, False), (None, True))
>>> memo.keep("b", 2)
>>> memo.sight("b")
(2, True)
>>> for n in range(SAMPLE):
...     _ = memo.sight(n)
>>> memo.watching(), memo.watching()
(False, False)
"""

from __future__ import annotations

from typing import Final, Generic, TypeVar, final

from medoffice.claims._diagnoses import CACHE_LIMIT

__all__ = ["PAUSE", "SAMPLE", "SecondSightMemo"]

SAMPLE: Final = 64
"""First sightings in a row (no key seen twice) after which :meth:`SecondSightMemo.watching`
pauses."""
PAUSE: Final = 1_024
"""Calls of :meth:`SecondSightMemo.watching` answered ``False`` before it samples again."""

K = TypeVar("K")
V = TypeVar("V")


@final
class SecondSightMemo(Generic[K, V]):
    """Answers by key, kept from a key's second sighting; bounded by :data:`CACHE_LIMIT`."""

    __slots__ = ("_answers", "_fresh", "_paused", "_seen")

    def __init__(self) -> None:
        self._answers: dict[K, V] = {}
        self._seen: set[int] = set()
        self._fresh = 0  # first sightings in a row, by sight()
        self._paused = 0  # calls of watching() still to answer False

    def watching(self) -> bool:
        """Whether a key is worth making for :meth:`sight` now.

        ``False`` for :data:`PAUSE` calls after :data:`SAMPLE` first sightings in a row: the
        batch repeats nothing, and a caller that makes no key computes its answer afresh (the
        same answer). Then it samples again.
        """
        if self._paused:
            self._paused -= 1
            return False
        return True

    def get(self, key: K) -> V | None:
        """The answer kept for ``key``, or ``None``."""
        return self._answers.get(key)

    def offer(self, key: K, value: V) -> None:
        """``value`` has just been computed for ``key``: keep it if the key was seen before.

        Two keys with one hash make the second one's answer kept a sighting early: the answer
        is still looked up by the whole key, so nothing is ever answered for another key.
        """
        seen = self._seen
        marker = hash(key)
        if marker in seen:
            answers = self._answers
            if len(answers) >= CACHE_LIMIT:
                answers.clear()
            answers[key] = value
            return
        if len(seen) >= CACHE_LIMIT:
            seen.clear()
        seen.add(marker)

    def sight(self, key: K) -> tuple[V | None, bool]:
        """The answer kept for ``key`` (or ``None``), and whether to :meth:`keep` a new one.

        :meth:`get` and :meth:`offer` in one step, hashing the key once on a first sighting
        (the common case where every key differs): the sighting is noted, nothing is looked
        up, and the answer computed next is not to be kept.
        """
        seen = self._seen
        marker = hash(key)
        if marker in seen:
            self._fresh = 0
            return self._answers.get(key), True
        if len(seen) >= CACHE_LIMIT:
            seen.clear()
        seen.add(marker)
        fresh = self._fresh + 1
        if fresh >= SAMPLE:
            fresh = 0
            self._paused = PAUSE
        self._fresh = fresh
        return None, False

    def keep(self, key: K, value: V) -> None:
        """Keep ``value`` for ``key`` (after :meth:`sight` said to)."""
        answers = self._answers
        if len(answers) >= CACHE_LIMIT:
            answers.clear()
        answers[key] = value

    def __len__(self) -> int:
        return len(self._answers)
