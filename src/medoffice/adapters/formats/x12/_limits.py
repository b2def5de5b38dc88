"""The findings of the reader's own limits: ``X12-LIMIT``.

A reader that must never run out of memory on a hostile file keeps two things bounded: the
length of a segment (a segment still unterminated after ``max_segment`` bytes is dropped) and
the number of findings listed (for the file as a whole and for each claim; the rest are
counted). Each limit reached is one ``X12-LIMIT`` finding, so nothing is dropped silently.

>>> from medoffice.adapters.formats.x12._tokens import OVERLONG, Segment
>>> finding = overlong(Segment(7, 0, (OVERLONG, "2000000")))
>>> str(finding.rule), finding.path, finding.message
('X12-LIMIT', 'segment[7]', 'a segment of 2000000 bytes is longer than the reader keeps: skipped')
>>> unlisted(12, "the file").message
'12 more findings in the file are not listed'
"""

from __future__ import annotations

from typing import Final

from medoffice.adapters.formats.x12._tokens import Segment
from medoffice.kernel import Finding, Severity

__all__ = ["LIMIT_RULE", "overlong", "unlisted"]

LIMIT_RULE: Final = "X12-LIMIT"


def overlong(segment: Segment) -> Finding:
    """The finding for the stand-in of a segment longer than the reader keeps."""
    length = segment.get(1)
    return Finding(
        rule=LIMIT_RULE,
        severity=Severity.ERROR,
        message=f"a segment of {length} bytes is longer than the reader keeps: skipped",
        path=segment.path,
    )


def unlisted(count: int, where: str, path: str = "") -> Finding:
    """The finding that counts the findings past the limit (``where``: the file, the claim)."""
    return Finding(
        rule=LIMIT_RULE,
        severity=Severity.WARNING,
        message=f"{count} more findings in {where} are not listed",
        path=path,
        value=str(count),
    )
