"""The envelopes around transactions: ISA/IEA, GS/GE and ST/SE, with X12-ENVELOPE findings.

An interchange (ISA ... IEA) holds functional groups (GS ... GE), which hold transaction sets
(ST ... SE). Each trailer repeats its header's control number and counts what it closes: IEA01
the groups, GE01 the transaction sets, SE01 the segments from ST to SE inclusive. A trailer
that disagrees, a header without its trailer, or a trailer without its header is an
``X12-ENVELOPE`` finding at the trailer's (or header's) position.

More information: ASC X12 005010 standard, control segments ISA, GS, ST and their trailers.

>>> from medoffice.adapters.formats.x12._tokens import Segment
>>> found = []
>>> envelope = EnvelopeChecker(found.append)
>>> envelope.transaction(Segment(3, 0, ("ST", "837", "0001", "005010X222A1")))  # an 837P: read
True
>>> envelope.transaction_end(Segment(9, 0, ("SE", "5", "0001")))
>>> [(str(f.rule), f.path, f.value) for f in found]  # no GS around the ST; SE01 is not 7
[('X12-ENVELOPE', 'segment[3]', None), ('X12-ENVELOPE', 'segment[9].SE01', '5')]
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from medoffice.adapters.formats.x12._tokens import Segment
from medoffice.kernel import Finding, Severity

__all__ = ["ENVELOPE_RULE", "VERSIONS", "EnvelopeChecker"]

ENVELOPE_RULE: Final = "X12-ENVELOPE"
# The 837P implementation guide and its errata.
VERSIONS: Final = frozenset({"005010X222", "005010X222A1", "005010X222A2"})


def _problem(
    message: str, segment: Segment, position: int = 0, value: str | None = None
) -> Finding:
    path = segment.path
    if position:
        path += f".{segment.elements[0]}{position:02d}"
    return Finding(
        rule=ENVELOPE_RULE,
        severity=Severity.ERROR,
        message=message,
        path=path,
        value=None if value is None else value[:40],
    )


class EnvelopeChecker:
    """Follows the envelope segments and reports what does not add up."""

    def __init__(self, report: Callable[[Finding], None]) -> None:
        self._report = report
        self.isa: Segment | None = None
        self.gs: Segment | None = None
        self.st: Segment | None = None
        self._groups = 0
        self._sets = 0

    @property
    def in_transaction(self) -> bool:
        """Whether an ST is open."""
        return self.st is not None

    def interchange(self, segment: Segment) -> None:
        """An ISA header."""
        if self.isa is not None:
            self.end(segment)
        self.isa, self._groups = segment, 0
        control = segment.get(13)
        if len(control) != 9 or not control.isdigit():
            self._report(_problem("ISA13 is a nine-digit control number", segment, 13, control))

    def interchange_end(self, segment: Segment) -> None:
        """An IEA trailer."""
        self._close_group(segment)
        if self.isa is None:
            self._report(_problem("IEA without an ISA", segment))
            return
        if segment.get(2) != self.isa.get(13):
            self._report(_problem("IEA02 differs from ISA13", segment, 2, segment.get(2)))
        if segment.get(1) != str(self._groups):
            self._report(_problem("IEA01 is not the number of groups", segment, 1, segment.get(1)))
        self.isa = None

    def group(self, segment: Segment) -> None:
        """A GS header (GS01 is checked at its first 837P set: another set says enough)."""
        self._close_group(segment)
        if self.isa is None:
            self._report(_problem("GS outside an interchange (no ISA)", segment))
        self.gs, self._sets = segment, 0
        self._groups += 1

    def group_end(self, segment: Segment) -> None:
        """A GE trailer."""
        self._close_set(segment)
        if self.gs is None:
            self._report(_problem("GE without a GS", segment))
            return
        if segment.get(2) != self.gs.get(6):
            self._report(_problem("GE02 differs from GS06", segment, 2, segment.get(2)))
        if segment.get(1) != str(self._sets):
            self._report(_problem("GE01 is not the number of sets", segment, 1, segment.get(1)))
        self.gs = None

    def transaction(self, segment: Segment) -> bool:
        """An ST header; whether the set is an 837P to read (any other gets one finding)."""
        self._close_set(segment)
        if self.gs is None:
            self._report(_problem("ST outside a functional group (no GS)", segment))
        self.st = segment
        self._sets += 1
        kind = segment.get(1)
        version = segment.get(3) or (self.gs.get(8) if self.gs is not None else "")
        if kind != "837":
            message = "the set is not an 837 claim: it is not read"
            self._report(_problem(message, segment, 1, kind[:6]))
            return False
        if version not in VERSIONS:
            message = "the set is not an 837P of version 005010X222A1: it is not read"
            self._report(_problem(message, segment, 3, version[:20]))
            return False
        gs = self.gs
        if gs is not None and self._sets == 1 and gs.get(1) != "HC":
            self._report(_problem("GS01 is HC for health care claims", gs, 1, gs.get(1)))
        return True

    def transaction_end(self, segment: Segment) -> None:
        """An SE trailer."""
        if self.st is None:
            self._report(_problem("SE without an ST", segment))
            return
        if segment.get(2) != self.st.get(2):
            self._report(_problem("SE02 differs from ST02", segment, 2, segment.get(2)))
        count = str(segment.position - self.st.position + 1)
        if segment.get(1) != count:
            self._report(_problem("SE01 is not the number of segments", segment, 1, segment.get(1)))
        self.st = None

    def end(self, segment: Segment | None) -> None:
        """The input ended (or a new ISA began): report every envelope left open."""
        for opened, trailer in ((self.st, "SE"), (self.gs, "GE"), (self.isa, "IEA")):
            if opened is not None:
                where = segment if segment is not None else opened
                self._report(_problem(f"{trailer} is missing", where, value=trailer))
        self.isa = self.gs = self.st = None

    def _close_set(self, segment: Segment) -> None:
        if self.st is not None:
            self._report(_problem("SE is missing before this segment", segment, value="SE"))
            self.st = None

    def _close_group(self, segment: Segment) -> None:
        self._close_set(segment)
        if self.gs is not None:
            self._report(_problem("GE is missing before this segment", segment, value="GE"))
            self.gs = None
