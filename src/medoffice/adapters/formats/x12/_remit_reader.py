"""Reading 835 remittances: payments, claims and findings, streamed.

:func:`read_835` reads an X12 file (any delimiters, with or without line breaks, several
interchanges, groups and transaction sets) and yields, in file order, each
:class:`~medoffice.revenue.model.Remittance` as soon as its transaction set closes, followed by
its balancing findings (``ERA-BAL-*``, from :func:`~medoffice.revenue.balancing.check_remittance`),
and every structural finding as it is met: ``X12-ENVELOPE`` (trailers, counts, a segment outside
a set), ``X12-SEGMENT`` (a segment unknown to the 835 or out of its loop) and ``X12-ELEMENT``
(missing or malformed values). A file of another transaction set or version is refused with one
``ERA-SET`` finding, and nothing of it is read. Only an input that is not X12 at all raises
(:class:`~medoffice.adapters.formats.x12.NotX12`). :func:`read_835_all` collects everything.

More information: ASC X12 005010X221A1 Health Care Claim Payment/Advice (835) TR3.

>>> from medoffice.testing import generate_835
>>> reading = read_835_all(generate_835(3, seed=1))
>>> len(reading.remittances), len(reading.remittances[0].claims), reading.report.ok
(1, 3, True)
"""

from __future__ import annotations

import gc
import io
import os
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import IO, Final, final

import attrs

from medoffice.adapters.formats.x12._elements import _DAYS, day, problem, text
from medoffice.adapters.formats.x12._remit_values import (
    _ADJUSTMENTS,
    _AMOUNTS,
    ClaimDraft,
    LineDraft,
    RemittanceDraft,
    read_amount,
    read_cas,
    read_provider_adjustments,
)
from medoffice.adapters.formats.x12._tokens import Segment, open_batches
from medoffice.kernel import Finding, Report, Severity
from medoffice.revenue._balancing import check_claims_among
from medoffice.revenue._catalogue import NOT_835
from medoffice.revenue._model import Remittance

__all__ = ["RemittanceReading", "read_835", "read_835_all"]

Source = IO[bytes] | bytes | str | os.PathLike[str]
VERSION: Final = "005010X221A1"
_ENVELOPE: Final = "X12-ENVELOPE"
_SEGMENT: Final = "X12-SEGMENT"
_LINE_DATES: Final = frozenset({"472", "150"})
# Segments of the 835 that carry nothing posting needs; read past in any loop.
_PASSED: Final = ("CUR", "N2", "N3", "N4", "PER", "RDM", "TS3", "TS2", "QTY")
_CONTROL: Final = frozenset({"SE", "GE", "IEA", "ISA", "GS", "ST"})


@final
@attrs.frozen(kw_only=True)
class RemittanceReading:
    """Everything read from a (small) file: the remittances and one report of every finding."""

    remittances: tuple[Remittance, ...]
    report: Report


def read_835(source: Source, *, chunk_size: int = 1 << 20) -> Iterator[Remittance | Finding]:
    """Remittances and findings of an 835 file, path or bytes, in file order.

    Raises :class:`~medoffice.adapters.formats.x12.NotX12` at once when the input does not
    start with an ISA header.
    """
    if isinstance(source, bytes):
        return _read(io.BytesIO(source), chunk_size, None)
    if isinstance(source, str | os.PathLike):
        stream = Path(source).open("rb")  # noqa: SIM115 - closed when the reading ends
        try:
            return _read(stream, chunk_size, stream)
        except BaseException:
            stream.close()
            raise
    return _read(source, chunk_size, None)


def read_835_all(source: Source) -> RemittanceReading:
    """Read a whole file into memory: its remittances and a report of all findings."""
    remittances: list[Remittance] = []
    findings: list[Finding] = []
    for item in read_835(source):
        if isinstance(item, Remittance):
            remittances.append(item)
        else:
            findings.append(item)
    return RemittanceReading(remittances=tuple(remittances), report=Report.of(findings))


def _read(
    stream: IO[bytes], chunk_size: int, owned: IO[bytes] | None
) -> Iterator[Remittance | Finding]:
    delimiters, batches = open_batches(stream, chunk_size=chunk_size)
    return _Reader(delimiters.component).run(batches, owned)


def _pause_collector() -> bool:
    """Pause the cyclic garbage collector while the reader runs; whether it was running.

    Reading makes several objects a segment (segments, money, adjustments, lines, claims), none
    in a reference cycle, and keeps a transaction's until it closes: the collector would scan
    them again and again, a fifth of the reading time. It runs again at every item handed to
    the caller (so never paused while the caller's code runs), and collects then.
    """
    if gc.isenabled():
        gc.disable()
        return True
    return False


def _resume_collector(paused: bool) -> bool:  # noqa: FBT001 - the flag _pause_collector gave
    """Switch the collector back on if it was paused; ``False`` (it is no longer paused)."""
    if paused:
        gc.enable()
    return False


def _envelope(message: str, segment: Segment, value: str | None = None) -> Finding:
    return Finding(
        rule=_ENVELOPE, severity=Severity.ERROR, message=message, path=segment.path, value=value
    )


