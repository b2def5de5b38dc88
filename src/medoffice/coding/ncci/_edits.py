"""All three NCCI edit tables together, each answering by date of service."""

from __future__ import annotations

from datetime import date
from typing import final

import attrs

from medoffice.coding._problems import LoadProblem
from medoffice.coding.ncci._aoc import AocTable
from medoffice.coding.ncci._mue import MueLimit, MueTable
from medoffice.coding.ncci._ptp import PtpEdit, PtpTable

__all__ = ["NcciEdits"]


@final
@attrs.frozen(kw_only=True)
class NcciEdits:
    """The PTP, MUE and add-on tables a claim check consults; any of them may be absent.

    >>> from datetime import date
    >>> edits = NcciEdits()
    >>> edits.ptp_edit("10060", "99213", on=date(2026, 8, 3)) is None
    True
    >>> edits.mue_limit("99213", on=date(2026, 8, 3)) is None
    True
    """

    ptp: PtpTable | None = None
    mue: MueTable | None = None
    aoc: AocTable | None = None

    def merge(self, other: NcciEdits) -> NcciEdits:
        """Both sets of versions side by side."""

        ptp, mue, aoc = self.ptp, self.mue, self.aoc
        if other.ptp is not None:
            ptp = other.ptp if ptp is None else ptp.merge(other.ptp)
        if other.mue is not None:
            mue = other.mue if mue is None else mue.merge(other.mue)
        if other.aoc is not None:
            aoc = other.aoc if aoc is None else aoc.merge(other.aoc)
        return NcciEdits(ptp=ptp, mue=mue, aoc=aoc)

    @property
    def problems(self) -> tuple[LoadProblem, ...]:
        """What the loaders of every table could not read as it stood."""
        return tuple(p for t in (self.ptp, self.mue, self.aoc) if t is not None for p in t.problems)

    def ptp_edit(self, column1: str, column2: str, *, on: date) -> PtpEdit | None:
        """The PTP edit in force for the ordered pair, or ``None``."""
        return None if self.ptp is None else self.ptp.edit(column1, column2, on=on)

    def mue_limit(self, code: str, *, on: date) -> MueLimit | None:
        """The code's MUE on the date of service, or ``None``."""
        return None if self.mue is None else self.mue.limit(code, on=on)

    def is_add_on(self, code: str, *, on: date) -> bool:
        """Whether ``code`` is an add-on code on the date of service."""
        return self.aoc is not None and self.aoc.is_add_on(code, on=on)
