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
>>> sweep([(0, 100, 0)], [(10, 20), (15, 30), (30, 40)])
[(0, 10, 0), (30, 30, 0), (40, 100, 0)]
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = [
    "Spans",
    "clamp",
    "contains",
    "intersect",
    "intersect_windows",
    "merge_windows",
    "subtract_open",
    "sweep",
    "sweep_edges",
    "union",
]

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


def merge_windows(windows: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Sort and join overlapping ``(a, b, offset)`` windows (the first offset is kept)."""
    if all(windows[n][0] > windows[n - 1][1] for n in range(1, len(windows))):
        return windows  # already sorted and disjoint: the usual case
    merged: list[tuple[int, int, int]] = []
    for a, b, offset in sorted(windows):
        if merged and a <= merged[-1][1]:
            if b > merged[-1][1]:
                merged[-1] = (merged[-1][0], b, merged[-1][2])
        else:
            merged.append((a, b, offset))
    return merged


def sweep(windows: list[tuple[int, int, int]], forbids: Spans) -> list[tuple[int, int, int]]:
    """The starts of sorted, disjoint ``windows`` left once the open ``forbids`` are removed.

    ``forbids`` are sorted by their lower end. One pass over both lists: ``cursor`` is the
    first start not yet ruled out, carried from one window to the next.
    """
    result: list[tuple[int, int, int]] = []
    append = result.append
    count = len(forbids)
    index = 0
    carry = 0
    for a, b, tag in windows:
        cursor = a if a > carry else carry
        while index < count:
            low, high = forbids[index]
            if low >= b:
                break
            if low >= cursor:
                append((cursor, low, tag))
            if high > cursor:  # noqa: PLR1730 - hot loop: a comparison beats a max() call
                cursor = high
            index += 1
        if cursor <= b:
            append((cursor, b, tag))
        carry = cursor
    return result


def intersect_windows(
    windows: list[tuple[int, int, int]], spans: Spans
) -> list[tuple[int, int, int]]:
    """The parts of ``(a, b, tag)`` windows inside ``spans``; each part keeps its window's tag."""
    result: list[tuple[int, int, int]] = []
    i = j = 0
    while i < len(windows) and j < len(spans):
        a = max(windows[i][0], spans[j][0])
        b = min(windows[i][1], spans[j][1])
        if a <= b:
            result.append((a, b, windows[i][2]))
        if windows[i][1] < spans[j][1]:
            i += 1
        else:
            j += 1
    return result


def sweep_edges(
    windows: list[tuple[int, int, int]],
    edges: list[tuple[int, int, int, int]],
    *,
    length: int,
    before: int,
    after: int,
) -> list[tuple[int, int, int]]:
    """:func:`sweep` with the forbidden intervals computed on the fly from visits' edges.

    ``edges`` are ``(start, end, buffer before, buffer after)`` sorted so that their forbidden
    intervals are sorted too (true when every visit has the same buffers).
    """
    result: list[tuple[int, int, int]] = []
    append = result.append
    count = len(edges)
    index = 0
    carry = 0
    for a, b, tag in windows:
        cursor = a if a > carry else carry
        while index < count:
            start, end, lead, gap = edges[index]
            low = start - length - (lead if lead > after else after)
            if low >= b:
                break
            if low >= cursor:
                append((cursor, low, tag))
            high = end + (gap if gap > before else before)
            if high > cursor:  # noqa: PLR1730 - hot loop: a comparison beats a max() call
                cursor = high
            index += 1
        if cursor <= b:
            append((cursor, b, tag))
        carry = cursor
    return result