def _misplaced(segment: Segment, where: str) -> Finding:
    return Finding(
        rule=_SEGMENT,
        severity=Severity.ERROR,
        message=f"segment {segment.id[:3]} is not expected {where}",
        path=segment.path,
        value=segment.id[:3],
    )


class _Reader:
    def __init__(self, component: str) -> None:
        self.component = component
        self.out: list[Remittance | Finding] = []
        self.report: Callable[[Finding], None] = self.out.append
        self.gs: Segment | None = None
        self.st: Segment | None = None
        self.refused = False
        self.skipping = False
        self.draft: RemittanceDraft | None = None
        self.claim: ClaimDraft | None = None
        self.line: LineDraft | None = None
        self.party = ""
        self.outside: dict[str, Callable[[Segment], None]] = {}
        self.handlers = self.outside
        self.inside: dict[str, Callable[[Segment], None]] = {
            **dict.fromkeys(_PASSED, self._passed),
            "SE": self._se,
            "BPR": self._bpr,
            "TRN": self._trn,
            "N1": self._n1,
            "REF": self._ref,
            "DTM": self._dtm,
            "LX": self._lx,
            "CLP": self._clp,
            "CAS": self._cas,
            "NM1": self._nm1,
            "MOA": self._moa,
            "MIA": self._mia,
            "AMT": self._amt,
            "SVC": self._svc,
            "LQ": self._lq,
            "PLB": self._plb,
        }

    def run(
        self, batches: Iterator[Iterator[Segment]], owned: IO[bytes] | None
    ) -> Iterator[Remittance | Finding]:
        out, other = self.out, self._other
        segment: Segment | None = None
        paused = _pause_collector()
        try:
            for batch in batches:
                for segment in batch:
                    # Inside a transaction the 835's segments have their handler, and any
                    # other goes to _other; outside one every segment goes to _other.
                    self.handlers.get(segment.elements[0], other)(segment)
                    if out:
                        paused = _resume_collector(paused)
                        yield from out
                        out.clear()
                        paused = _pause_collector()
            if self.draft is not None and segment is not None:
                self.report(_envelope("SE is missing at the end of the input", segment, "SE"))
                self._finish()
            paused = _resume_collector(paused)
            yield from out
            out.clear()
        finally:
            _resume_collector(paused)
            if owned is not None:
                owned.close()

    def _other(self, segment: Segment) -> None:
        sid = segment.elements[0]
        if self.draft is None and self.skipping and sid not in _CONTROL:
            return
        self._control(sid, segment)

    def _passed(self, _: Segment) -> None:
        pass

    # -- envelopes -----------------------------------------------------------------------------
    def _control(self, sid: str, segment: Segment) -> None:
        if sid == "ST":
            self._st(segment)
        elif sid == "SE":
            self.skipping = False
        elif sid == "GS":
            self.gs = segment
        elif sid in {"ISA", "GE", "IEA"}:
            if self.draft is not None:
                self.report(_envelope("SE is missing before this segment", segment, "SE"))
                self._finish()
            if sid != "GE":
                self.gs = None
        elif self.draft is None:
            self.report(_envelope("segment outside a transaction set (ST ... SE)", segment))
        else:
            self.report(
                Finding(
                    rule=_SEGMENT,
                    severity=Severity.ERROR,
                    message="segment unknown to the 835",
                    path=segment.path,
                    value=sid[:3],
                )
            )

    def _st(self, segment: Segment) -> None:
        if self.draft is not None:
            self.report(_envelope("SE is missing before this segment", segment, "SE"))
            self._finish()
        version = segment.get(3) or (self.gs.get(8) if self.gs is not None else "")
        if segment.get(1) != "835" or version != VERSION:
            self.skipping = True
            if not self.refused:
                self.refused = True
                self.report(
                    Finding(
                        rule=NOT_835,
                        severity=Severity.ERROR,
                        message=f"the file is not an 835 of version {VERSION}; it is not read",
                        path=segment.path,
                        value=f"{segment.get(1)[:6]} {version[:14]}".strip(),
                    )
                )
            return
        self.st = segment
        self.draft = RemittanceDraft(transaction_control=segment.get(2))
        self.handlers = self.inside
        self.party = ""

    def _se(self, segment: Segment) -> None:
        st = self.st
        assert st is not None
        if segment.get(2) != st.get(2):
            self.report(problem(segment, 2, "SE02 differs from ST02", segment.get(2)[:12]))
        count = str(segment.position - st.position + 1)
        if segment.get(1) != count:
            self.report(_envelope("SE01 is not the number of segments", segment, segment.get(1)))
        self._finish()

    def _finish(self) -> None:
        draft = self.draft
        assert draft is not None
        self._close_claim()
        if not draft.segment:
            where = self.st if self.st is not None else Segment(0, 0, ("ST",))
            self.report(_misplaced(where, "without its BPR payment segment"))
        remittance = draft.freeze()
        self.out.append(remittance)
        self.out.extend(check_claims_among(remittance, draft.unbalanced))
        self.draft = self.st = None
        self.handlers = self.outside

    # -- the header: payment, trace, payer and payee ------------------------------------------
    def _bpr(self, segment: Segment) -> None:
        assert self.draft is not None
        if self.draft.segment or self.draft.claims:
            self.report(_misplaced(segment, "twice or after the claims"))
            return
        self.draft.read_payment(segment, self.report)

    def _trn(self, segment: Segment) -> None:
        assert self.draft is not None
        if self.claim is not None:
            self.report(_misplaced(segment, "inside a claim"))
            return
        self.draft.read_trace(segment, self.report)

    def _n1(self, segment: Segment) -> None:
        draft = self.draft
        assert draft is not None
        if self.claim is not None:
            self.report(_misplaced(segment, "inside a claim"))
            return
        self.party = segment.get(1)
        if self.party == "PR":
            draft.payer_name = text(segment, 2, self.report, max_length=60)
            draft.payer_id = segment.get(4) or draft.payer_id
        elif self.party == "PE":
            draft.payee_id = segment.get(4)

    def _ref(self, segment: Segment) -> None:
        elements = segment.elements
        qualifier = elements[1] if len(elements) > 1 else ""
        if self.line is not None:
            if qualifier == "6R" and len(elements) > 2:
                self.line.line_control = elements[2]
        elif self.claim is None and self.party == "PR" and qualifier == "2U":
            assert self.draft is not None
            self.draft.payer_id = self.draft.payer_id or segment.get(2)

    def _dtm(self, segment: Segment) -> None:
        elements = segment.elements
        if len(elements) < 3:
            return  # nothing to read: the date is missing
        qualifier, raw = elements[1], elements[2]
        line = self.line
        if line is not None:
            if qualifier in _LINE_DATES:
                line.service_date = _DAYS.get(raw) or self._day(segment, raw)
        elif qualifier == "232" and self.claim is not None:
            self.claim.service_date = _DAYS.get(raw) or self._day(segment, raw)

    def _day(self, segment: Segment, raw: str) -> date | None:
        found = day(raw)
        if found is None:
            self.report(problem(segment, 2, "DTM02 is not a CCYYMMDD date", raw))
        return found

    def _lx(self, _: Segment) -> None:
        self._close_claim()

    # -- claims and lines ------------------------------------------------------------------------
    def _clp(self, segment: Segment) -> None:
        self._close_claim()
        self.claim = ClaimDraft(segment, self.report)

    def _close_claim(self) -> None:
        self._close_line()
        if self.claim is not None:
            assert self.draft is not None
            self.draft.add_claim(self.claim)
            self.claim = None

    def _close_line(self) -> None:
        if self.line is not None:
            assert self.claim is not None
            self.claim.add_line(self.line)
            self.line = None

    def _cas(self, segment: Segment) -> None:
        into: LineDraft | ClaimDraft | None = self.line or self.claim
        if into is None:
            self.report(_misplaced(segment, "outside a claim"))
            return
        elements = segment.elements
        # The common CAS (one adjustment, no quantity) seen before: no call at all.
        found = _ADJUSTMENTS.get(elements) if len(elements) == 4 else None
        if found is not None:
            into.adjustments.append(found)
            into.adjusted += found.cents
        else:
            into.adjusted += read_cas(segment, self.report, into.adjustments)

    def _nm1(self, segment: Segment) -> None:
        elements = segment.elements
        qualifier = elements[1] if len(elements) > 1 else ""
        if self.claim is None:
            if self.draft is not None and qualifier not in {"PR", "PE"}:
                self.report(_misplaced(segment, "outside a claim"))
            return
        if qualifier == "TT":
            self.claim.crossover_payer = segment.get(9)

    def _moa(self, segment: Segment) -> None:
        if self.claim is None:
            self.report(_misplaced(segment, "outside a claim"))
            return
        self.claim.remarks.extend(code for code in segment.elements[3:8] if code)

    def _mia(self, segment: Segment) -> None:
        if self.claim is None:
            self.report(_misplaced(segment, "outside a claim"))
            return
        elements = segment.elements
        self.claim.remarks.extend(
            elements[i] for i in (5, 20, 21, 22, 23) if i < len(elements) and elements[i]
        )

    def _amt(self, segment: Segment) -> None:
        line = self.line
        elements = segment.elements
        if line is not None and len(elements) > 1 and elements[1] == "B6":
            raw = elements[2] if len(elements) > 2 else ""
            line.allowed = _AMOUNTS.get(raw) or read_amount(segment, 2, self.report)

    def _svc(self, segment: Segment) -> None:
        if self.claim is None:
            self.report(_misplaced(segment, "outside a claim"))
            return
        self._close_line()
        self.line = LineDraft(segment, self.component, self.report)

    def _lq(self, segment: Segment) -> None:
        if self.line is None:
            self.report(_misplaced(segment, "outside a service line"))
            return
        elements = segment.elements
        if len(elements) > 2 and elements[1] == "HE" and elements[2]:
            self.line.remarks.append(elements[2])

    def _plb(self, segment: Segment) -> None:
        self._close_claim()
        assert self.draft is not None
        self.draft.provider_adjustments.extend(
            read_provider_adjustments(segment, self.component, self.report)
        )
