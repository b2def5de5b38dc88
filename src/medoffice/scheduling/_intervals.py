"""Sorted lists of closed integer intervals: the arithmetic behind open-slot search.

Slot search works on the set of feasible *start* instants (epoch seconds): a window from 09:00
to 12:00 for a 30-minute visit allows starts in ``[09:00, 11:30]``; another visit forbids an open
interval of starts around it. These helpers keep such sets as sorted, disjoint ``[a, b]`` pairs.

>>> subtract_open([(0, 100)], 10, 20)
[(0, 10), (20, 100)]
>>> intersect([(0, 10), (20, 30)], [(5, 25)])
[(5, 10), (20, 25)]
>>> union([[(0, 5)], [(3, 9), (20, 21)]])
[(0, 9), (20, 21)]
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["Spans", "clamp", "intersect", "subtract_open", "union"]

Spans = list[tuple[int, int]]


def subtract_open(spans: Spans, low: int, high: int) -> Spans:
    """``spans`` without the open interval ``(low, high)``."""
    result: Spans = []
    for a, b in spans:
        if b <= low or a >= high:
            result.append((a, b))
            continue
        if a <= low:
            result.append((a, low))
        if high <= b:
            result.append((high, b))
    return result


def intersect(left: Spans, right: Spans) -> Spans:
    """The starts in both."""
    result: Spans = []
    i = j = 0
    while i < len(left) and j < len(right):
        a = max(left[i][0], right[j][0])
        b = min(left[i][1], right[j][1])
        if a <= b:
            result.append((a, b))
        if left[i][1] < right[j][1]:
            i += 1
        else:
            j += 1
    return result


def union(groups: Iterable[Spans]) -> Spans:
    """The starts in any of ``groups``, merged."""
    items = sorted(span for group in groups for span in group)
    result: Spans = []
    for a, b in items:
        if result and a <= result[-1][1]:
            if b > result[-1][1]:
                result[-1] = (result[-1][0], b)
        else:
            result.append((a, b))
    return result


def clamp(spans: Spans, low: int, high: int) -> Spans:
    """The starts between ``low`` and ``high`` inclusive."""
    return [(max(a, low), min(b, high)) for a, b in spans if b >= low and a <= high]


def contains(spans: Spans, point: int) -> bool:
    """Whether ``point`` is one of the starts."""
    return any(a <= point <= b for a, b in spans)
